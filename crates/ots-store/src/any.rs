//! [`AnyStore`]: the backend chosen at start-up, behind one concrete type.
//!
//! The server holds this enum rather than being generic over [`Store`], so handlers have no type
//! parameters and the router is compiled once (compile time matters on a 2-core CI machine).

use std::path::Path;

use ots_core::Timestamp;
use ots_core::crypto::IndexKey;

use crate::model::{
    Account, ClaimGuard, Lockout, LockoutPolicy, NewRecords, RateDecision, StoredReceipt,
    StoredSecret, StoredSession,
};
use crate::{RedisOptions, RedisStore, SqliteStore, Store, StoreError};

/// One of the backends.
#[derive(Clone, Debug)]
pub enum AnyStore {
    /// The embedded SQLite store.
    Sqlite(SqliteStore),
    /// Redis or Valkey, standalone or cluster.
    Redis(RedisStore),
}

/// Which backend a `--store` URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// `sqlite` (the data directory's database) or `sqlite://DIR`.
    Sqlite(Option<std::path::PathBuf>),
    /// `redis://…` or `rediss://…` (standalone), `redis+cluster://host:port,…` or
    /// `rediss+cluster://…` (Redis Cluster).
    Redis(String),
}

impl StoreUrl {
    /// Parses a store URL. `None` or `"sqlite"` is the embedded default.
    pub fn parse(url: Option<&str>) -> Result<Self, String> {
        match url.map(str::trim) {
            None | Some("" | "sqlite" | "sqlite:") => Ok(Self::Sqlite(None)),
            Some(u) if u.starts_with("sqlite://") => {
                Ok(Self::Sqlite(Some(u.trim_start_matches("sqlite://").into())))
            }
            Some(u)
                if ["redis://", "rediss://", "redis+cluster://", "rediss+cluster://"]
                    .iter()
                    .any(|scheme| u.starts_with(scheme)) =>
            {
                Ok(Self::Redis(u.to_owned()))
            }
            Some(_) => {
                Err("unknown store URL: use `sqlite`, `sqlite://DIR`, `redis[s]://HOST:PORT` or \
                 `redis[s]+cluster://HOST:PORT,…`"
                    .into())
            }
        }
    }
}

impl AnyStore {
    /// Opens the store a URL names; the embedded store lives in `data_dir` unless the URL says
    /// otherwise.
    pub async fn open(
        url: &StoreUrl,
        data_dir: &Path,
        redis: &RedisOptions,
    ) -> Result<Self, StoreError> {
        match url {
            StoreUrl::Sqlite(dir) => {
                Ok(Self::Sqlite(SqliteStore::open(dir.as_deref().unwrap_or(data_dir))?))
            }
            StoreUrl::Redis(url) => Ok(Self::Redis(RedisStore::connect(url, redis).await?)),
        }
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $call.await,
            // Boxed: a Redis operation's future is several kilobytes, and inline it would size
            // every caller's future (and each move of it) for Redis even on SQLite.
            AnyStore::Redis($s) => Box::pin($call).await,
        }
    };
}

impl Store for AnyStore {
    async fn create(&self, new: NewRecords) -> Result<(), StoreError> {
        delegate!(self, s => s.create(new))
    }
    async fn discard(&self, secret: &IndexKey, receipt: &IndexKey) -> Result<(), StoreError> {
        delegate!(self, s => s.discard(secret, receipt))
    }
    async fn take_generated(
        &self,
        r: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        delegate!(self, s => s.take_generated(r, now))
    }
    async fn get_secret(
        &self,
        i: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        delegate!(self, s => s.get_secret(i, now))
    }
    async fn claim_secret(
        &self,
        i: &IndexKey,
        guard: ClaimGuard,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        delegate!(self, s => s.claim_secret(i, guard, now))
    }
    async fn burn(
        &self,
        r: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        delegate!(self, s => s.burn(r, now))
    }
    async fn mark_previewed(&self, i: &IndexKey, now: Timestamp) -> Result<(), StoreError> {
        delegate!(self, s => s.mark_previewed(i, now))
    }
    async fn get_receipt(
        &self,
        i: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        delegate!(self, s => s.get_receipt(i, now))
    }
    async fn set_memo(&self, i: &IndexKey, memo: &str, now: Timestamp) -> Result<bool, StoreError> {
        delegate!(self, s => s.set_memo(i, memo, now))
    }
    async fn recent_receipts(
        &self,
        owner: &str,
        since: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<StoredReceipt>, StoreError> {
        delegate!(self, s => s.recent_receipts(owner, since, now, limit))
    }
    async fn passphrase_lockout(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        delegate!(self, s => s.passphrase_lockout(secret, client, policy, now))
    }
    async fn record_passphrase_failure(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        delegate!(self, s => s.record_passphrase_failure(secret, client, policy, now))
    }
    async fn rate_limit_hit(
        &self,
        bucket: &str,
        limit: u32,
        window_secs: u64,
        now: Timestamp,
    ) -> Result<RateDecision, StoreError> {
        delegate!(self, s => s.rate_limit_hit(bucket, limit, window_secs, now))
    }
    async fn create_account(&self, account: Account) -> Result<(), StoreError> {
        delegate!(self, s => s.create_account(account))
    }
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        delegate!(self, s => s.account_by_email(email))
    }
    async fn account_by_id(&self, id: &str) -> Result<Option<Account>, StoreError> {
        delegate!(self, s => s.account_by_id(id))
    }
    async fn list_accounts(&self) -> Result<Vec<Account>, StoreError> {
        delegate!(self, s => s.list_accounts())
    }
    async fn set_token_digest(&self, email: &str, digest: [u8; 32]) -> Result<bool, StoreError> {
        delegate!(self, s => s.set_token_digest(email, digest))
    }
    async fn remove_account(&self, email: &str) -> Result<bool, StoreError> {
        delegate!(self, s => s.remove_account(email))
    }
    async fn set_password_hash(&self, email: &str, phc: &str) -> Result<bool, StoreError> {
        delegate!(self, s => s.set_password_hash(email, phc))
    }
    async fn create_session(
        &self,
        digest: [u8; 32],
        session: StoredSession,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.create_session(digest, session))
    }
    async fn get_session(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        delegate!(self, s => s.get_session(digest, now))
    }
    async fn session_account(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<Account>, StoreError> {
        delegate!(self, s => s.session_account(digest, now))
    }
    async fn delete_session(&self, digest: &[u8; 32]) -> Result<bool, StoreError> {
        delegate!(self, s => s.delete_session(digest))
    }
    async fn sweep(&self, now: Timestamp) -> Result<u64, StoreError> {
        delegate!(self, s => s.sweep(now))
    }
    async fn ping(&self) -> Result<(), StoreError> {
        delegate!(self, s => s.ping())
    }
}
