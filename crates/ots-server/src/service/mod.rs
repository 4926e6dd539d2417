//! The domain operations behind every route: the only place that combines the store and the
//! crypto. Handlers parse a request into these calls and render what they return; nothing here
//! knows about HTTP or API versions.
//!
//! - `create`: validate, seal and store a new secret and its receipt.
//! - `reveal`: claim a secret exactly once, with passphrase checks and lockouts.
//! - `receipts`: the receipt holder's view, burn, memo, and an account's recent receipts.
//! - `peek`: a secret's non-destructive view (v2 `GET /secret/:id`, the status routes).

mod accounts;
mod create;
mod peek;
mod receipts;
mod reveal;

use ots_core::crypto::{IndexKey, KdfParams, PassphraseKey, digests_match, token_digest};
use ots_core::passgen::CharacterSets;
use ots_core::{Passphrase, ReceiptId, ReceiptState, SecretId, Timestamp};
use ots_store::{Account, Store, StoredReceipt};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::extract::ClientIp;
use crate::state::AppState;

/// How long after creation a generated password is shown on its receipt (once).
const GENERATED_SHOWN_SECS: u64 = 60;

/// What the secret will hold.
pub(crate) enum SecretValue {
    /// The creator's text.
    Given(Zeroizing<String>),
    /// A password the server generates.
    Generate { length: usize, sets: CharacterSets },
}

/// A create request, already read from the wire.
pub(crate) struct CreateRequest {
    pub(crate) value: SecretValue,
    pub(crate) passphrase: Option<String>,
    pub(crate) ttl: Option<u64>,
    pub(crate) recipients: Vec<String>,
}

/// A receipt as the receipt holder sees it.
pub(crate) struct ReceiptView {
    pub(crate) id: ReceiptId,
    /// The secret's id, recovered from the sealed link.
    pub(crate) secret_id: SecretId,
    /// The creator's e-mail, or `"anon"`.
    pub(crate) custid: String,
    pub(crate) record: StoredReceipt,
    /// The state at `now` (expiry is applied lazily).
    pub(crate) state: ReceiptState,
    pub(crate) now: Timestamp,
}

impl ReceiptView {
    /// Seconds the secret has left; 0 once it is gone.
    pub(crate) fn secret_ttl(&self) -> u64 {
        if self.state.is_live() { self.now.until(self.record.secret_expires) } else { 0 }
    }

    /// Seconds the receipt has left.
    pub(crate) fn receipt_ttl(&self) -> u64 {
        self.now.until(self.record.expires)
    }
}

/// A freshly created secret.
pub(crate) struct Created {
    pub(crate) receipt: ReceiptView,
    /// The generated password, for a generate request.
    pub(crate) generated: Option<Zeroizing<String>>,
}

/// A revealed secret.
pub(crate) struct Revealed {
    pub(crate) secret_id: SecretId,
    pub(crate) value: Zeroizing<String>,
    pub(crate) has_passphrase: bool,
    pub(crate) created: Timestamp,
    /// The TTL it had, seconds.
    pub(crate) lifespan: u64,
    /// When it was revealed.
    pub(crate) now: Timestamp,
}

/// What the receipt's sealed link holds: the secret id and the creator's custid.
fn link_payload(secret: &SecretId, custid: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(format!("{}\n{custid}", secret.expose()).into_bytes())
}

fn parse_link_payload(bytes: &[u8]) -> Option<(SecretId, String)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (secret, custid) = text.split_once('\n')?;
    Some((SecretId::parse(secret).ok()?, custid.to_owned()))
}

fn client_index(state: &AppState, client: ClientIp) -> IndexKey {
    state.inner.keys.current().client_index(&client.0.to_string())
}

/// Runs Argon2id work (a passphrase KDF, a password hash or check) on the blocking pool, at
/// most one run per core at a time.
async fn blocking_kdf<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = state
        .inner
        .kdf_permits
        .acquire()
        .await
        .map_err(|_| ApiError::Internal("the KDF pool is closed".into()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::Internal("the KDF task failed".into()))
}

/// Derives a passphrase key with Argon2id on the blocking pool.
async fn derive(
    params: KdfParams,
    passphrase: Passphrase,
    state: &AppState,
) -> Result<PassphraseKey, ApiError> {
    blocking_kdf(state, move || params.derive(&passphrase))
        .await?
        .map_err(|_| ApiError::Internal("unusable KDF parameters".into()))
}

/// Checks HTTP Basic credentials. An unknown user costs the same digest and comparison as a
/// known one, so timing does not tell which e-mails have accounts.
pub(crate) async fn authenticate(
    state: &AppState,
    user: &str,
    token: &str,
) -> Result<Account, ApiError> {
    let digest = token_digest(token);
    // The username is the e-mail or, as upstream allows, the account's external id.
    let account = if user.contains('@') {
        state.inner.store.account_by_email(user).await?
    } else {
        state.inner.store.account_by_id(user).await?
    };
    let expected = account.as_ref().map_or([0u8; 32], |a| a.token_digest);
    let matches = digests_match(&digest, &expected);
    match account {
        Some(account) if matches && !token.is_empty() => Ok(account),
        _ => Err(ApiError::Unauthorized),
    }
}

pub(crate) use accounts::{
    SessionToken, check_sign_up_open, rotate_api_token, session_account, sign_in, sign_out, sign_up,
};
pub(crate) use create::create;
pub(crate) use peek::{Look, SecretView, peek};
pub(crate) use receipts::{
    RECENT_LIMIT, RECENT_WINDOW_SECS, burn, receipt, recent, set_memo, take_generated,
};
pub(crate) use reveal::reveal;
