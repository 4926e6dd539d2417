//! Conformance rules under concurrency: racing claims, and a reveal racing a burn.

use std::sync::Arc;

use ots_core::ReceiptState;
use tokio::sync::Barrier;

use super::{T0, created, guest_records, receipt_of};
use crate::Store;
use crate::model::ClaimGuard;

/// Rounds of each race.
const RACE_ROUNDS: usize = 50;
/// Claimers per round in the claim race.
const CLAIMERS: usize = 64;

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
