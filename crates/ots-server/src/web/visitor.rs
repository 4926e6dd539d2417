//! Who is looking at a page, and the anti-forgery token every form carries.
//!
//! Two cookies, both `HttpOnly` and `SameSite=Lax` (and `Secure` when `public_url` is https):
//! - `ots_session`: a signed-in visitor's session token (the store keeps only its digest);
//! - `ots_visitor`: a random value every visitor gets with the first page that has a form.
//!
//! A form's token is `HMAC(server key, seed)`, where the seed is the session token when the
//! visitor is signed in, else the `ots_visitor` cookie. Another site can make a browser send
//! the cookies but can read neither them nor the token, so it cannot forge a form post; a
//! signed-in visitor's tokens die with the session. A `POST` whose token does not match, or
//! that arrives without the cookie it was derived from, is refused with a 403 page
//! ([`WebForm`]). The token is checked in constant time.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::Response;
use ots_core::crypto::hex;
use ots_core::id::random_base36;
use ots_store::Account;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::error::WebError;
use crate::extract::{Caller, Params};
use crate::service::{self, SessionToken};
use crate::state::AppState;

pub(crate) const SESSION_COOKIE: &str = "ots_session";
const VISITOR_COOKIE: &str = "ots_visitor";
const VISITOR_LEN: usize = 32;

/// The visitor of a page: the account when signed in, and the form token. `Debug` shows
/// neither the form token nor a new cookie's value.
#[derive(Clone)]
pub(crate) struct Visitor {
    pub(crate) account: Option<Account>,
    pub(crate) session: Option<SessionToken>,
    /// The token forms must send back as `csrf`.
    pub(crate) csrf: String,
    /// The same token under each retired server key, also accepted.
    retired_csrf: Vec<String>,
    /// Whether the token's seed came with this request (a fresh one cannot vouch for a post).
    seeded_by_request: bool,
    /// A new `ots_visitor` value to set on the response.
    fresh_cookie: Option<String>,
}

impl std::fmt::Debug for Visitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Visitor")
            .field("account", &self.account)
            .field("session", &self.session)
            .field("seeded_by_request", &self.seeded_by_request)
            .finish_non_exhaustive()
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn plausible(value: &str, len: usize) -> bool {
    value.len() == len && value.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
}

impl Visitor {
    pub(crate) fn caller(&self) -> Caller {
        self.account.clone().map_or(Caller::Guest, Caller::Account)
    }

    pub(crate) fn email(&self) -> Option<&str> {
        self.account.as_ref().map(|a| a.email.as_str())
    }

    /// Adds the cookies this visitor needs to a response.
    pub(crate) fn set_cookies(&self, state: &AppState, response: &mut Response) {
        if let Some(value) = &self.fresh_cookie {
            // A year: it only ties forms to this browser.
            let cookie = cookie_header(state, VISITOR_COOKIE, value, 365 * 86_400);
            response.headers_mut().append(SET_COOKIE, cookie);
        }
    }

    fn from_seed(
        state: &AppState,
        account: Option<Account>,
        session: Option<SessionToken>,
        seed: &str,
        seeded_by_request: bool,
        fresh_cookie: Option<String>,
    ) -> Self {
        let keys = state.inner.keys.all();
        let csrf = hex(&keys[0].form_token(seed));
        // Forms rendered before a key rotation carry a token under a now retired key.
        let retired_csrf = keys[1..].iter().map(|k| hex(&k.form_token(seed))).collect();
        Self { account, session, csrf, retired_csrf, seeded_by_request, fresh_cookie }
    }
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, path `/`, `Secure` behind https.
pub(crate) fn cookie_header(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: u64,
) -> HeaderValue {
    let secure = if state.inner.public_base.starts_with("https://") { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("ots_invalid=1"))
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(token) =
            cookie(parts, SESSION_COOKIE).filter(|t| plausible(t, ots_core::account::TOKEN_LEN))
            && let Some(account) = service::session_account(state, token).await?
        {
            let session = SessionToken(Zeroizing::new(token.to_owned()));
            return Ok(Self::from_seed(state, Some(account), Some(session), token, true, None));
        }
        if let Some(seed) = cookie(parts, VISITOR_COOKIE).filter(|v| plausible(v, VISITOR_LEN)) {
            Ok(Self::from_seed(state, None, None, seed, true, None))
        } else {
            let seed = random_base36(VISITOR_LEN);
            Ok(Self::from_seed(state, None, None, &seed, false, Some(seed.clone())))
        }
    }
}

/// A form post whose anti-forgery token checked out: the visitor and the form's fields.
#[derive(Debug)]
pub(crate) struct WebForm {
    pub(crate) visitor: Visitor,
    pub(crate) params: Params,
}

impl FromRequest<AppState> for WebForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        let params = Params::from_request(Request::from_parts(parts, body), state).await?;
        let sent = params.get("csrf").unwrap_or_default().as_bytes();
        let matches = std::iter::once(&visitor.csrf)
            .chain(&visitor.retired_csrf)
            .any(|token| bool::from(sent.ct_eq(token.as_bytes())));
        if !(visitor.seeded_by_request && matches) {
            return Err(WebError::Forgery);
        }
        Ok(Self { visitor, params })
    }
}
