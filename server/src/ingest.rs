//! The feedback ingest API: `POST /api/v1/feedback` with a bearer token, and its OpenAPI 3
//! document at `GET /api/v1/openapi.json`. Every answer is JSON; an error says what is wrong,
//! and with problems in responses, which response (by index) and which field.
use app::error::AppError;
use app::feedback::api_doc::{MAX_BATCH, MAX_BODY};
use app::feedback::ingest::{FieldProblem, Refused, ingest};
use app::feedback::tokens::{Refusal, authenticate};
use app::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn refuse(status: StatusCode, message: &str, problems: &[FieldProblem]) -> Response {
    let mut error = json!({"status": status.as_u16(), "message": message});
    if !problems.is_empty() {
        error["problems"] = json!(problems);
    }
    (status, Json(json!({ "error": error }))).into_response()
}

fn with_header(mut res: Response, name: header::HeaderName, value: String) -> Response {
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().insert(name, v);
    }
    res
}

fn failed(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let res = refuse(status, &e.to_string(), &[]);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return with_header(
            res,
            header::RETRY_AFTER,
            app::error::UNAVAILABLE_RETRY_SECS.to_string(),
        );
    }
    res
}

/// GET /api/v1/openapi.json
pub async fn openapi() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(app::feedback::api_doc::openapi()),
    )
        .into_response()
}

/// POST /api/v1/feedback
pub async fn post_feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split_once(' ')
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        })
        .map(|(_, s)| s.trim());
    let Some(secret) = secret else {
        return with_header(
            refuse(
                StatusCode::UNAUTHORIZED,
                "Send a token an administrator created, as \"Authorization: Bearer <token>\".",
                &[],
            ),
            header::WWW_AUTHENTICATE,
            "Bearer".into(),
        );
    };
    let now = chrono::Utc::now();
    let sender = match authenticate(&state.db, secret, now).await {
        Ok(Ok(s)) => s,
        Ok(Err(Refusal::Unauthorised)) => {
            tracing::info!("ingest API request with an unknown or revoked token refused");
            return with_header(
                refuse(
                    StatusCode::UNAUTHORIZED,
                    "This token is unknown or has been revoked: ask an administrator for a new one.",
                    &[],
                ),
                header::WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\"".into(),
            );
        }
        Ok(Err(Refusal::TooMany(wait))) => {
            return with_header(
                refuse(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!(
                        "This token made {} requests this minute, the most it may: retry in {wait} seconds. Batches of up to {MAX_BATCH} responses need fewer requests.",
                        app::feedback::tokens::PER_MINUTE
                    ),
                    &[],
                ),
                header::RETRY_AFTER,
                wait.to_string(),
            );
        }
        Err(e) => return failed(&e),
    };
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if essence.as_deref() != Some("application/json") {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the body as JSON with \"Content-Type: application/json\".",
            &[],
        );
    }
    let body = match body {
        Ok(b) => b,
        Err(_) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "The body is larger than {} MiB or was cut off: send smaller batches. Nothing was added.",
                    MAX_BODY / (1024 * 1024)
                ),
                &[],
            );
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                &format!(
                    "The body is not valid JSON (line {}, column {}). Nothing was added.",
                    e.line(),
                    e.column()
                ),
                &[],
            );
        }
    };
    let tz = match app::org::settings::load(&state.db)
        .await
        .and_then(|s| app::org::settings::tz(&s))
    {
        Ok(tz) => tz,
        Err(e) => return failed(&e),
    };
    match ingest(&state.db, &sender, value, tz, now).await {
        Ok(Ok(outcome)) => {
            tracing::info!(
                token = sender.token_id,
                added = outcome.added,
                already = outcome.already,
                "feedback received through the API"
            );
            (StatusCode::OK, Json(outcome)).into_response()
        }
        Ok(Err(Refused::Shape(message))) => refuse(StatusCode::BAD_REQUEST, &message, &[]),
        Ok(Err(Refused::TooMany(n))) => refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "The batch has {n} responses; send at most {MAX_BATCH} in one request. Nothing was added."
            ),
            &[],
        ),
        Ok(Err(Refused::OutOfScope(problems))) => refuse(
            StatusCode::FORBIDDEN,
            "Some responses are for sites this token may not send for. Nothing was added.",
            &problems,
        ),
        Ok(Err(Refused::Problems(problems))) => {
            let n = problems.len();
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!(
                    "{n} problem{} with the responses. Nothing was added.",
                    if n == 1 { "" } else { "s" }
                ),
                &problems,
            )
        }
        Err(e) => failed(&e),
    }
}
