//! The account pages: sign-up, sign-in, sign-out, the account (API token) and the dashboard.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use ots_store::Account;
use zeroize::Zeroizing;

use super::error::WebError;
use super::pages::{
    AccountTemplate, DashboardTemplate, Frame, Row, SignInTemplate, state_class, state_name, when,
};
use super::secrets::{page, see_other};
use super::visitor::{SESSION_COOKIE, Visitor, WebForm, cookie_header};
use crate::error::ApiError;
use crate::extract::ClientIp;
use crate::service::{self, SessionToken};
use crate::state::AppState;

fn sign_in_form(
    state: &AppState,
    visitor: &Visitor,
    mode: &'static str,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Response {
    let title = if mode == "signup" { "Create an account" } else { "Sign in" };
    let template = SignInTemplate { frame: Frame::new(state, visitor, title), mode, email, error };
    page(state, visitor, status, &template)
}

/// `303` to `to`, setting the session cookie.
fn signed_in(state: &AppState, token: &SessionToken, to: &str) -> Response {
    let mut response = see_other(to);
    let cookie = cookie_header(state, SESSION_COOKIE, &token.0, state.inner.config.session_ttl);
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// `GET /signup`.
pub(super) async fn sign_up_page(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    service::check_sign_up_open(&state)?;
    Ok(sign_in_form(&state, &visitor, "signup", StatusCode::OK, "", None))
}

/// `POST /signup`: creates the account, signs it in, and goes to the account page.
pub(super) async fn sign_up(
    State(state): State<AppState>,
    client: ClientIp,
    form: WebForm,
) -> Result<Response, WebError> {
    let WebForm { visitor, params } = form;
    let email = params.get("email").unwrap_or_default();
    let password = Zeroizing::new(params.get("password").unwrap_or_default().to_owned());
    match service::sign_up(&state, email, password, client).await {
        Ok((_, token)) => Ok(signed_in(&state, &token, "/account")),
        Err(ApiError::Invalid { message, .. }) => Ok(sign_in_form(
            &state,
            &visitor,
            "signup",
            StatusCode::UNPROCESSABLE_ENTITY,
            email,
            Some(message.as_ref()),
        )),
        Err(e) => Err(e.into()),
    }
}

/// `GET /signin`.
pub(super) async fn sign_in_page(State(state): State<AppState>, visitor: Visitor) -> Response {
    sign_in_form(&state, &visitor, "signin", StatusCode::OK, "", None)
}

/// `POST /signin`: one answer for an unknown e-mail and a wrong password.
pub(super) async fn sign_in(
    State(state): State<AppState>,
    client: ClientIp,
    form: WebForm,
) -> Result<Response, WebError> {
    let WebForm { visitor, params } = form;
    let email = params.get("email").unwrap_or_default();
    let password = Zeroizing::new(params.get("password").unwrap_or_default().to_owned());
    match service::sign_in(&state, email, password, client).await {
        Ok((_, token)) => Ok(signed_in(&state, &token, "/dashboard")),
        Err(ApiError::Unauthorized) => Ok(sign_in_form(
            &state,
            &visitor,
            "signin",
            StatusCode::UNAUTHORIZED,
            email,
            Some("The e-mail or the password is not right."),
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST /signout`: ends the session and clears the cookie.
pub(super) async fn sign_out(
    State(state): State<AppState>,
    form: WebForm,
) -> Result<Response, WebError> {
    if let Some(token) = &form.visitor.session {
        service::sign_out(&state, token).await?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(SET_COOKIE, cookie_header(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

fn account_page(
    state: &AppState,
    visitor: &Visitor,
    account: &Account,
    new_token: Option<&str>,
) -> Response {
    let template = AccountTemplate {
        frame: Frame::new(state, visitor, "Your account"),
        email: &account.email,
        created: when(account.created),
        has_password: account.password_hash.is_some(),
        new_token,
    };
    page(state, visitor, StatusCode::OK, &template)
}

/// `GET /account`.
pub(super) async fn account(State(state): State<AppState>, visitor: Visitor) -> Response {
    match &visitor.account {
        Some(account) => account_page(&state, &visitor, account, None),
        None => see_other("/signin"),
    }
}

/// `POST /account/token`: issues a new API token and shows it in this response, once.
pub(super) async fn rotate_token(
    State(state): State<AppState>,
    form: WebForm,
) -> Result<Response, WebError> {
    let visitor = form.visitor;
    let Some(account) = visitor.account.clone() else {
        return Ok(see_other("/signin"));
    };
    let token = service::rotate_api_token(&state, &account).await?;
    Ok(account_page(&state, &visitor, &account, Some(token.as_str())))
}

/// `GET /dashboard`: the account's recent receipts.
pub(super) async fn dashboard(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(account) = visitor.account.clone() else {
        return Ok(see_other("/signin"));
    };
    let rows = service::recent(&state, &account)
        .await?
        .into_iter()
        .map(|view| Row {
            receipt_id: view.id.expose().to_owned(),
            short: view.id.short().to_string(),
            created: when(view.record.created),
            state: state_name(view.state),
            state_class: state_class(view.state),
            live: view.state.is_live(),
        })
        .collect();
    let template = DashboardTemplate {
        frame: Frame::new(&state, &visitor, "Recent secrets"),
        rows,
        days: service::RECENT_WINDOW_SECS / 86_400,
        limit: service::RECENT_LIMIT,
    };
    Ok(page(&state, &visitor, StatusCode::OK, &template))
}
