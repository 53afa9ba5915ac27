//! What a server function needs from the HTTP request it serves: the session, the client, how to answer.
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use tower_sessions::Session;

use crate::error::AppError;

const FLASH_KEY: &str = "flash";

/// The server functions that take multipart uploads (`input = MultipartFormData`). Calls to them in
/// any other encoding are refused before the codec sees them; every other server function takes
/// form-encoded arguments. The malformed-request test fails for an upload missing here.
pub const UPLOAD_ENDPOINTS: &[&str] = &["upload_people_csv", "upload_scenarios"];

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// A plain HTML form post (no JavaScript): the answer is a redirect, not data.
pub fn is_form_post() -> bool {
    parts()
        .and_then(|p| {
            p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_address(trust_proxy: bool) -> String {
    match parts() {
        Some(p) => address_of(&p.headers, &p.extensions, trust_proxy),
        None => "unknown".into(),
    }
}

/// `client_address` for a request outside a server function.
pub fn address_of(
    headers: &http::HeaderMap,
    extensions: &http::Extensions,
    trust_proxy: bool,
) -> String {
    if trust_proxy
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|f| !f.is_empty())
    {
        return first.chars().take(64).collect();
    }
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Gives a failed server-function call its HTTP status. Form posts keep the redirect
/// the framework sets (the error travels in the URL), so they are left alone.
pub fn set_error_status(err: &AppError) {
    if is_form_post() {
        return;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        if let Ok(code) = StatusCode::from_u16(err.status()) {
            res.set_status(code);
        }
        if let Some(secs) = err.retry_after() {
            res.insert_header(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
}

/// Sets the status of a page being rendered (403 page, 404 page, 503 page).
pub fn set_page_status(code: u16) {
    if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), StatusCode::from_u16(code)) {
        res.set_status(code);
        if code == StatusCode::SERVICE_UNAVAILABLE {
            res.insert_header(
                header::RETRY_AFTER,
                HeaderValue::from(crate::error::UNAVAILABLE_RETRY_SECS),
            );
        }
    }
}

/// Whether the browser said it runs the bundle (a cookie the bundle sets when it starts).
pub fn runs_script() -> bool {
    let want = format!("{}=1", crate::request_cookie::SCRIPT);
    parts().is_some_and(|p| {
        p.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(';').any(|c| c.trim() == want))
    })
}

/// Asks the browser to load the page being rendered again after `secs` seconds (a `Refresh`
/// header): how a page follows work going on elsewhere without JavaScript.
pub fn refresh_after(secs: u32) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(
            header::HeaderName::from_static("refresh"),
            HeaderValue::from(secs),
        );
    }
}

/// Ends a server function: sets the status of an error and passes the result on.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_error_status(e);
    }
    result
}

/// Keeps a success message for the next page when the post came without JavaScript
/// (with JavaScript the page shows the returned message itself).
pub async fn flash(message: &str) -> Result<(), AppError> {
    if is_form_post() {
        session().await?.insert(FLASH_KEY, message).await?;
    }
    Ok(())
}

/// Keeps a message for the page a redirect leads to, with or without JavaScript
/// (with JavaScript the navigation re-reads the session, which shows it).
pub async fn flash_for_redirect(message: &str) -> Result<(), AppError> {
    session().await?.insert(FLASH_KEY, message).await?;
    Ok(())
}

pub async fn take_flash() -> Result<Option<String>, AppError> {
    Ok(session().await?.remove::<String>(FLASH_KEY).await?)
}

/// Sends a form post (without JavaScript) to `path`; with JavaScript the client navigates there.
pub fn redirect(path: &str) {
    if HeaderValue::from_str(path).is_ok() {
        leptos_axum::redirect(path);
    }
}

/// The files a multipart form sent under `field` as (file name, bytes), each at most `max_bytes`.
/// The empty part a browser sends when no file was chosen is skipped.
pub async fn uploaded_files(
    data: leptos::server_fn::codec::MultipartData,
    field: &str,
    max_bytes: usize,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let mut form = data
        .into_inner()
        .ok_or_else(|| AppError::invalid("No file was received."))?;
    let mut files = Vec::new();
    while let Some(mut part) = form
        .next_field()
        .await
        .map_err(|_| AppError::invalid("The upload was malformed; choose the file again."))?
    {
        if part.name() != Some(field) {
            continue;
        }
        let name = part.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = part
            .chunk()
            .await
            .map_err(|_| AppError::invalid("The upload was interrupted; try again."))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(AppError::invalid(format!(
                    "{} is larger than {} KiB; split it into smaller files. Nothing was imported.",
                    if name.is_empty() { "The file" } else { &name },
                    max_bytes / 1024
                )));
            }
        }
        if name.is_empty() && bytes.is_empty() {
            continue;
        }
        files.push((name, bytes));
    }
    Ok(files)
}

/// Reports a change: flash for form posts, the message for scripts.
pub async fn changed(result: Result<String, AppError>) -> Result<String, AppError> {
    let msg = result?;
    flash(&msg).await?;
    Ok(msg)
}

/// A two-way choice from a form: `yes` is true, `no` false, anything else `problem`.
pub fn choice(text: &str, yes: &str, no: &str, problem: &str) -> Result<bool, AppError> {
    match text.trim() {
        t if t == yes => Ok(true),
        t if t == no => Ok(false),
        _ => Err(AppError::Invalid(problem.into())),
    }
}
