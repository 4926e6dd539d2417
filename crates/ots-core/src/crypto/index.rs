//! Storage indexes: the HMAC of an id under the server key.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::ServerKey;
use crate::id::{ReceiptId, SecretId};

/// Where a record is stored: `HMAC-SHA256(index key, kind ‖ id)`. Reveals nothing about the id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexKey([u8; 32]);

impl IndexKey {
    /// Wraps 32 bytes read back from the store.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw bytes, as stored.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hex, for stores that key by string.
    pub fn to_hex(&self) -> String {
        super::hex(&self.0)
    }
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexKey({}…)", &self.to_hex()[..8])
    }
}

impl ServerKey {
    fn index(&self, kind: &[u8], id: &str) -> IndexKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.index.as_ref())
            .expect("HMAC accepts any key length");
        mac.update(kind);
        mac.update(b":");
        mac.update(id.as_bytes());
        IndexKey(mac.finalize().into_bytes().into())
    }

    /// The storage index of a secret.
    pub fn secret_index(&self, id: &SecretId) -> IndexKey {
        self.index(b"secret", id.expose())
    }

    /// The storage index of a receipt.
    pub fn receipt_index(&self, id: &ReceiptId) -> IndexKey {
        self.index(b"receipt", id.expose())
    }

    /// A keyed digest of some client attribute (an IP address), for counters that must not
    /// store the attribute itself.
    pub fn client_index(&self, attribute: &str) -> IndexKey {
        self.index(b"client", attribute)
    }
}
