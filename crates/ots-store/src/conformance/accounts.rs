//! Conformance rules for accounts, the expiry sweep and the health ping.

use ots_core::Timestamp;

use super::{
    T0, account, created, fresh_client, fresh_name, lockout_policy, new_records, receipt_of,
};
use crate::model::{Account, ClaimGuard};
use crate::{Store, StoreError};

/// An era long before [`T0`], for the sweep test, so its sweep cannot touch other tests' records
/// on a shared store.
const EARLY: Timestamp = Timestamp(1_000_000_000);

// ---- accounts -----------------------------------------------------------------------------

pub async fn an_account_is_found_by_email_whatever_its_case<S: Store>(store: S) {
    // Arrange
    let local = fresh_name("Someone");
    let email = format!("{local}@Example.COM");
    let new = account(&email, T0);

    // Act
    store.create_account(new.clone()).await.unwrap();
    let found = store.account_by_email(&email.to_uppercase()).await.unwrap();

    // Assert
    let found = found.expect("the account exists");
    assert_eq!(found.id, new.id);
    assert_eq!(found.email, email.to_lowercase());
    assert_eq!(found.token_digest, new.token_digest);
    assert_eq!(found.created, new.created);
}

pub async fn an_account_is_found_by_its_id<S: Store>(store: S) {
    let new = account(&format!("{}@example.com", fresh_name("byid")), T0);
    store.create_account(new.clone()).await.unwrap();

    let found = store.account_by_id(&new.id).await.unwrap();
    let unknown = store.account_by_id(&fresh_name("acct")).await.unwrap();

    assert_eq!(found.map(|a| a.email), Some(new.email));
    assert_eq!(unknown, None);
}

pub async fn an_unknown_email_finds_no_account<S: Store>(store: S) {
    let found = store.account_by_email(&format!("{}@example.com", fresh_name("x"))).await;
    assert_eq!(found.unwrap(), None);
}

pub async fn a_second_account_with_the_same_email_is_a_conflict<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("dup"));
    store.create_account(account(&email, T0)).await.unwrap();

    let again = store.create_account(account(&email.to_uppercase(), T0 + 1)).await;

    assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
}

pub async fn accounts_are_listed_oldest_first<S: Store>(store: S) {
    // Arrange: the newer one is created first, so insertion order is not what is tested.
    let newer = account(&format!("{}@example.com", fresh_name("newer")), T0 + 10);
    let older = account(&format!("{}@example.com", fresh_name("older")), T0);
    store.create_account(newer.clone()).await.unwrap();
    store.create_account(older.clone()).await.unwrap();

    // Act
    let list = store.list_accounts().await.unwrap();

    // Assert
    let pos = |a: &Account| list.iter().position(|x| x.id == a.id).expect("listed");
    assert!(pos(&older) < pos(&newer), "{list:?}");
    assert_eq!(list[pos(&older)], older);
}

/// More accounts than a backend might read in one batch (Redis reads 500 per round trip).
pub async fn many_accounts_are_each_listed_once_in_order<S: Store>(store: S) {
    // Arrange
    let tag = fresh_name("many");
    let ours: Vec<Account> =
        (0..1100).map(|i| account(&format!("{tag}-{i}@example.com"), T0 + 100 + i)).collect();
    for a in &ours {
        store.create_account(a.clone()).await.unwrap();
    }

    // Act
    let list = store.list_accounts().await.unwrap();

    // Assert
    let listed: Vec<&Account> = list.iter().filter(|a| a.email.starts_with(&tag)).collect();
    assert_eq!(listed.len(), ours.len());
    for (listed, ours) in listed.iter().zip(&ours) {
        assert_eq!(*listed, ours);
    }
}

pub async fn a_token_digest_can_be_replaced<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("tok"));
    store.create_account(account(&email, T0)).await.unwrap();

    let replaced = store.set_token_digest(&email.to_uppercase(), [9; 32]).await.unwrap();

    assert!(replaced);
    let found = store.account_by_email(&email).await.unwrap().unwrap();
    assert_eq!(found.token_digest, [9; 32]);
}

pub async fn replacing_the_token_of_an_unknown_account_reports_false<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("ghost"));
    assert!(!store.set_token_digest(&email, [9; 32]).await.unwrap());
}

pub async fn an_account_can_be_removed_once<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("gone"));
    store.create_account(account(&email, T0)).await.unwrap();

    let first = store.remove_account(&email).await.unwrap();
    let second = store.remove_account(&email).await.unwrap();

    assert!(first);
    assert!(!second);
    assert_eq!(store.account_by_email(&email).await.unwrap(), None);
}

pub async fn a_removed_account_is_not_found_by_its_id<S: Store>(store: S) {
    let new = account(&format!("{}@example.com", fresh_name("gone")), T0);
    store.create_account(new.clone()).await.unwrap();

    store.remove_account(&new.email).await.unwrap();

    assert_eq!(store.account_by_id(&new.id).await.unwrap(), None);
}

// ---- sweep and ping -----------------------------------------------------------------------

pub async fn a_sweep_removes_the_expired_and_keeps_the_live<S: Store>(store: S) {
    // Arrange, in an era before every other test's records, so this sweep touches only ours.
    let expired = created(&store, new_records(60, EARLY, None, true)).await;
    let live = created(&store, new_records(3600, EARLY, Some(&fresh_name("owner")), false)).await;
    let at = EARLY + 200;
    let client = fresh_client();
    store
        .record_passphrase_failure(&expired.secret.index, &client, lockout_policy(), EARLY + 1)
        .await
        .unwrap();

    // Act
    store.sweep(at).await.unwrap();

    // Assert
    assert_eq!(store.get_secret(&expired.secret.index, at).await.unwrap(), None);
    assert_eq!(store.get_receipt(&expired.receipt.index, at).await.unwrap(), None);
    assert_eq!(store.get_secret(&live.secret.index, at).await.unwrap(), Some(live.secret.clone()));
    assert_eq!(receipt_of(&store, &live, at).await, live.receipt);
    let claimed = store.claim_secret(&live.secret.index, ClaimGuard::Any, at).await.unwrap();
    assert!(claimed.is_some());
}

pub async fn a_sweep_does_not_touch_accounts<S: Store>(store: S) {
    let email = format!("{}@example.com", fresh_name("kept"));
    store.create_account(account(&email, EARLY)).await.unwrap();

    store.sweep(EARLY + 1).await.unwrap();

    assert!(store.account_by_email(&email).await.unwrap().is_some());
}

pub async fn a_ping_succeeds<S: Store>(store: S) {
    store.ping().await.unwrap();
}
