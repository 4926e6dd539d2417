//! The conformance suite against the Redis backend: a real `redis-server` that this test binary
//! starts on a free port (or the one `OTS_TEST_REDIS_URL` names), shared by every test, each
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

/// Starts `redis-server` on a free port with persistence off, watched by a shell that stops it
/// when this test process is gone (a test binary cannot clean up its statics).
fn start_redis() -> String {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    assert!(
        Command::new("redis-server").arg("--version").stdout(Stdio::null()).status().is_ok(),
        "redis-server is not installed (apt-get install redis-server, or set OTS_TEST_REDIS_URL)"
    );
    // The shell returns at once; its background child runs redis-server and stops it when this
    // test process is gone.
    let script = format!(
        "( redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no \
           --logfile '' --loglevel warning & r=$!; \
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
    format!("redis://127.0.0.1:{port}")
}

/// A store under a fresh key prefix, so tests sharing the server never see each other's keys.
async fn make() -> (RedisStore, ()) {
    let url = redis_url();
    let prefix = format!("ots-test-{}", ots_core::id::random_base36(12));
    let store = RedisStore::connect(url, &prefix).await.expect("connecting to the test redis");
    (store, ())
}

ots_store::conformance_suite!(make);
