//! Creating and revealing: `POST /share` (`/create`), `POST /generate`, `POST /secret/:key`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use ots_core::passgen::{CharacterSets, DEFAULT_LENGTH};
use ots_core::wire::v1;
use zeroize::Zeroizing;

use super::wire;
use crate::api::guest::{GuestOp, gate};
use crate::error::{ApiError, EchoKey};
use crate::extract::{Caller, ClientIp, Params};
use crate::service::{self, CreateRequest, SecretValue};
use crate::state::AppState;

/// Reads `ttl`: whole seconds; an empty value means the default. Decimals are truncated, as
/// upstream's `to_i` does.
pub(crate) fn parse_ttl(params: &Params) -> Result<Option<u64>, ApiError> {
    let Some(raw) = params.non_empty("ttl") else {
        return Ok(None);
    };
    let whole = raw.trim().split('.').next().unwrap_or_default();
    whole
        .parse::<u64>()
        .map(Some)
        .map_err(|_| ApiError::invalid("ttl", "ttl must be a whole number of seconds"))
}

fn request(params: &Params, value: SecretValue) -> Result<CreateRequest, ApiError> {
    Ok(CreateRequest {
        value,
        passphrase: params.get("passphrase").map(str::to_owned),
        ttl: parse_ttl(params)?,
        recipients: params.all("recipient").to_vec(),
    })
}

/// Creates a secret; returns its receipt. `/create` is an alias.
#[utoipa::path(post, path = "/api/v1/share", tag = "v1", security((), ("basic" = [])),
    request_body(content((v1::ShareRequest = "application/x-www-form-urlencoded"), (v1::ShareRequest = "application/json"))),
    responses((status = 200, body = v1::Receipt)))]
pub(super) async fn share(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    params: Params,
) -> Result<Json<v1::Receipt>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Conceal)?;
    let secret = Zeroizing::new(params.get("secret").unwrap_or_default().to_owned());
    let req = request(&params, SecretValue::Given(secret))?;
    let created = service::create(&state, req, &caller, client).await?;
    Ok(Json(wire::receipt(&created.receipt, &state.inner.public_base)))
}

/// Creates a secret holding a generated password, shown once in `value`.
#[utoipa::path(post, path = "/api/v1/generate", tag = "v1", security((), ("basic" = [])),
    request_body(content((v1::GenerateRequest = "application/x-www-form-urlencoded"), (v1::GenerateRequest = "application/json"))),
    responses((status = 200, body = v1::Receipt)))]
pub(super) async fn generate(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    params: Params,
) -> Result<Json<v1::Receipt>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Generate)?;
    let value = SecretValue::Generate { length: DEFAULT_LENGTH, sets: CharacterSets::default() };
    let req = request(&params, value)?;
    let created = service::create(&state, req, &caller, client).await?;
    let mut receipt = wire::receipt(&created.receipt, &state.inner.public_base);
    let generated = created.generated.as_ref().map(|v| v.as_str().to_owned());
    receipt.value.clone_from(&generated);
    receipt.secret_value = generated;
    Ok(Json(receipt))
}

#[utoipa::path(post, path = "/api/v1/secret/{key}", tag = "v1", security((), ("basic" = [])),
    params(("key" = String, Path, description = "The secret key")),
    request_body(content((v1::RevealRequest = "application/x-www-form-urlencoded"), (v1::RevealRequest = "application/json"))),
    responses((status = 200, body = v1::Revealed)))]
/// Reveals and consumes. Unknown, already revealed and wrong passphrase look the same.
pub(super) async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    key: Result<Path<String>, PathRejection>,
    params: Params,
) -> Result<Json<v1::Revealed>, ApiError> {
    gate(&state, caller, GuestOp::Reveal)?;
    let Ok(Path(key)) = key else {
        return Err(ApiError::UnknownSecret(EchoKey::default()));
    };
    let revealed = service::reveal(&state, &key, params.get("passphrase"), client).await?;
    Ok(Json(v1::Revealed {
        value: revealed.value.as_str().to_owned(),
        secret_key: revealed.secret_id.expose().to_owned(),
        share_domain: String::new(),
    }))
}
