//! `ots`: the one-time secret server and its admin commands.
//!
//! # Layout
//! - `cli`: the command line (clap).
//! - `commands::serve`: `ots serve`.
//! - `commands::user`: `ots user add|list|token|remove`, acting on the store directly.
//! - `commands::config`: `ots config`, the effective configuration with secrets redacted.
//! - `commands::bench`: `ots bench`, a load generator for a running server.

mod cli;
mod commands;
mod telemetry;

use clap::Parser;

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
            std::process::ExitCode::FAILURE
        }
    }
}
