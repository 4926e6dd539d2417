//! v2 failures: one error shape with the request id, the right status for each, and
//! authentication that fails closed on every route.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_v2_error};

/// Every v2 route, with a method and a body that would otherwise be acceptable.
fn routes(sid: &str, rid: &str) -> Vec<(&'static str, String, Value)> {
    let secret = json!({"secret": {"secret": "x"}});
    let go = json!({"continue": true});
    vec![
        ("GET", "/api/v2/status".into(), json!({})),
        ("GET", "/api/v2/version".into(), json!({})),
        ("GET", "/api/v2/supported-locales".into(), json!({})),
        ("POST", "/api/v2/secret/conceal".into(), secret.clone()),
        ("POST", "/api/v2/secret/generate".into(), json!({})),
        ("GET", format!("/api/v2/secret/{sid}"), json!({})),
        ("POST", format!("/api/v2/secret/{sid}/reveal"), go.clone()),
        ("GET", format!("/api/v2/secret/{sid}/status"), json!({})),
        ("POST", "/api/v2/secret/status".into(), json!({"identifiers": [sid]})),
        ("GET", format!("/api/v2/receipt/{rid}"), json!({})),
        ("GET", format!("/api/v2/private/{rid}"), json!({})),
        ("PATCH", format!("/api/v2/receipt/{rid}"), json!({"memo": "m"})),
        ("POST", format!("/api/v2/receipt/{rid}/burn"), go.clone()),
        ("POST", format!("/api/v2/private/{rid}/burn"), go.clone()),
        ("GET", "/api/v2/receipt/recent".into(), json!({})),
        ("GET", "/api/v2/private/recent".into(), json!({})),
        ("POST", "/api/v2/guest/secret/conceal".into(), secret),
        ("POST", "/api/v2/guest/secret/generate".into(), json!({})),
        ("GET", format!("/api/v2/guest/secret/{sid}"), json!({})),
        ("POST", format!("/api/v2/guest/secret/{sid}/reveal"), go.clone()),
        ("GET", format!("/api/v2/guest/receipt/{rid}"), json!({})),
        ("POST", format!("/api/v2/guest/receipt/{rid}/burn"), go),
    ]
}

#[tokio::test]
async fn a_bad_authorization_header_is_401_on_every_route_and_never_anonymous() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let created = app.conceal(json!({"secret": "must survive"}), None).await;
    let (sid, rid) = crate::helpers::v2_ids(&created);
    let bad_headers = [
        "Bearer abc".to_owned(),
        "Basic !!!notbase64".to_owned(),
        "Basic".to_owned(),
        format!("Basic {}", b64(&format!("{}:wrong-token", alice.0))),
        format!("Basic {}", b64("nobody@example.com:whatever")),
        format!("Basic {}", b64(":")),
    ];
    for (method, path, body) in routes(&sid, &rid) {
        for header in &bad_headers {
            let request = app
                .client
                .request(method.parse().unwrap(), app.url(&path))
                .header("authorization", header)
                .json(&body);
            let r = app.send(request).await;
            assert_v2_error(r, 401, "Unauthorized").await;
        }
    }
    // Nothing was consumed, burned or created on the way.
    let status: Value =
        app.v2_get(&format!("/api/v2/secret/{sid}/status"), None).await.json().await.unwrap();
    assert_eq!(status["record"]["state"], "new");
}

/// Standard base64, for building Basic headers by hand.
fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[tokio::test]
async fn malformed_bodies_are_400_on_every_route_that_reads_one() {
    let app = TestApp::spawn().await;
    let alice = app.account("alice@example.com").await;
    let (sid, rid) = crate::helpers::v2_ids(&app.conceal(json!({"secret": "x"}), None).await);
    for (method, path, _) in routes(&sid, &rid) {
        if method == "GET" {
            continue;
        }
        for body in [&b"{\"secret\":"[..], b"[1,2]", b"\"text\"", b"\xff\xfe", b"not json"] {
            let request = app
                .client
                .request(method.parse().unwrap(), app.url(&path))
                .basic_auth(&alice.0, Some(&alice.1))
                .header("content-type", "application/json")
                .body(body.to_vec());
            let r = app.send(request).await;
            assert_v2_error(r, 400, "BadRequest").await;
        }
    }
    // Nothing was consumed by the failed attempts.
    let r = app
        .v2_post(&format!("/api/v2/secret/{sid}/reveal"), &json!({"continue": true}), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn error_id_is_the_request_id() {
    let app = TestApp::spawn().await;
    let r = app
        .send(app.client.get(app.url("/api/v2/version")).header("x-request-id", "trace-me-12345"))
        .await;
    let err = assert_v2_error(r, 401, "Unauthorized").await;
    assert_eq!(err["error_id"], "trace-me-12345");
    // Without one, each request gets its own.
    let a = assert_v2_error(app.v2_get("/api/v2/version", None).await, 401, "Unauthorized").await;
    let b = assert_v2_error(app.v2_get("/api/v2/version", None).await, 401, "Unauthorized").await;
    assert_ne!(a["error_id"], b["error_id"]);
}

#[tokio::test]
async fn unknown_paths_and_methods_and_oversized_bodies_get_the_v2_shape() {
    let app = TestApp::with_config(|c| c.body_limit = 64 * 1024).await;
    assert_v2_error(app.v2_get("/api/v2/nowhere", None).await, 404, "NotFound").await;
    assert_v2_error(app.v2_get("/api/v2", None).await, 404, "NotFound").await;
    let r = app.send(app.client.delete(app.url("/api/v2/status"))).await;
    assert_v2_error(r, 405, "MethodNotAllowed").await;
    let big = json!({"secret": {"secret": "a".repeat(64 * 1024)}});
    let r = app.v2_post("/api/v2/secret/conceal", &big, None).await;
    assert_v2_error(r, 413, "PayloadTooLarge").await;
}

#[tokio::test]
async fn responses_carrying_secrets_or_receipts_are_not_cached() {
    let app = TestApp::spawn().await;
    let created = app.conceal(json!({"secret": "x"}), None).await;
    let (sid, rid) = crate::helpers::v2_ids(&created);
    for path in [format!("/api/v2/secret/{sid}"), format!("/api/v2/receipt/{rid}")] {
        let r = app.v2_get(&path, None).await;
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test]
async fn a_store_that_cannot_write_is_503_with_retry_after_and_then_recovers() {
    let app = TestApp::spawn().await;
    // Another process holding SQLite's write lock past the store's busy timeout (10 s) is what
    // an unreachable store looks like from here.
    let db = app.data_dir().join(ots_store::sqlite::DB_FILE);
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        conn.execute_batch("ROLLBACK").unwrap();
    });
    locked_rx.recv().unwrap();
    let r = app.v2_post("/api/v2/secret/conceal", &json!({"secret": {"secret": "x"}}), None).await;
    assert_eq!(r.headers()["retry-after"], "1");
    let err = assert_v2_error(r, 503, "ServiceUnavailable").await;
    assert!(!err["message"].as_str().unwrap().contains("locked"), "no internals leak: {err}");
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    app.conceal(json!({"secret": "x"}), None).await;
}
