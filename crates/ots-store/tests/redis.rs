//! The conformance suite against the Redis backend, three times: on a standalone `redis-server`,
//! on one that speaks only TLS, and on a 3-node Redis Cluster, all real, started by this test binary on free ports (or the ones
//! `OTS_TEST_REDIS_URL` and `OTS_TEST_REDIS_CLUSTER_URL` name) and shared by every test, each
//! test under its own key prefix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ots_store::RedisStore;
use ots_store::testing::{shared_cluster_url, shared_url};

/// A store on `url` under a fresh key prefix, so tests sharing a server never see each other's
/// keys.
async fn store_on(url: &str) -> (RedisStore, ()) {
    store_with(url, None).await
}

async fn store_with(url: &str, ca_pem: Option<Vec<u8>>) -> (RedisStore, ()) {
    let prefix = format!("ots-test-{}", ots_core::id::random_base36(12));
    let options = ots_store::RedisOptions { prefix, ca_pem, ..Default::default() };
    let store = RedisStore::connect(url, &options).await.expect("connecting to the test redis");
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

mod tls {
    use std::sync::OnceLock;

    use ots_store::testing::TlsRedis;

    fn server() -> &'static TlsRedis {
        static SERVER: OnceLock<(TlsRedis, tempfile::TempDir)> = OnceLock::new();
        &SERVER
            .get_or_init(|| {
                let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
                (TlsRedis::start(dir.path()), dir)
            })
            .0
    }

    async fn make() -> (ots_store::RedisStore, ()) {
        let redis = tokio::task::spawn_blocking(server).await.unwrap();
        super::store_with(&redis.url(), Some(redis.ca_pem.clone())).await
    }

    ots_store::conformance_suite!(make);

    /// Without the certificate authority the server's certificate is not trusted: the store
    /// refuses to talk rather than talk in the clear or hang.
    #[tokio::test]
    async fn a_server_whose_certificate_is_not_trusted_is_unavailable() {
        use ots_store::Store;

        let redis = tokio::task::spawn_blocking(server).await.unwrap();
        let (store, ()) = super::store_with(&redis.url(), None).await;

        let ping = tokio::time::timeout(std::time::Duration::from_secs(10), store.ping()).await;

        assert!(matches!(ping, Ok(Err(ots_store::StoreError::Unavailable(_)))), "{ping:?}");
    }
}
