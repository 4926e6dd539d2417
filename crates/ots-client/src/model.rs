//! The client's results, the same whichever API version produced them. v1's state names are
//! translated to v2's (`viewed` → previewed, `received` → revealed).

use std::fmt;

use ots_core::ShortId;
use secrecy::SecretString;

/// What to share.
#[derive(Debug)]
pub struct Share {
    /// The value.
    pub secret: SecretString,
    /// Optional passphrase the recipient must give.
    pub passphrase: Option<SecretString>,
    /// Lifetime in seconds; `None` leaves it to the server's default.
    pub ttl: Option<u64>,
}

impl Share {
    /// A share of `secret` with no passphrase and the server's default TTL.
    pub fn new(secret: SecretString) -> Self {
        Self { secret, passphrase: None, ttl: None }
    }
}

/// What to generate: the server makes up a password and shares it.
#[derive(Debug, Default)]
pub struct Generate {
    /// Optional passphrase the recipient must give.
    pub passphrase: Option<SecretString>,
    /// Lifetime in seconds; `None` leaves it to the server's default.
    pub ttl: Option<u64>,
}

/// A secret just created. `Debug` shows the ids' short forms and leaves out the links.
pub struct Created {
    /// The secret's id (in the share link).
    pub secret_id: String,
    /// The receipt's id (in the receipt link). Keep it private.
    pub receipt_id: String,
    /// The link for the recipient.
    pub share_url: String,
    /// The creator's link.
    pub receipt_url: String,
    /// The TTL the server applied, seconds (it may clamp the one asked for).
    pub ttl: Option<u64>,
    /// Whether a passphrase guards the value.
    pub has_passphrase: bool,
    /// The generated password (`generate` only).
    pub value: Option<SecretString>,
}

/// A receipt state: one ots knows (read from a v1 or v2 name), or another, as the server
/// named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptState {
    /// A state ots knows ([`crate::KnownState`]).
    Known(ots_core::ReceiptState),
    /// A state this client does not know.
    Other(String),
}

impl ReceiptState {
    /// Reads a v1 or v2 state name.
    pub fn parse(name: &str) -> Self {
        ots_core::ReceiptState::from_wire(name)
            .map_or_else(|| Self::Other(name.to_owned()), Self::Known)
    }

    /// The v2 name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(state) => state.as_str(),
            Self::Other(name) => name,
        }
    }
}

impl From<ots_core::ReceiptState> for ReceiptState {
    fn from(state: ots_core::ReceiptState) -> Self {
        Self::Known(state)
    }
}

/// The creator's view of a secret. `Debug` shows the ids' short forms and leaves out the links.
pub struct Receipt {
    /// The receipt's id.
    pub id: String,
    /// What happened to the secret.
    pub state: ReceiptState,
    /// The secret's id, while the server still shows it (v2 hides it once the secret is gone
    /// or when it has a passphrase).
    pub secret_id: Option<String>,
    /// The first 8 characters of the secret's id, when known.
    pub secret_shortid: Option<String>,
    /// The secret's TTL as set, seconds.
    pub ttl: Option<u64>,
    /// Seconds the secret has left.
    pub secret_ttl: Option<u64>,
    /// Seconds the receipt has left.
    pub receipt_ttl: Option<u64>,
    /// Creation, Unix seconds.
    pub created: Option<i64>,
    /// Last change, Unix seconds.
    pub updated: Option<i64>,
    /// Whether a passphrase guards the value.
    pub has_passphrase: Option<bool>,
    /// The creator's link.
    pub receipt_url: String,
    /// The recipient's link, when the server shows it.
    pub share_url: Option<String>,
}

/// A revealed secret. `Debug` shows the id's short form and redacts the value.
pub struct Revealed {
    /// The secret's id.
    pub secret_id: String,
    /// The value. The server no longer has it.
    pub value: SecretString,
}

/// What the holder of a share link may learn without revealing (v2 `GET /secret/:id`).
/// `Debug` shows the id's short form.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretInfo {
    /// The secret's id.
    pub id: String,
    /// `new` or `previewed` while it can be revealed.
    pub state: String,
    /// Whether revealing needs a passphrase.
    pub has_passphrase: bool,
    /// Seconds it has left.
    pub ttl: Option<u64>,
}

/// One answer of a status query. `Debug` shows the id's short form.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretStatus {
    /// The id asked about.
    pub id: String,
    /// `new`, `previewed`, … or `unknown` (never existed, expired, revealed or burned).
    pub state: String,
    /// Seconds it has left, when known.
    pub ttl: Option<u64>,
}

// Ids and links are capabilities: `Debug` (test failures, logs) shows their short forms only,
// as `ots_core::SecretId` and `ReceiptId` do.

impl fmt::Debug for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Created")
            .field("secret_id", &ShortId::of_untrusted(&self.secret_id))
            .field("receipt_id", &ShortId::of_untrusted(&self.receipt_id))
            .field("ttl", &self.ttl)
            .field("has_passphrase", &self.has_passphrase)
            .field("value", &self.value)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receipt")
            .field("id", &ShortId::of_untrusted(&self.id))
            .field("state", &self.state)
            .field("secret_shortid", &self.secret_shortid.as_deref().map(ShortId::of_untrusted))
            .field("ttl", &self.ttl)
            .field("secret_ttl", &self.secret_ttl)
            .field("receipt_ttl", &self.receipt_ttl)
            .field("created", &self.created)
            .field("updated", &self.updated)
            .field("has_passphrase", &self.has_passphrase)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Revealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Revealed")
            .field("secret_id", &ShortId::of_untrusted(&self.secret_id))
            .field("value", &self.value)
            .finish()
    }
}

impl fmt::Debug for SecretInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretInfo")
            .field("id", &ShortId::of_untrusted(&self.id))
            .field("state", &self.state)
            .field("has_passphrase", &self.has_passphrase)
            .field("ttl", &self.ttl)
            .finish()
    }
}

impl fmt::Debug for SecretStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretStatus")
            .field("id", &ShortId::of_untrusted(&self.id))
            .field("state", &self.state)
            .field("ttl", &self.ttl)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_full_id_no_link_and_no_value() {
        let (secret, receipt) = ("s".repeat(62), "r".repeat(62));
        let created = Created {
            secret_id: secret.clone(),
            receipt_id: receipt.clone(),
            share_url: format!("https://x.test/secret/{secret}"),
            receipt_url: format!("https://x.test/receipt/{receipt}"),
            ttl: Some(60),
            has_passphrase: false,
            value: Some("hunter2".into()),
        };
        let revealed = Revealed { secret_id: secret.clone(), value: "hunter2".into() };
        let status = SecretStatus { id: secret.clone(), state: "new".into(), ttl: None };
        let receipt_of = Receipt {
            id: receipt.clone(),
            state: ReceiptState::Other("new".into()),
            secret_id: Some(secret.clone()),
            secret_shortid: Some(secret.clone()), // as a server might send it
            ttl: None,
            secret_ttl: None,
            receipt_ttl: None,
            created: None,
            updated: None,
            has_passphrase: None,
            receipt_url: format!("https://x.test/receipt/{receipt}"),
            share_url: Some(format!("https://x.test/secret/{secret}")),
        };
        let shown = format!("{created:?} {revealed:?} {status:?} {receipt_of:?}");
        assert!(shown.contains("ssssssss"), "{shown}");
        for hidden in [&secret[..9], &receipt[..9], "https://", "hunter2"] {
            assert!(!shown.contains(hidden), "{hidden} in {shown}");
        }
    }
}
