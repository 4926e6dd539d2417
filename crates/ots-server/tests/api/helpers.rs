//! `TestApp`: a server on `127.0.0.1:0` with its own data directory, a settable clock, and a
//! client with a method per route.

use std::net::SocketAddr;
use std::sync::Arc;

use ots_core::crypto::token_digest;
use ots_server::{AppState, Clock, Config};
use ots_store::{Account, AnyStore, SqliteStore, Store};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::openapi::Document;

pub(crate) const START: i64 = 1_800_000_000;

pub(crate) struct TestApp {
    pub(crate) base: String,
    pub(crate) client: reqwest::Client,
    pub(crate) state: AppState,
    pub(crate) doc: Arc<Document>,
    dir: tempfile::TempDir,
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
        let base = format!("http://{addr}");
        let served = client.get(format!("{base}/api/v2/openapi.json")).send().await.unwrap();
        assert_eq!(served.status(), StatusCode::OK);
        let doc = Arc::new(Document::new(served.json().await.unwrap()));
        Self { base, client, state, doc, dir, _stop: stop }
    }

    /// Sends a request and checks the response against the served OpenAPI document.
    pub(crate) async fn send(&self, request: RequestBuilder) -> Response {
        let request = request.build().unwrap();
        let (method, path) = (request.method().clone(), request.url().path().to_owned());
        let r = self.client.execute(request).await.unwrap();
        self.checked(&method, &path, r).await
    }

    /// Checks a response against the document and hands back an equivalent one.
    pub(crate) async fn checked(&self, method: &Method, path: &str, r: Response) -> Response {
        let status = r.status();
        let headers = r.headers().clone();
        let body = r.bytes().await.unwrap();
        let ctype = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.doc.check(method.as_str(), path, status.as_u16(), &ctype, &body);
        let mut rebuilt = axum::http::Response::builder().status(status);
        for (name, value) in &headers {
            rebuilt = rebuilt.header(name, value);
        }
        Response::from(rebuilt.body(body).unwrap())
    }

    /// The server's data directory (the SQLite file lives here).
    pub(crate) fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) fn advance(&self, secs: i64) {
        self.state.clock().advance(secs);
    }

    /// Creates an account directly in the store; returns its e-mail and token.
    pub(crate) async fn account(&self, email: &str) -> (String, String) {
        let token = ots_core::account::new_token().to_string();
        self.state
            .store()
            .create_account(Account {
                id: ots_core::account::new_account_id(),
                email: email.to_owned(),
                token_digest: token_digest(&token),
                password_hash: None,
                created: ots_core::Timestamp(START),
            })
            .await
            .unwrap();
        (email.to_owned(), token)
    }

    pub(crate) async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.send(self.client.post(self.url(path)).form(form)).await
    }

    pub(crate) async fn post_form_as(
        &self,
        path: &str,
        form: &[(&str, &str)],
        user: &(String, String),
    ) -> Response {
        self.send(self.client.post(self.url(path)).basic_auth(&user.0, Some(&user.1)).form(form))
            .await
    }

    pub(crate) async fn get(&self, path: &str) -> Response {
        self.send(self.client.get(self.url(path))).await
    }

    pub(crate) async fn get_as(&self, path: &str, user: &(String, String)) -> Response {
        self.send(self.client.get(self.url(path)).basic_auth(&user.0, Some(&user.1))).await
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

/// An account's e-mail and token.
pub(crate) type Creds = (String, String);

impl TestApp {
    fn with_auth(request: RequestBuilder, auth: Option<&Creds>) -> RequestBuilder {
        match auth {
            Some((user, token)) => request.basic_auth(user, Some(token)),
            None => request,
        }
    }

    /// `GET` a v2 path (checked against the document).
    pub(crate) async fn v2_get(&self, path: &str, auth: Option<&Creds>) -> Response {
        self.send(Self::with_auth(self.client.get(self.url(path)), auth)).await
    }

    /// `POST` JSON to a v2 path.
    pub(crate) async fn v2_post(&self, path: &str, body: &Value, auth: Option<&Creds>) -> Response {
        self.send(Self::with_auth(self.client.post(self.url(path)).json(body), auth)).await
    }

    /// `PATCH` JSON to a v2 path.
    pub(crate) async fn v2_patch(
        &self,
        path: &str,
        body: &Value,
        auth: Option<&Creds>,
    ) -> Response {
        self.send(Self::with_auth(self.client.patch(self.url(path)).json(body), auth)).await
    }

    /// `POST /api/v2/secret/conceal` with `{"secret": params}`; asserts 200, returns the body.
    pub(crate) async fn conceal(&self, params: Value, auth: Option<&Creds>) -> Value {
        let r = self
            .v2_post("/api/v2/secret/conceal", &serde_json::json!({"secret": params}), auth)
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }
}

/// The secret id and receipt id of a v2 create response.
pub(crate) fn v2_ids(created: &Value) -> (String, String) {
    (
        str_field(&created["record"]["secret"], "identifier").to_owned(),
        str_field(&created["record"]["receipt"], "identifier").to_owned(),
    )
}

/// Asserts a v2 error: the status, `error` (and its mirror `error_type`), a `message`, and an
/// `error_id` equal to the request id the response carries.
pub(crate) async fn assert_v2_error(r: Response, status: u16, error: &str) -> Value {
    assert_eq!(r.status().as_u16(), status);
    let request_id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_type"], error, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert_eq!(body["error_id"], request_id.as_str(), "{body}");
    body
}
