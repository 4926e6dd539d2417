//! The OpenAPI 3.1 document of v1 and v2, generated from the handlers' `#[utoipa::path]`
//! attributes and the wire types' schemas, never written by hand.
//!
//! What the attributes do not say is added here, from the same constants the routers use:
//! the route aliases, the error responses every route can give (in each version's shape), and
//! the Basic security scheme. The integration tests check every response they receive against
//! this document, and the fuzzing script generates requests from it, so it cannot drift from
//! what the server does.

use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};

use super::{v1, v2};

/// Statuses any v2 route may answer with besides its success (API.md §3.2), and why.
const V2_ERRORS: &[(&str, &str)] = &[
    ("400", "Malformed request (not JSON, not an object, not UTF-8)"),
    ("401", "Credentials sent that do not verify, or required and missing"),
    ("403", "Not allowed (e.g. `GuestRoutesDisabled`)"),
    ("404", "Unknown secret or receipt, or no such route"),
    ("405", "Method not allowed on this route"),
    ("413", "Request body over the limit"),
    ("422", "Validation failed, or a wrong passphrase"),
    ("429", "Too many requests; see `Retry-After`"),
    ("500", "Internal error"),
    ("503", "The store is unreachable; see `Retry-After`"),
];

/// v1 sends client errors as 404 (the intended status in `X-OTS-Intended-Status`).
const V1_ERRORS: &[(&str, &str)] = &[
    ("404", "Any client error; the intended status is in `X-OTS-Intended-Status`"),
    ("413", "Request body over the limit"),
    ("500", "Internal error"),
    ("503", "The store is unreachable"),
];

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.patch,
        &mut item.delete,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn add_errors(op: &mut Operation, errors: &[(&str, &str)], schema: &str) {
    for (status, why) in errors {
        let content = ContentBuilder::new().schema(Some(Ref::from_schema_name(schema))).build();
        let response =
            ResponseBuilder::new().description(*why).content("application/json", content).build();
        op.responses.responses.entry((*status).to_owned()).or_insert(response.into());
    }
}

/// Copies the documented `from` prefix's paths to each alias prefix.
fn add_aliases(doc: &mut utoipa::openapi::OpenApi, api: &str, from: &str, aliases: &[&str]) {
    let documented = format!("/api/{api}/{from}/");
    let skip = documented.len();
    let copies: Vec<(String, PathItem)> = doc
        .paths
        .paths
        .iter()
        .filter(|(path, _)| path.starts_with(&documented))
        .flat_map(|(path, item)| {
            aliases.iter().filter(|a| **a != from).map(move |alias| {
                let rest = &path[skip..];
                (format!("/api/{api}/{alias}/{rest}"), item.clone())
            })
        })
        .collect();
    for (path, mut item) in copies {
        for op in operations(&mut item) {
            // Operation ids must be unique in a document.
            op.operation_id = op.operation_id.take().map(|id| format!("{id}_{}", path.len()));
        }
        doc.paths.paths.insert(path, item);
    }
}

/// The whole document, as served at `GET /api/v2/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = v1::doc::V1Doc::openapi();
    doc.merge(v2::doc::V2Doc::openapi());
    doc.info.title = "ots".into();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc.info.description = Some(
        "Onetime Secret compatible API v1 (`/api/v1`) and v2 (`/api/v2`), as served by ots.".into(),
    );
    add_aliases(&mut doc, "v1", "private", &v1::RECEIPT_PREFIXES);
    add_aliases(&mut doc, "v2", "receipt", &v2::RECEIPT_PREFIXES);
    if let Some(share) = doc.paths.paths.get("/api/v1/share").cloned() {
        let mut create = share;
        for op in operations(&mut create) {
            op.operation_id = Some("share_create_alias".into());
        }
        doc.paths.paths.insert("/api/v1/create".into(), create);
    }
    for (path, item) in &mut doc.paths.paths {
        let v1 = path.starts_with("/api/v1/");
        for op in operations(item) {
            if v1 {
                add_errors(op, V1_ERRORS, "v1.Error");
            } else {
                add_errors(op, V2_ERRORS, "Error");
            }
            // Every body is optional on the wire: v1 also reads the query string, and v2
            // answers a missing one with a validation error in its own shape.
            if let Some(body) = op.request_body.as_mut() {
                make_optional(body);
            }
        }
    }
    if let Some(components) = doc.components.as_mut() {
        components
            .add_security_scheme("basic", SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)));
    }
    doc
}

fn make_optional(body: &mut RequestBody) {
    body.required = Some(utoipa::openapi::Required::False);
}

/// The document as JSON bytes, built once when the router is.
pub(crate) fn document_json() -> std::sync::Arc<[u8]> {
    serde_json::to_vec(&document()).unwrap_or_default().into()
}
