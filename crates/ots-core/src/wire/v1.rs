//! API v1 shapes (`/api/v1`), field for field as Onetime Secret publishes them.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /status` and `GET /authcheck`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::Status))]
pub struct Status {
    /// Always `"nominal"` while the server answers.
    pub status: String,
    /// The server's locale.
    pub locale: String,
}

/// The v1 receipt ("metadata") object, as returned by share, generate, the receipt routes, burn
/// and recent. Timestamps and TTLs are integer seconds.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::Receipt))]
pub struct Receipt {
    /// The creator's e-mail, or `"anon"`.
    pub custid: String,
    /// The receipt key. Private to the creator.
    pub metadata_key: String,
    /// The secret key (the one to share). Absent once received, and in `recent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    /// The TTL as specified, seconds.
    pub ttl: u64,
    /// Seconds the receipt has left.
    pub metadata_ttl: u64,
    /// Seconds the secret has left (0 once it is gone). Absent once received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ttl: Option<u64>,
    /// The creator's private receipt link.
    pub metadata_url: String,
    /// `new`, `viewed`, `received`, `burned`, `expired` or `orphaned`.
    pub state: String,
    /// Last change, Unix seconds.
    pub updated: i64,
    /// Creation, Unix seconds.
    pub created: i64,
    /// When the secret was received; present only in state `received`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<i64>,
    /// Obscured recipient addresses.
    pub recipient: Vec<String>,
    /// The share domain, `""` when none.
    pub share_domain: String,
    /// Whether the secret needs a passphrase.
    pub passphrase_required: bool,
    /// Newer name of `metadata_key`.
    pub identifier: String,
    /// Newer name of `secret_key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_identifier: Option<String>,
    /// Newer name of `passphrase_required`.
    pub has_passphrase: bool,
    /// Newer name of `recipient`.
    pub recipients: Vec<String>,
    /// Newer name of `metadata_ttl`.
    pub receipt_ttl: u64,
    /// Newer name of `metadata_url`.
    pub receipt_url: String,
    /// The generated password; only in the `/generate` response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Newer name of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_value: Option<String>,
}

/// `POST /secret/:key`: the revealed value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::Revealed))]
pub struct Revealed {
    /// The secret. Shown this once.
    pub value: String,
    /// The key that was revealed.
    pub secret_key: String,
    /// The share domain, `""` when none.
    pub share_domain: String,
}

/// `POST /private/:key/burn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::Burned))]
pub struct Burned {
    /// The receipt after the burn.
    pub state: Receipt,
    /// The first 8 characters of the burned secret's key.
    pub secret_shortkey: String,
}

/// Every v1 error body. The HTTP status is 404; the intended one rides in
/// `X-OTS-Intended-Status`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::Error))]
pub struct Error {
    /// What went wrong, for people.
    pub message: String,
    /// For "Unknown secret": the key the caller sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
}

/// `POST /share` (and `/create`) parameters: form-encoded, JSON, or in the query string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::ShareRequest))]
pub struct ShareRequest {
    /// The value to share.
    pub secret: String,
    /// Optional passphrase; empty means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    /// Lifetime in seconds; empty means the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// E-mail the link (refused: e-mail delivery is not configured); empty means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

/// `POST /generate` parameters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::GenerateRequest))]
pub struct GenerateRequest {
    /// Optional passphrase; empty means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    /// Lifetime in seconds; empty means the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// E-mail the link (refused: e-mail delivery is not configured); empty means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

/// `POST /secret/:key` parameters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = v1::RevealRequest))]
pub struct RevealRequest {
    /// The passphrase, when the secret has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
}
