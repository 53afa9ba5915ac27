//! The public feedback link's pages: `/f/{slug}` (the form, and its post), `/f/{slug}/thanks`,
//! the QR code `/f/{slug}/qr.svg` and the printable table card `/f/{slug}/card`. No login; the
//! abuse checks are in `app::feedback::links`.
use std::sync::Arc;

use app::feedback::links::{self, AnswerForm, Answered, PublicLink, Refusal};
use app::feedback::public::{self, Entered};
use app::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, RequestExt};

/// What the public pages need: the app, and the stylesheet's `<link>` (its name is hashed).
#[derive(Clone)]
pub struct PublicState {
    pub app: AppState,
    pub stylesheet: Arc<str>,
}

const DEVICE_COOKIE: &str = "rapport_device";

fn page(status: StatusCode, html: String) -> Response {
    (status, Html(html)).into_response()
}

fn failed(state: &PublicState, e: &app::error::AppError) -> Response {
    tracing::warn!(error = %e, "public feedback page failed");
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = page(status, public::error_page(&state.stylesheet));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(app::error::UNAVAILABLE_RETRY_SECS),
        );
    }
    res
}

/// The link, or the page that says it is unknown (404) or switched off (410).
async fn open(state: &PublicState, slug: &str) -> Result<PublicLink, Response> {
    match links::find(&state.app.db, slug).await {
        Ok(Some(l)) if l.open => Ok(l),
        Ok(Some(_)) => Err(page(
            StatusCode::GONE,
            public::closed_page(true, &state.stylesheet),
        )),
        Ok(None) => Err(page(
            StatusCode::NOT_FOUND,
            public::closed_page(false, &state.stylesheet),
        )),
        Err(e) => Err(failed(state, &e)),
    }
}

fn device_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == DEVICE_COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The form with a fresh one-time token (and a device cookie for a new device).
async fn show_form(
    state: &PublicState,
    link: &PublicLink,
    headers: &HeaderMap,
    status: StatusCode,
    problem: Option<&str>,
    entered: &Entered,
) -> Response {
    let token = match links::issue_form(&state.app.db, link, chrono::Utc::now()).await {
        Ok(t) => t,
        Err(e) => return failed(state, &e),
    };
    let mut res = page(
        status,
        public::form_page(link, &token, problem, entered, &state.stylesheet),
    );
    if device_of(headers).is_none() {
        let secure = if state.app.settings.secure {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{DEVICE_COOKIE}={}; Path=/f/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}",
            links::random_hex(16)
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    res
}

/// GET /f/{slug}
pub async fn form(
    State(state): State<PublicState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    match open(&state, &slug).await {
        Ok(link) => {
            show_form(
                &state,
                &link,
                &headers,
                StatusCode::OK,
                None,
                &Entered::default(),
            )
            .await
        }
        Err(res) => res,
    }
}

/// POST /f/{slug}
pub async fn send(
    State(state): State<PublicState>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    let link = match open(&state, &slug).await {
        Ok(l) => l,
        Err(res) => return res,
    };
    let (parts, body) = req.into_parts();
    let headers = parts.headers.clone();
    let address = app::request::address_of(
        &parts.headers,
        &parts.extensions,
        state.app.settings.trust_proxy,
    );
    let form: Result<Form<AnswerForm>, FormRejection> =
        Request::from_parts(parts, body).extract().await;
    let Ok(Form(form)) = form else {
        return show_form(
            &state,
            &link,
            &headers,
            StatusCode::BAD_REQUEST,
            Some("The answer could not be read. Please choose your answers and send again."),
            &Entered::default(),
        )
        .await;
    };
    // Without a device cookie (cookies off), the address and browser stand for the device.
    let device = device_of(&headers).unwrap_or_else(|| {
        let agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        format!("{address}|{}", agent.chars().take(200).collect::<String>())
    });
    let entered = Entered {
        csat: form.csat.clone(),
        nps: form.nps.clone(),
        ces: form.ces.clone(),
        comment: form.comment.clone(),
        contact: form.contact.clone(),
    };
    let tz = match app::org::settings::load(&state.app.db)
        .await
        .and_then(|s| app::org::settings::tz(&s))
    {
        Ok(tz) => tz,
        Err(e) => return failed(&state, &e),
    };
    let now = chrono::Utc::now();
    match links::answer(&state.app.db, &link, &form, &device, &address, now, tz).await {
        Ok(Ok(Answered::Kept | Answered::Ignored)) => {
            Redirect::to(&format!("/f/{slug}/thanks")).into_response()
        }
        Ok(Ok(Answered::AlreadyToday)) => {
            Redirect::to(&format!("/f/{slug}/thanks?already=1")).into_response()
        }
        Ok(Err(Refusal::Invalid(message))) => {
            show_form(&state, &link, &headers, StatusCode::UNPROCESSABLE_ENTITY, Some(&message), &entered).await
        }
        Ok(Err(Refusal::Replayed)) => {
            show_form(
                &state,
                &link,
                &headers,
                StatusCode::CONFLICT,
                Some("This form was already sent, or was opened more than a day ago, so it was not kept again. If you have not answered yet, please send your answer once more."),
                &entered,
            )
            .await
        }
        Ok(Err(Refusal::TooMany(wait))) => {
            let minutes = wait.div_ceil(60);
            let mut res = show_form(
                &state,
                &link,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                Some(&format!("Many answers have come from this network just now. Please try again in {minutes} minute{}.", if minutes == 1 { "" } else { "s" })),
                &entered,
            )
            .await;
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
            res
        }
        Err(e) => failed(&state, &e),
    }
}

#[derive(serde::Deserialize)]
pub struct ThanksQuery {
    #[serde(default)]
    already: Option<String>,
}

/// GET /f/{slug}/thanks
pub async fn thanks(
    State(state): State<PublicState>,
    Path(slug): Path<String>,
    Query(q): Query<ThanksQuery>,
) -> Response {
    match links::find(&state.app.db, &slug).await {
        Ok(Some(l)) => page(
            StatusCode::OK,
            public::thanks_page(&l.place, q.already.is_some(), &state.stylesheet),
        ),
        Ok(None) => page(
            StatusCode::NOT_FOUND,
            public::closed_page(false, &state.stylesheet),
        ),
        Err(e) => failed(&state, &e),
    }
}

/// The link's full address, from the request's host (behind a trusted proxy, the forwarded one).
fn address_for(state: &PublicState, headers: &HeaderMap, slug: &str) -> String {
    let forwarded = state
        .app
        .settings
        .trust_proxy
        .then(|| headers.get("x-forwarded-host"))
        .flatten();
    let host = forwarded
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.app.settings.secure {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/f/{slug}")
}

/// GET /f/{slug}/qr.svg
pub async fn qr(
    State(state): State<PublicState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let link = match links::find(&state.app.db, &slug).await {
        Ok(Some(l)) => l,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed(&state, &e),
    };
    let url = address_for(&state, &headers, &link.slug);
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "private, max-age=3600"),
            ],
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(320, 320)
                .quiet_zone(true)
                .build(),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "QR code could not be made");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// GET /f/{slug}/card
pub async fn card(
    State(state): State<PublicState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    match open(&state, &slug).await {
        Ok(link) => {
            let url = address_for(&state, &headers, &link.slug);
            page(
                StatusCode::OK,
                public::card_page(&link, &url, &state.stylesheet),
            )
        }
        Err(res) => res,
    }
}
