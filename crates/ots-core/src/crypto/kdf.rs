//! Argon2id of a passphrase: the slow half of a passphrase-protected secret's key.
//!
//! The parameters are stored with each record, so they can be raised for new secrets without
//! breaking old ones. Callers run [`KdfParams::derive`] on a bounded blocking pool: it costs
//! about 19 MiB and tens of milliseconds by design.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::{CryptoError, random_bytes};
use crate::passphrase::Passphrase;

/// Argon2id parameters and salt of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost: u32,
    /// Iterations.
    pub t_cost: u32,
    /// Parallelism.
    pub p_cost: u32,
    /// Per-secret random salt.
    pub salt: [u8; 16],
}

/// The 32-byte output of Argon2id for one passphrase and record. Zeroed on drop.
pub struct PassphraseKey(pub(crate) Zeroizing<[u8; 32]>);

impl std::fmt::Debug for PassphraseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassphraseKey(***)")
    }
}

impl KdfParams {
    /// OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1, with a fresh salt.
    pub fn recommended() -> Self {
        Self { m_cost: 19 * 1024, t_cost: 2, p_cost: 1, salt: random_bytes() }
    }

    /// Runs Argon2id. Slow on purpose: call it off the async workers.
    pub fn derive(&self, passphrase: &Passphrase) -> Result<PassphraseKey, CryptoError> {
        let params = Params::new(self.m_cost, self.t_cost, self.p_cost, Some(32))
            .map_err(|_| CryptoError::KdfParams)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.as_bytes(), &self.salt, out.as_mut())
            .map_err(|_| CryptoError::KdfParams)?;
        Ok(PassphraseKey(out))
    }
}
