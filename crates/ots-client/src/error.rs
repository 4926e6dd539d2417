//! The client's one error type: each variant is a situation a caller handles differently.
//!
//! Messages name the situation and, where the server said more, its words. They never carry a
//! token, a passphrase, a secret value or a full request URL (which would hold an id).

use std::time::Duration;

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such secret or receipt: never created, expired, already revealed or burned. (API v1
    /// also answers this for a wrong or missing passphrase; it cannot tell them apart.)
    #[error("unknown secret: it never existed, has expired, or was already revealed or burned")]
    NotFound,
    /// The passphrase is wrong, or one is needed and none was given.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// Too many requests; `retry_after` is the server's hint, when it gave one.
    #[error("rate limited by the server{}", retry_hint(*.retry_after))]
    RateLimited {
        /// How long the server asks to wait.
        retry_after: Option<Duration>,
    },
    /// The credentials were refused, or the operation needs an account.
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// The server's explanation.
        message: String,
    },
    /// The server does not let this caller do this (e.g. guest operations switched off).
    #[error("refused by the server: {message}")]
    Forbidden {
        /// The server's explanation.
        message: String,
    },
    /// The server refused the request's content (a field out of range, a secret too large…).
    #[error("the server refused the request: {message}")]
    Invalid {
        /// The server's explanation.
        message: String,
        /// The field at fault, when the server named one.
        field: Option<String>,
    },
    /// No answer: the server is down, the address is wrong, or the request timed out.
    #[error("cannot reach the server at {server}")]
    Unreachable {
        /// The server's base URL.
        server: String,
        /// The transport error (its URL removed).
        #[source]
        source: reqwest::Error,
    },
    /// The server answered with a failure of its own (5xx) or a status this client does not
    /// know.
    #[error("the server failed (HTTP {status}): {message}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's explanation, if it gave one.
        message: String,
    },
    /// The answer could not be read as the API describes it.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// The operation does not exist in the API version in use.
    #[error("{0} is not available in API {1}; use API v2")]
    Unsupported(&'static str, &'static str),
    /// A server URL or link that cannot be used.
    #[error("{0}")]
    BadInput(String),
}

fn retry_hint(after: Option<Duration>) -> String {
    after.map_or_else(String::new, |d| format!("; try again in {} s", d.as_secs()))
}
