//! Service results to v2 wire shapes. Booleans, timestamps and TTLs become strings here, as
//! the reference pages type them; nothing else in the server knows about that quirk.

use ots_core::wire::v2;
use ots_core::{ReceiptState, SecretId, Timestamp};

use crate::extract::Caller;
use crate::service::{ReceiptView, Revealed, SecretView};

fn flag(b: bool) -> String {
    b.to_string()
}

fn secs(t: Timestamp) -> String {
    t.secs().to_string()
}

/// v2's `user_id`: the account's external id, or `"anon"`.
pub(super) fn user_id(caller: &Caller) -> String {
    caller.account().map_or_else(|| "anon".to_owned(), |a| a.id.clone())
}

struct SecretFacts<'a> {
    id: &'a SecretId,
    state: ReceiptState,
    created: Timestamp,
    updated: Timestamp,
    has_passphrase: bool,
    secret_ttl: u64,
    lifespan: u64,
    value: Option<String>,
}

fn secret_record(f: SecretFacts<'_>) -> v2::SecretRecord {
    let previewed = f.state == ReceiptState::Previewed;
    let revealed = f.state == ReceiptState::Revealed;
    v2::SecretRecord {
        identifier: f.id.expose().to_owned(),
        key: f.id.expose().to_owned(),
        shortid: f.id.short().as_str().to_owned(),
        state: f.state.as_str().to_owned(),
        created: secs(f.created),
        updated: secs(f.updated),
        has_passphrase: flag(f.has_passphrase),
        verification: flag(false),
        secret_ttl: f.secret_ttl.to_string(),
        lifespan: f.lifespan.to_string(),
        is_previewed: flag(previewed),
        is_revealed: flag(revealed),
        is_viewed: flag(previewed),
        is_received: flag(revealed),
        secret_value: f.value,
    }
}

/// A live secret, without its value.
pub(super) fn secret(view: &SecretView) -> v2::SecretRecord {
    secret_record(SecretFacts {
        id: &view.id,
        state: view.state,
        created: view.created,
        updated: view.updated,
        has_passphrase: view.has_passphrase,
        secret_ttl: view.secret_ttl(),
        lifespan: view.lifespan,
        value: None,
    })
}

/// A secret just revealed, with its value.
pub(super) fn revealed(r: &Revealed) -> v2::SecretRecord {
    secret_record(SecretFacts {
        id: &r.secret_id,
        state: ReceiptState::Revealed,
        created: r.created,
        updated: r.now,
        has_passphrase: r.has_passphrase,
        secret_ttl: 0,
        lifespan: r.lifespan,
        value: Some(r.value.as_str().to_owned()),
    })
}

/// The secret half of a create response (`value` only for a generated password).
pub(super) fn created_secret(view: &ReceiptView, value: Option<String>) -> v2::SecretRecord {
    let r = &view.record;
    secret_record(SecretFacts {
        id: &view.secret_id,
        state: view.state,
        created: r.created,
        updated: r.updated,
        has_passphrase: r.has_passphrase,
        secret_ttl: view.secret_ttl(),
        lifespan: r.lifespan,
        value,
    })
}

/// `details` of a reveal: how a client should show `value` (none when not revealed).
pub(super) fn reveal_details(
    confirmed: bool,
    is_owner: bool,
    value: Option<&str>,
) -> v2::RevealDetails {
    let text = value.unwrap_or_default();
    let newlines = text.matches('\n').count();
    let lines = ((80 + text.chars().count()) / 80 + newlines + 3).min(30);
    v2::RevealDetails {
        continue_: flag(confirmed),
        is_owner: flag(is_owner),
        show_secret: flag(value.is_some()),
        correct_passphrase: flag(value.is_some()),
        display_lines: lines.to_string(),
        one_liner: flag(newlines == 0),
    }
}

/// The v2 receipt record (API.md §3.1).
pub(super) fn receipt(view: &ReceiptView, base: &str) -> v2::ReceiptRecord {
    let r = &view.record;
    let id = view.id.expose();
    let s = view.state;
    let live = s.is_live();
    let opt = |t: Option<Timestamp>| t.map(secs);
    v2::ReceiptRecord {
        identifier: id.to_owned(),
        key: id.to_owned(),
        custid: view.custid.clone(),
        state: s.as_str().to_owned(),
        secret_shortid: view.secret_id.short().as_str().to_owned(),
        secret_identifier: (live && !r.has_passphrase).then(|| view.secret_id.expose().to_owned()),
        secret_ttl: view.secret_ttl().to_string(),
        metadata_ttl: view.receipt_ttl().to_string(),
        receipt_ttl: view.receipt_ttl().to_string(),
        lifespan: r.lifespan.to_string(),
        share_domain: r.share_domain.clone(),
        recipients: r.recipients.clone(),
        memo: r.memo.clone().unwrap_or_default(),
        created: secs(r.created),
        updated: secs(r.updated),
        previewed: opt(r.previewed),
        revealed: opt(r.revealed),
        burned: opt(r.burned),
        is_previewed: flag(r.previewed.is_some()),
        is_revealed: flag(s == ReceiptState::Revealed),
        is_burned: flag(s == ReceiptState::Burned),
        is_expired: flag(s == ReceiptState::Expired),
        is_orphaned: flag(s == ReceiptState::Orphaned),
        is_destroyed: flag(!live),
        has_passphrase: flag(r.has_passphrase),
        kind: r.kind.as_str().to_owned(),
        share_url: format!("{base}/secret/{}", view.secret_id.expose()),
        receipt_url: format!("{base}/receipt/{id}"),
        burn_url: format!("{base}/api/v2/receipt/{id}/burn"),
    }
}

/// Whether `caller` owns the receipt.
pub(super) fn is_owner(view: &ReceiptView, caller: &Caller) -> bool {
    matches!((caller.account(), &view.record.owner), (Some(a), Some(o)) if &a.id == o)
}
