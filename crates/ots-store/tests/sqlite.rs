//! The conformance suite against the embedded SQLite backend, one fresh database file per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ots_store::SqliteStore;

/// A fresh store in its own directory under cargo's per-target temporary directory.
///
/// The directory is kept rather than deleted on drop: the store's writer thread and readers
/// outlive anything the test could hold on to. Opening (file creation, migrations) is blocking
/// work, so it runs on the blocking pool, as it would in a server.
async fn make() -> SqliteStore {
    let dir = tempfile::Builder::new()
        .prefix("ots-store-sqlite-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("creating a temporary data directory")
        .keep();
    tokio::task::spawn_blocking(move || SqliteStore::open(&dir))
        .await
        .expect("the open task panicked")
        .expect("opening the store")
}

ots_store::conformance_suite!(make);
