//! API v2 shapes (`/api/v2`), field for field as Onetime Secret's reference pages type them.
//!
//! Record fields the reference pages document as `string | null` are strings on the wire:
//! booleans are `"true"`/`"false"`, timestamps and TTLs decimal seconds (`"3600"`). Counts are
//! integers. Every response carries `success`, `user_id` (the caller's external id or `"anon"`)
//! and `shrimp` (always `""`: the API needs no CSRF token).

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

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

/// A secret as anyone holding its link may see it (never the value, except in a reveal or once
/// in a generate response).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// `POST /secret/status` request: ids as a JSON array, or one comma-separated string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BulkStatusRequest {
    /// At most 100 secret ids.
    pub identifiers: Identifiers,
}

/// Secret ids: a JSON array, or one comma-separated string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum Identifiers {
    /// `["id1", "id2"]`
    List(Vec<String>),
    /// `"id1,id2"`
    Joined(String),
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReceiptDetails {
    /// Whether the caller owns the receipt (`"true"`/`"false"`).
    pub is_owner: String,
    /// Whether the secret can still be revealed or burned.
    pub can_burn: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
