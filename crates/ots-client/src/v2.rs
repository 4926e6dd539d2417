//! The calls of API v2 (`/api/v2`): JSON bodies built from `ots_core::wire::v2` shapes.

use ots_core::wire::v2 as wire;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};

use crate::answers::{V2CreatedRecord, V2Many, V2One, V2Receipt, V2Secret, seconds};
use crate::client::{exposed, short};
use crate::{
    Client, Created, Error, Generate, Receipt, ReceiptState, Revealed, SecretInfo, SecretStatus,
    Share,
};

/// Most ids one bulk status request may carry (API.md: at most 100).
const STATUS_BATCH: usize = 100;

pub(crate) async fn share(client: &Client, share: &Share) -> Result<Created, Error> {
    let body = wire::ConcealRequest {
        secret: wire::ConcealParams {
            secret: share.secret.expose_secret().to_owned(),
            ttl: share.ttl.map(wire::Seconds::Number),
            passphrase: exposed(share.passphrase.as_ref()),
            recipient: None,
            share_domain: None,
        },
    };
    let request = client.request(Method::POST, "/secret/conceal").json(&body);
    let answer: V2One<V2CreatedRecord> = client.send(request).await?;
    created(client, answer.record)
}

pub(crate) async fn generate(client: &Client, generate: &Generate) -> Result<Created, Error> {
    let body = wire::GenerateRequest {
        secret: Some(wire::GenerateParams {
            ttl: generate.ttl.map(wire::Seconds::Number),
            passphrase: exposed(generate.passphrase.as_ref()),
            recipient: None,
            length: None,
            character_sets: None,
        }),
    };
    let request = client.request(Method::POST, "/secret/generate").json(&body);
    let answer: V2One<V2CreatedRecord> = client.send(request).await?;
    created(client, answer.record)
}

fn created(client: &Client, record: V2CreatedRecord) -> Result<Created, Error> {
    let V2CreatedRecord { receipt, metadata, secret } = record;
    let receipt =
        receipt.or(metadata).ok_or_else(|| Error::Protocol("the answer has no receipt".into()))?;
    let secret_id = secret
        .id()
        .or(receipt.secret_identifier.as_deref())
        .ok_or_else(|| Error::Protocol("the answer names no secret".into()))?
        .to_owned();
    let receipt_id = receipt
        .id()
        .ok_or_else(|| Error::Protocol("the answer names no receipt".into()))?
        .to_owned();
    let base = client.base();
    Ok(Created {
        share_url: receipt.share_url.unwrap_or_else(|| format!("{base}/secret/{secret_id}")),
        receipt_url: receipt.receipt_url.unwrap_or_else(|| format!("{base}/receipt/{receipt_id}")),
        ttl: seconds(receipt.lifespan.or(secret.lifespan)),
        has_passphrase: secret.has_passphrase.or(receipt.has_passphrase).unwrap_or(false),
        value: secret.secret_value.map(SecretString::from),
        secret_id,
        receipt_id,
    })
}

pub(crate) async fn secret_info(client: &Client, id: &str) -> Result<SecretInfo, Error> {
    let answer: V2One<V2Secret> =
        client.send(client.request(Method::GET, &format!("/secret/{id}"))).await?;
    let s = answer.record;
    Ok(SecretInfo {
        id: s.id().unwrap_or(id).to_owned(),
        state: s.state.unwrap_or_else(|| "new".into()),
        has_passphrase: s.has_passphrase.unwrap_or(false),
        ttl: seconds(s.secret_ttl),
    })
}

pub(crate) async fn reveal(
    client: &Client,
    id: &str,
    passphrase: Option<&SecretString>,
) -> Result<Revealed, Error> {
    let body = wire::RevealRequest {
        passphrase: exposed(passphrase),
        continue_: Some(wire::Flag::Bool(true)),
    };
    let request = client.request(Method::POST, &format!("/secret/{id}/reveal")).json(&body);
    let answer: V2One<V2Secret> = client.send(request).await?;
    let value = answer
        .record
        .secret_value
        .ok_or_else(|| Error::Protocol("the server did not show the secret".into()))?;
    Ok(Revealed { secret_id: id.to_owned(), value: value.into() })
}

pub(crate) async fn receipt(client: &Client, id: &str) -> Result<Receipt, Error> {
    let answer: V2One<V2Receipt> =
        client.send(client.request(Method::GET, &format!("/receipt/{id}"))).await?;
    Ok(to_receipt(client, answer.record, id))
}

pub(crate) async fn burn(client: &Client, id: &str) -> Result<Receipt, Error> {
    let body = wire::BurnRequest { continue_: wire::Flag::Bool(true), passphrase: None };
    let request = client.request(Method::POST, &format!("/receipt/{id}/burn")).json(&body);
    let answer: V2One<V2Receipt> = client.send(request).await?;
    Ok(to_receipt(client, answer.record, id))
}

pub(crate) async fn recent(client: &Client) -> Result<Vec<Receipt>, Error> {
    let answer: V2Many<V2Receipt> =
        client.send(client.request(Method::GET, "/receipt/recent")).await?;
    Ok(answer
        .records
        .into_iter()
        .filter_map(|r| {
            let id = r.id()?.to_owned();
            Some(to_receipt(client, r, &id))
        })
        .collect())
}

pub(crate) async fn statuses(client: &Client, ids: &[String]) -> Result<Vec<SecretStatus>, Error> {
    let mut out = Vec::with_capacity(ids.len());
    for batch in ids.chunks(STATUS_BATCH) {
        let body = wire::BulkStatusRequest { identifiers: wire::Identifiers::List(batch.to_vec()) };
        let request = client.request(Method::POST, "/secret/status").json(&body);
        let answer: V2Many<V2Secret> = client.send(request).await?;
        // Unknown ids are left out of `records`: every id asked about gets an answer.
        for id in batch {
            let known = answer.records.iter().find(|r| r.id() == Some(id.as_str()));
            out.push(SecretStatus {
                id: id.clone(),
                state: known.and_then(|r| r.state.clone()).unwrap_or_else(|| "unknown".into()),
                ttl: known.and_then(|r| seconds(r.secret_ttl)),
            });
        }
    }
    Ok(out)
}

fn to_receipt(client: &Client, r: V2Receipt, asked: &str) -> Receipt {
    let id = r.id().unwrap_or(asked).to_owned();
    let secret_id = r.secret_identifier.or(r.secret_key);
    let base = client.base();
    Receipt {
        state: ReceiptState::parse(r.state.as_deref().unwrap_or("unknown")),
        // Cut to its short form whatever the server sent: the field promises 8 characters.
        secret_shortid: r.secret_shortid.as_deref().or(secret_id.as_deref()).map(short),
        share_url: r.share_url.or_else(|| secret_id.as_ref().map(|k| format!("{base}/secret/{k}"))),
        secret_id,
        ttl: seconds(r.lifespan),
        secret_ttl: seconds(r.secret_ttl),
        receipt_ttl: seconds(r.receipt_ttl.or(r.metadata_ttl)),
        created: r.created,
        updated: r.updated,
        has_passphrase: r.has_passphrase,
        receipt_url: r.receipt_url.unwrap_or_else(|| format!("{base}/receipt/{id}")),
        id,
    }
}
