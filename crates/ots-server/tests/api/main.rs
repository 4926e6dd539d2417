//! HTTP tests of the server: each starts a real server on a real port over a real SQLite file
//! and talks to it as a client would. Every response is checked against the served OpenAPI
//! document (`openapi`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod client_flows;
mod helpers;
mod openapi;
mod operations;
mod v1_accounts;
mod v1_guest;
mod v1_receipts;
mod v1_reveal;
mod v1_share;
mod v2_create;
mod v2_errors;
mod v2_guest;
mod v2_meta;
mod v2_receipts;
mod v2_reveal;
mod v2_status;
mod web_pages;
