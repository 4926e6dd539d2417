//! v2's error shape: the real HTTP status and `{error, message, field, error_id, error_type}`.
//!
//! `error_id` is the request id: the same value is in the `X-Request-ID` header and in the
//! server's access-log line for the request, so a report quoting it leads to the log.
//!
//! This runs around the whole application, not only the v2 router, so that refusals made
//! before routing (a body over the limit, an unknown path under `/api/v2`) get the v2 shape too.

use axum::Json;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ots_core::wire::v2;

use crate::error::ErrorInfo;
use crate::middleware::RequestId;

pub(crate) async fn render(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path != "/api/v2" && !path.starts_with("/api/v2/") {
        return next.run(req).await;
    }
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let response = next.run(req).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let body = v2::Error {
        error: info.kind.to_owned(),
        message: info.message,
        field: info.field.map(str::to_owned),
        error_id: request_id,
        error_type: info.kind.to_owned(),
    };
    let mut out = (info.status, Json(body)).into_response();
    let headers = out.headers_mut();
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            headers.insert(name.clone(), value.clone());
        }
    }
    out
}
