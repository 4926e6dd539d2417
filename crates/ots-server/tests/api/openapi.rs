//! Every response a test receives is checked against the OpenAPI document the server serves
//! at `/api/v2/openapi.json`: its status must be documented for the route, and its JSON body
//! must match the documented schema. So the document cannot drift from the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::Validator;
use serde_json::{Value, json};

/// The served document, with compiled validators cached per (route, method, status).
pub(crate) struct Document {
    doc: Value,
    cache: Mutex<HashMap<(String, String, String), Arc<Validator>>>,
}

impl Document {
    pub(crate) fn new(doc: Value) -> Self {
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"), "OpenAPI 3.1");
        Self { doc, cache: Mutex::new(HashMap::new()) }
    }

    pub(crate) fn raw(&self) -> &Value {
        &self.doc
    }

    /// The documented route template for a concrete path and method: static segments win
    /// over parameters (`/secret/status` over `/secret/{identifier}`).
    fn template(&self, path: &str, method: &str) -> Option<String> {
        let wanted: Vec<&str> = path.split('/').collect();
        let paths = self.doc["paths"].as_object()?;
        paths
            .iter()
            .filter(|(_, item)| item.get(method).is_some())
            .filter_map(|(template, _)| {
                let segs: Vec<&str> = template.split('/').collect();
                if segs.len() != wanted.len() {
                    return None;
                }
                let mut params = 0;
                for (t, w) in segs.iter().zip(&wanted) {
                    if t.starts_with('{') {
                        if w.is_empty() {
                            return None;
                        }
                        params += 1;
                    } else if t != w {
                        return None;
                    }
                }
                Some((params, template.clone()))
            })
            .min()
            .map(|(_, t)| t)
    }

    /// Checks one response. Paths outside `/api/`, and methods or paths the document does
    /// not list at all (deliberate 404/405 probes), are not checked.
    pub(crate) fn check(&self, method: &str, path: &str, status: u16, ctype: &str, body: &[u8]) {
        if !path.starts_with("/api/") {
            return;
        }
        let method = method.to_ascii_lowercase();
        let Some(template) = self.template(path, &method) else {
            return;
        };
        let status = status.to_string();
        let response = &self.doc["paths"][&template][&method]["responses"][&status];
        assert!(
            response.is_object(),
            "{method} {template}: status {status} is not documented; body: {}",
            String::from_utf8_lossy(body)
        );
        let schema = &response["content"]["application/json"]["schema"];
        if schema.is_null() {
            return;
        }
        assert!(ctype.starts_with("application/json"), "{method} {template} {status}: {ctype}");
        let value: Value = serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("{method} {template} {status}: body is not JSON ({e})"));
        let key = (template.clone(), method.clone(), status.clone());
        let validator = {
            let mut cache = self.cache.lock().unwrap();
            Arc::clone(cache.entry(key).or_insert_with(|| {
                let root = json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "components": self.doc["components"],
                    "allOf": [schema],
                });
                Arc::new(jsonschema::validator_for(&root).expect("the document's schema compiles"))
            }))
        };
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} ({template}) {status}: the response breaks the document:\n{}\n{value}",
            errors.join("\n")
        );
    }
}

#[tokio::test]
async fn a_response_that_breaks_the_document_is_caught() {
    let app = crate::helpers::TestApp::spawn().await;
    let doc = &app.doc;
    let ok = br#"{"success":true,"status":"nominal","locale":"en"}"#;
    doc.check("GET", "/api/v2/status", 200, "application/json", ok);
    let wrong_type = br#"{"success":"yes","status":"nominal","locale":"en"}"#;
    let missing = br#"{"success":true,"locale":"en"}"#;
    for body in [&wrong_type[..], &missing[..]] {
        let caught = std::panic::catch_unwind(|| {
            doc.check("GET", "/api/v2/status", 200, "application/json", body);
        });
        assert!(caught.is_err(), "{}", String::from_utf8_lossy(body));
    }
    let undocumented_status = std::panic::catch_unwind(|| {
        doc.check("GET", "/api/v2/status", 418, "application/json", ok);
    });
    assert!(undocumented_status.is_err());
}
