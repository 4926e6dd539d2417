//! Known-answer vectors: the exact bytes the crypto produces for fixed inputs.
//!
//! Stored records outlive releases, so these formats may never change by accident: a change to
//! key derivation, index labels, the sealed layout or the Argon2id call fails here. A deliberate
//! change needs a new format version (and a migration story), not new numbers in this file.
//!
//! The expected values were computed once with this crate and cross-checked with an independent
//! implementation (Python: `hmac`/`hashlib` HKDF-SHA256 and HMAC-SHA256, `int(…, 36)` for the
//! locator, `cryptography`'s
//! `ChaCha20Poly1305` with `HChaCha20` for the X variant, and `argon2-cffi` for Argon2id).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ots_core::crypto::{KdfParams, PassphraseKey, ServerKey, token_digest};
use ots_core::{Passphrase, ReceiptId, SecretId};

const SERVER_SECRET: &str = "ots known-answer vectors: a fixed server secret, v1";
const SECRET_ID: &str = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop";
const RECEIPT_ID: &str = "zyxwvutsrqponmlkjihgfedcba9876543210zyxwvutsrqponmlkjihgfedcba";
const CLIENT: &str = "203.0.113.7";
const TOKEN: &str = "ots-kat-token";
const PLAINTEXT: &[u8] = b"correct horse battery staple";
const PASSPHRASE: &str = "open sesame";
const SALT: [u8; 16] = *b"ots-kat-salt-v1!";

const SECRET_INDEX: &str = "565168e2fca49cde6d0e0a5d15ae28553d266224dd5eb7ae42f195e54bcfa843";
const RECEIPT_INDEX: &str = "ac001a8ba361809ed6bb04b86810839d9e75caf270cb033bb3f88702aa776777";
/// The locators the last 12 characters of [`SECRET_ID`] and [`RECEIPT_ID`] carry under the key.
const SECRET_LOCATOR: u64 = 445_487_995_847_445_609;
const RECEIPT_LOCATOR: u64 = 3_516_958_388_138_096_722;
const CLIENT_INDEX: &str = "6e20ec526936324360f9dda24906c18cd4d6b41ee8ee5ed908ac942a06b3be50";
const FINGERPRINT: &str = "f6d49b24";
const TOKEN_DIGEST: &str = "c45472103c6ac28420a9bc865a23725c56ff4cf05fcf53624ab339c28bb48c6e";

/// `version 01 ‖ nonce 00..17 ‖ ciphertext+tag` of [`PLAINTEXT`], no passphrase.
const SEALED_PLAIN: &str = "01000102030405060708090a0b0c0d0e0f1011121314151617\
    c7a3c7f61b9ef7525251e57108b90dfa8e628aa4c661af4bf84266ebbd212eb0261b1d1f7a98e1d849718cb2";
/// The same, with Argon2id(m = 19 MiB, t = 2, p = 1, [`SALT`]) of [`PASSPHRASE`] in the key.
const SEALED_WITH_PASSPHRASE: &str = "01000102030405060708090a0b0c0d0e0f1011121314151617\
    e812d29b3b64ead14707d780e13755620cb17f1c585c9c62dbf8f9326c6dad513a76f51c94a7dd4313ab7d3c";
/// [`SECRET_ID`] sealed into the receipt [`RECEIPT_ID`] (random nonce, fixed here).
const SEALED_LINK: &str = "01d94d755c44548242e7883af22f82abfaa479a6242cb008f1601b2994bece46\
    40ae6302e3c52b27391bdf7c4267afd19007e417cbe883fd011855aa61ace846cf2a7ddc9adf9c2bcfdd611859\
    69e0affc905c20d505d501863d8498751c39513240ff2a4eddaa";
/// [`RECEIPT_ID`] sealed for its owner's list (random nonce, fixed here).
const SEALED_OWNED_ID: &str = "01940380e87c88d7a90ea6a3a10fc80fa9e53c6a68e432ad1dc323c8bd65e76c\
    727aa468f016be42faca3ddf256719f23e3db969d81e33faa2d1c26687170362cbf0a9850d084a2eede648b0ee\
    8bdf719b377753cd27de03b6daa55a97040ce69e29dc90826709";

fn server_key() -> ServerKey {
    ServerKey::from_secret(SERVER_SECRET).unwrap()
}

fn secret_id() -> SecretId {
    SecretId::parse(SECRET_ID).unwrap()
}

fn receipt_id() -> ReceiptId {
    ReceiptId::parse(RECEIPT_ID).unwrap()
}

fn nonce() -> [u8; 24] {
    std::array::from_fn(|i| u8::try_from(i).unwrap())
}

fn kdf_params() -> KdfParams {
    KdfParams { m_cost: 19 * 1024, t_cost: 2, p_cost: 1, salt: SALT }
}

fn passphrase_key(passphrase: &str) -> PassphraseKey {
    kdf_params().derive(&Passphrase::attempt(passphrase)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        use std::fmt::Write;
        write!(out, "{b:02x}").unwrap();
        out
    })
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn a_secret_index_is_the_known_hmac_of_its_id() {
    assert_eq!(server_key().secret_index(&secret_id()).to_hex(), SECRET_INDEX);
}

#[test]
fn a_receipt_index_is_the_known_hmac_of_its_id() {
    assert_eq!(server_key().receipt_index(&receipt_id()).to_hex(), RECEIPT_INDEX);
}

#[test]
fn an_index_unmasks_the_known_locator_of_its_id() {
    assert_eq!(server_key().secret_index(&secret_id()).locator(), SECRET_LOCATOR);
    assert_eq!(server_key().receipt_index(&receipt_id()).locator(), RECEIPT_LOCATOR);
}

#[test]
fn a_client_index_is_the_known_hmac_of_the_attribute() {
    assert_eq!(server_key().client_index(CLIENT).to_hex(), CLIENT_INDEX);
}

#[test]
fn the_server_key_has_the_known_fingerprint() {
    assert_eq!(server_key().fingerprint(), FINGERPRINT);
}

#[test]
fn a_token_digest_is_the_known_sha256_of_the_token() {
    assert_eq!(hex(&token_digest(TOKEN)), TOKEN_DIGEST);
}

#[test]
fn sealing_without_a_passphrase_gives_the_known_bytes() {
    // Arrange
    let (key, id) = (server_key(), secret_id());
    let index = key.secret_index(&id);

    // Act
    let sealed = key.seal_value_with_nonce(&id, &index, PLAINTEXT, None, nonce());

    // Assert
    assert_eq!(hex(&sealed), SEALED_PLAIN);
    assert_eq!(key.open_value(&id, &index, &sealed, None).unwrap().as_slice(), PLAINTEXT);
}

#[test]
fn sealing_with_an_argon2id_passphrase_gives_the_known_bytes() {
    // Arrange
    let (key, id) = (server_key(), secret_id());
    let index = key.secret_index(&id);
    let pass = kdf_params().derive(&Passphrase::new(PASSPHRASE).unwrap()).unwrap();

    // Act
    let sealed = key.seal_value_with_nonce(&id, &index, PLAINTEXT, Some(&pass), nonce());

    // Assert
    assert_eq!(hex(&sealed), SEALED_WITH_PASSPHRASE);
    assert_eq!(key.open_value(&id, &index, &sealed, Some(&pass)).unwrap().as_slice(), PLAINTEXT);
}

#[test]
fn a_known_sealed_value_opens_to_the_fixed_plaintext() {
    let (key, id) = (server_key(), secret_id());
    let index = key.secret_index(&id);

    let opened = key.open_value(&id, &index, &unhex(SEALED_PLAIN), None).unwrap();

    assert_eq!(opened.as_slice(), PLAINTEXT);
}

#[test]
fn a_known_passphrase_sealed_value_opens_only_with_its_passphrase() {
    // Arrange
    let (key, id) = (server_key(), secret_id());
    let index = key.secret_index(&id);
    let sealed = unhex(SEALED_WITH_PASSPHRASE);

    // Act
    let right = key.open_value(&id, &index, &sealed, Some(&passphrase_key(PASSPHRASE)));
    let wrong = key.open_value(&id, &index, &sealed, Some(&passphrase_key("open sesame!")));
    let none = key.open_value(&id, &index, &sealed, None);

    // Assert
    assert_eq!(right.unwrap().as_slice(), PLAINTEXT);
    assert!(wrong.is_err());
    assert!(none.is_err());
}

#[test]
fn a_known_receipt_link_opens_to_the_secret_id() {
    let (key, receipt) = (server_key(), receipt_id());
    let index = key.receipt_index(&receipt);

    let opened = key.open_for_receipt(&receipt, &index, &unhex(SEALED_LINK)).unwrap();

    assert_eq!(opened.as_slice(), SECRET_ID.as_bytes());
}

#[test]
fn a_known_owned_receipt_id_opens_to_the_receipt_id() {
    let (key, receipt) = (server_key(), receipt_id());
    let index = key.receipt_index(&receipt);

    let opened = key.open_owned_receipt_id(&index, &unhex(SEALED_OWNED_ID)).unwrap();

    assert_eq!(opened, receipt);
}
