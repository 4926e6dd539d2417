//! The guest switches hold on v1 too: with them off, anonymous v1 calls are refused (intended
//! 403) and change nothing, while accounts go on as before.

use crate::helpers::{TestApp, assert_v1_error, str_field};

#[tokio::test]
async fn v1_obeys_every_guest_switch_and_accounts_are_not_affected() {
    // Arrange: every guest operation switched off.
    let app = TestApp::with_config(|c| {
        c.guest_conceal = false;
        c.guest_generate = false;
        c.guest_reveal = false;
        c.guest_receipt = false;
        c.guest_burn = false;
    })
    .await;
    let user = app.account("owner@example.com").await;

    // Act and assert: each anonymous operation is refused.
    for path in ["/api/v1/share", "/api/v1/create", "/api/v1/generate"] {
        let r = app.post_form(path, &[("secret", "x")]).await;
        let body = assert_v1_error(r, 403).await;
        assert!(str_field(&body, "message").contains("guests"), "{path}: {body}");
    }
    let mine = app.post_form_as("/api/v1/share", &[("secret", "mine")], &user).await;
    assert_eq!(mine.status(), 200, "an account still creates");
    let mine: serde_json::Value = mine.json().await.unwrap();
    let (secret, receipt) = (str_field(&mine, "secret_key"), str_field(&mine, "metadata_key"));
    assert_v1_error(app.get(&format!("/api/v1/private/{receipt}")).await, 403).await;
    assert_v1_error(app.post_form(&format!("/api/v1/private/{receipt}/burn"), &[]).await, 403)
        .await;
    assert_v1_error(app.post_form(&format!("/api/v1/secret/{secret}"), &[]).await, 403).await;

    // Nothing was consumed: the account reads its receipt and reveals its secret.
    let receipt_now = app.get_as(&format!("/api/v1/private/{receipt}"), &user).await;
    let receipt_now: serde_json::Value = receipt_now.json().await.unwrap();
    assert_eq!(receipt_now["state"], "new");
    let revealed = app.post_form_as(&format!("/api/v1/secret/{secret}"), &[], &user).await;
    assert_eq!(revealed.json::<serde_json::Value>().await.unwrap()["value"], "mine");
}
