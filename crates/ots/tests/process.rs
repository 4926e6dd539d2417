//! The real `ots` binary: crash durability (kill -9 + restart), what the data directory and the
//! logs may contain (P1, P3), graceful shutdown, and the admin commands (`user`, `config`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;

const OTS: &str = env!("CARGO_BIN_EXE_ots");

/// How long a server gets to answer `/health` after it is spawned.
const STARTUP_DEADLINE: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `len` random lowercase hex characters, from the OS.
fn random_hex(len: usize) -> String {
    let mut bytes = vec![0u8; len.div_ceil(2)];
    File::open("/dev/urandom").unwrap().read_exact(&mut bytes).unwrap();
    bytes
        .iter()
        .flat_map(|b| [b >> 4, b & 0x0f])
        .map(|n| char::from_digit(u32::from(n), 16).unwrap())
        .take(len)
        .collect()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// An `ots` command with a clean environment: no inherited `OTS_*` or `RUST_LOG`, run from
/// `cwd` so no stray `./ots.toml` is read.
fn ots_command(cwd: &Path) -> Command {
    let mut cmd = Command::new(OTS);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("OTS_") || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(cwd).stdin(Stdio::null());
    cmd
}

/// Runs `ots --data-dir DIR <args>` to completion.
fn ots_admin(workdir: &Path, data_dir: &Path, args: &[&str]) -> Output {
    ots_command(workdir).arg("--data-dir").arg(data_dir).args(args).output().unwrap()
}

/// The last whitespace-separated word of a command's stdout (where `user add` and
/// `user token --rotate` print the token).
fn last_word(output: &Output) -> String {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .split_whitespace()
        .last()
        .expect("no output on stdout")
        .to_owned()
}

fn describe(output: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap()
}

/// A running `ots serve` process. Its stdout and stderr are appended to `log`; it is killed
/// (SIGKILL) on drop if still running, so no test leaks a process.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Spawns `ots serve` on a free port with `data_dir`, extra environment `envs`, and waits
    /// until `/health` answers.
    async fn start(workdir: &Path, data_dir: &Path, log: &Path, envs: &[(&str, &str)]) -> Self {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let log_file = File::options().create(true).append(true).open(log).unwrap();
        let mut cmd = ots_command(workdir);
        cmd.arg("serve")
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(data_dir)
            .envs(envs.iter().copied())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file);
        let child = cmd.spawn().unwrap();
        let mut server = Self { child, addr, log: log.to_owned() };
        server.wait_until_healthy().await;
        server
    }

    async fn wait_until_healthy(&mut self) {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("ots serve exited during start-up with {status}\n{}", self.log_text());
            }
            let health = client.get(format!("http://{}/health", self.addr)).send().await;
            if health.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "ots serve did not answer /health on {} within {STARTUP_DEADLINE:?}\n{}",
                self.addr,
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{path}", self.addr)
    }

    /// Sends SIGTERM. (`unsafe` is forbidden workspace-wide, so not `libc::kill`: the `kill`
    /// utility does it.)
    fn terminate(&self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-s", "TERM", &pid]).status().unwrap();
        assert!(status.success(), "kill -s TERM {pid} failed: {status}");
    }

    /// Sends SIGKILL (what `Child::kill` sends on Unix).
    fn kill_9(&mut self) {
        self.child.kill().unwrap();
    }

    /// Waits for the process to exit, failing after `limit`.
    fn wait_for_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "ots serve still running {limit:?} after the signal"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log_text(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A scratch directory holding `data/` (the data directory) and `server.log`; commands run
/// from its root.
struct Workspace {
    root: TempDir,
}

impl Workspace {
    fn new() -> Self {
        Self { root: TempDir::new().unwrap() }
    }
    fn root(&self) -> &Path {
        self.root.path()
    }
    fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }
    fn log(&self) -> PathBuf {
        self.root.path().join("server.log")
    }
}

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

// ---------------------------------------------------------------------------------------------
// P1 + P3: the data directory and the logs
// ---------------------------------------------------------------------------------------------

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Removes ANSI escape sequences (`ESC [ … letter`), so a needle split by colouring is still
/// found.
fn strip_ansi(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            i += 2;
            while i < bytes.len() && !bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            i += 1;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Each `(what, needle)` found in each of `sources` (`(name, bytes)`), as readable lines.
fn leaks(sources: &[(String, Vec<u8>)], needles: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in sources {
        let stripped = strip_ansi(bytes);
        for (what, needle) in needles {
            let at = find(bytes, needle.as_bytes()).or_else(|| find(&stripped, needle.as_bytes()));
            if let Some(at) = at {
                found.push(format!("{what} `{needle}` found in {name} at byte {at}"));
            }
        }
    }
    found
}

/// The data directory's files, each named relative to `root`.
fn data_dir_sources(root: &Path, data_dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(data_dir)
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap_or(&p).display().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// Strings that must never be found, each with what it is.
#[derive(Default)]
struct Needles(Vec<(String, String)>);

impl Needles {
    /// Records `value` as forbidden and returns it.
    fn add(&mut self, what: impl Into<String>, value: String) -> String {
        self.0.push((what.into(), value.clone()));
        value
    }

    /// A fresh distinctive `kind-tag-<random hex>`, recorded as forbidden.
    fn fresh(&mut self, kind: &str, tag: &str) -> String {
        self.add(format!("{tag} {kind}"), format!("{kind}-{tag}-{}", random_hex(24)))
    }

    /// Fails, naming each needle and where it was found, if any of `sources` holds one.
    fn assert_absent_from(&self, sources: &[(String, Vec<u8>)], when: &str) {
        let found = leaks(sources, &self.0);
        assert!(found.is_empty(), "{when}:\n{}", found.join("\n"));
    }
}

/// Sends a create request that must succeed; records the secret key, the metadata key and any
/// generated value as needles and returns `(secret_key, metadata_key)`.
async fn create(
    request: reqwest::RequestBuilder,
    what: &str,
    needles: &mut Needles,
) -> (String, String) {
    let (status, body) = json_of(request.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "creating the {what} secret: {body}");
    if let Some(value) = body["value"].as_str() {
        needles.add(format!("{what} generated value"), value.to_owned());
    }
    let mut key = |field: &str| {
        needles.add(format!("{what} {field}"), body[field].as_str().unwrap().to_owned())
    };
    (key("secret_key"), key("metadata_key"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_directory_and_logs_never_contain_secrets_ids_or_tokens() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut server =
        Server::start(ws.root(), &data_dir, &ws.log(), &[("OTS_LOG_LEVEL", "debug")]).await;
    let http = client();
    let mut needles = Needles::default();
    let email = format!("p1-{}@example.com", random_hex(6));
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "user add failed: {}", describe(&added));
    let token = needles.add("API token", last_word(&added));
    let (guest_plain, guarded_plain) =
        (needles.fresh("plain", "guest"), needles.fresh("plain", "guarded"));
    let (owned_plain, query_plain) =
        (needles.fresh("plain", "owned"), needles.fresh("plain", "query"));
    let (guarded_pass, owned_pass) =
        (needles.fresh("pass", "guarded"), needles.fresh("pass", "owned"));
    let (query_pass, wrong_pass) = (needles.fresh("pass", "query"), needles.fresh("pass", "wrong"));
    let unknown_key = needles.add("unknown key sent to reveal", ots_like_key());

    // Act: create every kind of secret: guest, guest with a passphrase, account-owned with a
    // passphrase, generated, and one with its value (and passphrase) in the query string.
    let share = |form: &[(&str, &str)]| http.post(server.url("/share")).form(form);
    let (guest_key, _) = create(share(&[("secret", &guest_plain)]), "guest", &mut needles).await;
    let guarded = share(&[("secret", &guarded_plain), ("passphrase", &guarded_pass)]);
    let (guarded_key, _) = create(guarded, "guarded", &mut needles).await;
    let owned = share(&[("secret", &owned_plain), ("passphrase", &owned_pass)])
        .basic_auth(&email, Some(&token));
    let (_, owned_receipt) = create(owned, "owned", &mut needles).await;
    let generated = http.post(server.url("/generate")).basic_auth(&email, Some(&token));
    let (_, generated_receipt) = create(generated, "generated", &mut needles).await;
    let query = http
        .post(server.url("/share"))
        .query(&[("secret", &query_plain), ("passphrase", &query_pass)]);
    create(query, "query-string", &mut needles).await;

    // Act: reveal (a wrong passphrase, then the right one), reveal a key that does not exist,
    // read a receipt, burn, list recent, read the metrics.
    let reveal = |key: &str, passphrase: &str| {
        http.post(server.url(&format!("/secret/{key}"))).form(&[("passphrase", passphrase)]).send()
    };
    let (status, body) = json_of(reveal(&guest_key, "").await.unwrap()).await;
    assert_eq!((status, body["value"].as_str()), (StatusCode::OK, Some(guest_plain.as_str())));
    let (status, body) = json_of(reveal(&guarded_key, &wrong_pass).await.unwrap()).await;
    assert_eq!((status, body["message"].as_str()), (StatusCode::NOT_FOUND, Some("Unknown secret")));
    let (status, body) = json_of(reveal(&guarded_key, &guarded_pass).await.unwrap()).await;
    assert_eq!((status, body["value"].as_str()), (StatusCode::OK, Some(guarded_plain.as_str())));
    let (status, _) = json_of(reveal(&unknown_key, "").await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let receipt = http.get(server.url(&format!("/private/{owned_receipt}"))).send().await.unwrap();
    let (status, body) = json_of(receipt).await;
    assert_eq!(status, StatusCode::OK, "receipt: {body}");
    let burn = http.post(server.url(&format!("/private/{generated_receipt}/burn")));
    let (status, body) = json_of(burn.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "burn: {body}");
    let recent = http.get(server.url("/private/recent")).basic_auth(&email, Some(&token));
    let (status, body) = json_of(recent.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "recent: {body}");
    assert!(body.as_array().is_some_and(|a| a.len() >= 2), "recent: {body}");
    let metrics = http.get(format!("http://{}/metrics", server.addr)).send().await.unwrap();
    let metrics = metrics.bytes().await.unwrap().to_vec();

    // Assert: while running (the WAL holds the recent writes) …
    let mut running = data_dir_sources(ws.root(), &data_dir);
    assert!(
        running.iter().any(|(name, _)| name.ends_with("ots.sqlite3-wal")),
        "expected a WAL file while the server runs; found {:?}",
        running.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    running.push(("GET /metrics".into(), metrics));
    running.push(("the server log (while running)".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&running, "while running");

    // … and after a graceful stop.
    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(10));
    assert!(status.success(), "ots serve exited with {status}");
    let mut stopped = data_dir_sources(ws.root(), &data_dir);
    assert!(stopped.iter().any(|(name, _)| name.ends_with("ots.sqlite3")));
    stopped.push(("the server log".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&stopped, "after shutdown");
}

/// A 62-character base36 string shaped like a secret key, but not one the server issued.
fn ots_like_key() -> String {
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut bytes = [0u8; 62];
    File::open("/dev/urandom").unwrap().read_exact(&mut bytes).unwrap();
    bytes.iter().map(|b| char::from(alphabet[usize::from(*b) % alphabet.len()])).collect()
}

// ---------------------------------------------------------------------------------------------
// Shutdown
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_shuts_down_gracefully_on_sigterm() {
    // Arrange
    let ws = Workspace::new();
    let mut server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;

    // Act
    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(10));

    // Assert
    assert!(status.success(), "ots serve exited with {status}\n{}", server.log_text());
}

// ---------------------------------------------------------------------------------------------
// Admin commands
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_commands_manage_accounts() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let server = Server::start(ws.root(), &data_dir, &ws.log(), &[]).await;
    let http = client();
    let email = format!("admin-{}@example.com", random_hex(6));
    let authcheck = |token: String| {
        let request = http.get(server.url("/authcheck")).basic_auth(&email, Some(token));
        async move {
            let response = request.send().await.unwrap();
            let intended = response
                .headers()
                .get("x-ots-intended-status")
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status(), intended)
        }
    };
    let refused = (StatusCode::NOT_FOUND, Some("401".to_owned()));

    // Act + Assert: add, while the server runs.
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "user add: {}", describe(&added));
    let first_token = last_word(&added);
    assert_eq!(authcheck(first_token.clone()).await.0, StatusCode::OK);

    let again = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(!again.status.success(), "adding {email} twice succeeded: {}", describe(&again));

    let listed = ots_admin(ws.root(), &data_dir, &["user", "list"]);
    assert!(listed.status.success(), "user list: {}", describe(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&email), "{}", describe(&listed));

    let rotated = ots_admin(ws.root(), &data_dir, &["user", "token", &email, "--rotate"]);
    assert!(rotated.status.success(), "user token --rotate: {}", describe(&rotated));
    let second_token = last_word(&rotated);
    assert_ne!(second_token, first_token);
    assert_eq!(authcheck(first_token).await, refused, "the old token still works");
    assert_eq!(authcheck(second_token.clone()).await.0, StatusCode::OK, "the new token fails");

    let removed = ots_admin(ws.root(), &data_dir, &["user", "remove", &email]);
    assert!(removed.status.success(), "user remove: {}", describe(&removed));
    assert_eq!(authcheck(second_token).await, refused, "a removed account's token still works");
}

#[test]
fn config_prints_the_effective_configuration_with_secrets_redacted() {
    // Arrange
    let ws = Workspace::new();
    let secret = format!("cfg-{}", random_hex(36));
    assert_eq!(secret.len(), 40);

    // Act
    let shown = ots_command(ws.root()).arg("config").env("OTS_SECRET", &secret).output().unwrap();
    let refused =
        ots_command(ws.root()).arg("config").env("OTS_TTL_FLOOR", "notanumber").output().unwrap();

    // Assert
    assert!(shown.status.success(), "ots config: {}", describe(&shown));
    let stdout = String::from_utf8_lossy(&shown.stdout);
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert!(stdout.contains("secret = \"[redacted]\""), "{}", describe(&shown));
    assert!(
        !stdout.contains(&secret) && !stderr.contains(&secret),
        "ots config printed the secret"
    );
    assert!(
        !refused.status.success(),
        "a non-numeric ttl_floor was accepted: {}",
        describe(&refused)
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).to_lowercase().contains("ttl_floor"),
        "the error does not name ttl_floor: {}",
        describe(&refused)
    );
}
