//! Importing customer feedback in the browser, on SQLite and PostgreSQL: a streaming upload
//! kept in pieces, the mapping guessed from the column names with the dates previewed, a check
//! that keeps nothing and lists problems and unmatched values, mapping those values, all or
//! nothing against skip bad rows, the mapping saved for the source and reused for the next file,
//! which adds nothing; and every refusal, which changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{feedback_import, feedback_import_chunk, feedback_mapping, feedback_response};
use app::feedback::imports_api::UPLOAD_PATH;
use axum::body::Body;
use common::*;
use http::{Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const ORIGIN: &str = "Guest survey export";

/// A form's fields, as posted.
type Fields = Vec<(String, String)>;

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: &[u8]) -> Response {
    let boundary = "XyZ-b0undary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let req = Request::post(UPLOAD_PATH)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(
            "cookie",
            format!("{}={cookie}", server::startup::SESSION_COOKIE),
        )
        .header("accept", "text/html");
    app.request(req.body(Body::from(body)).unwrap()).await
}

/// The pid an upload went to (its redirect).
fn pid_of(r: &Response) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers["location"].to_str().unwrap();
    to.strip_prefix("/customers/import/")
        .unwrap_or_else(|| panic!("went to {to}"))
        .to_owned()
}

async fn view(app: &TestApp, cookie: &str, pid: &str, saved: &str) -> Value {
    let r = app
        .call(
            "feedback_upload",
            &[("upload", pid), ("saved", saved)],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Waits for a run to end; returns the page.
async fn settled(app: &TestApp, cookie: &str, pid: &str) -> Value {
    for _ in 0..600 {
        let p = app
            .call("feedback_upload_progress", &[("upload", pid)], Some(cookie))
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let s = p.json()["status"].as_str().unwrap().to_owned();
        if s != "checking" && s != "applying" {
            return view(app, cookie, pid, "").await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the run did not end");
}

/// The form as the page shows it, as fields to post back.
fn form_fields(v: &Value) -> Vec<(String, String)> {
    v["form"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, x)| (format!("form[{k}]"), x.as_str().unwrap().to_owned()))
        .collect()
}

async fn run(
    app: &TestApp,
    cookie: &str,
    pid: &str,
    what: &str,
    mode: &str,
    fields: &[(String, String)],
) -> Response {
    let mut form: Vec<(&str, &str)> = vec![("upload", pid), ("run", what), ("mode", mode)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call("run_feedback_import", &form, Some(cookie)).await
}

async fn imported(app: &TestApp) -> u64 {
    feedback_response::Entity::find()
        .filter(feedback_response::Column::Origin.eq(ORIGIN))
        .count(&app.db)
        .await
        .unwrap()
}

/// A file whose columns are named the way a survey tool names them; its site is "Harbour View"
/// (not Rapport's name), its channels "Desk" and "Phone", and line 4 rates CSAT 9 out of 5.
fn export(site_in_file: &str, extra_rows: usize) -> String {
    let mut text = String::from(
        "Response ID,Submitted,Hotel,Agent,Touchpoint,Overall satisfaction,Likely to recommend,Verbatim\r\n",
    );
    text.push_str(&format!(
        "a1,28/11/2026 09:15,{site_in_file},{STAFF},Desk,5,10,\"Lovely stay,\r\nthank you\"\r\n"
    ));
    text.push_str(&format!("a2,29/11/2026,{site_in_file},,Phone,2,3,Slow\r\n"));
    text.push_str(&format!("a3,30/11/2026 18:00,{site_in_file},,Desk,9,,\r\n"));
    for i in 0..extra_rows {
        text.push_str(&format!(
            "b{i},{:02}/11/2026 12:{:02},{site_in_file},,Phone,{},{},Row {i} of a long export with some words in it\r\n",
            1 + i % 28,
            i % 60,
            1 + i % 5,
            i % 11
        ));
    }
    text
}

both_backends!(
    a_file_is_mapped_checked_fixed_and_imported_once,
    |app: TestApp| async move {
        let hr = app.login(HR).await;
        let site = first_site(&app).await;
        let file = export("Harbour View", 0);
        let pid = pid_of(&upload(&app, &hr, "guests-nov.csv", file.as_bytes()).await);

        // The form is guessed from the column names and the dates read as day-month-year.
        let v = view(&app, &hr, &pid, "").await;
        assert_eq!(v["status"], "uploaded");
        assert_eq!(v["file_name"], "guests-nov.csv");
        let f = &v["form"];
        assert_eq!(
            (
                f["date"].as_str().unwrap(),
                f["site"].as_str().unwrap(),
                f["person"].as_str().unwrap(),
                f["channel"].as_str().unwrap(),
                f["csat"].as_str().unwrap(),
                f["nps"].as_str().unwrap(),
                f["comment"].as_str().unwrap(),
                f["external_id"].as_str().unwrap(),
                f["origin"].as_str().unwrap(),
            ),
            (
                "Submitted",
                "Hotel",
                "Agent",
                "Touchpoint",
                "Overall satisfaction",
                "Likely to recommend",
                "Verbatim",
                "Response ID",
                "guests-nov"
            ),
            "{v:#}"
        );
        assert_eq!(v["detected"]["Ok"], "DD-MM-YYYY", "{v:#}");
        assert_eq!(v["dates"][0]["raw"], "28/11/2026 09:15");
        assert_eq!(v["dates"][0]["read"]["Ok"], "28 Nov 2026, 09:15");
        assert_eq!(v["sample"].as_array().unwrap().len(), 3);
        assert_eq!(v["sample"][0][7], "Lovely stay,\r\nthank you");

        let mut fields = form_fields(&v);
        for (k, x) in &mut fields {
            if k == "form[origin]" {
                *x = ORIGIN.into();
            }
        }
        // A check keeps nothing and names what matches nothing.
        let r = run(&app, &hr, &pid, "check", "", &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = settled(&app, &hr, &pid).await;
        assert_eq!(v["status"], "checked", "{v:#}");
        let rep = &v["report"];
        assert_eq!(
            (rep["rows"].as_u64(), rep["bad"].as_u64()),
            (Some(3), Some(3)),
            "{rep:#}"
        );
        let unmatched: Vec<(String, String)> = rep["unmatched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["kind"].as_str().unwrap().to_owned(),
                    u["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(
            unmatched.contains(&("Site".into(), "Harbour View".into())),
            "{unmatched:?}"
        );
        assert_eq!(imported(&app).await, 0);

        // All or nothing with problems keeps nothing.
        let r = run(&app, &hr, &pid, "import", "all", &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = settled(&app, &hr, &pid).await;
        assert_eq!(v["status"], "failed", "{v:#}");
        assert!(
            v["problem"]
                .as_str()
                .unwrap()
                .contains("Nothing was imported"),
            "{v:#}"
        );
        assert_eq!(imported(&app).await, 0);

        // Mapping the site and the desk channel leaves only the CSAT of 9.
        let mut fixed = fields.clone();
        for (i, (kind, value, to)) in [
            ("site", "Harbour View", site.name.as_str()),
            ("channel", "Desk", "front_desk"),
        ]
        .into_iter()
        .enumerate()
        {
            fixed.push((format!("fix_kind[{i}]"), kind.into()));
            fixed.push((format!("fix_value[{i}]"), value.into()));
            fixed.push((format!("fix_to[{i}]"), to.into()));
        }
        let r = run(&app, &hr, &pid, "check", "", &fixed).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = settled(&app, &hr, &pid).await;
        let rep = &v["report"];
        assert_eq!(
            (rep["added"].as_u64(), rep["bad"].as_u64()),
            (Some(2), Some(1)),
            "{rep:#}"
        );
        assert_eq!(rep["problems"][0]["line"], 5, "{rep:#}");
        assert_eq!(v["mapped"].as_array().unwrap().len(), 2, "{v:#}");

        // Skipping bad rows keeps the good ones; the file's pieces go; a second run is refused.
        let r = run(&app, &hr, &pid, "import", "skip", &fixed).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = settled(&app, &hr, &pid).await;
        assert_eq!(v["status"], "applied", "{v:#}");
        assert_eq!(v["report"]["added"], 2);
        assert_eq!(imported(&app).await, 2);
        let row = feedback_import::Entity::find()
            .filter(feedback_import::Column::Pid.eq(pid.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let chunks = feedback_import_chunk::Entity::find()
            .filter(feedback_import_chunk::Column::ImportId.eq(row.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(chunks, 0);
        let again = run(&app, &hr, &pid, "import", "skip", &fixed).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

        // The mapping is saved under its source; the same file again is filled in from it,
        // value mappings and all, and adds nothing.
        let saved = feedback_mapping::Entity::find()
            .filter(feedback_mapping::Column::Origin.eq(ORIGIN))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(saved, 1);
        let pid2 = pid_of(&upload(&app, &hr, "guests-nov (1).csv", file.as_bytes()).await);
        let v = view(&app, &hr, &pid2, "").await;
        assert!(v["form_source"].as_str().unwrap().contains(ORIGIN), "{v:#}");
        assert_eq!(v["form"]["origin"], ORIGIN);
        let mapped = v["mapped"].as_array().unwrap();
        let mut refill = form_fields(&v);
        for (i, m) in mapped.iter().enumerate() {
            refill.push((
                format!("fix_kind[{i}]"),
                m["kind"].as_str().unwrap().to_lowercase(),
            ));
            refill.push((
                format!("fix_value[{i}]"),
                m["value"].as_str().unwrap().into(),
            ));
            refill.push((format!("fix_to[{i}]"), m["means"].as_str().unwrap().into()));
        }
        // Without JavaScript the form post comes back to the file's page.
        let mut form: Vec<(&str, &str)> =
            vec![("upload", &pid2), ("run", "import"), ("mode", "skip")];
        form.extend(refill.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = Request::post("/api/run_feedback_import")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header(
                "cookie",
                format!("{}={hr}", server::startup::SESSION_COOKIE),
            );
        let r = app.request(req.body(Body::from(body)).unwrap()).await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
        assert_eq!(r.headers["location"], format!("/customers/import/{pid2}"));
        let v = settled(&app, &hr, &pid2).await;
        assert_eq!(v["status"], "applied", "{v:#}");
        assert_eq!(
            (
                v["report"]["added"].as_u64(),
                v["report"]["already"].as_u64()
            ),
            (Some(0), Some(2))
        );
        assert_eq!(imported(&app).await, 2);

        // The list shows both files with what became of them.
        let list = app.call("feedback_uploads", &[], Some(&hr)).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let l = list.json();
        assert_eq!(l["uploads"][0]["status"], "applied");
        assert_eq!(
            l["uploads"][0]["summary"],
            "0 added, 2 already there, 1 with problems"
        );
        assert_eq!(l["saved"][0]["origin"], ORIGIN);
        assert!(
            l["saved"][0]["toml"]
                .as_str()
                .unwrap()
                .contains("Touchpoint")
        );
        app.cleanup().await;
    }
);

both_backends!(
    a_long_file_streams_through_pieces,
    |app: TestApp| async move {
        let hr = app.login(HR).await;
        let site = first_site(&app).await;
        // About 1.5 MB: more than one stored piece, and the check reads across them.
        let file = export(&site.name, 16_000);
        assert!(file.len() > 1 << 20);
        let pid = pid_of(&upload(&app, &hr, "big.csv", file.as_bytes()).await);
        let v = view(&app, &hr, &pid, "").await;
        let row = feedback_import::Entity::find()
            .filter(feedback_import::Column::Pid.eq(pid.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.bytes as usize, file.len());
        let chunks = feedback_import_chunk::Entity::find()
            .filter(feedback_import_chunk::Column::ImportId.eq(row.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(chunks, 2);
        let mut fields = form_fields(&v);
        for (k, x) in &mut fields {
            if k == "form[origin]" {
                *x = ORIGIN.into();
            }
        }
        fields.push(("fix_kind[0]".into(), "channel".into()));
        fields.push(("fix_value[0]".into(), "Desk".into()));
        fields.push(("fix_to[0]".into(), "front_desk".into()));
        let r = run(&app, &hr, &pid, "import", "skip", &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = settled(&app, &hr, &pid).await;
        assert_eq!(v["status"], "applied", "{v:#}");
        assert_eq!(
            (
                v["report"]["rows"].as_u64(),
                v["report"]["added"].as_u64(),
                v["report"]["bad"].as_u64()
            ),
            (Some(16_003), Some(16_002), Some(1))
        );
        assert_eq!(imported(&app).await, 16_002);
        app.cleanup().await;
    }
);

both_backends!(refusals_change_nothing, |app: TestApp| async move {
    let hr = app.login(HR).await;
    let staff = app.login(STAFF).await;
    let manager = app.login(MANAGER).await;
    let file = export("Harbour View", 0);

    // Staff and managers may not upload or see imports.
    for who in [&staff, &manager] {
        let r = upload(&app, who, "x.csv", file.as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = app.call("feedback_uploads", &[], Some(who)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let uploads = || async {
        feedback_import::Entity::find()
            .count(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(uploads().await, 0);

    // An empty file, a file that is not UTF-8 and one with no header come back to the import
    // page with the reason, once, and keep nothing.
    for (bytes, says) in [
        (&b""[..], "The file is empty"),
        (&b"Date,Site\n\xff\xfe\x00bad\n"[..], "not UTF-8"),
        (&b"\n\n"[..], "header line"),
    ] {
        let r = upload(&app, &hr, "bad.csv", bytes).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.headers["location"], "/customers/import");
        let l = app.call("feedback_uploads", &[], Some(&hr)).await.json();
        assert!(
            l["problem"].as_str().unwrap_or_default().contains(says),
            "{says}: {l:#}"
        );
        let l = app.call("feedback_uploads", &[], Some(&hr)).await.json();
        assert!(l["problem"].is_null(), "shown once");
        assert_eq!(uploads().await, 0);
        assert_eq!(
            feedback_import_chunk::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            0
        );
    }

    // A mapping the file does not fit is refused at once, naming what to change, and the
    // file stays as it was.
    let pid = pid_of(&upload(&app, &hr, "guests.csv", file.as_bytes()).await);
    let v = view(&app, &hr, &pid, "").await;
    let fields = form_fields(&v);
    let with = |key: &str, value: &str| -> Vec<(String, String)> {
        let mut f = fields.clone();
        for (k, x) in &mut f {
            if k == key {
                *x = value.into();
            }
        }
        f
    };
    let cases: Vec<(Fields, &str, &str, &str)> = vec![
        (
            with("form[date]", "Nope"),
            "check",
            "",
            "no column \"Nope\"",
        ),
        (
            with("form[site]", ""),
            "check",
            "",
            "Choose the column with the site",
        ),
        (
            with("form[date_format]", "yyyy"),
            "check",
            "",
            "not a date format",
        ),
        (
            with("form[date_format]", "mdy"),
            "check",
            "",
            "None of the first dates reads as MM/DD/YYYY",
        ),
        (
            with("form[csat_scale]", "1-3"),
            "check",
            "",
            "not a CSAT scale",
        ),
        (with("form[origin]", " "), "check", "", "Name the source"),
        (fields.clone(), "explode", "", "check the file or to import"),
        (fields.clone(), "import", "some", "Choose how to import"),
        (
            {
                let mut f = fields.clone();
                f.push(("fix_kind[0]".into(), "site".into()));
                f.push(("fix_value[0]".into(), "Harbour View".into()));
                f.push(("fix_to[0]".into(), "Atlantis".into()));
                f
            },
            "check",
            "",
            "no site called \"Atlantis\"",
        ),
    ];
    for (f, what, mode, says) in cases {
        let r = run(&app, &hr, &pid, what, mode, &f).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{says}: {}",
            r.body
        );
        let message = r.json()["Invalid"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(says), "{says}: {}", r.body);
        let v = view(&app, &hr, &pid, "").await;
        assert_eq!(v["status"], "uploaded", "{says}");
    }
    assert_eq!(
        feedback_mapping::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // Unknown files and saved mappings are 404.
    let r = app
        .call("feedback_upload", &[("upload", "no-such-file")], Some(&hr))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(
            "feedback_upload",
            &[("upload", &pid), ("saved", "x")],
            Some(&hr),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = run(&app, &hr, "no-such-file", "check", "", &fields).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Signed out, the upload goes to the login page.
    let req = Request::post(UPLOAD_PATH)
        .header("content-type", "multipart/form-data; boundary=b")
        .body(Body::from("--b--\r\n"))
        .unwrap();
    let r = app.request(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/login");
    assert_eq!(uploads().await, 1);
    assert_eq!(imported(&app).await, 0);
    // Other requests keep their 2 MiB limit.
    let req = Request::post("/api/logout")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", (3 << 20).to_string())
        .body(Body::from(vec![b'a'; 3 << 20]))
        .unwrap();
    assert_eq!(app.request(req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    app.cleanup().await;
});
