//! The single writer: one thread owns the write connection and commits in groups.
//!
//! Every write is a job sent to this thread. The thread takes the first job waiting, then every
//! other job already queued (up to [`MAX_BATCH`]), runs them in one transaction and commits
//! once. With `synchronous=FULL` the commit is one sync of the WAL (`fdatasync`), shared by the
//! whole group, and only after it does any job's caller hear back. So a create is acknowledged
//! only once it is durable, and a claimed secret is handed out only once its removal is, without
//! paying one sync per request.
//!
//! One failing job must not undo the others. A savepoint around each job would guarantee that,
//! but SQLite then copies every page a job touches into the statement journal first: for a
//! create, two 4 KiB pages, plus two more statements to run, paid by every job for a failure
//! that almost never happens (a locator conflict after the clock was set back, a full disk). So
//! a group runs without savepoints, and only when a job fails is the whole transaction rolled
//! back and the group run again with each job in its own savepoint. Jobs are therefore
//! `FnMut`: a job may run twice, and only the run that committed counts.

use std::sync::{Mutex, mpsc};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::StoreError;

/// Most jobs committed together.
const MAX_BATCH: usize = 512;

/// Runs in each group's transaction after its jobs.
pub(crate) type BeforeCommit = fn(&Connection) -> rusqlite::Result<()>;

/// One write waiting for its group, with its caller's reply.
trait Job: Send {
    /// Runs the operation on the group's transaction; `false` when it failed, and whatever it
    /// changed before failing must then be undone.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Records a failure around the operation (its savepoint could not be set or released).
    fn fail(&mut self, error: rusqlite::Error);
    /// Tells the caller the outcome once the group committed, or why it did not.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct Pending<T, F> {
    op: F,
    /// The outcome of the latest run; `None` if the job never ran.
    outcome: Option<rusqlite::Result<T>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnMut(&Connection) -> rusqlite::Result<T> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let outcome = (self.op)(conn);
        let ok = outcome.is_ok();
        self.outcome = Some(outcome);
        ok
    }

    fn fail(&mut self, error: rusqlite::Error) {
        self.outcome = Some(Err(error));
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let result = match (committed, self.outcome) {
            (Ok(()), Some(outcome)) => outcome.map_err(super::map_error),
            (Err(e), _) => Err(StoreError::Unavailable(e)),
            (Ok(()), None) => Err(closed()),
        };
        let _ = self.reply.send(result);
    }
}

/// How long dropping the [`Writer`] waits for its thread to finish the queued jobs and close
/// the connection, before leaving it to the process's exit.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

/// The writer thread's handle: sends it jobs, and on drop lets it finish and close.
#[derive(Debug)]
pub(crate) struct Writer {
    /// `None` only while dropping.
    tx: Option<mpsc::Sender<Box<dyn Job>>>,
    /// Disconnected once the thread has closed its connection. (In a mutex only to be `Sync`.)
    closed: Mutex<mpsc::Receiver<()>>,
}

impl Writer {
    /// Starts the writer thread on `conn`; `before_commit` runs in every group's transaction
    /// after its jobs, and its failure fails the group. The thread ends when the handle is
    /// dropped, after the jobs already sent.
    pub(crate) fn start(conn: Connection, before_commit: BeforeCommit) -> Self {
        let (tx, rx) = mpsc::channel::<Box<dyn Job>>();
        let (closing, closed) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("ots-sqlite-writer".into())
            .spawn(move || {
                run(&conn, &rx, before_commit);
                drop(conn);
                drop(closing);
            })
            .expect("spawning the writer thread");
        Self { tx: Some(tx), closed: Mutex::new(closed) }
    }

    /// Runs `op` in the next group transaction; resolves after that transaction committed.
    /// `op` may run twice (see the module notes); only the committed run's outcome is returned.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnMut(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let tx = self.tx.as_ref().ok_or_else(closed)?;
        tx.send(Box::new(Pending { op, outcome: None, reply })).map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

/// Closing the write connection last (the store drops its readers first) lets SQLite
/// checkpoint the WAL into the database file and delete it, so that a stopped server leaves
/// one self-contained file. The wait is bounded: a disk that hangs must not hang the exit.
impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Ok(closed) = self.closed.get_mut() {
            let _ = closed.recv_timeout(CLOSE_WAIT);
        }
    }
}

fn closed() -> StoreError {
    StoreError::Unavailable("the store is shut down".into())
}

/// Runs `job` inside a savepoint, undoing only its own changes when it fails.
fn run_in_savepoint(conn: &Connection, job: &mut dyn Job) {
    // Cached statements: on this path every job of the group pays for its savepoint.
    if let Err(e) = conn.prepare_cached("SAVEPOINT job").and_then(|mut s| s.execute([])) {
        job.fail(e);
        return;
    }
    if job.run(conn) {
        if let Err(e) = conn.prepare_cached("RELEASE job").and_then(|mut s| s.execute([])) {
            job.fail(e);
        }
    } else {
        // Undo this job only; the rest of the group still commits.
        let _ = conn.execute_batch("ROLLBACK TO job; RELEASE job");
    }
}

fn run(conn: &Connection, rx: &mpsc::Receiver<Box<dyn Job>>, before_commit: BeforeCommit) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let committed = commit_group(conn, &mut batch, before_commit);
        if let Err(e) = &committed {
            tracing::error!(error = %e, "sqlite group commit failed");
        }
        for job in batch {
            job.finish(committed.clone());
        }
    }
}

/// Why a group failed when SQLite rolled its transaction back on its own.
const ROLLED_BACK: &str = "the write failed and SQLite rolled back its whole transaction";

/// How a group's jobs are kept apart inside its transaction.
#[derive(Clone, Copy)]
enum Isolation {
    /// No savepoints: the first failing job stops the group and rolls it all back.
    None,
    /// A savepoint per job: a failing job is undone alone.
    Savepoints,
}

/// Runs and commits `batch` as one transaction: first without savepoints, then, if a job
/// failed, again with a savepoint per job.
fn commit_group(
    conn: &Connection,
    batch: &mut [Box<dyn Job>],
    before_commit: BeforeCommit,
) -> Result<(), String> {
    if try_group(conn, batch, before_commit, Isolation::None)? {
        return Ok(());
    }
    try_group(conn, batch, before_commit, Isolation::Savepoints).map(drop)
}

/// One attempt at the group's transaction. `Ok(false)`: a job failed without savepoints, and
/// the transaction was rolled back.
fn try_group(
    conn: &Connection,
    batch: &mut [Box<dyn Job>],
    before_commit: BeforeCommit,
    isolation: Isolation,
) -> Result<bool, String> {
    conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| e.to_string())?;
    for job in batch.iter_mut() {
        let ran = match isolation {
            Isolation::None => job.run(conn),
            Isolation::Savepoints => {
                run_in_savepoint(conn, job.as_mut());
                true
            }
        };
        if conn.is_autocommit() {
            // After some errors (a full disk, an I/O error) SQLite rolls the whole transaction
            // back itself. Nothing of the group stands then, and no later job may run: outside
            // a transaction its writes would commit on their own while its caller heard of a
            // failed group.
            return Err(ROLLED_BACK.into());
        }
        if !ran {
            conn.execute_batch("ROLLBACK").map_err(|e| e.to_string())?;
            return Ok(false);
        }
    }
    before_commit(conn).and_then(|()| conn.execute_batch("COMMIT")).map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        e.to_string()
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A connection like the writer's, on a file (WAL needs one), with one table.
    fn connection(dir: &tempfile::TempDir) -> Connection {
        let conn = Connection::open(dir.path().join("w.sqlite3")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY)").unwrap();
        conn
    }

    /// A job inserting `keys` one after the other, and counting its runs.
    fn inserting(
        keys: &'static [i64],
        runs: std::sync::Arc<std::sync::atomic::AtomicU32>,
    ) -> (Box<dyn Job>, oneshot::Receiver<Result<(), StoreError>>) {
        let (reply, answer) = oneshot::channel();
        let op = move |conn: &Connection| {
            runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            for k in keys {
                conn.execute("INSERT INTO t (k) VALUES (?1)", [k])?;
            }
            Ok(())
        };
        (Box::new(Pending { op, outcome: None, reply }), answer)
    }

    fn keys(conn: &Connection) -> Vec<i64> {
        let mut stmt = conn.prepare("SELECT k FROM t ORDER BY k").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    const NOTHING: BeforeCommit = |_| Ok(());

    /// Commits `batch` as the writer thread does, and tells every job how it ended.
    fn commit(
        conn: &Connection,
        batch: Vec<Box<dyn Job>>,
        before_commit: BeforeCommit,
    ) -> Result<(), String> {
        let mut batch = batch;
        let committed = commit_group(conn, &mut batch, before_commit);
        for job in batch {
            job.finish(committed.clone());
        }
        committed
    }

    #[test]
    fn a_group_without_failures_runs_each_job_once() {
        // Arrange
        let dir = tempfile::tempdir().unwrap();
        let conn = connection(&dir);
        let runs = std::sync::Arc::default();
        let (a, a_answer) = inserting(&[1, 2], std::sync::Arc::clone(&runs));
        let (b, b_answer) = inserting(&[3], std::sync::Arc::clone(&runs));
        let batch = vec![a, b];

        // Act
        let committed = commit(&conn, batch, NOTHING);

        // Assert
        assert_eq!(committed, Ok(()));
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 2);
        assert!(matches!(a_answer.blocking_recv().unwrap(), Ok(())));
        assert!(matches!(b_answer.blocking_recv().unwrap(), Ok(())));
        assert_eq!(keys(&conn), [1, 2, 3]);
    }

    /// The failing job's first insert succeeded before its second failed: that insert is
    /// undone, and the jobs before and after it in the group still commit.
    #[test]
    fn a_job_failing_halfway_is_undone_alone() {
        // Arrange: key 10 exists, so the middle job's second insert is a conflict.
        let dir = tempfile::tempdir().unwrap();
        let conn = connection(&dir);
        conn.execute("INSERT INTO t (k) VALUES (10)", []).unwrap();
        let runs = std::sync::Arc::default();
        let (before, before_answer) = inserting(&[1], std::sync::Arc::clone(&runs));
        let (failing, failing_answer) = inserting(&[5, 10], std::sync::Arc::clone(&runs));
        let (after, after_answer) = inserting(&[20], std::sync::Arc::clone(&runs));
        let batch = vec![before, failing, after];

        // Act
        let committed = commit(&conn, batch, NOTHING);

        // Assert
        assert_eq!(committed, Ok(()));
        assert!(matches!(before_answer.blocking_recv().unwrap(), Ok(())));
        assert!(matches!(failing_answer.blocking_recv().unwrap(), Err(StoreError::Conflict)));
        assert!(matches!(after_answer.blocking_recv().unwrap(), Ok(())));
        assert_eq!(keys(&conn), [1, 10, 20], "5 was inserted by the failed job and undone");
        // Without savepoints: `before` and `failing` ran, then the group again with savepoints.
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 2 + 3);
    }

    /// Whatever SQLite does on a full disk (undo the statement, or the whole transaction),
    /// each caller hears what the file holds: a key is stored exactly when its job heard Ok.
    #[test]
    fn on_a_full_disk_every_caller_hears_what_the_file_holds() {
        // Arrange: the file may not grow, and the middle job writes a large row.
        let dir = tempfile::tempdir().unwrap();
        let conn = connection(&dir);
        conn.execute_batch("CREATE TABLE big (v BLOB)").unwrap();
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        conn.pragma_update(None, "max_page_count", pages + 1).unwrap();
        let (before, before_answer) = inserting(&[1], std::sync::Arc::default());
        let (reply, failing_answer) = oneshot::channel();
        let op = |conn: &Connection| {
            conn.execute("INSERT INTO t (k) VALUES (5)", [])?;
            conn.execute("INSERT INTO big (v) VALUES (zeroblob(1000000))", []).map(drop)
        };
        let failing: Box<dyn Job> = Box::new(Pending { op, outcome: None, reply });
        let (after, after_answer) = inserting(&[20], std::sync::Arc::default());
        let batch = vec![before, failing, after];

        // Act
        // The group may commit without the failed job, or fail whole: either is right, as long
        // as every caller hears what happened.
        let _group = commit(&conn, batch, NOTHING);

        // Assert
        let stored = keys(&conn);
        let failing_heard = failing_answer.blocking_recv().unwrap();
        assert!(failing_heard.is_err(), "{failing_heard:?}");
        assert!(!stored.contains(&5), "the failed job's first insert is undone: {stored:?}");
        for (key, answer) in [(1, before_answer), (20, after_answer)] {
            let heard = answer.blocking_recv().unwrap();
            assert_eq!(stored.contains(&key), heard.is_ok(), "key {key}: heard {heard:?}");
        }
        assert!(conn.is_autocommit(), "no transaction is left open");
    }

    /// A job whose error made SQLite roll back the whole transaction (simulated: its second
    /// run, in the savepoint pass, ends the transaction itself) fails the group, and the job
    /// after it does not run: outside a transaction its insert would commit on its own while
    /// its caller heard of a failure.
    #[test]
    fn a_transaction_rolled_back_by_sqlite_fails_the_group_and_runs_nothing_after() {
        // Arrange
        let dir = tempfile::tempdir().unwrap();
        let conn = connection(&dir);
        let (before, before_answer) = inserting(&[1], std::sync::Arc::default());
        let (reply, failing_answer) = oneshot::channel();
        let mut runs = 0;
        let op = move |conn: &Connection| {
            runs += 1;
            if runs == 2 {
                conn.execute_batch("ROLLBACK")?;
            }
            conn.execute("INSERT INTO t (k) VALUES ('not a key')", []).map(drop)
        };
        let failing: Box<dyn Job> = Box::new(Pending { op, outcome: None, reply });
        let after_runs = std::sync::Arc::default();
        let (after, after_answer) = inserting(&[20], std::sync::Arc::clone(&after_runs));
        let batch = vec![before, failing, after];

        // Act
        let committed = commit(&conn, batch, NOTHING);

        // Assert
        assert_eq!(committed, Err(ROLLED_BACK.to_owned()));
        for answer in [before_answer, failing_answer, after_answer] {
            assert!(matches!(answer.blocking_recv().unwrap(), Err(StoreError::Unavailable(_))));
        }
        assert_eq!(after_runs.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(keys(&conn), Vec::<i64>::new());
        assert!(conn.is_autocommit());
    }

    #[test]
    fn a_failing_before_commit_fails_every_job_and_keeps_nothing() {
        // Arrange
        let dir = tempfile::tempdir().unwrap();
        let conn = connection(&dir);
        let (a, a_answer) = inserting(&[1], std::sync::Arc::default());
        let refuse: BeforeCommit = |conn| conn.execute_batch("INSERT INTO t (k) VALUES ('x')");

        // Act
        let committed = commit(&conn, vec![a], refuse);

        // Assert
        assert!(committed.is_err());
        assert!(matches!(a_answer.blocking_recv().unwrap(), Err(StoreError::Unavailable(_))));
        assert_eq!(keys(&conn), Vec::<i64>::new());
    }
}
