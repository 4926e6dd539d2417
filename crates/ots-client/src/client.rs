//! [`Client`]: one server, one API version, optional credentials; sending a request and reading
//! the answer or the error.
//!
//! # Which API version
//! v2 is the default: it is the richer API (a non-consuming look at a secret tells whether a
//! passphrase is needed, bulk status, distinct errors for a wrong passphrase). v1 is what every
//! Onetime Secret compatible server has had the longest; choose it with [`ApiVersion::V1`] for
//! an older server. v1 answers "Unknown secret" for a wrong passphrase too, so a client on v1
//! cannot tell the two apart.
//!
//! # Errors
//! v2 answers with real HTTP statuses. v1 answers most errors with 404 and `{"message": …}`;
//! ots adds the meant status in `X-OTS-Intended-Status`, and for servers that do not the
//! message decides. Either way the answer becomes one [`Error`] variant.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::answers::ErrorBody;
use crate::{Error, Link};

/// Which API the client speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// `/api/v1`: form-encoded requests; every compatible server has it.
    V1,
    /// `/api/v2`: JSON; the default.
    #[default]
    V2,
}

impl ApiVersion {
    /// `"v1"` or `"v2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V2 => "v2",
        }
    }
}

/// Who you are: the account's e-mail (upstream's `custid`) and its API token, sent as HTTP
/// Basic. `Debug` shows the user only.
#[derive(Clone)]
pub struct Credentials {
    /// The account's e-mail.
    pub user: String,
    /// The API token.
    pub token: SecretString,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("token", &"[redacted]")
            .finish()
    }
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base: String,
    api: ApiVersion,
    credentials: Option<Credentials>,
    timeout: Duration,
    pool_idle: usize,
}

impl ClientBuilder {
    /// The API version (default v2).
    #[must_use]
    pub fn api(mut self, api: ApiVersion) -> Self {
        self.api = api;
        self
    }

    /// Send these credentials with every request.
    #[must_use]
    pub fn credentials(mut self, credentials: Option<Credentials>) -> Self {
        self.credentials = credentials;
        self
    }

    /// How long one request may take in all (default 30 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Idle connections kept per host (a load generator sets its concurrency).
    #[must_use]
    pub fn pool_idle(mut self, connections: usize) -> Self {
        self.pool_idle = connections;
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .pool_max_idle_per_host(self.pool_idle)
            .user_agent(concat!("ots-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::BadInput(format!("cannot set up HTTP: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base: self.base,
                api: self.api,
                credentials: self.credentials,
            }),
        })
    }
}

/// A client of one server. Cheap to clone (one `Arc`); clones share the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    /// `scheme://host[:port][/prefix]`, no trailing `/`.
    base: String,
    api: ApiVersion,
    credentials: Option<Credentials>,
}

impl Client {
    /// A builder for the server at `server` (`http://` or `https://`, optionally with a path
    /// prefix).
    pub fn builder(server: &str) -> Result<ClientBuilder, Error> {
        // The messages never echo `server`: it may hold a token (`https://me:TOKEN@host`).
        let url = reqwest::Url::parse(server.trim())
            .map_err(|e| Error::BadInput(format!("the server URL is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::BadInput(
                "the server URL must not hold credentials; use --user and --token".into(),
            ));
        }
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::BadInput(format!(
                "the server URL must be http:// or https:// with a host, not {}:",
                url.scheme()
            )));
        }
        let base = format!("{}{}", url.origin().ascii_serialization(), url.path())
            .trim_end_matches('/')
            .to_owned();
        Ok(ClientBuilder {
            base,
            api: ApiVersion::default(),
            credentials: None,
            timeout: Duration::from_secs(30),
            pool_idle: 8,
        })
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.inner.base
    }

    /// The API version in use.
    pub fn api(&self) -> ApiVersion {
        self.inner.api
    }

    /// Whether requests carry credentials.
    pub fn is_authenticated(&self) -> bool {
        self.inner.credentials.is_some()
    }

    /// The client to use for `link`: this one, or, when the link names another server, a
    /// client of that server *without* credentials (a token is only ever sent to the server it
    /// was configured for).
    #[must_use]
    pub fn for_link(&self, link: &Link) -> Self {
        match &link.server {
            Some(server) if !self.serves(link) => Self {
                inner: Arc::new(Inner {
                    http: self.inner.http.clone(),
                    base: server.clone(),
                    api: self.inner.api,
                    credentials: None,
                }),
            },
            _ => self.clone(),
        }
    }

    /// Whether `link` points at this client's server (a bare id always does).
    pub fn serves(&self, link: &Link) -> bool {
        link.server.as_deref().is_none_or(|server| server == self.inner.base)
    }

    /// A request to `path` under `/api/<version>`.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let url = format!("{}/api/{}{path}", self.inner.base, self.inner.api.as_str());
        let request = self.inner.http.request(method, url);
        match &self.inner.credentials {
            Some(c) => request.basic_auth(&c.user, Some(c.token.expose_secret())),
            None => request,
        }
    }

    /// Sends `request` and decodes a successful answer as `T`.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<T, Error> {
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        if !response.status().is_success() {
            return Err(self.error_of(response).await);
        }
        // Decoded from the received buffer itself: a revealed value is not copied again.
        let bytes = response.bytes().await.map_err(|e| self.unreachable(e))?;
        serde_json::from_slice(&bytes).map_err(|e| protocol(&e))
    }

    fn unreachable(&self, e: reqwest::Error) -> Error {
        Error::Unreachable { server: self.inner.base.clone(), source: e.without_url() }
    }

    /// Reads an error answer.
    async fn error_of(&self, response: Response) -> Error {
        let status = response.status();
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned())
        };
        let intended = header("x-ots-intended-status").and_then(|v| v.parse::<u16>().ok());
        let retry_after =
            header("retry-after").and_then(|v| v.parse::<u64>().ok()).map(Duration::from_secs);
        let body: ErrorBody = response
            .bytes()
            .await
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        classify(status, intended, retry_after, body)
    }
}

/// One error answer, whichever version and server sent it.
fn classify(
    status: StatusCode,
    intended: Option<u16>,
    retry_after: Option<Duration>,
    body: ErrorBody,
) -> Error {
    let code = match (status.as_u16(), intended) {
        (404, Some(meant)) => meant,
        (sent, _) => sent,
    };
    let message = body
        .message
        .clone()
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("no explanation").to_owned());
    let lower = message.to_lowercase();
    let said = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    // v2 names the error type (`IncorrectPassphrase`); a `FormError` on the passphrase field is
    // a validation error. Without a type, the field and the wording decide.
    let passphrase = match body.error.as_deref() {
        Some(kind) => kind.to_lowercase().contains("passphrase"),
        None => {
            body.field.as_deref() == Some("passphrase")
                && !said(&["at least", "at most", "characters", "required"])
        }
    };
    match code {
        429 => Error::RateLimited { retry_after },
        401 => Error::Unauthorized { message },
        403 => Error::Forbidden { message },
        // v1 without the header: the message is all there is.
        404 if said(&["not authorized", "unauthorized", "credentials"]) => {
            Error::Unauthorized { message }
        }
        404 if said(&["rate limit", "too many"]) => Error::RateLimited { retry_after },
        404 => Error::NotFound,
        // v1 sends rate limits as 400 (+ Retry-After on ots).
        400 if retry_after.is_some() || said(&["rate limit", "too many"]) => {
            Error::RateLimited { retry_after }
        }
        422 if passphrase => Error::WrongPassphrase,
        400..=499 => Error::Invalid { message, field: body.field },
        _ => Error::Server { status: status.as_u16(), message },
    }
}

/// A passphrase as the request body carries it.
pub(crate) fn exposed(p: Option<&SecretString>) -> Option<String> {
    p.map(|p| p.expose_secret().to_owned())
}

/// The short form of an id a server sent (its first 8 characters).
pub(crate) fn short(id: &str) -> String {
    ots_core::ShortId::of_untrusted(id).to_string()
}

/// A decoding error, by position only: serde's messages may quote the text they choked on.
pub(crate) fn protocol(e: &serde_json::Error) -> Error {
    Error::Protocol(format!(
        "{:?} error in the JSON at line {} column {}",
        e.classify(),
        e.line(),
        e.column()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(message: &str, error: Option<&str>, field: Option<&str>) -> ErrorBody {
        ErrorBody {
            message: Some(message.to_owned()),
            error: error.map(str::to_owned),
            field: field.map(str::to_owned),
        }
    }

    #[test]
    fn a_bad_server_url_is_refused_without_echoing_it() {
        for server in [
            "htp://me:tok3n@example.com",
            "https://me:tok3n@example.com:99999",
            "https://me:tok3n@example.com",
            "ftp://tok3n.example.com",
        ] {
            let Err(e) = Client::builder(server) else { panic!("{server} was accepted") };
            assert!(!format!("{e} {e:?}").contains("tok3n"), "{server}: {e}");
        }
    }

    #[test]
    fn a_client_serves_links_to_its_own_server_and_prefix_only() {
        let credentials = Credentials { user: "a@example.com".into(), token: "tok3n".into() };
        let client = Client::builder("http://a.test/ots/")
            .unwrap()
            .credentials(Some(credentials))
            .build()
            .unwrap();
        let serves = |link: &str| client.serves(&Link::parse(link).unwrap());
        assert!(serves("abc123"));
        assert!(serves("http://a.test/ots/secret/abc123"));
        assert!(!serves("http://a.test/secret/abc123"));
        assert!(!serves("http://b.test/ots/secret/abc123"));
        let other = client.for_link(&Link::parse("http://b.test/x/secret/abc123").unwrap());
        assert_eq!(other.base(), "http://b.test/x");
        assert!(client.is_authenticated() && !other.is_authenticated());
    }

    #[test]
    fn v1_errors_follow_the_intended_status() {
        let nf = StatusCode::NOT_FOUND;
        let e = classify(nf, Some(401), None, body("Not authorized", None, None));
        assert!(matches!(e, Error::Unauthorized { .. }), "{e:?}");
        let e = classify(nf, None, None, body("Unknown secret", None, None));
        assert!(matches!(e, Error::NotFound), "{e:?}");
        let wait = Some(Duration::from_secs(9));
        let e =
            classify(nf, Some(400), wait, body("Too many requests; try again later", None, None));
        assert!(matches!(e, Error::RateLimited { retry_after } if retry_after == wait), "{e:?}");
    }

    #[test]
    fn upstream_v1_errors_without_the_header_are_read_from_the_message() {
        let nf = StatusCode::NOT_FOUND;
        let e = classify(nf, None, None, body("Not authorized", None, None));
        assert!(matches!(e, Error::Unauthorized { .. }), "{e:?}");
        let e = classify(nf, None, None, body("Cripes! You have been rate limited.", None, None));
        assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    }

    #[test]
    fn a_v2_wrong_passphrase_is_not_a_form_error() {
        let un = StatusCode::UNPROCESSABLE_ENTITY;
        let e = classify(
            un,
            None,
            None,
            body("Invalid passphrase", Some("IncorrectPassphrase"), Some("passphrase")),
        );
        assert!(matches!(e, Error::WrongPassphrase), "{e:?}");
        let e =
            classify(un, None, None, body("ttl must be a number", Some("FormError"), Some("ttl")));
        assert!(matches!(&e, Error::Invalid { field: Some(f), .. } if f == "ttl"), "{e:?}");
        let e = classify(
            un,
            None,
            None,
            body("passphrase must be at least 4 characters", Some("FormError"), Some("passphrase")),
        );
        assert!(matches!(e, Error::Invalid { .. }), "{e:?}");
    }

    #[test]
    fn credentials_debug_hides_the_token() {
        let c = Credentials { user: "a@example.com".into(), token: "tok3n-value".into() };
        assert!(!format!("{c:?}").contains("tok3n"));
    }

    #[test]
    fn a_link_to_another_server_drops_the_credentials() {
        let creds = Credentials { user: "a@example.com".into(), token: "t".into() };
        let client = Client::builder("http://127.0.0.1:3000/")
            .unwrap()
            .credentials(Some(creds))
            .build()
            .unwrap();
        let same = client.for_link(&Link::parse("http://127.0.0.1:3000/secret/abc").unwrap());
        assert!(same.is_authenticated());
        let other = client.for_link(&Link::parse("https://onetimesecret.com/secret/abc").unwrap());
        assert!(!other.is_authenticated());
        assert_eq!(other.base(), "https://onetimesecret.com");
    }
}
