//! `POST /secret/:key`: reveal once, passphrases, lockouts, expiry, and the exactly-once race.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_unknown_secret, assert_v1_error, str_field};

#[tokio::test]
async fn a_secret_is_revealed_once_then_unknown() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "only once")]).await;
    let key = str_field(&r, "secret_key");
    let first = app.reveal(key, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let body: Value = first.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"value": "only once", "secret_key": key, "share_domain": ""})
    );
    assert_unknown_secret(app.reveal(key, None).await, key).await;
}

#[tokio::test]
async fn unicode_and_newlines_survive_the_round_trip() {
    let app = TestApp::spawn().await;
    let value = "pässwörd 🔐\nline two\r\n\ttab";
    let r = app.share(&[("secret", value)]).await;
    let body: Value = app.reveal(str_field(&r, "secret_key"), None).await.json().await.unwrap();
    assert_eq!(body["value"], value);
}

#[tokio::test]
async fn a_wrong_passphrase_does_not_consume_the_secret() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "guarded"), ("passphrase", "open sesame")]).await;
    let key = str_field(&r, "secret_key");
    assert_unknown_secret(app.reveal(key, Some("wrong")).await, key).await;
    assert_unknown_secret(app.reveal(key, None).await, key).await;
    let ok = app.reveal(key, Some("open sesame")).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.json::<Value>().await.unwrap()["value"], "guarded");
    assert_unknown_secret(app.reveal(key, Some("open sesame")).await, key).await;
}

#[tokio::test]
async fn five_wrong_passphrases_lock_the_client_out_for_thirty_minutes() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "guarded"), ("passphrase", "right one")]).await;
    let key = str_field(&r, "secret_key");
    for _ in 0..4 {
        assert_unknown_secret(app.reveal(key, Some("nope")).await, key).await;
    }
    // The fifth failure starts the lockout.
    let locked = app.reveal(key, Some("nope")).await;
    assert!(locked.headers().contains_key("retry-after"));
    assert_v1_error(locked, 400).await;
    // Even the right passphrase is refused while locked, and the secret is not consumed.
    let still = app.reveal(key, Some("right one")).await;
    let retry: u64 = still.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 1700 && retry <= 1800, "{retry}");
    assert_v1_error(still, 400).await;
    app.advance(1801);
    let ok = app.reveal(key, Some("right one")).await;
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_secret_is_unknown_and_its_receipt_says_expired() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "brief"), ("ttl", "60")]).await;
    let (key, mk) = (str_field(&r, "secret_key"), str_field(&r, "metadata_key"));
    app.advance(61);
    assert_unknown_secret(app.reveal(key, None).await, key).await;
    let receipt: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
    assert_eq!(receipt["state"], "expired");
    assert_eq!(receipt["secret_ttl"], 0);
    assert_eq!(receipt["metadata_ttl"], 59);
}

#[tokio::test]
async fn an_unknown_or_malformed_key_is_unknown() {
    let app = TestApp::spawn().await;
    let valid_looking = "a".repeat(62);
    for key in [valid_looking.as_str(), "short", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] {
        assert_unknown_secret(app.reveal(key, None).await, key).await;
    }
}

#[tokio::test]
async fn sixty_four_concurrent_reveals_yield_exactly_one_value_over_fifty_rounds() {
    let app = Arc::new(TestApp::with_config(|c| c.rate_limits = false).await);
    for round in 0..50 {
        let value = format!("round {round}");
        let r = app.share(&[("secret", &value)]).await;
        let key = Arc::new(str_field(&r, "secret_key").to_owned());
        let barrier = Arc::new(tokio::sync::Barrier::new(64));
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let (app, key, barrier) =
                    (Arc::clone(&app), Arc::clone(&key), Arc::clone(&barrier));
                tokio::spawn(async move {
                    barrier.wait().await;
                    let r = app.reveal(&key, None).await;
                    (r.status(), r.json::<Value>().await.unwrap())
                })
            })
            .collect();
        let mut values = Vec::new();
        for t in tasks {
            let (status, body) = t.await.unwrap();
            match status {
                StatusCode::OK => values.push(body["value"].as_str().unwrap().to_owned()),
                StatusCode::NOT_FOUND => assert_eq!(body["message"], "Unknown secret"),
                other => panic!("unexpected status {other}: {body}"),
            }
        }
        assert_eq!(values, vec![value], "round {round}");
    }
}

#[tokio::test]
async fn a_reveal_racing_a_burn_has_exactly_one_winner() {
    let app = Arc::new(TestApp::with_config(|c| c.rate_limits = false).await);
    for round in 0..50 {
        let r = app.share(&[("secret", "contested")]).await;
        let key = str_field(&r, "secret_key").to_owned();
        let mk = str_field(&r, "metadata_key").to_owned();
        let (a, b) = (Arc::clone(&app), Arc::clone(&app));
        let burn_path = format!("/api/v1/private/{mk}/burn");
        let (revealed, burned) = tokio::join!(
            tokio::spawn(async move { a.reveal(&key, None).await.status() }),
            tokio::spawn(async move { b.post_form(&burn_path, &[]).await.status() }),
        );
        let (revealed, burned) =
            (revealed.unwrap() == StatusCode::OK, burned.unwrap() == StatusCode::OK);
        assert!(revealed ^ burned, "round {round}: revealed={revealed} burned={burned}");
        let receipt: Value = app.get(&format!("/api/v1/private/{mk}")).await.json().await.unwrap();
        assert_eq!(receipt["state"], if revealed { "received" } else { "burned" });
    }
}
