//! The receipt holder's side: reading a receipt, burning, and an account's recent list.

use ots_core::crypto::ServerKey;
use ots_core::{ReceiptId, SecretKind, Timestamp};
use ots_store::{Account, Store, StoredReceipt};

use zeroize::Zeroizing;

use super::{GENERATED_SHOWN_SECS, ReceiptView, parse_link_payload};
use crate::error::{ApiError, EchoKey};
use crate::state::AppState;

/// How far back `recent` looks.
pub(crate) const RECENT_WINDOW_SECS: u64 = 30 * 86_400;
/// Most receipts `recent` lists.
pub(crate) const RECENT_LIMIT: usize = 100;

fn view(
    key: &ServerKey,
    id: ReceiptId,
    record: StoredReceipt,
    now: Timestamp,
) -> Result<ReceiptView, ApiError> {
    let payload = key
        .open_for_receipt(&id, &record.index, &record.sealed_link)
        .map_err(|_| ApiError::Internal("a receipt's link did not open".into()))?;
    let (secret_id, custid) = parse_link_payload(&payload)
        .ok_or_else(|| ApiError::Internal("a receipt's link is unreadable".into()))?;
    Ok(ReceiptView { state: record.state_at(now), id, secret_id, custid, record, now })
}

/// Reads a receipt. Never changes any state.
pub(crate) async fn receipt(state: &AppState, key: &str) -> Result<ReceiptView, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let id = ReceiptId::parse(key).map_err(|_| unknown())?;
    let now = state.now();
    for server_key in state.inner.keys.all() {
        if let Some(record) =
            state.inner.store.get_receipt(&server_key.receipt_index(&id), now).await?
        {
            return view(server_key, id, record, now);
        }
    }
    Err(unknown())
}

/// The generated password stored with a receipt, once, within its first minute; `None` for
/// anything else. Taking it forgets it.
pub(crate) async fn take_generated(
    state: &AppState,
    view: &ReceiptView,
) -> Result<Option<Zeroizing<String>>, ApiError> {
    let record = &view.record;
    if record.kind != SecretKind::Generate || view.now >= record.created + GENERATED_SHOWN_SECS {
        return Ok(None);
    }
    let Some(key) =
        state.inner.keys.all().iter().find(|k| k.receipt_index(&view.id) == record.index)
    else {
        return Ok(None);
    };
    let Some(sealed) = state.inner.store.take_generated(&record.index, view.now).await? else {
        return Ok(None);
    };
    let bytes = key
        .open_for_receipt(&view.id, &record.index, &sealed)
        .map_err(|_| ApiError::Internal("a generated password did not open".into()))?;
    let value = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::Internal("a generated password is not UTF-8".into()))?;
    Ok(Some(Zeroizing::new(value)))
}

/// Burns the secret of a receipt. Holding the receipt key is enough.
pub(crate) async fn burn(state: &AppState, key: &str) -> Result<ReceiptView, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let id = ReceiptId::parse(key).map_err(|_| unknown())?;
    let now = state.now();
    for server_key in state.inner.keys.all() {
        if let Some(record) = state.inner.store.burn(&server_key.receipt_index(&id), now).await? {
            state.inner.metrics.secret_burned();
            tracing::info!(receipt = %id.short(), "secret burned");
            return view(server_key, id, record, now);
        }
    }
    Err(unknown())
}

/// Sets the memo of a receipt the account owns. A receipt owned by someone else, or by nobody,
/// is `Forbidden`; the memo is checked by the caller.
pub(crate) async fn set_memo(
    state: &AppState,
    key: &str,
    account: &Account,
    memo: &str,
) -> Result<ReceiptView, ApiError> {
    let current = receipt(state, key).await?;
    if current.record.owner.as_deref() != Some(account.id.as_str()) {
        return Err(ApiError::Forbidden("Only the receipt's owner may change its memo".into()));
    }
    if !state.inner.store.set_memo(&current.record.index, memo, state.now()).await? {
        return Err(ApiError::UnknownSecret(EchoKey(key.to_owned())));
    }
    tracing::info!(receipt = %current.id.short(), "memo set");
    receipt(state, key).await
}

/// The account's receipts from the last 30 days, newest first.
pub(crate) async fn recent(
    state: &AppState,
    account: &Account,
) -> Result<Vec<ReceiptView>, ApiError> {
    let now = state.now();
    let since = now - RECENT_WINDOW_SECS;
    let records = state.inner.store.recent_receipts(&account.id, since, now, RECENT_LIMIT).await?;
    let mut views = Vec::with_capacity(records.len());
    for record in records {
        let Some(sealed) = record.owner_sealed_id.clone() else {
            continue;
        };
        let opened =
            state.inner.keys.all().iter().find_map(|k| {
                k.open_owned_receipt_id(&record.index, &sealed).ok().map(|id| (k, id))
            });
        let Some((key, id)) = opened else {
            tracing::warn!("an owned receipt did not open with any configured key");
            continue;
        };
        views.push(view(key, id, record, now)?);
    }
    Ok(views)
}
