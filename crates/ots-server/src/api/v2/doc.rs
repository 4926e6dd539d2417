//! The v2 half of the OpenAPI document: every handler's `#[utoipa::path]`, collected here.

use std::sync::Arc;

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::{create, meta, receipts, secrets, status};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        meta::status,
        meta::version,
        meta::supported_locales,
        create::conceal,
        create::generate,
        create::guest_conceal,
        create::guest_generate,
        secrets::show,
        secrets::reveal,
        secrets::guest_show,
        secrets::guest_reveal,
        status::status,
        status::bulk_status,
        receipts::show,
        receipts::set_memo,
        receipts::burn,
        receipts::recent,
        receipts::guest_show,
        receipts::guest_burn,
    ),
    components(schemas(ots_core::wire::v2::Error))
)]
pub(crate) struct V2Doc;

/// `GET /api/v2/openapi.json`: the document, built once at start-up.
pub(super) fn serve(document: &Arc<[u8]>) -> Response {
    ([(CONTENT_TYPE, "application/json")], document.to_vec()).into_response()
}
