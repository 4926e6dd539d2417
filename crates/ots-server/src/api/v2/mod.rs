//! API v2 (`/api/v2`): JSON in and out (API.md §3 and the reference pages).
//!
//! Every failure is `{error, message, field, error_id, error_type}` with its real status
//! (module `errors`). Record fields the reference pages type as `string | null` are strings
//! (module `wire`). Each operation anonymous callers may use has a switch (`crate::api::guest`).

mod body;
mod create;
pub(crate) mod doc;
mod errors;
mod meta;
mod receipts;
mod secrets;
mod status;
mod wire;

use axum::Router;
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::AppState;

/// The prefixes the receipt routes answer under: `/receipt/…` and its alias `/private/…`.
pub(crate) const RECEIPT_PREFIXES: [&str; 2] = ["receipt", "private"];

/// Every v2 route and alias. `openapi` is the served document (`GET /openapi.json`).
pub fn router(openapi: std::sync::Arc<[u8]>) -> Router<AppState> {
    let mut router = Router::new()
        .route("/status", get(meta::status))
        .route("/version", get(meta::version))
        .route("/supported-locales", get(meta::supported_locales))
        .route(
            "/openapi.json",
            get(move || {
                let document = std::sync::Arc::clone(&openapi);
                async move { doc::serve(&document) }
            }),
        )
        .route("/secret/conceal", post(create::conceal))
        .route("/secret/generate", post(create::generate))
        .route("/secret/status", post(status::bulk_status))
        .route("/secret/{identifier}", get(secrets::show))
        .route("/secret/{identifier}/reveal", post(secrets::reveal))
        .route("/secret/{identifier}/status", get(status::status))
        .route("/guest/secret/conceal", post(create::guest_conceal))
        .route("/guest/secret/generate", post(create::guest_generate))
        .route("/guest/secret/{identifier}", get(secrets::guest_show))
        .route("/guest/secret/{identifier}/reveal", post(secrets::guest_reveal))
        .route("/guest/receipt/{identifier}", get(receipts::guest_show))
        .route("/guest/receipt/{identifier}/burn", post(receipts::guest_burn));
    for prefix in RECEIPT_PREFIXES {
        router = router
            .route(&format!("/{prefix}/recent"), get(receipts::recent))
            .route(
                &format!("/{prefix}/{{identifier}}"),
                get(receipts::show).patch(receipts::set_memo),
            )
            .route(&format!("/{prefix}/{{identifier}}/burn"), post(receipts::burn));
    }
    router
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

pub(crate) use errors::render as render_errors;
