//! The rules every [`Store`] backend must keep, written once and run against each backend.
//!
//! Each `pub async fn` here checks one behaviour against a fresh store. A backend's test file
//! runs them all with one line:
//!
//! ```ignore
//! async fn make() -> (SqliteStore, TempDir) { /* a fresh store and what backs it */ }
//! ots_store::conformance_suite!(make);
//! ```
//!
//! The functions never assume the store is empty: every record is keyed by fresh random ids,
//! every owner, client, bucket and e-mail is random, and the one test that sweeps does so in a
//! time far before the others use. So the suite is just as isolated on one shared Redis as on a
//! SQLite file per test.
//!
//! Time is always passed in (`now`): nothing here sleeps or reads a clock.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;

use ots_core::crypto::{IndexKey, KdfParams, ServerKey};
use ots_core::id::random_base36;
use ots_core::{ReceiptId, ReceiptState, SecretId, SecretKind, Timestamp};
use tokio::sync::Barrier;

use crate::model::{
    Account, ClaimGuard, Lockout, LockoutPolicy, NewRecords, RateDecision, StoredReceipt,
    StoredSecret,
};
use crate::{Store, StoreError};

/// "Now" for most tests: any fixed time works, since the store never reads a clock.
pub const T0: Timestamp = Timestamp(1_750_000_000);
/// An era long before [`T0`], for the sweep test, so its sweep cannot touch other tests' records
/// on a shared store.
const EARLY: Timestamp = Timestamp(1_000_000_000);
/// Rounds of each race.
const RACE_ROUNDS: usize = 50;
/// Claimers per round in the claim race.
const CLAIMERS: usize = 64;

/// The server key the suite derives its indexes with.
pub fn server_key() -> ServerKey {
    ServerKey::from_secret("the ots conformance suite's server key, not a real one").unwrap()
}

/// The index of a secret nobody created.
pub fn unknown_secret_index() -> IndexKey {
    server_key().secret_index(&SecretId::generate())
}

/// The index of a receipt nobody created.
pub fn unknown_receipt_index() -> IndexKey {
    server_key().receipt_index(&ReceiptId::generate())
}

/// A fresh client index, as the server derives one from an IP address.
pub fn fresh_client() -> IndexKey {
    server_key().client_index(&format!("198.51.100.{}", random_base36(12)))
}

/// A random name that no other test uses (owners, buckets, e-mails).
pub fn fresh_name(prefix: &str) -> String {
    format!("{prefix}-{}", random_base36(16))
}

/// The KDF parameters of a passphrase-protected test secret (cheap: the store never runs them).
pub fn test_kdf() -> KdfParams {
    KdfParams { m_cost: 64, t_cost: 1, p_cost: 1, salt: [1; 16] }
}

/// A secret and its receipt with fresh ids, created at `now`, living `ttl` seconds (the receipt
/// twice that), owned by `owner` when given, with a passphrase when `passphrase`. The sealed
/// bytes are arbitrary: the store treats them as opaque.
pub fn new_records(ttl: u64, now: Timestamp, owner: Option<&str>, passphrase: bool) -> NewRecords {
    let key = server_key();
    let secret_index = key.secret_index(&SecretId::generate());
    let receipt_index = key.receipt_index(&ReceiptId::generate());
    let secret = StoredSecret {
        index: secret_index,
        receipt_index,
        sealed_value: format!("sealed value {}", random_base36(8)).into_bytes(),
        kdf: passphrase.then(test_kdf),
        created: now,
        expires: now + ttl,
    };
    let receipt = StoredReceipt {
        index: receipt_index,
        secret_index,
        sealed_link: format!("sealed link {}", random_base36(8)).into_bytes(),
        owner: owner.map(str::to_owned),
        owner_sealed_id: owner.map(|_| b"sealed receipt id".to_vec()),
        kind: SecretKind::Conceal,
        state: ReceiptState::New,
        has_passphrase: passphrase,
        recipients: vec!["a***@example.com".to_owned(), "b***@example.org".to_owned()],
        share_domain: String::new(),
        memo: None,
        lifespan: ttl,
        created: now,
        updated: now,
        previewed: None,
        revealed: None,
        burned: None,
        secret_expires: now + ttl,
        expires: now + 2 * ttl,
    };
    NewRecords { secret, receipt }
}

/// A guest secret without a passphrase, created at [`T0`], living an hour.
pub fn guest_records() -> NewRecords {
    new_records(3600, T0, None, false)
}

/// Creates `records` and returns them, failing the test if the store refuses.
async fn created<S: Store>(store: &S, records: NewRecords) -> NewRecords {
    store.create(records.clone()).await.expect("create");
    records
}

async fn receipt_of<S: Store>(store: &S, records: &NewRecords, now: Timestamp) -> StoredReceipt {
    store.get_receipt(&records.receipt.index, now).await.unwrap().expect("the receipt exists")
}

fn account(email: &str, created: Timestamp) -> Account {
    Account { id: fresh_name("acct"), email: email.to_owned(), token_digest: [7; 32], created }
}

// ---- create and read ----------------------------------------------------------------------

pub async fn a_created_secret_can_be_read_back_unchanged<S: Store>(store: S) {
    let r = created(&store, new_records(3600, T0, None, true)).await;

    let got = store.get_secret(&r.secret.index, T0 + 1).await.unwrap();

    assert_eq!(got, Some(r.secret));
}

pub async fn a_created_receipt_can_be_read_back_unchanged<S: Store>(store: S) {
    let r = created(&store, new_records(3600, T0, Some(&fresh_name("owner")), true)).await;

    let got = store.get_receipt(&r.receipt.index, T0 + 1).await.unwrap();

    assert_eq!(got, Some(r.receipt));
}

pub async fn reading_a_secret_does_not_consume_it<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    let first = store.get_secret(&r.secret.index, T0 + 1).await.unwrap();
    let second = store.get_secret(&r.secret.index, T0 + 2).await.unwrap();

    assert_eq!(first, Some(r.secret.clone()));
    assert_eq!(second, Some(r.secret.clone()));
    assert_eq!(receipt_of(&store, &r, T0 + 2).await.state, ReceiptState::New);
}

pub async fn reading_an_unknown_secret_finds_nothing<S: Store>(store: S) {
    assert_eq!(store.get_secret(&unknown_secret_index(), T0).await.unwrap(), None);
}

pub async fn reading_an_unknown_receipt_finds_nothing<S: Store>(store: S) {
    assert_eq!(store.get_receipt(&unknown_receipt_index(), T0).await.unwrap(), None);
}

// ---- claim (reveal) -----------------------------------------------------------------------

pub async fn a_claim_returns_the_secret_and_marks_the_receipt_revealed<S: Store>(store: S) {
    // Arrange
    let r = created(&store, guest_records()).await;
    let at = T0 + 30;

    // Act
    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::NoPassphrase, at).await.unwrap();

    // Assert
    assert_eq!(claimed, Some(r.secret.clone()));
    let receipt = receipt_of(&store, &r, at).await;
    assert_eq!(receipt.state, ReceiptState::Revealed);
    assert_eq!(receipt.state_at(at), ReceiptState::Revealed);
    assert_eq!(receipt.revealed, Some(at));
    assert_eq!(receipt.burned, None);
    assert_eq!(store.get_secret(&r.secret.index, at).await.unwrap(), None);
}

pub async fn a_claimed_secret_cannot_be_claimed_again<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    let first = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap();

    let second = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 2).await.unwrap();

    assert!(first.is_some());
    assert_eq!(second, None);
    assert_eq!(receipt_of(&store, &r, T0 + 2).await.revealed, Some(T0 + 1));
}

pub async fn claiming_an_unknown_secret_finds_nothing<S: Store>(store: S) {
    let claimed = store.claim_secret(&unknown_secret_index(), ClaimGuard::Any, T0).await.unwrap();
    assert_eq!(claimed, None);
}

pub async fn a_claim_without_passphrase_does_not_take_a_passphrase_secret<S: Store>(store: S) {
    // Arrange
    let r = created(&store, new_records(3600, T0, None, true)).await;

    // Act
    let claimed =
        store.claim_secret(&r.secret.index, ClaimGuard::NoPassphrase, T0 + 1).await.unwrap();

    // Assert
    assert_eq!(claimed, None);
    assert_eq!(store.get_secret(&r.secret.index, T0 + 1).await.unwrap(), Some(r.secret.clone()));
    let receipt = receipt_of(&store, &r, T0 + 1).await;
    assert_eq!(receipt.state, ReceiptState::New);
    assert_eq!(receipt.revealed, None);
}

pub async fn a_claim_of_any_secret_takes_a_passphrase_secret<S: Store>(store: S) {
    let r = created(&store, new_records(3600, T0, None, true)).await;

    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap();

    assert_eq!(claimed, Some(r.secret.clone()));
    assert_eq!(store.get_secret(&r.secret.index, T0 + 1).await.unwrap(), None);
    assert_eq!(receipt_of(&store, &r, T0 + 1).await.state, ReceiptState::Revealed);
}

// ---- expiry -------------------------------------------------------------------------------

pub async fn an_expired_secret_can_be_neither_read_nor_claimed<S: Store>(store: S) {
    // Arrange
    let r = created(&store, new_records(60, T0, None, false)).await;
    let expired = T0 + 60;

    // Act
    let read = store.get_secret(&r.secret.index, expired).await.unwrap();
    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::Any, expired).await.unwrap();

    // Assert
    assert_eq!(read, None);
    assert_eq!(claimed, None);
    let receipt = receipt_of(&store, &r, expired).await;
    assert_eq!(receipt.state_at(expired), ReceiptState::Expired);
    assert_eq!(receipt.revealed, None);
}

pub async fn a_secret_is_live_until_the_second_it_expires<S: Store>(store: S) {
    let r = created(&store, new_records(60, T0, None, false)).await;

    let just_before = store.get_secret(&r.secret.index, T0 + 59).await.unwrap();
    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 59).await.unwrap();

    assert!(just_before.is_some());
    assert!(claimed.is_some());
}

pub async fn a_receipt_past_its_own_expiry_is_absent<S: Store>(store: S) {
    // The receipt lives twice the secret's TTL: 120 s here.
    let r = created(&store, new_records(60, T0, None, false)).await;

    let just_before = store.get_receipt(&r.receipt.index, T0 + 119).await.unwrap();
    let after = store.get_receipt(&r.receipt.index, T0 + 120).await.unwrap();

    assert!(just_before.is_some());
    assert_eq!(after, None);
}

// ---- burn ---------------------------------------------------------------------------------

pub async fn a_burn_removes_the_secret_and_marks_the_receipt_burned<S: Store>(store: S) {
    // Arrange
    let r = created(&store, guest_records()).await;
    let at = T0 + 10;

    // Act
    let burned = store.burn(&r.receipt.index, at).await.unwrap();

    // Assert
    let burned = burned.expect("the burn succeeds");
    assert_eq!(burned.index, r.receipt.index);
    assert_eq!(burned.state, ReceiptState::Burned);
    assert_eq!(burned.burned, Some(at));
    assert_eq!(burned.revealed, None);
    assert_eq!(receipt_of(&store, &r, at).await, burned);
    assert_eq!(store.get_secret(&r.secret.index, at).await.unwrap(), None);
}

pub async fn a_burned_secret_cannot_be_burned_again<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    let first = store.burn(&r.receipt.index, T0 + 1).await.unwrap();

    let second = store.burn(&r.receipt.index, T0 + 2).await.unwrap();

    assert!(first.is_some());
    assert_eq!(second, None);
    assert_eq!(receipt_of(&store, &r, T0 + 2).await.burned, Some(T0 + 1));
}

pub async fn a_revealed_secret_cannot_be_burned<S: Store>(store: S) {
    // Arrange
    let r = created(&store, guest_records()).await;
    store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap().unwrap();

    // Act
    let burned = store.burn(&r.receipt.index, T0 + 2).await.unwrap();

    // Assert
    assert_eq!(burned, None);
    let receipt = receipt_of(&store, &r, T0 + 2).await;
    assert_eq!(receipt.state, ReceiptState::Revealed);
    assert_eq!(receipt.revealed, Some(T0 + 1));
    assert_eq!(receipt.burned, None);
}

pub async fn a_burned_secret_cannot_be_claimed<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    store.burn(&r.receipt.index, T0 + 1).await.unwrap().unwrap();

    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 2).await.unwrap();

    assert_eq!(claimed, None);
    let receipt = receipt_of(&store, &r, T0 + 2).await;
    assert_eq!(receipt.state, ReceiptState::Burned);
    assert_eq!(receipt.revealed, None);
}

pub async fn a_previewed_secret_can_be_burned<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    store.mark_previewed(&r.secret.index, T0 + 1).await.unwrap();

    let burned = store.burn(&r.receipt.index, T0 + 2).await.unwrap();

    let burned = burned.expect("the burn succeeds");
    assert_eq!(burned.state, ReceiptState::Burned);
    assert_eq!((burned.previewed, burned.burned), (Some(T0 + 1), Some(T0 + 2)));
    assert_eq!(store.get_secret(&r.secret.index, T0 + 2).await.unwrap(), None);
}

pub async fn burning_an_unknown_receipt_finds_nothing<S: Store>(store: S) {
    assert_eq!(store.burn(&unknown_receipt_index(), T0).await.unwrap(), None);
}

pub async fn an_expired_secret_cannot_be_burned<S: Store>(store: S) {
    let r = created(&store, new_records(60, T0, None, false)).await;

    let burned = store.burn(&r.receipt.index, T0 + 90).await.unwrap();

    assert_eq!(burned, None);
    assert_eq!(receipt_of(&store, &r, T0 + 90).await.state_at(T0 + 90), ReceiptState::Expired);
}

// ---- preview ------------------------------------------------------------------------------

pub async fn a_preview_marks_a_new_receipt_previewed<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    store.mark_previewed(&r.secret.index, T0 + 5).await.unwrap();

    let receipt = receipt_of(&store, &r, T0 + 5).await;
    assert_eq!(receipt.state, ReceiptState::Previewed);
    assert_eq!(receipt.previewed, Some(T0 + 5));
}

pub async fn a_second_preview_keeps_the_first_time<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    store.mark_previewed(&r.secret.index, T0 + 5).await.unwrap();
    store.mark_previewed(&r.secret.index, T0 + 9).await.unwrap();

    assert_eq!(receipt_of(&store, &r, T0 + 9).await.previewed, Some(T0 + 5));
}

pub async fn a_previewed_secret_can_still_be_claimed<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    store.mark_previewed(&r.secret.index, T0 + 5).await.unwrap();

    let claimed =
        store.claim_secret(&r.secret.index, ClaimGuard::NoPassphrase, T0 + 6).await.unwrap();

    assert_eq!(claimed, Some(r.secret.clone()));
    let receipt = receipt_of(&store, &r, T0 + 6).await;
    assert_eq!(receipt.state, ReceiptState::Revealed);
    assert_eq!(receipt.previewed, Some(T0 + 5));
    assert_eq!(receipt.revealed, Some(T0 + 6));
}

pub async fn a_preview_does_not_change_a_revealed_receipt<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;
    store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap().unwrap();

    store.mark_previewed(&r.secret.index, T0 + 2).await.unwrap();

    let receipt = receipt_of(&store, &r, T0 + 2).await;
    assert_eq!(receipt.state, ReceiptState::Revealed);
    assert_eq!(receipt.previewed, None);
}

pub async fn previewing_an_unknown_secret_is_not_an_error<S: Store>(store: S) {
    store.mark_previewed(&unknown_secret_index(), T0).await.unwrap();
}

// ---- memo ---------------------------------------------------------------------------------

pub async fn a_memo_is_saved_on_a_known_receipt<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    let saved = store.set_memo(&r.receipt.index, "for Alice, the VPN", T0 + 1).await.unwrap();

    assert!(saved);
    let receipt = receipt_of(&store, &r, T0 + 1).await;
    assert_eq!(receipt.memo.as_deref(), Some("for Alice, the VPN"));
    assert_eq!(receipt.state, ReceiptState::New);
}

pub async fn a_memo_on_an_unknown_receipt_is_not_saved<S: Store>(store: S) {
    let saved = store.set_memo(&unknown_receipt_index(), "memo", T0).await.unwrap();
    assert!(!saved);
}

pub async fn a_memo_on_an_expired_receipt_is_not_saved<S: Store>(store: S) {
    let r = created(&store, new_records(60, T0, None, false)).await;

    let saved = store.set_memo(&r.receipt.index, "too late", T0 + 120).await.unwrap();

    assert!(!saved);
    assert_eq!(receipt_of(&store, &r, T0 + 119).await.memo, None);
}

// ---- recent receipts ----------------------------------------------------------------------

pub async fn recent_receipts_are_the_owners_since_the_given_time_newest_first<S: Store>(store: S) {
    // Arrange: four receipts of `owner` ten seconds apart, one of someone else, one of a guest.
    let (owner, other) = (fresh_name("owner"), fresh_name("other"));
    let mut mine = Vec::new();
    for i in 0..4u64 {
        mine.push(created(&store, new_records(3600, T0 + 10 * i, Some(&owner), false)).await);
    }
    created(&store, new_records(3600, T0 + 15, Some(&other), false)).await;
    created(&store, new_records(3600, T0 + 15, None, false)).await;

    // Act
    let recent = store.recent_receipts(&owner, T0 + 10, T0 + 40, 100).await.unwrap();

    // Assert
    let got: Vec<IndexKey> = recent.iter().map(|r| r.index).collect();
    let want: Vec<IndexKey> = mine[1..].iter().rev().map(|r| r.receipt.index).collect();
    assert_eq!(got, want);
    assert!(recent.iter().all(|r| r.owner.as_deref() == Some(owner.as_str())));
}

pub async fn recent_receipts_respect_the_limit<S: Store>(store: S) {
    let owner = fresh_name("owner");
    let mut mine = Vec::new();
    for i in 0..5u64 {
        mine.push(created(&store, new_records(3600, T0 + i, Some(&owner), false)).await);
    }

    let recent = store.recent_receipts(&owner, T0, T0 + 10, 2).await.unwrap();

    let got: Vec<IndexKey> = recent.iter().map(|r| r.index).collect();
    assert_eq!(got, vec![mine[4].receipt.index, mine[3].receipt.index]);
}

pub async fn recent_receipts_of_an_unknown_owner_are_empty<S: Store>(store: S) {
    let recent = store.recent_receipts(&fresh_name("nobody"), T0, T0, 10).await.unwrap();
    assert!(recent.is_empty());
}

pub async fn recent_receipts_show_outcomes<S: Store>(store: S) {
    let owner = fresh_name("owner");
    let r = created(&store, new_records(3600, T0, Some(&owner), false)).await;
    store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap().unwrap();

    let recent = store.recent_receipts(&owner, T0, T0 + 2, 10).await.unwrap();

    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].state, ReceiptState::Revealed);
}

// ---- passphrase lockout -------------------------------------------------------------------

fn lockout_policy() -> LockoutPolicy {
    LockoutPolicy { per_client: 3, window_secs: 600, lockout_secs: 1800, total: 7 }
}

pub async fn passphrase_attempts_are_open_at_first<S: Store>(store: S) {
    let r = created(&store, new_records(3600, T0, None, true)).await;

    let lockout = store
        .passphrase_lockout(&r.secret.index, &fresh_client(), lockout_policy(), T0)
        .await
        .unwrap();

    assert_eq!(lockout, Lockout::Open);
}

pub async fn a_client_is_locked_out_after_too_many_failures_and_others_are_not<S: Store>(store: S) {
    // Arrange
    let r = created(&store, new_records(3600, T0, None, true)).await;
    let (policy, alice, bob) = (lockout_policy(), fresh_client(), fresh_client());
    let s = &r.secret.index;

    // Act
    let mut answers = Vec::new();
    for i in 0..policy.per_client {
        answers.push(
            store.record_passphrase_failure(s, &alice, policy, T0 + u64::from(i)).await.unwrap(),
        );
    }
    let at = T0 + u64::from(policy.per_client);

    // Assert
    let (last, before) = answers.split_last().unwrap();
    assert!(before.iter().all(|a| *a == Lockout::Open), "{answers:?}");
    assert!(matches!(last, Lockout::Locked { .. }), "{answers:?}");
    match store.passphrase_lockout(s, &alice, policy, at).await.unwrap() {
        Lockout::Locked { retry_after } => {
            assert!(
                (policy.lockout_secs - 2..=policy.lockout_secs).contains(&retry_after),
                "retry_after = {retry_after}"
            );
        }
        other => panic!("alice should be locked out, is {other:?}"),
    }
    assert_eq!(store.passphrase_lockout(s, &bob, policy, at).await.unwrap(), Lockout::Open);
}

pub async fn a_lockout_ends_after_its_time<S: Store>(store: S) {
    // Arrange
    let r = created(&store, new_records(7200, T0, None, true)).await;
    let (policy, alice) = (lockout_policy(), fresh_client());
    let s = &r.secret.index;
    for _ in 0..policy.per_client {
        store.record_passphrase_failure(s, &alice, policy, T0).await.unwrap();
    }

    // Act
    let during = store.passphrase_lockout(s, &alice, policy, T0 + policy.lockout_secs - 1).await;
    let after = store.passphrase_lockout(s, &alice, policy, T0 + policy.lockout_secs).await;

    // Assert
    assert_eq!(during.unwrap(), Lockout::Locked { retry_after: 1 });
    assert_eq!(after.unwrap(), Lockout::Open);
}

pub async fn failures_further_apart_than_the_window_do_not_lock_a_client_out<S: Store>(store: S) {
    // Arrange: per_client - 1 failures, then the window passes.
    let r = created(&store, new_records(7200, T0, None, true)).await;
    let (policy, alice) = (lockout_policy(), fresh_client());
    let s = &r.secret.index;
    for _ in 1..policy.per_client {
        store.record_passphrase_failure(s, &alice, policy, T0).await.unwrap();
    }

    // Act
    let later = T0 + policy.window_secs + 1;
    let answer = store.record_passphrase_failure(s, &alice, policy, later).await.unwrap();

    // Assert
    assert_eq!(answer, Lockout::Open);
    assert_eq!(store.passphrase_lockout(s, &alice, policy, later).await.unwrap(), Lockout::Open);
}

pub async fn too_many_failures_in_total_lock_the_secret_for_everyone<S: Store>(store: S) {
    // Arrange: one failure each from `total` different clients, none of them locked alone.
    let r = created(&store, new_records(3600, T0, None, true)).await;
    let policy = lockout_policy();
    let s = &r.secret.index;
    let mut answers = Vec::new();

    // Act
    for i in 0..policy.total {
        let client = fresh_client();
        answers.push(
            store.record_passphrase_failure(s, &client, policy, T0 + u64::from(i)).await.unwrap(),
        );
    }

    // Assert
    let (last, before) = answers.split_last().unwrap();
    assert!(before.iter().all(|a| *a == Lockout::Open), "{answers:?}");
    assert_eq!(*last, Lockout::LockedForGood);
    let newcomer = store.passphrase_lockout(s, &fresh_client(), policy, T0 + 100).await.unwrap();
    assert_eq!(newcomer, Lockout::LockedForGood);
    let much_later = T0 + policy.lockout_secs + policy.window_secs + 1;
    let still = store.passphrase_lockout(s, &fresh_client(), policy, much_later).await.unwrap();
    assert_eq!(still, Lockout::LockedForGood);
}

pub async fn failures_on_one_secret_do_not_lock_another<S: Store>(store: S) {
    let a = created(&store, new_records(3600, T0, None, true)).await;
    let b = created(&store, new_records(3600, T0, None, true)).await;
    let (policy, alice) = (lockout_policy(), fresh_client());
    for _ in 0..policy.per_client {
        store.record_passphrase_failure(&a.secret.index, &alice, policy, T0).await.unwrap();
    }

    let on_b = store.passphrase_lockout(&b.secret.index, &alice, policy, T0).await.unwrap();

    assert_eq!(on_b, Lockout::Open);
}

// ---- rate limits --------------------------------------------------------------------------

pub async fn a_rate_limit_allows_its_limit_then_refuses_until_the_window_ends<S: Store>(store: S) {
    // Arrange
    let (bucket, limit, window) = (fresh_name("bucket"), 3, 60);
    let mut answers = Vec::new();

    // Act
    for i in 0..=limit {
        answers
            .push(store.rate_limit_hit(&bucket, limit, window, T0 + u64::from(i)).await.unwrap());
    }

    // Assert
    let (last, before) = answers.split_last().unwrap();
    assert!(before.iter().all(|a| *a == RateDecision::Allowed), "{answers:?}");
    match *last {
        RateDecision::Limited { retry_after } => {
            assert!((1..=window).contains(&retry_after), "retry_after = {retry_after}");
        }
        RateDecision::Allowed => panic!("hit {} of {limit} was allowed", limit + 1),
    }
}

pub async fn a_rate_limit_allows_again_in_a_new_window<S: Store>(store: S) {
    let (bucket, limit, window) = (fresh_name("bucket"), 2, 60);
    for _ in 0..=limit {
        store.rate_limit_hit(&bucket, limit, window, T0).await.unwrap();
    }

    let next_window = store.rate_limit_hit(&bucket, limit, window, T0 + window).await.unwrap();

    assert_eq!(next_window, RateDecision::Allowed);
}

pub async fn rate_limit_buckets_are_independent<S: Store>(store: S) {
    let (full, other, limit, window) = (fresh_name("bucket"), fresh_name("bucket"), 1, 60);
    store.rate_limit_hit(&full, limit, window, T0).await.unwrap();
    let refused = store.rate_limit_hit(&full, limit, window, T0).await.unwrap();

    let allowed = store.rate_limit_hit(&other, limit, window, T0).await.unwrap();

    assert!(matches!(refused, RateDecision::Limited { .. }), "{refused:?}");
    assert_eq!(allowed, RateDecision::Allowed);
}

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

// ---- concurrency --------------------------------------------------------------------------

pub async fn sixty_four_concurrent_claims_yield_exactly_one_secret<S: Store>(store: S) {
    for round in 0..RACE_ROUNDS {
        // Arrange
        let r = created(&store, guest_records()).await;
        let barrier = Arc::new(Barrier::new(CLAIMERS));

        // Act: every claimer waits at the barrier, then all claim at once.
        let tasks: Vec<_> = (0..CLAIMERS)
            .map(|_| {
                let (store, barrier, index) = (store.clone(), Arc::clone(&barrier), r.secret.index);
                tokio::spawn(async move {
                    barrier.wait().await;
                    store.claim_secret(&index, ClaimGuard::NoPassphrase, T0 + 1).await
                })
            })
            .collect();
        let mut winners = Vec::new();
        for task in tasks {
            if let Some(secret) = task.await.expect("claimer panicked").expect("claim failed") {
                winners.push(secret);
            }
        }

        // Assert
        assert_eq!(winners.len(), 1, "round {round}: {} claimers got the secret", winners.len());
        assert_eq!(winners[0], r.secret, "round {round}");
        let receipt = receipt_of(&store, &r, T0 + 1).await;
        assert_eq!(receipt.state, ReceiptState::Revealed, "round {round}");
    }
}

pub async fn a_reveal_racing_a_burn_has_exactly_one_winner<S: Store>(store: S) {
    for round in 0..RACE_ROUNDS {
        // Arrange
        let r = created(&store, guest_records()).await;
        let barrier = Arc::new(Barrier::new(2));
        let at = T0 + 1;

        // Act
        let claim = {
            let (store, barrier, index) = (store.clone(), Arc::clone(&barrier), r.secret.index);
            tokio::spawn(async move {
                barrier.wait().await;
                store.claim_secret(&index, ClaimGuard::NoPassphrase, at).await
            })
        };
        let burn = {
            let (store, barrier, index) = (store.clone(), Arc::clone(&barrier), r.receipt.index);
            tokio::spawn(async move {
                barrier.wait().await;
                store.burn(&index, at).await
            })
        };
        let claimed = claim.await.expect("claimer panicked").expect("claim failed");
        let burned = burn.await.expect("burner panicked").expect("burn failed");

        // Assert
        let receipt = receipt_of(&store, &r, at).await;
        match (claimed, burned) {
            (Some(secret), None) => {
                assert_eq!(secret, r.secret, "round {round}");
                assert_eq!(receipt.state, ReceiptState::Revealed, "round {round}");
                assert_eq!((receipt.revealed, receipt.burned), (Some(at), None), "round {round}");
            }
            (None, Some(burned)) => {
                assert_eq!(burned.state, ReceiptState::Burned, "round {round}");
                assert_eq!(receipt.state, ReceiptState::Burned, "round {round}");
                assert_eq!((receipt.revealed, receipt.burned), (None, Some(at)), "round {round}");
            }
            (claimed, burned) => panic!(
                "round {round}: claim won: {}, burn won: {}",
                claimed.is_some(),
                burned.is_some()
            ),
        }
        assert_eq!(store.get_secret(&r.secret.index, at).await.unwrap(), None, "round {round}");
    }
}

/// Runs the whole conformance suite against a backend.
///
/// `$make` is an `async fn() -> (S, G)` (for some `S: Store`) returning a fresh store and a
/// guard kept alive until the test ends (a temporary directory, a key prefix); it is called
/// once per test. The expansion is one `#[tokio::test]` per rule in [`crate::conformance`], so
/// the caller's crate needs `tokio` with the `macros` and `rt-multi-thread` features.
///
/// ```ignore
/// async fn make() -> (ots_store::SqliteStore, tempfile::TempDir) { /* … */ }
/// ots_store::conformance_suite!(make);
/// ```
#[macro_export]
macro_rules! conformance_suite {
    (@tests $make:expr; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                // `_guard` keeps whatever backs the store (a temporary directory, a key
                // prefix) until the test is over.
                let (store, _guard) = $make().await;
                $crate::conformance::$name(store).await
            }
        )+
    };
    ($make:expr) => {
        $crate::conformance_suite!(@tests $make;
            a_created_secret_can_be_read_back_unchanged,
            a_created_receipt_can_be_read_back_unchanged,
            reading_a_secret_does_not_consume_it,
            reading_an_unknown_secret_finds_nothing,
            reading_an_unknown_receipt_finds_nothing,
            a_claim_returns_the_secret_and_marks_the_receipt_revealed,
            a_claimed_secret_cannot_be_claimed_again,
            claiming_an_unknown_secret_finds_nothing,
            a_claim_without_passphrase_does_not_take_a_passphrase_secret,
            a_claim_of_any_secret_takes_a_passphrase_secret,
            an_expired_secret_can_be_neither_read_nor_claimed,
            a_secret_is_live_until_the_second_it_expires,
            a_receipt_past_its_own_expiry_is_absent,
            a_burn_removes_the_secret_and_marks_the_receipt_burned,
            a_burned_secret_cannot_be_burned_again,
            a_revealed_secret_cannot_be_burned,
            a_burned_secret_cannot_be_claimed,
            a_previewed_secret_can_be_burned,
            burning_an_unknown_receipt_finds_nothing,
            an_expired_secret_cannot_be_burned,
            a_preview_marks_a_new_receipt_previewed,
            a_second_preview_keeps_the_first_time,
            a_previewed_secret_can_still_be_claimed,
            a_preview_does_not_change_a_revealed_receipt,
            previewing_an_unknown_secret_is_not_an_error,
            a_memo_is_saved_on_a_known_receipt,
            a_memo_on_an_unknown_receipt_is_not_saved,
            a_memo_on_an_expired_receipt_is_not_saved,
            recent_receipts_are_the_owners_since_the_given_time_newest_first,
            recent_receipts_respect_the_limit,
            recent_receipts_of_an_unknown_owner_are_empty,
            recent_receipts_show_outcomes,
            passphrase_attempts_are_open_at_first,
            a_client_is_locked_out_after_too_many_failures_and_others_are_not,
            a_lockout_ends_after_its_time,
            failures_further_apart_than_the_window_do_not_lock_a_client_out,
            too_many_failures_in_total_lock_the_secret_for_everyone,
            failures_on_one_secret_do_not_lock_another,
            a_rate_limit_allows_its_limit_then_refuses_until_the_window_ends,
            a_rate_limit_allows_again_in_a_new_window,
            rate_limit_buckets_are_independent,
            an_account_is_found_by_email_whatever_its_case,
            an_unknown_email_finds_no_account,
            a_second_account_with_the_same_email_is_a_conflict,
            accounts_are_listed_oldest_first,
            a_token_digest_can_be_replaced,
            replacing_the_token_of_an_unknown_account_reports_false,
            an_account_can_be_removed_once,
            a_sweep_removes_the_expired_and_keeps_the_live,
            a_sweep_does_not_touch_accounts,
            a_ping_succeeds,
            sixty_four_concurrent_claims_yield_exactly_one_secret,
            a_reveal_racing_a_burn_has_exactly_one_winner,
        );
    };
}
