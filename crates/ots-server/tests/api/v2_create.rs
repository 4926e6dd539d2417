//! v2 `secret/conceal` and `secret/generate`: every field and type of the create response,
//! TTL clamping, and validation errors naming their field.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{START, TestApp, assert_v2_error, str_field};

/// Asserts a v2 string-typed boolean.
fn is_flag(v: &Value, expected: bool) -> bool {
    v.as_str() == Some(if expected { "true" } else { "false" })
}

#[tokio::test]
async fn conceal_answers_the_receipt_and_the_secret_with_string_typed_fields() {
    let app = TestApp::spawn().await;
    let body = app.conceal(json!({"secret": "hunter2", "ttl": 3600}), None).await;
    assert_eq!(body["success"], true);
    assert_eq!(body["user_id"], "anon");
    assert_eq!(body["shrimp"], "");
    let record = &body["record"];
    let (receipt, secret) = (&record["receipt"], &record["secret"]);
    assert_eq!(record["metadata"], *receipt, "metadata mirrors receipt");
    assert_eq!(record["share_domain"], "");
    assert_eq!(body["details"], json!({"kind": "conceal", "recipient": [], "recipient_safe": []}));

    // The secret record.
    let sid = str_field(secret, "identifier");
    assert_eq!(sid.len(), 62);
    assert_eq!(secret["key"], sid);
    assert_eq!(secret["shortid"], &sid[..8]);
    assert_eq!(secret["state"], "new");
    assert_eq!(secret["created"], START.to_string());
    assert_eq!(secret["updated"], START.to_string());
    assert_eq!(secret["secret_ttl"], "3600");
    assert_eq!(secret["lifespan"], "3600");
    for (field, value) in [
        ("has_passphrase", false),
        ("verification", false),
        ("is_previewed", false),
        ("is_revealed", false),
        ("is_viewed", false),
        ("is_received", false),
    ] {
        assert!(is_flag(&secret[field], value), "{field}: {secret}");
    }
    assert!(secret.get("secret_value").is_none(), "conceal never echoes the value");

    // The receipt record.
    let rid = str_field(receipt, "identifier");
    assert_eq!(rid.len(), 62);
    assert_ne!(rid, sid);
    assert_eq!(receipt["key"], rid);
    assert_eq!(receipt["custid"], "anon");
    assert_eq!(receipt["state"], "new");
    assert_eq!(receipt["secret_shortid"], &sid[..8]);
    assert_eq!(receipt["secret_identifier"], sid);
    assert_eq!(receipt["secret_ttl"], "3600");
    assert_eq!(receipt["metadata_ttl"], "7200");
    assert_eq!(receipt["receipt_ttl"], "7200");
    assert_eq!(receipt["lifespan"], "3600");
    assert_eq!(receipt["recipients"], json!([]));
    assert_eq!(receipt["memo"], "");
    assert_eq!(receipt["kind"], "conceal");
    for field in ["previewed", "revealed", "burned"] {
        assert!(receipt[field].is_null(), "{field}");
    }
    for (field, value) in [
        ("is_previewed", false),
        ("is_revealed", false),
        ("is_burned", false),
        ("is_expired", false),
        ("is_orphaned", false),
        ("is_destroyed", false),
        ("has_passphrase", false),
    ] {
        assert!(is_flag(&receipt[field], value), "{field}: {receipt}");
    }
    let base = &app.base;
    assert_eq!(receipt["share_url"], format!("{base}/secret/{sid}"));
    assert_eq!(receipt["receipt_url"], format!("{base}/receipt/{rid}"));
    assert_eq!(receipt["burn_url"], format!("{base}/api/v2/receipt/{rid}/burn"));
}

#[tokio::test]
async fn the_value_comes_back_intact_on_reveal() {
    let app = TestApp::spawn().await;
    let value = "pässwörd 🔐\nline two\r\n\ttab";
    let body = app.conceal(json!({"secret": value}), None).await;
    let sid = str_field(&body["record"]["secret"], "identifier");
    let r = app
        .v2_post(&format!("/api/v2/secret/{sid}/reveal"), &json!({"continue": true}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["secret_value"], value);
}

#[tokio::test]
async fn ttls_are_clamped_and_the_effective_one_is_returned() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let cases = [
        (json!(5), None, "60"),
        (json!("120"), None, "120"),
        (json!(""), None, "604800"),
        (json!(99_999_999), None, "604800"),
        (json!(99_999_999), Some(&alice), "2592000"),
    ];
    for (ttl, who, expected) in cases {
        let body = app.conceal(json!({"secret": "x", "ttl": ttl}), who).await;
        assert_eq!(body["record"]["secret"]["lifespan"], expected, "ttl {ttl}");
    }
}

#[tokio::test]
async fn an_account_is_named_in_user_id_and_custid() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let body = app.conceal(json!({"secret": "mine"}), Some(&alice)).await;
    let user_id = str_field(&body, "user_id");
    assert_ne!(user_id, "anon");
    assert!(!user_id.contains('@'), "user_id is the external id, not the e-mail");
    assert_eq!(body["record"]["receipt"]["custid"], "alice@example.com");
}

#[tokio::test]
async fn flat_parameters_are_accepted_too() {
    let app = TestApp::spawn().await;
    let r =
        app.v2_post("/api/v2/secret/conceal", &json!({"secret": "flat", "ttl": 600}), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["record"]["secret"]["lifespan"], "600");
}

#[tokio::test]
async fn a_passphrase_hides_the_secret_identifier_from_the_receipt() {
    let app = TestApp::spawn().await;
    let body = app.conceal(json!({"secret": "x", "passphrase": "open sesame"}), None).await;
    let receipt = &body["record"]["receipt"];
    assert!(is_flag(&receipt["has_passphrase"], true));
    assert!(is_flag(&body["record"]["secret"]["has_passphrase"], true));
    assert!(receipt.get("secret_identifier").is_none(), "{receipt}");
}

#[tokio::test]
async fn invalid_parameters_are_422_naming_the_field() {
    let app = TestApp::with_config(|c| c.secret_max_bytes = 100).await;
    let cases = [
        (json!({"secret": {"secret": ""}}), "secret"),
        (json!({"secret": {}}), "secret"),
        (json!({"secret": {"secret": "x".repeat(101)}}), "secret"),
        (json!({"secret": {"secret": 42}}), "secret"),
        (json!({"secret": {"secret": "x", "ttl": "soon"}}), "ttl"),
        (json!({"secret": {"secret": "x", "ttl": -5}}), "ttl"),
        (json!({"secret": {"secret": "x", "passphrase": "abc"}}), "passphrase"),
        (json!({"secret": {"secret": "x", "passphrase": 1234}}), "passphrase"),
        (json!({"secret": {"secret": "x", "recipient": "bob@example.com"}}), "recipient"),
        (json!({"secret": {"secret": "x", "share_domain": "evil.example"}}), "share_domain"),
    ];
    for (body, field) in cases {
        let r = app.v2_post("/api/v2/secret/conceal", &body, None).await;
        let err = assert_v2_error(r, 422, "FormError").await;
        assert_eq!(err["field"], field, "{body}");
    }
}

#[tokio::test]
async fn generate_shows_the_password_once_in_the_secret_record() {
    let app = TestApp::spawn().await;
    let r = app
        .v2_post("/api/v2/secret/generate", &json!({"secret": {"length": 20, "ttl": 300}}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["details"]["kind"], "generate");
    assert_eq!(body["record"]["receipt"]["kind"], "generate");
    let value = str_field(&body["record"]["secret"], "secret_value").to_owned();
    assert_eq!(value.chars().count(), 20);
    assert!(!value.chars().any(|c| "ilo1IO0".contains(c)), "ambiguous excluded by default");
    // The stored secret is that password.
    let sid = str_field(&body["record"]["secret"], "identifier");
    let revealed: Value = app
        .v2_post(&format!("/api/v2/secret/{sid}/reveal"), &json!({"continue": true}), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revealed["record"]["secret_value"], value.as_str());
}

#[tokio::test]
async fn generate_honours_character_sets_and_defaults_to_twelve() {
    let app = TestApp::spawn().await;
    let sets = json!({"uppercase": false, "symbols": false, "numbers": false});
    let r = app
        .v2_post("/api/v2/secret/generate", &json!({"secret": {"character_sets": sets}}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let value = str_field(&body["record"]["secret"], "secret_value");
    assert_eq!(value.len(), 12);
    assert!(value.chars().all(|c| c.is_ascii_lowercase()), "{value}");
    let empty = app.v2_post("/api/v2/secret/generate", &json!({}), None).await;
    assert_eq!(empty.status(), StatusCode::OK);
}

#[tokio::test]
async fn generate_refuses_a_length_over_the_maximum_naming_the_field() {
    let app = TestApp::spawn().await;
    for body in [
        json!({"secret": {"length": 129}}),
        json!({"secret": {"length": 0}}),
        json!({"secret": {"length": "many"}}),
    ] {
        let r = app.v2_post("/api/v2/secret/generate", &body, None).await;
        let err = assert_v2_error(r, 422, "FormError").await;
        assert_eq!(err["field"], "length", "{body}");
    }
    let no_sets = json!({"secret": {"character_sets": {
        "uppercase": false, "lowercase": false, "numbers": false, "symbols": false}}});
    let r = app.v2_post("/api/v2/secret/generate", &no_sets, None).await;
    let err = assert_v2_error(r, 422, "FormError").await;
    assert_eq!(err["field"], "character_sets");
}

#[tokio::test]
async fn guests_are_rate_limited_with_retry_after_and_accounts_are_exempt() {
    let app = TestApp::with_config(|c| {
        c.create_limit = 3;
        c.create_window = 600;
    })
    .await;
    for _ in 0..3 {
        app.conceal(json!({"secret": "x"}), None).await;
    }
    let r = app.v2_post("/api/v2/secret/conceal", &json!({"secret": {"secret": "x"}}), None).await;
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 600, "{retry}");
    assert_v2_error(r, 429, "RateLimited").await;
    let alice = app.account("alice@example.com").await;
    app.conceal(json!({"secret": "x"}), Some(&alice)).await;
}
