//! The public APIs' request and response shapes, shared by the server and clients.
//!
//! These carry upstream's field names and quirks; the domain never sees them. Conversions live
//! in the server's service layer.

pub mod v1;
