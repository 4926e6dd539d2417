//! The foundation's crash and leak checks, through API v2: acknowledged v2 creates survive
//! `kill -9` and reveal exactly once; no v2 route writes a value, passphrase, full id or token
//! to the data directory or the log; and a v2 error's `error_id` is in the log line of its
//! request.

use std::os::unix::process::ExitStatusExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{
    Server, Workspace, client, data_dir_sources, describe, json_of, last_word, leaks, ots_admin,
    random_hex,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_creates_acknowledged_before_a_kill_9_survive_and_reveal_exactly_once() {
    // Arrange
    const WORKERS: usize = 4;
    let ws = Workspace::new();
    let envs = [("OTS_RATE_LIMITS", "off")];
    let mut server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &envs).await;
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let run = random_hex(8);
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (acknowledged, stop, http) =
                (Arc::clone(&acknowledged), Arc::clone(&stop), client());
            let (url, run) = (server.url_v2("/secret/conceal"), run.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let value = format!("v2-durable-{run}-{w}-{n}");
                    let body = json!({"secret": {"secret": value}});
                    let Ok(r) = http.post(&url).json(&body).send().await else { return };
                    let Ok(body) = r.json::<Value>().await else { return };
                    if let Some(id) = body["record"]["secret"]["identifier"].as_str() {
                        acknowledged.lock().unwrap().push((value, id.to_owned()));
                    }
                }
            })
        })
        .collect();

    // Act: kill -9 under load, restart on the same data, reveal everything twice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_9();
    let status = server.wait_for_exit(Duration::from_secs(10));
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    drop(server);
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &envs).await;
    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    let http = client();
    let mut problems = Vec::new();
    for (value, id) in &acknowledged {
        let url = server.url_v2(&format!("/secret/{id}/reveal"));
        let (first, body) =
            json_of(http.post(&url).json(&json!({"continue": true})).send().await.unwrap()).await;
        if first != StatusCode::OK || body["record"]["secret_value"] != value.as_str() {
            problems.push(format!("{}: first reveal {first} {body}", &id[..8]));
            continue;
        }
        let (second, body) =
            json_of(http.post(&url).json(&json!({"continue": true})).send().await.unwrap()).await;
        if second != StatusCode::NOT_FOUND || body["error"] != "NotFound" {
            problems.push(format!("{}: second reveal {second} {body}", &id[..8]));
        }
    }

    // Assert
    assert_eq!(status.signal(), Some(libc::SIGKILL), "not killed by SIGKILL: {status}");
    assert!(acknowledged.len() >= 20, "only {} v2 creates acknowledged", acknowledged.len());
    assert!(
        problems.is_empty(),
        "{} of {} lost or not exactly once:\n{}",
        problems.len(),
        acknowledged.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::too_many_lines)] // one scenario through every v2 route, read top to bottom
async fn v2_routes_never_leak_and_error_ids_reach_the_log() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut server =
        Server::start(ws.root(), &data_dir, &ws.log(), &[("OTS_LOG_LEVEL", "debug")]).await;
    let http = client();
    let mut needles: Vec<(String, String)> = Vec::new();
    let mut needle = |what: &str, value: String| {
        needles.push((what.to_owned(), value.clone()));
        value
    };
    let email = format!("v2-{}@example.com", random_hex(6));
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "user add failed: {}", describe(&added));
    let token = needle("API token", last_word(&added));
    let plain = needle("guest value", format!("plain-v2-{}", random_hex(24)));
    let owned = needle("owned value", format!("owned-v2-{}", random_hex(24)));
    let pass = needle("passphrase", format!("pass-v2-{}", random_hex(24)));
    let wrong = needle("wrong passphrase", format!("wrong-v2-{}", random_hex(24)));

    // Act: every v2 operation.
    let post = |path: &str, body: Value| http.post(server.url_v2(path)).json(&body);
    let ids = |body: &Value| {
        (
            body["record"]["secret"]["identifier"].as_str().unwrap().to_owned(),
            body["record"]["receipt"]["identifier"].as_str().unwrap().to_owned(),
        )
    };
    let (_, guest) = json_of(
        post("/secret/conceal", json!({"secret": {"secret": plain}})).send().await.unwrap(),
    )
    .await;
    let (secret_g, receipt_g) = ids(&guest);
    let owned_req =
        post("/secret/conceal", json!({"secret": {"secret": owned, "passphrase": pass}}))
            .basic_auth(&email, Some(&token));
    let (_, owned_body) = json_of(owned_req.send().await.unwrap()).await;
    let (secret_o, receipt_o) = ids(&owned_body);
    let (_, generated) =
        json_of(post("/guest/secret/generate", json!({})).send().await.unwrap()).await;
    needle(
        "generated value",
        generated["record"]["secret"]["secret_value"].as_str().unwrap().to_owned(),
    );
    let (secret_x, receipt_x) = ids(&generated);
    for id in [&secret_g, &receipt_g, &secret_o, &receipt_o, &secret_x, &receipt_x] {
        needle("an id", id.clone());
    }
    http.get(server.url_v2(&format!("/secret/{secret_g}"))).send().await.unwrap();
    http.get(server.url_v2(&format!("/secret/{secret_g}/status"))).send().await.unwrap();
    post("/secret/status", json!({"identifiers": [secret_g, secret_o]})).send().await.unwrap();
    let (status, _) = json_of(
        post(&format!("/secret/{secret_o}/reveal"), json!({"continue": true, "passphrase": wrong}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = json_of(
        post(&format!("/secret/{secret_o}/reveal"), json!({"continue": true, "passphrase": pass}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["record"]["secret_value"].as_str()),
        (StatusCode::OK, Some(owned.as_str()))
    );
    let (status, _) = json_of(
        post(&format!("/guest/secret/{secret_g}/reveal"), json!({"continue": true}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    http.get(server.url_v2(&format!("/receipt/{receipt_o}"))).send().await.unwrap();
    let memo = http
        .patch(server.url_v2(&format!("/receipt/{receipt_o}")))
        .basic_auth(&email, Some(&token))
        .json(&json!({"memo": "m"}));
    assert_eq!(memo.send().await.unwrap().status(), StatusCode::OK);
    let (status, _) = json_of(
        post(&format!("/guest/receipt/{receipt_x}/burn"), json!({"continue": true}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let recent = http.get(server.url_v2("/receipt/recent")).basic_auth(&email, Some(&token));
    assert_eq!(recent.send().await.unwrap().status(), StatusCode::OK);
    // A failure whose error_id we follow into the log.
    let failed = post(&format!("/secret/{secret_o}/reveal"), json!({"continue": true}))
        .send()
        .await
        .unwrap();
    let (status, error) = json_of(failed).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let error_id = error["error_id"].as_str().unwrap().to_owned();

    // Assert
    server.terminate();
    assert!(server.wait_for_exit(Duration::from_secs(10)).success());
    let log = String::from_utf8(std::fs::read(ws.log()).unwrap()).unwrap();
    let line = log.lines().find(|l| l.contains(&error_id));
    let line = line.unwrap_or_else(|| panic!("error_id {error_id} is not in the log:\n{log}"));
    assert!(line.contains("404") && line.contains("/api/v2/secret/{identifier}/reveal"), "{line}");
    let mut sources = data_dir_sources(ws.root(), &data_dir);
    sources.push(("the server log".into(), log.into_bytes()));
    let found = leaks(&sources, &needles);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
