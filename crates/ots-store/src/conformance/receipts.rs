//! Conformance rules for receipts: burning, previews, memos and the recent-receipts list.

use ots_core::ReceiptState;
use ots_core::crypto::IndexKey;

use super::{
    T0, created, fresh_name, guest_records, new_records, receipt_of, unknown_receipt_index,
    unknown_secret_index,
};
use crate::Store;
use crate::model::ClaimGuard;

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

pub async fn recent_receipts_fill_the_limit_past_expired_ones<S: Store>(store: S) {
    // Arrange: two long-lived receipts, then three newer ones whose receipts expire first.
    let owner = fresh_name("owner");
    let mut live = Vec::new();
    for i in 0..2u64 {
        live.push(created(&store, new_records(3600, T0 + i, Some(&owner), false)).await);
    }
    for i in 2..5u64 {
        created(&store, new_records(60, T0 + i, Some(&owner), false)).await;
    }

    // Act: after the short ones' receipts (2 × 60 s) are gone
    let recent = store.recent_receipts(&owner, T0, T0 + 200, 2).await.unwrap();

    // Assert
    let got: Vec<IndexKey> = recent.iter().map(|r| r.index).collect();
    assert_eq!(got, vec![live[1].receipt.index, live[0].receipt.index]);
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

// ---- the generated password's copy -----------------------------------------------------------

fn with_generated_copy() -> crate::model::NewRecords {
    let mut r = guest_records();
    r.generated = Some(crate::model::GeneratedCopy {
        sealed: b"sealed generated password".to_vec(),
        until: T0 + 60,
    });
    r
}

pub async fn a_generated_copy_is_taken_once_before_its_time<S: Store>(store: S) {
    let r = created(&store, with_generated_copy()).await;

    let first = store.take_generated(&r.receipt.index, T0 + 59).await.unwrap();
    let second = store.take_generated(&r.receipt.index, T0 + 59).await.unwrap();

    assert_eq!(first.as_deref(), Some(&b"sealed generated password"[..]));
    assert_eq!(second, None);
}

pub async fn a_generated_copy_is_gone_once_its_time_is_up<S: Store>(store: S) {
    let r = created(&store, with_generated_copy()).await;

    assert_eq!(store.take_generated(&r.receipt.index, T0 + 60).await.unwrap(), None);
}

pub async fn records_without_a_generated_copy_have_none_to_take<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    assert_eq!(store.take_generated(&r.receipt.index, T0 + 1).await.unwrap(), None);
    assert_eq!(store.take_generated(&unknown_receipt_index(), T0 + 1).await.unwrap(), None);
}
