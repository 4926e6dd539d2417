//! The shared backend: Redis or Valkey, standalone or Redis Cluster, for several `ots serve`
//! nodes at once.
//!
//! # Keys
//! Every record of a secret lives under its locator's hash tag, so a secret, its receipt and
//! its passphrase-failure counters sit in one cluster slot and each step is one single-slot Lua
//! script (module `scripts`):
//!
//! | key | what |
//! | --- | --- |
//! | `P:{L}:s:MAC` | a secret (hash) |
//! | `P:{L}:r:MAC` | a receipt (hash) |
//! | `P:{L}:g:MAC` | a generated password's copy for its receipt (hash), kept a minute |
//! | `P:{L}:f:MAC` | wrong-passphrase counters of a secret (hash: `all`, one field per client) |
//! | `P:o:{OWNER}` | an account's receipts (sorted set by creation time) |
//! | `P:a:{EMAIL}` | an account (hash); `P:accounts` lists them (sorted set) |
//! | `P:rl:{BUCKET}` | a rate-limit window (hash) |
//! | `P:se:{DIGEST}` | a web session (hash), under the SHA-256 of its token in hex |
//!
//! `P` is the key prefix (`ots` unless the URL's `prefix` parameter says otherwise), `L` the
//! locator, `MAC` the index's HMAC in hex. Nothing in a key or value is a plaintext value, id,
//! passphrase or token.
//!
//! # Time
//! Liveness is decided by the stored expiry against the caller's `now`, as on SQLite; key TTLs
//! (relative to that `now`) make Redis drop records by itself afterwards, so
//! [`Store::sweep`] has nothing to do.
//!
//! # Failure
//! Every command has a response timeout, so an unreachable Redis fails fast as
//! [`StoreError::Unavailable`]; the connection is re-established in the background.

mod codec;
mod scripts;

use std::time::Duration;

use ots_core::Timestamp;
use ots_core::crypto::IndexKey;
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClient;
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisError, RedisFuture, TlsCertificates, TlsMode, Value};

use self::codec::{Fields, Pairs, mac_hex};
use crate::model::{
    Account, ClaimGuard, Lockout, LockoutPolicy, NewRecords, RateDecision, StoredReceipt,
    StoredSecret, StoredSession,
};
use crate::{Store, StoreError};

/// Most entries of an owner's list read in one round trip by [`Store::recent_receipts`].
const RECENT_CHUNK: usize = 100;
/// Most accounts read in one round trip by [`Store::list_accounts`].
const ACCOUNTS_PER_ROUND_TRIP: usize = 500;

/// The connection: one multiplexed, self-healing connection to a standalone server, or the
/// cluster client's connections to every node.
#[derive(Clone)]
enum Connection {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Connection {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Single(c) => c.req_packed_command(cmd),
            Self::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Self::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Single(c) => c.get_db(),
            Self::Cluster(c) => c.get_db(),
        }
    }
}

/// How to use a Redis beyond its URL.
#[derive(Clone, Debug)]
pub struct RedisOptions {
    /// Starts every key (`ots`).
    pub prefix: String,
    /// A PEM certificate authority to trust for `rediss://` instead of the system's roots.
    pub ca_pem: Option<Vec<u8>>,
    /// How long connecting, or one command, may take before the request fails with 503.
    pub timeout: Duration,
}

impl Default for RedisOptions {
    fn default() -> Self {
        Self { prefix: "ots".to_owned(), ca_pem: None, timeout: Duration::from_secs(2) }
    }
}

/// The Redis store. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct RedisStore {
    conn: Connection,
    prefix: String,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.conn {
            Connection::Single(_) => "standalone",
            Connection::Cluster(_) => "cluster",
        };
        f.debug_struct("RedisStore").field("kind", &kind).field("prefix", &self.prefix).finish()
    }
}

/// Runs one read per item at once and answers in the items' order. On the multiplexed
/// connection they go out together: one round trip, not one per item. (Not as one pipeline: a
/// cluster refuses a pipeline whose keys lie in different slots.)
async fn read_together<I, T, F, Fut>(items: Vec<I>, read: F) -> Result<Vec<T>, StoreError>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut reads = tokio::task::JoinSet::new();
    for (position, item) in items.into_iter().enumerate() {
        let read = read(item);
        reads.spawn(async move { (position, read.await) });
    }
    let mut answers: Vec<Option<T>> = std::iter::repeat_with(|| None).take(reads.len()).collect();
    while let Some(joined) = reads.join_next().await {
        let (position, answer) = joined.map_err(|e| StoreError::Unavailable(e.to_string()))?;
        answers[position] = Some(answer);
    }
    Ok(answers.into_iter().flatten().collect())
}

fn unavailable(e: &RedisError) -> StoreError {
    // Redis errors name the command and the server's answer, never the arguments.
    StoreError::Unavailable(format!("redis: {e}"))
}

/// Seconds from `now` until `at`, at least 1: a key TTL.
fn ttl(now: Timestamp, at: Timestamp) -> u64 {
    now.until(at).max(1)
}

fn flatten(pairs: Pairs) -> Vec<Vec<u8>> {
    pairs.into_iter().flat_map(|(k, v)| [k.as_bytes().to_vec(), v]).collect()
}

impl RedisStore {
    /// Connects to the Redis named by `url` (a standalone server lazily, on first use):
    /// `redis://[user:password@]host:port[/db]`, `rediss://…` for TLS, or
    /// `redis+cluster://host:port[,host:port…]` (`rediss+cluster://` for TLS) for a Redis
    /// Cluster (any reachable nodes; the rest are discovered).
    pub async fn connect(url: &str, options: &RedisOptions) -> Result<Self, StoreError> {
        let certs = || TlsCertificates { client_tls: None, root_cert: options.ca_pem.clone() };
        let cluster = url
            .strip_prefix("redis+cluster://")
            .map(|nodes| ("redis", nodes))
            .or_else(|| url.strip_prefix("rediss+cluster://").map(|nodes| ("rediss", nodes)));
        let conn = if let Some((scheme, nodes)) = cluster {
            let nodes: Vec<String> = nodes
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| format!("{scheme}://{n}"))
                .collect();
            let mut builder = ClusterClient::builder(nodes)
                .connection_timeout(options.timeout)
                .response_timeout(options.timeout);
            if scheme == "rediss" {
                builder = builder.tls(TlsMode::Secure).certs(certs());
            }
            let client = builder.build().map_err(|e| unavailable(&e))?;
            Connection::Cluster(client.get_async_connection().await.map_err(|e| unavailable(&e))?)
        } else {
            let client = if url.starts_with("rediss://") {
                redis::Client::build_with_tls(url, certs())
            } else {
                redis::Client::open(url)
            }
            .map_err(|e| unavailable(&e))?;
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(options.timeout))
                .set_response_timeout(Some(options.timeout))
                .set_number_of_retries(2)
                .set_max_delay(Duration::from_millis(500));
            // Lazy: a node starts (not ready) while Redis is down and connects when it is back.
            Connection::Single(
                client.get_connection_manager_lazy(config).map_err(|e| unavailable(&e))?,
            )
        };
        Ok(Self { conn, prefix: options.prefix.clone() })
    }

    fn conn(&self) -> Connection {
        self.conn.clone()
    }

    /// `P:{LOCATOR}:KIND:MAC`: the keys of a record pair, one hash tag for all of them.
    fn record_key(&self, kind: char, locator: impl std::fmt::Display, mac_hex: &str) -> String {
        format!("{}:{{{locator}}}:{kind}:{mac_hex}", self.prefix)
    }

    fn secret_key(&self, index: &IndexKey) -> String {
        self.record_key('s', index.locator(), &mac_hex(index))
    }

    fn receipt_key(&self, index: &IndexKey) -> String {
        self.record_key('r', index.locator(), &mac_hex(index))
    }

    fn generated_key(&self, receipt: &IndexKey) -> String {
        self.record_key('g', receipt.locator(), &mac_hex(receipt))
    }

    fn failures_key(&self, secret: &IndexKey) -> String {
        self.record_key('f', secret.locator(), &mac_hex(secret))
    }

    fn owner_key(&self, owner: &str) -> String {
        format!("{}:o:{{{owner}}}", self.prefix)
    }

    fn account_key(&self, email: &str) -> String {
        format!("{}:a:{{{}}}", self.prefix, email.to_lowercase())
    }

    fn session_key(&self, digest: &[u8; 32]) -> String {
        format!("{}:se:{{{}}}", self.prefix, ots_core::crypto::hex(digest))
    }

    fn accounts_key(&self) -> String {
        format!("{}:accounts", self.prefix)
    }

    /// A hash from each account's external id to its e-mail.
    fn account_ids_key(&self) -> String {
        format!("{}:account-ids", self.prefix)
    }

    async fn hgetall(&self, key: &str) -> Result<Fields, StoreError> {
        redis::cmd("HGETALL")
            .arg(key)
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn get_receipt_fields(
        &self,
        key: &str,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        let fields = self.hgetall(key).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        let receipt = codec::receipt(&fields)?;
        Ok((receipt.expires > now).then_some(receipt))
    }
}

impl Store for RedisStore {
    async fn create(&self, new: NewRecords) -> Result<(), StoreError> {
        let (s, r) = (&new.secret, &new.receipt);
        let now = s.created;
        let secret = flatten(codec::secret_pairs(s));
        let (copy_ttl, copy, until) = match &new.generated {
            Some(g) => (ttl(now, g.until), g.sealed.clone(), g.until.0),
            None => (0, Vec::new(), 0),
        };
        let mut invocation = scripts::CREATE.prepare_invoke();
        invocation
            .key(self.secret_key(&s.index))
            .key(self.receipt_key(&r.index))
            .key(self.generated_key(&r.index))
            .arg(ttl(now, s.expires))
            .arg(ttl(now, r.expires))
            .arg(copy_ttl)
            .arg(copy)
            .arg(until)
            .arg(secret.len())
            .arg(secret)
            .arg(flatten(codec::receipt_pairs(r)));
        // An account's list is another slot: its entry goes out at the same time, so a create
        // is still one round trip. An entry whose records were refused finds nothing and is
        // dropped by `recent_receipts`.
        let owner_entry = async {
            let Some(owner) = &r.owner else {
                return Ok(());
            };
            let member = format!("{}:{}", r.index.locator(), mac_hex(&r.index));
            redis::cmd("ZADD")
                .arg(self.owner_key(owner))
                .arg(r.created.0)
                .arg(member)
                .query_async::<i64>(&mut self.conn())
                .await
                .map(|_| ())
        };
        let mut conn = self.conn();
        let (created, listed) =
            tokio::join!(invocation.invoke_async::<i64>(&mut conn), owner_entry);
        if created.map_err(|e| unavailable(&e))? == 0 {
            return Err(StoreError::Conflict);
        }
        listed.map_err(|e| unavailable(&e))?;
        Ok(())
    }

    async fn discard(&self, secret: &IndexKey, receipt: &IndexKey) -> Result<(), StoreError> {
        // One slot: a pair shares its locator's hash tag.
        let _: i64 = redis::cmd("DEL")
            .arg(self.secret_key(secret))
            .arg(self.receipt_key(receipt))
            .arg(self.generated_key(receipt))
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(())
    }

    async fn take_generated(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        scripts::TAKE_GENERATED
            .key(self.generated_key(receipt))
            .arg(now.0)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn get_secret(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        let fields = self.hgetall(&self.secret_key(index)).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        let secret = codec::secret(&fields)?;
        Ok((secret.expires > now).then_some(secret))
    }

    async fn claim_secret(
        &self,
        index: &IndexKey,
        guard: ClaimGuard,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        let only_plain = u8::from(guard == ClaimGuard::NoPassphrase);
        let fields: Option<Fields> = scripts::CLAIM
            .key(self.secret_key(index))
            .arg(now.0)
            .arg(only_plain)
            .arg(&self.prefix)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        fields.map(|f| codec::secret(&f)).transpose()
    }

    async fn burn(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        let fields: Option<Fields> = scripts::BURN
            .key(self.receipt_key(receipt))
            .arg(now.0)
            .arg(&self.prefix)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        fields.map(|f| codec::receipt(&f)).transpose()
    }

    async fn mark_previewed(&self, secret: &IndexKey, now: Timestamp) -> Result<(), StoreError> {
        let _: i64 = scripts::PREVIEW
            .key(self.secret_key(secret))
            .arg(now.0)
            .arg(&self.prefix)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(())
    }

    async fn get_receipt(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        self.get_receipt_fields(&self.receipt_key(index), now).await
    }

    async fn set_memo(
        &self,
        index: &IndexKey,
        memo: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let saved: i64 = scripts::MEMO
            .key(self.receipt_key(index))
            .arg(memo)
            .arg(now.0)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(saved == 1)
    }

    async fn recent_receipts(
        &self,
        owner: &str,
        since: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<StoredReceipt>, StoreError> {
        let key = self.owner_key(owner);
        let chunk = limit.clamp(1, RECENT_CHUNK);
        let mut found = Vec::with_capacity(limit);
        let mut gone = Vec::new();
        let mut offset = 0;
        // Newest first, a chunk at a time, until `limit` live receipts are found: the list keeps
        // entries of receipts Redis has already expired until a read finds them gone.
        while found.len() < limit {
            let members: Vec<String> = redis::cmd("ZREVRANGEBYSCORE")
                .arg(&key)
                .arg("+inf")
                .arg(since.0)
                .arg("LIMIT")
                .arg(offset)
                .arg(chunk)
                .query_async(&mut self.conn())
                .await
                .map_err(|e| unavailable(&e))?;
            offset += members.len();
            let exhausted = members.len() < chunk;
            let mut keyed = Vec::with_capacity(members.len());
            for member in members {
                match member.split_once(':') {
                    Some((locator, mac)) => {
                        let key = self.record_key('r', locator, mac);
                        keyed.push((member, key));
                    }
                    None => gone.push(member),
                }
            }
            let reads = read_together(keyed, |(member, key)| {
                let store = self.clone();
                async move { (member, store.get_receipt_fields(&key, now).await) }
            })
            .await?;
            for (member, receipt) in reads {
                match receipt? {
                    Some(r) => found.push(r),
                    None => gone.push(member),
                }
            }
            if exhausted {
                break;
            }
        }
        if !gone.is_empty() {
            // Receipts Redis expired (or that expired by `now`) leave the owner's list lazily.
            let _: i64 = redis::cmd("ZREM")
                .arg(&key)
                .arg(gone)
                .query_async(&mut self.conn())
                .await
                .map_err(|e| unavailable(&e))?;
        }
        found.sort_by_key(|r| std::cmp::Reverse((r.created, r.updated)));
        found.truncate(limit);
        Ok(found)
    }

    async fn passphrase_lockout(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        let (all, row): (Option<u32>, Option<String>) = redis::cmd("HMGET")
            .arg(self.failures_key(secret))
            .arg("all")
            .arg(mac_hex(client))
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        if all.unwrap_or(0) >= policy.total {
            return Ok(Lockout::LockedForGood);
        }
        let locked_until = row
            .as_deref()
            .and_then(|r| r.rsplit(':').next())
            .and_then(|t| t.parse::<i64>().ok())
            .unwrap_or(0);
        Ok(if locked_until > now.0 {
            Lockout::Locked { retry_after: u64::try_from(locked_until - now.0).unwrap_or(1) }
        } else {
            Lockout::Open
        })
    }

    async fn record_passphrase_failure(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        let answer: Vec<i64> = scripts::FAILURE
            .key(self.failures_key(secret))
            .key(self.secret_key(secret))
            .arg(mac_hex(client))
            .arg(now.0)
            .arg(policy.window_secs)
            .arg(policy.per_client)
            .arg(policy.lockout_secs)
            .arg(policy.total)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(match answer.as_slice() {
            [2] => Lockout::LockedForGood,
            [1, retry] => Lockout::Locked { retry_after: u64::try_from(*retry).unwrap_or(1) },
            _ => Lockout::Open,
        })
    }

    async fn rate_limit_hit(
        &self,
        bucket: &str,
        limit: u32,
        window_secs: u64,
        now: Timestamp,
    ) -> Result<RateDecision, StoreError> {
        let (hits, left): (u64, i64) = scripts::RATE
            .key(format!("{}:rl:{{{bucket}}}", self.prefix))
            .arg(now.0)
            .arg(window_secs)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(if hits > u64::from(limit) {
            RateDecision::Limited { retry_after: u64::try_from(left).unwrap_or(1).max(1) }
        } else {
            RateDecision::Allowed
        })
    }

    async fn create_account(&self, account: Account) -> Result<(), StoreError> {
        let key = self.account_key(&account.email);
        let created: i64 = scripts::NEW_ACCOUNT
            .key(&key)
            .arg(flatten(codec::account_pairs(&account)))
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        if created == 0 {
            return Err(StoreError::Conflict);
        }
        let _: i64 = redis::cmd("ZADD")
            .arg(self.accounts_key())
            .arg(account.created.0)
            .arg(account.email.to_lowercase())
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        let _: i64 = redis::cmd("HSET")
            .arg(self.account_ids_key())
            .arg(&account.id)
            .arg(account.email.to_lowercase())
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(())
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let fields = self.hgetall(&self.account_key(email)).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        codec::account(&fields).map(Some)
    }

    async fn account_by_id(&self, id: &str) -> Result<Option<Account>, StoreError> {
        let email: Option<String> = redis::cmd("HGET")
            .arg(self.account_ids_key())
            .arg(id)
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        let Some(email) = email else {
            return Ok(None);
        };
        // The id map and the account are in different slots, so they are not written in one
        // step: the account decides, and an entry left behind by a removal finds nothing.
        Ok(self.account_by_email(&email).await?.filter(|a| a.id == id))
    }

    async fn list_accounts(&self) -> Result<Vec<Account>, StoreError> {
        let emails: Vec<String> = redis::cmd("ZRANGE")
            .arg(self.accounts_key())
            .arg(0)
            .arg(-1)
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        let mut accounts = Vec::with_capacity(emails.len());
        for chunk in emails.chunks(ACCOUNTS_PER_ROUND_TRIP) {
            let keys: Vec<String> = chunk.iter().map(|email| self.account_key(email)).collect();
            let reads = read_together(keys, |key| {
                let store = self.clone();
                async move { store.hgetall(&key).await }
            })
            .await?;
            for fields in reads {
                let fields = fields?;
                // An account removed since the ZRANGE has no fields left.
                if !fields.is_empty() {
                    accounts.push(codec::account(&fields)?);
                }
            }
        }
        Ok(accounts)
    }

    async fn set_token_digest(&self, email: &str, digest: [u8; 32]) -> Result<bool, StoreError> {
        let set: i64 = scripts::SET_ACCOUNT_FIELD
            .key(self.account_key(email))
            .arg("token_digest")
            .arg(digest.to_vec())
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(set == 1)
    }

    async fn remove_account(&self, email: &str) -> Result<bool, StoreError> {
        if let Some(account) = self.account_by_email(email).await? {
            let _: i64 = redis::cmd("HDEL")
                .arg(self.account_ids_key())
                .arg(&account.id)
                .query_async(&mut self.conn())
                .await
                .map_err(|e| unavailable(&e))?;
        }
        let removed: i64 = redis::cmd("DEL")
            .arg(self.account_key(email))
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        let _: i64 = redis::cmd("ZREM")
            .arg(self.accounts_key())
            .arg(email.to_lowercase())
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(removed > 0)
    }

    async fn set_password_hash(&self, email: &str, phc: &str) -> Result<bool, StoreError> {
        let set: i64 = scripts::SET_ACCOUNT_FIELD
            .key(self.account_key(email))
            .arg("password_hash")
            .arg(phc)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(set == 1)
    }

    async fn create_session(
        &self,
        digest: [u8; 32],
        session: StoredSession,
    ) -> Result<(), StoreError> {
        let key = self.session_key(&digest);
        let mut pipe = redis::pipe();
        pipe.atomic()
            .cmd("HSET")
            .arg(&key)
            .arg(flatten(codec::session_pairs(&session)))
            .ignore()
            .cmd("EXPIRE")
            .arg(&key)
            .arg(ttl(session.created, session.expires))
            .ignore();
        pipe.query_async::<()>(&mut self.conn()).await.map_err(|e| unavailable(&e))
    }

    async fn get_session(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        let fields = self.hgetall(&self.session_key(digest)).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        let session = codec::session(&fields)?;
        Ok((session.expires > now).then_some(session))
    }

    async fn delete_session(&self, digest: &[u8; 32]) -> Result<bool, StoreError> {
        let removed: i64 = redis::cmd("DEL")
            .arg(self.session_key(digest))
            .query_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(removed > 0)
    }

    async fn sweep(&self, _now: Timestamp) -> Result<u64, StoreError> {
        // Key TTLs expire records on the server; reads already ignore anything past its time.
        Ok(0)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let _: String =
            redis::cmd("PING").query_async(&mut self.conn()).await.map_err(|e| unavailable(&e))?;
        Ok(())
    }
}
