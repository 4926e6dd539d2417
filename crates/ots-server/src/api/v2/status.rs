//! Status without consuming: `GET /secret/:id/status` and the bulk `POST /secret/status`.
//! Neither counts as opening the link, and neither ever shows a value.

use std::collections::HashSet;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use ots_core::wire::v2;

use super::body::Body;
use super::wire;
use crate::error::ApiError;
use crate::extract::Caller;
use crate::service::{self, Look};
use crate::state::AppState;

/// Most identifiers one bulk request may ask about.
const BULK_MAX: usize = 100;

/// Unknown (or malformed, expired, revealed, burned) is `200 {"record":{"state":"unknown"}}`.
#[utoipa::path(get, path = "/api/v2/secret/{identifier}/status", tag = "v2",
    security((), ("basic" = [])),
    params(("identifier" = String, Path, description = "The secret's id")),
    responses((status = 200, body = v2::SecretStatus)))]
pub(super) async fn status(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<v2::SecretStatus>, ApiError> {
    let key = path.map(|Path(k)| k).unwrap_or_default();
    let (user_id, shrimp) = (wire::user_id(&caller), String::new());
    Ok(Json(match service::peek(&state, &key, Look::Status).await? {
        Some(view) => v2::SecretStatus::Known(Box::new(v2::KnownStatus {
            success: true,
            user_id,
            shrimp,
            record: wire::secret(&view),
            #[allow(clippy::cast_precision_loss)] // seconds left: far below 2^52
            details: v2::StatusDetails { current_expiration: view.secret_ttl() as f64 },
        })),
        None => v2::SecretStatus::Unknown(v2::UnknownStatus {
            success: true,
            user_id,
            shrimp,
            record: v2::UnknownRecord { state: v2::UnknownState::Unknown },
        }),
    }))
}

/// Ids as a JSON array or one comma-separated string, at most 100; unknown ones are left out.
#[utoipa::path(post, path = "/api/v2/secret/status", tag = "v2", security((), ("basic" = [])),
    request_body = v2::BulkStatusRequest,
    responses((status = 200, body = v2::SecretList)))]
pub(super) async fn bulk_status(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<Json<v2::SecretList>, ApiError> {
    let ids = body
        .list("identifiers")?
        .ok_or_else(|| ApiError::invalid("identifiers", "`identifiers` is required"))?;
    if ids.len() > BULK_MAX {
        return Err(ApiError::invalid(
            "identifiers",
            format!("At most {BULK_MAX} identifiers per request"),
        ));
    }
    let mut seen = HashSet::new();
    let ids: Vec<String> = ids.into_iter().filter(|id| seen.insert(id.clone())).collect();
    let mut records = Vec::new();
    for id in &ids {
        if let Some(view) = service::peek(&state, id, Look::Status).await? {
            records.push(wire::secret(&view));
        }
    }
    Ok(Json(v2::SecretList {
        success: true,
        user_id: wire::user_id(&caller),
        shrimp: String::new(),
        count: records.len() as u64,
        records,
        details: v2::EmptyDetails::default(),
    }))
}
