//! The OpenAPI 3.1 document of v1 and v2, generated from the handlers' `#[utoipa::path]`
//! attributes and the wire types' schemas, never written by hand.
//!
//! What the attributes do not say is added here, from the same constants the routers use:
//! the route aliases, the error responses every route can give (in each version's shape),
//! unique operation ids, links from each create to the routes that use its ids, and the Basic
//! security scheme. The integration tests check every response they receive against
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

fn methods(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", &mut item.get),
        ("post", &mut item.post),
        ("put", &mut item.put),
        ("patch", &mut item.patch),
        ("delete", &mut item.delete),
        ("head", &mut item.head),
        ("options", &mut item.options),
        ("trace", &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
}

/// A unique, stable operationId from the method and path (handler names repeat across versions
/// and aliases): `post_api_v2_secret_identifier_reveal`.
fn operation_id(method: &str, path: &str) -> String {
    let words = path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    std::iter::once(method).chain(words).collect::<Vec<_>>().join("_")
}

/// Links from a create response to the operations that use what it made, so a stateful
/// client (or fuzzer) can follow them: `(link name, method, path, parameter, JSON pointer)`.
const V2_LINKS: &[(&str, &str, &str, &str)] = &[
    ("ShowSecret", "get", "/api/v2/secret/{identifier}", "/record/secret/identifier"),
    ("RevealSecret", "post", "/api/v2/secret/{identifier}/reveal", "/record/secret/identifier"),
    ("SecretStatus", "get", "/api/v2/secret/{identifier}/status", "/record/secret/identifier"),
    ("ShowReceipt", "get", "/api/v2/receipt/{identifier}", "/record/receipt/identifier"),
    ("SetMemo", "patch", "/api/v2/receipt/{identifier}", "/record/receipt/identifier"),
    ("Burn", "post", "/api/v2/receipt/{identifier}/burn", "/record/receipt/identifier"),
];
const V1_LINKS: &[(&str, &str, &str, &str)] = &[
    ("RevealSecret", "post", "/api/v1/secret/{key}", "/secret_key"),
    ("ShowReceipt", "get", "/api/v1/private/{key}", "/metadata_key"),
    ("Burn", "post", "/api/v1/private/{key}/burn", "/metadata_key"),
];

/// Adds the links to the serialized document. (Not through utoipa's `Link`: utoipa 5.5
/// serializes its fields in snake case, `operation_id`, which OpenAPI readers do not know.)
fn add_links(doc: &mut serde_json::Value) {
    let creates = [
        ("/api/v2/secret/conceal", V2_LINKS),
        ("/api/v2/secret/generate", V2_LINKS),
        ("/api/v2/guest/secret/conceal", V2_LINKS),
        ("/api/v2/guest/secret/generate", V2_LINKS),
        ("/api/v1/share", V1_LINKS),
        ("/api/v1/create", V1_LINKS),
        ("/api/v1/generate", V1_LINKS),
    ];
    for (path, links) in creates {
        let Some(ok) = doc.pointer_mut(&format!("/paths/{}/post/responses/200", escape(path)))
        else {
            continue;
        };
        let links: serde_json::Map<String, serde_json::Value> = links
            .iter()
            .map(|(name, method, target, pointer)| {
                let param = if target.contains("{key}") { "key" } else { "identifier" };
                let link = serde_json::json!({
                    "operationId": operation_id(method, target),
                    "parameters": { param: format!("$response.body#{pointer}") },
                });
                ((*name).to_owned(), link)
            })
            .collect();
        ok["links"] = links.into();
    }
}

/// A path as one JSON-pointer token (RFC 6901: `~` → `~0`, `/` → `~1`).
fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
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
    for (path, item) in copies {
        // Their operation ids are made unique afterwards, with everyone else's.
        doc.paths.paths.insert(path, item);
    }
}

/// The document generated from the code, before the links are added (see `document_json`).
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
        doc.paths.paths.insert("/api/v1/create".into(), share);
    }
    for (path, item) in &mut doc.paths.paths {
        let v1 = path.starts_with("/api/v1/");
        for (method, op) in methods(item) {
            op.operation_id = Some(operation_id(method, path));
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

/// The document as served: [`document`] with the links added, as JSON bytes, built once when
/// the router is.
pub(crate) fn document_json() -> std::sync::Arc<[u8]> {
    let mut value = serde_json::to_value(document()).unwrap_or_default();
    add_links(&mut value);
    serde_json::to_vec(&value).unwrap_or_default().into()
}
