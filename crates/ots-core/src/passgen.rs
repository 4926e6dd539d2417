//! The password generator behind "generate a password instead".
//!
//! Characters come from the chosen sets, each drawn uniformly from the OS CSPRNG by rejection
//! sampling. At least one character of every chosen set appears: the first characters are one
//! from each set, the rest from the union, and the whole is shuffled (Fisher–Yates) so the
//! guaranteed ones sit anywhere. Ambiguous characters (`i l o 1 I O 0`) are left out on request.

use zeroize::Zeroizing;

/// Default length of a generated password.
pub const DEFAULT_LENGTH: usize = 12;
/// Longest password the generator makes.
pub const MAX_LENGTH: usize = 128;

const AMBIGUOUS: &str = "ilo1IO0";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const SYMBOLS: &str = "!@#$%^&*()-_=+[]{};:,.<>?/~";

/// Which characters a generated password uses. Every set is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // these are the upstream API's independent switches
pub struct CharacterSets {
    /// `A-Z`
    pub uppercase: bool,
    /// `a-z`
    pub lowercase: bool,
    /// `0-9`
    pub numbers: bool,
    /// Punctuation.
    pub symbols: bool,
    /// Leave out characters that are easy to confuse: `i l o 1 I O 0`.
    pub exclude_ambiguous: bool,
}

impl Default for CharacterSets {
    fn default() -> Self {
        Self {
            uppercase: true,
            lowercase: true,
            numbers: true,
            symbols: true,
            exclude_ambiguous: true,
        }
    }
}

/// Why a password could not be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassgenError {
    /// The length is outside `1..=MAX_LENGTH`, or shorter than the number of chosen sets.
    #[error("length must be between {min} and {MAX_LENGTH}")]
    Length {
        /// The shortest length possible with the chosen sets.
        min: usize,
    },
    /// No character set was chosen.
    #[error("choose at least one character set")]
    NoCharacterSet,
}

impl CharacterSets {
    fn chosen(self) -> Vec<Vec<char>> {
        let keep = |c: &char| !(self.exclude_ambiguous && AMBIGUOUS.contains(*c));
        [
            (self.uppercase, UPPER),
            (self.lowercase, LOWER),
            (self.numbers, DIGITS),
            (self.symbols, SYMBOLS),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, set)| set.chars().filter(keep).collect())
        .collect()
    }
}

/// Draws a uniform index below `n` (`n ≤ 256`) from the OS CSPRNG.
fn uniform_below(n: usize) -> usize {
    debug_assert!(n > 0 && n <= 256);
    let limit = 256 - 256 % n; // bytes at or above `limit` would bias the result
    loop {
        let b: [u8; 1] = crate::random::bytes();
        if usize::from(b[0]) < limit {
            return usize::from(b[0]) % n;
        }
    }
}

/// Generates a password of `length` characters from `sets`.
pub fn generate(length: usize, sets: CharacterSets) -> Result<Zeroizing<String>, PassgenError> {
    let chosen = sets.chosen();
    if chosen.is_empty() {
        return Err(PassgenError::NoCharacterSet);
    }
    if length < chosen.len() || length > MAX_LENGTH {
        return Err(PassgenError::Length { min: chosen.len() });
    }
    let union: Vec<char> = chosen.iter().flatten().copied().collect();
    let mut chars: Zeroizing<Vec<char>> = Zeroizing::new(Vec::with_capacity(length));
    for set in &chosen {
        chars.push(set[uniform_below(set.len())]);
    }
    while chars.len() < length {
        chars.push(union[uniform_below(union.len())]);
    }
    for i in (1..chars.len()).rev() {
        chars.swap(i, uniform_below(i + 1));
    }
    Ok(Zeroizing::new(chars.iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_password_has_every_set_and_no_ambiguous_character() {
        for _ in 0..200 {
            let p = generate(DEFAULT_LENGTH, CharacterSets::default()).unwrap();
            assert_eq!(p.chars().count(), DEFAULT_LENGTH);
            assert!(p.chars().any(|c| c.is_ascii_uppercase()));
            assert!(p.chars().any(|c| c.is_ascii_lowercase()));
            assert!(p.chars().any(|c| c.is_ascii_digit()));
            assert!(p.chars().any(|c| SYMBOLS.contains(c)));
            assert!(!p.chars().any(|c| AMBIGUOUS.contains(c)), "{}", p.as_str());
        }
    }

    #[test]
    fn only_the_chosen_sets_are_used() {
        let sets = CharacterSets {
            uppercase: false,
            lowercase: false,
            numbers: true,
            symbols: false,
            exclude_ambiguous: false,
        };
        let p = generate(40, sets).unwrap();
        assert!(p.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn ambiguous_characters_stay_when_not_excluded() {
        let sets = CharacterSets { exclude_ambiguous: false, ..CharacterSets::default() };
        let all: String =
            (0..100).map(|_| generate(MAX_LENGTH, sets).unwrap().to_string()).collect();
        assert!(all.chars().any(|c| AMBIGUOUS.contains(c)));
    }

    #[test]
    fn lengths_outside_the_bounds_are_refused() {
        assert!(generate(MAX_LENGTH + 1, CharacterSets::default()).is_err());
        assert!(generate(0, CharacterSets::default()).is_err());
        assert!(generate(3, CharacterSets::default()).is_err());
        assert!(generate(MAX_LENGTH, CharacterSets::default()).is_ok());
    }

    #[test]
    fn no_set_is_refused() {
        let none = CharacterSets {
            uppercase: false,
            lowercase: false,
            numbers: false,
            symbols: false,
            exclude_ambiguous: true,
        };
        assert_eq!(generate(12, none), Err(PassgenError::NoCharacterSet));
    }
}
