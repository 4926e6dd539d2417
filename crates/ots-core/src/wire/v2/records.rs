//! The two records of API v2: a secret as its link holder sees it, and the receipt.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A secret as anyone holding its link may see it (never the value, except in a reveal or once
/// in a generate response).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecretRecord {
    /// The secret's id.
    pub identifier: String,
    /// Same as `identifier`.
    pub key: String,
    /// The first 8 characters of the id.
    pub shortid: String,
    /// `new`, `previewed`, `revealed` or `burned`.
    pub state: String,
    /// Creation, decimal Unix seconds.
    pub created: String,
    /// Last change, decimal Unix seconds.
    pub updated: String,
    /// `"true"` when a passphrase guards the value.
    pub has_passphrase: String,
    /// `"false"`: ots has no verification secrets.
    pub verification: String,
    /// Seconds the secret has left.
    pub secret_ttl: String,
    /// The secret's TTL as set, seconds.
    pub lifespan: String,
    /// `"true"` once the link was opened without revealing.
    pub is_previewed: String,
    /// `"true"` once revealed.
    pub is_revealed: String,
    /// Older name of `is_previewed`.
    pub is_viewed: String,
    /// Older name of `is_revealed`.
    pub is_received: String,
    /// The value: only in a successful reveal, or once in a generate response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_value: Option<String>,
}

/// The receipt: the creator's view of a secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReceiptRecord {
    /// The receipt's id. Private to the creator.
    pub identifier: String,
    /// Same as `identifier`.
    pub key: String,
    /// The creator's e-mail, or `"anon"`.
    pub custid: String,
    /// `new`, `previewed`, `revealed`, `burned`, `expired` or `orphaned`.
    pub state: String,
    /// The first 8 characters of the secret's id.
    pub secret_shortid: String,
    /// The secret's id: only while the secret can still be shown and has no passphrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_identifier: Option<String>,
    /// Seconds the secret has left (`"0"` once it is gone).
    pub secret_ttl: String,
    /// Seconds the receipt has left.
    pub metadata_ttl: String,
    /// Same as `metadata_ttl`.
    pub receipt_ttl: String,
    /// The secret's TTL as set, seconds.
    pub lifespan: String,
    /// The share domain, `""` when none.
    pub share_domain: String,
    /// Obscured recipient addresses.
    pub recipients: Vec<String>,
    /// The creator's memo, `""` when none.
    pub memo: String,
    /// Creation, decimal Unix seconds.
    pub created: String,
    /// Last change, decimal Unix seconds.
    pub updated: String,
    /// When the link was first opened without revealing, or `null`.
    pub previewed: Option<String>,
    /// When the secret was revealed, or `null`.
    pub revealed: Option<String>,
    /// When the secret was burned, or `null`.
    pub burned: Option<String>,
    /// `"true"` when the link was opened without revealing.
    pub is_previewed: String,
    /// `"true"` when the secret was revealed.
    pub is_revealed: String,
    /// `"true"` when the creator burned it.
    pub is_burned: String,
    /// `"true"` when its TTL ran out.
    pub is_expired: String,
    /// `"true"` when it vanished without a reveal or burn.
    pub is_orphaned: String,
    /// `"true"` when the secret no longer exists.
    pub is_destroyed: String,
    /// `"true"` when a passphrase guards the value.
    pub has_passphrase: String,
    /// `conceal` or `generate`.
    pub kind: String,
    /// The recipient's link.
    pub share_url: String,
    /// The creator's link.
    pub receipt_url: String,
    /// Where to burn the secret (API route).
    pub burn_url: String,
}
