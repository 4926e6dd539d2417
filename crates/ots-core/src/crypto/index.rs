//! Storage indexes: where a record is stored, derived from its id under the server key.

use std::fmt;

use hmac::Mac;

use super::ServerKey;
use crate::id::{LOCATOR_BOUND, RANDOM_LEN, ReceiptId, SecretId, random_base36};

/// Where a record is stored. Reveals nothing about the id.
///
/// - `mac`: `HMAC-SHA256(index key, kind ‖ ":" ‖ id)`, the record's identity.
/// - `locator`: the number hidden in the id's last characters, unmasked. It grows with creation
///   time (see [`crate::id::Locators`]), so an ordered store that keys by it appends new records
///   side by side. It is no secret (the store keeps the creation time anyway) and no way back to
///   the id: the id's random part is not stored anywhere.
///
/// A store that keys by locator must still check the `mac`: anyone can put any 12 characters at
/// the end of a made-up id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexKey {
    mac: [u8; 32],
    locator: u64,
}

impl IndexKey {
    /// An index read back from the store.
    pub fn new(mac: [u8; 32], locator: u64) -> Self {
        Self { mac, locator }
    }

    /// The record's identity, as stored.
    pub fn mac(&self) -> &[u8; 32] {
        &self.mac
    }

    /// The record's place in an ordered store: below `2^63`, so it fits a signed 64-bit column.
    /// Indexes of things that are not records (clients) have locator 0.
    pub fn locator(&self) -> u64 {
        self.locator
    }

    /// Lowercase hex of the mac, for stores that key by string.
    pub fn to_hex(&self) -> String {
        super::hex(&self.mac)
    }
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexKey({}…)", &self.to_hex()[..8])
    }
}

impl ServerKey {
    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.index_mac.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    fn index(&self, kind: &[u8], id: &str) -> [u8; 32] {
        self.mac(&[kind, b":", id.as_bytes()])
    }

    /// What a locator is masked with (exclusive or) in the id: a function of the id's random part, so every id
    /// masks its locator differently. Below [`LOCATOR_BOUND`].
    fn locator_mask(&self, kind: &[u8], random_part: &str) -> u64 {
        let mac = self.mac(&[b"locator:", kind, b":", random_part.as_bytes()]);
        let mut first = [0u8; 8];
        first.copy_from_slice(&mac[..8]);
        u64::from_be_bytes(first) % LOCATOR_BOUND
    }

    /// The storage index of a secret.
    pub fn secret_index(&self, id: &SecretId) -> IndexKey {
        let mask = self.locator_mask(b"secret", id.random_part());
        self.secret_index_masked(id, mask)
    }

    fn secret_index_masked(&self, id: &SecretId, mask: u64) -> IndexKey {
        IndexKey { mac: self.index(b"secret", id.expose()), locator: id.masked_locator() ^ mask }
    }

    /// The storage index of a receipt.
    pub fn receipt_index(&self, id: &ReceiptId) -> IndexKey {
        let mask = self.locator_mask(b"receipt", id.random_part());
        self.receipt_index_masked(id, mask)
    }

    fn receipt_index_masked(&self, id: &ReceiptId, mask: u64) -> IndexKey {
        IndexKey { mac: self.index(b"receipt", id.expose()), locator: id.masked_locator() ^ mask }
    }

    /// A fresh random part, and its locator mask.
    fn mint(&self, kind: &[u8]) -> (String, u64) {
        let random = random_base36(RANDOM_LEN);
        let mask = self.locator_mask(kind, &random);
        (random, mask)
    }

    /// A new secret id whose index has `locator` (below [`LOCATOR_BOUND`]), with that index.
    pub fn new_secret_id(&self, locator: u64) -> (SecretId, IndexKey) {
        let (random, mask) = self.mint(b"secret");
        let id = SecretId::from_parts(&random, (locator % LOCATOR_BOUND) ^ mask);
        let index = self.secret_index_masked(&id, mask);
        (id, index)
    }

    /// A new receipt id whose index has `locator` (below [`LOCATOR_BOUND`]), with that index.
    pub fn new_receipt_id(&self, locator: u64) -> (ReceiptId, IndexKey) {
        let (random, mask) = self.mint(b"receipt");
        let id = ReceiptId::from_parts(&random, (locator % LOCATOR_BOUND) ^ mask);
        let index = self.receipt_index_masked(&id, mask);
        (id, index)
    }

    /// The anti-forgery token of a web form, bound to `seed` (a visitor's session token or
    /// anonymous cookie): only the server can compute it, and a page from another origin can
    /// read neither the seed nor the token.
    pub fn form_token(&self, seed: &str) -> [u8; 32] {
        self.mac(&[b"form:", seed.as_bytes()])
    }

    /// A keyed digest of some client attribute (an IP address), for counters that must not
    /// store the attribute itself.
    pub fn client_index(&self, attribute: &str) -> IndexKey {
        IndexKey { mac: self.index(b"client", attribute), locator: 0 }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn key(secret: &str) -> ServerKey {
        ServerKey::from_secret(secret).unwrap()
    }

    #[test]
    fn a_minted_id_carries_its_locator_under_its_key_only() {
        let (k, other) = (key(&"k".repeat(32)), key(&"o".repeat(32)));

        let (secret, secret_index) = k.new_secret_id(123_456_789);
        let (receipt, receipt_index) = k.new_receipt_id(987_654_321);

        assert_eq!(k.secret_index(&secret), secret_index);
        assert_eq!(k.receipt_index(&receipt), receipt_index);
        assert_eq!(secret_index.locator(), 123_456_789);
        assert_eq!(receipt_index.locator(), 987_654_321);
        assert_ne!(other.secret_index(&secret).locator(), 123_456_789);
    }

    #[test]
    fn ids_with_the_same_locator_look_unrelated() {
        let k = key(&"k".repeat(32));

        let (a, b) = (k.new_secret_id(42).0, k.new_secret_id(42).0);

        assert_ne!(a.expose()[RANDOM_LEN..], b.expose()[RANDOM_LEN..]);
        assert_eq!(k.secret_index(&a).locator(), k.secret_index(&b).locator());
        assert_ne!(k.secret_index(&a).mac(), k.secret_index(&b).mac());
    }

    #[test]
    fn a_changed_locator_changes_the_mac() {
        let k = key(&"k".repeat(32));
        let (id, _) = k.new_secret_id(7);
        let mut tampered = id.expose().to_owned();
        let last = if tampered.ends_with('0') { "1" } else { "0" };
        tampered.replace_range(tampered.len() - 1.., last);
        let tampered = SecretId::parse(&tampered).unwrap();

        assert_ne!(k.secret_index(&id).mac(), k.secret_index(&tampered).mac());
    }

    #[test]
    fn every_id_has_a_locator_that_fits_a_signed_column() {
        let k = key(&"k".repeat(32));
        let max = SecretId::parse(&"z".repeat(crate::id::ID_LEN)).unwrap();

        assert!(i64::try_from(k.secret_index(&max).locator()).is_ok());
    }
}
