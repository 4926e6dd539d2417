//! The [`Store`] operations on SQLite. Writes are single jobs on the group-commit writer, so each
//! is one transaction; reads use the reader pool.

use ots_core::Timestamp;
use ots_core::crypto::IndexKey;
use rusqlite::{OptionalExtension, params};

use super::SqliteStore;
use super::codec::{
    ACCOUNT_COLUMNS, RECEIPT_COLUMNS, account_columns, encode_recipients, loc, mac,
    receipt_columns, secret_columns,
};
use super::expiry::{self, Table};
use crate::model::{
    Account, ClaimGuard, Lockout, LockoutPolicy, NewRecords, RateDecision, StoredReceipt,
    StoredSecret, StoredSession, encode_kdf,
};
use crate::{Store, StoreError};

/// Rows deleted per sweep transaction, so a sweep never holds the writer for long.
const SWEEP_BATCH: usize = 500;
/// The passphrase-failure row that counts every client of a secret has an empty client index.
const ALL_CLIENTS: &[u8] = &[];

const SELECT_SECRET: &str = concat!(
    "SELECT ",
    secret_columns!(),
    " FROM secrets WHERE loc = ?1 AND idx = ?2 AND expires > ?3"
);
const SELECT_RECEIPT: &str = concat!(
    "SELECT ",
    receipt_columns!(),
    " FROM receipts WHERE loc = ?1 AND idx = ?2 AND expires > ?3"
);
const INSERT_SECRET: &str = concat!(
    "INSERT INTO secrets (",
    secret_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
);
const INSERT_RECEIPT: &str = concat!(
    "INSERT INTO receipts (",
    receipt_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
     ?18, ?19, ?20, ?21)"
);
const CLAIM_PLAIN_SECRET: &str = concat!(
    "DELETE FROM secrets WHERE loc = ?1 AND idx = ?2 AND expires > ?3 AND kdf IS NULL \
     RETURNING ",
    secret_columns!()
);
const CLAIM_ANY_SECRET: &str = concat!(
    "DELETE FROM secrets WHERE loc = ?1 AND idx = ?2 AND expires > ?3 RETURNING ",
    secret_columns!()
);

fn secs(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn select_receipt(
    conn: &rusqlite::Connection,
    index: &IndexKey,
    now: i64,
) -> rusqlite::Result<Option<StoredReceipt>> {
    conn.prepare_cached(SELECT_RECEIPT)?
        .query_row(params![loc(index), mac(index), now], super::codec::receipt)
        .optional()
}

fn lockout_now(
    conn: &rusqlite::Connection,
    secret: &IndexKey,
    client: &[u8],
    policy: LockoutPolicy,
    now: i64,
) -> rusqlite::Result<Lockout> {
    let failures = |client: &[u8], column: &str| -> rusqlite::Result<Option<i64>> {
        conn.prepare_cached(&format!(
            "SELECT {column} FROM passphrase_failures \
             WHERE secret_loc = ?1 AND secret_idx = ?2 AND client_idx = ?3"
        ))?
        .query_row(params![loc(secret), mac(secret), client], |r| r.get(0))
        .optional()
    };
    let total = failures(ALL_CLIENTS, "failures")?.unwrap_or(0);
    if total >= i64::from(policy.total) {
        return Ok(Lockout::LockedForGood);
    }
    Ok(match failures(client, "locked_until")? {
        Some(until) if until > now => {
            Lockout::Locked { retry_after: u64::try_from(until - now).unwrap_or(1) }
        }
        _ => Lockout::Open,
    })
}

impl SqliteStore {
    /// Deletes the expired secrets and receipts of every minute that is over, a batch per
    /// writer job, using the locator ranges of module `expiry`.
    async fn sweep_ranges(&self, now: Timestamp) -> Result<u64, StoreError> {
        let mut total = 0u64;
        loop {
            let ranges: Vec<(i64, i64, i64, i64)> = self
                .read(move |conn| {
                    conn.prepare_cached(
                        "SELECT tbl, minute, lo, hi FROM sweep_ranges WHERE minute < ?1 \
                         ORDER BY minute LIMIT 100",
                    )?
                    .query_map(params![expiry::minute(now.0)], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect()
                })
                .await?;
            if ranges.is_empty() {
                return Ok(total);
            }
            for (code, minute, lo, hi) in ranges {
                let table = Table::from_code(code).ok_or_else(|| {
                    StoreError::Corrupt(format!("sweep range of unknown table {code}"))
                })?;
                loop {
                    // One batch; the range goes with its last batch, in the same transaction.
                    let deleted = self
                        .write(move |conn| {
                            let n = conn
                                .prepare_cached(&format!(
                                    "DELETE FROM {t} WHERE loc IN (SELECT loc FROM {t} \
                                     WHERE loc BETWEEN ?1 AND ?2 AND expires <= ?3 LIMIT ?4)",
                                    t = table.name()
                                ))?
                                .execute(params![lo, hi, now.0, SWEEP_BATCH])?;
                            if n < SWEEP_BATCH {
                                conn.prepare_cached(
                                    "DELETE FROM sweep_ranges WHERE tbl = ?1 AND minute = ?2",
                                )?
                                .execute(params![code, minute])?;
                            }
                            Ok(n)
                        })
                        .await?;
                    total += deleted as u64;
                    if deleted < SWEEP_BATCH {
                        break;
                    }
                }
            }
        }
    }
}

impl Store for SqliteStore {
    async fn create(&self, new: NewRecords) -> Result<(), StoreError> {
        self.write(move |conn| {
            let (s, r) = (&new.secret, &new.receipt);
            conn.prepare_cached(INSERT_SECRET)?.execute(params![
                loc(&s.index),
                mac(&s.index),
                loc(&s.receipt_index),
                mac(&s.receipt_index),
                s.sealed_value,
                s.kdf.as_ref().map(encode_kdf),
                s.created.0,
                s.expires.0,
            ])?;
            conn.prepare_cached(INSERT_RECEIPT)?.execute(params![
                loc(&r.index),
                mac(&r.index),
                loc(&r.secret_index),
                mac(&r.secret_index),
                r.sealed_link,
                r.owner,
                r.owner_sealed_id,
                r.kind.as_str(),
                r.state.as_str(),
                r.has_passphrase,
                encode_recipients(&r.recipients),
                r.share_domain,
                r.memo,
                secs(r.lifespan),
                r.created.0,
                r.updated.0,
                r.previewed.map(|t| t.0),
                r.revealed.map(|t| t.0),
                r.burned.map(|t| t.0),
                r.secret_expires.0,
                r.expires.0,
            ])?;
            expiry::note(Table::Secrets, s.expires.0, loc(&s.index));
            expiry::note(Table::Receipts, r.expires.0, loc(&r.index));
            if let Some(g) = &new.generated {
                conn.prepare_cached(
                    "INSERT INTO generated (loc, idx, sealed, until) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    loc(&r.index),
                    mac(&r.index),
                    g.sealed,
                    g.until.0
                ])?;
            }
            Ok(())
        })
        .await
    }

    async fn discard(&self, secret: &IndexKey, receipt: &IndexKey) -> Result<(), StoreError> {
        let (secret, receipt) = (*secret, *receipt);
        self.write(move |conn| {
            for (table, index) in
                [("secrets", &secret), ("receipts", &receipt), ("generated", &receipt)]
            {
                conn.prepare_cached(&format!("DELETE FROM {table} WHERE loc = ?1 AND idx = ?2"))?
                    .execute(params![loc(index), mac(index)])?;
            }
            Ok(())
        })
        .await
    }

    async fn take_generated(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let index = *receipt;
        self.write(move |conn| {
            conn.prepare_cached(
                "DELETE FROM generated WHERE loc = ?1 AND idx = ?2 AND until > ?3 RETURNING sealed",
            )?
            .query_row(params![loc(&index), mac(&index), now.0], |r| r.get(0))
            .optional()
        })
        .await
    }

    async fn get_secret(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        let index = *index;
        self.read(move |conn| {
            conn.prepare_cached(SELECT_SECRET)?
                .query_row(params![loc(&index), mac(&index), now.0], super::codec::secret)
                .optional()
        })
        .await
    }

    async fn claim_secret(
        &self,
        index: &IndexKey,
        guard: ClaimGuard,
        now: Timestamp,
    ) -> Result<Option<StoredSecret>, StoreError> {
        let index = *index;
        self.write(move |conn| {
            let sql = match guard {
                ClaimGuard::NoPassphrase => CLAIM_PLAIN_SECRET,
                ClaimGuard::Any => CLAIM_ANY_SECRET,
            };
            let Some(secret) = conn
                .prepare_cached(sql)?
                .query_row(params![loc(&index), mac(&index), now.0], super::codec::secret)
                .optional()?
            else {
                return Ok(None);
            };
            conn.prepare_cached(
                "UPDATE receipts SET state = 'revealed', revealed = ?3, updated = ?3 \
                 WHERE loc = ?1 AND idx = ?2",
            )?
            .execute(params![
                loc(&secret.receipt_index),
                mac(&secret.receipt_index),
                now.0
            ])?;
            Ok(Some(secret))
        })
        .await
    }

    async fn burn(
        &self,
        receipt: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        let index = *receipt;
        self.write(move |conn| {
            let Some(found) = select_receipt(conn, &index, now.0)? else {
                return Ok(None);
            };
            let secret = &found.secret_index;
            let deleted = conn
                .prepare_cached("DELETE FROM secrets WHERE loc = ?1 AND idx = ?2 AND expires > ?3")?
                .execute(params![loc(secret), mac(secret), now.0])?;
            if deleted == 0 {
                return Ok(None);
            }
            conn.prepare_cached(
                "UPDATE receipts SET state = 'burned', burned = ?3, updated = ?3 \
                 WHERE loc = ?1 AND idx = ?2",
            )?
            .execute(params![loc(&index), mac(&index), now.0])?;
            select_receipt(conn, &index, now.0)
        })
        .await
    }

    async fn mark_previewed(&self, secret: &IndexKey, now: Timestamp) -> Result<(), StoreError> {
        let index = *secret;
        self.write(move |conn| {
            conn.prepare_cached(
                "UPDATE receipts SET state = 'previewed', previewed = ?3, updated = ?3 \
                 WHERE state = 'new' AND (loc, idx) = \
                 (SELECT receipt_loc, receipt_idx FROM secrets \
                  WHERE loc = ?1 AND idx = ?2 AND expires > ?3)",
            )?
            .execute(params![loc(&index), mac(&index), now.0])?;
            Ok(())
        })
        .await
    }

    async fn get_receipt(
        &self,
        index: &IndexKey,
        now: Timestamp,
    ) -> Result<Option<StoredReceipt>, StoreError> {
        let index = *index;
        self.read(move |conn| select_receipt(conn, &index, now.0)).await
    }

    async fn set_memo(
        &self,
        index: &IndexKey,
        memo: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let (index, memo) = (*index, memo.to_owned());
        self.write(move |conn| {
            let n = conn
                .prepare_cached(
                    "UPDATE receipts SET memo = ?3, updated = ?4 \
                     WHERE loc = ?1 AND idx = ?2 AND expires > ?4",
                )?
                .execute(params![loc(&index), mac(&index), memo, now.0])?;
            Ok(n > 0)
        })
        .await
    }

    async fn recent_receipts(
        &self,
        owner: &str,
        since: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<StoredReceipt>, StoreError> {
        let owner = owner.to_owned();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {RECEIPT_COLUMNS} FROM receipts \
                 WHERE owner = ?1 AND created >= ?2 AND expires > ?3 \
                 ORDER BY created DESC, updated DESC LIMIT ?4"
            ))?
            .query_map(params![owner, since.0, now.0, limit], super::codec::receipt)?
            .collect()
        })
        .await
    }

    async fn passphrase_lockout(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        let (secret, client) = (*secret, *client);
        self.read(move |conn| lockout_now(conn, &secret, mac(&client), policy, now.0)).await
    }

    async fn record_passphrase_failure(
        &self,
        secret: &IndexKey,
        client: &IndexKey,
        policy: LockoutPolicy,
        now: Timestamp,
    ) -> Result<Lockout, StoreError> {
        let (secret, client) = (*secret, *client);
        self.write(move |conn| {
            let (s_loc, s_mac, c) = (loc(&secret), mac(&secret), mac(&client));
            let now_s = now.0;
            // Every client: never expires on its own; the sweep drops it with its secret.
            conn.prepare_cached(
                "INSERT INTO passphrase_failures VALUES (?1, ?2, ?3, ?4, 1, 0, ?5) \
                 ON CONFLICT (secret_loc, secret_idx, client_idx) \
                 DO UPDATE SET failures = failures + 1",
            )?
            .execute(params![s_loc, s_mac, ALL_CLIENTS, now_s, i64::MAX])?;
            let row: Option<(i64, u32)> = conn
                .prepare_cached(
                    "SELECT window_start, failures FROM passphrase_failures \
                     WHERE secret_loc = ?1 AND secret_idx = ?2 AND client_idx = ?3",
                )?
                .query_row(params![s_loc, s_mac, c], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let window = secs(policy.window_secs);
            let (mut start, mut failures) = match row {
                Some((start, failures)) if start + window > now_s => (start, failures),
                _ => (now_s, 0),
            };
            failures += 1;
            let mut locked_until = 0;
            if failures >= policy.per_client {
                locked_until = now_s + secs(policy.lockout_secs);
                (start, failures) = (now_s, 0);
            }
            let expires = (start + window).max(locked_until);
            conn.prepare_cached(
                "INSERT INTO passphrase_failures VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (secret_loc, secret_idx, client_idx) DO UPDATE SET \
                 window_start = ?4, failures = ?5, locked_until = max(locked_until, ?6), \
                 expires = ?7",
            )?
            .execute(params![
                s_loc,
                s_mac,
                c,
                start,
                failures,
                locked_until,
                expires
            ])?;
            lockout_now(conn, &secret, c, policy, now_s)
        })
        .await
    }

    async fn rate_limit_hit(
        &self,
        bucket: &str,
        limit: u32,
        window_secs: u64,
        now: Timestamp,
    ) -> Result<RateDecision, StoreError> {
        let mut windows = self
            .inner
            .rate_windows
            .lock()
            .map_err(|_| StoreError::Unavailable("rate limiter poisoned".into()))?;
        let window = secs(window_secs);
        let entry = windows.entry(bucket.to_owned()).or_insert((now.0, 0));
        if entry.0 + window <= now.0 {
            *entry = (now.0, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        Ok(if entry.1 > limit {
            RateDecision::Limited {
                retry_after: u64::try_from(entry.0 + window - now.0).unwrap_or(1),
            }
        } else {
            RateDecision::Allowed
        })
    }

    async fn create_account(&self, account: Account) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.prepare_cached(&format!(
                "INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"
            ))?
            .execute(params![
                account.id,
                account.email.to_lowercase(),
                account.token_digest.to_vec(),
                account.created.0,
                account.password_hash,
            ])?;
            Ok(())
        })
        .await
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let email = email.to_lowercase();
        self.read(move |conn| {
            conn.prepare_cached(concat!(
                "SELECT ",
                account_columns!(),
                " FROM accounts WHERE email = ?1"
            ))?
            .query_row(params![email], super::codec::account)
            .optional()
        })
        .await
    }

    async fn account_by_id(&self, id: &str) -> Result<Option<Account>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| {
            conn.prepare_cached(concat!(
                "SELECT ",
                account_columns!(),
                " FROM accounts WHERE id = ?1"
            ))?
            .query_row(params![id], super::codec::account)
            .optional()
        })
        .await
    }

    async fn list_accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.read(|conn| {
            conn.prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY created, email"
            ))?
            .query_map([], super::codec::account)?
            .collect()
        })
        .await
    }

    async fn set_token_digest(&self, email: &str, digest: [u8; 32]) -> Result<bool, StoreError> {
        let email = email.to_lowercase();
        self.write(move |conn| {
            let n = conn
                .prepare_cached("UPDATE accounts SET token_digest = ?2 WHERE email = ?1")?
                .execute(params![email, digest.to_vec()])?;
            Ok(n > 0)
        })
        .await
    }

    async fn remove_account(&self, email: &str) -> Result<bool, StoreError> {
        let email = email.to_lowercase();
        self.write(move |conn| {
            let n = conn
                .prepare_cached("DELETE FROM accounts WHERE email = ?1")?
                .execute(params![email])?;
            Ok(n > 0)
        })
        .await
    }

    async fn set_password_hash(&self, email: &str, phc: &str) -> Result<bool, StoreError> {
        let (email, phc) = (email.to_lowercase(), phc.to_owned());
        self.write(move |conn| {
            let n = conn
                .prepare_cached("UPDATE accounts SET password_hash = ?2 WHERE email = ?1")?
                .execute(params![email, phc])?;
            Ok(n > 0)
        })
        .await
    }

    async fn create_session(
        &self,
        digest: [u8; 32],
        session: StoredSession,
    ) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT INTO sessions (digest, email, account_id, created, expires) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                digest.to_vec(),
                session.email.to_lowercase(),
                session.account_id,
                session.created.0,
                session.expires.0
            ])?;
            Ok(())
        })
        .await
    }

    async fn get_session(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        let digest = *digest;
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT email, account_id, created, expires FROM sessions \
                 WHERE digest = ?1 AND expires > ?2",
            )?
            .query_row(params![digest.to_vec(), now.0], super::codec::session)
            .optional()
        })
        .await
    }

    async fn session_account(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<Account>, StoreError> {
        // One read for both: every signed-in page asks. The account is found by its id, the
        // primary key: a later account with the session's e-mail has another.
        let digest = *digest;
        self.read(move |conn| {
            conn.prepare_cached(concat!(
                "SELECT ",
                account_columns!(),
                " FROM accounts WHERE id = (SELECT account_id FROM sessions",
                " WHERE digest = ?1 AND expires > ?2)"
            ))?
            .query_row(params![digest.to_vec(), now.0], super::codec::account)
            .optional()
        })
        .await
    }

    async fn delete_session(&self, digest: &[u8; 32]) -> Result<bool, StoreError> {
        let digest = *digest;
        self.write(move |conn| {
            let n = conn
                .prepare_cached("DELETE FROM sessions WHERE digest = ?1")?
                .execute(params![digest.to_vec()])?;
            Ok(n > 0)
        })
        .await
    }

    async fn sweep(&self, now: Timestamp) -> Result<u64, StoreError> {
        let mut total = self.sweep_ranges(now).await?;
        for sql in [
            "DELETE FROM generated WHERE loc IN \
             (SELECT loc FROM generated WHERE until <= ?1 LIMIT ?2)",
            "DELETE FROM sessions WHERE digest IN \
             (SELECT digest FROM sessions WHERE expires <= ?1 LIMIT ?2)",
            "DELETE FROM passphrase_failures WHERE (secret_loc, secret_idx, client_idx) IN \
             (SELECT secret_loc, secret_idx, client_idx FROM passphrase_failures f \
              WHERE f.expires <= ?1 OR NOT EXISTS \
              (SELECT 1 FROM secrets s WHERE s.loc = f.secret_loc AND s.idx = f.secret_idx) \
              LIMIT ?2)",
        ] {
            loop {
                let n = self
                    .write(move |conn| {
                        conn.prepare_cached(sql)?.execute(params![now.0, SWEEP_BATCH])
                    })
                    .await?;
                total += n as u64;
                if n < SWEEP_BATCH {
                    break;
                }
            }
        }
        if let Ok(mut windows) = self.inner.rate_windows.lock() {
            // A window older than a day is over for any limit we configure.
            windows.retain(|_, (start, _)| *start + 86_400 > now.0);
        }
        Ok(total)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| conn.query_row("SELECT 1", [], |_| Ok(()))).await
    }
}
