//! The domain operations behind every route: the only place that combines the store and the
//! crypto. Handlers parse a request into these calls and render what they return; nothing here
//! knows about HTTP or API versions.

use ots_core::crypto::{
    IndexKey, KdfParams, PassphraseKey, ServerKey, digests_match, token_digest,
};
use ots_core::passgen::{self, CharacterSets};
use ots_core::{Passphrase, ReceiptId, ReceiptState, SecretId, SecretKind, Timestamp};
use ots_store::{
    Account, ClaimGuard, Lockout, NewRecords, RateDecision, Store, StoredReceipt, StoredSecret,
};
use zeroize::Zeroizing;

use crate::error::{ApiError, EchoKey};
use crate::extract::{Caller, ClientIp};
use crate::state::AppState;

/// How far back `recent` looks.
const RECENT_WINDOW_SECS: u64 = 30 * 86_400;
/// Most receipts `recent` lists.
const RECENT_LIMIT: usize = 100;

/// What the secret will hold.
pub(crate) enum SecretValue {
    /// The creator's text.
    Given(Zeroizing<String>),
    /// A password the server generates.
    Generate { length: usize, sets: CharacterSets },
}

/// A create request, already read from the wire.
pub(crate) struct CreateRequest {
    pub(crate) value: SecretValue,
    pub(crate) passphrase: Option<String>,
    pub(crate) ttl: Option<u64>,
    pub(crate) recipients: Vec<String>,
}

/// A receipt as the receipt holder sees it.
pub(crate) struct ReceiptView {
    pub(crate) id: ReceiptId,
    /// The secret's id, recovered from the sealed link.
    pub(crate) secret_id: SecretId,
    /// The creator's e-mail, or `"anon"`.
    pub(crate) custid: String,
    pub(crate) record: StoredReceipt,
    /// The state at `now` (expiry is applied lazily).
    pub(crate) state: ReceiptState,
    pub(crate) now: Timestamp,
}

impl ReceiptView {
    /// Seconds the secret has left; 0 once it is gone.
    pub(crate) fn secret_ttl(&self) -> u64 {
        if self.state.is_live() { self.now.until(self.record.secret_expires) } else { 0 }
    }

    /// Seconds the receipt has left.
    pub(crate) fn receipt_ttl(&self) -> u64 {
        self.now.until(self.record.expires)
    }
}

/// A freshly created secret.
pub(crate) struct Created {
    pub(crate) receipt: ReceiptView,
    /// The generated password, for a generate request.
    pub(crate) generated: Option<Zeroizing<String>>,
}

/// A revealed secret.
pub(crate) struct Revealed {
    pub(crate) secret_id: SecretId,
    pub(crate) value: Zeroizing<String>,
}

/// What the receipt's sealed link holds: the secret id and the creator's custid.
fn link_payload(secret: &SecretId, custid: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(format!("{}\n{custid}", secret.expose()).into_bytes())
}

fn parse_link_payload(bytes: &[u8]) -> Option<(SecretId, String)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (secret, custid) = text.split_once('\n')?;
    Some((SecretId::parse(secret).ok()?, custid.to_owned()))
}

fn client_index(state: &AppState, client: ClientIp) -> IndexKey {
    state.inner.keys.current().client_index(&client.0.to_string())
}

/// Runs Argon2id on the blocking pool, at most one run per core at a time.
async fn derive(
    params: KdfParams,
    passphrase: Passphrase,
    state: &AppState,
) -> Result<PassphraseKey, ApiError> {
    let _permit = state
        .inner
        .kdf_permits
        .acquire()
        .await
        .map_err(|_| ApiError::Internal("the KDF pool is closed".into()))?;
    tokio::task::spawn_blocking(move || params.derive(&passphrase))
        .await
        .map_err(|_| ApiError::Internal("the KDF task failed".into()))?
        .map_err(|_| ApiError::Internal("unusable KDF parameters".into()))
}

/// Checks HTTP Basic credentials. An unknown user costs the same digest and comparison as a
/// known one, so timing does not tell which e-mails have accounts.
pub(crate) async fn authenticate(
    state: &AppState,
    user: &str,
    token: &str,
) -> Result<Account, ApiError> {
    let digest = token_digest(token);
    let account = state.inner.store.account_by_email(user).await?;
    let expected = account.as_ref().map_or([0u8; 32], |a| a.token_digest);
    let matches = digests_match(&digest, &expected);
    match account {
        Some(account) if matches && !token.is_empty() => Ok(account),
        _ => Err(ApiError::Unauthorized),
    }
}

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
            let v = passgen::generate(length, sets)
                .map_err(|e| ApiError::invalid("length", e.to_string()))?;
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

/// Creates a secret and its receipt. Guests count against the creation rate limit.
pub(crate) async fn create(
    state: &AppState,
    req: CreateRequest,
    caller: &Caller,
    client: ClientIp,
) -> Result<Created, ApiError> {
    check_create_rate(state, caller, client).await?;
    let (value, generated) = resolve_value(state, req.value)?;
    check_recipients(&req.recipients, caller)?;
    let passphrase = resolve_passphrase(state, req.passphrase.as_deref())?;

    let now = state.now();
    let ttl = state.inner.ttl.clamp(req.ttl, caller.account().is_some());
    let key = state.inner.keys.current();
    let (secret_id, receipt_id) = (SecretId::generate(), ReceiptId::generate());
    let (secret_index, receipt_index) =
        (key.secret_index(&secret_id), key.receipt_index(&receipt_id));
    let (kdf, pass_key) = match passphrase {
        Some(p) => {
            let params = KdfParams::recommended();
            let derived = derive(params.clone(), p, state).await?;
            (Some(params), Some(derived))
        }
        None => (None, None),
    };
    let custid = caller.custid().to_owned();
    let owner = caller.account().map(|a| a.id.clone());
    let receipt = StoredReceipt {
        index: receipt_index,
        secret_index,
        sealed_link: key.seal_for_receipt(
            &receipt_id,
            &receipt_index,
            &link_payload(&secret_id, &custid),
        ),
        owner_sealed_id: owner
            .as_ref()
            .map(|_| key.seal_owned_receipt_id(&receipt_index, &receipt_id)),
        owner,
        kind: if generated.is_some() { SecretKind::Generate } else { SecretKind::Conceal },
        state: ReceiptState::New,
        has_passphrase: kdf.is_some(),
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
            value.as_bytes(),
            pass_key.as_ref(),
        ),
        kdf,
        created: now,
        expires: now + ttl.secs(),
    };
    state.inner.store.create(NewRecords { secret, receipt: receipt.clone() }).await?;
    state.inner.metrics.secret_created();
    tracing::info!(secret = %secret_id.short(), receipt = %receipt_id.short(), ttl = ttl.secs(), "secret created");
    Ok(Created {
        receipt: ReceiptView {
            id: receipt_id,
            secret_id,
            custid,
            record: receipt,
            state: ReceiptState::New,
            now,
        },
        generated,
    })
}

/// Reveals a secret once. A wrong passphrase never consumes it and counts towards a lockout.
pub(crate) async fn reveal(
    state: &AppState,
    key: &str,
    passphrase: Option<&str>,
    client: ClientIp,
) -> Result<Revealed, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let Ok(id) = SecretId::parse(key) else {
        return Err(unknown());
    };
    let now = state.now();
    for server_key in state.inner.keys.all() {
        let index = server_key.secret_index(&id);
        // Fast path, one store step: take it if it needs no passphrase.
        if let Some(secret) =
            state.inner.store.claim_secret(&index, ClaimGuard::NoPassphrase, now).await?
        {
            return finish_reveal(state, server_key, id, &secret, None);
        }
        let Some(secret) = state.inner.store.get_secret(&index, now).await? else {
            continue;
        };
        let Some(params) = secret.kdf.clone() else {
            // Claimed by someone else between the two steps.
            return Err(unknown());
        };
        let client_idx = client_index(state, client);
        let policy = state.inner.lockout;
        match state.inner.store.passphrase_lockout(&index, &client_idx, policy, now).await? {
            Lockout::Open => {}
            Lockout::Locked { retry_after } => {
                return Err(ApiError::PassphraseLocked { retry_after: Some(retry_after) });
            }
            Lockout::LockedForGood => return Err(ApiError::PassphraseLocked { retry_after: None }),
        }
        let attempt = Passphrase::attempt(passphrase.unwrap_or_default());
        let derived = derive(params, attempt, state).await?;
        if server_key.open_value(&id, &index, &secret.sealed_value, Some(&derived)).is_err() {
            state.inner.metrics.passphrase_failed();
            tracing::info!(secret = %id.short(), "wrong passphrase");
            let lock = state
                .inner
                .store
                .record_passphrase_failure(&index, &client_idx, policy, now)
                .await?;
            return Err(match lock {
                Lockout::Open => ApiError::WrongPassphrase(EchoKey(key.to_owned())),
                Lockout::Locked { retry_after } => {
                    ApiError::PassphraseLocked { retry_after: Some(retry_after) }
                }
                Lockout::LockedForGood => ApiError::PassphraseLocked { retry_after: None },
            });
        }
        // The passphrase is right; the claim re-checks the secret is still live, so of two
        // correct reveals racing, one wins.
        return match state.inner.store.claim_secret(&index, ClaimGuard::Any, now).await? {
            Some(claimed) => finish_reveal(state, server_key, id, &claimed, Some(&derived)),
            None => Err(unknown()),
        };
    }
    Err(unknown())
}

fn finish_reveal(
    state: &AppState,
    key: &ServerKey,
    id: SecretId,
    secret: &StoredSecret,
    pass: Option<&PassphraseKey>,
) -> Result<Revealed, ApiError> {
    let bytes = key
        .open_value(&id, &secret.index, &secret.sealed_value, pass)
        .map_err(|_| ApiError::Internal("a claimed secret did not open".into()))?;
    let value = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::Internal("a revealed value is not UTF-8".into()))?;
    state.inner.metrics.secret_revealed();
    tracing::info!(secret = %id.short(), "secret revealed");
    Ok(Revealed { secret_id: id, value: Zeroizing::new(value) })
}

fn view(
    key: &ServerKey,
    id: ReceiptId,
    record: StoredReceipt,
    now: Timestamp,
) -> Result<ReceiptView, ApiError> {
    let payload = key
        .open_for_receipt(&id, &record.index, &record.sealed_link)
        .map_err(|_| ApiError::Internal("a receipt's link did not open".into()))?;
    let (secret_id, custid) = parse_link_payload(&payload)
        .ok_or_else(|| ApiError::Internal("a receipt's link is unreadable".into()))?;
    Ok(ReceiptView { state: record.state_at(now), id, secret_id, custid, record, now })
}

/// Reads a receipt. Never changes any state.
pub(crate) async fn receipt(state: &AppState, key: &str) -> Result<ReceiptView, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let id = ReceiptId::parse(key).map_err(|_| unknown())?;
    let now = state.now();
    for server_key in state.inner.keys.all() {
        if let Some(record) =
            state.inner.store.get_receipt(&server_key.receipt_index(&id), now).await?
        {
            return view(server_key, id, record, now);
        }
    }
    Err(unknown())
}

/// Burns the secret of a receipt. Holding the receipt key is enough.
pub(crate) async fn burn(state: &AppState, key: &str) -> Result<ReceiptView, ApiError> {
    let unknown = || ApiError::UnknownSecret(EchoKey(key.to_owned()));
    let id = ReceiptId::parse(key).map_err(|_| unknown())?;
    let now = state.now();
    for server_key in state.inner.keys.all() {
        if let Some(record) = state.inner.store.burn(&server_key.receipt_index(&id), now).await? {
            state.inner.metrics.secret_burned();
            tracing::info!(receipt = %id.short(), "secret burned");
            return view(server_key, id, record, now);
        }
    }
    Err(unknown())
}

/// The account's receipts from the last 30 days, newest first.
pub(crate) async fn recent(
    state: &AppState,
    account: &Account,
) -> Result<Vec<ReceiptView>, ApiError> {
    let now = state.now();
    let since = now - RECENT_WINDOW_SECS;
    let records = state.inner.store.recent_receipts(&account.id, since, now, RECENT_LIMIT).await?;
    let mut views = Vec::with_capacity(records.len());
    for record in records {
        let Some(sealed) = record.owner_sealed_id.clone() else {
            continue;
        };
        let opened =
            state.inner.keys.all().iter().find_map(|k| {
                k.open_owned_receipt_id(&record.index, &sealed).ok().map(|id| (k, id))
            });
        let Some((key, id)) = opened else {
            tracing::warn!("an owned receipt did not open with any configured key");
            continue;
        };
        views.push(view(key, id, record, now)?);
    }
    Ok(views)
}
