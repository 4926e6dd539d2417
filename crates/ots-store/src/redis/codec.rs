//! Records to Redis hash fields and back: the only place that knows field names and encodings.
//! Numbers are decimal text, blobs raw bytes, absent options absent fields.

use std::collections::HashMap;

use ots_core::crypto::IndexKey;
use ots_core::{ReceiptState, SecretKind, Timestamp};

use crate::StoreError;
use crate::model::{Account, StoredReceipt, StoredSecret, StoredSession, decode_kdf, encode_kdf};

/// A hash as Redis returns it.
pub(super) type Fields = HashMap<String, Vec<u8>>;
/// Field-value pairs to write.
pub(super) type Pairs = Vec<(&'static str, Vec<u8>)>;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("redis record: {what}"))
}

fn text(n: impl std::fmt::Display) -> Vec<u8> {
    n.to_string().into_bytes()
}

/// The mac of an index as it appears in keys.
pub(super) fn mac_hex(index: &IndexKey) -> String {
    index.to_hex()
}

fn unhex(s: &[u8]) -> Option<[u8; 32]> {
    let s = std::str::from_utf8(s).ok()?;
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

struct Reader<'a>(&'a Fields);

impl Reader<'_> {
    fn bytes(&self, name: &str) -> Result<Vec<u8>, StoreError> {
        self.0.get(name).cloned().ok_or_else(|| corrupt(&format!("no field {name}")))
    }

    fn opt_bytes(&self, name: &str) -> Option<Vec<u8>> {
        self.0.get(name).cloned()
    }

    fn string(&self, name: &str) -> Result<String, StoreError> {
        String::from_utf8(self.bytes(name)?).map_err(|_| corrupt(&format!("{name} is not text")))
    }

    fn opt_string(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.opt_bytes(name)
            .map(|b| String::from_utf8(b).map_err(|_| corrupt(&format!("{name} is not text"))))
            .transpose()
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<T, StoreError> {
        self.string(name)?.parse().map_err(|_| corrupt(&format!("{name} is not a number")))
    }

    fn opt_ts(&self, name: &str) -> Result<Option<Timestamp>, StoreError> {
        self.opt_string(name)?
            .map(|s| s.parse().map(Timestamp).map_err(|_| corrupt(&format!("{name} is no time"))))
            .transpose()
    }

    fn index(&self, locator: &str, mac: &str) -> Result<IndexKey, StoreError> {
        let mac = unhex(&self.bytes(mac)?).ok_or_else(|| corrupt("mac is not 64 hex digits"))?;
        Ok(IndexKey::new(mac, self.number(locator)?))
    }
}

pub(super) fn secret_pairs(s: &StoredSecret) -> Pairs {
    let mut pairs = vec![
        ("l", text(s.index.locator())),
        ("m", mac_hex(&s.index).into_bytes()),
        ("rl", text(s.receipt_index.locator())),
        ("r", mac_hex(&s.receipt_index).into_bytes()),
        ("sealed", s.sealed_value.clone()),
        ("created", text(s.created.0)),
        ("expires", text(s.expires.0)),
    ];
    if let Some(kdf) = &s.kdf {
        pairs.push(("kdf", encode_kdf(kdf)));
    }
    pairs
}

pub(super) fn secret(fields: &Fields) -> Result<StoredSecret, StoreError> {
    let r = Reader(fields);
    Ok(StoredSecret {
        index: r.index("l", "m")?,
        receipt_index: r.index("rl", "r")?,
        sealed_value: r.bytes("sealed")?,
        kdf: r
            .opt_bytes("kdf")
            .map(|b| decode_kdf(&b).ok_or_else(|| corrupt("kdf parameters are not 28 bytes")))
            .transpose()?,
        created: Timestamp(r.number("created")?),
        expires: Timestamp(r.number("expires")?),
    })
}

pub(super) fn receipt_pairs(r: &StoredReceipt) -> Pairs {
    let mut pairs = vec![
        ("l", text(r.index.locator())),
        ("m", mac_hex(&r.index).into_bytes()),
        ("sl", text(r.secret_index.locator())),
        ("s", mac_hex(&r.secret_index).into_bytes()),
        ("link", r.sealed_link.clone()),
        ("kind", r.kind.as_str().as_bytes().to_vec()),
        ("state", r.state.as_str().as_bytes().to_vec()),
        ("passphrase", text(u8::from(r.has_passphrase))),
        ("recipients", r.recipients.join("\n").into_bytes()),
        ("domain", r.share_domain.clone().into_bytes()),
        ("lifespan", text(r.lifespan)),
        ("created", text(r.created.0)),
        ("updated", text(r.updated.0)),
        ("secret_expires", text(r.secret_expires.0)),
        ("expires", text(r.expires.0)),
    ];
    let optional = [
        ("owner", r.owner.as_ref().map(|o| o.clone().into_bytes())),
        ("owner_sealed_id", r.owner_sealed_id.clone()),
        ("memo", r.memo.as_ref().map(|m| m.clone().into_bytes())),
        ("previewed", r.previewed.map(|t| text(t.0))),
        ("revealed", r.revealed.map(|t| text(t.0))),
        ("burned", r.burned.map(|t| text(t.0))),
    ];
    pairs.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    pairs
}

pub(super) fn receipt(fields: &Fields) -> Result<StoredReceipt, StoreError> {
    let r = Reader(fields);
    let kind = r.string("kind")?;
    let state = r.string("state")?;
    let recipients = r.string("recipients")?;
    Ok(StoredReceipt {
        index: r.index("l", "m")?,
        secret_index: r.index("sl", "s")?,
        sealed_link: r.bytes("link")?,
        owner: r.opt_string("owner")?,
        owner_sealed_id: r.opt_bytes("owner_sealed_id"),
        kind: SecretKind::parse(&kind).ok_or_else(|| corrupt("unknown kind"))?,
        state: ReceiptState::parse(&state).ok_or_else(|| corrupt("unknown state"))?,
        has_passphrase: r.string("passphrase")? == "1",
        recipients: recipients.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        share_domain: r.string("domain")?,
        memo: r.opt_string("memo")?,
        lifespan: r.number("lifespan")?,
        created: Timestamp(r.number("created")?),
        updated: Timestamp(r.number("updated")?),
        previewed: r.opt_ts("previewed")?,
        revealed: r.opt_ts("revealed")?,
        burned: r.opt_ts("burned")?,
        secret_expires: Timestamp(r.number("secret_expires")?),
        expires: Timestamp(r.number("expires")?),
    })
}

pub(super) fn account_pairs(a: &Account) -> Pairs {
    let mut pairs = vec![
        ("id", a.id.clone().into_bytes()),
        ("email", a.email.to_lowercase().into_bytes()),
        ("token_digest", a.token_digest.to_vec()),
        ("created", text(a.created.0)),
    ];
    if let Some(phc) = &a.password_hash {
        pairs.push(("password_hash", phc.clone().into_bytes()));
    }
    pairs
}

pub(super) fn session_pairs(s: &StoredSession) -> Pairs {
    vec![
        ("email", s.email.to_lowercase().into_bytes()),
        ("account_id", s.account_id.clone().into_bytes()),
        ("created", text(s.created.0)),
        ("expires", text(s.expires.0)),
    ]
}

pub(super) fn session(fields: &Fields) -> Result<StoredSession, StoreError> {
    let r = Reader(fields);
    Ok(StoredSession {
        email: r.string("email")?,
        // Sessions stored before sessions named their account's id find no account.
        account_id: r.opt_string("account_id")?.unwrap_or_default(),
        created: Timestamp(r.number("created")?),
        expires: Timestamp(r.number("expires")?),
    })
}

pub(super) fn account(fields: &Fields) -> Result<Account, StoreError> {
    let r = Reader(fields);
    Ok(Account {
        id: r.string("id")?,
        email: r.string("email")?,
        token_digest: r
            .bytes("token_digest")?
            .try_into()
            .map_err(|_| corrupt("digest is not 32 bytes"))?,
        created: Timestamp(r.number("created")?),
        password_hash: r.opt_string("password_hash")?,
    })
}
