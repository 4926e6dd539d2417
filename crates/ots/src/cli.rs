//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ots_client::SecretString;

use crate::exit::EXIT_CODES_HELP;

/// One-time secrets: share a secret by link; it can be revealed once, then it is gone.
///
/// `ots serve` is the server. `share`, `generate`, `reveal`, `receipt`, `burn`, `recent` and
/// `status` are a client of it, or of any Onetime Secret compatible server.
#[derive(Debug, Parser)]
#[command(name = "ots", version, about, after_help = EXIT_CODES_HELP)]
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
    /// Share a secret: prints the link to give the recipient (stdout) and the receipt link
    /// (stderr).
    Share(ShareArgs),
    /// Have the server generate a password and share it: prints the link (stdout) and the
    /// password and receipt link (stderr).
    Generate(GenerateArgs),
    /// Reveal a secret (it is destroyed on the server) and print it. Asks for the passphrase
    /// without echo when the secret needs one and none was given.
    Reveal(RevealArgs),
    /// Show a receipt: what became of a secret you shared.
    Receipt(ReceiptArgs),
    /// Burn a secret you shared, through its receipt, before anyone reveals it.
    Burn(ReceiptArgs),
    /// List your recent receipts (needs --user and --token).
    Recent(RecentArgs),
    /// Show the state of secrets by id (API v2): new, previewed or unknown.
    Status(StatusArgs),
    /// Measure a running server: status, create and reveal throughput and latency.
    Bench(BenchArgs),
}

/// Which API the client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Api {
    /// `/api/v1`: what every compatible server has; cannot tell a wrong passphrase from an
    /// unknown secret.
    V1,
    /// `/api/v2`: JSON, richer answers.
    V2,
}

/// Reads a token, passphrase or secret from the command line as a `SecretString`, which
/// `Debug` (of the parsed arguments too) shows as redacted.
#[allow(clippy::unnecessary_wraps)] // clap's value parsers return a Result
fn secret(s: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(s))
}

/// Where the server is and who you are. Each option falls back to its environment variable,
/// then to the config file (`$XDG_CONFIG_HOME/ots/config.toml`, else `~/.config/ots/config.toml`).
#[derive(Debug, Args)]
pub(crate) struct ClientArgs {
    /// Base URL of the server [default: `http://127.0.0.1:3000`]. A full link given to
    /// reveal/receipt/burn goes to the link's own server.
    #[arg(long, env = "OTS_SERVER", value_name = "URL")]
    pub(crate) server: Option<String>,
    /// Account e-mail for HTTP Basic authentication.
    #[arg(long, env = "OTS_USER", value_name = "EMAIL")]
    pub(crate) user: Option<String>,
    /// API token. Prefer `OTS_TOKEN` or the config file: other local users can see arguments.
    #[arg(long, env = "OTS_TOKEN", hide_env_values = true, value_name = "TOKEN", value_parser = secret)]
    pub(crate) token: Option<SecretString>,
    /// API version [default: v2; for `bench`: v1].
    #[arg(long, env = "OTS_API", value_enum)]
    pub(crate) api: Option<Api>,
    /// Print the result as one JSON document on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Where a passphrase comes from.
#[derive(Debug, Args)]
pub(crate) struct PassphraseArgs {
    /// The passphrase (other local users can see arguments: prefer --passphrase-file or the
    /// prompt).
    #[arg(long, value_name = "TEXT", conflicts_with = "passphrase_file", value_parser = secret)]
    pub(crate) passphrase: Option<SecretString>,
    /// Read the passphrase from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ShareArgs {
    /// The secret; read from stdin when absent or `-`.
    #[arg(value_name = "TEXT", value_parser = secret)]
    pub(crate) text: Option<SecretString>,
    #[command(flatten)]
    pub(crate) new: NewSecretArgs,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    #[command(flatten)]
    pub(crate) new: NewSecretArgs,
}

/// What `share` and `generate` both take: the new secret's passphrase and lifetime, and the
/// server.
#[derive(Debug, Args)]
pub(crate) struct NewSecretArgs {
    #[command(flatten)]
    pub(crate) passphrase: PassphraseArgs,
    /// Ask for a passphrase on the terminal (twice, without echo).
    #[arg(long, conflicts_with_all = ["passphrase", "passphrase_file"])]
    pub(crate) ask_passphrase: bool,
    /// Lifetime: seconds, or a number with s, m, h, d or w (`90s`, `2h`, `7d`) [default: the
    /// server's, 7 days on ots]
    #[arg(long, value_name = "DURATION", value_parser = parse_ttl)]
    pub(crate) ttl: Option<u64>,
    #[command(flatten)]
    pub(crate) client: ClientArgs,
}

#[derive(Debug, Args)]
pub(crate) struct RevealArgs {
    /// The share link (`https://host/secret/ID`) or the secret's id.
    #[arg(value_name = "LINK|ID")]
    pub(crate) link: String,
    #[command(flatten)]
    pub(crate) passphrase: PassphraseArgs,
    #[command(flatten)]
    pub(crate) client: ClientArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ReceiptArgs {
    /// The receipt link (`https://host/receipt/ID` or `/private/ID`) or the receipt's id.
    #[arg(value_name = "LINK|ID")]
    pub(crate) link: String,
    #[command(flatten)]
    pub(crate) client: ClientArgs,
}

#[derive(Debug, Args)]
pub(crate) struct RecentArgs {
    #[command(flatten)]
    pub(crate) client: ClientArgs,
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Secret ids or share links.
    #[arg(value_name = "ID", required = true)]
    pub(crate) ids: Vec<String>,
    #[command(flatten)]
    pub(crate) client: ClientArgs,
}

/// Parses a lifetime: whole seconds, or a number followed by `s`, `m`, `h`, `d` or `w`.
pub(crate) fn parse_ttl(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 =
        number.parse().map_err(|_| format!("`{text}` is not a duration like 90s, 30m, 2h, 7d"))?;
    let unit = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        other => return Err(format!("unknown unit `{other}`: use s, m, h, d or w")),
    };
    match number.checked_mul(unit) {
        Some(0) => Err("a lifetime must be at least one second".to_owned()),
        Some(secs) => Ok(secs),
        None => Err(format!("`{text}` is too long")),
    }
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

/// What `ots bench` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BenchMode {
    /// Status, create and reveal taking turns over `--rounds`, each compared with status.
    All,
    /// Create secrets.
    Create,
    /// Reveal secrets created beforehand (not timed).
    Reveal,
    /// Create a secret, then reveal it: one cycle per operation.
    Cycle,
    /// `GET /api/VERSION/status`: the HTTP floor.
    Status,
}

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// What to measure.
    #[arg(long, value_enum, default_value_t = BenchMode::All)]
    pub(crate) mode: BenchMode,
    /// Protect each secret with this passphrase (creates and reveals then run Argon2id).
    #[arg(long, value_name = "TEXT", value_parser = secret)]
    pub(crate) passphrase: Option<SecretString>,
    #[command(flatten)]
    pub(crate) client: ClientArgs,
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
    /// Also report the server's CPU time per request, for a server on this machine: its process
    /// id (Linux: read from /proc). Steadier across machines than throughput: the cost of a
    /// create or reveal in statuses' worth of CPU.
    #[arg(long, value_name = "PID")]
    pub(crate) server_pid: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn lifetimes_take_human_units() {
        assert_eq!(parse_ttl("90"), Ok(90));
        assert_eq!(parse_ttl("90s"), Ok(90));
        assert_eq!(parse_ttl("30m"), Ok(1800));
        assert_eq!(parse_ttl("2h"), Ok(7200));
        assert_eq!(parse_ttl("7d"), Ok(604_800));
        assert_eq!(parse_ttl("1w"), Ok(604_800));
    }

    #[test]
    fn odd_lifetimes_are_refused() {
        for bad in ["", "0", "0h", "h", "2x", "-5", "1.5h", "99999999999999999999w"] {
            assert!(parse_ttl(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
