//! Turning requests into typed inputs, with our error shape on every failure.
//!
//! - [`Params`]: the request's parameters from the query string and the body, whatever the body
//!   is (form, JSON, or empty with everything in the query, as one widely used v1 client does).
//!   Reads at most the configured body limit; a larger body is refused with 413.
//! - [`Caller`]: who is asking: an account (verified HTTP Basic) or a guest. A request that
//!   carries credentials that do not verify is refused, never served as a guest.
//! - [`ClientIp`]: the address rate limits and lockouts count against.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use http_body_util::{BodyExt, Limited};
use ots_store::Account;
use percent_encoding::percent_decode;
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::error::ApiError;
use crate::state::AppState;

/// Request parameters by name. Names ending in `[]` are stored without the brackets. Values
/// may be secrets, so they are wiped when the parameters are dropped.
#[derive(Default)]
pub(crate) struct Params {
    values: HashMap<String, Vec<String>>,
}

impl Drop for Params {
    fn drop(&mut self) {
        self.values.values_mut().flatten().for_each(Zeroize::zeroize);
    }
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Parameter values may be secrets: show only their names.
        f.debug_list().entries(self.values.keys()).finish()
    }
}

impl Params {
    /// The first value of `name`, if any.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// The first value of `name`, treating an empty value as absent.
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// Every value of `name` (and `name[]`).
    pub(crate) fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    fn push(&mut self, name: String, value: String) {
        let name = name.strip_suffix("[]").map(str::to_owned).unwrap_or(name);
        self.values.entry(name).or_default().push(value);
    }

    fn add_form(&mut self, bytes: &[u8]) -> Result<(), ApiError> {
        for pair in bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let mut it = pair.splitn(2, |&b| b == b'=');
            let name = decode_component(it.next().unwrap_or_default())?;
            let value = decode_component(it.next().unwrap_or_default())?;
            self.push(name, value);
        }
        Ok(())
    }

    /// Adds a JSON object's fields. Strings are moved in, not copied; what is not a scalar
    /// (an object, an array inside an array) is wiped and left out.
    fn add_json(&mut self, bytes: &[u8]) -> Result<(), ApiError> {
        for (name, value) in json_object(bytes)?.unwrap_or_default() {
            match value {
                Value::Array(items) => {
                    for item in items {
                        self.add_scalar(&name, item);
                    }
                }
                other => self.add_scalar(&name, other),
            }
        }
        Ok(())
    }

    fn add_scalar(&mut self, name: &str, value: Value) {
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            mut nested @ (Value::Array(_) | Value::Object(_)) => {
                wipe_json(&mut nested);
                return;
            }
        };
        self.push(name.to_owned(), text);
    }
}

/// The JSON object a request body holds; `None` for a blank body. Any other JSON is refused,
/// and wiped first: it may hold a secret.
pub(crate) fn json_object(bytes: &[u8]) -> Result<Option<Map<String, Value>>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(mut other) => {
            wipe_json(&mut other);
            Err(ApiError::Malformed("The request body must be a JSON object".into()))
        }
        Err(e) => {
            Err(ApiError::Malformed(format!("The request body is not valid JSON: {e}").into()))
        }
    }
}

/// Wipes every string in a parsed JSON body: its values may be secrets.
pub(crate) fn wipe_json(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_json),
        Value::Object(map) => map.values_mut().for_each(wipe_json),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Decodes one `application/x-www-form-urlencoded` component, refusing invalid UTF-8 rather
/// than silently replacing it (which would change a secret).
fn decode_component(raw: &[u8]) -> Result<String, ApiError> {
    // A `+` is a space; an encoded one (`%2B`) is not, so the pieces between `+`s are
    // percent-decoded one by one, straight into the result: no intermediate copy to wipe.
    let mut bytes = Vec::with_capacity(raw.len());
    for (n, piece) in raw.split(|&b| b == b'+').enumerate() {
        if n > 0 {
            bytes.push(b' ');
        }
        bytes.extend(percent_decode(piece));
    }
    String::from_utf8(bytes).map_err(|e| {
        e.into_bytes().zeroize();
        ApiError::Malformed("The request is not valid UTF-8".into())
    })
}

impl FromRequest<AppState> for Params {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let limit = state.inner.config.body_limit;
        let (parts, body) = req.into_parts();
        let mut params = Params::default();
        if let Some(query) = parts.uri.query() {
            params.add_form(query.as_bytes())?;
        }
        let bytes = read_limited(body, limit).await?;
        let is_json = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
        if is_json {
            params.add_json(&bytes)?;
        } else {
            params.add_form(&bytes)?;
        }
        Ok(params)
    }
}

/// Reads the body, stopping at `limit` bytes. A body *declared* larger was already refused by
/// the `reject_oversized` middleware before any of it was read.
pub(crate) async fn read_limited(body: Body, limit: usize) -> Result<Zeroizing<Vec<u8>>, ApiError> {
    match Limited::new(body, limit).collect().await {
        // Our copy is wiped when dropped; hyper's buffers are beyond reach. A body that came
        // in several pieces was joined into a buffer of our own, which the `Vec` takes over
        // rather than copies.
        Ok(collected) => Ok(Zeroizing::new(Vec::from(collected.to_bytes()))),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::PayloadTooLarge),
        Err(_) => Err(ApiError::Malformed("The request body could not be read".into())),
    }
}

/// Who is making the request.
#[derive(Debug, Clone)]
pub(crate) enum Caller {
    /// No credentials.
    Guest,
    /// Verified HTTP Basic credentials.
    Account(Account),
}

impl Caller {
    /// The account, if signed in.
    pub(crate) fn account(&self) -> Option<&Account> {
        match self {
            Self::Guest => None,
            Self::Account(a) => Some(a),
        }
    }

    /// v1's `custid`: the e-mail, or `"anon"`.
    pub(crate) fn custid(&self) -> &str {
        self.account().map_or("anon", |a| a.email.as_str())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Self::Guest);
        };
        let header = header.to_str().map_err(|_| ApiError::Unauthorized)?;
        let (user, token) = parse_basic(header).ok_or(ApiError::Unauthorized)?;
        crate::service::authenticate(state, &user, &token).await.map(Self::Account)
    }
}

fn parse_basic(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64_decode(encoded.trim())?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, token) = text.split_once(':')?;
    Some((user.to_owned(), token.to_owned()))
}

/// Standard base64 (RFC 4648), with or without padding, as clients send Basic credentials.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    LENIENT.decode(s).ok()
}

/// The client's address, as rate limits and lockouts see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientIp(pub(crate) IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        let trusted = &state.inner.trusted_proxies;
        if !trusted.contains(&peer) {
            return Ok(Self(peer));
        }
        // Walk X-Forwarded-For from the right, skipping our own proxies: the first address a
        // trusted proxy did not add itself is the client.
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        let client = forwarded.iter().rev().find(|ip| !trusted.contains(ip)).copied();
        Ok(Self(client.unwrap_or(peer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_decode() {
        // "user@example.com:tok3n"
        let h = "Basic dXNlckBleGFtcGxlLmNvbTp0b2szbg==";
        assert_eq!(parse_basic(h), Some(("user@example.com".into(), "tok3n".into())));
        assert_eq!(parse_basic("Bearer abc"), None);
        assert_eq!(parse_basic("Basic !!!"), None);
        // Without its padding too, as some clients send it.
        let unpadded = "Basic dXNlckBleGFtcGxlLmNvbTp0b2szbg";
        assert_eq!(parse_basic(unpadded), Some(("user@example.com".into(), "tok3n".into())));
    }

    #[test]
    fn form_components_refuse_invalid_utf8() {
        assert!(decode_component(b"%ff%fe").is_err());
        assert_eq!(decode_component(b"a+b%20c").unwrap(), "a b c");
    }

    #[test]
    fn wiping_empties_every_string_at_every_depth() {
        let mut v: Value =
            serde_json::from_str(r#"{"a":"x","b":["y",{"c":"z"}],"d":5,"e":null}"#).unwrap();
        wipe_json(&mut v);
        assert_eq!(v, serde_json::json!({"a":"","b":["",{"c":""}],"d":5,"e":null}));
    }

    #[test]
    fn a_plus_is_a_space_and_an_encoded_plus_is_a_plus() {
        assert_eq!(decode_component(b"+a++b%2B+").unwrap(), " a  b+ ");
        assert_eq!(decode_component(b"").unwrap(), "");
        assert_eq!(decode_component(b"%2").unwrap(), "%2", "a cut-off escape stays as it is");
    }

    #[test]
    fn array_names_lose_their_brackets() {
        let mut p = Params::default();
        p.add_form(b"recipient[]=a%40b.c&recipient[]=&ttl=").unwrap();
        assert_eq!(p.all("recipient"), ["a@b.c".to_owned(), String::new()]);
        assert_eq!(p.non_empty("ttl"), None);
    }
}
