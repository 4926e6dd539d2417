//! `GET /status`, `GET /authcheck`, and credentials on every route.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v1_error};

#[tokio::test]
async fn status_is_nominal_for_guests_and_accounts() {
    let app = TestApp::spawn().await;
    let user = app.account("s@example.com").await;
    for r in [app.get("/api/v1/status").await, app.get_as("/api/v1/status", &user).await] {
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.json::<Value>().await.unwrap(), json!({"status": "nominal", "locale": "en"}));
    }
}

#[tokio::test]
async fn authcheck_answers_only_verified_credentials() {
    let app = TestApp::spawn().await;
    let user = app.account("Mixed.Case@Example.com").await;
    let ok = app.get_as("/api/v1/authcheck", &user).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.json::<Value>().await.unwrap()["status"], "nominal");
    let lower = ("mixed.case@example.com".to_owned(), user.1.clone());
    assert_eq!(app.get_as("/api/v1/authcheck", &lower).await.status(), StatusCode::OK);
    assert_v1_error(app.get("/api/v1/authcheck").await, 401).await;
}

#[tokio::test]
async fn credentials_that_do_not_verify_are_refused_never_served_as_a_guest() {
    let app = TestApp::spawn().await;
    let user = app.account("real@example.com").await;
    let wrong_token = (user.0.clone(), "wrong".to_owned());
    let empty = (String::new(), String::new());
    let unknown = ("ghost@example.com".to_owned(), user.1.clone());
    for creds in [&wrong_token, &empty, &unknown] {
        assert_v1_error(app.get_as("/api/v1/status", creds).await, 401).await;
        assert_v1_error(app.post_form_as("/api/v1/share", &[("secret", "s")], creds).await, 401)
            .await;
        assert_v1_error(app.post_form_as("/api/v1/generate", &[], creds).await, 401).await;
    }
    for header in ["Bearer abc", "Basic !!!notbase64", "Basic", "Digest x"] {
        let r = app
            .send(app.client.get(app.url("/api/v1/status")).header("authorization", header))
            .await;
        assert_v1_error(r, 401).await;
    }
}

#[tokio::test]
async fn the_accounts_external_id_is_accepted_in_place_of_its_email() {
    // Arrange: learn the account's id (v2 shows it as `user_id`).
    let app = TestApp::spawn().await;
    let user = app.account("by.id@example.com").await;
    let status = app.get_as("/api/v2/secret/unknownid/status", &user).await;
    let id = status.json::<Value>().await.unwrap()["user_id"].as_str().unwrap().to_owned();
    assert!(!id.is_empty() && id != "anon" && !id.contains('@'));

    // Act
    let by_id = (id.clone(), user.1.clone());
    let ok = app.get_as("/api/v1/authcheck", &by_id).await;
    let shared = app.post_form_as("/api/v1/share", &[("secret", "s")], &by_id).await;
    let wrong_token = app.get_as("/api/v1/authcheck", &(id, "wrong".to_owned())).await;

    // Assert
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(shared.status(), StatusCode::OK);
    assert_eq!(shared.json::<Value>().await.unwrap()["custid"], "by.id@example.com");
    assert_v1_error(wrong_token, 401).await;
}
