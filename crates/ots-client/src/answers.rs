//! Lenient readers for the servers' answers.
//!
//! `ots_core::wire` describes exactly what ots sends, and the server's own tests hold it to
//! that. A client of *any* compatible server cannot be so strict: onetimesecret.com's v1 sends
//! neither `identifier` nor `receipt_url`, older servers send TTLs as strings, newer ones send
//! v2 booleans as JSON booleans. So these shapes name only the fields the client uses, every
//! one optional, and each scalar is accepted as a number, a string or a boolean.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An integer sent as a number (`3600`, `3600.0`) or a decimal string (`"3600"`); `""` and
/// `null` are absent.
pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(float_to_int)),
        Value::String(s) => {
            s.trim().parse::<i64>().ok().or_else(|| s.trim().parse::<f64>().ok().map(float_to_int))
        }
        _ => None,
    })
}

#[allow(clippy::cast_possible_truncation)] // seconds: far inside i64
fn float_to_int(f: f64) -> i64 {
    f as i64
}

/// A boolean sent as `true` or `"true"`.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A string, or a number written as one; anything else is absent.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

pub(crate) fn seconds(v: Option<i64>) -> Option<u64> {
    v.and_then(|v| u64::try_from(v).ok())
}

/// A v1 receipt ("metadata").
#[derive(Deserialize)]
pub(crate) struct V1Receipt {
    #[serde(default, deserialize_with = "text")]
    pub(crate) metadata_key: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) secret_key: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) metadata_ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) secret_ttl: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) state: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) created: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) updated: Option<i64>,
    #[serde(default, deserialize_with = "flag")]
    pub(crate) passphrase_required: Option<bool>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) receipt_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) metadata_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) value: Option<String>,
}

/// `POST /api/v1/secret/:key`.
#[derive(Deserialize)]
pub(crate) struct V1Revealed {
    pub(crate) value: String,
}

/// `POST /api/v1/private/:key/burn`.
#[derive(Deserialize)]
pub(crate) struct V1Burned {
    pub(crate) state: V1Receipt,
}

/// A v2 receipt record.
#[derive(Deserialize)]
pub(crate) struct V2Receipt {
    #[serde(default, deserialize_with = "text")]
    pub(crate) identifier: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) key: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) state: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) secret_shortid: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) secret_identifier: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) secret_key: Option<String>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) lifespan: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) secret_ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) receipt_ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) metadata_ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) created: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) updated: Option<i64>,
    #[serde(default, deserialize_with = "flag")]
    pub(crate) has_passphrase: Option<bool>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) share_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) receipt_url: Option<String>,
}

impl V2Receipt {
    pub(crate) fn id(&self) -> Option<&str> {
        self.identifier.as_deref().or(self.key.as_deref())
    }
}

/// A v2 secret record.
#[derive(Deserialize)]
pub(crate) struct V2Secret {
    #[serde(default, deserialize_with = "text")]
    pub(crate) identifier: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) key: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) state: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub(crate) has_passphrase: Option<bool>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) secret_ttl: Option<i64>,
    #[serde(default, deserialize_with = "int")]
    pub(crate) lifespan: Option<i64>,
    #[serde(default)]
    pub(crate) secret_value: Option<String>,
}

impl V2Secret {
    pub(crate) fn id(&self) -> Option<&str> {
        self.identifier.as_deref().or(self.key.as_deref())
    }
}

/// `record` of a v2 create answer: the receipt (under `receipt`, or `metadata` on older
/// servers; ots sends both) and the secret.
#[derive(Deserialize)]
pub(crate) struct V2CreatedRecord {
    #[serde(default)]
    pub(crate) receipt: Option<V2Receipt>,
    #[serde(default)]
    pub(crate) metadata: Option<V2Receipt>,
    pub(crate) secret: V2Secret,
}

/// `{"record": …}`.
#[derive(Deserialize)]
pub(crate) struct V2One<R> {
    pub(crate) record: R,
}

/// `{"records": […]}`.
#[derive(Deserialize)]
pub(crate) struct V2Many<R> {
    #[serde(default = "Vec::new")]
    pub(crate) records: Vec<R>,
}

/// The fields of an error body any server version sends: v1 `message`, v2 `error`/`message`/
/// `field`.
#[derive(Deserialize, Default)]
pub(crate) struct ErrorBody {
    #[serde(default, deserialize_with = "text")]
    pub(crate) message: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) error: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(crate) field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_come_as_numbers_or_strings() {
        let r: V1Receipt = serde_json::from_str(
            r#"{"ttl":"3600","metadata_ttl":7200.0,"created":1,"updated":""}"#,
        )
        .unwrap();
        assert_eq!(
            (r.ttl, r.metadata_ttl, r.created, r.updated),
            (Some(3600), Some(7200), Some(1), None)
        );
    }

    #[test]
    fn booleans_come_as_booleans_or_strings() {
        let s: V2Secret = serde_json::from_str(r#"{"has_passphrase":"true"}"#).unwrap();
        assert_eq!(s.has_passphrase, Some(true));
        let s: V2Secret = serde_json::from_str(r#"{"has_passphrase":false}"#).unwrap();
        assert_eq!(s.has_passphrase, Some(false));
    }

    #[test]
    fn an_upstream_v1_receipt_without_newer_fields_reads() {
        let r: V1Receipt = serde_json::from_str(
            r#"{"custid":"anon","metadata_key":"m1","secret_key":"s1","ttl":"3600",
                "updated":1324174006,"created":1324174006}"#,
        )
        .unwrap();
        assert_eq!(r.metadata_key.as_deref(), Some("m1"));
        assert_eq!(r.receipt_url, None);
    }
}
