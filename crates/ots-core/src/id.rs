//! Identifiers for secrets and receipts.
//!
//! An identifier is 62 characters of lowercase base36 in two parts:
//!
//! - the first [`RANDOM_LEN`] (50) characters are drawn uniformly from the OS CSPRNG:
//!   50 × log2(36) ≈ 258 bits, over the 256 bits the design asks for. Each character is drawn by
//!   rejection sampling over random bytes, so no character is more likely than another;
//! - the last [`LOCATOR_LEN`] (12) characters carry a *locator*, masked under the server key:
//!   a number that grows with creation time, so an ordered store (SQLite) appends new records
//!   next to each other instead of scattering them over random pages. See
//!   [`crate::crypto::ServerKey::new_secret_id`]. Masked, the locator looks as random as the
//!   rest, and without the server key it says nothing, not even when the id was made.
//!
//! Identifiers never leave this module as bare strings unless asked for, and their `Debug` shows
//! only the short form, so a stray `{:?}` cannot put a full id into a log line.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::Zeroize;

/// Number of characters in every identifier.
pub const ID_LEN: usize = 62;
/// Number of characters of the short form of an identifier.
pub const SHORT_LEN: usize = 8;
/// Number of leading characters drawn at random.
pub const RANDOM_LEN: usize = 50;
/// Number of trailing characters that hold the masked locator.
pub const LOCATOR_LEN: usize = ID_LEN - RANDOM_LEN;
/// Every locator (and every locator mask) is below this bound, `2^62`, which
/// [`LOCATOR_LEN`] base36 characters can hold (`36^12 > 2^62`).
pub const LOCATOR_BOUND: u64 = 1 << 62;

const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Why a string is not an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Wrong number of characters.
    #[error("an identifier has {ID_LEN} characters")]
    Length,
    /// A character outside `[a-z0-9]`.
    #[error("an identifier has only the characters a-z and 0-9")]
    Character,
}

/// Draws `n` uniformly random base36 characters from the OS CSPRNG.
///
/// # Panics
/// Only if the operating system cannot provide randomness, which nothing can recover from.
pub fn random_base36(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    while out.len() < n {
        crate::random::fill(&mut buf);
        for &b in &buf {
            // 252 = 7 × 36: bytes at or above it would bias the low characters.
            if b < 252 && out.len() < n {
                out.push(char::from(ALPHABET[usize::from(b % 36)]));
            }
        }
    }
    buf.zeroize();
    out
}

/// The fixed-width base36 form of `value`, which must be below `36^12`.
fn encode_locator(mut value: u64, out: &mut String) {
    let mut digits = [0u8; LOCATOR_LEN];
    for d in digits.iter_mut().rev() {
        *d = ALPHABET[usize::try_from(value % 36).unwrap_or_default()];
        value /= 36;
    }
    debug_assert_eq!(value, 0, "a masked locator is below 36^12");
    out.extend(digits.iter().map(|&b| char::from(b)));
}

/// The number in the last [`LOCATOR_LEN`] characters of a validated identifier. Any 12 base36
/// characters fit: `36^12 < 2^63`.
fn decode_locator(chars: &str) -> u64 {
    chars.bytes().fold(0u64, |acc, b| {
        let digit = if b.is_ascii_digit() { b - b'0' } else { b - b'a' + 10 };
        acc * 36 + u64::from(digit)
    })
}

/// Hands out locators: strictly increasing numbers that follow the clock.
///
/// A locator is `milliseconds since the epoch × 2^16`, plus 16 random low bits, or one more than
/// the last one handed out when that is larger. So records made close in time get close
/// locators (an ordered store keeps them on the same pages), one process never repeats one, and
/// after a restart with the clock set back a collision with an older record is unlikely; a store
/// that keys by locator reports one as a conflict and the caller mints new ids.
#[derive(Debug, Default)]
pub struct Locators {
    last: AtomicU64,
}

impl Locators {
    /// The next locator, for a record created at `now_ms` (milliseconds since the epoch).
    pub fn next(&self, now_ms: u64) -> u64 {
        let jitter = u64::from(u16::from_le_bytes(crate::crypto::random_bytes()));
        let floor = (now_ms << 16 | jitter) % LOCATOR_BOUND;
        let step = |last: u64| (last + 1).max(floor) % LOCATOR_BOUND;
        let last = self
            .last
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| Some(step(last)))
            .unwrap_or_else(|last| last);
        step(last)
    }
}

fn validate(s: &str) -> Result<(), IdError> {
    if s.len() != ID_LEN {
        return Err(IdError::Length);
    }
    if !s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
        return Err(IdError::Character);
    }
    Ok(())
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// A new identifier, every character from the OS CSPRNG. Its locator is random, so an
            /// ordered store places it anywhere: servers mint ids with
            /// [`crate::crypto::ServerKey`] instead, and this is for tests and tools.
            pub fn generate() -> Self {
                Self(random_base36(ID_LEN))
            }

            /// An identifier from its random part and its masked locator (below `36^12`).
            pub(crate) fn from_parts(random: &str, masked_locator: u64) -> Self {
                debug_assert_eq!(random.len(), RANDOM_LEN);
                let mut id = String::with_capacity(ID_LEN);
                id.push_str(random);
                encode_locator(masked_locator, &mut id);
                Self(id)
            }

            /// The random part.
            pub(crate) fn random_part(&self) -> &str {
                &self.0[..RANDOM_LEN]
            }

            /// The locator as it appears in the id, still masked.
            pub(crate) fn masked_locator(&self) -> u64 {
                decode_locator(&self.0[RANDOM_LEN..])
            }

            /// Parses an identifier received from outside.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                validate(s)?;
                Ok(Self(s.to_owned()))
            }

            /// The full identifier. Callers decide where it may go; never into a log.
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// The first 8 characters, safe to log and to show.
            pub fn short(&self) -> ShortId {
                ShortId(self.0[..SHORT_LEN].to_owned())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({}…)", stringify!($name), &self.0[..SHORT_LEN])
            }
        }
    };
}

identifier!(
    /// The identifier in a recipient's link: whoever holds it may reveal the secret once.
    SecretId
);
identifier!(
    /// The identifier in a creator's private receipt link.
    ReceiptId
);

/// The first 8 characters of an identifier: shown to users and written to logs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShortId(String);

impl ShortId {
    /// The short id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The short id of any key a caller sent, valid or not: its first 8 characters.
    /// Used only for logging what a request was about.
    pub fn of_untrusted(s: &str) -> Self {
        Self(s.chars().take(SHORT_LEN).collect())
    }
}

impl fmt::Display for ShortId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ShortId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShortId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_62_lowercase_base36_characters() {
        let id = SecretId::generate();
        assert_eq!(id.expose().len(), ID_LEN);
        assert!(SecretId::parse(id.expose()).is_ok());
    }

    #[test]
    fn generated_ids_differ() {
        assert_ne!(ReceiptId::generate(), ReceiptId::generate());
    }

    #[test]
    fn every_character_of_the_alphabet_appears() {
        let all: String = (0..50).map(|_| random_base36(62)).collect();
        for c in ALPHABET {
            assert!(all.as_bytes().contains(c), "{} never drawn", char::from(*c));
        }
    }

    #[test]
    fn parse_rejects_wrong_length_and_characters() {
        assert_eq!(SecretId::parse("abc"), Err(IdError::Length));
        let upper = "A".repeat(ID_LEN);
        assert_eq!(SecretId::parse(&upper), Err(IdError::Character));
        let odd = format!("{}/", "a".repeat(ID_LEN - 1));
        assert_eq!(SecretId::parse(&odd), Err(IdError::Character));
    }

    #[test]
    fn a_locator_survives_the_round_trip_through_an_id() {
        for value in [0, 1, 35, 36, LOCATOR_BOUND - 1, 36u64.pow(12) - 1] {
            let random = random_base36(RANDOM_LEN);
            let id = SecretId::from_parts(&random, value);
            assert_eq!(id.expose().len(), ID_LEN);
            assert!(SecretId::parse(id.expose()).is_ok());
            assert_eq!(id.random_part(), random);
            assert_eq!(id.masked_locator(), value);
        }
    }

    #[test]
    fn locators_strictly_increase_and_follow_the_clock() {
        let locators = Locators::default();
        let first = locators.next(1_750_000_000_000);
        let same_ms: Vec<u64> = (0..1000).map(|_| locators.next(1_750_000_000_000)).collect();
        let later = locators.next(1_750_000_060_000);
        let earlier = locators.next(1_700_000_000_000);

        assert!(same_ms.windows(2).all(|w| w[0] < w[1]));
        assert!(first < same_ms[0]);
        assert!(first >> 16 == 1_750_000_000_000);
        assert!(later >> 16 == 1_750_000_060_000);
        assert!(earlier > later, "a clock set back never repeats a locator");
        assert!(earlier < LOCATOR_BOUND);
    }

    #[test]
    fn debug_shows_only_the_short_form() {
        let id = SecretId::generate();
        let shown = format!("{id:?}");
        assert!(!shown.contains(id.expose()));
        assert!(shown.contains(id.short().as_str()));
    }
}
