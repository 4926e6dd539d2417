//! `ots`: the one-time secret server, its admin commands, and a client of any Onetime Secret
//! compatible server.
//!
//! # Layout
//! - `cli`: the command line (clap).
//! - `exit`: exit codes, one per situation a script acts on.
//! - `commands::client`: `ots share|generate|reveal|receipt|burn|recent|status`, on `ots-client`.
//! - `commands::serve`: `ots serve`.
//! - `commands::user`: `ots user add|list|token|remove`, acting on the store directly.
//! - `commands::config`: `ots config`, the effective configuration with secrets redacted.
//! - `commands::bench`: `ots bench`, a load generator for a running server.

mod cli;
mod commands;
mod exit;
mod telemetry;

use clap::Parser;

/// mimalloc instead of the system allocator: a request allocates and frees many small buffers
/// on two or more threads, where glibc's malloc spent ~8% of the server's CPU under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ots: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ots: {e:#}");
            exit::code_of(&e)
        }
    }
}
