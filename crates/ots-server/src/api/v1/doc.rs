//! The v1 half of the OpenAPI document: every handler's `#[utoipa::path]`, collected here.

use super::{account, receipts, secrets};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        account::status,
        account::authcheck,
        secrets::share,
        secrets::generate,
        secrets::reveal,
        receipts::show,
        receipts::burn,
        receipts::recent,
    ),
    components(schemas(ots_core::wire::v1::Error))
)]
pub(crate) struct V1Doc;
