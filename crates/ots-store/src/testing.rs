//! Test support (feature `conformance`): real `redis-server` processes for the tests of this
//! crate and of the crates above it.
//!
//! Servers are started on free ports and watched by a shell that stops them once the test
//! process is gone, since a test binary cannot clean up its statics. `OTS_TEST_REDIS_URL` and
//! `OTS_TEST_REDIS_CLUSTER_URL` name servers to use instead of starting them.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The URL of a standalone Redis shared by this test process, started on first use.
pub fn shared_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        std::env::var("OTS_TEST_REDIS_URL").unwrap_or_else(|_| {
            let port = free_port();
            spawn(port, "");
            format!("redis://127.0.0.1:{port}")
        })
    })
}

/// The URL of a 3-node Redis Cluster shared by this test process, started on first use.
pub fn shared_cluster_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        std::env::var("OTS_TEST_REDIS_CLUSTER_URL").unwrap_or_else(|_| start_cluster())
    })
}

/// Starts three cluster-enabled servers, joins them into one cluster (no replicas) and waits
/// until every node serves every slot.
fn start_cluster() -> String {
    let dir = std::env::temp_dir().join(format!("ots-test-cluster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    for port in &ports {
        let conf = dir.join(format!("nodes-{port}.conf"));
        let args = format!(
            "--port {port} --cluster-enabled yes --cluster-config-file '{}'",
            conf.display()
        );
        // Each node's watcher removes its file, and the last one the directory.
        let cleanup = format!("rm -f '{}'; rmdir '{}' 2>/dev/null", conf.display(), dir.display());
        spawn_checked(&args, *port, &[], &cleanup);
    }
    let nodes: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let created = Command::new("redis-cli")
        .args(["--cluster", "create"])
        .args(&nodes)
        .args(["--cluster-replicas", "0", "--cluster-yes"])
        .stdout(Stdio::null())
        .status()
        .expect("running redis-cli --cluster create");
    assert!(created.success(), "redis-cli --cluster create failed");
    // Every node must say so: each learns the others' slots by gossip, and one still waiting
    // answers CLUSTERDOWN to the commands the client sends it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ports.iter().all(|p| redis_cli(*p, &["cluster", "info"]).contains("cluster_state:ok")) {
        assert!(Instant::now() < deadline, "the test cluster never became ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    format!("redis+cluster://{}", nodes.join(","))
}

/// Runs `redis-cli -p PORT ARGS…` and returns its standard output.
pub fn redis_cli(port: u16, args: &[&str]) -> String {
    let out = Command::new("redis-cli").arg("-p").arg(port.to_string()).args(args).output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
}

/// Starts `redis-server` on `port` (persistence off unless `extra` turns it on; `extra` comes
/// last, so it wins) and waits until it accepts connections.
pub fn spawn(port: u16, extra: &str) {
    spawn_checked(&format!("--port {port} {extra}"), port, &[], "");
}

/// A Redis that speaks only TLS, with a certificate for `127.0.0.1` and `localhost` signed by a
/// certificate authority made for it (with the `openssl` command) in `dir`.
#[derive(Debug)]
pub struct TlsRedis {
    pub port: u16,
    /// The certificate authority, PEM.
    pub ca_pem: Vec<u8>,
}

impl TlsRedis {
    pub fn start(dir: &Path) -> Self {
        let run = |args: &[&str]| {
            let out = Command::new("openssl").current_dir(dir).args(args).output();
            let out = out.expect("running openssl (apt-get install openssl)");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n").unwrap();
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=ots test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ]);
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        ]);
        let port = free_port();
        let file = |name: &str| dir.join(name).display().to_string();
        let ca = file("ca.crt");
        spawn_checked(
            &format!(
                "--port 0 --tls-port {port} --tls-cert-file '{}' --tls-key-file '{}' \
                 --tls-ca-cert-file '{ca}' --tls-auth-clients no",
                file("server.crt"),
                file("server.key")
            ),
            port,
            &["--tls", "--cacert", &ca],
            "",
        );
        Self { port, ca_pem: std::fs::read(dir.join("ca.crt")).unwrap() }
    }

    /// The URL to reach it.
    pub fn url(&self) -> String {
        format!("rediss://127.0.0.1:{}", self.port)
    }
}

/// Starts `redis-server ARGS` and waits until `redis-cli CLI_ARGS -p PORT ping` answers; the
/// shell command `cleanup` runs once the server has stopped.
fn spawn_checked(args: &str, port: u16, cli_args: &[&str], cleanup: &str) {
    assert!(
        Command::new("redis-server").arg("--version").stdout(Stdio::null()).status().is_ok(),
        "redis-server is not installed (apt-get install redis-server, or set OTS_TEST_REDIS_URL)"
    );
    // The shell returns at once; its background child runs redis-server and stops it when this
    // test process is gone.
    let script = format!(
        "( redis-server --bind 127.0.0.1 --save '' --appendonly no \
           --logfile '' --loglevel warning {args} & r=$!; \
           while kill -0 {parent} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 0.5; done; \
           kill $r 2>/dev/null; wait $r; {cleanup} ) >/dev/null 2>&1 &",
        parent = std::process::id()
    );
    let started = Command::new("sh").arg("-c").arg(script).status().expect("running sh");
    assert!(started.success(), "could not start redis-server");
    let deadline = Instant::now() + Duration::from_secs(10);
    let ping: Vec<&str> = cli_args.iter().copied().chain(["ping"]).collect();
    while !redis_cli(port, &ping).contains("PONG") {
        assert!(Instant::now() < deadline, "redis-server did not start on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A private Redis that writes every command to its append-only file before answering
/// (`appendfsync always`) in `dir`, and can be crashed and started again on the same port.
#[derive(Debug)]
pub struct DurableRedis {
    pub port: u16,
    dir: PathBuf,
}

impl DurableRedis {
    /// Starts one with its files in `dir`.
    pub fn start(dir: &Path) -> Self {
        let redis = Self { port: free_port(), dir: dir.to_owned() };
        redis.start_again();
        redis
    }

    /// The URL to reach it.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts it again after [`DurableRedis::crash`], from its files.
    pub fn start_again(&self) {
        spawn(
            self.port,
            &format!(
                "--dir '{}' --appendonly yes --appendfsync always --save ''",
                self.dir.display()
            ),
        );
    }

    /// Kills the server with SIGKILL, as a crash would, and waits until the port is closed.
    pub fn crash(&self) {
        let info = redis_cli(self.port, &["info", "server"]);
        let pid = info
            .lines()
            .find_map(|l| l.strip_prefix("process_id:"))
            .map(str::trim)
            .expect("redis reports its process id")
            .to_owned();
        // The shell's built-in `kill`: `/bin/kill` comes from procps, which a minimal Debian lacks.
        let _ = Command::new("sh").args(["-c", "kill -9 \"$1\"", "sh", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            assert!(Instant::now() < deadline, "redis did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
