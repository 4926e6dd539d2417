//! How long a secret lives: the policy a requested TTL is clamped to.
//!
//! A request may ask for any lifetime; the policy raises it to the floor, lowers it to the
//! ceiling for the kind of caller, and uses the default when none was asked for. The effective
//! TTL is what the API reports back, so a client always learns what it got.

/// A secret's lifetime in seconds, after the policy was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ttl(u64);

impl Ttl {
    /// Seconds.
    pub fn secs(self) -> u64 {
        self.0
    }

    /// The receipt outlives its secret so the creator can see the outcome: twice the TTL.
    pub fn receipt(self) -> u64 {
        self.0.saturating_mul(2)
    }
}

/// Default, floor and ceilings for secret lifetimes, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TtlPolicy {
    /// Used when a request names no TTL.
    pub default: u64,
    /// Shortest lifetime; shorter requests are raised to it.
    pub floor: u64,
    /// Longest lifetime for anonymous callers.
    pub max_anonymous: u64,
    /// Longest lifetime for signed-in callers.
    pub max_account: u64,
}

const DAY: u64 = 86_400;

impl Default for TtlPolicy {
    fn default() -> Self {
        Self { default: 7 * DAY, floor: 60, max_anonymous: 7 * DAY, max_account: 30 * DAY }
    }
}

impl TtlPolicy {
    /// The effective TTL for a request: `None` means "the default". The default itself is
    /// clamped too, so a policy whose default exceeds a ceiling still yields a valid TTL.
    pub fn clamp(&self, requested: Option<u64>, signed_in: bool) -> Ttl {
        let ceiling = if signed_in { self.max_account } else { self.max_anonymous };
        let wanted = requested.unwrap_or(self.default);
        Ttl(wanted.min(ceiling).max(self.floor))
    }

    /// Checks the policy is coherent (floor ≤ ceilings). Returns the reason when it is not.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.floor == 0 {
            return Err("the TTL floor must be at least one second");
        }
        if self.floor > self.max_anonymous || self.floor > self.max_account {
            return Err("the TTL floor must not exceed the TTL ceilings");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_request_means_the_default() {
        assert_eq!(TtlPolicy::default().clamp(None, false).secs(), 7 * DAY);
    }

    #[test]
    fn short_requests_are_raised_to_the_floor() {
        assert_eq!(TtlPolicy::default().clamp(Some(1), false).secs(), 60);
        assert_eq!(TtlPolicy::default().clamp(Some(0), true).secs(), 60);
    }

    #[test]
    fn long_requests_are_clamped_to_the_callers_ceiling() {
        let p = TtlPolicy::default();
        assert_eq!(p.clamp(Some(365 * DAY), false).secs(), 7 * DAY);
        assert_eq!(p.clamp(Some(365 * DAY), true).secs(), 30 * DAY);
        assert_eq!(p.clamp(Some(u64::MAX), true).secs(), 30 * DAY);
    }

    #[test]
    fn requests_inside_the_bounds_are_kept() {
        assert_eq!(TtlPolicy::default().clamp(Some(3600), false).secs(), 3600);
    }

    #[test]
    fn the_receipt_lives_twice_as_long() {
        assert_eq!(TtlPolicy::default().clamp(Some(3600), false).receipt(), 7200);
    }

    #[test]
    fn a_floor_above_a_ceiling_is_refused() {
        let p = TtlPolicy { floor: 10 * DAY, ..TtlPolicy::default() };
        assert!(p.validate().is_err());
    }
}
