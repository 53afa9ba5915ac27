//! File downloads that are plain GETs outside Leptos: scenario files, analytics CSV, xAPI statements.
//! All of them are for HR and admins.
use app::auth::policy::{Permission, allows};
use app::auth::service::user_of_session;
use app::error::AppError;
use app::state::AppState;
use app::training::service::{analytics, catalog, records};
use app::training::types::AnalyticsQuery;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

fn error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

/// Serves `file` (name and body) to HR and admins; sends others to the login page or a 403.
async fn for_training_managers(
    state: &AppState,
    session: &Session,
    content_type: &str,
    file: impl Future<Output = Result<(String, String), AppError>>,
) -> Response {
    match user_of_session(state, session).await {
        Ok(None) => Redirect::to("/login").into_response(),
        Ok(Some(u)) if !allows(u.actor(), Permission::ManageTraining) => error(AppError::Forbidden),
        Ok(Some(_)) => match file.await {
            Ok((name, body)) => (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response(),
            Err(e) => error(e),
        },
        Err(e) => error(e),
    }
}

/// GET /training/scenarios/{slug}.toml: the latest version's canonical text.
pub async fn scenario_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let slug = file.trim_end_matches(".toml").to_owned();
    let db = state.db.clone();
    for_training_managers(
        &state,
        &session,
        "application/toml; charset=utf-8",
        async move { catalog::export(&db, &slug).await },
    )
    .await
}

/// GET /training/modules/{pid}.module.toml: a module and its scenarios as one file.
pub async fn module_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let pid = file
        .trim_end_matches(".toml")
        .trim_end_matches(".module")
        .to_owned();
    let db = state.db.clone();
    for_training_managers(
        &state,
        &session,
        "application/toml; charset=utf-8",
        async move { catalog::export_module(&db, &pid).await },
    )
    .await
}

/// GET /training/csv/{table}.csv?scenario=...: an analytics table.
pub async fn analytics_csv(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let table = file.trim_end_matches(".csv").to_owned();
    let db = state.db.clone();
    for_training_managers(&state, &session, "text/csv; charset=utf-8", async move {
        analytics::csv(&db, &table, &q).await
    })
    .await
}

/// GET /training/xapi.json?from=...&to=...&site=...: learning records as xAPI statements.
pub async fn xapi_json(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let db = state.db.clone();
    for_training_managers(
        &state,
        &session,
        "application/json; charset=utf-8",
        async move { records::xapi_statements(&db, &q).await },
    )
    .await
}
