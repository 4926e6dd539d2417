//! Guest access: each operation anonymous callers may use can be switched off in the
//! configuration (`guest_conceal`, …), and then answers 403 `GuestRoutesDisabled`.
//!
//! The switches apply to anonymous callers on the ordinary routes of both API versions (v1 has
//! no other way in for a guest) and to everyone on v2's `/guest/…` routes, which always act as
//! a guest. Credentials that do not verify are refused
//! (401) before any of this: the `Caller` extractor never turns them into a guest.

use crate::error::ApiError;
use crate::extract::Caller;
use crate::state::AppState;

/// An operation a guest may be allowed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GuestOp {
    Conceal,
    Generate,
    Show,
    Reveal,
    Receipt,
    Burn,
}

/// Whether the switch for `op` lets guests do it.
fn allowed(state: &AppState, op: GuestOp) -> bool {
    let c = &state.inner.config;
    match op {
        GuestOp::Conceal => c.guest_conceal,
        GuestOp::Generate => c.guest_generate,
        GuestOp::Show => c.guest_show,
        GuestOp::Reveal => c.guest_reveal,
        GuestOp::Receipt => c.guest_receipt,
        GuestOp::Burn => c.guest_burn,
    }
}

/// Whether `caller` may do `op`: account holders always; guests when the switch is on.
pub(crate) fn permits(state: &AppState, caller: &Caller, op: GuestOp) -> bool {
    caller.account().is_some() || allowed(state, op)
}

/// On an ordinary route: the caller, when [`permits`] lets it through.
pub(crate) fn gate(state: &AppState, caller: Caller, op: GuestOp) -> Result<Caller, ApiError> {
    if permits(state, &caller, op) { Ok(caller) } else { Err(ApiError::GuestRoutesDisabled) }
}

/// On a `/guest/…` route: the request acts as a guest, when the switch is on. Handlers still
/// extract the `Caller` first, so credentials that do not verify are refused (401) here too.
pub(crate) fn as_guest(state: &AppState, op: GuestOp) -> Result<Caller, ApiError> {
    if allowed(state, op) { Ok(Caller::Guest) } else { Err(ApiError::GuestRoutesDisabled) }
}
