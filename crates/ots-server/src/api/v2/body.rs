//! v2 request bodies: one JSON object, read within the body limit, with typed accessors that
//! name the field at fault (422) when a value has the wrong type. A malformed body is 400.
//!
//! Values are read leniently where upstream clients differ: `continue` may be a boolean or
//! `"true"`, a TTL a number or a decimal string, and a create's parameters may sit under
//! `"secret": {…}` (as documented) or at the top level.

use axum::extract::{FromRequest, Request};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::extract::{json_object, read_limited, wipe_json};
use crate::state::AppState;

/// A v2 JSON body. An empty body is an empty object. Its values may be secrets, so its strings
/// are wiped when it is dropped.
#[derive(Default)]
pub(super) struct Body(Map<String, Value>);

impl Drop for Body {
    fn drop(&mut self) {
        self.0.values_mut().for_each(wipe_json);
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may be secrets: show only the names.
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl FromRequest<AppState> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let bytes = read_limited(req.into_body(), state.inner.config.body_limit).await?;
        Self::parse(&bytes)
    }
}

impl Body {
    fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        Ok(Self(json_object(bytes)?.unwrap_or_default()))
    }

    /// The object under `name` when there is one (`{"secret": {…}}`), else the body itself.
    pub(super) fn section(mut self, name: &str) -> Self {
        match self.0.get_mut(name) {
            // Taken, not copied: the rest of the body is wiped on drop as usual.
            Some(Value::Object(inner)) => Self(std::mem::take(inner)),
            _ => self,
        }
    }

    /// A string field; `null` and absence are `None`.
    pub(super) fn text(&self, name: &'static str) -> Result<Option<&str>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::invalid(name, format!("`{name}` must be a string"))),
        }
    }

    /// A flag: `true`/`false` or the strings `"true"`/`"false"`; absent is `false`.
    pub(super) fn flag(&self, name: &'static str) -> Result<bool, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) if s == "true" => Ok(true),
            Some(Value::String(s)) if s == "false" || s.is_empty() => Ok(false),
            Some(_) => Err(ApiError::invalid(name, format!("`{name}` must be true or false"))),
        }
    }

    /// A count of seconds or characters: a non-negative integer, or one as a decimal string
    /// (decimals are truncated, as upstream does). `""` and absence are `None`.
    pub(super) fn whole(&self, name: &'static str) -> Result<Option<u64>, ApiError> {
        let bad = || ApiError::invalid(name, format!("`{name}` must be a whole number"));
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
                (Some(v), _) => Ok(Some(v)),
                // Truncating a non-negative float to whole seconds is the intent.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                (None, Some(f)) if (0.0..1e18).contains(&f) => Ok(Some(f as u64)),
                _ => Err(bad()),
            },
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => {
                let whole = s.trim().split('.').next().unwrap_or_default();
                whole.parse::<u64>().map(Some).map_err(|_| bad())
            }
            Some(_) => Err(bad()),
        }
    }

    /// A list of strings, given as a JSON array or one comma-separated string. Empty items are
    /// dropped.
    pub(super) fn list(&self, name: &'static str) -> Result<Option<Vec<String>>, ApiError> {
        let bad = || ApiError::invalid(name, format!("`{name}` must be a list of strings"));
        let items: Vec<String> = match self.0.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(s)) => s.split(',').map(|i| i.trim().to_owned()).collect(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(|s| s.trim().to_owned()).ok_or_else(bad))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad()),
        };
        Ok(Some(items.into_iter().filter(|i| !i.is_empty()).collect()))
    }

    /// An object field, as a body of its own.
    pub(super) fn object(&self, name: &'static str) -> Result<Option<Self>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(inner)) => Ok(Some(Self(inner.clone()))),
            Some(_) => Err(ApiError::invalid(name, format!("`{name}` must be an object"))),
        }
    }

    /// A flag with a default for when it is absent.
    pub(super) fn flag_or(&self, name: &'static str, default: bool) -> Result<bool, ApiError> {
        if self.0.get(name).is_none_or(Value::is_null) { Ok(default) } else { self.flag(name) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_bodies_are_empty_objects_and_non_objects_are_malformed() {
        assert!(Body::parse(b"  ").unwrap().0.is_empty());
        assert!(matches!(Body::parse(b"[1]"), Err(ApiError::Malformed(_))));
        assert!(matches!(Body::parse(b"{\"a\":"), Err(ApiError::Malformed(_))));
    }

    #[test]
    fn a_section_is_taken_whole_and_a_body_without_one_is_its_own() {
        let b = Body::parse(br#"{"secret":{"secret":"v","ttl":60},"ttl":5}"#).unwrap();
        let inner = b.section("secret");
        assert_eq!(
            (inner.text("secret").unwrap(), inner.whole("ttl").unwrap()),
            (Some("v"), Some(60))
        );
        let flat = Body::parse(br#"{"secret":"v"}"#).unwrap().section("secret");
        assert_eq!(flat.text("secret").unwrap(), Some("v"));
    }

    #[test]
    fn lists_come_as_arrays_or_comma_separated_strings() {
        let b = Body::parse(br#"{"a":["x"," y",""],"b":"x, y,,","c":5,"d":[1]}"#).unwrap();
        assert_eq!(b.list("a").unwrap().unwrap(), ["x", "y"]);
        assert_eq!(b.list("b").unwrap().unwrap(), ["x", "y"]);
        assert!(b.list("c").is_err());
        assert!(b.list("d").is_err());
        assert_eq!(b.list("e").unwrap(), None);
    }

    #[test]
    fn whole_numbers_come_as_numbers_or_strings() {
        let b = Body::parse(br#"{"a":60,"b":"90.5","c":"","d":-1,"e":"x","f":true}"#).unwrap();
        assert_eq!(b.whole("a").unwrap(), Some(60));
        assert_eq!(b.whole("b").unwrap(), Some(90));
        assert_eq!(b.whole("c").unwrap(), None);
        for bad in ["d", "e", "f"] {
            assert!(matches!(b.whole(bad), Err(ApiError::Invalid { .. })), "{bad}");
        }
    }

    #[test]
    fn flags_accept_booleans_and_their_strings_only() {
        let b = Body::parse(br#"{"a":true,"b":"true","c":"false","d":"yes","e":1}"#).unwrap();
        assert!(b.flag("a").unwrap() && b.flag("b").unwrap());
        assert!(!b.flag("c").unwrap() && !b.flag("missing").unwrap());
        assert!(b.flag("d").is_err() && b.flag("e").is_err());
    }
}
