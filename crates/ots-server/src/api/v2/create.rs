//! Creating: `POST /secret/conceal` and `POST /secret/generate` (and their `/guest/` forms).

use axum::Json;
use axum::extract::State;
use ots_core::passgen::{CharacterSets, DEFAULT_LENGTH};
use ots_core::wire::v2;
use zeroize::Zeroizing;

use super::body::Body;
use super::wire;
use crate::api::guest::{GuestOp, as_guest, gate};
use crate::error::ApiError;
use crate::extract::{Caller, ClientIp};
use crate::service::{self, CreateRequest, SecretValue};
use crate::state::AppState;

/// The parameters both kinds share; the value is read by the caller.
fn request(params: &Body, value: SecretValue) -> Result<CreateRequest, ApiError> {
    if params.text("share_domain")?.is_some_and(|d| !d.is_empty()) {
        return Err(ApiError::invalid("share_domain", "Custom share domains are not configured"));
    }
    Ok(CreateRequest {
        value,
        passphrase: params.text("passphrase")?.map(str::to_owned),
        ttl: params.whole("ttl")?,
        recipients: params.list("recipient")?.unwrap_or_default(),
    })
}

fn character_sets(params: &Body) -> Result<CharacterSets, ApiError> {
    let Some(sets) = params.object("character_sets")? else {
        return Ok(CharacterSets::default());
    };
    Ok(CharacterSets {
        uppercase: sets.flag_or("uppercase", true)?,
        lowercase: sets.flag_or("lowercase", true)?,
        numbers: sets.flag_or("numbers", true)?,
        symbols: sets.flag_or("symbols", true)?,
        exclude_ambiguous: sets.flag_or("exclude_ambiguous", true)?,
    })
}

async fn create(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
    req: CreateRequest,
) -> Result<Json<v2::Created>, ApiError> {
    let created = service::create(state, req, caller, client).await?;
    let view = &created.receipt;
    let receipt = wire::receipt(view, &state.inner.public_base);
    let value = created.generated.as_ref().map(|v| v.as_str().to_owned());
    Ok(Json(v2::Created {
        success: true,
        user_id: wire::user_id(caller),
        shrimp: String::new(),
        record: v2::CreatedRecord {
            metadata: receipt.clone(),
            receipt,
            secret: wire::created_secret(view, value),
            share_domain: view.record.share_domain.clone(),
        },
        details: v2::CreateDetails {
            kind: view.record.kind.as_str().to_owned(),
            recipient: Vec::new(),
            recipient_safe: Vec::new(),
        },
    }))
}

async fn conceal_as(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let params = body.section("secret");
    let secret = Zeroizing::new(params.text("secret")?.unwrap_or_default().to_owned());
    let req = request(&params, SecretValue::Given(secret))?;
    create(state, caller, client, req).await
}

async fn generate_as(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let params = body.section("secret");
    let length = match params.whole("length")? {
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        None => DEFAULT_LENGTH,
    };
    let value = SecretValue::Generate { length, sets: character_sets(&params)? };
    let req = request(&params, value)?;
    create(state, caller, client, req).await
}

/// Creates a secret from the caller's value.
#[utoipa::path(post, path = "/api/v2/secret/conceal", tag = "v2", security((), ("basic" = [])),
    request_body = v2::ConcealRequest,
    responses((status = 200, body = v2::Created)))]
pub(super) async fn conceal(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Conceal)?;
    conceal_as(&state, &caller, client, body).await
}

/// Creates a secret holding a generated password; the response shows it once.
#[utoipa::path(post, path = "/api/v2/secret/generate", tag = "v2", security((), ("basic" = [])),
    request_body = v2::GenerateRequest,
    responses((status = 200, body = v2::Created)))]
pub(super) async fn generate(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Generate)?;
    generate_as(&state, &caller, client, body).await
}

/// `conceal` for anonymous callers (switch: `guest_conceal`).
#[utoipa::path(post, path = "/api/v2/guest/secret/conceal", tag = "v2 guest",
    request_body = v2::ConcealRequest,
    responses((status = 200, body = v2::Created)))]
pub(super) async fn guest_conceal(
    State(state): State<AppState>,
    _credentials_checked: Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let caller = as_guest(&state, GuestOp::Conceal)?;
    conceal_as(&state, &caller, client, body).await
}

/// `generate` for anonymous callers (switch: `guest_generate`).
#[utoipa::path(post, path = "/api/v2/guest/secret/generate", tag = "v2 guest",
    request_body = v2::GenerateRequest,
    responses((status = 200, body = v2::Created)))]
pub(super) async fn guest_generate(
    State(state): State<AppState>,
    _credentials_checked: Caller,
    client: ClientIp,
    body: Body,
) -> Result<Json<v2::Created>, ApiError> {
    let caller = as_guest(&state, GuestOp::Generate)?;
    generate_as(&state, &caller, client, body).await
}
