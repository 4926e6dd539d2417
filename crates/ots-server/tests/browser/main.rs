//! The pages in a real browser: headless Chromium driven through `chromedriver` against a real
//! server on a real port, over a real SQLite file. Every step saves a screenshot under
//! `target/web-screenshots/`, and every session's browser log must stay free of errors: a
//! console error, a refused script or style (CSP) or a failed request fails the test.
//!
//! One `chromedriver` serves the whole binary; each flow runs in fresh browser sessions (a new
//! session is a new browser context: no cookies, no history), one after another.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod flows;
mod webdriver;

use std::net::SocketAddr;

use ots_server::{AppState, Clock, Config};
use ots_store::{AnyStore, SqliteStore};
use tokio::sync::oneshot;

/// A server on `127.0.0.1:0` with its own data directory, stopped when dropped.
pub(crate) struct App {
    pub(crate) base: String,
    _dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl App {
    pub(crate) async fn spawn() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            listen: addr,
            secret: Some("a browser test server key that is long enough".to_owned().into()),
            ..Config::default()
        };
        let store = AnyStore::Sqlite(SqliteStore::open(dir.path()).unwrap());
        let keys = ots_server::keys::load_keyring(&config).unwrap();
        let state = AppState::new(config, store, keys, Clock::System);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(ots_server::serve(state, listener, async move {
            let _ = stopped.await;
        }));
        Self { base: format!("http://{addr}"), _dir: dir, _stop: stop }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Runs every flow in order with one `chromedriver`; the first that fails ends the test.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_work_in_a_real_browser() {
    let driver = webdriver::Driver::start().await;
    let app = App::spawn().await;
    flows::a_console_error_or_failed_request_is_caught(&driver, &app).await;
    flows::create_open_in_a_fresh_browser_reveal_and_reload_shows_gone(&driver, &app).await;
    flows::a_wrong_passphrase_then_the_right_one(&driver, &app).await;
    flows::generate_a_password_instead(&driver, &app).await;
    flows::burn_from_the_receipt_after_confirming(&driver, &app).await;
    flows::sign_up_issue_a_token_and_see_the_secret_on_the_dashboard(&driver, &app).await;
    flows::create_and_reveal_with_javascript_off(&driver, &app).await;
    flows::the_pages_fit_a_phone_360_pixels_wide(&driver, &app).await;
}
