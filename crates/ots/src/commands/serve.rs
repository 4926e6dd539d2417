//! `ots serve`: open the store, load the key, listen, and shut down gracefully on SIGTERM or
//! SIGINT.

use anyhow::Context;
use ots_server::{AppState, Clock, Config};
use tokio::net::TcpListener;

pub(crate) async fn run(config: Config) -> anyhow::Result<()> {
    crate::telemetry::init(&config);
    if config.secret.is_none()
        && ots_store::StoreUrl::parse(config.store.as_deref())
            .is_ok_and(|url| matches!(url, ots_store::StoreUrl::Redis(_)))
    {
        anyhow::bail!(
            "the redis store needs a configured server key (`OTS_SECRET`, or `secret` in \
             ots.toml): every node sharing the store must use the same one, so none can be \
             generated per node"
        );
    }
    let store = super::open_store(&config).await?;
    if let Err(e) = ots_store::Store::ping(&store).await {
        tracing::warn!(error = %e, "the store does not answer yet; serving 503 until it does");
    }
    let keys = ots_server::keys::load_keyring(&config).context("loading the server key")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(
        listen = %addr,
        public_url = %config.public_base(),
        data_dir = %config.data_dir.display(),
        key = %keys.current().fingerprint(),
        "ots {} serving",
        env!("CARGO_PKG_VERSION")
    );
    let state = AppState::new(config, store, keys, Clock::System);
    ots_server::serve(state, listener, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(
            tokio::signal::unix::SignalKind::terminate(),
        ) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only SIGINT stops the server");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
