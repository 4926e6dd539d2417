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

mod accounts;
mod limits;
mod races;
mod receipts;
mod secrets;
mod sessions;

use ots_core::crypto::{IndexKey, KdfParams, ServerKey};
use ots_core::id::random_base36;
use ots_core::{ReceiptId, ReceiptState, SecretId, SecretKind, Timestamp};

use crate::Store;
use crate::model::{Account, LockoutPolicy, NewRecords, StoredReceipt, StoredSecret};

pub use accounts::{
    a_ping_succeeds, a_removed_account_is_not_found_by_its_id,
    a_second_account_with_the_same_email_is_a_conflict, a_sweep_does_not_touch_accounts,
    a_sweep_removes_the_expired_and_keeps_the_live, a_token_digest_can_be_replaced,
    accounts_are_listed_oldest_first, an_account_can_be_removed_once,
    an_account_is_found_by_email_whatever_its_case, an_account_is_found_by_its_id,
    an_unknown_email_finds_no_account, many_accounts_are_each_listed_once_in_order,
    replacing_the_token_of_an_unknown_account_reports_false,
};
pub use limits::{
    a_client_is_locked_out_after_too_many_failures_and_others_are_not,
    a_lockout_ends_after_its_time, a_rate_limit_allows_again_in_a_new_window,
    a_rate_limit_allows_its_limit_then_refuses_until_the_window_ends,
    failures_further_apart_than_the_window_do_not_lock_a_client_out,
    failures_on_one_secret_do_not_lock_another, passphrase_attempts_are_open_at_first,
    rate_limit_buckets_are_independent, too_many_failures_in_total_lock_the_secret_for_everyone,
};
pub use races::{
    a_reveal_racing_a_burn_has_exactly_one_winner,
    sixty_four_concurrent_claims_yield_exactly_one_secret,
};
pub use receipts::{
    a_burn_removes_the_secret_and_marks_the_receipt_burned, a_burned_secret_cannot_be_burned_again,
    a_burned_secret_cannot_be_claimed, a_generated_copy_is_gone_once_its_time_is_up,
    a_generated_copy_is_taken_once_before_its_time, a_memo_is_saved_on_a_known_receipt,
    a_memo_on_an_expired_receipt_is_not_saved, a_memo_on_an_unknown_receipt_is_not_saved,
    a_preview_does_not_change_a_revealed_receipt, a_preview_marks_a_new_receipt_previewed,
    a_previewed_secret_can_be_burned, a_previewed_secret_can_still_be_claimed,
    a_revealed_secret_cannot_be_burned, a_second_preview_keeps_the_first_time,
    an_expired_secret_cannot_be_burned, burning_an_unknown_receipt_finds_nothing,
    previewing_an_unknown_secret_is_not_an_error,
    recent_receipts_are_the_owners_since_the_given_time_newest_first,
    recent_receipts_fill_the_limit_past_expired_ones,
    recent_receipts_of_an_unknown_owner_are_empty, recent_receipts_respect_the_limit,
    recent_receipts_show_outcomes, records_without_a_generated_copy_have_none_to_take,
};
pub use secrets::{
    a_claim_of_any_secret_takes_a_passphrase_secret,
    a_claim_returns_the_secret_and_marks_the_receipt_revealed,
    a_claim_without_passphrase_does_not_take_a_passphrase_secret,
    a_claimed_secret_cannot_be_claimed_again, a_created_receipt_can_be_read_back_unchanged,
    a_created_secret_can_be_read_back_unchanged, a_receipt_past_its_own_expiry_is_absent,
    a_secret_is_live_until_the_second_it_expires,
    an_expired_secret_can_be_neither_read_nor_claimed,
    another_id_at_a_records_locator_finds_nothing, claiming_an_unknown_secret_finds_nothing,
    discarded_records_are_gone, reading_a_secret_does_not_consume_it,
    reading_an_unknown_receipt_finds_nothing, reading_an_unknown_secret_finds_nothing,
};
pub use sessions::{
    a_live_session_is_found_with_its_account, a_password_hash_can_be_set_and_read_back,
    a_session_ends_once_deleted, a_session_finds_no_later_account_with_its_email,
    a_session_is_found_by_its_digest_until_it_expires, a_sweep_keeps_live_sessions,
    an_account_created_with_a_password_hash_keeps_it, an_unknown_session_digest_finds_nothing,
    setting_the_password_of_an_unknown_account_reports_false,
};

/// "Now" for most tests: any fixed time works, since the store never reads a clock.
pub const T0: Timestamp = Timestamp(1_750_000_000);

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
    // As the server does: fresh ids that share one locator, anywhere in its range.
    let locator = u64::from_le_bytes(ots_core::random::bytes()) % ots_core::id::LOCATOR_BOUND;
    let (_, secret_index) = key.new_secret_id(locator);
    let (_, receipt_index) = key.new_receipt_id(locator);
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
    NewRecords { secret, receipt, generated: None }
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
    Account {
        id: fresh_name("acct"),
        email: email.to_owned(),
        token_digest: [7; 32],
        password_hash: None,
        created,
    }
}

fn lockout_policy() -> LockoutPolicy {
    LockoutPolicy { per_client: 3, window_secs: 600, lockout_secs: 1800, total: 7 }
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
            another_id_at_a_records_locator_finds_nothing,
            discarded_records_are_gone,
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
            a_generated_copy_is_taken_once_before_its_time,
            a_generated_copy_is_gone_once_its_time_is_up,
            records_without_a_generated_copy_have_none_to_take,
            a_memo_on_an_unknown_receipt_is_not_saved,
            a_memo_on_an_expired_receipt_is_not_saved,
            recent_receipts_are_the_owners_since_the_given_time_newest_first,
            recent_receipts_respect_the_limit,
            recent_receipts_fill_the_limit_past_expired_ones,
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
            an_account_is_found_by_its_id,
            a_removed_account_is_not_found_by_its_id,
            a_second_account_with_the_same_email_is_a_conflict,
            accounts_are_listed_oldest_first,
            many_accounts_are_each_listed_once_in_order,
            a_token_digest_can_be_replaced,
            replacing_the_token_of_an_unknown_account_reports_false,
            an_account_can_be_removed_once,
            a_password_hash_can_be_set_and_read_back,
            an_account_created_with_a_password_hash_keeps_it,
            setting_the_password_of_an_unknown_account_reports_false,
            a_session_is_found_by_its_digest_until_it_expires,
            a_live_session_is_found_with_its_account,
            a_session_finds_no_later_account_with_its_email,
            an_unknown_session_digest_finds_nothing,
            a_session_ends_once_deleted,
            a_sweep_keeps_live_sessions,
            a_sweep_removes_the_expired_and_keeps_the_live,
            a_sweep_does_not_touch_accounts,
            a_ping_succeeds,
            sixty_four_concurrent_claims_yield_exactly_one_secret,
            a_reveal_racing_a_burn_has_exactly_one_winner,
        );
    };
}
