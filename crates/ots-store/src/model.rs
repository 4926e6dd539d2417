//! The stored shapes. Nothing here is plaintext: values and links are sealed blobs, records are
//! keyed by HMAC indexes, tokens are digests.

use ots_core::crypto::{IndexKey, KdfParams};
use ots_core::{ReceiptState, SecretKind, Timestamp};

/// A secret and its receipt, stored together by [`crate::Store::create`]. Their indexes share
/// one locator, so a store that shards by locator keeps the pair in one shard.
#[derive(Debug, Clone)]
pub struct NewRecords {
    /// The recipient's half.
    pub secret: NewSecret,
    /// The creator's half.
    pub receipt: NewReceipt,
    /// For a generated password: a copy for the receipt holder, shown on the receipt once.
    pub generated: Option<GeneratedCopy>,
}

/// A generated password sealed for the receipt holder (under a key derived from the receipt id),
/// which the receipt shows once, and only until `until` (API.md: once, within 60 s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCopy {
    /// The sealed password.
    pub sealed: Vec<u8>,
    /// When it stops being shown (and the store may forget it).
    pub until: Timestamp,
}

/// A secret as stored: the sealed value and what is needed to open and expire it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecret {
    /// HMAC index of the secret id.
    pub index: IndexKey,
    /// HMAC index of its receipt's id.
    pub receipt_index: IndexKey,
    /// The value, sealed under a key derived from the server key, the id and the passphrase.
    pub sealed_value: Vec<u8>,
    /// Argon2id parameters when the secret has a passphrase.
    pub kdf: Option<KdfParams>,
    /// When it was created.
    pub created: Timestamp,
    /// When it stops existing.
    pub expires: Timestamp,
}

/// A secret about to be stored.
pub type NewSecret = StoredSecret;

/// A receipt as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReceipt {
    /// HMAC index of the receipt id.
    pub index: IndexKey,
    /// HMAC index of its secret's id.
    pub secret_index: IndexKey,
    /// The secret's id (and anything else only the receipt holder may read), sealed under a key
    /// derived from the receipt id.
    pub sealed_link: Vec<u8>,
    /// The owning account's id, when an account created it.
    pub owner: Option<String>,
    /// The receipt id sealed under the server key, for the owner's list (owned receipts only).
    pub owner_sealed_id: Option<Vec<u8>>,
    /// Conceal or generate.
    pub kind: SecretKind,
    /// The state as last written. See [`StoredReceipt::state_at`] for the state to show.
    pub state: ReceiptState,
    /// Whether the secret needs a passphrase.
    pub has_passphrase: bool,
    /// Obscured recipient addresses.
    pub recipients: Vec<String>,
    /// The share domain, `""` when none.
    pub share_domain: String,
    /// The creator's memo.
    pub memo: Option<String>,
    /// The secret's TTL as set, seconds.
    pub lifespan: u64,
    /// When it was created.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
    /// When the link was first opened without revealing.
    pub previewed: Option<Timestamp>,
    /// When the secret was revealed.
    pub revealed: Option<Timestamp>,
    /// When the secret was burned.
    pub burned: Option<Timestamp>,
    /// When the secret expires.
    pub secret_expires: Timestamp,
    /// When this receipt expires (2 × the secret's TTL after creation).
    pub expires: Timestamp,
}

/// A receipt about to be stored.
pub type NewReceipt = StoredReceipt;

impl StoredReceipt {
    /// The state to show at `now`: a live receipt whose secret's TTL ran out is `expired`
    /// (marked lazily, on read, like upstream).
    pub fn state_at(&self, now: Timestamp) -> ReceiptState {
        if self.state.is_live() && self.secret_expires <= now {
            ReceiptState::Expired
        } else {
            self.state
        }
    }

    /// Whether the secret can still be revealed or burned at `now`.
    pub fn secret_is_live(&self, now: Timestamp) -> bool {
        self.state_at(now).is_live()
    }
}

/// Which secrets a reveal claim may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimGuard {
    /// Only a secret without a passphrase: the fast path for requests that bring none.
    NoPassphrase,
    /// Any secret: the caller has already checked the passphrase.
    Any,
}

/// Limits on wrong passphrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures per secret and client within `window_secs` before a lockout.
    pub per_client: u32,
    /// The counting window, seconds.
    pub window_secs: u64,
    /// How long a client is locked out, seconds.
    pub lockout_secs: u64,
    /// Failures per secret from all clients before it is locked for good.
    pub total: u32,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self { per_client: 5, window_secs: 600, lockout_secs: 1800, total: 20 }
    }
}

/// Whether passphrase attempts are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lockout {
    /// Attempts allowed.
    Open,
    /// This client must wait `retry_after` seconds.
    Locked {
        /// Seconds until the lockout ends.
        retry_after: u64,
    },
    /// Too many failures in total: no more attempts on this secret.
    LockedForGood,
}

/// The answer of a rate limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    /// Within the limit.
    Allowed,
    /// Over the limit until the window ends.
    Limited {
        /// Seconds until the window ends.
        retry_after: u64,
    },
}

/// An account: who may use the API with a token. `Debug` leaves out the password hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// Random external id (`user_id` in v2, shown instead of the e-mail where apt).
    pub id: String,
    /// Sign-in e-mail, stored lowercased.
    pub email: String,
    /// SHA-256 of the API token; the token itself is never stored.
    pub token_digest: [u8; 32],
    /// The web sign-in password as an Argon2id PHC string; `None` for a token-only account.
    pub password_hash: Option<String>,
    /// When it was created.
    pub created: Timestamp,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "***"))
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

/// A web sign-in session, stored under the SHA-256 digest of its random token: the token lives
/// only in the visitor's cookie, so a copy of the store cannot be used to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The signed-in account's e-mail (lowercased).
    pub email: String,
    /// The signed-in account's id. An e-mail can be removed and signed up again; the new
    /// account has a new id, so a session of the old one never signs into it.
    pub account_id: String,
    /// When it was created.
    pub created: Timestamp,
    /// When it stops being valid.
    pub expires: Timestamp,
}

/// KDF parameters as stored by every backend, 28 bytes: m, t, p as little-endian u32, then the
/// 16-byte salt.
pub(crate) fn encode_kdf(kdf: &KdfParams) -> Vec<u8> {
    let mut out = Vec::with_capacity(28);
    out.extend_from_slice(&kdf.m_cost.to_le_bytes());
    out.extend_from_slice(&kdf.t_cost.to_le_bytes());
    out.extend_from_slice(&kdf.p_cost.to_le_bytes());
    out.extend_from_slice(&kdf.salt);
    out
}

/// The parameters [`encode_kdf`] wrote, or `None` when `bytes` are not 28 long.
pub(crate) fn decode_kdf(bytes: &[u8]) -> Option<KdfParams> {
    if bytes.len() != 28 {
        return None;
    }
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap_or_default());
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&bytes[12..]);
    Some(KdfParams { m_cost: u32_at(0), t_cost: u32_at(4), p_cost: u32_at(8), salt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_an_account_shows_neither_its_password_hash_nor_its_token_digest() {
        let account = Account {
            id: "id1".into(),
            email: "a@example.com".into(),
            token_digest: [0xab; 32],
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
            created: Timestamp(1),
        };
        let shown = format!("{account:?}");
        assert!(shown.contains("a@example.com") && shown.contains("***"), "{shown}");
        assert!(!shown.contains("argon2id") && !shown.contains("171"), "{shown}");
    }
}
