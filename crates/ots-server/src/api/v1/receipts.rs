//! The creator's side: the receipt (`/private/:key` and aliases), burn, and recent receipts.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use ots_core::wire::v1;

use super::wire;
use crate::api::guest::{GuestOp, gate};
use crate::error::{ApiError, EchoKey};
use crate::extract::Caller;
use crate::service;
use crate::state::AppState;

fn key(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(k)| k).map_err(|_| ApiError::UnknownSecret(EchoKey::default()))
}

#[utoipa::path(method(get, post), path = "/api/v1/private/{key}", tag = "v1",
    security((), ("basic" = [])),
    params(("key" = String, Path, description = "The metadata (receipt) key")),
    responses((status = 200, body = v1::Receipt)))]
/// `GET|POST /private/:key`. Reading a receipt never changes its state.
pub(super) async fn show(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<v1::Receipt>, ApiError> {
    gate(&state, caller, GuestOp::Receipt)?;
    let view = service::receipt(&state, &key(path)?).await?;
    Ok(Json(wire::receipt(&view, &state.inner.public_base)))
}

#[utoipa::path(post, path = "/api/v1/private/{key}/burn", tag = "v1",
    security((), ("basic" = [])),
    params(("key" = String, Path, description = "The metadata (receipt) key")),
    responses((status = 200, body = v1::Burned)))]
/// `POST /private/:key/burn`. A `passphrase` parameter is accepted and ignored: holding the
/// receipt key is enough.
pub(super) async fn burn(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<v1::Burned>, ApiError> {
    gate(&state, caller, GuestOp::Burn)?;
    let view = service::burn(&state, &key(path)?).await?;
    Ok(Json(v1::Burned {
        secret_shortkey: view.secret_id.short().as_str().to_owned(),
        state: wire::receipt(&view, &state.inner.public_base),
    }))
}

#[utoipa::path(get, path = "/api/v1/private/recent", tag = "v1", security(("basic" = [])),
    responses((status = 200, body = Vec<v1::Receipt>)))]
/// `GET /private/recent`: the caller's receipts from the last 30 days, newest first, without
/// secret keys.
pub(super) async fn recent(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<v1::Receipt>>, ApiError> {
    let Caller::Account(account) = caller else {
        return Err(ApiError::Unauthorized);
    };
    let views = service::recent(&state, &account).await?;
    Ok(Json(
        views
            .iter()
            .map(|v| {
                let mut r = wire::receipt(v, &state.inner.public_base);
                r.secret_key = None;
                r.secret_identifier = None;
                r
            })
            .collect(),
    ))
}
