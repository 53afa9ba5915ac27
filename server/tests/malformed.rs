//! Every registered server function called the wrong way (wrong content type, empty body,
//! truncated multipart, arguments of the wrong types), anonymous and signed in: each answer is a
//! 4xx carrying a clear message, never a 5xx or a dropped connection, and nothing panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::error::AppError;
use axum::body::Body;
use common::*;

/// Server functions without arguments: for them an empty or garbled form is a valid call.
/// The test fails if this list and the functions that accept an empty form differ.
const TAKES_NO_ARGUMENTS: &[&str] = &[
    "analytics_options",
    "api_tokens",
    "awards_admin",
    "assign_choices",
    "award_programmes",
    "certificate_attention",
    "customer_report",
    "feedback_links",
    "feedback_uploads",
    "followups",
    "group_training",
    "hall_of_fame",
    "home",
    "list_drafts",
    "logout",
    "my_training",
    "org_settings",
    "org_tree",
    "person_form_choices",
    "point_settings",
    "recognition",
    "recognition_values",
    "rewards",
    "rewards_admin",
    "session",
    "survey_items",
    "surveys",
    "team_training",
    "training_catalog",
];

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default(info);
    }));
}

struct Malformed {
    what: &'static str,
    content_type: Option<&'static str>,
    body: &'static str,
    /// A correct call to a function without arguments; for the others, malformed.
    valid_without_arguments: bool,
}

const CASES: &[Malformed] = &[
    Malformed {
        what: "wrong content type",
        content_type: Some("text/plain"),
        body: "hello",
        valid_without_arguments: false,
    },
    Malformed {
        what: "no content type",
        content_type: None,
        body: "",
        valid_without_arguments: false,
    },
    Malformed {
        what: "JSON instead of a form",
        content_type: Some("application/json"),
        body: "{\"pid\": 1}",
        valid_without_arguments: false,
    },
    Malformed {
        what: "empty form",
        content_type: Some("application/x-www-form-urlencoded"),
        body: "",
        valid_without_arguments: true,
    },
    Malformed {
        what: "arguments of the wrong types",
        content_type: Some("application/x-www-form-urlencoded"),
        body: "id=not-a-number&active=maybe&threshold=%FF&pid[x][y]=1&seq=-&revision=1e999&filter=7&query=%ZZ&&=",
        valid_without_arguments: true,
    },
    Malformed {
        what: "multipart without a boundary",
        content_type: Some("multipart/form-data"),
        body: "--X\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx",
        valid_without_arguments: false,
    },
    Malformed {
        what: "truncated multipart",
        content_type: Some("multipart/form-data; boundary=XBOUNDARYX"),
        body: "--XBOUNDARYX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nemail,na",
        valid_without_arguments: false,
    },
];

async fn send(app: &TestApp, endpoint: &str, case: &Malformed, cookie: Option<&str>) -> Response {
    let mut req = http::Request::post(endpoint).header("accept", "application/json");
    if let Some(ct) = case.content_type {
        req = req.header("content-type", ct);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", format!("rapport_session={c}"));
    }
    app.request(req.body(Body::from(case.body)).expect("request"))
        .await
}

async fn every_function_refuses_malformed_calls(app: TestApp) {
    count_panics();
    let endpoints: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    assert!(
        endpoints.len() > 50,
        "only {} server functions found",
        endpoints.len()
    );
    for upload in app::request::UPLOAD_ENDPOINTS {
        assert!(
            endpoints.contains(&format!("/api/{upload}")),
            "{upload} is not registered"
        );
    }
    let mut failures = Vec::new();
    let mut accepted_empty = BTreeSet::new();
    let mut calls = 0;
    for endpoint in &endpoints {
        let name = endpoint.trim_start_matches("/api/");
        for signed_in in [false, true] {
            for case in CASES {
                // A fresh session per call: `logout` ends the one it is given.
                let cookie = if signed_in {
                    Some(app.login(ADMIN).await)
                } else {
                    None
                };
                let res = send(&app, endpoint, case, cookie.as_deref()).await;
                calls += 1;
                let who = if signed_in { "admin" } else { "anonymous" };
                let status = res.status.as_u16();
                if (200..300).contains(&status) {
                    if case.valid_without_arguments {
                        accepted_empty.insert(name.to_owned());
                        if !signed_in && !matches!(name, "session" | "logout") {
                            failures.push(format!(
                                "{name} ({who}, {}): {status} without signing in",
                                case.what
                            ));
                        }
                    } else {
                        failures.push(format!(
                            "{name} ({who}, {}): {status} {}",
                            case.what, res.body
                        ));
                    }
                    continue;
                }
                let message = serde_json::from_str::<AppError>(&res.body)
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                if !(400..500).contains(&status) || message.trim().is_empty() {
                    failures.push(format!(
                        "{name} ({who}, {}): {status} {:?}",
                        case.what, res.body
                    ));
                }
            }
        }
    }
    let expected: BTreeSet<String> = TAKES_NO_ARGUMENTS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        accepted_empty, expected,
        "the functions that accept an empty form are not the ones listed in TAKES_NO_ARGUMENTS"
    );
    assert!(
        failures.is_empty(),
        "{} of {calls} malformed calls were not refused cleanly:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "the server panicked");
    println!(
        "{calls} malformed calls to {} server functions, all refused with a 4xx and a message",
        endpoints.len()
    );
    app.cleanup().await;
}
both_backends!(
    every_server_function_refuses_malformed_calls,
    every_function_refuses_malformed_calls
);
