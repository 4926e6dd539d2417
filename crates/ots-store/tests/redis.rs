//! The conformance suite against the Redis backend, twice: on a standalone `redis-server` and on
//! a 3-node Redis Cluster, both real, started by this test binary on free ports (or the ones
//! `OTS_TEST_REDIS_URL` and `OTS_TEST_REDIS_CLUSTER_URL` name) and shared by every test, each
//! test under its own key prefix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ots_store::RedisStore;

/// The URL of the Redis the tests use, starting one on first use.
fn redis_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| std::env::var("OTS_TEST_REDIS_URL").unwrap_or_else(|_| start_redis()))
}

/// The URL of the Redis Cluster the tests use, starting one on first use.
fn cluster_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        std::env::var("OTS_TEST_REDIS_CLUSTER_URL").unwrap_or_else(|_| start_cluster())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `redis-server` on a free port with persistence off.
fn start_redis() -> String {
    let port = free_port();
    spawn_redis(port, "");
    format!("redis://127.0.0.1:{port}")
}

/// Starts three cluster-enabled servers, joins them into one cluster (no replicas) and waits
/// until it serves every slot.
fn start_cluster() -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("ots-test-cluster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    for port in &ports {
        let conf = dir.join(format!("nodes-{port}.conf"));
        spawn_redis(
            *port,
            &format!("--cluster-enabled yes --cluster-config-file '{}'", conf.display()),
        );
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
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = Command::new("redis-cli")
            .args(["-p", &ports[0].to_string(), "cluster", "info"])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&info.stdout).contains("cluster_state:ok") {
            break;
        }
        assert!(Instant::now() < deadline, "the test cluster never became ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    format!("redis+cluster://{}", nodes.join(","))
}

/// Starts `redis-server` on `port` (persistence off, `extra` arguments), watched by a shell that
/// stops it when this test process is gone (a test binary cannot clean up its statics), and
/// waits until it accepts connections.
fn spawn_redis(port: u16, extra: &str) {
    assert!(
        Command::new("redis-server").arg("--version").stdout(Stdio::null()).status().is_ok(),
        "redis-server is not installed (apt-get install redis-server, or set OTS_TEST_REDIS_URL)"
    );
    // The shell returns at once; its background child runs redis-server and stops it when this
    // test process is gone.
    let script = format!(
        "( redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no \
           --logfile '' --loglevel warning {extra} & r=$!; \
           while kill -0 {parent} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 0.5; done; \
           kill $r 2>/dev/null; wait $r ) >/dev/null 2>&1 &",
        parent = std::process::id()
    );
    let started = Command::new("sh").arg("-c").arg(script).status().expect("running sh");
    assert!(started.success(), "could not start redis-server");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A store on `url` under a fresh key prefix, so tests sharing a server never see each other's
/// keys.
async fn store_on(url: &str) -> (RedisStore, ()) {
    let prefix = format!("ots-test-{}", ots_core::id::random_base36(12));
    let store = RedisStore::connect(url, &prefix).await.expect("connecting to the test redis");
    (store, ())
}

mod standalone {
    async fn make() -> (ots_store::RedisStore, ()) {
        super::store_on(super::redis_url()).await
    }

    ots_store::conformance_suite!(make);
}

mod cluster {
    async fn make() -> (ots_store::RedisStore, ()) {
        // Starting the cluster blocks; keep it off the async workers.
        let url = tokio::task::spawn_blocking(super::cluster_url).await.unwrap();
        super::store_on(url).await
    }

    ots_store::conformance_suite!(make);
}
