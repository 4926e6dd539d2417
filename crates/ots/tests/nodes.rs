//! Several `ots serve` processes on one Redis: the one-time guarantee, rate limits and
//! passphrase lockouts hold across nodes; a Redis crash under load costs 503s, never a 500, a
//! hang or an acknowledged secret.
//!
//! Real processes throughout: the `ots` binary and `redis-server`s started on free ports.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // shared with the process tests; not every helper is used here
#[path = "process/harness.rs"]
mod harness;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use harness::{
    Server, Workspace, client, data_dir_sources, describe, json_of, last_word, leaks, ots_command,
    random_hex,
};
use reqwest::StatusCode;
use serde_json::Value;

/// `n` nodes on the Redis at `url`, sharing a fresh server key, with extra settings `envs`.
async fn nodes(ws: &Workspace, url: &str, n: usize, envs: &[(&str, &str)]) -> Vec<Server> {
    let secret = format!("nodes-test-{}", random_hex(40));
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        let data = ws.root().join(format!("node{i}"));
        let log = ws.root().join(format!("node{i}.log"));
        let mut env = vec![("OTS_SECRET", secret.as_str()), ("OTS_STORE", url)];
        env.extend_from_slice(envs);
        all.push(Server::start(ws.root(), &data, &log, &env).await);
    }
    all
}

fn shared_redis() -> String {
    ots_store::testing::shared_url().to_owned()
}

async fn share(c: &reqwest::Client, node: &Server, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(node.url("/share")).form(form).send().await.unwrap()
}

async fn secret_key(response: reqwest::Response) -> String {
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["secret_key"].as_str().unwrap().to_owned()
}

/// The status a v1 answer means: `X-OTS-Intended-Status` when present.
fn intended(r: &reqwest::Response) -> u16 {
    r.headers()
        .get("x-ots-intended-status")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or_else(|| r.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_reveals_spread_over_two_nodes_give_one_value_in_every_round() {
    reveals_across_nodes(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_reveals_spread_over_three_nodes_give_one_value_in_every_round() {
    reveals_across_nodes(3).await;
}

/// 50 rounds: a secret created on one of `n` nodes, then 64 reveals at once spread over all.
async fn reveals_across_nodes(n: usize) {
    let ws = Workspace::new();
    let url = tokio::task::spawn_blocking(shared_redis).await.unwrap();
    let nodes = Arc::new(nodes(&ws, &url, n, &[("OTS_RATE_LIMITS", "off")]).await);
    let c = client();

    for round in 0..50 {
        // Arrange: a secret created on one node.
        let value = format!("round-{round}-{}", random_hex(16));
        let key = secret_key(share(&c, &nodes[round % n], &[("secret", &value)]).await).await;

        // Act: 64 reveals at once, spread over every node.
        let reveals = (0..64).map(|i| {
            let (nodes, c, key) = (Arc::clone(&nodes), c.clone(), key.clone());
            tokio::spawn(async move {
                let r = c.post(nodes[i % n].url(&format!("/secret/{key}"))).send().await.unwrap();
                let status = intended(&r);
                let body: Value = r.json().await.unwrap();
                (status, body)
            })
        });
        let answers: Vec<(u16, Value)> =
            futures_join(reveals.collect()).await.into_iter().collect();

        // Assert: exactly one value; every other answer is "Unknown secret".
        let winners: Vec<&Value> =
            answers.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b).collect();
        assert_eq!(winners.len(), 1, "round {round}: {answers:?}");
        assert_eq!(winners[0]["value"], value.as_str());
        for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
            assert_eq!(*status, 404, "round {round}: {body}");
            assert_eq!(body["message"], "Unknown secret");
        }
    }
}

async fn futures_join<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passphrase_lockouts_and_rate_limits_hold_across_nodes() {
    let ws = Workspace::new();
    let url = tokio::task::spawn_blocking(shared_redis).await.unwrap();
    let nodes = nodes(&ws, &url, 2, &[("OTS_CREATE_LIMIT", "3")]).await;
    let c = client();

    // A passphrase secret: five wrong attempts, alternating nodes, lock this client out...
    let form = [("secret", "locked away"), ("passphrase", "the right one")];
    let key = secret_key(share(&c, &nodes[0], &form).await).await;
    let reveal = |node: usize, passphrase: &'static str| {
        let url = nodes[node].url(&format!("/secret/{key}"));
        let c = c.clone();
        async move { c.post(url).form(&[("passphrase", passphrase)]).send().await.unwrap() }
    };
    for attempt in 0..4 {
        assert_eq!(intended(&reveal(attempt % 2, "wrong").await), 404, "attempt {attempt}");
    }
    let fifth = reveal(0, "wrong").await;
    assert_eq!(intended(&fifth), 400);
    assert!(fifth.headers().contains_key("retry-after"));
    // ...on the other node too, even with the right passphrase, and the secret stays.
    let other = reveal(1, "the right one").await;
    assert_eq!(intended(&other), 400, "the lockout is shared");
    assert!(other.headers().contains_key("retry-after"));

    // The create limit (3 per window, one used above) counts across nodes.
    for node in [1, 0] {
        assert_eq!(share(&c, &nodes[node], &[("secret", "x")]).await.status(), StatusCode::OK);
    }
    let over = share(&c, &nodes[1], &[("secret", "x")]).await;
    assert_eq!(intended(&over), 400, "the fourth create in the window is refused");
    assert!(over.headers().contains_key("retry-after"));
}

/// What a create load saw.
#[derive(Default)]
struct Load {
    acknowledged: Mutex<Vec<(String, String)>>,
    other: Mutex<Vec<String>>,
    slowest: Mutex<Duration>,
    stop: AtomicBool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_crash_under_load_costs_503s_and_no_acknowledged_secret() {
    // Arrange: a Redis that fsyncs every write, two nodes, and creates from 8 clients.
    let ws = Workspace::new();
    let redis_dir = ws.root().join("redis");
    std::fs::create_dir_all(&redis_dir).unwrap();
    let redis = ots_store::testing::DurableRedis::start(&redis_dir);
    let settings = [("OTS_RATE_LIMITS", "off"), ("OTS_REDIS_TIMEOUT", "1")];
    let nodes = Arc::new(nodes(&ws, &redis.url(), 2, &settings).await);
    let load = Arc::new(Load::default());
    let run = random_hex(8);
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let (load, nodes, c, run) =
                (Arc::clone(&load), Arc::clone(&nodes), client(), run.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !load.stop.load(Ordering::Relaxed) {
                    n += 1;
                    let value = format!("survivor-{run}-{w}-{n}");
                    let started = Instant::now();
                    let r = c
                        .post(nodes[n % 2].url("/share"))
                        .form(&[("secret", value.as_str())])
                        .send()
                        .await
                        .unwrap();
                    let took = started.elapsed();
                    {
                        let mut slowest = load.slowest.lock().unwrap();
                        *slowest = (*slowest).max(took);
                    }
                    match r.status() {
                        StatusCode::OK => {
                            let body: Value = r.json().await.unwrap();
                            let key = body["secret_key"].as_str().unwrap().to_owned();
                            load.acknowledged.lock().unwrap().push((value, key));
                        }
                        status => load.other.lock().unwrap().push(status.to_string()),
                    }
                    if n % 50 == 0 {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;

    // Act: crash Redis under the load; readiness must turn false; then start it again.
    let before_crash = load.acknowledged.lock().unwrap().len();
    tokio::task::block_in_place(|| redis.crash());
    let c = client();
    let ready_url = format!("http://{}/health/ready", nodes[0].addr);
    let mut saw_unready = false;
    for _ in 0..50 {
        if c.get(&ready_url).send().await.unwrap().status() == StatusCode::SERVICE_UNAVAILABLE {
            saw_unready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    tokio::task::block_in_place(|| redis.start_again());
    let deadline = Instant::now() + Duration::from_secs(15);
    while c.get(&ready_url).send().await.unwrap().status() != StatusCode::OK {
        assert!(Instant::now() < deadline, "the node never became ready again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    load.stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }

    // Assert: the outage was seen as 503s only, and fast; every acknowledged create survived
    // and reveals exactly once.
    assert!(saw_unready, "readiness never turned false while Redis was down");
    let other = load.other.lock().unwrap().clone();
    assert!(!other.is_empty(), "no request failed while Redis was down: the test saw no outage");
    assert!(other.iter().all(|s| s.starts_with("503")), "answers during the outage: {other:?}");
    let slowest = *load.slowest.lock().unwrap();
    // The configured timeout is 1 s; the rest is the margin of a busy 2-core machine.
    assert!(slowest < Duration::from_secs(3), "a request took {slowest:?} during the outage");
    let acknowledged = load.acknowledged.lock().unwrap().clone();
    eprintln!(
        "acknowledged {} ({before_crash} before the crash), refused {}, slowest {slowest:?}",
        acknowledged.len(),
        other.len()
    );
    assert!(before_crash > 0 && acknowledged.len() > before_crash, "load ran before and after");
    for (i, (value, key)) in acknowledged.iter().enumerate() {
        let node = &nodes[i % 2];
        let (status, body) =
            json_of(c.post(node.url(&format!("/secret/{key}"))).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "acknowledged secret {i} lost: {body}");
        assert_eq!(body["value"], value.as_str());
        let again = c.post(node.url(&format!("/secret/{key}"))).send().await.unwrap();
        assert_eq!(intended(&again), 404, "secret {i} revealed twice");
    }
}

/// P1 and P3 on Redis: neither what Redis holds and writes to disk (its append-only file and a
/// snapshot) nor the node's debug log contains a value, passphrase, full id or token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_and_the_node_log_never_hold_secrets_ids_or_tokens() {
    // Arrange: a Redis that writes everything to disk, one node logging at debug level.
    let ws = Workspace::new();
    let redis_dir = ws.root().join("redis");
    std::fs::create_dir_all(&redis_dir).unwrap();
    let redis = ots_store::testing::DurableRedis::start(&redis_dir);
    let secret = format!("p1-test-{}", random_hex(40));
    let env = [("OTS_SECRET", secret.as_str()), ("OTS_STORE", &redis.url())];
    let email = format!("p1-{}@example.com", random_hex(6));
    let added = ots_command(ws.root()).envs(env).args(["user", "add", &email]).output().unwrap();
    assert!(added.status.success(), "user add: {}", describe(&added));
    let token = last_word(&added);
    let log = ws.root().join("node.log");
    let node = Server::start(
        ws.root(),
        &ws.data_dir(),
        &log,
        &[env[0], env[1], ("OTS_LOG_LEVEL", "debug")],
    )
    .await;
    let c = client();
    let mut needles = vec![("API token".to_owned(), token.clone())];
    let mut fresh = |what: &str| {
        let v = format!("{what}-{}", random_hex(24));
        needles.push((what.to_owned(), v.clone()));
        v
    };
    let (plain, guarded, owned, pass) =
        (fresh("guest-plain"), fresh("guarded-plain"), fresh("owned-plain"), fresh("passphrase"));
    let wrong = fresh("wrong-passphrase");

    // Act: create, reveal, fail a passphrase, burn, generate, as a guest and as an account.
    let mut created = Vec::new();
    for form in [
        vec![("secret", plain.as_str())],
        vec![("secret", guarded.as_str()), ("passphrase", pass.as_str())],
    ] {
        let (status, body) =
            json_of(c.post(node.url("/share")).form(&form).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        created.push(body);
    }
    let r = c
        .post(node.url("/share"))
        .basic_auth(&email, Some(&token))
        .form(&[("secret", owned.as_str())]);
    let (status, body) = json_of(r.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    created.push(body);
    let (status, generated) = json_of(c.post(node.url("/generate")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{generated}");
    needles.push(("generated value".into(), generated["value"].as_str().unwrap().to_owned()));
    created.push(generated);
    for (i, body) in created.iter().enumerate() {
        for field in ["secret_key", "metadata_key"] {
            needles.push((format!("{field} {i}"), body[field].as_str().unwrap().to_owned()));
        }
    }
    let key = |i: usize, field: &str| created[i][field].as_str().unwrap().to_owned();
    c.post(node.url(&format!("/secret/{}", key(0, "secret_key")))).send().await.unwrap();
    c.post(node.url(&format!("/secret/{}", key(1, "secret_key"))))
        .form(&[("passphrase", wrong.as_str())])
        .send()
        .await
        .unwrap();
    c.post(node.url(&format!("/private/{}/burn", key(2, "metadata_key")))).send().await.unwrap();
    c.get(node.url("/private/recent")).basic_auth(&email, Some(&token)).send().await.unwrap();
    let saved = ots_store::testing::redis_cli(redis.port, &["save"]);
    assert!(saved.contains("OK"), "redis SAVE: {saved}");

    // Assert: every file Redis wrote, and the log, are free of them.
    let mut sources = data_dir_sources(ws.root(), &redis_dir);
    assert!(
        sources.iter().any(|(n, b)| n.contains("appendonly") && !b.is_empty()),
        "no AOF written: {:?}",
        sources.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    sources.push(("node log".into(), std::fs::read(&log).unwrap()));
    let found = leaks(&sources, &needles);
    assert!(found.is_empty(), "{}", found.join("\n"));
    drop(node);
}
