//! Health, readiness, metrics, request ids and security headers.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    let r = app.get("/health").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
    let r = app.get("/health/ready").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ready");
}

#[tokio::test]
async fn metrics_count_requests_by_route_without_ids() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "s")]).await;
    let key = r["secret_key"].as_str().unwrap().to_owned();
    app.reveal(&key, None).await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("ots_secrets_created_total 1"), "{text}");
    assert!(text.contains("ots_secrets_revealed_total 1"), "{text}");
    assert!(text.contains("route=\"/api/v1/secret/{key}\""), "{text}");
    assert!(!text.contains(&key));
}

#[tokio::test]
async fn unknown_methods_share_one_metrics_label() {
    let app = TestApp::spawn().await;
    let odd = reqwest::Method::from_bytes(b"FROBNICATE").unwrap();
    let r = app.send(app.client.request(odd, app.url("/api/v1/status"))).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(!text.contains("FROBNICATE"), "{text}");
    assert!(text.contains("method=\"OTHER\""), "{text}");
}

#[tokio::test]
async fn every_response_has_a_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/status", "/nowhere"] {
        let r = app.get(path).await;
        let h = r.headers();
        assert_eq!(h["x-request-id"].len(), 20);
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-store");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    }
    let r = app
        .send(
            app.client
                .get(app.url("/api/v1/status"))
                .header("x-request-id", "caller-chosen-id-123"),
        )
        .await;
    assert_eq!(r.headers()["x-request-id"], "caller-chosen-id-123");
}
