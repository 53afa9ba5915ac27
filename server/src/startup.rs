//! The HTTP stack: Leptos pages and server functions, health checks, sessions, security layers.
use std::time::Duration;

use app::auth::service::ABSOLUTE_LIFETIME_SECS;
use app::auth::sessions;
use app::state::AppState;
use app::state::SessionStore as SessionStoreKind;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};

use crate::bundle::{self, Bundle};
use crate::requests;
use crate::security::{self, Policy};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT_MINUTES: i64 = 60;
pub const SESSION_COOKIE: &str = "rapport_session";
/// Over HTTPS the cookie carries the `__Host-` prefix: the browser then only accepts it when it is
/// `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-rapport_session";

pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// Where the built site (wasm, JS, CSS) is, from cargo-leptos' environment or the defaults.
///
/// The bundle's names are fingerprinted when cargo-leptos wrote its hash file beside this
/// executable (`hash-files = true` in the workspace metadata); Leptos reads the names from it.
/// Without that file (a test binary, say) the plain names are used, never a missing file.
pub fn leptos_options(site_addr: std::net::SocketAddr) -> LeptosOptions {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    let hash_file = env("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hashed = env("LEPTOS_HASH_FILES", "true") != "false"
        && bundle::hash_file_beside_exe(&hash_file).is_some();
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "rapport"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(site_addr)
        .hash_file(hash_file.as_str().into())
        .hash_files(hashed)
        .build()
}

async fn livez() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(
                axum::http::header::RETRY_AFTER,
                app::error::UNAVAILABLE_RETRY_SECS.to_string(),
            )],
            "database unreachable",
        )
            .into_response(),
    }
}

/// Errors raised before a server function's body runs (arguments that do not decode) leave
/// the framework as 500s; give them the status their `AppError` says.
async fn with_error_status(req: Request, next: middleware::Next) -> axum::response::Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(code) = StatusCode::from_u16(err.status())
    {
        parts.status = code;
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

fn with_sessions<S>(router: Router, store: S, state: AppState) -> Router
where
    S: SessionStore + Clone + ExpiredDeletion,
{
    let cleaner = store.clone();
    let secure = state.settings.secure;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = cleaner.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            if let Err(e) = sessions::forget_stale(&state, ABSOLUTE_LIFETIME_SECS).await {
                tracing::warn!(error = %e, "could not forget ended sessions");
            }
        }
    });
    router.layer(
        SessionManagerLayer::new(store)
            .with_name(session_cookie_name(secure))
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(secure)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(
                tower_sessions::cookie::time::Duration::minutes(IDLE_TIMEOUT_MINUTES),
            )),
    )
}

/// The app's routes, listed once per process. Listing runs the app with resource loading
/// switched off by a process-wide flag (`SuppressResourceLoad`), so a page rendering on another
/// thread at that moment would wait forever on its data: a second router in the same process
/// (another instance in a test) must reuse the list instead of generating it again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build_router(state: AppState, options: LeptosOptions) -> Router {
    let routes = route_list();
    let page_state = state.clone();
    let secure = state.settings.secure;
    let shell_options = options.clone();
    let bundle = Bundle::from_options(&options);
    let twins = bundle.clone();
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let written = twins.precompress();
            if written > 0 {
                tracing::info!(
                    files = written,
                    ms = started.elapsed().as_millis() as u64,
                    "precompressed the browser bundle"
                );
            }
        });
    }
    let bundle = bundle.service();
    let stylesheet = app::feedback::public::stylesheet_link(&options);
    let pkg = format!("/{}", options.site_pkg_dir);

    // leptos_routes_with_context also registers every server function under /api/.
    let leptos = Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(page_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
        .merge(
            Router::new()
                .route(
                    "/training/scenarios/{file}",
                    get(crate::downloads::scenario_file),
                )
                .route(
                    "/training/modules/{file}",
                    get(crate::downloads::module_file),
                )
                .route("/reports/{file}", get(crate::downloads::report_csv))
                .route(
                    app::feedback::imports_api::UPLOAD_PATH,
                    post(crate::feedback_upload::upload),
                )
                .route("/training/xapi.json", get(crate::downloads::xapi_json))
                .with_state(state.clone()),
        );

    let leptos = match state.sessions.clone() {
        SessionStoreKind::Postgres(store) => with_sessions(leptos, store, state.clone()),
        SessionStoreKind::Sqlite(store) => with_sessions(leptos, store, state.clone()),
    };

    Router::new()
        .nest_service(&pkg, bundle)
        .route("/livez", get(livez))
        .route("/readyz", get(readyz))
        .with_state(state.clone())
        .merge(leptos)
        .layer(middleware::from_fn(with_error_status))
        .layer(middleware::from_fn(requests::well_formed_calls))
        .layer(middleware::from_fn(security::unavailable_on_store_failure))
        .layer(middleware::from_fn(requests::limit_bodies))
        // The ingest API takes larger bodies (batches of responses) and answers only JSON.
        .merge(
            Router::new()
                .route("/api/v1/feedback", post(crate::ingest::post_feedback))
                .route("/api/v1/openapi.json", get(crate::ingest::openapi))
                .layer(DefaultBodyLimit::max(app::feedback::api_doc::MAX_BODY))
                .with_state(state.clone()),
        )
        // The public feedback links: plain pages without the app's bundle.
        .merge(
            Router::new()
                .route(
                    "/f/{slug}",
                    get(crate::public_feedback::form).post(crate::public_feedback::send),
                )
                .route("/f/{slug}/thanks", get(crate::public_feedback::thanks))
                .route("/f/{slug}/qr.svg", get(crate::public_feedback::qr))
                .route("/f/{slug}/card", get(crate::public_feedback::card))
                .layer(DefaultBodyLimit::max(64 * 1024))
                .with_state(crate::public_feedback::PublicState {
                    app: state,
                    stylesheet: stylesheet.into(),
                }),
        )
        .layer(middleware::from_fn(requests::contain_panics))
        // Pages and server-function answers, compressed cheaply on the way out (the bundle under
        // /pkg arrives here already compressed and passes through).
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(middleware::from_fn_with_state(
            Policy { secure },
            security::guard,
        ))
}
