//! Rapport's Leptos application: pages, server functions and, behind `ssr`, the services and entities.
#![recursion_limit = "256"]

pub mod auth;
pub mod engagement;
pub mod error;
pub mod feedback;
pub mod home;
pub mod org;
pub mod people;
pub mod recognition;
pub mod reporting;
pub mod routes;
pub mod training;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};

pub use routes::App;

/// The HTML document around every page. On the server it also issues the page's CSP nonce.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security::page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                // With cargo-leptos' `hash-files`, both carry the build's content hash in their names,
                // so the browser may cache them for a year (see the server's /pkg service).
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Head elements shared by all pages.
#[component]
pub fn Head() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|t: String| ui::raw_text(&if t.is_empty() { "Rapport".to_string() } else { format!("{t} · Rapport") }) />
    }
}

#[cfg(feature = "ssr")]
mod security {
    use axum::http::{HeaderValue, header};
    use leptos::nonce::{provide_nonce, use_nonce};
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    /// A fresh nonce per page, and the CSP that only lets scripts carrying it run.
    pub fn page_policy() {
        provide_nonce();
        let (Some(nonce), Some(res)) = (use_nonce(), use_context::<ResponseOptions>()) else {
            return;
        };
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        );
        if let Ok(value) = HeaderValue::from_str(&csp) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests and styles know that handlers are attached.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    // Tells the server this browser runs the bundle, so pages that follow work going on
    // elsewhere poll instead of reloading themselves (`request::runs_script`).
    let _ = leptos::web_sys::js_sys::Reflect::set(
        &leptos::prelude::document(),
        &"cookie".into(),
        &format!("{}=1; path=/; SameSite=Lax", request_cookie::SCRIPT).into(),
    );
}

/// Names shared by the browser and the server.
pub mod request_cookie {
    /// Set by the bundle when it starts: the browser runs JavaScript.
    pub const SCRIPT: &str = "rapport_js";
}
