//! What accounts are made of: their e-mail (the sign-in name), external id and tokens. The
//! command line (`ots user …`) and the web pages create accounts the same way through these.

use zeroize::Zeroizing;

use crate::id::random_base36;

/// Length of an account's external id (`user_id`), in base36 characters.
const ACCOUNT_ID_LEN: usize = 20;
/// Length of an API or session token: 62 base36 characters, about 320 random bits.
pub const TOKEN_LEN: usize = 62;

/// An e-mail address as accounts are keyed by it: trimmed and lowercased, with one `@`, a
/// non-empty local part, a dot in the domain (not leading), no whitespace, at most 254 bytes.
/// `None` when `raw` is not one.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
        });
    ok.then_some(email)
}

/// A new account's external id.
pub fn new_account_id() -> String {
    random_base36(ACCOUNT_ID_LEN)
}

/// A new API token or web session token. Only its digest
/// ([`crate::crypto::token_digest`]) is ever stored.
pub fn new_token() -> Zeroizing<String> {
    Zeroizing::new(random_base36(TOKEN_LEN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(normalize_email(" Alice@Example.COM ").as_deref(), Some("alice@example.com"));
        for bad in ["", "alice", "alice@", "@example.com", "a b@example.com", "a@b@c.d", "a@.x"] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
        assert_eq!(normalize_email(&format!("{}@example.com", "a".repeat(250))), None);
    }

    #[test]
    fn ids_and_tokens_have_their_lengths_and_differ() {
        assert_eq!(new_account_id().len(), ACCOUNT_ID_LEN);
        assert_eq!(new_token().len(), TOKEN_LEN);
        assert_ne!(*new_token(), *new_token());
    }
}
