//! Bad input gets a clear error in the API's shape: never a 500, never a panic.

use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, assert_unknown_secret, assert_v1_error};

async fn post_raw(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.send(app.client.post(app.url(path)).header("content-type", content_type).body(body)).await
}

#[tokio::test]
async fn malformed_and_truncated_json_is_a_clear_400() {
    let app = TestApp::spawn().await;
    for body in [
        &b"{\"secret\": \"abc"[..],
        b"{not json}",
        b"[1,2,3]",
        b"\"just a string\"",
        b"{\"secret\":",
    ] {
        let r = post_raw(&app, "/api/v1/share", "application/json", body.to_vec()).await;
        let err = assert_v1_error(r, 400).await;
        assert!(err["message"].as_str().unwrap().contains("JSON"), "{err}");
    }
}

#[tokio::test]
async fn invalid_utf8_is_refused_in_forms_and_json() {
    let app = TestApp::spawn().await;
    let r = post_raw(
        &app,
        "/api/v1/share",
        "application/x-www-form-urlencoded",
        b"secret=%ff%fe".to_vec(),
    )
    .await;
    assert_v1_error(r, 400).await;
    let r =
        post_raw(&app, "/api/v1/share", "application/json", b"{\"secret\":\"\xff\xfe\"}".to_vec())
            .await;
    assert_v1_error(r, 400).await;
    let r = post_raw(
        &app,
        "/api/v1/share",
        "application/x-www-form-urlencoded",
        b"secret=\xff".to_vec(),
    )
    .await;
    assert_v1_error(r, 400).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_on_every_route() {
    let app = TestApp::with_config(|c| c.body_limit = 64 * 1024).await;
    let big = vec![b'a'; 64 * 1024 + 1];
    for path in ["/api/v1/share", "/api/v1/status", "/api/v1/secret/abc", "/nowhere", "/health"] {
        let r = post_raw(&app, path, "application/x-www-form-urlencoded", big.clone()).await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn an_oversized_declared_body_is_refused_before_it_is_sent() {
    // Declare 100 MiB and send only the headers: the answer must come without the body.
    let app = TestApp::spawn().await;
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/share HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        100 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answered without reading the body")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413() {
    let app = TestApp::with_config(|c| c.body_limit = 1024).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..8).map(|_| Ok(vec![b'a'; 512])).collect();
    let body = reqwest::Body::wrap_stream(futures_stream(chunks));
    let r = app
        .send(
            app.client
                .post(app.url("/api/v1/share"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body),
        )
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

fn futures_stream(
    items: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    tokio_stream::iter(items)
}

#[tokio::test]
async fn ids_with_odd_characters_are_simply_unknown() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(5000);
    for key in
        ["%00", "..%2F..%2Fetc%2Fpasswd", "%E2%9C%93", "%ff", "a%20b", "UPPERCASE", long.as_str()]
    {
        let r = app.reveal(key, None).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{key}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["message"], "Unknown secret", "{key}");
        let r = app.get(&format!("/api/v1/private/{key}")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{key}");
    }
    assert_unknown_secret(app.reveal("abc", None).await, "abc").await;
}

#[tokio::test]
async fn unknown_routes_and_methods_get_json_errors() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/nope").await;
    assert_v1_error(r, 404).await;
    let r = app.get("/api/v1/share").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["x-ots-intended-status"], "400");
    let r = app.get("/no/such/page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "Not found");
    let r = app.send(app.client.delete(app.url("/health"))).await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn odd_content_types_and_garbage_forms_never_cause_a_500() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("text/plain", b"secret=plain".to_vec()),
        ("multipart/form-data; boundary=x", b"--x\r\n\r\n--x--".to_vec()),
        ("application/x-www-form-urlencoded", b"&&&===&%%%".to_vec()),
        ("application/x-www-form-urlencoded", b"secret".to_vec()),
        ("application/json", b"".to_vec()),
        ("application/json", b"{\"secret\": {\"nested\": true}}".to_vec()),
        ("application/json", b"{\"secret\": 12345, \"ttl\": \"60\"}".to_vec()),
    ];
    for (ct, body) in cases {
        let r = post_raw(&app, "/api/v1/share", ct, body.clone()).await;
        assert!(
            r.status() == StatusCode::OK || r.status() == StatusCode::NOT_FOUND,
            "{ct} {:?} gave {}",
            String::from_utf8_lossy(&body),
            r.status()
        );
        let _: Value = r.json().await.expect("a JSON body");
    }
}
