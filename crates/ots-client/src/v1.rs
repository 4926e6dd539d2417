//! The calls of API v1 (`/api/v1`): form-encoded requests, as every v1 server reads them.

use ots_core::wire::v1 as wire;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};

use crate::answers::{V1Burned, V1Receipt, V1Revealed, seconds};
use crate::client::{exposed, short};
use crate::{Client, Created, Error, Generate, Receipt, ReceiptState, Revealed, Share};

pub(crate) async fn share(client: &Client, share: &Share) -> Result<Created, Error> {
    let form = wire::ShareRequest {
        secret: share.secret.expose_secret().to_owned(),
        passphrase: exposed(share.passphrase.as_ref()),
        ttl: share.ttl,
        recipient: None,
    };
    let receipt: V1Receipt =
        client.send(client.request(Method::POST, "/share").form(&form)).await?;
    created(client, receipt)
}

pub(crate) async fn generate(client: &Client, generate: &Generate) -> Result<Created, Error> {
    let form = wire::GenerateRequest {
        passphrase: exposed(generate.passphrase.as_ref()),
        ttl: generate.ttl,
        recipient: None,
    };
    let receipt: V1Receipt =
        client.send(client.request(Method::POST, "/generate").form(&form)).await?;
    created(client, receipt)
}

fn created(client: &Client, mut r: V1Receipt) -> Result<Created, Error> {
    let (Some(secret_id), Some(receipt_id)) = (r.secret_key.take(), r.metadata_key.take()) else {
        return Err(Error::Protocol("the answer has no secret_key or metadata_key".into()));
    };
    let base = client.base();
    Ok(Created {
        share_url: format!("{base}/secret/{secret_id}"),
        receipt_url: r
            .receipt_url
            .or(r.metadata_url)
            .unwrap_or_else(|| format!("{base}/private/{receipt_id}")),
        secret_id,
        receipt_id,
        ttl: seconds(r.ttl),
        has_passphrase: r.passphrase_required.unwrap_or(false),
        value: r.value.map(SecretString::from),
    })
}

pub(crate) async fn reveal(
    client: &Client,
    id: &str,
    passphrase: Option<&SecretString>,
) -> Result<Revealed, Error> {
    let form = wire::RevealRequest { passphrase: exposed(passphrase) };
    let request = client.request(Method::POST, &format!("/secret/{id}")).form(&form);
    let revealed: V1Revealed = client.send(request).await?;
    Ok(Revealed { secret_id: id.to_owned(), value: revealed.value.into() })
}

pub(crate) async fn receipt(client: &Client, id: &str) -> Result<Receipt, Error> {
    let r: V1Receipt = client.send(client.request(Method::POST, &format!("/private/{id}"))).await?;
    Ok(to_receipt(client, r, id))
}

pub(crate) async fn burn(client: &Client, id: &str) -> Result<Receipt, Error> {
    let request = client.request(Method::POST, &format!("/private/{id}/burn"));
    let burned: V1Burned = client.send(request).await?;
    Ok(to_receipt(client, burned.state, id))
}

pub(crate) async fn recent(client: &Client) -> Result<Vec<Receipt>, Error> {
    let list: Vec<V1Receipt> = client.send(client.request(Method::GET, "/private/recent")).await?;
    Ok(list
        .into_iter()
        .filter_map(|r| {
            let id = r.metadata_key.clone()?;
            Some(to_receipt(client, r, &id))
        })
        .collect())
}

fn to_receipt(client: &Client, r: V1Receipt, asked: &str) -> Receipt {
    let id = r.metadata_key.unwrap_or_else(|| asked.to_owned());
    let base = client.base();
    Receipt {
        state: ReceiptState::parse(r.state.as_deref().unwrap_or("unknown")),
        secret_shortid: r.secret_key.as_deref().map(short),
        share_url: r.secret_key.as_ref().map(|k| format!("{base}/secret/{k}")),
        secret_id: r.secret_key,
        ttl: seconds(r.ttl),
        secret_ttl: seconds(r.secret_ttl),
        receipt_ttl: seconds(r.metadata_ttl),
        created: r.created,
        updated: r.updated,
        has_passphrase: r.passphrase_required,
        receipt_url: r
            .receipt_url
            .or(r.metadata_url)
            .unwrap_or_else(|| format!("{base}/private/{id}")),
        id,
    }
}
