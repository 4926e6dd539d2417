//! Identifiers for secrets and receipts.
//!
//! An identifier is 62 characters of lowercase base36 drawn uniformly from the OS CSPRNG:
//! 62 × log2(36) ≈ 320 bits, comfortably over the 256 bits the design asks for. Each character
//! is drawn by rejection sampling over random bytes, so no character is more likely than another.
//! Identifiers never leave this module as bare strings unless asked for, and their `Debug` shows
//! only the short form, so a stray `{:?}` cannot put a full id into a log line.

use std::fmt;

use zeroize::Zeroize;

/// Number of characters in every identifier.
pub const ID_LEN: usize = 62;
/// Number of characters of the short form of an identifier.
pub const SHORT_LEN: usize = 8;

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
        getrandom::fill(&mut buf).expect("the OS random number generator failed");
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
            /// A new identifier from the OS CSPRNG.
            pub fn generate() -> Self {
                Self(random_base36(ID_LEN))
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
    fn debug_shows_only_the_short_form() {
        let id = SecretId::generate();
        let shown = format!("{id:?}");
        assert!(!shown.contains(id.expose()));
        assert!(shown.contains(id.short().as_str()));
    }
}
