//! The browser bundle: sent precompressed when the build made .br/.gz files, compressed on the way
//! out when it did not, cached for a year only under a fingerprinted name; pages stay no-store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use server::bundle::{Bundle, IMMUTABLE, REVALIDATE, fingerprinted_names};
use tower::ServiceExt;

struct Site(std::path::PathBuf);
impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A bundle directory as a release build with `--precompress` leaves it, plus one file that was
/// not precompressed and one that is not fingerprinted.
fn site() -> (Site, Bundle) {
    let dir = std::env::temp_dir().join(format!("rapport-bundle-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("snippets")).unwrap();
    let wasm = "wasm ".repeat(2000);
    std::fs::write(dir.join("rapport.h1.wasm"), &wasm).unwrap();
    std::fs::write(dir.join("rapport.h1.wasm.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join("rapport.h1.wasm.gz"), "gzip bytes").unwrap();
    std::fs::write(
        dir.join("rapport.h2.css"),
        "body { color: black; }\n".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dir.join("snippets/inline0.js"),
        "export const x = 1;\n".repeat(50),
    )
    .unwrap();
    let bundle = Bundle {
        dir: dir.clone(),
        fingerprinted: Arc::new(fingerprinted_names("rapport", "wasm: h1\ncss: h2\n")),
    };
    (Site(dir), bundle)
}

struct Got {
    status: StatusCode,
    encoding: Option<String>,
    cache: Option<String>,
    vary: Option<String>,
    body: Vec<u8>,
}

async fn get(bundle: &Bundle, path: &str, accept: Option<&str>) -> Got {
    let mut req = Request::get(path);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT_ENCODING, a);
    }
    let res = bundle
        .clone()
        .service()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let h = |name| {
        res.headers()
            .get(name)
            .map(|v: &http::HeaderValue| v.to_str().unwrap().to_owned())
    };
    Got {
        status: res.status(),
        encoding: h(header::CONTENT_ENCODING),
        cache: h(header::CACHE_CONTROL),
        vary: h(header::VARY),
        body: res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    }
}

#[tokio::test]
async fn precompressed_files_are_sent_as_built() {
    let (_site, bundle) = site();
    let br = get(&bundle, "/rapport.h1.wasm", Some("gzip, deflate, br")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.encoding.as_deref(), Some("br"));
    assert_eq!(br.body, b"brotli bytes");
    assert_eq!(br.cache.as_deref(), Some(IMMUTABLE));
    assert!(
        br.vary
            .unwrap_or_default()
            .to_lowercase()
            .contains("accept-encoding")
    );

    let gz = get(&bundle, "/rapport.h1.wasm", Some("gzip")).await;
    assert_eq!(gz.encoding.as_deref(), Some("gzip"));
    assert_eq!(gz.body, b"gzip bytes");

    let plain = get(&bundle, "/rapport.h1.wasm", None).await;
    assert_eq!(plain.encoding, None);
    assert_eq!(plain.body.len(), 10_000);
    assert_eq!(plain.cache.as_deref(), Some(IMMUTABLE));
}

#[tokio::test]
async fn files_without_a_compressed_twin_are_compressed_on_the_way_out() {
    let (_site, bundle) = site();
    let css = get(&bundle, "/rapport.h2.css", Some("br")).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.encoding.as_deref(), Some("br"));
    assert!(css.body.len() < 200, "{} bytes", css.body.len());
    assert_eq!(css.cache.as_deref(), Some(IMMUTABLE));
}

#[tokio::test]
async fn only_fingerprinted_names_are_immutable_and_misses_are_not_kept() {
    let (_site, bundle) = site();
    let snippet = get(&bundle, "/snippets/inline0.js", Some("gzip")).await;
    assert_eq!(snippet.status, StatusCode::OK);
    assert_eq!(snippet.cache.as_deref(), Some(REVALIDATE));
    assert_eq!(snippet.encoding.as_deref(), Some("gzip"));

    let missing = get(&bundle, "/rapport.old.wasm", Some("br")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.cache.as_deref(), Some("no-store"));

    let outside = get(&bundle, "/../Cargo.toml", None).await;
    assert_ne!(outside.status, StatusCode::OK);

    let unhashed = Bundle {
        dir: bundle.dir.clone(),
        fingerprinted: Arc::new(HashSet::new()),
    };
    let wasm = get(&unhashed, "/rapport.h1.wasm", None).await;
    assert_eq!(wasm.cache.as_deref(), Some(REVALIDATE));
}

#[tokio::test]
async fn pages_are_compressed_and_never_stored() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let req = |accept: Option<&str>| {
        let mut r = Request::get("/login").header("accept", "text/html");
        if let Some(a) = accept {
            r = r.header(header::ACCEPT_ENCODING, a);
        }
        r.body(Body::empty()).unwrap()
    };
    let plain = app.request(req(None)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.body.contains("Log in to Rapport"));
    assert_eq!(plain.headers.get(header::CONTENT_ENCODING), None);
    let zipped = app.router.clone().oneshot(req(Some("gzip"))).await.unwrap();
    assert_eq!(zipped.status(), StatusCode::OK);
    assert_eq!(
        zipped.headers().get(header::CONTENT_ENCODING).unwrap(),
        "gzip"
    );
    assert_eq!(
        zipped.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let bytes = zipped.into_body().collect().await.unwrap().to_bytes();
    assert!(
        bytes.len() * 10 < plain.body.len() * 7,
        "{} of {}",
        bytes.len(),
        plain.body.len()
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_bundle_built_without_twins_gets_them_once_and_sends_them() {
    let (_site, bundle) = site();
    // The css was built without twins; the wasm already has them and is left alone.
    assert_eq!(bundle.precompress(), 2);
    assert_eq!(bundle.precompress(), 0);
    assert_eq!(
        std::fs::read(bundle.dir.join("rapport.h1.wasm.br")).unwrap(),
        b"brotli bytes"
    );
    let css = std::fs::read(bundle.dir.join("rapport.h2.css")).unwrap();
    let br = get(&bundle, "/rapport.h2.css", Some("br")).await;
    assert_eq!(br.encoding.as_deref(), Some("br"));
    assert_eq!(
        br.body,
        std::fs::read(bundle.dir.join("rapport.h2.css.br")).unwrap()
    );
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut br.body.as_slice(), &mut decoded).unwrap();
    assert_eq!(decoded, css);
    let gz = get(&bundle, "/rapport.h2.css", Some("gzip")).await;
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gz.body.as_slice()),
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, css);
    // No temporary file is left behind.
    let stray = std::fs::read_dir(&bundle.dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(stray, 0);
}
