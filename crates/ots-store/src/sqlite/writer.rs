//! The single writer: one thread owns the write connection and commits in groups.
//!
//! Every write is a job sent to this thread. The thread takes the first job waiting, then every
//! other job already queued (up to [`MAX_BATCH`]), runs them in one transaction, each inside its
//! own savepoint so one failing job does not undo the others, and commits once. With
//! `synchronous=FULL` the commit is one fsync of the WAL, shared by the whole group, and only
//! after it does any job's caller hear back. So a create is acknowledged only once it is
//! durable, and a claimed secret is handed out only once its removal is, without paying one
//! fsync per request.

use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::StoreError;

/// Most jobs committed together.
const MAX_BATCH: usize = 512;

type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;
/// A job runs on the writer's connection, or gets `None` when the group could not even begin.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Deliver + Send>;
/// Runs in each group's transaction after its jobs.
pub(crate) type BeforeCommit = fn(&Connection) -> rusqlite::Result<()>;

/// A handle for sending jobs to the writer thread. Cloning shares the thread.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread on `conn`; `before_commit` runs in every group's transaction
    /// after its jobs, and its failure fails the group. The thread ends when every handle is
    /// dropped.
    pub(crate) fn start(conn: Connection, before_commit: BeforeCommit) -> (Self, JoinHandle<()>) {
        let (tx, rx) = mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("ots-sqlite-writer".into())
            .spawn(move || run(&conn, &rx, before_commit))
            .expect("spawning the writer thread");
        (Self { tx }, handle)
    }

    /// Runs `op` in the next group transaction; resolves after that transaction committed.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = conn.map(|conn| in_savepoint(conn, op));
            Box::new(move |committed: Result<(), String>| {
                let result = match (committed, outcome) {
                    (Ok(()), Some(outcome)) => outcome.map_err(super::map_error),
                    (Err(e), _) => Err(StoreError::Unavailable(e)),
                    (Ok(()), None) => Err(closed()),
                };
                let _ = reply.send(result);
            })
        });
        self.tx.send(job).map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

fn closed() -> StoreError {
    StoreError::Unavailable("the store is shut down".into())
}

fn in_savepoint<T>(
    conn: &Connection,
    op: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    // Cached statements: a savepoint per job is on the hot path of every write.
    conn.prepare_cached("SAVEPOINT job")?.execute([])?;
    match op(conn) {
        Ok(v) => {
            conn.prepare_cached("RELEASE job")?.execute([])?;
            Ok(v)
        }
        Err(e) => {
            // Undo this job only; the rest of the group still commits.
            let _ = conn.execute_batch("ROLLBACK TO job; RELEASE job");
            Err(e)
        }
    }
}

fn run(conn: &Connection, rx: &mpsc::Receiver<Job>, before_commit: BeforeCommit) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let committed = commit_group(conn, batch, before_commit);
        if let Err(e) = committed {
            tracing::error!(error = %e, "sqlite group commit failed");
        }
    }
}

fn commit_group(
    conn: &Connection,
    batch: Vec<Job>,
    before_commit: BeforeCommit,
) -> Result<(), String> {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        let msg = e.to_string();
        for job in batch {
            // The job never ran; its caller hears why.
            job(None)(Err(msg.clone()));
        }
        return Err(msg);
    }
    let delivers: Vec<Deliver> = batch.into_iter().map(|job| job(Some(conn))).collect();
    let committed = before_commit(conn).and_then(|()| conn.execute_batch("COMMIT")).map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        e.to_string()
    });
    for deliver in delivers {
        deliver(committed.clone());
    }
    committed
}
