//! The public APIs' request and response shapes, shared by the server and clients.
//!
//! These carry upstream's field names and quirks; the domain never sees them. Conversions live
//! in the server's service layer. With the `openapi` feature every shape also describes itself
//! as a JSON schema (`utoipa::ToSchema`), from which the server builds its OpenAPI document.

pub mod v1;
pub mod v2;
