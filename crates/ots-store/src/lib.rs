//! Where secrets and receipts live between create and reveal.
//!
//! The [`Store`] trait is everything a backend must do; each method is one atomic step. The
//! one-time guarantee lives here: [`Store::claim_secret`] and [`Store::burn`] remove a live secret
//! and record the outcome on its receipt in one step, so whatever the concurrency at most one
//! caller ever gets the secret back.
//!
//! Backends hold only what [`model`] describes: sealed blobs under HMAC indexes, never
//! plaintext values, passphrases, ids or tokens.
//!
//! # Layout
//! - [`model`]: the stored shapes ([`NewSecret`], [`StoredReceipt`], [`Account`], …).
//! - [`sqlite`]: the embedded default backend (WAL, group commit, parallel readers).
//! - [`redis`]: the shared backend (Redis or Valkey, standalone or cluster).
//! - [`any`]: [`AnyStore`], the backend chosen at start-up, and [`StoreUrl`].
//! - [`data_dir`]: the data directory, created private, its entries synced.
//! - `conformance` (feature `conformance`): the suite every backend must pass, and the
//!   `conformance_suite!` macro that runs it against one.
//! - `testing` (feature `conformance`): real `redis-server` processes for tests.

#![warn(missing_docs)]

pub mod any;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod data_dir;
pub mod model;
pub mod redis;
pub mod sqlite;
#[cfg(feature = "conformance")]
pub mod testing;

use std::future::Future;

use ots_core::Timestamp;
use ots_core::crypto::IndexKey;

pub use any::{AnyStore, StoreUrl};
pub use data_dir::{create_data_dir, sync_dir};
pub use model::{
    Account, ClaimGuard, GeneratedCopy, Lockout, LockoutPolicy, NewReceipt, NewRecords, NewSecret,
    RateDecision, StoredReceipt, StoredSecret, StoredSession,
};
pub use redis::{RedisOptions, RedisStore};
pub use sqlite::SqliteStore;

/// Why a store operation failed. "Not there" is never an error: it is `Ok(None)`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be reached or is shutting down; the request may be retried.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness rule was broken (an account with that e-mail exists).
    #[error("already exists")]
    Conflict,
    /// The store answered with something this version cannot read.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

/// Everything a backend must do. Each method is one atomic step.
pub trait Store: Clone + Send + Sync + 'static {
    /// Stores a new secret and its receipt. Returns only once both are durable.
    fn create(&self, new: NewRecords) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes a secret, its receipt and its generated copy that were just created and never
    /// handed out (a create refused after the fact: over a rate limit checked meanwhile).
    /// Records that are not there are no error.
    fn discard(
        &self,
        secret: &IndexKey,
        receipt: &IndexKey,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Takes the generated password's copy stored with a receipt: returns it once, before its
    /// `until`, and forgets it.
    fn take_generated(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, StoreError>> + Send;

    /// Reads a live secret without consuming it. Expired secrets are absent.
    fn get_secret(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<StoredSecret>, StoreError>> + Send;

    /// Atomically removes a live secret and marks its receipt revealed; returns the removed
    /// secret once its removal is durable. `Ok(None)`: absent, expired, already claimed, or
    /// refused by `guard`. These are one case on purpose.
    fn claim_secret(
        &self,
        index: &IndexKey,
        guard: ClaimGuard,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<StoredSecret>, StoreError>> + Send;

    /// Atomically removes the live secret of a receipt and marks the receipt burned; returns the
    /// updated receipt. `Ok(None)` when the receipt is unknown or its secret is no longer live.
    fn burn(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<StoredReceipt>, StoreError>> + Send;

    /// Records that a live secret's link was opened without revealing (`new` → `previewed`).
    fn mark_previewed(
        &self,
        secret: &IndexKey,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Reads a receipt that has not outlived its own TTL.
    fn get_receipt(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<StoredReceipt>, StoreError>> + Send;

    /// Sets a receipt's memo. `Ok(false)` when the receipt is unknown.
    fn set_memo(
        &self,
        index: &IndexKey,
        memo: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The owner's receipts created at or after `since`, newest first, at most `limit`.
    fn recent_receipts(
        &self,
        owner: &str,
        since: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<StoredReceipt>, StoreError>> + Send;

    /// Whether `client` may try a passphrase on `secret` now.
    fn passphrase_lockout(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> impl Future<Output = Result<Lockout, StoreError>> + Send;

    /// Counts a failed passphrase attempt and returns the lockout that now applies.
    fn record_passphrase_failure(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> impl Future<Output = Result<Lockout, StoreError>> + Send;

    /// Counts one hit on a fixed-window rate limit and says whether it is allowed.
    fn rate_limit_hit(
        &self,
        bucket: &str,
        limit: u32,
        window_secs: u64,
        now: Timestamp,
    ) -> impl Future<Output = Result<RateDecision, StoreError>> + Send;

    /// Adds an account. [`StoreError::Conflict`] when the e-mail is taken.
    fn create_account(
        &self,
        account: Account,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Finds an account by e-mail (case-insensitive).
    fn account_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Finds an account by its external id (`user_id`), which HTTP Basic auth accepts in place
    /// of the e-mail.
    fn account_by_id(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Every account, oldest first.
    fn list_accounts(&self) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// Replaces an account's token digest. `Ok(false)` when there is no such account.
    fn set_token_digest(
        &self,
        email: &str,
        digest: [u8; 32],
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Removes an account. `Ok(false)` when there is no such account.
    fn remove_account(&self, email: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Replaces an account's web password hash. `Ok(false)` when there is no such account.
    fn set_password_hash(
        &self,
        email: &str,
        phc: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Stores a web session under `digest` (SHA-256 of its token, never the token).
    fn create_session(
        &self,
        digest: [u8; 32],
        session: StoredSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Reads a session that has not expired at `now`.
    fn get_session(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<StoredSession>, StoreError>> + Send;

    /// The account of a session that has not expired at `now`: the account with the session's
    /// account id, so never a later account that signed up with the same e-mail. Every
    /// signed-in page asks this. The default asks [`Store::get_session`], then
    /// [`Store::account_by_email`]; a backend that can read both at once overrides it.
    fn session_account(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send {
        async move {
            let Some(session) = self.get_session(digest, now).await? else {
                return Ok(None);
            };
            let account = self.account_by_email(&session.email).await?;
            Ok(account.filter(|a| a.id == session.account_id))
        }
    }

    /// Ends a session. `Ok(false)` when there was none.
    fn delete_session(
        &self,
        digest: &[u8; 32],
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Deletes what has expired, in small batches; returns how many records went.
    fn sweep(&self, now: Timestamp) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Succeeds when the store can serve requests.
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;
}
