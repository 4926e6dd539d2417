//! One module per command.

mod bench;
mod client;
mod serve;
mod user;

use std::net::SocketAddr;

use anyhow::Context;
use ots_server::config::{self, Config, Overrides};

use crate::cli::{Cli, Command, GlobalArgs};

fn load_config(global: &GlobalArgs, listen: Option<SocketAddr>) -> anyhow::Result<Config> {
    let overrides =
        Overrides { listen, data_dir: global.data_dir.clone(), store: global.store.clone() };
    Ok(config::load(global.config.as_deref(), &overrides)?)
}

pub(crate) async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { listen } => {
            let config = load_config(&cli.global, listen)?;
            serve::run(config).await
        }
        Command::User { action } => {
            let config = load_config(&cli.global, None)?;
            user::run(&config, action).await
        }
        Command::Config => {
            let config = load_config(&cli.global, None)?;
            println!("{}", config.redacted());
            Ok(())
        }
        Command::Share(args) => client::share(args).await,
        Command::Generate(args) => client::generate(args).await,
        Command::Reveal(args) => client::reveal(args).await,
        Command::Receipt(args) => client::receipt(args).await,
        Command::Burn(args) => client::burn(args).await,
        Command::Recent(args) => client::recent(args).await,
        Command::Status(args) => client::status(args).await,
        Command::Bench(args) => bench::run(args).await.context("benchmark failed"),
    }
}

/// Opens the configured store.
async fn open_store(config: &Config) -> anyhow::Result<ots_store::AnyStore> {
    let url = ots_store::StoreUrl::parse(config.store.as_deref()).map_err(anyhow::Error::msg)?;
    let redis = config.redis_options()?;
    ots_store::AnyStore::open(&url, &config.data_dir, &redis).await.context("opening the store")
}
