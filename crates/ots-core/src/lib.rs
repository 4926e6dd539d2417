//! The ots domain: what a one-time secret is, independent of storage and HTTP.
//!
//! Everything here is pure: no I/O, no async, no clock. Functions that need the
//! time take a [`Timestamp`] argument, so callers (and tests) decide what "now" is.
//!
//! # Layout
//! - [`account`]: account e-mails, external ids and API/session tokens.
//! - [`id`]: secret and receipt identifiers (62 lowercase base36 characters, ≥ 256 random bits)
//!   and their 8-character short form.
//! - [`time`]: [`Timestamp`], seconds since the Unix epoch.
//! - [`ttl`]: [`TtlPolicy`], the default, floor and ceilings a requested lifetime is clamped to.
//! - [`state`]: the states a secret and its receipt go through, and the v1 wire names.
//! - [`passgen`]: the password generator behind "generate".
//! - [`passphrase`]: the validated passphrase a secret may be guarded with.
//! - [`crypto`]: the keyring, storage indexes (HMAC of an id) and sealing values (AEAD under a key
//!   derived from the server key, the id and, when there is one, Argon2id of the passphrase).
//! - [`random`]: bytes from the OS CSPRNG, drawn in blocks.
//! - [`recipient`]: obscuring e-mail addresses for display.
//! - [`wire`]: the public APIs' request and response shapes, shared by server and clients.

#![warn(missing_docs)]

pub mod account;
pub mod crypto;
pub mod id;
pub mod passgen;
pub mod passphrase;
pub mod random;
pub mod recipient;
pub mod state;
pub mod time;
pub mod ttl;
pub mod wire;

pub use id::{IdError, ReceiptId, SecretId, ShortId};
pub use passphrase::Passphrase;
pub use state::{ReceiptState, SecretKind};
pub use time::Timestamp;
pub use ttl::{Ttl, TtlPolicy};
