//! Revealing a secret exactly once.

use ots_core::crypto::{PassphraseKey, ServerKey};
use ots_core::{Passphrase, SecretId};
use ots_store::{ClaimGuard, Lockout, Store, StoredSecret};
use zeroize::Zeroizing;

use super::{Revealed, client_index, derive};
use crate::error::{ApiError, EchoKey};
use crate::extract::ClientIp;
use crate::state::AppState;

/// Reveals a secret once. A wrong passphrase never consumes it and counts towards a lockout.
pub(crate) async fn reveal(
    state: &AppState,
    key: &str,
    passphrase: Option<&str>,
    client: ClientIp,
) -> Result<Revealed, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let Ok(id) = SecretId::parse(key) else {
        return Err(unknown());
    };
    let now = state.now();
    for server_key in state.inner.keys.all() {
        let index = server_key.secret_index(&id);
        // Fast path, one store step: take it if it needs no passphrase.
        if let Some(secret) =
            state.inner.store.claim_secret(&index, ClaimGuard::NoPassphrase, now).await?
        {
            return finish_reveal(state, server_key, id, &secret, None);
        }
        let Some(secret) = state.inner.store.get_secret(&index, now).await? else {
            continue;
        };
        let Some(params) = secret.kdf.clone() else {
            // Claimed by someone else between the two steps.
            return Err(unknown());
        };
        let client_idx = client_index(state, client);
        let policy = state.inner.lockout;
        let locked = |lockout| match lockout {
            Lockout::Open => None,
            Lockout::Locked { retry_after } => Some(ApiError::PassphraseLocked { retry_after }),
            Lockout::LockedForGood => {
                Some(ApiError::PassphraseLocked { retry_after: now.until(secret.expires).max(1) })
            }
        };
        let lockout =
            state.inner.store.passphrase_lockout(&index, &client_idx, policy, now).await?;
        if let Some(refusal) = locked(lockout) {
            return Err(refusal);
        }
        let attempt = Passphrase::attempt(passphrase.unwrap_or_default());
        let derived = derive(params, attempt, state).await?;
        if server_key.open_value(&id, &index, &secret.sealed_value, Some(&derived)).is_err() {
            state.inner.metrics.passphrase_failed();
            tracing::info!(secret = %id.short(), "wrong passphrase");
            let lock = state
                .inner
                .store
                .record_passphrase_failure(&index, &client_idx, policy, now)
                .await?;
            return Err(
                locked(lock).unwrap_or_else(|| ApiError::WrongPassphrase(EchoKey(key.to_owned())))
            );
        }
        // The passphrase is right; the claim re-checks the secret is still live, so of two
        // correct reveals racing, one wins.
        return match state.inner.store.claim_secret(&index, ClaimGuard::Any, now).await? {
            Some(claimed) => finish_reveal(state, server_key, id, &claimed, Some(&derived)),
            None => Err(unknown()),
        };
    }
    Err(unknown())
}

fn finish_reveal(
    state: &AppState,
    key: &ServerKey,
    id: SecretId,
    secret: &StoredSecret,
    pass: Option<&PassphraseKey>,
) -> Result<Revealed, ApiError> {
    let bytes = key
        .open_value(&id, &secret.index, &secret.sealed_value, pass)
        .map_err(|_| ApiError::Internal("a claimed secret did not open".into()))?;
    let value = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::Internal("a revealed value is not UTF-8".into()))?;
    state.inner.metrics.secret_revealed();
    tracing::info!(secret = %id.short(), "secret revealed");
    Ok(Revealed {
        secret_id: id,
        value: Zeroizing::new(value),
        has_passphrase: secret.kdf.is_some(),
        created: secret.created,
        lifespan: u64::try_from(secret.expires.secs() - secret.created.secs()).unwrap_or(0),
        now: state.now(),
    })
}
