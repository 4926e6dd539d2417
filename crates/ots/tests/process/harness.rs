//! The harness: spawning the real `ots` binary in a scratch directory, running its admin
//! commands, and scanning files and logs for strings that must not be there.

use std::fs::File;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
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
pub(crate) fn random_hex(len: usize) -> String {
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
pub(crate) fn ots_command(cwd: &Path) -> Command {
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
pub(crate) fn ots_admin(workdir: &Path, data_dir: &Path, args: &[&str]) -> Output {
    ots_command(workdir).arg("--data-dir").arg(data_dir).args(args).output().unwrap()
}

/// The last whitespace-separated word of a command's stdout (where `user add` and
/// `user token --rotate` print the token).
pub(crate) fn last_word(output: &Output) -> String {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .split_whitespace()
        .last()
        .expect("no output on stdout")
        .to_owned()
}

pub(crate) fn describe(output: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap()
}

/// A running `ots serve` process. Its stdout and stderr are appended to `log`; it is killed
/// (SIGKILL) on drop if still running, so no test leaks a process.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Spawns `ots serve` on a free port with `data_dir`, extra environment `envs`, and waits
    /// until `/health` answers.
    pub(crate) async fn start(
        workdir: &Path,
        data_dir: &Path,
        log: &Path,
        envs: &[(&str, &str)],
    ) -> Self {
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

    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{path}", self.addr)
    }

    /// A URL under `/api/v2`.
    pub(crate) fn url_v2(&self, path: &str) -> String {
        format!("http://{}/api/v2{path}", self.addr)
    }

    /// Sends SIGTERM. (`unsafe` is forbidden workspace-wide, so not `libc::kill`: the shell's
    /// `kill` does it.)
    pub(crate) fn terminate(&self) {
        let pid = self.child.id().to_string();
        // The shell's built-in `kill`: `/bin/kill` comes from procps, which a minimal Debian lacks.
        let status =
            Command::new("sh").args(["-c", "kill -s TERM \"$1\"", "sh", &pid]).status().unwrap();
        assert!(status.success(), "kill -s TERM {pid} failed: {status}");
    }

    /// Sends SIGKILL (what `Child::kill` sends on Unix).
    pub(crate) fn kill_9(&mut self) {
        self.child.kill().unwrap();
    }

    /// Waits for the process to exit, failing after `limit`.
    pub(crate) fn wait_for_exit(&mut self, limit: Duration) -> ExitStatus {
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

    pub(crate) fn log_text(&self) -> String {
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
pub(crate) struct Workspace {
    root: TempDir,
}

impl Workspace {
    pub(crate) fn new() -> Self {
        Self { root: TempDir::new().unwrap() }
    }
    pub(crate) fn root(&self) -> &Path {
        self.root.path()
    }
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }
    pub(crate) fn log(&self) -> PathBuf {
        self.root.path().join("server.log")
    }
}

// ---------------------------------------------------------------------------------------------
// Scanning the data directory and the logs
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
pub(crate) fn leaks(sources: &[(String, Vec<u8>)], needles: &[(String, String)]) -> Vec<String> {
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
pub(crate) fn data_dir_sources(root: &Path, data_dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(data_dir)
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap_or(&p).display().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

pub(crate) async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap())
}

// ---------------------------------------------------------------------------------------------
// The client commands
// ---------------------------------------------------------------------------------------------

/// An `ots` client command run from `workdir`, with `$XDG_CONFIG_HOME` at `workdir/config` so
/// no real config file is read.
pub(crate) fn ots_client_command(workdir: &Path, args: &[&str]) -> Command {
    let mut cmd = ots_command(workdir);
    cmd.env("XDG_CONFIG_HOME", workdir.join("config")).args(args);
    cmd
}

/// Runs a client command to completion, `stdin` as its input.
pub(crate) fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `ots <args> --server URL` against `server`, stdin empty.
pub(crate) fn ots_at(server: &Server, workdir: &Path, args: &[&str]) -> Output {
    let base = format!("http://{}", server.addr);
    ots_client_command(workdir, args).args(["--server", &base]).output().unwrap()
}

/// The same, with `stdin` as input.
pub(crate) fn ots_at_with_stdin(
    server: &Server,
    workdir: &Path,
    args: &[&str],
    stdin: &[u8],
) -> Output {
    let base = format!("http://{}", server.addr);
    let mut cmd = ots_client_command(workdir, args);
    cmd.args(["--server", &base]);
    run_with_stdin(cmd, stdin)
}

/// stdout as text.
pub(crate) fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// stdout parsed as one JSON document.
pub(crate) fn json_out(output: &Output) -> Value {
    assert!(output.status.success(), "{}", describe(output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", describe(output)))
}

/// The exit code (panics on death by signal).
pub(crate) fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| panic!("killed by a signal:\n{}", describe(output)))
}

/// A free local port nothing listens on.
pub(crate) fn dead_port() -> u16 {
    free_port()
}
