//! Account passwords for web sign-in: Argon2id hashes in the PHC string format.
//!
//! A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH`) carries its own parameters and
//! salt, so parameters can be raised for new passwords without breaking old ones, exactly like
//! the passphrase KDF of a secret ([`super::kdf`]). Both functions are slow on purpose
//! (~19 MiB, tens of milliseconds): callers run them on a bounded blocking pool.
//!
//! [`verify_password`] against [`DUMMY_HASH`] costs the same as against a real hash, so a
//! sign-in for an e-mail without an account takes as long as one with a wrong password.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::CryptoError;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest accepted password, in characters (Argon2 takes any length; this bounds the work).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A well-formed hash of a password nobody knows, verified against when there is no account,
/// so that case costs one full Argon2id run too.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$b3RzLWR1bW15LXNhbHQ$\
    J7Y8tKEm7J0pGgTi8ICCgnQ0ALqJHn2mPYuD4FQ3jpo";

fn argon2() -> Argon2<'static> {
    // OWASP's minimum for Argon2id, as for passphrases: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether `password` may be chosen: 8 to 256 characters.
pub fn check_password_rules(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err("The password must be at least 8 characters");
    }
    if n > MAX_PASSWORD_CHARS {
        return Err("The password must be at most 256 characters");
    }
    Ok(())
}

/// Hashes a password with Argon2id and a fresh random salt; returns the PHC string to store.
pub fn hash_password(password: &str) -> Result<String, CryptoError> {
    let salt_bytes: [u8; 16] = super::random_bytes();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| CryptoError::KdfParams)?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| CryptoError::KdfParams)
}

/// Whether `password` matches the stored PHC string. A malformed hash matches nothing. Long
/// attempts are cut at four times the longest allowed password, bounding the work.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let bounded: String = password.chars().take(MAX_PASSWORD_CHARS * 4).collect();
    argon2().verify_password(bounded.as_bytes(), &parsed).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_another_does_not() {
        let phc = hash_password("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!phc.contains("correct horse"));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("correct horsf", &phc));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_their_salt() {
        assert_ne!(
            hash_password("same password").unwrap(),
            hash_password("same password").unwrap()
        );
    }

    #[test]
    fn the_dummy_hash_is_well_formed_and_matches_nothing_likely() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password("password", DUMMY_HASH));
        assert!(!verify_password("anything", "not a phc string"));
    }

    #[test]
    fn password_rules_bound_the_length() {
        assert!(check_password_rules("short").is_err());
        assert!(check_password_rules("long enough").is_ok());
        assert!(check_password_rules(&"x".repeat(257)).is_err());
    }
}
