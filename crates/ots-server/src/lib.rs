//! The ots HTTP server: the Onetime Secret compatible APIs over a [`ots_store::Store`].
//!
//! [`app`] builds the router; [`serve`] runs it on a listener until a shutdown future resolves,
//! with the expiry sweeper beside it. Nothing here is global: tests run many servers in one
//! process, each with its own [`AppState`].
//!
//! # Layout
//! - [`config`]: settings and their layering (defaults < `ots.toml` < `OTS_*` < flags).
//! - [`keys`]: the server key (configured, or generated into the data directory).
//! - [`state`]: [`AppState`] and the [`Clock`].
//! - `service`: the domain operations (create, reveal, receipt, burn, recent, authenticate).
//! - `extract`: parameters from query/form/JSON, the caller, the client address.
//! - `error`: [`ApiError`], rendered per API version.
//! - `api::v1`, `api::v2`: the routes of each API version; `api::openapi`: the OpenAPI
//!   document of both, generated from the handlers.
//! - `middleware`: request ids, access log + metrics, body-size guard, security headers.
//! - `health`, `metrics`: liveness, readiness, Prometheus.
//! - `web`: the pages people use (create, receipt, reveal, accounts), their templates
//!   (`templates/`) and embedded assets (`assets/`).

pub mod api;
pub mod config;
mod error;
mod extract;
mod health;
pub mod keys;
mod metrics;
mod middleware;
mod service;
pub mod state;
mod web;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;
use axum::{Router, ServiceExt as _};
use ots_store::Store;
use tokio::net::TcpListener;
use tower::{Service, ServiceBuilder};

pub use config::Config;
pub use error::ApiError;
pub use metrics::Metrics;
pub use state::{AppState, Clock};

/// The whole application: APIs, health, metrics, and the layers around them.
///
/// Only the access log is a layer of the [`Router`]: it needs the route template that routing
/// finds ([`axum::extract::MatchedPath`]). The other layers wrap the finished router once.
/// `Router::layer` wraps every route on its own, and axum clones a route's whole stack of boxed
/// services, layer by layer, for each request (62 allocations per request with all five layers
/// there); around the router, each layer is called once and its clone of the router is a
/// reference count.
pub fn app(
    state: AppState,
) -> impl Service<
    Request,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send,
> + Clone
+ Send
+ Sync
+ 'static {
    let router = Router::new()
        .nest("/api/v1", api::v1::router())
        .nest("/api/v2", api::v2::router(api::openapi::document_json()))
        .route("/health", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/metrics", get(health::metrics))
        .merge(web::router(&state))
        .fallback(web::fallback)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(from_fn_with_state(state.clone(), middleware::access_log))
        .with_state(state.clone());
    ServiceBuilder::new()
        .layer(from_fn(middleware::request_id))
        .layer(from_fn(middleware::security_headers))
        .layer(from_fn(api::v2::render_errors))
        .layer(from_fn_with_state(state, middleware::reject_oversized))
        .service(router)
}

/// Serves `app(state)` on `listener` until `shutdown` resolves, then stops accepting, lets
/// in-flight requests finish (up to the configured grace period) and returns.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let grace = Duration::from_secs(state.inner.config.shutdown_grace);
    let sweeper = tokio::spawn(sweep_forever(state.clone()));
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let signalled = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = stop_tx.send(true);
    };
    let server =
        axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(signalled);
    let deadline = async move {
        let _ = stop_rx.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(grace).await;
    };
    let result = tokio::select! {
        r = server => r,
        () = deadline => {
            tracing::warn!("grace period over; dropping remaining connections");
            Ok(())
        }
    };
    sweeper.abort();
    result
}

/// Deletes expired records every `sweep_interval` seconds.
async fn sweep_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(state.inner.config.sweep_interval));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match state.inner.store.sweep(state.now()).await {
            Ok(0) => {}
            Ok(n) => {
                state.inner.metrics.records_expired(n);
                tracing::debug!(records = n, "swept expired records");
            }
            Err(e) => tracing::warn!(error = %e, "expiry sweep failed"),
        }
    }
}
