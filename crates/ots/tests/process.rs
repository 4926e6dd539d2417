//! The real `ots` binary: crash durability (kill -9 + restart), what the data directory and the
//! logs may contain (P1, P3), graceful shutdown, and the admin commands (`user`, `config`);
//! `v2` repeats the crash and leak checks through API v2; `client_cli` and `client_exits` run
//! the client commands and `ots bench` against a real server.
//!
//! This file is the test crate's root, so its modules would be looked up next to it in `tests/`,
//! where Cargo would take each for a test binary of its own: the `#[path]`s keep them in
//! `tests/process/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "process/cli.rs"]
mod cli;
#[path = "process/client_cli.rs"]
mod client_cli;
#[path = "process/client_exits.rs"]
mod client_exits;
#[path = "process/crash.rs"]
mod crash;
#[path = "process/harness.rs"]
mod harness;
#[path = "process/leaks.rs"]
mod leaks;
#[path = "process/v2.rs"]
mod v2;
