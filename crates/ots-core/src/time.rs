//! Time as the domain sees it: whole seconds since the Unix epoch, passed in by the caller.

use std::ops::{Add, Sub};

/// Seconds since the Unix epoch (UTC). The domain never reads a clock; callers pass `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds since the epoch.
    pub fn secs(self) -> i64 {
        self.0
    }

    /// Seconds from `self` until `later`, never negative.
    pub fn until(self, later: Timestamp) -> u64 {
        u64::try_from(later.0 - self.0).unwrap_or(0)
    }
}

impl Add<u64> for Timestamp {
    type Output = Timestamp;
    fn add(self, secs: u64) -> Timestamp {
        Timestamp(self.0.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX)))
    }
}

impl Sub<u64> for Timestamp {
    type Output = Timestamp;
    fn sub(self, secs: u64) -> Timestamp {
        Timestamp(self.0.saturating_sub(i64::try_from(secs).unwrap_or(i64::MAX)))
    }
}
