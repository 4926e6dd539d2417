//! `GET /status` and `GET /authcheck`.

use axum::Json;
use ots_core::wire::v1::Status;

use crate::error::ApiError;
use crate::extract::Caller;

fn nominal() -> Json<Status> {
    Json(Status { status: "nominal".into(), locale: "en".into() })
}

#[utoipa::path(get, path = "/api/v1/status", tag = "v1", security((), ("basic" = [])),
    responses((status = 200, body = Status)))]
/// Guests welcome; credentials, when sent, must verify (the `Caller` extractor refuses them).
pub(super) async fn status(_caller: Caller) -> Json<Status> {
    nominal()
}

#[utoipa::path(get, path = "/api/v1/authcheck", tag = "v1", security(("basic" = [])),
    responses((status = 200, body = Status)))]
/// Answers like `status`, but only for verified credentials.
pub(super) async fn authcheck(caller: Caller) -> Result<Json<Status>, ApiError> {
    match caller {
        Caller::Account(_) => Ok(nominal()),
        Caller::Guest => Err(ApiError::Unauthorized),
    }
}
