//! Service results to v1 wire shapes.

use ots_core::ReceiptState;
use ots_core::wire::v1;

use crate::service::ReceiptView;

/// The v1 receipt object (API.md §2.1).
pub(super) fn receipt(view: &ReceiptView, base: &str) -> v1::Receipt {
    let received = view.state == ReceiptState::Revealed;
    let url = format!("{base}/receipt/{}", view.id.expose());
    let secret_key = (!received).then(|| view.secret_id.expose().to_owned());
    let r = &view.record;
    v1::Receipt {
        custid: view.custid.clone(),
        metadata_key: view.id.expose().to_owned(),
        secret_key: secret_key.clone(),
        ttl: r.lifespan,
        metadata_ttl: view.receipt_ttl(),
        secret_ttl: (!received).then(|| view.secret_ttl()),
        metadata_url: url.clone(),
        state: view.state.v1_name().to_owned(),
        updated: r.updated.secs(),
        created: r.created.secs(),
        received: if received { r.revealed.map(ots_core::Timestamp::secs) } else { None },
        recipient: r.recipients.clone(),
        share_domain: r.share_domain.clone(),
        passphrase_required: r.has_passphrase,
        identifier: view.id.expose().to_owned(),
        secret_identifier: secret_key,
        has_passphrase: r.has_passphrase,
        recipients: r.recipients.clone(),
        receipt_ttl: view.receipt_ttl(),
        receipt_url: url,
        value: None,
        secret_value: None,
    }
}
