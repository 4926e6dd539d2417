//! HTTP tests of the server: each starts a real server on a real port over a real SQLite file
//! and talks to it as a client would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod helpers;
mod operations;
mod v1_accounts;
mod v1_receipts;
mod v1_reveal;
mod v1_share;
