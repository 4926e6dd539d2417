//! API v2 request bodies, as the document describes them. The server reads them leniently
//! (see its `api::v2::body`); these types say what clients should send.

use serde::{Deserialize, Serialize};

use crate::wire::Guarded;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /secret/status` request: ids as a JSON array, or one comma-separated string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BulkStatusRequest {
    /// At most 100 secret ids.
    pub identifiers: Identifiers,
}

/// Secret ids: a JSON array, or one comma-separated string. `Debug` prints each id by its first
/// characters only: a full id is a capability.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum Identifiers {
    /// `["id1", "id2"]`
    List(Vec<String>),
    /// `"id1,id2"`
    Joined(String),
}

impl std::fmt::Debug for Identifiers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (variant, ids): (_, Vec<Guarded<'_>>) = match self {
            Self::List(ids) => ("List", ids.iter().map(|id| Guarded::Short(id)).collect()),
            Self::Joined(ids) => {
                ("Joined", ids.split(',').map(|id| Guarded::Short(id.trim())).collect())
            }
        };
        f.debug_tuple(variant).field(&ids).finish()
    }
}

/// `continue`: a JSON boolean, or the strings `"true"`/`"false"` as the reference page types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum Flag {
    /// `true` / `false`
    Bool(bool),
    /// `"true"` / `"false"`
    Text(FlagText),
}

/// A flag written as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub enum FlagText {
    /// `"true"`
    #[serde(rename = "true")]
    True,
    /// `"false"`
    #[serde(rename = "false")]
    False,
}

/// A TTL: whole seconds, as a JSON number or a decimal string (`""` means the default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum Seconds {
    /// `3600`
    Number(u64),
    /// `"3600"`
    Text(String),
}

/// The parameters of `POST /secret/conceal`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConcealParams {
    /// The value to share (at most the configured size, 10,000 bytes by default).
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub secret: String,
    /// Lifetime in seconds; clamped to the server's floor and ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<Seconds>,
    /// Optional passphrase, 4–128 characters (`""` is accepted too and means none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 128))]
    pub passphrase: Option<String>,
    /// E-mail the link to this address (refused: e-mail delivery is not configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Custom share domain (only `""` is accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_domain: Option<String>,
}

/// `POST /secret/conceal` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConcealRequest {
    /// What to create.
    pub secret: ConcealParams,
}

/// Which characters a generated password uses; every set defaults to `true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[allow(clippy::struct_excessive_bools)] // upstream's independent switches
pub struct CharacterSetParams {
    /// `A-Z`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uppercase: Option<bool>,
    /// `a-z`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowercase: Option<bool>,
    /// `0-9`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<bool>,
    /// Punctuation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbols: Option<bool>,
    /// Leave out `i l o 1 I O 0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_ambiguous: Option<bool>,
}

/// The parameters of `POST /secret/generate`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GenerateParams {
    /// Lifetime in seconds; clamped to the server's floor and ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<Seconds>,
    /// Optional passphrase, 4–128 characters (`""` is accepted too and means none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 128))]
    pub passphrase: Option<String>,
    /// E-mail the link to this address (refused: e-mail delivery is not configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Password length, 1–128 (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
    /// Character sets to draw from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_sets: Option<CharacterSetParams>,
}

/// `POST /secret/generate` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GenerateRequest {
    /// What to generate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<GenerateParams>,
}

/// `POST /secret/:id/reveal` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RevealRequest {
    /// The passphrase, when the secret has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    /// Must be true to reveal; otherwise the answer only describes the secret.
    #[serde(default, rename = "continue", skip_serializing_if = "Option::is_none")]
    pub continue_: Option<Flag>,
}

/// `POST /receipt/:id/burn` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BurnRequest {
    /// Must be true to burn.
    #[serde(rename = "continue")]
    pub continue_: Flag,
    /// Accepted and ignored: holding the receipt is enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
}

/// `PATCH /receipt/:id` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MemoRequest {
    /// The creator's note, at most 500 characters.
    pub memo: String,
}
