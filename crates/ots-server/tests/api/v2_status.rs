//! v2 `GET secret/:id/status` and the bulk `POST secret/status`: state without consuming.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v2_error, v2_ids};

#[tokio::test]
async fn status_of_a_live_secret_has_its_record_and_current_expiration() {
    let app = TestApp::spawn().await;
    let (sid, rid) = v2_ids(&app.conceal(json!({"secret": "x", "ttl": 600}), None).await);
    app.advance(100);
    let r = app.v2_get(&format!("/api/v2/secret/{sid}/status"), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["record"]["state"], "new");
    assert_eq!(body["record"]["identifier"], sid.as_str());
    assert_eq!(body["record"]["secret_ttl"], "500");
    assert_eq!(body["details"]["current_expiration"].as_f64(), Some(500.0));
    assert!(body["record"].get("secret_value").is_none());
    // A status check is not a preview.
    let receipt: Value =
        app.v2_get(&format!("/api/v2/receipt/{rid}"), None).await.json().await.unwrap();
    assert_eq!(receipt["record"]["state"], "new");
}

#[tokio::test]
async fn status_of_an_unknown_revealed_or_malformed_id_is_200_unknown() {
    let app = TestApp::spawn().await;
    let (sid, _) = v2_ids(&app.conceal(json!({"secret": "x"}), None).await);
    let r = app
        .v2_post(&format!("/api/v2/secret/{sid}/reveal"), &json!({"continue": true}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for id in [sid.clone(), "b".repeat(62), "nope".into(), "Ω".into()] {
        let r = app.v2_get(&format!("/api/v2/secret/{id}/status"), None).await;
        assert_eq!(r.status(), StatusCode::OK, "{id}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["record"], json!({"state": "unknown"}), "{id}");
        assert!(body.get("details").is_none());
    }
}

#[tokio::test]
async fn bulk_status_takes_an_array_or_a_comma_separated_string_and_leaves_out_unknowns() {
    let app = TestApp::spawn().await;
    let (a, _) = v2_ids(&app.conceal(json!({"secret": "a"}), None).await);
    let (b, _) = v2_ids(&app.conceal(json!({"secret": "b"}), None).await);
    let unknown = "c".repeat(62);
    let as_array = json!({"identifiers": [a, b, unknown, "junk"]});
    let as_string = json!({"identifiers": format!("{a}, {b},{unknown}")});
    for body in [as_array, as_string] {
        let r = app.v2_post("/api/v2/secret/status", &body, None).await;
        assert_eq!(r.status(), StatusCode::OK);
        let list: Value = r.json().await.unwrap();
        assert_eq!(list["count"], 2, "count is an integer: {list}");
        let ids: Vec<&str> = list["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["identifier"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [a.as_str(), b.as_str()]);
        assert_eq!(list["records"][0]["state"], "new");
        assert!(list["records"][0].get("secret_value").is_none());
        assert_eq!(list["user_id"], "anon");
        assert_eq!(list["shrimp"], "");
        assert_eq!(list["details"], json!({}));
    }
}

#[tokio::test]
async fn bulk_status_refuses_more_than_a_hundred_or_none() {
    let app = TestApp::spawn().await;
    let hundred: Vec<String> = (0..100).map(|i| format!("{i:0>62}")).collect();
    let r = app.v2_post("/api/v2/secret/status", &json!({"identifiers": hundred}), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["count"], 0);
    let many: Vec<String> = (0..101).map(|i| format!("{i:0>62}")).collect();
    for body in [
        json!({"identifiers": many}),
        json!({"identifiers": many.join(",")}),
        json!({}),
        json!({"identifiers": 5}),
        json!({"identifiers": [1, 2]}),
    ] {
        let r = app.v2_post("/api/v2/secret/status", &body, None).await;
        let err = assert_v2_error(r, 422, "FormError").await;
        assert_eq!(err["field"], "identifiers");
    }
}
