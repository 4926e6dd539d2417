//! Creating a secret: validation, sealing, and one durable store write.

use ots_core::crypto::{KdfParams, PassphraseKey};
use ots_core::passgen;
use ots_core::{Passphrase, ReceiptId, ReceiptState, SecretId, SecretKind, Timestamp, Ttl};
use ots_store::{
    GeneratedCopy, NewRecords, RateDecision, Store, StoreError, StoredReceipt, StoredSecret,
};
use zeroize::Zeroizing;

use super::{
    CreateRequest, Created, GENERATED_SHOWN_SECS, ReceiptView, SecretValue, client_index, derive,
    link_payload,
};
use crate::error::ApiError;
use crate::extract::{Caller, ClientIp};
use crate::state::AppState;

/// Counts a guest's create against the per-IP limit.
async fn check_create_rate(
    state: &AppState,
    caller: &Caller,
    client: ClientIp,
) -> Result<(), ApiError> {
    let config = &state.inner.config;
    if caller.account().is_some() || !config.rate_limits {
        return Ok(());
    }
    let bucket = format!("create:{}", client_index(state, client).to_hex());
    let decision = state
        .inner
        .store
        .rate_limit_hit(&bucket, config.create_limit, config.create_window, state.now())
        .await?;
    match decision {
        RateDecision::Allowed => Ok(()),
        RateDecision::Limited { retry_after } => Err(ApiError::RateLimited { retry_after }),
    }
}

/// The value to store, and the generated password to hand back when there is one.
type ResolvedValue = (Zeroizing<String>, Option<Zeroizing<String>>);

fn resolve_value(state: &AppState, value: SecretValue) -> Result<ResolvedValue, ApiError> {
    match value {
        SecretValue::Given(v) => {
            let max = state.inner.config.secret_max_bytes;
            if v.trim().is_empty() {
                return Err(ApiError::invalid("secret", "You did not provide anything to share"));
            }
            if v.len() > max {
                return Err(ApiError::invalid(
                    "secret",
                    format!("The secret is larger than {max} bytes"),
                ));
            }
            Ok((v, None))
        }
        SecretValue::Generate { length, sets } => {
            let v = passgen::generate(length, sets).map_err(|e| {
                let field = match e {
                    passgen::PassgenError::NoCharacterSet => "character_sets",
                    passgen::PassgenError::Length { .. } => "length",
                };
                ApiError::invalid(field, e.to_string())
            })?;
            Ok((v.clone(), Some(v)))
        }
    }
}

/// E-mail delivery is not available, so a recipient is a clear error, never a silent drop.
fn check_recipients(recipients: &[String], caller: &Caller) -> Result<(), ApiError> {
    if recipients.iter().all(|r| r.trim().is_empty()) {
        return Ok(());
    }
    let why = if caller.account().is_some() {
        "Sending secrets by e-mail is not configured on this server"
    } else {
        "Only accounts can send secrets by e-mail, and e-mail is not configured here"
    };
    Err(ApiError::invalid("recipient", why))
}

fn resolve_passphrase(state: &AppState, raw: Option<&str>) -> Result<Option<Passphrase>, ApiError> {
    match raw.filter(|p| !p.is_empty()) {
        Some(p) => {
            Passphrase::new(p).map(Some).map_err(|e| ApiError::invalid("passphrase", e.to_string()))
        }
        None if state.inner.config.passphrase_required => {
            Err(ApiError::invalid("passphrase", "A passphrase is required"))
        }
        None => Ok(None),
    }
}

/// How often a create is tried with fresh ids when the store reports a conflict.
const CREATE_ATTEMPTS: u32 = 3;

/// Everything about a new secret except its ids, which each attempt mints afresh.
struct Sealed<'a> {
    value: &'a str,
    pass_key: Option<&'a PassphraseKey>,
    kdf: Option<&'a KdfParams>,
    generated: bool,
    custid: &'a str,
    owner: Option<String>,
    ttl: Ttl,
    now: Timestamp,
}

impl Sealed<'_> {
    /// Mints ids and seals the records under the current key.
    fn records(&self, state: &AppState) -> (SecretId, ReceiptId, NewRecords) {
        let key = state.inner.keys.current();
        // One locator for both: stores that shard by it keep the pair together.
        let locator = state.next_locator();
        let (secret_id, secret_index) = key.new_secret_id(locator);
        let (receipt_id, receipt_index) = key.new_receipt_id(locator);
        let (now, ttl) = (self.now, self.ttl);
        let receipt = StoredReceipt {
            index: receipt_index,
            secret_index,
            sealed_link: key.seal_for_receipt(
                &receipt_id,
                &receipt_index,
                &link_payload(&secret_id, self.custid),
            ),
            owner_sealed_id: self
                .owner
                .as_ref()
                .map(|_| key.seal_owned_receipt_id(&receipt_index, &receipt_id)),
            owner: self.owner.clone(),
            kind: if self.generated { SecretKind::Generate } else { SecretKind::Conceal },
            state: ReceiptState::New,
            has_passphrase: self.kdf.is_some(),
            recipients: Vec::new(),
            share_domain: String::new(),
            memo: None,
            lifespan: ttl.secs(),
            created: now,
            updated: now,
            previewed: None,
            revealed: None,
            burned: None,
            secret_expires: now + ttl.secs(),
            expires: now + ttl.receipt(),
        };
        let secret = StoredSecret {
            index: secret_index,
            receipt_index,
            sealed_value: key.seal_value(
                &secret_id,
                &secret_index,
                self.value.as_bytes(),
                self.pass_key,
            ),
            kdf: self.kdf.cloned(),
            created: now,
            expires: now + ttl.secs(),
        };
        let generated = self.generated.then(|| GeneratedCopy {
            sealed: key.seal_for_receipt(&receipt_id, &receipt_index, self.value.as_bytes()),
            until: now + GENERATED_SHOWN_SECS,
        });
        (secret_id, receipt_id, NewRecords { secret, receipt, generated })
    }
}

/// Stores new records, minting new ids when the store reports a conflict.
async fn store_records(
    state: &AppState,
    sealed: &Sealed<'_>,
) -> Result<(SecretId, ReceiptId, StoredReceipt), ApiError> {
    let mut attempt = 1;
    loop {
        let (secret_id, receipt_id, records) = sealed.records(state);
        let receipt = records.receipt.clone();
        // Boxed: the store's future carries the records through several layers, and inline it
        // would make every future around this one (and each move of them) kilobytes larger.
        match Box::pin(state.inner.store.create(records)).await {
            Ok(()) => return Ok((secret_id, receipt_id, receipt)),
            // Only a store keyed by locator can refuse fresh ids, and only after the clock was
            // set back: new ids get new locators.
            Err(StoreError::Conflict) if attempt < CREATE_ATTEMPTS => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Creates a secret and its receipt. Guests count against the creation rate limit.
pub(crate) async fn create(
    state: &AppState,
    req: CreateRequest,
    caller: &Caller,
    client: ClientIp,
) -> Result<Created, ApiError> {
    let (value, generated) = resolve_value(state, req.value)?;
    check_recipients(&req.recipients, caller)?;
    let passphrase = resolve_passphrase(state, req.passphrase.as_deref())?;

    let now = state.now();
    let ttl = state.inner.ttl.clamp(req.ttl, caller.account().is_some());
    let (kdf, pass_key) = match passphrase {
        Some(p) => {
            // Before Argon2id runs: a flood of creates must not occupy the KDF pool.
            check_create_rate(state, caller, client).await?;
            let params = KdfParams::recommended();
            let derived = derive(params.clone(), p, state).await?;
            (Some(params), Some(derived))
        }
        None => (None, None),
    };
    let sealed = Sealed {
        value: &value,
        pass_key: pass_key.as_ref(),
        kdf: kdf.as_ref(),
        generated: generated.is_some(),
        custid: caller.custid(),
        owner: caller.account().map(|a| a.id.clone()),
        ttl,
        now,
    };
    let (secret_id, receipt_id, receipt) = if kdf.is_some() {
        store_records(state, &sealed).await?
    } else {
        // The limit is checked while the records are stored, so a create is one round trip to
        // a shared store, not two. Records of a refused create were never handed out: they are
        // removed again, and nobody can have seen them.
        let (rate, stored) =
            tokio::join!(check_create_rate(state, caller, client), store_records(state, &sealed));
        if let Err(refused) = rate {
            if let Ok((_, _, receipt)) = &stored {
                state.inner.store.discard(&receipt.secret_index, &receipt.index).await?;
            }
            return Err(refused);
        }
        stored?
    };
    state.inner.metrics.secret_created();
    tracing::info!(secret = %secret_id.short(), receipt = %receipt_id.short(), ttl = ttl.secs(), "secret created");
    Ok(Created {
        receipt: ReceiptView {
            id: receipt_id,
            secret_id,
            custid: caller.custid().to_owned(),
            record: receipt,
            state: ReceiptState::New,
            now,
        },
        generated,
    })
}
