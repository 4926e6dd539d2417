//! v2 `GET secret/:id` (never consumes), `secret/:id/reveal`, passphrases, lockouts, and the
//! exactly-once race.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v2_error, str_field, v2_ids};

async fn reveal(app: &TestApp, sid: &str, body: Value) -> reqwest::Response {
    app.v2_post(&format!("/api/v2/secret/{sid}/reveal"), &body, None).await
}

#[tokio::test]
async fn getting_a_secret_any_number_of_times_never_consumes_it() {
    let app = TestApp::spawn().await;
    let created = app.conceal(json!({"secret": "still here", "ttl": 600}), None).await;
    let (sid, rid) = v2_ids(&created);
    for _ in 0..5 {
        let r = app.v2_get(&format!("/api/v2/secret/{sid}"), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        let record = &body["record"];
        assert!(record.get("secret_value").is_none(), "{body}");
        assert_eq!(record["identifier"], sid.as_str());
        assert_eq!(record["state"], "previewed");
        assert_eq!(record["is_previewed"], "true");
        assert_eq!(record["is_viewed"], "true");
        assert_eq!(record["lifespan"], "600");
        assert_eq!(body["details"]["show_secret"], "false");
        assert_eq!(body["details"]["continue"], "false");
    }
    // The receipt recorded the preview and nothing else.
    let receipt: Value =
        app.v2_get(&format!("/api/v2/receipt/{rid}"), None).await.json().await.unwrap();
    assert_eq!(receipt["record"]["state"], "previewed");
    assert_eq!(receipt["record"]["is_previewed"], "true");
    assert!(receipt["record"]["previewed"].is_string());
    // Still revealable, once.
    let r = reveal(&app, &sid, json!({"continue": true})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["secret_value"], "still here");
    let gone = app.v2_get(&format!("/api/v2/secret/{sid}"), None).await;
    assert_v2_error(gone, 404, "NotFound").await;
}

#[tokio::test]
async fn reveal_answers_the_value_once_with_string_typed_details() {
    let app = TestApp::spawn().await;
    let created = app.conceal(json!({"secret": "one\ntwo"}), None).await;
    let (sid, rid) = v2_ids(&created);
    let r = reveal(&app, &sid, json!({"continue": "true"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let record = &body["record"];
    assert_eq!(record["secret_value"], "one\ntwo");
    assert_eq!(record["state"], "revealed");
    assert_eq!(record["is_revealed"], "true");
    assert_eq!(record["is_received"], "true");
    assert_eq!(record["secret_ttl"], "0");
    assert_eq!(record["shortid"], &sid[..8]);
    assert_eq!(
        body["details"],
        json!({
            "continue": "true", "is_owner": "false", "show_secret": "true",
            "correct_passphrase": "true", "display_lines": "5", "one_liner": "false"
        })
    );
    assert_v2_error(reveal(&app, &sid, json!({"continue": true})).await, 404, "NotFound").await;
    let receipt: Value =
        app.v2_get(&format!("/api/v2/receipt/{rid}"), None).await.json().await.unwrap();
    assert_eq!(receipt["record"]["state"], "revealed");
    assert_eq!(receipt["record"]["is_destroyed"], "true");
    assert!(receipt["record"].get("secret_identifier").is_none());
}

#[tokio::test]
async fn display_lines_grow_with_length_and_stop_at_thirty() {
    let app = TestApp::spawn().await;
    for (value, lines, one_liner) in [
        ("short".to_owned(), "4", "true"),
        ("x".repeat(200), "6", "true"),
        (format!("a{}", "\n".repeat(40)), "30", "false"),
    ] {
        let (sid, _) = v2_ids(&app.conceal(json!({"secret": value}), None).await);
        let body: Value = reveal(&app, &sid, json!({"continue": true})).await.json().await.unwrap();
        assert_eq!(body["details"]["display_lines"], lines);
        assert_eq!(body["details"]["one_liner"], one_liner);
    }
}

#[tokio::test]
async fn reveal_without_continue_only_describes_the_secret() {
    let app = TestApp::spawn().await;
    let (sid, _) = v2_ids(&app.conceal(json!({"secret": "wait"}), None).await);
    for body in [json!({}), json!({"continue": false}), json!({"continue": "false"})] {
        let r = reveal(&app, &sid, body).await;
        assert_eq!(r.status(), StatusCode::OK);
        let shown: Value = r.json().await.unwrap();
        assert_eq!(shown["details"]["show_secret"], "false");
        assert!(shown["record"].get("secret_value").is_none());
    }
    let r = reveal(&app, &sid, json!({"continue": "maybe"})).await;
    assert_eq!(assert_v2_error(r, 422, "FormError").await["field"], "continue");
    let r = reveal(&app, &sid, json!({"continue": true})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["secret_value"], "wait");
}

#[tokio::test]
async fn get_with_continue_true_reveals_for_compatibility() {
    let app = TestApp::spawn().await;
    let (sid, _) = v2_ids(&app.conceal(json!({"secret": "legacy"}), None).await);
    let r = app.v2_get(&format!("/api/v2/secret/{sid}?continue=true"), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["secret_value"], "legacy");
    let again = app.v2_get(&format!("/api/v2/secret/{sid}?continue=true"), None).await;
    assert_v2_error(again, 404, "NotFound").await;
}

#[tokio::test]
async fn a_wrong_passphrase_is_422_and_does_not_consume() {
    let app = TestApp::spawn().await;
    let (sid, _) =
        v2_ids(&app.conceal(json!({"secret": "guarded", "passphrase": "open sesame"}), None).await);
    for body in [json!({"continue": true, "passphrase": "wrong"}), json!({"continue": true})] {
        let err = assert_v2_error(reveal(&app, &sid, body).await, 422, "IncorrectPassphrase").await;
        assert_eq!(err["field"], "passphrase");
        assert!(!err.to_string().contains("guarded"));
    }
    let r = reveal(&app, &sid, json!({"continue": true, "passphrase": "open sesame"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["record"]["secret_value"], "guarded");
    assert_eq!(body["record"]["has_passphrase"], "true");
    assert_eq!(body["details"]["correct_passphrase"], "true");
}

#[tokio::test]
async fn five_wrong_passphrases_are_a_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let (sid, _) =
        v2_ids(&app.conceal(json!({"secret": "guarded", "passphrase": "right one"}), None).await);
    let wrong = json!({"continue": true, "passphrase": "nope"});
    for _ in 0..4 {
        assert_v2_error(reveal(&app, &sid, wrong.clone()).await, 422, "IncorrectPassphrase").await;
    }
    let locked = reveal(&app, &sid, wrong).await;
    let retry: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 1700 && retry <= 1800, "{retry}");
    assert_v2_error(locked, 429, "RateLimited").await;
    let right = json!({"continue": true, "passphrase": "right one"});
    assert_v2_error(reveal(&app, &sid, right.clone()).await, 429, "RateLimited").await;
    app.advance(1801);
    assert_eq!(reveal(&app, &sid, right).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_expired_and_malformed_ids_are_404() {
    let app = TestApp::spawn().await;
    let (sid, _) = v2_ids(&app.conceal(json!({"secret": "brief", "ttl": 60}), None).await);
    app.advance(61);
    let unknown = "a".repeat(62);
    for id in [sid.as_str(), unknown.as_str(), "short", "UPPER-case", "%00%ff"] {
        let r = reveal(&app, id, json!({"continue": true})).await;
        let err = assert_v2_error(r, 404, "NotFound").await;
        assert!(!err.to_string().contains(&unknown), "v2 does not echo ids");
        assert_v2_error(app.v2_get(&format!("/api/v2/secret/{id}"), None).await, 404, "NotFound")
            .await;
    }
}

#[tokio::test]
async fn sixty_four_concurrent_v2_reveals_yield_exactly_one_value_over_twenty_rounds() {
    let app = Arc::new(TestApp::with_config(|c| c.rate_limits = false).await);
    for round in 0..20 {
        let value = format!("round {round}");
        let (sid, _) = v2_ids(&app.conceal(json!({"secret": value}), None).await);
        let sid = Arc::new(sid);
        let barrier = Arc::new(tokio::sync::Barrier::new(64));
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let (app, sid, barrier) =
                    (Arc::clone(&app), Arc::clone(&sid), Arc::clone(&barrier));
                tokio::spawn(async move {
                    barrier.wait().await;
                    // Half use the compatibility GET, half the POST.
                    let r = if i % 2 == 0 {
                        reveal(&app, &sid, json!({"continue": true})).await
                    } else {
                        app.v2_get(&format!("/api/v2/secret/{sid}?continue=true"), None).await
                    };
                    (r.status(), r.json::<Value>().await.unwrap())
                })
            })
            .collect();
        let mut values = Vec::new();
        for t in tasks {
            let (status, body) = t.await.unwrap();
            match status {
                StatusCode::OK => {
                    values.push(str_field(&body["record"], "secret_value").to_owned());
                }
                StatusCode::NOT_FOUND => assert_eq!(body["error"], "NotFound"),
                other => panic!("unexpected status {other}: {body}"),
            }
        }
        assert_eq!(values, vec![value], "round {round}");
    }
}

#[tokio::test]
async fn a_secret_locked_for_good_answers_429_with_retry_after_until_it_expires() {
    // Arrange: 20 wrong passphrases in batches of four, each batch in a new counting window, so
    // the client is never locked out for a while but the secret's total runs out.
    let app = TestApp::spawn().await;
    let created = app
        .conceal(json!({"secret": "vault", "passphrase": "right one", "ttl": 86_400}), None)
        .await;
    let (sid, _) = v2_ids(&created);
    for batch in 0..5 {
        for attempt in 0..4 {
            let r = reveal(&app, &sid, json!({"passphrase": "wrong", "continue": true})).await;
            let expected = if batch == 4 && attempt == 3 { 429 } else { 422 };
            assert_eq!(r.status().as_u16(), expected, "batch {batch}, attempt {attempt}");
        }
        app.advance(11 * 60);
    }

    // Act: the right passphrase, now.
    let r = reveal(&app, &sid, json!({"passphrase": "right one", "continue": true})).await;

    // Assert: refused with the time the secret has left, and not consumed.
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert_v2_error(r, 429, "RateLimited").await;
    let left = 86_400 - 5 * 11 * 60;
    assert!((left - 5..=left).contains(&retry), "Retry-After {retry}, secret has {left} s left");
    let still = app.v2_get(&format!("/api/v2/secret/{sid}/status"), None).await;
    assert_eq!(still.json::<Value>().await.unwrap()["record"]["state"], "new");
}
