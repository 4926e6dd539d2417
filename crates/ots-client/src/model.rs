//! The client's results, the same whichever API version produced them. v1's state names are
//! translated to v2's (`viewed` → previewed, `received` → revealed).

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

/// A secret just created.
#[derive(Debug)]
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

/// A receipt state, in v2's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptState {
    /// Not opened yet.
    New,
    /// The link was opened without revealing.
    Previewed,
    /// Revealed (and destroyed).
    Revealed,
    /// Burned by its creator.
    Burned,
    /// Its TTL ran out.
    Expired,
    /// Gone without a reveal or burn.
    Orphaned,
    /// A state this client does not know, as the server named it.
    Other(String),
}

impl ReceiptState {
    /// Reads a v1 or v2 state name.
    pub fn parse(name: &str) -> Self {
        match name {
            "new" => Self::New,
            "previewed" | "viewed" => Self::Previewed,
            "revealed" | "received" => Self::Revealed,
            "burned" => Self::Burned,
            "expired" => Self::Expired,
            "orphaned" => Self::Orphaned,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The v2 name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::New => "new",
            Self::Previewed => "previewed",
            Self::Revealed => "revealed",
            Self::Burned => "burned",
            Self::Expired => "expired",
            Self::Orphaned => "orphaned",
            Self::Other(name) => name,
        }
    }
}

/// The creator's view of a secret.
#[derive(Debug)]
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

/// A revealed secret.
#[derive(Debug)]
pub struct Revealed {
    /// The secret's id.
    pub secret_id: String,
    /// The value. The server no longer has it.
    pub value: SecretString,
}

/// What the holder of a share link may learn without revealing (v2 `GET /secret/:id`).
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// One answer of a status query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretStatus {
    /// The id asked about.
    pub id: String,
    /// `new`, `previewed`, … or `unknown` (never existed, expired, revealed or burned).
    pub state: String,
    /// Seconds it has left, when known.
    pub ttl: Option<u64>,
}
