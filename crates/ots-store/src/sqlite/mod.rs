//! The embedded backend: one SQLite file in the data directory.
//!
//! - **Writes** go through one writer thread that commits in groups (module `writer`); WAL with
//!   `synchronous=FULL`, so an acknowledged write survives a crash or power loss.
//! - **Reads** run in parallel on a small pool of read-only connections, on tokio's blocking
//!   threads, so they never wait for the writer.
//! - **Expiry**: every read and claim treats rows past `expires` as absent; [`crate::Store::sweep`]
//!   deletes them in small batches, found by locator ranges per minute of expiry (module
//!   `expiry`) rather than by an index.
//! - **Rate-limit counters** stay in this process's memory: the embedded store serves exactly
//!   one `ots serve` process, so there is nothing to share them with, and a restart forgetting a
//!   20-minute window costs nothing. Passphrase failures, which guard against brute force, are
//!   durable.
//!
//! Several processes may open the same file (`ots user add` while a server runs): SQLite's own
//! locking serialises them, and the busy timeout makes them wait rather than fail.

mod codec;
mod expiry;
mod ops;
mod schema;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::Semaphore;

use crate::StoreError;
use crate::data_dir::{create_data_dir, sync_dir};
use writer::Writer;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "ots.sqlite3";
const READERS: usize = 4;
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The SQLite store. Cheap to clone; all clones share the writer and the reader pool.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

/// Fields drop in this order: the readers close before the writer, whose drop waits for its
/// connection to close last (see [`Writer`]'s `Drop`).
#[derive(Debug)]
struct Inner {
    path: PathBuf,
    readers: Mutex<Vec<Connection>>,
    reader_permits: Semaphore,
    rate_windows: Mutex<HashMap<String, (i64, u32)>>,
    writer: Writer,
}

pub(crate) fn map_error(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict
        }
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Corrupt(e.to_string())
        }
        other => StoreError::Unavailable(other.to_string()),
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: the WAL is synced (fdatasync, see `.cargo/config.toml`) at every commit, so an
    // acknowledged write is durable.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Creates the database file empty and readable only by its owner, unless it exists. SQLite
/// would create it with mode 0644, and it gives the `-wal` and `-shm` files the mode of the
/// database file. The records are sealed, but accounts' e-mails, token digests and password
/// hashes, and every receipt's times and state, are not. A file that exists keeps its mode,
/// with a warning when others may read it.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        // SQLite syncs the directory when it creates the WAL, but not for the database file.
        Ok(_) => sync_dir(path.parent().unwrap_or(Path::new(""))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    tracing::warn!(
                        path = %path.display(),
                        mode = format!("{mode:o}"),
                        "the database file may be read by other users; `chmod 600` it and its \
                         -wal and -shm files"
                    );
                }
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `data_dir`, runs migrations, and starts the
    /// writer thread.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        create_data_dir(data_dir).map_err(|e| {
            StoreError::Unavailable(format!("creating {}: {e}", data_dir.display()))
        })?;
        let path = data_dir.join(DB_FILE);
        create_private_file(&path)
            .map_err(|e| StoreError::Unavailable(format!("creating {}: {e}", path.display())))?;
        let mut conn = Connection::open(&path).map_err(map_error)?;
        configure(&conn).map_err(map_error)?;
        schema::migrate(&mut conn)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let r = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(map_error)?;
            r.busy_timeout(BUSY_TIMEOUT).map_err(map_error)?;
            r.pragma_update(None, "query_only", true).map_err(map_error)?;
            readers.push(r);
        }
        // The writer thread runs until the store is dropped (see `Inner`).
        let writer = Writer::start(conn, expiry::flush);
        Ok(Self {
            inner: Arc::new(Inner {
                path,
                writer,
                readers: Mutex::new(readers),
                reader_permits: Semaphore::new(READERS),
                rate_windows: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `op` on a pooled read connection, on a blocking thread.
    async fn read<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let _permit = self
            .inner
            .reader_permits
            .acquire()
            .await
            .map_err(|_| StoreError::Unavailable("the store is shut down".into()))?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let conn = inner
                .readers
                .lock()
                .map_err(|_| StoreError::Unavailable("reader pool poisoned".into()))?
                .pop()
                .ok_or_else(|| StoreError::Unavailable("no reader available".into()))?;
            let result = op(&conn).map_err(map_error);
            if let Ok(mut pool) = inner.readers.lock() {
                pool.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("reader task failed: {e}")))?
    }

    async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnMut(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        self.inner.writer.write(op).await
    }
}
