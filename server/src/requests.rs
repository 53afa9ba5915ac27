//! Requests the handlers must never see as they came: server-function calls in an encoding they
//! cannot decode are refused with a 4xx, and a panic anywhere in a request becomes a logged 500.
use std::panic::AssertUnwindSafe;

use app::error::AppError;
use app::request::UPLOAD_ENDPOINTS;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;

/// What is wrong with a server-function call's encoding, if anything.
fn encoding_problem(endpoint: &str, content_type: Option<&str>) -> Option<(StatusCode, String)> {
    let content_type = content_type.unwrap_or("").trim();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if UPLOAD_ENDPOINTS.contains(&endpoint) {
        if essence != "multipart/form-data" {
            return Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                "This form uploads files: send it as multipart/form-data.".into(),
            ));
        }
        let has_boundary = content_type.split(';').skip(1).any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("boundary") && !v.trim().trim_matches('"').is_empty()
            })
        });
        if !has_boundary {
            return Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                "The upload has no multipart boundary; choose the file again and resend the form."
                    .into(),
            ));
        }
        return None;
    }
    if essence != "application/x-www-form-urlencoded" {
        return Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send this form as application/x-www-form-urlencoded.".into(),
        ));
    }
    None
}

/// The error as a server function answers it: the `AppError` as JSON, with the given status.
fn api_error(status: StatusCode, err: &AppError) -> Response {
    let body = serde_json::to_string(err).unwrap_or_else(|_| "\"Internal\"".into());
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}

/// A NUL character in a form or an uploaded file: no text field holds one, PostgreSQL cannot store
/// one, and a file full of them is UTF-16 rather than the UTF-8 text Rapport reads.
fn nul_problem(multipart: bool, body: &[u8]) -> Option<String> {
    let form_nul = || body.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
    if body.contains(&0) || (!multipart && form_nul()) {
        Some(if multipart {
            "The file contains NUL bytes, so it is not UTF-8 text: save it as UTF-8 (CSV UTF-8 or plain text) and upload it again. Nothing was imported.".into()
        } else {
            "The form contains a NUL character, which no field accepts: remove it and send the form again. Nothing was changed.".into()
        })
    } else {
        None
    }
}

/// Refuses server-function calls their codec cannot read (a non-multipart body sent to an upload
/// made the multipart codec panic before authentication) and input no field can hold.
pub async fn well_formed_calls(req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(endpoint) = req.uri().path().strip_prefix("/api/").map(str::to_owned) else {
        return next.run(req).await;
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Some((status, message)) = encoding_problem(&endpoint, content_type) {
        tracing::info!(endpoint, %status, "malformed server-function call refused");
        return api_error(status, &AppError::Invalid(message));
    }
    // Forms and uploads are small (the body limit outside this layer bounds them): read them once.
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            return api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &AppError::invalid(
                    "The form or file is too large (at most 2 MiB) or was cut off. Nothing was changed.",
                ),
            );
        }
    };
    if let Some(message) = nul_problem(UPLOAD_ENDPOINTS.contains(&endpoint.as_str()), &bytes) {
        tracing::info!(endpoint, "server-function call with a NUL refused");
        return api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AppError::Invalid(message),
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

const PANIC_PAGE: &str = concat!(
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    "<title>Something went wrong · Rapport</title></head><body>",
    "<main class=\"container\"><section class=\"panel error-page\">",
    "<h1>Something went wrong</h1>",
    "<p>Something went wrong on our side. Nothing was changed; please try again.</p>",
    "<p>Reload the page; if it keeps happening, tell your administrator.</p>",
    "<p><a href=\"/\">Go to the home page</a></p></section></main></body></html>"
);

fn panic_text(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// A panic while serving a request is logged and answered with a 500 (JSON for server
/// functions, the error page for pages) instead of dropping the connection.
pub async fn contain_panics(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(panic) => {
            tracing::error!(path, panic = panic_text(&*panic), "a request panicked");
            if path.starts_with("/api/") {
                api_error(StatusCode::INTERNAL_SERVER_ERROR, &AppError::Internal)
            } else {
                let mut res = (StatusCode::INTERNAL_SERVER_ERROR, PANIC_PAGE).into_response();
                res.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                res
            }
        }
    }
}

/// The most a request body may hold: 2 MiB, except the feedback import's streaming upload.
/// A declared length over it is refused at once (413); a body that grows past it is cut off,
/// which its reader reports.
pub async fn limit_bodies(req: Request, next: Next) -> Response {
    let limit = if req.uri().path() == app::feedback::imports_api::UPLOAD_PATH {
        // Room for the multipart framing around the largest file.
        app::feedback::imports_service::MAX_UPLOAD as usize + 64 * 1024
    } else {
        2 * 1024 * 1024
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large. Nothing was changed.",
        )
            .into_response();
    }
    next.run(req.map(|b| Body::new(http_body_util::Limited::new(b, limit))))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_need_multipart_with_a_boundary_and_the_rest_form_encoding() {
        let upload = UPLOAD_ENDPOINTS[0];
        assert!(encoding_problem(upload, Some("multipart/form-data; boundary=x")).is_none());
        assert!(encoding_problem(upload, Some("Multipart/Form-Data; BOUNDARY=\"x\"")).is_none());
        for bad in [
            None,
            Some("text/plain"),
            Some("multipart/form-data"),
            Some("multipart/form-data; boundary="),
        ] {
            assert_eq!(
                encoding_problem(upload, bad).map(|p| p.0),
                Some(StatusCode::UNPROCESSABLE_ENTITY),
                "{bad:?}"
            );
        }
        assert!(encoding_problem("login", Some("application/x-www-form-urlencoded")).is_none());
        assert_eq!(
            encoding_problem("login", Some("application/json")).map(|p| p.0),
            Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        assert!(encoding_problem("login", None).is_some());
    }

    #[test]
    fn nul_characters_are_refused_in_forms_and_files() {
        assert!(nul_problem(false, b"name=a%00b").is_some());
        assert!(
            nul_problem(false, b"name=a%2500b").is_none(),
            "an escaped percent sign is text"
        );
        assert!(nul_problem(true, b"e\0m\0a\0i\0l\0").is_some());
        assert!(nul_problem(true, b"email,name\n").is_none());
        assert!(nul_problem(false, b"name=Ren%C3%A9e").is_none());
    }
}
