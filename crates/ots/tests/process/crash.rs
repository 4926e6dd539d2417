//! Crash durability: every create acknowledged before a `kill -9` survives the restart.

use std::os::unix::process::ExitStatusExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::{Server, Workspace, client, json_of, random_hex};

// ---------------------------------------------------------------------------------------------
// kill -9 and restart
// ---------------------------------------------------------------------------------------------

/// What a create load saw: creates acknowledged as `(value, secret_key)`, and creates that
/// were answered but refused.
#[derive(Default)]
struct CreateLoad {
    acknowledged: Mutex<Vec<(String, String)>>,
    refused: Mutex<Vec<String>>,
    stop: AtomicBool,
}

impl CreateLoad {
    /// Starts `workers` tasks that POST distinct secrets to `share_url` until `stop` is set.
    fn start(
        self: &Arc<Self>,
        share_url: &str,
        workers: usize,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        let run = random_hex(8);
        (0..workers)
            .map(|worker| {
                let (load, client, url, run) =
                    (Arc::clone(self), client(), share_url.to_owned(), run.clone());
                tokio::spawn(async move {
                    let mut n = 0u64;
                    while !load.stop.load(Ordering::Relaxed) {
                        n += 1;
                        let value = format!("durable-{run}-{worker}-{n}");
                        load.create(&client, &url, value).await;
                    }
                })
            })
            .collect()
    }

    async fn create(&self, client: &reqwest::Client, url: &str, value: String) {
        let Ok(response) = client.post(url).form(&[("secret", value.as_str())]).send().await else {
            return; // refused connection or cut off by the kill: not acknowledged
        };
        if response.status() != StatusCode::OK {
            let intended = response.headers().get("x-ots-intended-status").cloned();
            self.refused
                .lock()
                .unwrap()
                .push(format!("{} (intended {intended:?})", response.status()));
            return;
        }
        let Ok(body) = response.json::<Value>().await else { return };
        if let Some(key) = body["secret_key"].as_str() {
            self.acknowledged.lock().unwrap().push((value, key.to_owned()));
        }
    }
}

/// Reveals each `(value, key)` twice with `concurrency` tasks; returns a line for each secret
/// whose first reveal did not give its value or whose second reveal was not "Unknown secret".
async fn reveal_each_exactly_once(
    secret_url: &str,
    secrets: &[(String, String)],
    concurrency: usize,
) -> Vec<String> {
    let mut checkers = Vec::new();
    for chunk in secrets.chunks(secrets.len().div_ceil(concurrency).max(1)) {
        let (client, base, chunk) = (client(), secret_url.to_owned(), chunk.to_vec());
        checkers.push(tokio::spawn(async move {
            let mut problems = Vec::new();
            for (value, key) in chunk {
                let url = format!("{base}/{key}");
                let (status, body) = json_of(client.post(&url).send().await.unwrap()).await;
                if status != StatusCode::OK || body["value"] != value.as_str() {
                    problems.push(format!("{key}: first reveal {status} {body}"));
                    continue;
                }
                let (status, body) = json_of(client.post(&url).send().await.unwrap()).await;
                if status != StatusCode::NOT_FOUND || body["message"] != "Unknown secret" {
                    problems.push(format!("{key}: second reveal {status} {body}"));
                }
            }
            problems
        }));
    }
    let mut problems = Vec::new();
    for c in checkers {
        problems.extend(c.await.unwrap());
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_create_acknowledged_before_a_kill_9_survives_the_restart() {
    // Arrange
    const WORKERS: usize = 8;
    const MIN_ACKNOWLEDGED: usize = 50;
    let ws = Workspace::new();
    let envs = [("OTS_RATE_LIMITS", "off")];
    let mut server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &envs).await;
    let load = Arc::new(CreateLoad::default());
    let workers = load.start(&server.url("/share"), WORKERS);

    // Act: kill -9 under load, with requests in flight, then restart on the same data.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_9();
    let status = server.wait_for_exit(Duration::from_secs(10));
    load.stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    drop(server);
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &envs).await;
    let acknowledged = std::mem::take(&mut *load.acknowledged.lock().unwrap());
    let lost = reveal_each_exactly_once(&server.url("/secret"), &acknowledged, WORKERS).await;

    // Assert
    assert_eq!(
        status.signal(),
        Some(libc::SIGKILL),
        "the server was not killed by SIGKILL: {status}"
    );
    assert!(
        acknowledged.len() >= MIN_ACKNOWLEDGED,
        "only {} creates were acknowledged before the kill (need {MIN_ACKNOWLEDGED})",
        acknowledged.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged creates did not survive kill -9 exactly once; first few:\n{}",
        lost.len(),
        acknowledged.len(),
        lost[..lost.len().min(10)].join("\n")
    );
    // Under OTS_RATE_LIMITS=off every answered create is accepted.
    let refused = load.refused.lock().unwrap();
    assert!(
        refused.is_empty(),
        "with OTS_RATE_LIMITS=off, {} of {} answered creates were refused; first: {}",
        refused.len(),
        refused.len() + acknowledged.len(),
        refused[0]
    );
}
