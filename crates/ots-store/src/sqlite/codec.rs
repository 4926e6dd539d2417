//! Rows to records and back: the only place that knows column order and encodings.

use ots_core::crypto::{IndexKey, KdfParams};
use ots_core::{ReceiptState, SecretKind, Timestamp};
use rusqlite::Row;
use rusqlite::types::Type;

use crate::model::{Account, StoredReceipt, StoredSecret, StoredSession};

/// The column lists as macros, so statements on the hot path are `concat!`ed at compile time
/// rather than formatted on every call (the writer thread runs them one after another).
macro_rules! secret_columns {
    () => {
        "loc, idx, receipt_loc, receipt_idx, sealed, kdf, created, expires"
    };
}
macro_rules! receipt_columns {
    () => {
        "loc, idx, secret_loc, secret_idx, sealed_link, owner, owner_sealed_id, kind, state, \
         has_passphrase, recipients, share_domain, memo, lifespan, created, updated, previewed, \
         revealed, burned, secret_expires, expires"
    };
}
/// Read on every authenticated request (HTTP Basic, web sessions).
macro_rules! account_columns {
    () => {
        "id, email, token_digest, created, password_hash"
    };
}
pub(super) use {account_columns, receipt_columns, secret_columns};

pub(super) const RECEIPT_COLUMNS: &str = receipt_columns!();
pub(super) const ACCOUNT_COLUMNS: &str = account_columns!();

fn corrupt(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Blob, what.into())
}

/// A locator as a column value. Every locator is below `2^63` (see `IndexKey::locator`).
pub(super) fn loc(index: &IndexKey) -> i64 {
    i64::try_from(index.locator()).unwrap_or(-1)
}

/// A mac as a column value.
pub(super) fn mac(index: &IndexKey) -> &[u8] {
    index.mac()
}

/// The index in columns `col` (locator) and `col + 1` (mac).
fn index(row: &Row<'_>, col: usize) -> rusqlite::Result<IndexKey> {
    let locator: i64 = row.get(col)?;
    let locator = u64::try_from(locator).map_err(|_| corrupt(col, "negative locator"))?;
    let bytes: Vec<u8> = row.get(col + 1)?;
    let mac: [u8; 32] = bytes.try_into().map_err(|_| corrupt(col + 1, "mac is not 32 bytes"))?;
    Ok(IndexKey::new(mac, locator))
}

fn ts(row: &Row<'_>, col: usize) -> rusqlite::Result<Timestamp> {
    row.get(col).map(Timestamp)
}

fn opt_ts(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<Timestamp>> {
    row.get::<_, Option<i64>>(col).map(|v| v.map(Timestamp))
}

fn decode_kdf(bytes: &[u8], col: usize) -> rusqlite::Result<KdfParams> {
    crate::model::decode_kdf(bytes).ok_or_else(|| corrupt(col, "kdf parameters are not 28 bytes"))
}

pub(super) fn secret(row: &Row<'_>) -> rusqlite::Result<StoredSecret> {
    let kdf: Option<Vec<u8>> = row.get(5)?;
    Ok(StoredSecret {
        index: index(row, 0)?,
        receipt_index: index(row, 2)?,
        sealed_value: row.get(4)?,
        kdf: kdf.map(|b| decode_kdf(&b, 5)).transpose()?,
        created: ts(row, 6)?,
        expires: ts(row, 7)?,
    })
}

pub(super) fn encode_recipients(recipients: &[String]) -> String {
    recipients.join("\n")
}

pub(super) fn receipt(row: &Row<'_>) -> rusqlite::Result<StoredReceipt> {
    let kind: String = row.get(7)?;
    let state: String = row.get(8)?;
    let recipients: String = row.get(10)?;
    let lifespan: i64 = row.get(13)?;
    Ok(StoredReceipt {
        index: index(row, 0)?,
        secret_index: index(row, 2)?,
        sealed_link: row.get(4)?,
        owner: row.get(5)?,
        owner_sealed_id: row.get(6)?,
        kind: SecretKind::parse(&kind).ok_or_else(|| corrupt(7, "unknown kind"))?,
        state: ReceiptState::parse(&state).ok_or_else(|| corrupt(8, "unknown state"))?,
        has_passphrase: row.get(9)?,
        recipients: recipients.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        share_domain: row.get(11)?,
        memo: row.get(12)?,
        lifespan: u64::try_from(lifespan).map_err(|_| corrupt(13, "negative lifespan"))?,
        created: ts(row, 14)?,
        updated: ts(row, 15)?,
        previewed: opt_ts(row, 16)?,
        revealed: opt_ts(row, 17)?,
        burned: opt_ts(row, 18)?,
        secret_expires: ts(row, 19)?,
        expires: ts(row, 20)?,
    })
}

pub(super) fn account(row: &Row<'_>) -> rusqlite::Result<Account> {
    let digest: Vec<u8> = row.get(2)?;
    Ok(Account {
        id: row.get(0)?,
        email: row.get(1)?,
        token_digest: digest.try_into().map_err(|_| corrupt(2, "digest is not 32 bytes"))?,
        created: ts(row, 3)?,
        password_hash: row.get(4)?,
    })
}

pub(super) fn session(row: &Row<'_>) -> rusqlite::Result<StoredSession> {
    Ok(StoredSession {
        email: row.get(0)?,
        account_id: row.get(1)?,
        created: ts(row, 2)?,
        expires: ts(row, 3)?,
    })
}
