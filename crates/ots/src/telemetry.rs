//! Log output: `tracing` to stderr, human-readable or JSON, filtered by `log_level` (or
//! `RUST_LOG` when set).

use std::io::IsTerminal;

use ots_server::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

pub(crate) fn init(config: &Config) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.log_level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
