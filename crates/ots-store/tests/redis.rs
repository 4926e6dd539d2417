//! The conformance suite against the Redis backend, twice: on a standalone `redis-server` and on
//! a 3-node Redis Cluster, both real, started by this test binary on free ports (or the ones
//! `OTS_TEST_REDIS_URL` and `OTS_TEST_REDIS_CLUSTER_URL` name) and shared by every test, each
//! test under its own key prefix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ots_store::RedisStore;
use ots_store::testing::{shared_cluster_url, shared_url};

/// A store on `url` under a fresh key prefix, so tests sharing a server never see each other's
/// keys.
async fn store_on(url: &str) -> (RedisStore, ()) {
    let prefix = format!("ots-test-{}", ots_core::id::random_base36(12));
    let store = RedisStore::connect(url, &prefix).await.expect("connecting to the test redis");
    (store, ())
}

mod standalone {
    async fn make() -> (ots_store::RedisStore, ()) {
        // Starting the server blocks; keep it off the async workers.
        let url = tokio::task::spawn_blocking(super::shared_url).await.unwrap();
        super::store_on(url).await
    }

    ots_store::conformance_suite!(make);
}

mod cluster {
    async fn make() -> (ots_store::RedisStore, ()) {
        let url = tokio::task::spawn_blocking(super::shared_cluster_url).await.unwrap();
        super::store_on(url).await
    }

    ots_store::conformance_suite!(make);
}
