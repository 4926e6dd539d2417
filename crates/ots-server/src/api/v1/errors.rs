//! v1's error shape: HTTP 404 for client errors, `{"message": …}`, and the status meant in
//! `X-OTS-Intended-Status`. An unknown secret, an already revealed one and a wrong passphrase
//! all answer `{"message":"Unknown secret","secret_key":"<key the caller sent>"}`.
//!
//! Two deliberate exceptions keep clients from misreading trouble as "no such secret": an
//! oversized body is a real 413 (API.md §1), and store outages and internal errors keep their
//! real 5xx status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ots_core::wire::v1;

use crate::error::ErrorInfo;

pub(super) async fn render(response: Response) -> Response {
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let intended = match info.status {
        // A wrong passphrase must look exactly like an unknown secret.
        _ if info.unknown_secret.is_some() => StatusCode::NOT_FOUND,
        // 403: an operation switched off for guests (the `guest_*` settings).
        s if [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::NOT_FOUND]
            .contains(&s) =>
        {
            s
        }
        s if s.is_client_error() => StatusCode::BAD_REQUEST,
        s => s,
    };
    let sent = if info.status == StatusCode::PAYLOAD_TOO_LARGE || info.status.is_server_error() {
        info.status
    } else {
        StatusCode::NOT_FOUND
    };
    let body = match info.unknown_secret {
        Some(key) => v1::Error { message: "Unknown secret".into(), secret_key: Some(key.0) },
        None => v1::Error { message: info.message, secret_key: None },
    };
    let mut out = (sent, Json(body)).into_response();
    let headers = out.headers_mut();
    headers.insert("x-ots-intended-status", HeaderValue::from(intended.as_u16()));
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            headers.insert(name.clone(), value.clone());
        }
    }
    out
}
