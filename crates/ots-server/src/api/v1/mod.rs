//! API v1 (`/api/v1`): the frozen Onetime Secret contract (API.md §2).
//!
//! Form-encoded, JSON or query-string parameters; every client error is HTTP 404 with
//! `{"message": …}` and the intended status in `X-OTS-Intended-Status` (module `errors`).

mod account;
pub(crate) mod doc;
mod errors;
mod receipts;
mod secrets;
mod wire;

use axum::Router;
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::AppState;

/// The prefixes the receipt routes answer under (`/private/…` first: the documented one).
pub(crate) const RECEIPT_PREFIXES: [&str; 3] = ["private", "metadata", "receipt"];

/// Every v1 route and alias.
pub fn router() -> Router<AppState> {
    let mut router = Router::new()
        .route("/status", get(account::status))
        .route("/authcheck", get(account::authcheck))
        .route("/share", post(secrets::share))
        .route("/create", post(secrets::share))
        .route("/generate", post(secrets::generate))
        .route("/secret/{key}", post(secrets::reveal));
    for prefix in RECEIPT_PREFIXES {
        router = router
            .route(&format!("/{prefix}/recent"), get(receipts::recent))
            .route(&format!("/{prefix}/{{key}}"), get(receipts::show).post(receipts::show))
            .route(&format!("/{prefix}/{{key}}/burn"), post(receipts::burn));
    }
    router
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::map_response(errors::render))
}
