//! Looking at a secret without consuming it: the recipient's non-destructive view and the
//! status routes. Only what anyone holding the link may learn: never the value.

use ots_core::{ReceiptState, SecretId, Timestamp};
use ots_store::Store;

use crate::error::ApiError;
use crate::state::AppState;

/// A live secret, as its link holder may see it.
pub(crate) struct SecretView {
    pub(crate) id: SecretId,
    pub(crate) has_passphrase: bool,
    pub(crate) created: Timestamp,
    pub(crate) updated: Timestamp,
    pub(crate) expires: Timestamp,
    /// The TTL as set.
    pub(crate) lifespan: u64,
    /// `New` or `Previewed`.
    pub(crate) state: ReceiptState,
    pub(crate) now: Timestamp,
}

impl SecretView {
    /// Seconds the secret has left.
    pub(crate) fn secret_ttl(&self) -> u64 {
        self.now.until(self.expires)
    }
}

/// Whether reading the secret counts as opening its link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Look {
    /// A status check: changes nothing.
    Status,
    /// The link was opened: the receipt records `previewed`.
    Preview,
}

/// Reads a live secret. `Ok(None)` for an unknown, malformed, expired or consumed id: one
/// answer, so nobody learns which.
pub(crate) async fn peek(
    state: &AppState,
    key: &str,
    look: Look,
) -> Result<Option<SecretView>, ApiError> {
    let Ok(id) = SecretId::parse(key) else {
        return Ok(None);
    };
    let now = state.now();
    for server_key in state.inner.keys.all() {
        let index = server_key.secret_index(&id);
        let Some(secret) = state.inner.store.get_secret(&index, now).await? else {
            continue;
        };
        let receipt = state.inner.store.get_receipt(&secret.receipt_index, now).await?;
        let lifespan = u64::try_from(secret.expires.secs() - secret.created.secs()).unwrap_or(0);
        let (mut current, mut updated) = receipt
            .as_ref()
            .map_or((ReceiptState::New, secret.created), |r| (r.state_at(now), r.updated));
        if look == Look::Preview && current == ReceiptState::New {
            state.inner.store.mark_previewed(&index, now).await?;
            tracing::info!(secret = %id.short(), "secret previewed");
            (current, updated) = (ReceiptState::Previewed, now);
        }
        return Ok(Some(SecretView {
            has_passphrase: secret.kdf.is_some(),
            created: secret.created,
            expires: secret.expires,
            lifespan: receipt.map_or(lifespan, |r| r.lifespan),
            state: current,
            updated,
            now,
            id,
        }));
    }
    Ok(None)
}
