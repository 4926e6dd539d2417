//! v2 `guest/…` routes, and the configuration switch of each guest operation.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Creds, TestApp, assert_v2_error, str_field, v2_ids};

#[tokio::test]
async fn every_guest_route_works_for_anonymous_callers() {
    let app = TestApp::spawn().await;
    let r = app
        .v2_post("/api/v2/guest/secret/conceal", &json!({"secret": {"secret": "as a guest"}}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (sid, rid) = v2_ids(&r.json().await.unwrap());
    let r = app.v2_get(&format!("/api/v2/guest/secret/{sid}"), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<Value>().await.unwrap()["record"].get("secret_value").is_none());
    let r = app.v2_get(&format!("/api/v2/guest/receipt/{rid}"), None).await;
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["state"], "previewed");
    let r = app
        .v2_post(&format!("/api/v2/guest/secret/{sid}/reveal"), &json!({"continue": "true"}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["secret_value"], "as a guest");

    let r = app.v2_post("/api/v2/guest/secret/generate", &json!({}), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, rid) = v2_ids(&r.json().await.unwrap());
    let r = app
        .v2_post(&format!("/api/v2/guest/receipt/{rid}/burn"), &json!({"continue": true}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["record"]["state"], "burned");
}

#[tokio::test]
async fn guest_routes_act_as_a_guest_even_with_valid_credentials() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let r = app
        .v2_post("/api/v2/guest/secret/conceal", &json!({"secret": {"secret": "x"}}), Some(&alice))
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["user_id"], "anon");
    assert_eq!(body["record"]["receipt"]["custid"], "anon");
}

/// One guest operation: its switch, and a request on the guest route and the ordinary one.
struct Op {
    switch: fn(&mut ots_server::Config),
    guest: (&'static str, &'static str),
    ordinary: (&'static str, &'static str),
    body: Value,
}

/// Sends `op`'s request on a fresh secret, made by an account (accounts are never switched off).
async fn send(
    app: &TestApp,
    op: &Op,
    (method, path): (&str, &str),
    who: Option<&Creds>,
    maker: &Creds,
) -> reqwest::Response {
    let (sid, rid) = v2_ids(&app.conceal(json!({"secret": "x"}), Some(maker)).await);
    let path = path.replace("SID", &sid).replace("RID", &rid);
    if method == "GET" {
        app.v2_get(&path, who).await
    } else {
        app.v2_post(&path, &op.body, who).await
    }
}

#[tokio::test]
async fn each_guest_switch_turns_off_its_operation_for_guests_only() {
    let ops = [
        Op {
            switch: |c| c.guest_conceal = false,
            guest: ("POST", "/api/v2/guest/secret/conceal"),
            ordinary: ("POST", "/api/v2/secret/conceal"),
            body: json!({"secret": {"secret": "x"}}),
        },
        Op {
            switch: |c| c.guest_generate = false,
            guest: ("POST", "/api/v2/guest/secret/generate"),
            ordinary: ("POST", "/api/v2/secret/generate"),
            body: json!({}),
        },
        Op {
            switch: |c| c.guest_show = false,
            guest: ("GET", "/api/v2/guest/secret/SID"),
            ordinary: ("GET", "/api/v2/secret/SID"),
            body: json!({}),
        },
        Op {
            switch: |c| c.guest_reveal = false,
            guest: ("POST", "/api/v2/guest/secret/SID/reveal"),
            ordinary: ("POST", "/api/v2/secret/SID/reveal"),
            body: json!({"continue": true}),
        },
        Op {
            switch: |c| c.guest_receipt = false,
            guest: ("GET", "/api/v2/guest/receipt/RID"),
            ordinary: ("GET", "/api/v2/receipt/RID"),
            body: json!({}),
        },
        Op {
            switch: |c| c.guest_burn = false,
            guest: ("POST", "/api/v2/guest/receipt/RID/burn"),
            ordinary: ("POST", "/api/v2/receipt/RID/burn"),
            body: json!({"continue": true}),
        },
    ];
    for op in ops {
        let app = TestApp::with_config(op.switch).await;
        let alice = app.account("alice@example.com").await;
        let r = send(&app, &op, op.guest, None, &alice).await;
        assert_v2_error(r, 403, "GuestRoutesDisabled").await;
        let r = send(&app, &op, op.guest, Some(&alice), &alice).await;
        assert_v2_error(r, 403, "GuestRoutesDisabled").await;
        let r = send(&app, &op, op.ordinary, None, &alice).await;
        assert_v2_error(r, 403, "GuestRoutesDisabled").await;
        let r = send(&app, &op, op.ordinary, Some(&alice), &alice).await;
        assert_eq!(r.status(), StatusCode::OK, "{} for an account", op.ordinary.1);
    }
}

#[tokio::test]
async fn the_switches_are_configuration_keys() {
    let app = TestApp::with_config(|c| c.guest_conceal = false).await;
    assert!(!app.state.config().guest_conceal);
    assert!(app.state.config().redacted().contains("guest_conceal = \"off\""));
    assert!(app.state.config().redacted().contains("guest_burn = \"on\""));
    let body = app.conceal(json!({"secret": "x"}), Some(&app.account("a@example.com").await)).await;
    assert_eq!(str_field(&body["record"]["receipt"], "custid"), "a@example.com");
}
