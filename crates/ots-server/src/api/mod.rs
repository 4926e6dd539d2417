//! The JSON APIs, one module per version, and the OpenAPI document that describes both. Each
//! version's router renders errors its own way. `guest` holds the switches for anonymous
//! callers that both versions obey.

pub(crate) mod guest;
pub mod openapi;
pub mod v1;
pub mod v2;
