//! The web pages: server-rendered HTML for people, on the same service functions as the APIs.
//!
//! | route | page |
//! | --- | --- |
//! | `GET /`, `POST /` | create a secret (or generate a password); a post answers `303` to its receipt |
//! | `GET /receipt/{id}` | the receipt: share link, status and times, the way to burn |
//! | `GET /receipt/{id}/burn`, `POST …` | burn, after a confirmation page |
//! | `GET /secret/{id}` | the recipient's page: "Click to reveal" (or the passphrase prompt) |
//! | `POST /secret/{id}` | reveal: the value is in this response only, never stored for a later `GET` |
//! | `GET /signup`, `/signin`, `POST` both, `POST /signout` | accounts (sign-up behind `signup`) |
//! | `GET /account`, `POST /account/token` | the account, and issuing a new API token |
//! | `GET /dashboard` | the account's recent secrets, with their states and burn |
//! | `GET /assets/{name}` | the stylesheet, script and icon (module `assets`) |
//!
//! A `GET` (or `HEAD`) never consumes a secret, so link previews and mail scanners burn
//! nothing; the one thing a `GET` uses up is a generated password on its receipt page, shown
//! once in its first minute as the APIs do (a `HEAD` leaves it). Every form carries an anti-forgery token (module `visitor`). Every page is sent with
//! a strict Content-Security-Policy (scripts and styles only from this origin, no inline code),
//! `frame-ancestors 'none'`, `Referrer-Policy: no-referrer` and `Cache-Control: no-store`.
//! Unknown, revealed, burned and expired secrets render the very same page.

mod accounts;
mod assets;
pub(crate) mod error;
mod pages;
mod secrets;
mod visitor;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT, CONTENT_SECURITY_POLICY};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub(crate) use assets::Assets;

use crate::error::ApiError;
use crate::state::AppState;

/// The policy of every page: nothing but this origin's files, no inline script or style, no
/// framing, forms only to this origin.
pub(crate) const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Every page route.
pub(crate) fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(secrets::create_page).post(secrets::create))
        .route("/receipt/{id}", get(secrets::receipt))
        .route("/receipt/{id}/burn", get(secrets::burn_page).post(secrets::burn))
        .route("/secret/{id}", get(secrets::secret_page).post(secrets::reveal))
        .route("/signup", get(accounts::sign_up_page).post(accounts::sign_up))
        .route("/signin", get(accounts::sign_in_page).post(accounts::sign_in))
        .route("/signout", post(accounts::sign_out))
        .route("/account", get(accounts::account))
        .route("/account/token", post(accounts::rotate_token))
        .route("/dashboard", get(accounts::dashboard))
        .route("/assets/{name}", get(assets::serve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::render))
        .layer(axum::middleware::from_fn(page_headers))
}

/// The pages' Content-Security-Policy. The app's `security_headers` adds the rest around
/// every response, `Referrer-Policy: no-referrer` and `Cache-Control: no-store` included,
/// unless a response set its own (assets are cached for a year).
async fn page_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    response
}

/// Whether a failure of `req` is shown as a page: for a browser (a client that accepts HTML)
/// outside `/api/`. Everyone else gets the API's JSON error.
pub(crate) fn wants_page(req: &Request) -> bool {
    let path = req.uri().path();
    let accepts_html = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    accepts_html && path != "/api" && !path.starts_with("/api/")
}

/// Answers addresses nothing else does: a page where [`wants_page`], the API's JSON error for
/// everyone else.
pub(crate) async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    if wants_page(&req) {
        return error::standalone_page(&state, ApiError::NoRoute);
    }
    ApiError::NoRoute.into_response()
}
