//! Conformance rules for abuse limits: the passphrase lockout and the rate limits.

use super::{T0, created, fresh_client, fresh_name, lockout_policy, new_records};
use crate::Store;
use crate::model::{Lockout, RateDecision};

// ---- passphrase lockout -------------------------------------------------------------------

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
