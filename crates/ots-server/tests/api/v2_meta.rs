//! v2 `status`, `version`, `supported-locales`, and the served OpenAPI document.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v2_error};

#[tokio::test]
async fn status_is_public_and_nominal() {
    let app = TestApp::spawn().await;
    let r = app.v2_get("/api/v2/status", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"success": true, "status": "nominal", "locale": "en"})
    );
}

#[tokio::test]
async fn version_needs_an_account_and_answers_three_integers() {
    let app = TestApp::spawn().await;
    assert_v2_error(app.v2_get("/api/v2/version", None).await, 401, "Unauthorized").await;
    let alice = app.account("alice@example.com").await;
    let r = app.v2_get("/api/v2/version", Some(&alice)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["success"], true);
    assert_eq!(body["locale"], "en");
    let parts: Vec<u64> =
        body["version"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let expected: Vec<u64> =
        env!("CARGO_PKG_VERSION").split('.').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts, expected);
}

#[tokio::test]
async fn supported_locales_lists_english() {
    let app = TestApp::spawn().await;
    let r = app.v2_get("/api/v2/supported-locales", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["locales"], json!(["en"]));
    assert_eq!(body["default_locale"], "en");
    assert_eq!(body["success"], true);
}

#[tokio::test]
async fn the_openapi_document_describes_every_v1_and_v2_route() {
    let app = TestApp::spawn().await;
    let doc = app.doc.raw();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("get", "/api/v2/status"),
        ("get", "/api/v2/version"),
        ("get", "/api/v2/supported-locales"),
        ("post", "/api/v2/secret/conceal"),
        ("post", "/api/v2/secret/generate"),
        ("get", "/api/v2/secret/{identifier}"),
        ("post", "/api/v2/secret/{identifier}/reveal"),
        ("get", "/api/v2/secret/{identifier}/status"),
        ("post", "/api/v2/secret/status"),
        ("get", "/api/v2/receipt/{identifier}"),
        ("patch", "/api/v2/receipt/{identifier}"),
        ("get", "/api/v2/private/{identifier}"),
        ("post", "/api/v2/receipt/{identifier}/burn"),
        ("post", "/api/v2/private/{identifier}/burn"),
        ("get", "/api/v2/receipt/recent"),
        ("get", "/api/v2/private/recent"),
        ("post", "/api/v2/guest/secret/conceal"),
        ("post", "/api/v2/guest/secret/generate"),
        ("get", "/api/v2/guest/secret/{identifier}"),
        ("post", "/api/v2/guest/secret/{identifier}/reveal"),
        ("get", "/api/v2/guest/receipt/{identifier}"),
        ("post", "/api/v2/guest/receipt/{identifier}/burn"),
        ("get", "/api/v1/status"),
        ("get", "/api/v1/authcheck"),
        ("post", "/api/v1/share"),
        ("post", "/api/v1/create"),
        ("post", "/api/v1/generate"),
        ("post", "/api/v1/secret/{key}"),
        ("get", "/api/v1/private/{key}"),
        ("post", "/api/v1/metadata/{key}/burn"),
        ("get", "/api/v1/receipt/recent"),
    ];
    for (method, path) in expected {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path}");
    }
    // Every v2 operation documents the v2 error statuses in the v2 error shape.
    let v2_reveal = &paths["/api/v2/secret/{identifier}/reveal"]["post"]["responses"];
    for status in ["400", "401", "403", "404", "422", "429", "500", "503"] {
        let schema = &v2_reveal[status]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(schema, "#/components/schemas/Error", "{status}");
    }
    let error = &doc["components"]["schemas"]["Error"]["properties"];
    for field in ["error", "message", "field", "error_id", "error_type"] {
        assert!(error.get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn operation_ids_are_unique_and_create_links_point_at_real_operations() {
    let app = TestApp::spawn().await;
    let doc = app.doc.raw();
    let mut ids = std::collections::HashSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().expect("every operation has an id");
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
        }
    }
    for create in ["/api/v2/secret/conceal", "/api/v2/guest/secret/generate", "/api/v1/share"] {
        let links = doc["paths"][create]["post"]["responses"]["200"]["links"].as_object().unwrap();
        assert!(links.len() >= 3, "{create}");
        for link in links.values() {
            assert!(ids.contains(link["operationId"].as_str().unwrap()), "{link}");
        }
    }
}
