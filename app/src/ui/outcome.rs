use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;

/// The error a plain form post (no JavaScript) brought back in the URL for the server function at `path`.
pub fn url_error(path: &'static str) -> Memo<Option<AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let from = q.get("__path")?;
            if from != path && from.trim_start_matches('/') != path.trim_start_matches('/') {
                return None;
            }
            q.get("__err")
                .map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
        })
    })
}

/// On a page with several forms, the server function whose outcome came last; only it is shown.
#[derive(Clone, Copy, Default)]
pub struct LatestOutcome(RwSignal<Option<&'static str>>);

impl LatestOutcome {
    pub fn provide() {
        provide_context(LatestOutcome::default());
    }
}

/// What became of a form: its error, or its success message, whether posted with or without JavaScript.
#[component]
pub fn Outcome(
    #[prop(into)] value: Signal<Option<Result<String, AppError>>>,
    path: &'static str,
) -> impl IntoView {
    let from_url = url_error(path);
    let latest = use_context::<LatestOutcome>();
    if let Some(LatestOutcome(last)) = latest {
        Effect::new(move |_| {
            if value.with(Option::is_some) {
                last.set(Some(path));
            }
        });
    }
    move || {
        let superseded =
            latest.is_some_and(|LatestOutcome(last)| last.with(|l| l.is_some_and(|p| p != path)));
        let result =
            if superseded { None } else { value.get() }.or_else(|| from_url.get().map(Err));
        match result {
            Some(Ok(msg)) if !msg.is_empty() => {
                Some(view! { <p class="notice ok" role="status">{msg}</p> }.into_any())
            }
            Some(Err(e)) => {
                Some(view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any())
            }
            _ => None,
        }
    }
}

/// A whole-page error: a title, what happened, what to do, and the right HTTP status.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::request::set_page_status(error.status());
    let (title, advice) = match &error {
        AppError::Forbidden => (
            "Not allowed (403)",
            "Your role does not give access to this page. If you think it should, ask an administrator.",
        ),
        AppError::NotFound(_) => (
            "Not found (404)",
            "Check the address, or go back to the home page.",
        ),
        AppError::Unauthenticated => ("Please log in", "Your session has ended."),
        AppError::Unavailable => (
            "Busy (503)",
            "The database is busy or unreachable. Wait a few seconds and reload the page.",
        ),
        _ => (
            "Something went wrong",
            "Reload the page; if it keeps happening, tell your administrator.",
        ),
    };
    view! {
        <Title text=title />
        <section class="panel error-page" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <p>{error.to_string()}</p>
            <p class="muted">{advice}</p>
            {matches!(error, AppError::Unauthenticated).then(|| view! { <p><a class="button" href="/login">"Log in"</a></p> })}
            <p><a href="/">"Go to the home page"</a></p>
        </section>
    }
}
