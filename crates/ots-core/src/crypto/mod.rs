//! What the store holds instead of plaintext, and how the server key turns ids into it.
//!
//! A copy of the store alone must reveal no value, passphrase, link or token (DESIGN §3, P1);
//! a copy plus the server key must still reveal no guest secret's value (P2). Three mechanisms
//! give that:
//!
//! - **Storage index** ([`IndexKey`]): records are stored under `HMAC-SHA256(index key, id)`,
//!   never under the id, so the store cannot be read back into links.
//! - **Sealing** ([`ServerKey::seal_value`]): a value is encrypted with XChaCha20-Poly1305 under
//!   a key derived by HKDF-SHA256 from the server key *and the secret's id* (which the store does
//!   not hold), plus Argon2id of the passphrase when there is one ([`kdf`]). The AEAD's associated
//!   data is the record's index, so a sealed value moved to another record fails to open.
//! - **Receipts** hold their secret's id sealed under a key derived from the *receipt's* id, so
//!   only the receipt holder can recover the recipient link.
//!
//! Key rotation: a [`Keyring`] has the current key and any retired ones. New records use the
//! current key; a lookup tries the index under each key in turn, and the key whose index found a
//! record is the one that opens it, so records need no key tag.

mod index;
pub mod kdf;
pub mod password;
mod seal;

use std::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

pub use index::IndexKey;
pub use kdf::{KdfParams, PassphraseKey};
pub use password::{hash_password, verify_password};

/// Shortest configured server secret accepted, in bytes.
pub const MIN_SERVER_SECRET_LEN: usize = 32;

/// Why a crypto operation failed. Never carries secret material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The configured server secret is too short to be a key.
    #[error("the server secret must be at least {MIN_SERVER_SECRET_LEN} characters")]
    WeakServerSecret,
    /// The sealed bytes did not open: wrong key, wrong passphrase, or tampered data.
    #[error("sealed data did not open")]
    Open,
    /// The passphrase KDF parameters stored with a record are unusable.
    #[error("unusable key-derivation parameters")]
    KdfParams,
}

/// One server key with its derived sub-keys. `Debug` shows only a fingerprint.
#[derive(Clone)]
pub struct ServerKey {
    /// HMAC-SHA256 keyed with the index key, its key block already hashed: every storage
    /// index clones it rather than hashing the key again (two of a short HMAC's four blocks).
    index_mac: Hmac<Sha256>,
    seal: Zeroizing<[u8; 32]>,
    fingerprint: [u8; 4],
}

impl ServerKey {
    /// Derives a server key from the configured secret (`OTS_SECRET` or the generated key file).
    pub fn from_secret(secret: &str) -> Result<Self, CryptoError> {
        if secret.len() < MIN_SERVER_SECRET_LEN {
            return Err(CryptoError::WeakServerSecret);
        }
        let hk = Hkdf::<Sha256>::new(Some(b"ots/server-key/v1"), secret.as_bytes());
        let mut index = Zeroizing::new([0u8; 32]);
        let mut seal = Zeroizing::new([0u8; 32]);
        hk.expand(b"ots/index/v1", index.as_mut()).expect("32 bytes is a valid HKDF length");
        hk.expand(b"ots/seal/v1", seal.as_mut()).expect("32 bytes is a valid HKDF length");
        let digest = Sha256::digest(index.as_ref());
        let mut fingerprint = [0u8; 4];
        fingerprint.copy_from_slice(&digest[..4]);
        let index_mac =
            Hmac::<Sha256>::new_from_slice(index.as_ref()).expect("HMAC accepts any key length");
        Ok(Self { index_mac, seal, fingerprint })
    }

    /// A short, non-secret name for this key, for logs and `ots config`.
    pub fn fingerprint(&self) -> String {
        hex(&self.fingerprint)
    }
}

impl fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerKey({})", self.fingerprint())
    }
}

/// The current server key and the retired ones still accepted for reading.
#[derive(Debug, Clone)]
pub struct Keyring {
    keys: Vec<ServerKey>,
}

impl Keyring {
    /// A keyring that writes with `current` and also reads with `retired`.
    pub fn new(current: ServerKey, retired: Vec<ServerKey>) -> Self {
        let mut keys = vec![current];
        keys.extend(retired);
        Self { keys }
    }

    /// The key new records are written with.
    pub fn current(&self) -> &ServerKey {
        &self.keys[0]
    }

    /// Every key, current first: the order lookups try them in.
    pub fn all(&self) -> &[ServerKey] {
        &self.keys
    }
}

/// The SHA-256 digest of an API token: what the store keeps instead of the token.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Compares two digests in constant time.
pub fn digests_match(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.ct_eq(b).into()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Fills a fresh buffer from the OS CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    crate::random::bytes()
}

/// Derives a 32-byte AEAD key with HKDF-SHA256 and wipes intermediate material.
fn derive_key(ikm: &[&[u8]], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut input = Zeroizing::new(Vec::new());
    for part in ikm {
        input.extend_from_slice(part);
    }
    let hk = Hkdf::<Sha256>::new(Some(salt), &input);
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(info, out.as_mut()).expect("32 bytes is a valid HKDF length");
    input.zeroize();
    out
}
