//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// One-time secrets: share a secret by link; it can be revealed once, then it is gone.
#[derive(Debug, Parser)]
#[command(name = "ots", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command understands; they override `ots.toml` and `OTS_*` variables.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Directory of the embedded store and the generated server key [default: ./data]
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Store URL: `sqlite` (the data directory), `sqlite://DIR`, `redis://HOST:PORT` or
    /// `redis+cluster://HOST:PORT,…` (the redis store needs `OTS_SECRET`)
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) store: Option<String>,
    /// Configuration file [default: ./ots.toml when it exists]
    #[arg(long, global = true, value_name = "FILE", env = "OTS_CONFIG")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the server (web pages, API v1 and v2, health, metrics) on the configured store.
    Serve {
        /// Address to listen on [default: 127.0.0.1:3000]
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Manage accounts (works while a server runs on the same data directory).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Print the effective configuration, secrets redacted.
    Config,
    /// Measure a running server: status, create and reveal throughput and latency.
    Bench(BenchArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserAction {
    /// Create an account; prints its API token (the last word on stdout).
    Add {
        /// The account's e-mail address.
        email: String,
    },
    /// List accounts.
    List,
    /// Issue a new API token (tokens are stored hashed, so the old one cannot be shown).
    Token {
        /// The account's e-mail address.
        email: String,
        /// Replace the token with a new one and print it.
        #[arg(long)]
        rotate: bool,
    },
    /// Set the account's web sign-in password, read from the first line of standard input.
    Password {
        /// The account's e-mail address.
        email: String,
    },
    /// Remove an account.
    Remove {
        /// The account's e-mail address.
        email: String,
    },
}

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// Base URL of the server.
    #[arg(long, env = "OTS_SERVER", default_value = "http://127.0.0.1:3000")]
    pub(crate) server: String,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 64)]
    pub(crate) concurrency: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    pub(crate) duration: u64,
    /// Rounds the phases take turns in, so drift of the machine's speed hits them alike.
    #[arg(long, default_value_t = 5)]
    pub(crate) rounds: u32,
    /// Size of each secret in bytes.
    #[arg(long, default_value_t = 64)]
    pub(crate) size: usize,
    /// Print the results as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}
