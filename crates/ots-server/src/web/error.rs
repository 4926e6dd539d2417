//! Failures on the pages, shown as pages.
//!
//! Handlers return [`WebError`]; its response carries only an [`ErrorPage`] extension, and the
//! web router's [`render`] layer, which has the state a page needs, turns that into the HTML
//! error page. The same split as the APIs' error renderers, for the same reason.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::PAGE_CSP;
use super::pages::{ErrorTemplate, Frame, html};
use crate::error::ApiError;
use crate::state::AppState;

/// Why a page could not be served.
#[derive(Debug)]
pub(crate) enum WebError {
    /// A service failure.
    Api(ApiError),
    /// A form post without a valid anti-forgery token.
    Forgery,
}

impl<E: Into<ApiError>> From<E> for WebError {
    fn from(e: E) -> Self {
        Self::Api(e.into())
    }
}

/// What the error page shows.
#[derive(Debug, Clone)]
pub(crate) struct ErrorPage {
    pub(crate) status: StatusCode,
    pub(crate) title: &'static str,
    pub(crate) message: String,
}

fn minutes(secs: u64) -> String {
    match secs.div_ceil(60) {
        0 | 1 => "a minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

impl WebError {
    /// The page for this error. Its status is the API's for the same error (one table,
    /// `ApiError::status`); only the words are the pages' own.
    fn page(&self) -> ErrorPage {
        let e = match self {
            Self::Forgery => {
                return ErrorPage {
                    status: StatusCode::FORBIDDEN,
                    title: "This form has expired",
                    message: "The form was not sent from a page of this site, or the page is too \
                              old. Go back, reload the page and try again. (Cookies must be \
                              allowed for this site.)"
                        .to_owned(),
                };
            }
            Self::Api(e) => e,
        };
        let (title, message) = match e {
            ApiError::UnknownSecret(_) | ApiError::NoRoute => (
                "Not found",
                "There is nothing at this address. The link may be wrong, or what it pointed to \
                 has expired."
                    .to_owned(),
            ),
            ApiError::Unauthorized => {
                ("Please sign in", "This page is for signed-in accounts.".to_owned())
            }
            ApiError::GuestRoutesDisabled => (
                "Please sign in",
                "On this server, this is only available to signed-in accounts.".to_owned(),
            ),
            ApiError::Forbidden(why) => ("Not allowed", why.to_string()),
            ApiError::RateLimited { retry_after } | ApiError::PassphraseLocked { retry_after } => (
                "Too many attempts",
                format!("Please wait {} and try again.", minutes(*retry_after)),
            ),
            ApiError::PayloadTooLarge => {
                ("Too large", "That is more than this server accepts.".to_owned())
            }
            ApiError::Unavailable(_) => (
                "Temporarily unavailable",
                "The server cannot reach its storage right now. Nothing was lost; please try \
                 again in a moment."
                    .to_owned(),
            ),
            ApiError::Internal(_) => (
                "Something went wrong",
                "The server failed to answer. Please try again.".to_owned(),
            ),
            other => ("That did not work", other.to_string()),
        };
        ErrorPage { status: e.status(), title, message }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Self::Api(e) = &self {
            e.log();
        }
        let page = self.page();
        let mut response = page.status.into_response();
        if let Self::Api(e) = &self
            && let Some(secs) = e.retry_after()
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response.extensions_mut().insert(page);
        response
    }
}

/// Turns responses that carry an [`ErrorPage`] into the HTML error page.
pub(crate) async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    as_page(&state, response)
}

/// The HTML error page for a response that carries an [`ErrorPage`], keeping its headers
/// (`Retry-After`); any other response as it is.
fn as_page(state: &AppState, response: Response) -> Response {
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let template = ErrorTemplate {
        frame: Frame::bare(state, page.title),
        title: page.title,
        message: &page.message,
    };
    let mut out = html(page.status, &template);
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// The page for `e` where the web router's layers do not reach (refusals before routing, an
/// unknown address): the page they would make, with the pages' policy.
pub(crate) fn standalone_page(state: &AppState, e: ApiError) -> Response {
    let mut response = as_page(state, WebError::Api(e).into_response());
    response.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    response
}
