//! The JSON APIs, one module per version. Each version's router renders errors its own way.

pub mod v1;
