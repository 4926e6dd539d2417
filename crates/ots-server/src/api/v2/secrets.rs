//! The recipient's side: `GET /secret/:id` (never consumes, except the upstream-compatible
//! `?continue=true`), `POST /secret/:id/reveal`, and the `/guest/` forms of both.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use ots_core::wire::v2;

use super::body::Body;
use super::wire;
use crate::api::guest::{GuestOp, as_guest, gate};
use crate::error::{ApiError, EchoKey};
use crate::extract::{Caller, ClientIp, Params};
use crate::service::{self, Look};
use crate::state::AppState;

pub(super) fn path_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(k)| k).map_err(|_| ApiError::UnknownSecret(EchoKey::default()))
}

/// Describes the secret without revealing it; the receipt records that the link was opened.
async fn describe(
    state: &AppState,
    caller: &Caller,
    key: &str,
    confirmed: bool,
) -> Result<Json<v2::SecretShown>, ApiError> {
    let view = service::peek(state, key, Look::Preview)
        .await?
        .ok_or_else(|| ApiError::UnknownSecret(EchoKey(key.to_owned())))?;
    Ok(Json(v2::SecretShown {
        success: true,
        user_id: wire::user_id(caller),
        shrimp: String::new(),
        record: wire::secret(&view),
        details: wire::reveal_details(confirmed, false, None),
    }))
}

/// Reveals and consumes. A wrong passphrase is 422 and consumes nothing.
async fn reveal_now(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
    key: &str,
    passphrase: Option<&str>,
) -> Result<Json<v2::SecretShown>, ApiError> {
    let revealed = service::reveal(state, key, passphrase, client).await?;
    Ok(Json(v2::SecretShown {
        success: true,
        user_id: wire::user_id(caller),
        shrimp: String::new(),
        record: wire::revealed(&revealed),
        details: wire::reveal_details(true, false, Some(revealed.value.as_str())),
    }))
}

async fn show_as(
    state: &AppState,
    caller: Caller,
    client: ClientIp,
    key: &str,
    query: &Params,
    guest_route: bool,
) -> Result<Json<v2::SecretShown>, ApiError> {
    // Upstream reveals on `GET …?continue=true`; kept for compatibility (API.md §1).
    if query.get("continue") == Some("true") {
        let caller = if guest_route {
            as_guest(state, GuestOp::Reveal)?
        } else {
            gate(state, caller, GuestOp::Reveal)?
        };
        return reveal_now(state, &caller, client, key, query.non_empty("passphrase")).await;
    }
    let caller = if guest_route {
        as_guest(state, GuestOp::Show)?
    } else {
        gate(state, caller, GuestOp::Show)?
    };
    describe(state, &caller, key, false).await
}

async fn reveal_as(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
    key: &str,
    body: &Body,
) -> Result<Json<v2::SecretShown>, ApiError> {
    let passphrase = body.text("passphrase")?.filter(|p| !p.is_empty());
    if !body.flag("continue")? {
        return describe(state, caller, key, false).await;
    }
    reveal_now(state, caller, client, key, passphrase).await
}

/// The secret's metadata, never its value: opening a link does not consume it.
#[utoipa::path(get, path = "/api/v2/secret/{identifier}", tag = "v2", security((), ("basic" = [])),
    params(("identifier" = String, Path, description = "The secret's id"),
        ("continue" = Option<bool>, Query,
            description = "`true` reveals and consumes, as upstream does (compatibility)"),
        ("passphrase" = Option<String>, Query, description = "With `continue=true`")),
    responses((status = 200, body = v2::SecretShown)))]
pub(super) async fn show(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    path: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Json<v2::SecretShown>, ApiError> {
    show_as(&state, caller, client, &path_id(path)?, &query, false).await
}

/// Reveals the secret once when `continue` is true; otherwise only describes it.
#[utoipa::path(post, path = "/api/v2/secret/{identifier}/reveal", tag = "v2",
    security((), ("basic" = [])),
    params(("identifier" = String, Path, description = "The secret's id")),
    request_body = v2::RevealRequest,
    responses((status = 200, body = v2::SecretShown)))]
pub(super) async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Json<v2::SecretShown>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Reveal)?;
    reveal_as(&state, &caller, client, &path_id(path)?, &body).await
}

/// `GET /secret/:id` for anonymous callers (switch: `guest_show`; `guest_reveal` for
/// `?continue=true`).
#[utoipa::path(get, path = "/api/v2/guest/secret/{identifier}", tag = "v2 guest",
    params(("identifier" = String, Path, description = "The secret's id"),
        ("continue" = Option<bool>, Query,
            description = "`true` reveals and consumes, as upstream does (compatibility)"),
        ("passphrase" = Option<String>, Query, description = "With `continue=true`")),
    responses((status = 200, body = v2::SecretShown)))]
pub(super) async fn guest_show(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    path: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Json<v2::SecretShown>, ApiError> {
    show_as(&state, caller, client, &path_id(path)?, &query, true).await
}

/// `reveal` for anonymous callers (switch: `guest_reveal`).
#[utoipa::path(post, path = "/api/v2/guest/secret/{identifier}/reveal", tag = "v2 guest",
    params(("identifier" = String, Path, description = "The secret's id")),
    request_body = v2::RevealRequest,
    responses((status = 200, body = v2::SecretShown)))]
pub(super) async fn guest_reveal(
    State(state): State<AppState>,
    _credentials_checked: Caller,
    client: ClientIp,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Json<v2::SecretShown>, ApiError> {
    let caller = as_guest(&state, GuestOp::Reveal)?;
    reveal_as(&state, &caller, client, &path_id(path)?, &body).await
}
