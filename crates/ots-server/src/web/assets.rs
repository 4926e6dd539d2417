//! The pages' static files, built into the binary: one stylesheet, one script, one icon.
//!
//! Each file is served under a name that carries a hash of its content
//! (`/assets/app.3f2a9c1e.css`), so it can be cached for a year (`immutable`) and a new
//! release's file is simply another URL. Pages ask [`Assets::url`] for the current name.
//! Nothing is fetched from anywhere else: no CDN, no web fonts.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// Every file: its logical name, content and type.
const FILES: &[(&str, &[u8], &str)] = &[
    ("app.css", include_bytes!("../../assets/app.css"), "text/css; charset=utf-8"),
    ("app.js", include_bytes!("../../assets/app.js"), "text/javascript; charset=utf-8"),
    ("icon.svg", include_bytes!("../../assets/icon.svg"), "image/svg+xml"),
];

struct File {
    bytes: &'static [u8],
    mime: &'static str,
    /// `"<hash>"`, built once.
    etag: HeaderValue,
}

/// The embedded files by their hashed names, and the hashed name of each logical name.
pub(crate) struct Assets {
    by_served_name: HashMap<String, File>,
    urls: HashMap<&'static str, String>,
}

impl std::fmt::Debug for Assets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.urls.values()).finish()
    }
}

impl Assets {
    /// Hashes the embedded files (once, at start-up).
    pub(crate) fn new() -> Self {
        let mut by_served_name = HashMap::new();
        let mut urls = HashMap::new();
        for &(name, bytes, mime) in FILES {
            let digest = Sha256::digest(bytes);
            let hash = ots_core::crypto::hex(&digest[..4]);
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let served = format!("{stem}.{hash}.{ext}");
            urls.insert(name, format!("/assets/{served}"));
            // Quotes and hex digits: always a valid header value.
            let etag = HeaderValue::from_str(&format!("\"{hash}\"")).expect("a quoted hex ETag");
            by_served_name.insert(served, File { bytes, mime, etag });
        }
        Self { by_served_name, urls }
    }

    /// The URL of a logical file (`app.css`). Every name used by a template is in [`FILES`].
    pub(crate) fn url(&self, name: &str) -> &str {
        self.urls.get(name).map_or("/assets/missing", String::as_str)
    }
}

/// `GET /assets/{name}`: an embedded file, cacheable for a year.
pub(crate) async fn serve(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(file) = state.inner.assets.by_served_name.get(&name) else {
        // Through the web router's layers, like every page's failure.
        return super::error::WebError::from(crate::error::ApiError::NoRoute).into_response();
    };
    let cache = [
        (CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        (ETAG, file.etag.clone()),
    ];
    if headers.get(IF_NONE_MATCH) == Some(&file.etag) {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(CONTENT_TYPE, HeaderValue::from_static(file.mime))], file.bytes).into_response()
}
