//! One askama template struct per page, and what every page shares ([`Frame`]).
//!
//! Templates live in `crates/ots-server/templates/` and are checked at compile time;
//! auto-escaping is on for every value. A page is rendered with [`html`], which sets the
//! content type; the web router's layer adds the security headers.

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use ots_core::{ReceiptState, Timestamp};

use super::visitor::Visitor;
use crate::state::AppState;

/// What the layout needs: asset URLs, the visitor's account and form token, the site's switches.
/// `Debug` leaves out the form token.
pub(crate) struct Frame {
    pub(crate) title: String,
    pub(crate) css: String,
    pub(crate) js: String,
    pub(crate) icon: String,
    /// The signed-in account's e-mail.
    pub(crate) email: Option<String>,
    pub(crate) csrf: String,
    pub(crate) signup: bool,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("title", &self.title)
            .field("email", &self.email)
            .field("signup", &self.signup)
            .finish_non_exhaustive()
    }
}

impl Frame {
    pub(crate) fn new(state: &AppState, visitor: &Visitor, title: &str) -> Self {
        let mut frame = Self::bare(state, title);
        frame.email = visitor.email().map(str::to_owned);
        frame.csrf.clone_from(&visitor.csrf);
        frame
    }

    /// A frame without a visitor (error pages): no account menu.
    pub(crate) fn bare(state: &AppState, title: &str) -> Self {
        let assets = &state.inner.assets;
        Self {
            title: title.to_owned(),
            css: assets.url("app.css").to_owned(),
            js: assets.url("app.js").to_owned(),
            icon: assets.url("icon.svg").to_owned(),
            email: None,
            csrf: String::new(),
            signup: state.inner.config.signup,
        }
    }
}

/// Renders a page with `status`. A template that fails to render is a 500 (logged).
pub(crate) fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

/// A time as people read it: `2026-11-29 23:10 UTC`.
pub(crate) fn when(t: Timestamp) -> String {
    let secs = t.secs();
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// A duration as people say it: `5 minutes`, `1 hour`, `7 days`.
pub(crate) fn span(secs: u64) -> String {
    let (n, unit) = match secs {
        s if s >= 86_400 => (s / 86_400, "day"),
        s if s >= 3600 => (s / 3600, "hour"),
        s if s >= 60 => (s / 60, "minute"),
        s => (s, "second"),
    };
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

/// The name of a receipt state on the pages.
pub(crate) fn state_label(state: ReceiptState) -> &'static str {
    match state {
        ReceiptState::New => "New: not opened yet",
        ReceiptState::Previewed => "Opened: the link was opened, the secret not revealed yet",
        ReceiptState::Revealed => "Revealed: the secret was shown and is gone",
        ReceiptState::Burned => "Burned: the secret was destroyed unread",
        ReceiptState::Expired => "Expired: nobody revealed the secret in time",
        ReceiptState::Orphaned => "Gone",
    }
}

/// The one-word name of a receipt state: the start of its [`state_label`].
pub(crate) fn state_name(state: ReceiptState) -> &'static str {
    state_label(state).split(':').next().unwrap_or_default()
}

/// The style class of a receipt state: still live, revealed, or gone.
pub(crate) fn state_class(state: ReceiptState) -> &'static str {
    match state {
        ReceiptState::New | ReceiptState::Previewed => "state-live",
        ReceiptState::Revealed => "state-done",
        _ => "state-gone",
    }
}

/// A choice of the expiry menu.
#[derive(Debug)]
pub(crate) struct TtlChoice {
    pub(crate) secs: u64,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

#[derive(Template)]
#[template(path = "create.html")]
pub(crate) struct CreateTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) can_conceal: bool,
    pub(crate) can_generate: bool,
    pub(crate) error: Option<&'a str>,
    pub(crate) secret: &'a str,
    pub(crate) max_bytes: usize,
    pub(crate) ttls: Vec<TtlChoice>,
    pub(crate) passphrase_required: bool,
}

/// One line of the receipt's history.
#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) what: &'static str,
    pub(crate) at: String,
}

#[derive(Template)]
#[template(path = "receipt.html")]
pub(crate) struct ReceiptTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) receipt_id: &'a str,
    pub(crate) state: &'static str,
    pub(crate) state_class: &'static str,
    pub(crate) live: bool,
    pub(crate) share_link: &'a str,
    pub(crate) generated: Option<&'a str>,
    pub(crate) has_passphrase: bool,
    pub(crate) events: Vec<Event>,
}

#[derive(Template)]
#[template(path = "burn.html")]
pub(crate) struct BurnTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) receipt_id: &'a str,
}

#[derive(Template)]
#[template(path = "secret.html")]
pub(crate) struct SecretTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) secret_id: &'a str,
    pub(crate) has_passphrase: bool,
    pub(crate) error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "revealed.html")]
pub(crate) struct RevealedTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) value: &'a str,
}

#[derive(Template)]
#[template(path = "gone.html")]
pub(crate) struct GoneTemplate {
    pub(crate) frame: Frame,
}

#[derive(Template)]
#[template(path = "signin.html")]
pub(crate) struct SignInTemplate<'a> {
    pub(crate) frame: Frame,
    /// `signin` or `signup`.
    pub(crate) mode: &'static str,
    pub(crate) email: &'a str,
    pub(crate) error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "account.html")]
pub(crate) struct AccountTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) email: &'a str,
    pub(crate) created: String,
    pub(crate) has_password: bool,
    pub(crate) new_token: Option<&'a str>,
}

/// One receipt on the dashboard.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) receipt_id: String,
    pub(crate) short: String,
    pub(crate) created: String,
    pub(crate) state: &'static str,
    pub(crate) state_class: &'static str,
    pub(crate) live: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub(crate) struct DashboardTemplate {
    pub(crate) frame: Frame,
    pub(crate) rows: Vec<Row>,
    /// The window and cap of the list (`service::RECENT_WINDOW_SECS`, `RECENT_LIMIT`).
    pub(crate) days: u64,
    pub(crate) limit: usize,
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorTemplate<'a> {
    pub(crate) frame: Frame,
    pub(crate) title: &'a str,
    pub(crate) message: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(when(Timestamp(0)), "1970-01-01 00:00 UTC");
        assert_eq!(when(Timestamp(1_800_000_000)), "2027-01-15 08:00 UTC");
        assert_eq!(when(Timestamp(951_825_600)), "2000-02-29 12:00 UTC");
    }

    #[test]
    fn spans_read_in_the_largest_whole_unit() {
        assert_eq!(span(300), "5 minutes");
        assert_eq!(span(3600), "1 hour");
        assert_eq!(span(604_800), "7 days");
        assert_eq!(span(59), "59 seconds");
    }
}
