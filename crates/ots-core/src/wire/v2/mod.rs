//! API v2 shapes (`/api/v2`), field for field as Onetime Secret's reference pages type them.
//!
//! Record fields the reference pages document as `string | null` are strings on the wire:
//! booleans are `"true"`/`"false"`, timestamps and TTLs decimal seconds (`"3600"`). Counts are
//! integers. Every response carries `success`, `user_id` (the caller's external id or `"anon"`)
//! and `shrimp` (always `""`: the API needs no CSRF token).

mod records;
mod requests;
mod responses;

pub use records::{ReceiptRecord, SecretRecord};
pub use requests::{
    BulkStatusRequest, BurnRequest, CharacterSetParams, ConcealParams, ConcealRequest, Flag,
    FlagText, GenerateParams, GenerateRequest, Identifiers, MemoRequest, RevealRequest, Seconds,
};
pub use responses::{
    CreateDetails, Created, CreatedRecord, EmptyDetails, Error, KnownStatus, Locales,
    ReceiptDetails, ReceiptList, ReceiptShown, RecentDetails, RevealDetails, SecretList,
    SecretShown, SecretStatus, Status, StatusDetails, UnknownRecord, UnknownState, UnknownStatus,
    Version,
};
