//! File downloads that are plain GETs outside Leptos: a scenario's text file.
use app::auth::policy::{Permission, allows};
use app::auth::service::user_of_session;
use app::error::AppError;
use app::state::AppState;
use app::training::service::catalog;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

fn error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

/// GET /training/scenarios/{slug}.toml: the latest version's canonical text, for HR and admins.
pub async fn scenario_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let slug = file.trim_end_matches(".toml");
    match user_of_session(&state, &session).await {
        Ok(None) => Redirect::to("/login").into_response(),
        Ok(Some(u)) if !allows(u.actor(), Permission::ManageTraining) => error(AppError::Forbidden),
        Ok(Some(_)) => match catalog::export(&state.db, slug).await {
            Ok((name, text)) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/toml; charset=utf-8".to_owned(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                text,
            )
                .into_response(),
            Err(e) => error(e),
        },
        Err(e) => error(e),
    }
}

/// GET /training/csv/{table}.csv?scenario=...: an analytics table, for HR and admins.
pub async fn analytics_csv(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    Query(q): Query<app::training::types::AnalyticsQuery>,
) -> Response {
    let table = file.trim_end_matches(".csv");
    match user_of_session(&state, &session).await {
        Ok(None) => Redirect::to("/login").into_response(),
        Ok(Some(u)) if !allows(u.actor(), Permission::ManageTraining) => error(AppError::Forbidden),
        Ok(Some(_)) => match app::training::service::analytics::csv(&state.db, table, &q).await {
            Ok((name, text)) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                text,
            )
                .into_response(),
            Err(e) => error(e),
        },
        Err(e) => error(e),
    }
}
