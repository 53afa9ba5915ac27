//! Request checks and response headers that every route gets: cross-site refusal, CSP, HSTS and friends.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Clone, Copy)]
pub struct Policy {
    pub secure: bool,
}

/// True when a state-changing request comes from another site.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    // Older browsers: compare Origin with Host. No Origin at all is a non-browser client.
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            origin_host != host
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

pub async fn guard(State(policy): State<Policy>, req: Request, next: Next) -> Response {
    if is_cross_site(req.method(), req.headers()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Cross-site request refused: this form must be sent from Rapport itself.",
        )
            .into_response();
    }
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'",
    ));
    if !is_asset {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    if policy.secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Any 500 the stack produces without a body of ours (a session store that cannot save,
/// say) becomes a clear 503 with Retry-After: the request can be repeated.
pub async fn unavailable_on_store_failure(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && res.headers().get(header::CONTENT_TYPE).is_none()
    {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::RETRY_AFTER, app::error::UNAVAILABLE_RETRY_SECS.to_string()),
                (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            ],
            Body::from("Rapport's database is busy or unreachable. Nothing was lost; please try again in a few seconds."),
        )
            .into_response();
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_refused_and_same_site_allowed() {
        let post = Method::POST;
        assert!(is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-site")])
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "rapport.example")
            ])
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[
                ("origin", "https://rapport.example"),
                ("host", "rapport.example")
            ])
        ));
        assert!(!is_cross_site(&post, &headers(&[])));
        assert!(!is_cross_site(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
    }
}
