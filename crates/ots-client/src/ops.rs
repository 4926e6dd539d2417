//! The operations, one method each, dispatched to the API version in use.

use reqwest::Method;
use secrecy::SecretString;

use crate::{
    ApiVersion, Client, Created, Error, Generate, Receipt, Revealed, SecretInfo, SecretStatus,
    Share, v1, v2,
};

impl Client {
    /// `GET /status`: whether the server answers.
    pub async fn status(&self) -> Result<(), Error> {
        // The same route in both versions (`request` adds the version).
        let _: serde::de::IgnoredAny = self.send(self.request(Method::GET, "/status")).await?;
        Ok(())
    }

    /// Creates a secret. The answer holds the share link and the receipt link.
    pub async fn share(&self, share: &Share) -> Result<Created, Error> {
        match self.api() {
            ApiVersion::V1 => v1::share(self, share).await,
            ApiVersion::V2 => v2::share(self, share).await,
        }
    }

    /// Has the server generate a password and share it; the answer holds the value once.
    pub async fn generate(&self, generate: &Generate) -> Result<Created, Error> {
        match self.api() {
            ApiVersion::V1 => v1::generate(self, generate).await,
            ApiVersion::V2 => v2::generate(self, generate).await,
        }
    }

    /// What a share link's holder may know without revealing: its state and whether it needs
    /// a passphrase. v2 only (v1 has no non-consuming look at a secret). The server records
    /// the look as a preview on the receipt.
    pub async fn secret_info(&self, id: &str) -> Result<SecretInfo, Error> {
        match self.api() {
            ApiVersion::V1 => {
                Err(Error::Unsupported("looking at a secret without revealing", "v1"))
            }
            ApiVersion::V2 => v2::secret_info(self, id).await,
        }
    }

    /// Reveals a secret: the server destroys it. A wrong passphrase does not consume it.
    pub async fn reveal(
        &self,
        id: &str,
        passphrase: Option<&SecretString>,
    ) -> Result<Revealed, Error> {
        match self.api() {
            ApiVersion::V1 => v1::reveal(self, id, passphrase).await,
            ApiVersion::V2 => v2::reveal(self, id, passphrase).await,
        }
    }

    /// Reads a receipt (never changes the secret's state).
    pub async fn receipt(&self, id: &str) -> Result<Receipt, Error> {
        match self.api() {
            ApiVersion::V1 => v1::receipt(self, id).await,
            ApiVersion::V2 => v2::receipt(self, id).await,
        }
    }

    /// Burns the secret of a receipt; answers the receipt afterwards.
    pub async fn burn(&self, id: &str) -> Result<Receipt, Error> {
        match self.api() {
            ApiVersion::V1 => v1::burn(self, id).await,
            ApiVersion::V2 => v2::burn(self, id).await,
        }
    }

    /// The caller's recent receipts, newest first. Needs credentials.
    pub async fn recent(&self) -> Result<Vec<Receipt>, Error> {
        match self.api() {
            ApiVersion::V1 => v1::recent(self).await,
            ApiVersion::V2 => v2::recent(self).await,
        }
    }

    /// The state of each secret id, in the order asked; an id the server does not know (never
    /// created, expired, revealed or burned) is `unknown`. v2 only.
    pub async fn statuses(&self, ids: &[String]) -> Result<Vec<SecretStatus>, Error> {
        match self.api() {
            ApiVersion::V1 => Err(Error::Unsupported("secret status", "v1")),
            ApiVersion::V2 => v2::statuses(self, ids).await,
        }
    }
}
