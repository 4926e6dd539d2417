//! `TestApp`: a server on `127.0.0.1:0` with its own data directory, a settable clock, and a
//! client with a method per route.

use std::net::SocketAddr;

use ots_core::crypto::token_digest;
use ots_server::{AppState, Clock, Config};
use ots_store::{Account, AnyStore, SqliteStore, Store};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

pub(crate) const START: i64 = 1_800_000_000;

pub(crate) struct TestApp {
    pub(crate) base: String,
    pub(crate) client: reqwest::Client,
    pub(crate) state: AppState,
    _dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl TestApp {
    pub(crate) async fn spawn() -> Self {
        Self::with_config(|_| {}).await
    }

    pub(crate) async fn with_config(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            listen: addr,
            secret: Some("a test server key that is long enough to use".to_owned().into()),
            ..Config::default()
        };
        adjust(&mut config);
        let store = AnyStore::Sqlite(SqliteStore::open(dir.path()).unwrap());
        let keys = ots_server::keys::load_keyring(&config).unwrap();
        let state = AppState::new(config, store, keys, Clock::manual(START));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(ots_server::serve(state.clone(), listener, async move {
            let _ = stopped.await;
        }));
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { base: format!("http://{addr}"), client, state, _dir: dir, _stop: stop }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) fn advance(&self, secs: i64) {
        self.state.clock().advance(secs);
    }

    /// Creates an account directly in the store; returns its e-mail and token.
    pub(crate) async fn account(&self, email: &str) -> (String, String) {
        let token = ots_core::id::random_base36(62);
        self.state
            .store()
            .create_account(Account {
                id: ots_core::id::random_base36(20),
                email: email.to_owned(),
                token_digest: token_digest(&token),
                created: ots_core::Timestamp(START),
            })
            .await
            .unwrap();
        (email.to_owned(), token)
    }

    pub(crate) async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client.post(self.url(path)).form(form).send().await.unwrap()
    }

    pub(crate) async fn post_form_as(
        &self,
        path: &str,
        form: &[(&str, &str)],
        user: &(String, String),
    ) -> Response {
        self.client
            .post(self.url(path))
            .basic_auth(&user.0, Some(&user.1))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub(crate) async fn get_as(&self, path: &str, user: &(String, String)) -> Response {
        self.client.get(self.url(path)).basic_auth(&user.0, Some(&user.1)).send().await.unwrap()
    }

    /// `POST /api/v1/share`; asserts success and returns the receipt.
    pub(crate) async fn share(&self, form: &[(&str, &str)]) -> Value {
        let r = self.post_form("/api/v1/share", form).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// `POST /api/v1/secret/:key`.
    pub(crate) async fn reveal(&self, key: &str, passphrase: Option<&str>) -> Response {
        let form: Vec<(&str, &str)> =
            passphrase.map(|p| vec![("passphrase", p)]).unwrap_or_default();
        self.post_form(&format!("/api/v1/secret/{key}"), &form).await
    }
}

pub(crate) fn str_field<'a>(v: &'a Value, name: &str) -> &'a str {
    v[name].as_str().unwrap_or_else(|| panic!("`{name}` is not a string in {v}"))
}

/// Asserts a v1 error: HTTP 404, the intended status header, and a `message`.
pub(crate) async fn assert_v1_error(r: Response, intended: u16) -> Value {
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "v1 errors are sent as 404");
    let header = r.headers().get("x-ots-intended-status").expect("X-OTS-Intended-Status");
    assert_eq!(header.to_str().unwrap(), intended.to_string());
    let body: Value = r.json().await.unwrap();
    assert!(body["message"].is_string(), "v1 error without message: {body}");
    body
}

/// Asserts the v1 "Unknown secret" answer, echoing `key`.
pub(crate) async fn assert_unknown_secret(r: Response, key: &str) {
    let body = assert_v1_error(r, 404).await;
    assert_eq!(body["message"], "Unknown secret");
    assert_eq!(body["secret_key"], key);
}
