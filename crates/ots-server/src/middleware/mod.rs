//! Layers every request passes through: request ids, the access log and metrics, the body-size
//! guard, and security headers.

mod access_log;
mod body_limit;
mod request_id;
mod security_headers;

pub(crate) use access_log::access_log;
pub(crate) use body_limit::reject_oversized;
pub(crate) use request_id::RequestId;
pub(crate) use request_id::request_id;
pub(crate) use security_headers::security_headers;
