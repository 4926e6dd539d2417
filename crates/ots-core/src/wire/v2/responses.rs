//! API v2 response envelopes: `{success, user_id, shrimp, record, details}` and lists.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::{ReceiptRecord, SecretRecord};

/// `GET /status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Status {
    /// Always `true` for a successful response.
    pub success: bool,
    /// Always `"nominal"` while the server answers.
    pub status: String,
    /// The server's locale.
    pub locale: String,
}

/// `GET /version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Version {
    /// Always `true`.
    pub success: bool,
    /// `[major, minor, patch]`.
    pub version: Vec<u64>,
    /// The server's locale.
    pub locale: String,
}

/// `GET /supported-locales`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Locales {
    /// Always `true`.
    pub success: bool,
    /// Locales the web pages offer.
    pub locales: Vec<String>,
    /// The locale used when a client names none.
    pub default_locale: String,
    /// The server's locale.
    pub locale: String,
}

/// `details` of a create response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateDetails {
    /// `conceal` or `generate`.
    pub kind: String,
    /// Obscured recipient addresses (always empty: e-mail delivery is not configured).
    pub recipient: Vec<String>,
    /// Same as `recipient`.
    pub recipient_safe: Vec<String>,
}

/// `record` of a create response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatedRecord {
    /// The receipt.
    pub receipt: ReceiptRecord,
    /// The receipt again, under its older name.
    pub metadata: ReceiptRecord,
    /// The secret (with `secret_value` for a generated password).
    pub secret: SecretRecord,
    /// The share domain, `""` when none.
    pub share_domain: String,
}

/// `POST /secret/conceal` and `POST /secret/generate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Created {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// What was created.
    pub record: CreatedRecord,
    /// About the request.
    pub details: CreateDetails,
}

/// `details` of a reveal. Strings, as the reference page types them (`"true"`, `"4"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RevealDetails {
    /// Whether the request confirmed the reveal.
    #[serde(rename = "continue")]
    pub continue_: String,
    /// Whether the caller created the secret.
    pub is_owner: String,
    /// Whether `record.secret_value` is present.
    pub show_secret: String,
    /// Whether the passphrase (if one is needed) was right.
    pub correct_passphrase: String,
    /// Lines a text area needs to show the value: min(30, (80+len)/80 + newlines + 3).
    pub display_lines: String,
    /// Whether the value is a single line.
    pub one_liner: String,
}

/// `GET /secret/:id` and `POST /secret/:id/reveal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecretShown {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// The secret.
    pub record: SecretRecord,
    /// How to show it.
    pub details: RevealDetails,
}

/// `details` of a known secret's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StatusDetails {
    /// Seconds the secret has left.
    pub current_expiration: f64,
}

/// The status record of a secret that does not exist (or no longer does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnknownRecord {
    /// Always `"unknown"`.
    pub state: UnknownState,
}

/// The one state an unknown secret has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub enum UnknownState {
    /// `"unknown"`
    #[serde(rename = "unknown")]
    Unknown,
}

/// `GET /secret/:id/status` for a secret that exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KnownStatus {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// The secret.
    pub record: SecretRecord,
    /// Its remaining lifetime.
    pub details: StatusDetails,
}

/// `GET /secret/:id/status` for a secret that does not exist: `{"record":{"state":"unknown"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnknownStatus {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// `{"state": "unknown"}`.
    pub record: UnknownRecord,
}

/// `GET /secret/:id/status`: one of the two shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum SecretStatus {
    /// The secret exists.
    Known(Box<KnownStatus>),
    /// It does not.
    Unknown(UnknownStatus),
}

/// A list response (`POST /secret/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecretList {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// The known secrets among those asked about; unknown ones are left out.
    pub records: Vec<SecretRecord>,
    /// How many records are listed.
    pub count: u64,
    /// Nothing yet; an object so clients can rely on its type.
    pub details: EmptyDetails,
}

/// An empty `details` object (`{}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmptyDetails {}

/// `details` of a receipt response.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReceiptDetails {
    /// Whether the caller owns the receipt (`"true"`/`"false"`).
    pub is_owner: String,
    /// Whether the secret can still be revealed or burned.
    pub can_burn: String,
    /// A generated password, shown on its receipt once, within 60 s of creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_value: Option<String>,
}

/// `GET /receipt/:id`, `PATCH /receipt/:id` and `POST /receipt/:id/burn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReceiptShown {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id, or `"anon"`.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// The receipt.
    pub record: ReceiptRecord,
    /// About the caller's relation to it.
    pub details: ReceiptDetails,
}

/// `details` of the recent list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecentDetails {
    /// How far back the list looks, seconds.
    pub since: u64,
    /// Most receipts listed.
    pub limit: u64,
}

/// `GET /receipt/recent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReceiptList {
    /// Always `true`.
    pub success: bool,
    /// The caller's external id.
    pub user_id: String,
    /// Always `""`.
    pub shrimp: String,
    /// The caller's e-mail.
    pub custid: String,
    /// How many receipts are listed.
    pub count: u64,
    /// The caller's receipts, newest first.
    pub records: Vec<ReceiptRecord>,
    /// The window and limit that applied.
    pub details: RecentDetails,
}

/// Every v2 error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Error {
    /// The error type, e.g. `FormError`, `NotFound`, `Unauthorized`.
    pub error: String,
    /// What went wrong, for people.
    pub message: String,
    /// The request field at fault, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The request id: also in `X-Request-ID` and in the server's log line for the request.
    pub error_id: String,
    /// Same as `error`, for clients written against newer upstream code.
    pub error_type: String,
}
