//! The creator's side: the receipt (`/receipt/:id`, alias `/private/:id`), its memo, burn, and
//! the account's recent receipts. Holding the receipt id is enough to read and burn; changing
//! the memo needs the owning account.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use ots_core::wire::v2;

use super::body::Body;
use super::secrets::path_id;
use super::wire;
use crate::api::guest::{GuestOp, as_guest, gate};
use crate::error::ApiError;
use crate::extract::Caller;
use crate::service::{self, ReceiptView};
use crate::state::AppState;

/// Longest memo, characters.
const MEMO_MAX: usize = 500;

fn shown(
    state: &AppState,
    caller: &Caller,
    view: &ReceiptView,
    generated: Option<String>,
) -> Json<v2::ReceiptShown> {
    Json(v2::ReceiptShown {
        success: true,
        user_id: wire::user_id(caller),
        shrimp: String::new(),
        record: wire::receipt(view, &state.inner.public_base),
        details: v2::ReceiptDetails {
            is_owner: wire::is_owner(view, caller).to_string(),
            can_burn: view.state.is_live().to_string(),
            secret_value: generated,
        },
    })
}

async fn show_as(
    state: &AppState,
    caller: &Caller,
    key: &str,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let view = service::receipt(state, key).await?;
    // A generated password is shown here once, in the first minute (API.md §3.1).
    let generated = service::take_generated(state, &view).await?;
    Ok(shown(state, caller, &view, generated.map(|v| v.as_str().to_owned())))
}

async fn burn_as(
    state: &AppState,
    caller: &Caller,
    key: &str,
    body: &Body,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    // `passphrase` is accepted and ignored: holding the receipt is enough.
    body.text("passphrase")?;
    if !body.flag("continue")? {
        return Err(ApiError::invalid("continue", "Send `\"continue\": true` to burn"));
    }
    let view = service::burn(state, key).await?;
    Ok(shown(state, caller, &view, None))
}

/// The receipt. Reading it never changes any state.
#[utoipa::path(get, path = "/api/v2/receipt/{identifier}", tag = "v2",
    security((), ("basic" = [])),
    params(("identifier" = String, Path, description = "The receipt's id")),
    responses((status = 200, body = v2::ReceiptShown)))]
pub(super) async fn show(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Receipt)?;
    show_as(&state, &caller, &path_id(path)?).await
}

/// Sets the memo; only the owning account may.
#[utoipa::path(patch, path = "/api/v2/receipt/{identifier}", tag = "v2",
    security(("basic" = [])),
    params(("identifier" = String, Path, description = "The receipt's id")),
    request_body = v2::MemoRequest,
    responses((status = 200, body = v2::ReceiptShown)))]
pub(super) async fn set_memo(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let Caller::Account(account) = &caller else {
        return Err(ApiError::Unauthorized);
    };
    let key = path_id(path)?;
    let memo = body.text("memo")?.ok_or_else(|| ApiError::invalid("memo", "`memo` is required"))?;
    if memo.chars().count() > MEMO_MAX {
        return Err(ApiError::invalid("memo", format!("At most {MEMO_MAX} characters")));
    }
    let view = service::set_memo(&state, &key, account, memo).await?;
    Ok(shown(&state, &caller, &view, None))
}

/// Burns the secret with `{"continue": true}`.
#[utoipa::path(post, path = "/api/v2/receipt/{identifier}/burn", tag = "v2",
    security((), ("basic" = [])),
    params(("identifier" = String, Path, description = "The receipt's id")),
    request_body = v2::BurnRequest,
    responses((status = 200, body = v2::ReceiptShown)))]
pub(super) async fn burn(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let caller = gate(&state, caller, GuestOp::Burn)?;
    burn_as(&state, &caller, &path_id(path)?, &body).await
}

/// The receipt, for anonymous callers (switch: `guest_receipt`).
#[utoipa::path(get, path = "/api/v2/guest/receipt/{identifier}", tag = "v2 guest",
    params(("identifier" = String, Path, description = "The receipt's id")),
    responses((status = 200, body = v2::ReceiptShown)))]
pub(super) async fn guest_show(
    State(state): State<AppState>,
    _credentials_checked: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let caller = as_guest(&state, GuestOp::Receipt)?;
    show_as(&state, &caller, &path_id(path)?).await
}

/// Burn, for anonymous callers (switch: `guest_burn`).
#[utoipa::path(post, path = "/api/v2/guest/receipt/{identifier}/burn", tag = "v2 guest",
    params(("identifier" = String, Path, description = "The receipt's id")),
    request_body = v2::BurnRequest,
    responses((status = 200, body = v2::ReceiptShown)))]
pub(super) async fn guest_burn(
    State(state): State<AppState>,
    _credentials_checked: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Json<v2::ReceiptShown>, ApiError> {
    let caller = as_guest(&state, GuestOp::Burn)?;
    burn_as(&state, &caller, &path_id(path)?, &body).await
}

/// The caller's receipts from the last 30 days, newest first.
#[utoipa::path(get, path = "/api/v2/receipt/recent", tag = "v2", security(("basic" = [])),
    responses((status = 200, body = v2::ReceiptList)))]
pub(super) async fn recent(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<v2::ReceiptList>, ApiError> {
    let Caller::Account(account) = &caller else {
        return Err(ApiError::Unauthorized);
    };
    let views = service::recent(&state, account).await?;
    let records: Vec<_> =
        views.iter().map(|v| wire::receipt(v, &state.inner.public_base)).collect();
    Ok(Json(v2::ReceiptList {
        success: true,
        user_id: account.id.clone(),
        shrimp: String::new(),
        custid: account.email.clone(),
        count: records.len() as u64,
        records,
        details: v2::RecentDetails {
            since: service::RECENT_WINDOW_SECS,
            limit: service::RECENT_LIMIT as u64,
        },
    }))
}
