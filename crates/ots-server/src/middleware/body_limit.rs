//! Refuses a body declared larger than the limit before reading any of it, on every route: with
//! an error page for a browser outside `/api/` ([`crate::web::wants_page`]), else the API's error.
//! Bodies without a declared length are cut off at the limit while being read ([`crate::extract`]).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

pub(crate) async fn reject_oversized(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.inner.config.body_limit as u64) {
        // A browser posting a form too large gets a page, not the API's JSON.
        if crate::web::wants_page(&req) {
            return crate::web::error::standalone_page(&state, ApiError::PayloadTooLarge);
        }
        return ApiError::PayloadTooLarge.into_response();
    }
    next.run(req).await
}
