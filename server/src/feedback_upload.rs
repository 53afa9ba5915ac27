//! `POST /customers/import/upload`: a customer-feedback export arriving from the import page's
//! form (multipart, field `file`). The file streams into the database in pieces, never whole in
//! memory, so exports of a million rows fit; then the browser goes to the file's mapping page.
//! A refusal goes back to the import page, with its reason kept in the session for that page.
use app::auth::policy::{Permission, allows};
use app::auth::service::user_of_session;
use app::error::AppError;
use app::feedback::imports_api::UPLOAD_PROBLEM;
use app::feedback::imports_service::Upload;
use app::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let me = match user_of_session(&state, &session).await {
        Ok(Some(me)) => me,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return refused(&session, e).await,
    };
    if !allows(me.actor(), Permission::ImportFeedback) {
        let e = AppError::Forbidden;
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN);
        return (status, e.to_string()).into_response();
    }
    match receive(&state, me.id, &headers, body).await {
        Ok(pid) => Redirect::to(&format!("/customers/import/{pid}")).into_response(),
        Err(e) => refused(&session, e).await,
    }
}

async fn refused(session: &Session, e: AppError) -> Response {
    let message = match e {
        AppError::Invalid(m) | AppError::Conflict(m) => m,
        other => other.to_string(),
    };
    if session.insert(UPLOAD_PROBLEM, message).await.is_err() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unavailable.to_string(),
        )
            .into_response();
    }
    Redirect::to("/customers/import").into_response()
}

async fn receive(
    state: &AppState,
    owner: i32,
    headers: &HeaderMap,
    body: Body,
) -> Result<String, AppError> {
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok())
        .ok_or_else(|| AppError::invalid("Choose a CSV file and upload it with the form."))?;
    let mut form = multer::Multipart::new(body.into_data_stream(), boundary);
    let interrupted = |_| {
        AppError::invalid(
            "The upload was interrupted or malformed; choose the file again. Nothing was kept.",
        )
    };
    while let Some(mut field) = form.next_field().await.map_err(interrupted)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut upload = Upload::begin(&state.db, owner, &name).await?;
        loop {
            match field.chunk().await.map(|c| c.map(|b| b.to_vec())) {
                Ok(Some(bytes)) => {
                    if let Err(e) = upload.push(&state.db, &bytes).await {
                        upload.abandon(&state.db).await;
                        return Err(e);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    upload.abandon(&state.db).await;
                    return Err(interrupted(e));
                }
            }
        }
        if name.is_empty() && upload_is_empty(&upload) {
            upload.abandon(&state.db).await;
            continue;
        }
        return upload.finish(&state.db).await;
    }
    Err(AppError::invalid("Choose a CSV file to upload."))
}

fn upload_is_empty(u: &Upload) -> bool {
    u.received() == 0
}
