//! The secret pages: create, receipt, burn, and the recipient's reveal.

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use ots_core::ReceiptState;
use ots_core::passgen::{CharacterSets, DEFAULT_LENGTH};
use zeroize::Zeroizing;

use super::error::WebError;
use super::pages::{
    BurnTemplate, CreateTemplate, Event, Frame, GoneTemplate, ReceiptTemplate, RevealedTemplate,
    SecretTemplate, TtlChoice, html, span, state_class, state_label, when,
};
use super::visitor::{Visitor, WebForm};
use crate::api::guest::{self, GuestOp, gate};
use crate::error::ApiError;
use crate::extract::{Caller, ClientIp};
use crate::service::{self, CreateRequest, Look, SecretValue};
use crate::state::AppState;

/// The expiry menu's choices, seconds.
const TTL_CHOICES: [u64; 6] = [300, 3600, 86_400, 3 * 86_400, 7 * 86_400, 30 * 86_400];

/// Renders a page and adds the visitor's cookies.
pub(super) fn page(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    template: &impl askama::Template,
) -> Response {
    let mut response = html(status, template);
    visitor.set_cookies(state, &mut response);
    response
}

/// `303 See Other` to `to`.
pub(super) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response()
}

/// The expiry choices this caller may pick, with the configured default (or the nearest below
/// it) selected.
fn ttl_choices(state: &AppState, caller: &Caller, picked: Option<u64>) -> Vec<TtlChoice> {
    let policy = &state.inner.ttl;
    let max = if caller.account().is_some() { policy.max_account } else { policy.max_anonymous };
    let mut secs: Vec<u64> =
        TTL_CHOICES.into_iter().filter(|s| *s >= policy.floor && *s <= max).collect();
    if secs.is_empty() {
        secs.push(policy.clamp(None, caller.account().is_some()).secs());
    }
    let wanted = picked.unwrap_or(policy.default);
    let selected = secs.iter().copied().filter(|s| *s <= wanted).max().unwrap_or(secs[0]);
    secs.into_iter()
        .map(|s| TtlChoice { secs: s, label: span(s), selected: s == selected })
        .collect()
}

fn create_template<'a>(
    state: &AppState,
    visitor: &Visitor,
    error: Option<&'a str>,
    secret: &'a str,
    ttl: Option<u64>,
) -> CreateTemplate<'a> {
    let caller = visitor.caller();
    CreateTemplate {
        frame: Frame::new(state, visitor, "Share a secret"),
        can_conceal: guest::permits(state, &caller, GuestOp::Conceal),
        can_generate: guest::permits(state, &caller, GuestOp::Generate),
        error,
        secret,
        max_bytes: state.inner.config.secret_max_bytes,
        ttls: ttl_choices(state, &caller, ttl),
        passphrase_required: state.inner.config.passphrase_required,
    }
}

/// `GET /`: the create form.
pub(super) async fn create_page(State(state): State<AppState>, visitor: Visitor) -> Response {
    let template = create_template(&state, &visitor, None, "", None);
    page(&state, &visitor, StatusCode::OK, &template)
}

/// `POST /`: creates the secret (or a generated password) and answers `303` to its receipt.
/// A value the service refuses comes back in the form with the reason.
pub(super) async fn create(
    State(state): State<AppState>,
    client: ClientIp,
    form: WebForm,
) -> Result<Response, WebError> {
    let WebForm { visitor, params } = form;
    let generate = params.get("kind") == Some("generate");
    let op = if generate { GuestOp::Generate } else { GuestOp::Conceal };
    let caller = gate(&state, visitor.caller(), op)?;
    let secret = Zeroizing::new(params.get("secret").unwrap_or_default().to_owned());
    let ttl = match params.non_empty("ttl").map(str::parse::<u64>) {
        None => None,
        Some(Ok(secs)) => Some(secs),
        Some(Err(_)) => return Err(ApiError::invalid("ttl", "Choose an expiry").into()),
    };
    let value = if generate {
        SecretValue::Generate { length: DEFAULT_LENGTH, sets: CharacterSets::default() }
    } else {
        SecretValue::Given(secret.clone())
    };
    let request = CreateRequest {
        value,
        passphrase: params.get("passphrase").map(str::to_owned),
        ttl,
        recipients: Vec::new(),
    };
    match service::create(&state, request, &caller, client).await {
        Ok(created) => Ok(see_other(&format!("/receipt/{}", created.receipt.id.expose()))),
        Err(ApiError::Invalid { message, .. }) => {
            let shown = if generate { "" } else { secret.as_str() };
            let template = create_template(&state, &visitor, Some(message.as_ref()), shown, ttl);
            Ok(page(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &template))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /receipt/{id}`: the creator's view. Shows a generated password once, in its first
/// minute, as the APIs do; a `HEAD` (a link checker's) leaves it to be shown.
pub(super) async fn receipt(
    State(state): State<AppState>,
    method: Method,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    gate(&state, visitor.caller(), GuestOp::Receipt)?;
    let view = service::receipt(&state, &id).await?;
    let generated =
        if method == Method::HEAD { None } else { service::take_generated(&state, &view).await? };
    let r = &view.record;
    let mut events = vec![Event { what: "Created", at: when(r.created) }];
    let happened = [("Opened", r.previewed), ("Revealed", r.revealed), ("Burned", r.burned)];
    events.extend(
        happened.into_iter().filter_map(|(what, t)| t.map(|t| Event { what, at: when(t) })),
    );
    match view.state {
        ReceiptState::Expired => events.push(Event { what: "Expired", at: when(r.secret_expires) }),
        s if s.is_live() => events.push(Event { what: "Expires", at: when(r.secret_expires) }),
        _ => {}
    }
    let share_link = format!("{}/secret/{}", state.inner.public_base, view.secret_id.expose());
    let template = ReceiptTemplate {
        frame: Frame::new(&state, &visitor, "Your secret link"),
        receipt_id: view.id.expose(),
        state: state_label(view.state),
        state_class: state_class(view.state),
        live: view.state.is_live(),
        share_link: &share_link,
        generated: generated.as_ref().map(|g| g.as_str()),
        has_passphrase: r.has_passphrase,
        events,
    };
    Ok(page(&state, &visitor, StatusCode::OK, &template))
}

/// `GET /receipt/{id}/burn`: the confirmation step. Changes nothing.
pub(super) async fn burn_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    gate(&state, visitor.caller(), GuestOp::Burn)?;
    let view = service::receipt(&state, &id).await?;
    if !view.state.is_live() {
        return Ok(see_other(&format!("/receipt/{}", view.id.expose())));
    }
    let template = BurnTemplate {
        frame: Frame::new(&state, &visitor, "Burn this secret?"),
        receipt_id: view.id.expose(),
    };
    Ok(page(&state, &visitor, StatusCode::OK, &template))
}

/// `POST /receipt/{id}/burn`: burns, then back to the receipt, which shows the outcome. A
/// secret that is already gone is no error here: the receipt says what became of it.
pub(super) async fn burn(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: WebForm,
) -> Result<Response, WebError> {
    gate(&state, form.visitor.caller(), GuestOp::Burn)?;
    match service::burn(&state, &id).await {
        Ok(view) => Ok(see_other(&format!("/receipt/{}", view.id.expose()))),
        Err(ApiError::UnknownSecret(_)) => {
            let view = service::receipt(&state, &id).await?;
            Ok(see_other(&format!("/receipt/{}", view.id.expose())))
        }
        Err(e) => Err(e.into()),
    }
}

/// The one page for every secret that cannot be revealed: unknown, revealed, burned, expired.
fn gone(state: &AppState, visitor: &Visitor) -> Response {
    let template = GoneTemplate { frame: Frame::new(state, visitor, "Not available") };
    page(state, visitor, StatusCode::NOT_FOUND, &template)
}

/// `GET /secret/{id}` (and `HEAD`): "Click to reveal", or the passphrase prompt. Never
/// consumes; the receipt records that the link was opened.
pub(super) async fn secret_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    gate(&state, visitor.caller(), GuestOp::Show)?;
    let Some(view) = service::peek(&state, &id, Look::Preview).await? else {
        return Ok(gone(&state, &visitor));
    };
    let template = SecretTemplate {
        frame: Frame::new(&state, &visitor, "You have been sent a secret"),
        secret_id: view.id.expose(),
        has_passphrase: view.has_passphrase,
        error: None,
    };
    Ok(page(&state, &visitor, StatusCode::OK, &template))
}

/// `POST /secret/{id}`: reveals. The value is in this response only; the page after a reload
/// or a return to the link is the "not available" one.
pub(super) async fn reveal(
    State(state): State<AppState>,
    client: ClientIp,
    Path(id): Path<String>,
    form: WebForm,
) -> Result<Response, WebError> {
    let WebForm { visitor, params } = form;
    gate(&state, visitor.caller(), GuestOp::Reveal)?;
    match service::reveal(&state, &id, params.get("passphrase"), client).await {
        Ok(revealed) => {
            let template = RevealedTemplate {
                frame: Frame::new(&state, &visitor, "Your secret"),
                value: revealed.value.as_str(),
            };
            Ok(page(&state, &visitor, StatusCode::OK, &template))
        }
        Err(ApiError::WrongPassphrase(_)) => {
            let template = SecretTemplate {
                frame: Frame::new(&state, &visitor, "You have been sent a secret"),
                secret_id: &id,
                has_passphrase: true,
                error: Some("That passphrase is not right. Check it and try again."),
            };
            Ok(page(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &template))
        }
        Err(ApiError::UnknownSecret(_)) => Ok(gone(&state, &visitor)),
        Err(e) => Err(e.into()),
    }
}
