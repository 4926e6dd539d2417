//! The creator's side: `/private/:key` (+ `/metadata`, `/receipt`), burn, and recent.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{START, TestApp, assert_unknown_secret, assert_v1_error, str_field};

#[tokio::test]
async fn every_receipt_alias_answers_get_and_post_with_the_same_receipt() {
    let app = TestApp::spawn().await;
    let created = app.share(&[("secret", "s"), ("ttl", "3600")]).await;
    let mk = str_field(&created, "metadata_key");
    for prefix in ["private", "metadata", "receipt"] {
        let path = format!("/api/v1/{prefix}/{mk}");
        let got: Value = app.get(&path).await.json().await.unwrap();
        let posted: Value = app.post_form(&path, &[]).await.json().await.unwrap();
        assert_eq!(got, created, "GET {prefix}");
        assert_eq!(posted, created, "POST {prefix}");
    }
}

#[tokio::test]
async fn reading_a_receipt_changes_nothing() {
    let app = TestApp::spawn().await;
    let created = app.share(&[("secret", "s")]).await;
    let mk = str_field(&created, "metadata_key");
    for _ in 0..3 {
        let r: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
        assert_eq!(r["state"], "new");
    }
    let v = app.reveal(str_field(&created, "secret_key"), None).await;
    assert_eq!(v.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_received_receipt_drops_the_secret_key_and_shows_when() {
    let app = TestApp::spawn().await;
    let created = app.share(&[("secret", "s")]).await;
    let mk = str_field(&created, "metadata_key");
    app.advance(10);
    app.reveal(str_field(&created, "secret_key"), None).await;
    let r: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
    assert_eq!(r["state"], "received");
    assert_eq!(r["received"], START + 10);
    assert_eq!(r["updated"], START + 10);
    for gone in ["secret_key", "secret_ttl", "secret_identifier"] {
        assert!(r.get(gone).is_none(), "`{gone}` should be omitted once received: {r}");
    }
}

#[tokio::test]
async fn burn_destroys_the_secret_on_every_alias() {
    let app = TestApp::spawn().await;
    for prefix in ["private", "metadata", "receipt"] {
        let created = app.share(&[("secret", "s"), ("passphrase", "pass word")]).await;
        let (mk, sk) = (str_field(&created, "metadata_key"), str_field(&created, "secret_key"));
        // A passphrase is accepted and ignored: holding the receipt is enough.
        let r = app.post_form(&format!("/api/v1/{prefix}/{mk}/burn"), &[("passphrase", "x")]).await;
        assert_eq!(r.status(), StatusCode::OK, "{prefix}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["secret_shortkey"], &sk[..8]);
        assert_eq!(body["state"]["state"], "burned");
        assert_eq!(body["state"]["metadata_key"], mk);
        assert_eq!(body["state"]["secret_ttl"], 0);
        assert_unknown_secret(app.reveal(sk, Some("pass word")).await, sk).await;
    }
}

#[tokio::test]
async fn burning_twice_or_after_a_reveal_is_unknown() {
    let app = TestApp::spawn().await;
    let created = app.share(&[("secret", "s")]).await;
    let mk = str_field(&created, "metadata_key");
    let path = format!("/api/v1/private/{mk}/burn");
    assert_eq!(app.post_form(&path, &[]).await.status(), StatusCode::OK);
    assert_unknown_secret(app.post_form(&path, &[]).await, mk).await;

    let other = app.share(&[("secret", "s")]).await;
    app.reveal(str_field(&other, "secret_key"), None).await;
    let mk = str_field(&other, "metadata_key");
    assert_unknown_secret(app.post_form(&format!("/api/v1/private/{mk}/burn"), &[]).await, mk)
        .await;
    let r: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
    assert_eq!(r["state"], "received");
}

#[tokio::test]
async fn an_unknown_receipt_is_unknown() {
    let app = TestApp::spawn().await;
    let key = "z".repeat(62);
    assert_unknown_secret(app.get(&format!("/api/v1/private/{key}")).await, &key).await;
    assert_unknown_secret(app.post_form(&format!("/api/v1/private/{key}/burn"), &[]).await, &key)
        .await;
}

#[tokio::test]
async fn a_receipt_outlives_its_secret_by_one_ttl_then_is_gone() {
    let app = TestApp::spawn().await;
    let created = app.share(&[("secret", "s"), ("ttl", "100")]).await;
    let mk = str_field(&created, "metadata_key");
    app.advance(150);
    let r: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
    assert_eq!(r["state"], "expired");
    app.advance(50);
    assert_unknown_secret(app.get(&format!("/api/v1/private/{mk}")).await, mk).await;
}

#[tokio::test]
async fn recent_lists_the_callers_receipts_newest_first_without_secret_keys() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let bob = app.account("bob@example.com").await;
    let mut mine = Vec::new();
    for i in 0..3 {
        app.advance(1);
        let r: Value = app
            .post_form_as("/api/v1/share", &[("secret", &format!("s{i}"))], &alice)
            .await
            .json()
            .await
            .unwrap();
        mine.push(str_field(&r, "metadata_key").to_owned());
    }
    app.post_form_as("/api/v1/share", &[("secret", "bob's")], &bob).await;
    app.share(&[("secret", "a guest's")]).await;

    for prefix in ["private", "metadata", "receipt"] {
        let r = app.get_as(&format!("/api/v1/{prefix}/recent"), &alice).await;
        assert_eq!(r.status(), StatusCode::OK);
        let list: Vec<Value> = r.json().await.unwrap();
        let keys: Vec<&str> = list.iter().map(|r| str_field(r, "metadata_key")).collect();
        let newest_first: Vec<&str> = mine.iter().rev().map(String::as_str).collect();
        assert_eq!(keys, newest_first, "{prefix}");
        for r in &list {
            assert!(r.get("secret_key").is_none(), "{r}");
            assert_eq!(r["custid"], "alice@example.com");
            assert!(r["ttl"].is_u64() && r["created"].is_i64());
        }
    }
}

#[tokio::test]
async fn recent_requires_credentials() {
    let app = TestApp::spawn().await;
    assert_v1_error(app.get("/api/v1/private/recent").await, 401).await;
    let wrong = ("nobody@example.com".to_owned(), "nope".to_owned());
    assert_v1_error(app.get_as("/api/v1/private/recent", &wrong).await, 401).await;
}
