//! [`ApiError`]: every way a request can fail, independent of the API version.
//!
//! Each API version renders it with its own thin wrapper (v1: [`crate::api::v1::V1Error`]),
//! because the versions have different error bodies. Messages never contain secret material;
//! the one exception is v1's "Unknown secret", which echoes the key the caller itself sent.

use std::borrow::Cow;

use axum::http::StatusCode;
use ots_store::StoreError;

/// A key the caller sent, kept only to echo back in v1's "Unknown secret". `Debug` hides it.
#[derive(Clone, Default)]
pub struct EchoKey(pub String);

impl std::fmt::Debug for EchoKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EchoKey({})", ots_core::ShortId::of_untrusted(&self.0))
    }
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Absent, expired, revealed or burned, or a wrong passphrase in v1: one answer, so nobody
    /// learns which.
    #[error("Unknown secret")]
    UnknownSecret(EchoKey),
    /// The passphrase did not open the secret (v2 answers this distinctly).
    #[error("Invalid passphrase")]
    WrongPassphrase(EchoKey),
    /// A value failed validation.
    #[error("{message}")]
    Invalid {
        /// For people.
        message: Cow<'static, str>,
        /// The field at fault.
        field: Option<&'static str>,
    },
    /// The request could not be read (bad JSON, bad form encoding, invalid UTF-8).
    #[error("{0}")]
    Malformed(Cow<'static, str>),
    /// Credentials were sent and did not verify, or are required and missing.
    #[error("Not authorized")]
    Unauthorized,
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(Cow<'static, str>),
    /// Anonymous callers may not do this here: the operation's guest switch is off.
    #[error("This operation is not available to guests on this server")]
    GuestRoutesDisabled,
    /// Too many requests from this client.
    #[error("Too many requests; try again later")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Too many wrong passphrases for this secret.
    #[error("Too many passphrase attempts; try again later")]
    PassphraseLocked {
        /// Seconds to wait. For a secret locked for good, until it expires: nothing changes
        /// before then, and after it the secret is gone.
        retry_after: u64,
    },
    /// The body is larger than the configured limit.
    #[error("Request body too large")]
    PayloadTooLarge,
    /// No such route.
    #[error("Not found")]
    NoRoute,
    /// The route exists, the method does not.
    #[error("Method not allowed")]
    MethodNotAllowed,
    /// The store cannot be reached.
    #[error("Service unavailable; try again shortly")]
    Unavailable(#[source] StoreError),
    /// A bug or an unexpected state. Logged; the client gets a generic message.
    #[error("Internal error")]
    Internal(Cow<'static, str>),
}

impl ApiError {
    /// A validation error on `field`.
    pub fn invalid(field: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::Invalid { message: message.into(), field: Some(field) }
    }

    /// The HTTP status this error means (v1 sends most of them as 404 and this in a header).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownSecret(_) | Self::NoRoute => StatusCode::NOT_FOUND,
            Self::WrongPassphrase(_) | Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::GuestRoutesDisabled => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } | Self::PassphraseLocked { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds for a `Retry-After` header, when the error has one.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after } | Self::PassphraseLocked { retry_after } => {
                Some(*retry_after)
            }
            Self::Unavailable(_) => Some(1),
            _ => None,
        }
    }

    /// Logs server-side failures once, with the cause; client errors are not logged here.
    pub(crate) fn log(&self) {
        match self {
            Self::Unavailable(source) => tracing::warn!(error = %source, "store unavailable"),
            Self::Internal(cause) => tracing::error!(cause = %cause, "internal error"),
            _ => {}
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Corrupt(what) => Self::Internal(format!("corrupt record: {what}").into()),
            StoreError::Conflict => Self::Internal("unexpected conflict".into()),
            e @ StoreError::Unavailable(_) => Self::Unavailable(e),
        }
    }
}

/// What an error response carries for the per-version renderers: each API version's layer
/// rewrites responses that have this extension into its own error shape.
#[derive(Clone, Debug)]
pub(crate) struct ErrorInfo {
    pub(crate) status: StatusCode,
    /// The v2 `error` type, e.g. `NotFound`, `FormError`.
    pub(crate) kind: &'static str,
    pub(crate) message: String,
    /// The request field at fault, when one is.
    pub(crate) field: Option<&'static str>,
    /// v1 answers "Unknown secret" with the caller's key for these.
    pub(crate) unknown_secret: Option<EchoKey>,
}

impl ApiError {
    fn kind(&self) -> &'static str {
        match self {
            Self::UnknownSecret(_) | Self::NoRoute => "NotFound",
            Self::WrongPassphrase(_) => "IncorrectPassphrase",
            Self::Invalid { .. } => "FormError",
            Self::Malformed(_) => "BadRequest",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden(_) => "Forbidden",
            Self::GuestRoutesDisabled => "GuestRoutesDisabled",
            Self::RateLimited { .. } | Self::PassphraseLocked { .. } => "RateLimited",
            Self::PayloadTooLarge => "PayloadTooLarge",
            Self::MethodNotAllowed => "MethodNotAllowed",
            Self::Unavailable(_) => "ServiceUnavailable",
            Self::Internal(_) => "InternalError",
        }
    }
}

impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        self.log();
        let status = self.status();
        let info = ErrorInfo {
            status,
            kind: self.kind(),
            message: self.to_string(),
            field: match &self {
                Self::Invalid { field, .. } => *field,
                Self::WrongPassphrase(_) => Some("passphrase"),
                _ => None,
            },
            unknown_secret: match &self {
                Self::UnknownSecret(k) | Self::WrongPassphrase(k) => Some(k.clone()),
                _ => None,
            },
        };
        let body = serde_json::json!({ "error": info.kind, "message": info.message });
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after() {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response.extensions_mut().insert(info);
        response
    }
}
