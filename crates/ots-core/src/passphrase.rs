//! The passphrase that may guard a secret's reveal.

use std::fmt;

use zeroize::Zeroizing;

/// Shortest accepted passphrase, in characters.
pub const MIN_CHARS: usize = 4;
/// Longest accepted passphrase, in characters.
pub const MAX_CHARS: usize = 128;

/// A passphrase a creator chose: 4–128 characters. Zeroed on drop; `Debug` never shows it.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

/// Why a passphrase was refused at creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    /// Fewer than 4 characters.
    #[error("the passphrase must be at least {MIN_CHARS} characters")]
    TooShort,
    /// More than 128 characters.
    #[error("the passphrase must be at most {MAX_CHARS} characters")]
    TooLong,
}

impl Passphrase {
    /// Validates a passphrase chosen at creation.
    pub fn new(s: &str) -> Result<Self, PassphraseError> {
        let n = s.chars().count();
        if n < MIN_CHARS {
            return Err(PassphraseError::TooShort);
        }
        if n > MAX_CHARS {
            return Err(PassphraseError::TooLong);
        }
        Ok(Self(Zeroizing::new(s.to_owned())))
    }

    /// A passphrase offered at reveal: not validated for length, since a wrong one is simply
    /// wrong, but bounded so an attacker cannot make the KDF hash megabytes.
    pub fn attempt(s: &str) -> Self {
        let bounded: String = s.chars().take(MAX_CHARS * 4).collect();
        Self(Zeroizing::new(bounded))
    }

    /// The bytes fed to the KDF.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_are_in_characters() {
        assert_eq!(Passphrase::new("abc").err(), Some(PassphraseError::TooShort));
        assert!(Passphrase::new("abcd").is_ok());
        assert!(Passphrase::new(&"é".repeat(128)).is_ok());
        assert_eq!(Passphrase::new(&"a".repeat(129)).err(), Some(PassphraseError::TooLong));
    }

    #[test]
    fn debug_hides_the_value() {
        let p = Passphrase::new("correct horse").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
