//! The SQLite schema and its versioned migrations, applied in order on open.
//!
//! `PRAGMA user_version` records how many migrations have run. A migration is never edited once
//! released; a change is a new entry at the end.

use rusqlite::Connection;

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: secrets, receipts, passphrase failures, accounts.
    //
    // Secrets and receipts are rowid tables: new rows append to the rightmost leaf, which one
    // group commit shares, and only the small `idx` index takes a random insert per record.
    // Keyed by the random HMAC index directly (WITHOUT ROWID), every create dirtied and often
    // split random leaves of ~300-byte rows, and disk writes per create were twice as large.
    "
    CREATE TABLE secrets (
        id           INTEGER PRIMARY KEY,
        idx          BLOB NOT NULL UNIQUE,
        receipt_idx  BLOB NOT NULL,
        sealed       BLOB NOT NULL,
        kdf          BLOB,
        created      INTEGER NOT NULL,
        expires      INTEGER NOT NULL
    );
    CREATE INDEX secrets_by_expiry ON secrets(expires);

    CREATE TABLE receipts (
        id              INTEGER PRIMARY KEY,
        idx             BLOB NOT NULL UNIQUE,
        secret_idx      BLOB NOT NULL,
        sealed_link     BLOB NOT NULL,
        owner           TEXT,
        owner_sealed_id BLOB,
        kind            TEXT NOT NULL,
        state           TEXT NOT NULL,
        has_passphrase  INTEGER NOT NULL,
        recipients      TEXT NOT NULL,
        share_domain    TEXT NOT NULL,
        memo            TEXT,
        lifespan        INTEGER NOT NULL,
        created         INTEGER NOT NULL,
        updated         INTEGER NOT NULL,
        previewed       INTEGER,
        revealed        INTEGER,
        burned          INTEGER,
        secret_expires  INTEGER NOT NULL,
        expires         INTEGER NOT NULL
    );
    CREATE INDEX receipts_by_owner ON receipts(owner, created) WHERE owner IS NOT NULL;
    CREATE INDEX receipts_by_expiry ON receipts(expires);

    -- One row per (secret, client); the row with an empty client counts every client.
    CREATE TABLE passphrase_failures (
        secret_idx    BLOB NOT NULL,
        client_idx    BLOB NOT NULL,
        window_start  INTEGER NOT NULL,
        failures      INTEGER NOT NULL,
        locked_until  INTEGER NOT NULL,
        expires       INTEGER NOT NULL,
        PRIMARY KEY (secret_idx, client_idx)
    ) WITHOUT ROWID;

    CREATE TABLE accounts (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        token_digest  BLOB NOT NULL,
        created       INTEGER NOT NULL
    );
    ",
    // 2: secrets and receipts keyed by their locator (see `IndexKey`), not by their mac.
    //
    // With a UNIQUE index on the random mac, every create still took two random index inserts,
    // each dirtying a page that the WAL wrote whole and the checkpoint wrote again: ~20 KB of
    // disk writes per create, and the writer thread spent most of its time in the kernel.
    // The locator grows with creation time and is the rowid, so a group of creates appends to
    // the same few pages of each table; the mac is checked on every lookup, and no index on it
    // is needed. Records of schema 1 cannot be given their locator (it is hidden in the id,
    // which the store never had), so their tables are rebuilt empty: schema 1 never shipped in
    // a release.
    "
    DROP TABLE passphrase_failures;
    DROP TABLE receipts;
    DROP TABLE secrets;

    CREATE TABLE secrets (
        loc          INTEGER PRIMARY KEY,
        idx          BLOB NOT NULL,
        receipt_loc  INTEGER NOT NULL,
        receipt_idx  BLOB NOT NULL,
        sealed       BLOB NOT NULL,
        kdf          BLOB,
        created      INTEGER NOT NULL,
        expires      INTEGER NOT NULL
    );
    CREATE INDEX secrets_by_expiry ON secrets(expires);

    CREATE TABLE receipts (
        loc             INTEGER PRIMARY KEY,
        idx             BLOB NOT NULL,
        secret_loc      INTEGER NOT NULL,
        secret_idx      BLOB NOT NULL,
        sealed_link     BLOB NOT NULL,
        owner           TEXT,
        owner_sealed_id BLOB,
        kind            TEXT NOT NULL,
        state           TEXT NOT NULL,
        has_passphrase  INTEGER NOT NULL,
        recipients      TEXT NOT NULL,
        share_domain    TEXT NOT NULL,
        memo            TEXT,
        lifespan        INTEGER NOT NULL,
        created         INTEGER NOT NULL,
        updated         INTEGER NOT NULL,
        previewed       INTEGER,
        revealed        INTEGER,
        burned          INTEGER,
        secret_expires  INTEGER NOT NULL,
        expires         INTEGER NOT NULL
    );
    CREATE INDEX receipts_by_owner ON receipts(owner, created) WHERE owner IS NOT NULL;
    CREATE INDEX receipts_by_expiry ON receipts(expires);

    -- One row per (secret, client); the row with an empty client counts every client.
    CREATE TABLE passphrase_failures (
        secret_loc    INTEGER NOT NULL,
        secret_idx    BLOB NOT NULL,
        client_idx    BLOB NOT NULL,
        window_start  INTEGER NOT NULL,
        failures      INTEGER NOT NULL,
        locked_until  INTEGER NOT NULL,
        expires       INTEGER NOT NULL,
        PRIMARY KEY (secret_loc, secret_idx, client_idx)
    ) WITHOUT ROWID;
    ",
    // 3: generated passwords' copies for the receipt holder, kept for a minute.
    "
    CREATE TABLE generated (
        loc      INTEGER PRIMARY KEY,
        idx      BLOB NOT NULL,
        sealed   BLOB NOT NULL,
        until    INTEGER NOT NULL
    );
    CREATE INDEX generated_by_until ON generated(until);
    ",
    // 4: the sweeper finds expired secrets and receipts by locator ranges per minute of expiry
    // (module `expiry`) instead of two indexes on `expires`, which every create paid for.
    "
    CREATE TABLE sweep_ranges (
        tbl     INTEGER NOT NULL,
        minute  INTEGER NOT NULL,
        lo      INTEGER NOT NULL,
        hi      INTEGER NOT NULL,
        PRIMARY KEY (tbl, minute)
    ) WITHOUT ROWID;
    INSERT INTO sweep_ranges SELECT 0, expires / 60, min(loc), max(loc) FROM secrets
        GROUP BY expires / 60;
    INSERT INTO sweep_ranges SELECT 1, expires / 60, min(loc), max(loc) FROM receipts
        GROUP BY expires / 60;
    DROP INDEX secrets_by_expiry;
    DROP INDEX receipts_by_expiry;
    ",
    // 5: web sign-in: an account's password (Argon2id PHC string) and sessions, keyed by the
    // SHA-256 digest of their token (the token itself is only in the visitor's cookie).
    "
    ALTER TABLE accounts ADD COLUMN password_hash TEXT;
    CREATE TABLE sessions (
        digest   BLOB PRIMARY KEY,
        email    TEXT NOT NULL,
        created  INTEGER NOT NULL,
        expires  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_expiry ON sessions(expires);
    ",
    // 6: a session names its account's id too, so that a session of a removed account never
    // signs into a later account with the same e-mail. Sessions from before have no id and
    // find no account: their visitors sign in again.
    "
    ALTER TABLE sessions ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
    ",
];

/// Brings the schema up to date, each migration in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let applied: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(super::map_error)?;
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "the database was written by a newer ots (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        )));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction().map_err(super::map_error)?;
        tx.execute_batch(sql).map_err(super::map_error)?;
        tx.pragma_update(None, "user_version", n + 1).map_err(super::map_error)?;
        tx.commit().map_err(super::map_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Sessions stored at schema 5 survive migration 6, naming no account id, so they find no
    /// account (`Store::session_account` matches on the id) and their visitors sign in again.
    #[test]
    fn sessions_from_schema_5_survive_migration_6_without_an_account_id() {
        // Arrange: a database at schema 5 with one session.
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute(
            "INSERT INTO sessions (digest, email, created, expires) \
             VALUES (x'01', 'old@example.com', 1, 2)",
            [],
        )
        .unwrap();

        // Act
        migrate(&mut conn).unwrap();

        // Assert
        let (email, account_id): (String, String) = conn
            .query_row("SELECT email, account_id FROM sessions", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((email.as_str(), account_id.as_str()), ("old@example.com", ""));
        let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }
}
