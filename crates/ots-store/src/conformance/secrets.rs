//! Conformance rules for secrets: creating and reading them, claiming (revealing) them, and
//! their expiry.

use ots_core::ReceiptState;

use super::{
    T0, created, fresh_name, guest_records, new_records, receipt_of, server_key,
    unknown_receipt_index, unknown_secret_index,
};
use crate::Store;
use crate::model::ClaimGuard;

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

pub async fn another_id_at_a_records_locator_finds_nothing<S: Store>(store: S) {
    // Arrange: ids minted at the same locator as a live secret and receipt, as anyone could
    // make up by copying the last characters of a link.
    let key = server_key();
    let r = created(&store, guest_records()).await;
    let forged_secret = key.new_secret_id(r.secret.index.locator()).1;
    let forged_receipt = key.new_receipt_id(r.receipt.index.locator()).1;

    // Act
    let read = store.get_secret(&forged_secret, T0 + 1).await.unwrap();
    let receipt = store.get_receipt(&forged_receipt, T0 + 1).await.unwrap();
    let claimed = store.claim_secret(&forged_secret, ClaimGuard::Any, T0 + 1).await.unwrap();
    let burned = store.burn(&forged_receipt, T0 + 1).await.unwrap();

    // Assert
    assert_eq!((read, receipt, claimed, burned), (None, None, None, None));
    let still = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 2).await.unwrap();
    assert_eq!(still, Some(r.secret));
}

pub async fn discarded_records_are_gone<S: Store>(store: S) {
    let r = created(&store, guest_records()).await;

    store.discard(&r.secret.index, &r.receipt.index).await.unwrap();

    assert_eq!(store.get_secret(&r.secret.index, T0 + 1).await.unwrap(), None);
    assert_eq!(store.get_receipt(&r.receipt.index, T0 + 1).await.unwrap(), None);
    let claimed = store.claim_secret(&r.secret.index, ClaimGuard::Any, T0 + 1).await.unwrap();
    assert_eq!(claimed, None);
    // Discarding again, or what never existed, is no error.
    store.discard(&r.secret.index, &r.receipt.index).await.unwrap();
    store.discard(&unknown_secret_index(), &unknown_receipt_index()).await.unwrap();
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
