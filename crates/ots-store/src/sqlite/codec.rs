//! Rows to records and back: the only place that knows column order and encodings.

use ots_core::crypto::{IndexKey, KdfParams};
use ots_core::{ReceiptState, SecretKind, Timestamp};
use rusqlite::Row;
use rusqlite::types::Type;

use crate::model::{Account, StoredReceipt, StoredSecret};

pub(super) const SECRET_COLUMNS: &str = "idx, receipt_idx, sealed, kdf, created, expires";
pub(super) const RECEIPT_COLUMNS: &str = "idx, secret_idx, sealed_link, owner, owner_sealed_id, \
     kind, state, has_passphrase, recipients, share_domain, memo, lifespan, created, updated, \
     previewed, revealed, burned, secret_expires, expires";
pub(super) const ACCOUNT_COLUMNS: &str = "id, email, token_digest, created";

fn corrupt(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Blob, what.into())
}

pub(super) fn index(row: &Row<'_>, col: usize) -> rusqlite::Result<IndexKey> {
    let bytes: Vec<u8> = row.get(col)?;
    let arr: [u8; 32] = bytes.try_into().map_err(|_| corrupt(col, "index is not 32 bytes"))?;
    Ok(IndexKey::from_bytes(arr))
}

fn ts(row: &Row<'_>, col: usize) -> rusqlite::Result<Timestamp> {
    row.get(col).map(Timestamp)
}

fn opt_ts(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<Timestamp>> {
    row.get::<_, Option<i64>>(col).map(|v| v.map(Timestamp))
}

/// KDF parameters as 28 bytes: m, t, p as little-endian u32, then the 16-byte salt.
pub(super) fn encode_kdf(kdf: &KdfParams) -> Vec<u8> {
    let mut out = Vec::with_capacity(28);
    out.extend_from_slice(&kdf.m_cost.to_le_bytes());
    out.extend_from_slice(&kdf.t_cost.to_le_bytes());
    out.extend_from_slice(&kdf.p_cost.to_le_bytes());
    out.extend_from_slice(&kdf.salt);
    out
}

fn decode_kdf(bytes: &[u8], col: usize) -> rusqlite::Result<KdfParams> {
    if bytes.len() != 28 {
        return Err(corrupt(col, "kdf parameters are not 28 bytes"));
    }
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap_or_default());
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&bytes[12..]);
    Ok(KdfParams { m_cost: u32_at(0), t_cost: u32_at(4), p_cost: u32_at(8), salt })
}

pub(super) fn secret(row: &Row<'_>) -> rusqlite::Result<StoredSecret> {
    let kdf: Option<Vec<u8>> = row.get(3)?;
    Ok(StoredSecret {
        index: index(row, 0)?,
        receipt_index: index(row, 1)?,
        sealed_value: row.get(2)?,
        kdf: kdf.map(|b| decode_kdf(&b, 3)).transpose()?,
        created: ts(row, 4)?,
        expires: ts(row, 5)?,
    })
}

pub(super) fn encode_recipients(recipients: &[String]) -> String {
    recipients.join("\n")
}

pub(super) fn receipt(row: &Row<'_>) -> rusqlite::Result<StoredReceipt> {
    let kind: String = row.get(5)?;
    let state: String = row.get(6)?;
    let recipients: String = row.get(8)?;
    let lifespan: i64 = row.get(11)?;
    Ok(StoredReceipt {
        index: index(row, 0)?,
        secret_index: index(row, 1)?,
        sealed_link: row.get(2)?,
        owner: row.get(3)?,
        owner_sealed_id: row.get(4)?,
        kind: SecretKind::parse(&kind).ok_or_else(|| corrupt(5, "unknown kind"))?,
        state: ReceiptState::parse(&state).ok_or_else(|| corrupt(6, "unknown state"))?,
        has_passphrase: row.get(7)?,
        recipients: recipients.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        share_domain: row.get(9)?,
        memo: row.get(10)?,
        lifespan: u64::try_from(lifespan).map_err(|_| corrupt(11, "negative lifespan"))?,
        created: ts(row, 12)?,
        updated: ts(row, 13)?,
        previewed: opt_ts(row, 14)?,
        revealed: opt_ts(row, 15)?,
        burned: opt_ts(row, 16)?,
        secret_expires: ts(row, 17)?,
        expires: ts(row, 18)?,
    })
}

pub(super) fn account(row: &Row<'_>) -> rusqlite::Result<Account> {
    let digest: Vec<u8> = row.get(2)?;
    Ok(Account {
        id: row.get(0)?,
        email: row.get(1)?,
        token_digest: digest.try_into().map_err(|_| corrupt(2, "digest is not 32 bytes"))?,
        created: ts(row, 3)?,
    })
}
