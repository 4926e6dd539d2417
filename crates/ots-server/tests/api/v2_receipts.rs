//! v2 receipts: `receipt/:id` (alias `private/:id`), `PATCH` memo (owner only), burn, recent.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v2_error, str_field, v2_ids};

#[tokio::test]
async fn a_receipt_reads_the_same_on_both_prefixes_and_reading_changes_nothing() {
    let app = TestApp::spawn().await;
    let (sid, rid) = v2_ids(&app.conceal(json!({"secret": "x", "ttl": 600}), None).await);
    app.advance(10);
    let mut seen = Vec::new();
    for prefix in ["receipt", "private", "receipt"] {
        let r = app.v2_get(&format!("/api/v2/{prefix}/{rid}"), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["cache-control"], "no-store");
        seen.push(r.json::<Value>().await.unwrap());
    }
    assert!(seen.iter().all(|s| *s == seen[0]));
    let body = &seen[0];
    assert_eq!(body["success"], true);
    assert_eq!(body["details"], json!({"is_owner": "false", "can_burn": "true"}));
    let record = &body["record"];
    assert_eq!(record["state"], "new");
    assert_eq!(record["secret_identifier"], sid.as_str());
    assert_eq!(record["secret_ttl"], "590");
    assert_eq!(record["metadata_ttl"], "1190");
    assert_eq!(record["receipt_ttl"], "1190");
    // The secret is untouched.
    let status: Value =
        app.v2_get(&format!("/api/v2/secret/{sid}/status"), None).await.json().await.unwrap();
    assert_eq!(status["record"]["state"], "new");
}

#[tokio::test]
async fn an_unknown_receipt_is_404() {
    let app = TestApp::spawn().await;
    let unknown = "d".repeat(62);
    for id in [unknown.as_str(), "x", "NOT-AN-ID"] {
        let r = app.v2_get(&format!("/api/v2/receipt/{id}"), None).await;
        assert_v2_error(r, 404, "NotFound").await;
    }
}

#[tokio::test]
async fn burn_needs_continue_then_destroys_the_secret_once() {
    let app = TestApp::spawn().await;
    for prefix in ["receipt", "private"] {
        let (sid, rid) = v2_ids(&app.conceal(json!({"secret": "burn me"}), None).await);
        let path = format!("/api/v2/{prefix}/{rid}/burn");
        let r = app.v2_post(&path, &json!({}), None).await;
        assert_eq!(assert_v2_error(r, 422, "FormError").await["field"], "continue");
        let r = app.v2_post(&path, &json!({"continue": true, "passphrase": "ignored"}), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        let record = &body["record"];
        assert_eq!(record["state"], "burned");
        assert_eq!(record["is_burned"], "true");
        assert_eq!(record["is_destroyed"], "true");
        assert!(record["burned"].is_string());
        assert_eq!(record["secret_ttl"], "0");
        assert!(record.get("secret_identifier").is_none());
        assert_eq!(body["details"]["can_burn"], "false");
        // The secret is gone, and burning again is unknown.
        let r = app
            .v2_post(&format!("/api/v2/secret/{sid}/reveal"), &json!({"continue": true}), None)
            .await;
        assert_v2_error(r, 404, "NotFound").await;
        assert_v2_error(
            app.v2_post(&path, &json!({"continue": true}), None).await,
            404,
            "NotFound",
        )
        .await;
    }
}

#[tokio::test]
async fn the_memo_is_set_by_the_owner_only() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let bob = app.account("bob@example.com").await;
    let (_, rid) = v2_ids(&app.conceal(json!({"secret": "x"}), Some(&alice)).await);
    let path = format!("/api/v2/receipt/{rid}");
    let memo = json!({"memo": "for the VPN"});
    assert_v2_error(app.v2_patch(&path, &memo, None).await, 401, "Unauthorized").await;
    assert_v2_error(app.v2_patch(&path, &memo, Some(&bob)).await, 403, "Forbidden").await;
    let r = app.v2_patch(&path, &memo, Some(&alice)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["record"]["memo"], "for the VPN");
    assert_eq!(body["details"]["is_owner"], "true");
    // Anyone holding the receipt reads it; only the owner is told they own it.
    let read: Value = app.v2_get(&path, None).await.json().await.unwrap();
    assert_eq!(read["record"]["memo"], "for the VPN");
    assert_eq!(read["details"]["is_owner"], "false");
    for (body, status) in
        [(json!({"memo": "x".repeat(501)}), 422), (json!({}), 422), (json!({"memo": 5}), 422)]
    {
        let err =
            assert_v2_error(app.v2_patch(&path, &body, Some(&alice)).await, status, "FormError")
                .await;
        assert_eq!(err["field"], "memo");
    }
    let ok = app.v2_patch(&path, &json!({"memo": "é".repeat(500)}), Some(&alice)).await;
    assert_eq!(ok.status(), StatusCode::OK);
    // A guest's receipt has no owner to change it.
    let (_, guest_rid) = v2_ids(&app.conceal(json!({"secret": "x"}), None).await);
    let r = app.v2_patch(&format!("/api/v2/receipt/{guest_rid}"), &memo, Some(&alice)).await;
    assert_v2_error(r, 403, "Forbidden").await;
}

#[tokio::test]
async fn recent_lists_the_callers_receipts_newest_first() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let bob = app.account("bob@example.com").await;
    let (_, first) = v2_ids(&app.conceal(json!({"secret": "1"}), Some(&alice)).await);
    app.advance(5);
    let (_, second) = v2_ids(&app.conceal(json!({"secret": "2"}), Some(&alice)).await);
    app.conceal(json!({"secret": "bob's"}), Some(&bob)).await;
    app.conceal(json!({"secret": "guest's"}), None).await;
    for prefix in ["receipt", "private"] {
        let r = app.v2_get(&format!("/api/v2/{prefix}/recent"), Some(&alice)).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["success"], true);
        assert_eq!(body["custid"], "alice@example.com");
        assert_eq!(body["count"], 2);
        assert_ne!(body["user_id"], "anon");
        let ids: Vec<&str> = body["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| str_field(r, "identifier"))
            .collect();
        assert_eq!(ids, [second.as_str(), first.as_str()]);
        assert!(body["details"].is_object());
    }
    for prefix in ["receipt", "private"] {
        let r = app.v2_get(&format!("/api/v2/{prefix}/recent"), None).await;
        assert_v2_error(r, 401, "Unauthorized").await;
    }
}

#[tokio::test]
async fn a_generated_password_is_shown_on_its_receipt_once_within_a_minute() {
    // Arrange: two generated secrets and a concealed one.
    let app = TestApp::spawn().await;
    let generate = || async {
        let r = app.v2_post("/api/v2/secret/generate", &json!({"secret": {}}), None).await;
        let body: Value = r.json().await.unwrap();
        let value = body["record"]["secret"]["secret_value"].as_str().unwrap().to_owned();
        (v2_ids(&body).1, value)
    };
    let (first, first_value) = generate().await;
    let (late, _) = generate().await;
    let concealed = v2_ids(&app.conceal(json!({"secret": "typed"}), None).await).1;
    let details = |rid: String| {
        let app = &app;
        async move {
            let r = app.v2_get(&format!("/api/v2/receipt/{rid}"), None).await;
            r.json::<Value>().await.unwrap()["details"].clone()
        }
    };

    // Act and assert: shown once, then never again.
    assert_eq!(details(first.clone()).await["secret_value"], first_value.as_str());
    assert!(details(first.clone()).await.get("secret_value").is_none());
    assert!(details(concealed).await.get("secret_value").is_none());
    // Not after the first minute, even if never shown.
    app.advance(61);
    assert!(details(late).await.get("secret_value").is_none());
    // The secret itself is untouched by all this.
    let sid_state = app.v2_get(&format!("/api/v2/receipt/{first}"), None).await;
    assert_eq!(sid_state.json::<Value>().await.unwrap()["record"]["state"], "new");
}
