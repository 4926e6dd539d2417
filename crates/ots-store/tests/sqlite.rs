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

/// SQLite keys records by locator: a second record at a taken locator is refused as a conflict
/// (the server then mints new ids), and the first is untouched.
#[tokio::test]
async fn a_record_at_a_taken_locator_is_a_conflict() {
    use ots_store::conformance::{T0, guest_records, server_key};
    use ots_store::{ClaimGuard, Store, StoreError};

    // Arrange
    let (store, _dir) = make().await;
    let key = server_key();
    let first = guest_records();
    store.create(first.clone()).await.unwrap();
    let mut second = guest_records();
    second.secret.index = key.new_secret_id(first.secret.index.locator()).1;
    second.receipt.secret_index = second.secret.index;

    // Act
    let outcome = store.create(second.clone()).await;

    // Assert
    assert!(matches!(outcome, Err(StoreError::Conflict)), "{outcome:?}");
    assert_eq!(store.get_receipt(&second.receipt.index, T0).await.unwrap(), None);
    let claimed = store.claim_secret(&first.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap();
    assert_eq!(claimed, Some(first.secret));
}
