//! Accounts on the web: sign-up, sign-in with a password, sessions, and API tokens.
//!
//! A session is a random token in the visitor's cookie; the store keeps only its SHA-256
//! digest, the account's e-mail and the expiry, so a copy of the store cannot sign anyone in.
//! Passwords are Argon2id PHC strings (`ots_core::crypto::password`), hashed and checked on the
//! blocking pool behind the same permits as passphrases, so a flood of sign-ins queues instead
//! of starving other requests. A sign-in for an unknown e-mail runs Argon2id too (against a
//! dummy hash) and fails with the same answer as a wrong password.

use ots_core::account::{new_account_id, new_token, normalize_email};
use ots_core::crypto::password::{DUMMY_HASH, check_password_rules};
use ots_core::crypto::{hash_password, token_digest, verify_password};
use ots_store::{Account, RateDecision, Store, StoreError, StoredSession};
use zeroize::Zeroizing;

use super::{blocking_kdf, client_index};
use crate::error::ApiError;
use crate::extract::ClientIp;
use crate::state::AppState;

/// Sign-in and sign-up attempts one client may make per window.
const SIGN_IN_LIMIT: u32 = 20;
/// The window of [`SIGN_IN_LIMIT`], seconds.
const SIGN_IN_WINDOW: u64 = 600;

/// A session token as the visitor's cookie carries it. `Debug` hides it.
#[derive(Clone)]
pub(crate) struct SessionToken(pub(crate) Zeroizing<String>);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// A sign-in e-mail, normalised as accounts are keyed by it.
pub(crate) fn parse_email(raw: &str) -> Result<String, ApiError> {
    normalize_email(raw).ok_or_else(|| ApiError::invalid("email", "Enter an e-mail address"))
}

async fn check_sign_in_rate(state: &AppState, client: ClientIp) -> Result<(), ApiError> {
    if !state.inner.config.rate_limits {
        return Ok(());
    }
    let bucket = format!("signin:{}", client_index(state, client).to_hex());
    match state
        .inner
        .store
        .rate_limit_hit(&bucket, SIGN_IN_LIMIT, SIGN_IN_WINDOW, state.now())
        .await?
    {
        RateDecision::Allowed => Ok(()),
        RateDecision::Limited { retry_after } => Err(ApiError::RateLimited { retry_after }),
    }
}

/// Starts a session for `account`; returns the token for the cookie.
async fn start_session(state: &AppState, account: &Account) -> Result<SessionToken, ApiError> {
    let token = new_token();
    let now = state.now();
    let session = StoredSession {
        email: account.email.clone(),
        account_id: account.id.clone(),
        created: now,
        expires: now + state.inner.config.session_ttl,
    };
    state.inner.store.create_session(token_digest(&token), session).await?;
    Ok(SessionToken(token))
}

/// Refuses when the `signup` switch is off.
pub(crate) fn check_sign_up_open(state: &AppState) -> Result<(), ApiError> {
    if state.inner.config.signup {
        Ok(())
    } else {
        Err(ApiError::Forbidden("Sign-up is switched off on this server.".into()))
    }
}

/// Creates an account with a web password and signs it in. Its API token is random and never
/// shown: the account page issues one on request.
pub(crate) async fn sign_up(
    state: &AppState,
    email: &str,
    password: Zeroizing<String>,
    client: ClientIp,
) -> Result<(Account, SessionToken), ApiError> {
    check_sign_up_open(state)?;
    let email = parse_email(email)?;
    check_password_rules(&password).map_err(|why| ApiError::invalid("password", why))?;
    check_sign_in_rate(state, client).await?;
    let phc = blocking_kdf(state, move || hash_password(&password))
        .await?
        .map_err(|_| ApiError::Internal("hashing a password failed".into()))?;
    let account = Account {
        id: new_account_id(),
        email: email.clone(),
        token_digest: token_digest(&new_token()),
        password_hash: Some(phc),
        created: state.now(),
    };
    match state.inner.store.create_account(account.clone()).await {
        Err(StoreError::Conflict) => {
            return Err(ApiError::invalid("email", "An account with this e-mail already exists"));
        }
        other => other?,
    }
    tracing::info!("account signed up");
    let token = start_session(state, &account).await?;
    Ok((account, token))
}

/// Checks an e-mail and password and starts a session. Every failure is the same
/// `Unauthorized`, after the same Argon2id work.
pub(crate) async fn sign_in(
    state: &AppState,
    email: &str,
    password: Zeroizing<String>,
    client: ClientIp,
) -> Result<(Account, SessionToken), ApiError> {
    check_sign_in_rate(state, client).await?;
    let account = match parse_email(email) {
        Ok(email) => state.inner.store.account_by_email(&email).await?,
        Err(_) => None,
    };
    let phc = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let matches = blocking_kdf(state, move || verify_password(&password, &phc)).await?;
    match account {
        Some(account) if matches && account.password_hash.is_some() => {
            let token = start_session(state, &account).await?;
            tracing::info!("account signed in");
            Ok((account, token))
        }
        _ => {
            tracing::info!("sign-in refused");
            Err(ApiError::Unauthorized)
        }
    }
}

/// The account a session token belongs to, while both exist and the session is live.
pub(crate) async fn session_account(
    state: &AppState,
    token: &str,
) -> Result<Option<Account>, ApiError> {
    // The store finds the account by the session's account id (a conformance rule holds every
    // backend to it), so a session of an account since removed never signs into a later one
    // with the same e-mail.
    Ok(state.inner.store.session_account(&token_digest(token), state.now()).await?)
}

/// Ends a session.
pub(crate) async fn sign_out(state: &AppState, token: &SessionToken) -> Result<(), ApiError> {
    state.inner.store.delete_session(&token_digest(&token.0)).await?;
    Ok(())
}

/// Issues a new API token for the account; the old one stops working. The token is returned
/// once and stored only as its digest.
pub(crate) async fn rotate_api_token(
    state: &AppState,
    account: &Account,
) -> Result<Zeroizing<String>, ApiError> {
    let token = new_token();
    if !state.inner.store.set_token_digest(&account.email, token_digest(&token)).await? {
        return Err(ApiError::Unauthorized);
    }
    tracing::info!("API token rotated");
    Ok(token)
}
