//! Where the sweeper finds expired records, without an index on expiry.
//!
//! An index on `expires` took an insert into one more B-tree for every secret and every receipt,
//! and a page write per index per group commit: about a tenth of the create and reveal
//! throughput. Instead, for each table and each minute in which records expire, `sweep_ranges`
//! keeps the range of locators (rowids) that holds them. Records made close in time have close
//! locators, so a minute's range is narrow; the sweeper deletes, within a past minute's range,
//! every row whose `expires` has passed, then the range.
//!
//! Create jobs note their records here, in memory, on the writer thread; the writer writes the
//! group's notes as one upsert per (table, minute) just before the group commits, in the same
//! transaction: one or two small writes per group rather than one per record. A note of a job
//! that was rolled back only widens a range, which costs the sweeper a little reading.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rusqlite::{Connection, params};

/// The tables swept by locator range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Table {
    Secrets = 0,
    Receipts = 1,
}

impl Table {
    pub(super) fn from_code(code: i64) -> Option<Self> {
        match code {
            0 => Some(Self::Secrets),
            1 => Some(Self::Receipts),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Secrets => "secrets",
            Self::Receipts => "receipts",
        }
    }
}

/// The minute a record expiring at `expires` belongs to.
pub(super) fn minute(expires: i64) -> i64 {
    expires.div_euclid(60)
}

thread_local! {
    /// The current group's ranges, by (table, minute): (lowest, highest) locator.
    static PENDING: RefCell<BTreeMap<(Table, i64), (i64, i64)>> = const { RefCell::new(BTreeMap::new()) };
}

/// Notes a record of `table` at locator `loc`, expiring at `expires`. Writer thread only.
pub(super) fn note(table: Table, expires: i64, loc: i64) {
    PENDING.with_borrow_mut(|pending| {
        let range = pending.entry((table, minute(expires))).or_insert((loc, loc));
        range.0 = range.0.min(loc);
        range.1 = range.1.max(loc);
    });
}

/// Writes the group's notes; the writer calls it just before each commit.
pub(super) fn flush(conn: &Connection) -> rusqlite::Result<()> {
    let pending = PENDING.with_borrow_mut(std::mem::take);
    if pending.is_empty() {
        return Ok(());
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO sweep_ranges (tbl, minute, lo, hi) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (tbl, minute) DO UPDATE SET lo = min(lo, excluded.lo), \
         hi = max(hi, excluded.hi)",
    )?;
    for ((table, minute), (lo, hi)) in pending {
        upsert.execute(params![table as i64, minute, lo, hi])?;
    }
    Ok(())
}
