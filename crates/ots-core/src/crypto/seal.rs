//! Sealing and opening: XChaCha20-Poly1305 under per-record keys derived with HKDF-SHA256.
//!
//! Sealed format: `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext+tag`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::{CryptoError, IndexKey, PassphraseKey, ServerKey, derive_key, random_bytes};
use crate::id::{ReceiptId, SecretId};

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

fn seal(key: &[u8; 32], aad: &IndexKey, plaintext: &[u8], nonce: [u8; NONCE_LEN]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.mac() })
        .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

fn open(key: &[u8; 32], aad: &IndexKey, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if sealed.len() < 1 + NONCE_LEN || sealed[0] != VERSION {
        return Err(CryptoError::Open);
    }
    let (nonce, ct) = sealed[1..].split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: aad.mac() })
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Open)
}

impl ServerKey {
    fn value_key(&self, id: &SecretId, passphrase: Option<&PassphraseKey>) -> Zeroizing<[u8; 32]> {
        match passphrase {
            None => derive_key(&[self.seal.as_ref()], id.expose().as_bytes(), b"ots/value/v1"),
            Some(pk) => derive_key(
                &[self.seal.as_ref(), pk.0.as_ref()],
                id.expose().as_bytes(),
                b"ots/value+passphrase/v1",
            ),
        }
    }

    /// Seals a secret's value for the record at `index`.
    pub fn seal_value(
        &self,
        id: &SecretId,
        index: &IndexKey,
        value: &[u8],
        passphrase: Option<&PassphraseKey>,
    ) -> Vec<u8> {
        self.seal_value_with_nonce(id, index, value, passphrase, random_bytes())
    }

    /// [`Self::seal_value`] with a chosen nonce: only for known-answer tests.
    #[doc(hidden)]
    pub fn seal_value_with_nonce(
        &self,
        id: &SecretId,
        index: &IndexKey,
        value: &[u8],
        passphrase: Option<&PassphraseKey>,
        nonce: [u8; NONCE_LEN],
    ) -> Vec<u8> {
        seal(&self.value_key(id, passphrase), index, value, nonce)
    }

    /// Opens a secret's value. A wrong passphrase fails here, on the AEAD tag.
    pub fn open_value(
        &self,
        id: &SecretId,
        index: &IndexKey,
        sealed: &[u8],
        passphrase: Option<&PassphraseKey>,
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        open(&self.value_key(id, passphrase), index, sealed)
    }

    fn link_key(&self, receipt: &ReceiptId) -> Zeroizing<[u8; 32]> {
        derive_key(&[self.seal.as_ref()], receipt.expose().as_bytes(), b"ots/receipt-link/v1")
    }

    /// Seals what only the receipt holder may read (the secret's id) into the receipt.
    pub fn seal_for_receipt(&self, receipt: &ReceiptId, index: &IndexKey, data: &[u8]) -> Vec<u8> {
        seal(&self.link_key(receipt), index, data, random_bytes())
    }

    /// Opens what [`Self::seal_for_receipt`] sealed.
    pub fn open_for_receipt(
        &self,
        receipt: &ReceiptId,
        index: &IndexKey,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        open(&self.link_key(receipt), index, sealed)
    }

    fn owner_key(&self) -> Zeroizing<[u8; 32]> {
        derive_key(&[self.seal.as_ref()], b"", b"ots/owned-receipt-id/v1")
    }

    /// Seals an account-owned receipt's id under the server key alone, so the owner's list of
    /// recent receipts can be shown. The one thing a store copy plus the server key reveals.
    pub fn seal_owned_receipt_id(&self, index: &IndexKey, receipt: &ReceiptId) -> Vec<u8> {
        seal(&self.owner_key(), index, receipt.expose().as_bytes(), random_bytes())
    }

    /// Opens what [`Self::seal_owned_receipt_id`] sealed.
    pub fn open_owned_receipt_id(
        &self,
        index: &IndexKey,
        sealed: &[u8],
    ) -> Result<ReceiptId, CryptoError> {
        let bytes = open(&self.owner_key(), index, sealed)?;
        let s = std::str::from_utf8(&bytes).map_err(|_| CryptoError::Open)?;
        ReceiptId::parse(s).map_err(|_| CryptoError::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::KdfParams;
    use crate::passphrase::Passphrase;

    fn key() -> ServerKey {
        ServerKey::from_secret("0123456789abcdef0123456789abcdef").unwrap()
    }

    fn cheap_params() -> KdfParams {
        KdfParams { m_cost: 64, t_cost: 1, p_cost: 1, salt: [7; 16] }
    }

    #[test]
    fn a_sealed_value_opens_with_the_same_id_and_index() {
        let (k, id) = (key(), SecretId::generate());
        let idx = k.secret_index(&id);
        let sealed = k.seal_value(&id, &idx, b"hunter2", None);
        assert_eq!(k.open_value(&id, &idx, &sealed, None).unwrap().as_slice(), b"hunter2");
    }

    #[test]
    fn a_sealed_value_does_not_open_under_another_id_index_or_key() {
        let (k, id) = (key(), SecretId::generate());
        let idx = k.secret_index(&id);
        let sealed = k.seal_value(&id, &idx, b"hunter2", None);
        let other = SecretId::generate();
        assert!(k.open_value(&other, &idx, &sealed, None).is_err());
        assert!(k.open_value(&id, &k.secret_index(&other), &sealed, None).is_err());
        let k2 = ServerKey::from_secret("another key that is long enough!!").unwrap();
        assert!(k2.open_value(&id, &idx, &sealed, None).is_err());
    }

    #[test]
    fn a_wrong_passphrase_does_not_open() {
        let (k, id) = (key(), SecretId::generate());
        let idx = k.secret_index(&id);
        let params = cheap_params();
        let right = params.derive(&Passphrase::new("right one").unwrap()).unwrap();
        let wrong = params.derive(&Passphrase::attempt("wrong one")).unwrap();
        let sealed = k.seal_value(&id, &idx, b"v", Some(&right));
        assert!(k.open_value(&id, &idx, &sealed, Some(&wrong)).is_err());
        assert!(k.open_value(&id, &idx, &sealed, None).is_err());
        assert!(k.open_value(&id, &idx, &sealed, Some(&right)).is_ok());
    }

    #[test]
    fn tampered_bytes_do_not_open() {
        let (k, id) = (key(), SecretId::generate());
        let idx = k.secret_index(&id);
        let mut sealed = k.seal_value(&id, &idx, b"hunter2", None);
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(k.open_value(&id, &idx, &sealed, None), Err(CryptoError::Open));
        assert_eq!(k.open_value(&id, &idx, &[1, 2], None), Err(CryptoError::Open));
    }

    #[test]
    fn receipt_links_open_only_with_the_receipt_id() {
        let k = key();
        let (r, s) = (ReceiptId::generate(), SecretId::generate());
        let idx = k.receipt_index(&r);
        let sealed = k.seal_for_receipt(&r, &idx, s.expose().as_bytes());
        assert_eq!(
            k.open_for_receipt(&r, &idx, &sealed).unwrap().as_slice(),
            s.expose().as_bytes()
        );
        assert!(k.open_for_receipt(&ReceiptId::generate(), &idx, &sealed).is_err());
    }

    #[test]
    fn owned_receipt_ids_open_with_the_server_key() {
        let k = key();
        let r = ReceiptId::generate();
        let idx = k.receipt_index(&r);
        let sealed = k.seal_owned_receipt_id(&idx, &r);
        assert_eq!(k.open_owned_receipt_id(&idx, &sealed).unwrap(), r);
    }

    #[test]
    fn short_server_secrets_are_refused() {
        assert_eq!(ServerKey::from_secret("short").err(), Some(CryptoError::WeakServerSecret));
    }
}
