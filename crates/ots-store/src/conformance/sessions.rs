//! Conformance rules for web sign-in: account passwords and sessions.

use ots_core::Timestamp;

use super::{T0, account, fresh_name};
use crate::Store;
use crate::model::StoredSession;

/// An era long before every other test's `now`, for the sweep test, so its sweep cannot touch
/// other tests' records on a shared store.
const ERA: Timestamp = Timestamp(900_000_000);

fn fresh_digest() -> [u8; 32] {
    ots_core::random::bytes()
}

/// A session of the account with `email` and `account_id`.
fn session(email: &str, account_id: &str, created: Timestamp, ttl: u64) -> StoredSession {
    StoredSession {
        email: email.to_owned(),
        account_id: account_id.to_owned(),
        created,
        expires: created + ttl,
    }
}

pub async fn a_password_hash_can_be_set_and_read_back<S: Store>(store: S) {
    // Arrange: a token-only account has no password.
    let email = format!("{}@example.com", fresh_name("pw"));
    store.create_account(account(&email, T0)).await.unwrap();
    assert_eq!(store.account_by_email(&email).await.unwrap().unwrap().password_hash, None);

    // Act
    let set = store.set_password_hash(&email.to_uppercase(), "$argon2id$v=19$stand-in").await;

    // Assert
    assert!(set.unwrap());
    let found = store.account_by_email(&email).await.unwrap().unwrap();
    assert_eq!(found.password_hash.as_deref(), Some("$argon2id$v=19$stand-in"));
    assert_eq!(found.token_digest, [7; 32], "the token is untouched");
}

pub async fn an_account_created_with_a_password_hash_keeps_it<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("signup"));
    let mut new = account(&email, T0);
    new.password_hash = Some("$argon2id$v=19$from-sign-up".to_owned());

    store.create_account(new.clone()).await.unwrap();

    assert_eq!(store.account_by_email(&email).await.unwrap(), Some(new.clone()));
    let listed = store.list_accounts().await.unwrap();
    assert!(listed.contains(&new), "{listed:?}");
}

pub async fn setting_the_password_of_an_unknown_account_reports_false<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("nobody"));
    assert!(!store.set_password_hash(&email, "$argon2id$v=19$x").await.unwrap());
    assert_eq!(store.account_by_email(&email).await.unwrap(), None);
}

pub async fn a_session_is_found_by_its_digest_until_it_expires<S: Store>(store: S) {
    // Arrange
    let digest = fresh_digest();
    let new = session(&format!("{}@example.com", fresh_name("s")), "acct-s", T0, 3600);

    // Act
    store.create_session(digest, new.clone()).await.unwrap();

    // Assert
    assert_eq!(store.get_session(&digest, T0).await.unwrap(), Some(new.clone()));
    assert_eq!(store.get_session(&digest, T0 + 3599).await.unwrap(), Some(new));
    assert_eq!(store.get_session(&digest, T0 + 3600).await.unwrap(), None);
}

pub async fn a_live_session_is_found_with_its_account<S: Store>(store: S) {
    // Arrange: an account, a session of it, and a session naming no account.
    let email = format!("{}@example.com", fresh_name("with"));
    let owner = account(&email, T0);
    store.create_account(owner.clone()).await.unwrap();
    let (digest, orphan) = (fresh_digest(), fresh_digest());
    let live = session(&email, &owner.id, T0 + 10, 3600);
    store.create_session(digest, live.clone()).await.unwrap();
    let nobody = format!("{}@example.com", fresh_name("nobody"));
    store.create_session(orphan, session(&nobody, "acct-nobody", T0, 3600)).await.unwrap();

    // Act
    let found = store.session_account(&digest, T0 + 20).await.unwrap();

    // Assert: the account while the session lives; nothing once it expired, for a session
    // whose account does not exist, for an unknown digest, or after the account was removed.
    assert_eq!(found, Some(owner));
    assert_eq!(store.session_account(&digest, T0 + 10 + 3600).await.unwrap(), None);
    assert_eq!(store.session_account(&orphan, T0 + 20).await.unwrap(), None);
    assert_eq!(store.session_account(&fresh_digest(), T0 + 20).await.unwrap(), None);
    assert!(store.remove_account(&email).await.unwrap());
    assert_eq!(store.session_account(&digest, T0 + 20).await.unwrap(), None);
}

/// An e-mail removed and signed up again, in the same second: the old account's session does
/// not sign into the new account, although its e-mail matches and it is not older.
pub async fn a_session_finds_no_later_account_with_its_email<S: Store>(store: S) {
    // Arrange
    let email = format!("{}@example.com", fresh_name("again"));
    let old = account(&email, T0);
    store.create_account(old.clone()).await.unwrap();
    let digest = fresh_digest();
    store.create_session(digest, session(&email, &old.id, T0, 3600)).await.unwrap();
    assert!(store.remove_account(&email).await.unwrap());
    let new = account(&email, T0);
    store.create_account(new.clone()).await.unwrap();

    // Act
    let found = store.session_account(&digest, T0 + 1).await.unwrap();

    // Assert: neither that session nor one from before sessions named their account's id.
    assert_eq!(found, None, "the old session found the new account");
    let from_before = fresh_digest();
    store.create_session(from_before, session(&email, "", T0, 3600)).await.unwrap();
    assert_eq!(store.session_account(&from_before, T0 + 1).await.unwrap(), None);
    let fresh = fresh_digest();
    store.create_session(fresh, session(&email, &new.id, T0, 3600)).await.unwrap();
    assert_eq!(store.session_account(&fresh, T0 + 1).await.unwrap(), Some(new));
}

pub async fn an_unknown_session_digest_finds_nothing<S: Store>(store: S) {
    assert_eq!(store.get_session(&fresh_digest(), T0).await.unwrap(), None);
    assert!(!store.delete_session(&fresh_digest()).await.unwrap());
}

pub async fn a_session_ends_once_deleted<S: Store>(store: S) {
    // Arrange: two sessions of one account.
    let email = format!("{}@example.com", fresh_name("out"));
    let (one, other) = (fresh_digest(), fresh_digest());
    store.create_session(one, session(&email, "acct-out", T0, 3600)).await.unwrap();
    store.create_session(other, session(&email, "acct-out", T0, 3600)).await.unwrap();

    // Act
    let first = store.delete_session(&one).await.unwrap();
    let second = store.delete_session(&one).await.unwrap();

    // Assert: only that session ended.
    assert!(first);
    assert!(!second);
    assert_eq!(store.get_session(&one, T0).await.unwrap(), None);
    assert!(store.get_session(&other, T0).await.unwrap().is_some());
}

/// What a sweep must not do, on every backend: end a live session. (Expired sessions are never
/// read back anyway; that SQLite's sweep deletes them from the file is a SQLite test.)
pub async fn a_sweep_keeps_live_sessions<S: Store>(store: S) {
    // Arrange, in an era after every other test's sessions.
    let email = format!("{}@example.com", fresh_name("sweep"));
    let (short, long) = (fresh_digest(), fresh_digest());
    store.create_session(short, session(&email, "acct-sweep", ERA, 60)).await.unwrap();
    store.create_session(long, session(&email, "acct-sweep", ERA, 3600)).await.unwrap();

    // Act
    store.sweep(ERA + 120).await.unwrap();

    // Assert
    assert_eq!(store.get_session(&short, ERA + 120).await.unwrap(), None);
    assert!(store.get_session(&long, ERA + 120).await.unwrap().is_some());
}
