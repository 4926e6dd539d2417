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

/// The sweep deletes expired rows from the file itself (reads hide them anyway), found through
/// the locator ranges it keeps per minute of expiry; rows of other lifetimes that share those
/// ranges stay, and so do their ranges.
#[tokio::test]
async fn a_sweep_deletes_expired_rows_from_the_file_and_keeps_the_rest() {
    use ots_store::Store;
    use ots_store::conformance::{T0, new_records};

    // Arrange: short- and long-lived records, interleaved, so their locators interleave too.
    let (store, dir) = make().await;
    let mut long = Vec::new();
    for _ in 0..20 {
        store.create(new_records(60, T0, None, false)).await.unwrap();
        let kept = new_records(3600, T0, None, false);
        store.create(kept.clone()).await.unwrap();
        long.push(kept);
    }
    let db = rusqlite::Connection::open(dir.path().join(ots_store::sqlite::DB_FILE)).unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM secrets"), 40);

    // Act: two minutes after the short ones expired.
    let swept = store.sweep(T0 + 180).await.unwrap();

    // Assert
    assert_eq!(swept, 40, "20 secrets and 20 receipts (receipts live twice as long: 120 s)");
    assert_eq!(count("SELECT count(*) FROM secrets"), 20);
    assert_eq!(count("SELECT count(*) FROM receipts"), 20);
    assert_eq!(count("SELECT count(*) FROM secrets WHERE expires <= 1750000180"), 0);
    assert_eq!(count("SELECT count(*) FROM sweep_ranges WHERE minute < 1750000180 / 60"), 0);
    for kept in &long {
        assert!(store.get_secret(&kept.secret.index, T0 + 180).await.unwrap().is_some());
    }
    // And once they expire too, nothing is left, ranges included.
    store.sweep(T0 + 3 * 3600).await.unwrap();
    assert_eq!(count("SELECT count(*) FROM secrets") + count("SELECT count(*) FROM receipts"), 0);
    assert_eq!(count("SELECT count(*) FROM sweep_ranges"), 0);
}

/// The sweep deletes expired sessions from the file itself (reads hide them anyway) and keeps
/// live ones.
#[tokio::test]
async fn a_sweep_deletes_expired_sessions_from_the_file() {
    use ots_store::conformance::T0;
    use ots_store::{Store, StoredSession};

    // Arrange
    let (store, dir) = make().await;
    let session = |ttl| StoredSession {
        email: "sweep@example.com".into(),
        account_id: "acct-sweep".into(),
        created: T0,
        expires: T0 + ttl,
    };
    store.create_session([1; 32], session(60)).await.unwrap();
    store.create_session([2; 32], session(3600)).await.unwrap();
    let db = rusqlite::Connection::open(dir.path().join(ots_store::sqlite::DB_FILE)).unwrap();
    let count =
        || -> i64 { db.query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).unwrap() };
    assert_eq!(count(), 2);

    // Act
    store.sweep(T0 + 120).await.unwrap();

    // Assert
    assert_eq!(count(), 1);
    assert!(store.get_session(&[2; 32], T0 + 120).await.unwrap().is_some());
}

/// The data directory a store creates, and the database with its WAL and shared-memory files,
/// are readable by their owner only: the accounts' e-mails, token digests and password hashes
/// are not sealed.
#[cfg(unix)]
#[tokio::test]
async fn a_new_store_keeps_its_directory_and_files_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;

    use ots_store::Store;
    use ots_store::conformance::guest_records;

    // Arrange
    let parent = tempfile::Builder::new()
        .prefix("ots-store-sqlite-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("creating a temporary directory");
    let data_dir = parent.path().join("data");

    // Act: open a store where no directory is yet, and write to it.
    let dir = data_dir.clone();
    let store =
        tokio::task::spawn_blocking(move || SqliteStore::open(&dir)).await.unwrap().unwrap();
    store.create(guest_records()).await.unwrap();

    // Assert
    let mode = |name: &str| {
        let path = data_dir.join(name);
        let meta = std::fs::metadata(&path);
        meta.unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
    };
    assert_eq!(format!("{:o}", mode("")), "700");
    for file in ["ots.sqlite3", "ots.sqlite3-wal", "ots.sqlite3-shm"] {
        assert_eq!(format!("{:o}", mode(file)), "600", "{file}");
    }
}
