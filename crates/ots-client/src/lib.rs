//! A typed async client for the Onetime Secret APIs, v1 and v2: for ots and for any compatible
//! server (onetimesecret.com and its regional hosts included).
//!
//! A [`Client`] knows one server, one API version and, optionally, who you are
//! ([`Credentials`], sent as HTTP Basic). Each method is one operation of the API: share a
//! secret, generate a password, reveal, read a receipt, burn, list recent receipts, ask the
//! status of secrets. Answers come back as small version-neutral values ([`Created`],
//! [`Receipt`], [`Revealed`], …) and failures as one [`Error`] whose variants are the situations
//! a caller acts on: not found, wrong passphrase, rate limited, unauthorized, unreachable.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ots_client::Error> {
//! use ots_client::{ApiVersion, Client, Share};
//! let client = Client::builder("https://secrets.example.com")?.api(ApiVersion::V2).build()?;
//! let created = client.share(&Share::new("hunter2".into())).await?;
//! println!("{}", created.share_url);
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - `client`: [`Client`], its builder, [`ApiVersion`] and [`Credentials`]; sending a request
//!   and turning an error answer into an [`Error`].
//! - `v1`, `v2`: the calls of each API version. Requests are `ots_core::wire` shapes, so the
//!   client sends exactly what the server reads.
//! - `answers`: what the calls decode. Responses are read leniently (see there): other servers
//!   leave out fields ots sends and type some of them differently, so the strict `wire` response
//!   shapes would refuse them.
//! - `model`: the version-neutral results.
//! - `link`: turning a share link, a receipt link or a bare id into an id (and the link's server).
//! - `error`: [`Error`].
//!
//! Nothing here logs, and no `Display` or `Debug` output contains a token, a passphrase or a
//! secret value: they are held as [`secrecy::SecretString`].

mod answers;
mod client;
mod error;
mod link;
mod model;
mod ops;
mod v1;
mod v2;

pub use client::{ApiVersion, Client, ClientBuilder, Credentials};
pub use error::Error;
pub use link::{Link, LinkKind};
pub use model::{
    Created, Generate, Receipt, ReceiptState, Revealed, SecretInfo, SecretStatus, Share,
};
/// The receipt states ots knows, which [`ReceiptState::Known`] holds: re-exported so that a
/// caller can match on them without depending on `ots-core` itself.
pub use ots_core::ReceiptState as KnownState;
pub use secrecy::{ExposeSecret, SecretString};
