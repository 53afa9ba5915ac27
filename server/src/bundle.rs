//! The browser bundle under /pkg (wasm, JS, CSS): compressed, and cached for as long as its name says.
//!
//! cargo-leptos builds with `hash-files`, so the wasm, its JS and the stylesheet carry a hash of
//! their content in their names and are listed in `hash.txt` beside the server binary. Those
//! names never change meaning, so browsers keep them for a year without asking again; anything
//! else under /pkg (wasm-bindgen snippets, a build without the hash file) is revalidated on use.
//! A release build made with `--precompress` has `.br` and `.gz` files beside each one, which are
//! sent as they are. A build without them (debug) gets them written once, in the background, when
//! the server starts; until then, or where the directory is read-only, files are compressed on the
//! way out.
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::Response;
use leptos::prelude::LeptosOptions;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// A fingerprinted file: kept for a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A file whose name does not change with its content: revalidated (Last-Modified) on each use.
pub const REVALIDATE: &str = "no-cache";

/// The hash file cargo-leptos writes beside the server binary, if this executable has one.
pub fn hash_file_beside_exe(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.join(name);
    path.is_file().then_some(path)
}

/// The fingerprinted file names a hash file lists (`js: <hash>` gives `<output>.<hash>.js`).
pub fn fingerprinted_names(output_name: &str, hash_file: &str) -> HashSet<String> {
    hash_file
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter_map(|(kind, hash)| {
            let (kind, hash) = (kind.trim(), hash.trim());
            match kind {
                "js" | "wasm" | "css" if !hash.is_empty() => {
                    Some(format!("{output_name}.{hash}.{kind}"))
                }
                _ => None,
            }
        })
        .collect()
}

/// Where the bundle is and which of its names are fingerprinted.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub fingerprinted: Arc<HashSet<String>>,
}

impl Bundle {
    /// The bundle Leptos will link from pages: the site's pkg directory, fingerprinted names from
    /// the hash file when `options.hash_files` is on.
    pub fn from_options(options: &LeptosOptions) -> Self {
        let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        let fingerprinted = if options.hash_files {
            hash_file_beside_exe(&options.hash_file)
                .and_then(|path| std::fs::read_to_string(path).ok())
                .map(|text| fingerprinted_names(&options.output_name, &text))
                .unwrap_or_default()
        } else {
            HashSet::new()
        };
        Bundle {
            dir,
            fingerprinted: Arc::new(fingerprinted),
        }
    }

    /// The Cache-Control for a response to `path` (relative to /pkg) with this status.
    pub fn cache_control(&self, path: &str, status: StatusCode) -> &'static str {
        // A missing file must not be remembered: it may exist after the next deploy.
        if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
            return "no-store";
        }
        let name = path.trim_start_matches('/');
        if self.fingerprinted.contains(name) {
            IMMUTABLE
        } else {
            REVALIDATE
        }
    }

    /// Writes the missing `.br` and `.gz` twins of the fingerprinted files, each through a
    /// temporary name so that a request never sees half a file. Returns how many it wrote.
    pub fn precompress(&self) -> usize {
        let mut written = 0;
        for name in self.fingerprinted.iter() {
            let path = self.dir.join(name);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            for (ext, compress) in [("br", brotli_bytes as fn(&[u8]) -> _), ("gz", gzip_bytes)] {
                let twin = self.dir.join(format!("{name}.{ext}"));
                if twin.exists() {
                    continue;
                }
                let tmp = self
                    .dir
                    .join(format!(".{name}.{ext}.{}", std::process::id()));
                let done = compress(&bytes)
                    .and_then(|out| std::fs::write(&tmp, out))
                    .and_then(|()| std::fs::rename(&tmp, &twin));
                match done {
                    Ok(()) => written += 1,
                    Err(e) => {
                        let _ = std::fs::remove_file(&tmp);
                        tracing::debug!(file = %twin.display(), error = %e, "bundle not precompressed; compressing per request");
                    }
                }
            }
        }
        written
    }

    /// The service to nest at /pkg.
    pub fn service(self) -> Router {
        let files = ServeDir::new(&self.dir)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false);
        let bundle = Arc::new(self);
        Router::new()
            .fallback_service(files)
            // Only what was not precompressed gets compressed here: a response that already
            // carries a Content-Encoding passes through untouched.
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(middleware::from_fn(
                move |req: axum::extract::Request, next: middleware::Next| {
                    let bundle = bundle.clone();
                    async move {
                        let path = req.uri().path().to_owned();
                        let mut res: Response = next.run(req).await;
                        let value = bundle.cache_control(&path, res.status());
                        res.headers_mut()
                            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
                        res
                    }
                },
            ))
    }
}

fn brotli_bytes(input: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut out = Vec::with_capacity(input.len() / 4);
    {
        // Quality 6: most of brotli's gain on wasm at a few seconds for the 15 MB debug bundle.
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 6, 22);
        w.write_all(input)?;
        w.flush()?;
    }
    Ok(out)
}

fn gzip_bytes(input: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut w = flate2::write::GzEncoder::new(
        Vec::with_capacity(input.len() / 3),
        flate2::Compression::default(),
    );
    w.write_all(input)?;
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_hash_file() {
        let names = fingerprinted_names(
            "rapport",
            "js: AbC-1_x\nwasm: QrS\ncss: t9\nmanifest: m1\n\nnonsense\n",
        );
        let mut names: Vec<_> = names.into_iter().collect();
        names.sort();
        assert_eq!(
            names,
            ["rapport.AbC-1_x.js", "rapport.QrS.wasm", "rapport.t9.css"]
        );
    }

    #[test]
    fn only_fingerprinted_successes_are_immutable() {
        let bundle = Bundle {
            dir: PathBuf::new(),
            fingerprinted: Arc::new(fingerprinted_names("rapport", "wasm: h1\n")),
        };
        assert_eq!(
            bundle.cache_control("/rapport.h1.wasm", StatusCode::OK),
            IMMUTABLE
        );
        assert_eq!(
            bundle.cache_control("/rapport.h1.wasm", StatusCode::NOT_MODIFIED),
            IMMUTABLE
        );
        assert_eq!(
            bundle.cache_control("/snippets/x/inline0.js", StatusCode::OK),
            REVALIDATE
        );
        assert_eq!(
            bundle.cache_control("/rapport.h0.wasm", StatusCode::NOT_FOUND),
            "no-store"
        );
    }
}
