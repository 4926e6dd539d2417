//! The conformance suite against the embedded SQLite backend, one fresh database file per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ots_store::SqliteStore;

/// A fresh store in its own temporary directory, deleted when the test ends. Opening (file
/// creation, migrations) is blocking work, so it runs on the blocking pool, as in a server.
async fn make() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::Builder::new()
        .prefix("ots-store-sqlite-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("creating a temporary data directory");
    let path = dir.path().to_path_buf();
    let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path))
        .await
        .expect("the open task panicked")
        .expect("opening the store");
    (store, dir)
}

ots_store::conformance_suite!(make);
