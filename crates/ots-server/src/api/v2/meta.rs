//! `GET /status`, `GET /version`, `GET /supported-locales`.

use axum::Json;
use ots_core::wire::v2;

use crate::error::ApiError;
use crate::extract::Caller;

/// The locales the web pages offer. Only English so far.
const LOCALES: &[&str] = &["en"];

/// Public; credentials, when sent, must still verify.
#[utoipa::path(get, path = "/api/v2/status", tag = "v2",
    responses((status = 200, body = v2::Status)))]
pub(super) async fn status(_caller: Caller) -> Json<v2::Status> {
    Json(v2::Status { success: true, status: "nominal".into(), locale: "en".into() })
}

/// The server's version, for account holders only.
#[utoipa::path(get, path = "/api/v2/version", tag = "v2", security(("basic" = [])),
    responses((status = 200, body = v2::Version)))]
pub(super) async fn version(caller: Caller) -> Result<Json<v2::Version>, ApiError> {
    if caller.account().is_none() {
        return Err(ApiError::Unauthorized);
    }
    let version =
        env!("CARGO_PKG_VERSION").split('.').map(|part| part.parse::<u64>().unwrap_or(0)).collect();
    Ok(Json(v2::Version { success: true, version, locale: "en".into() }))
}

#[utoipa::path(get, path = "/api/v2/supported-locales", tag = "v2",
    responses((status = 200, body = v2::Locales)))]
pub(super) async fn supported_locales(_caller: Caller) -> Json<v2::Locales> {
    Json(v2::Locales {
        success: true,
        locales: LOCALES.iter().map(|l| (*l).to_owned()).collect(),
        default_locale: "en".into(),
        locale: "en".into(),
    })
}
