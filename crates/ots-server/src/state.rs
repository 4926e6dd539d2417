//! [`AppState`]: what every handler shares, and the [`Clock`] it reads time from.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ots_core::crypto::Keyring;
use ots_core::id::Locators;
use ots_core::{Timestamp, TtlPolicy};
use ots_store::{AnyStore, LockoutPolicy};
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::metrics::Metrics;

/// Where "now" comes from: the system clock, or a settable one in tests.
#[derive(Clone, Debug)]
pub enum Clock {
    /// The system clock.
    System,
    /// A clock that moves only when told to.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock starting at `start`.
    pub fn manual(start: i64) -> Self {
        Self::Manual(Arc::new(AtomicI64::new(start)))
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        match self {
            #[allow(clippy::disallowed_methods)] // the one place the system clock is read
            Self::System => Timestamp(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            ),
            Self::Manual(t) => Timestamp(t.load(Ordering::SeqCst)),
        }
    }

    /// The current time in milliseconds, for locators (see [`ots_core::id::Locators`]). A
    /// manual clock counts whole seconds.
    pub fn now_millis(&self) -> u64 {
        match self {
            #[allow(clippy::disallowed_methods)] // the system clock, at millisecond resolution
            Self::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            Self::Manual(t) => u64::try_from(t.load(Ordering::SeqCst)).unwrap_or(0) * 1000,
        }
    }

    /// Moves a manual clock forward; does nothing to the system clock.
    pub fn advance(&self, secs: i64) {
        if let Self::Manual(t) = self {
            t.fetch_add(secs, Ordering::SeqCst);
        }
    }
}

/// Shared state of the server. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) store: AnyStore,
    pub(crate) keys: Keyring,
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) metrics: Metrics,
    pub(crate) ttl: TtlPolicy,
    pub(crate) lockout: LockoutPolicy,
    pub(crate) public_base: String,
    pub(crate) trusted_proxies: Vec<IpAddr>,
    /// Where new records go in an ordered store.
    pub(crate) locators: Locators,
    /// Bounds concurrent Argon2id runs: each takes ~19 MiB and a core for tens of milliseconds,
    /// so a flood of passphrase attempts queues here instead of exhausting memory.
    pub(crate) kdf_permits: Semaphore,
    /// The pages' embedded files, by their content-hashed names.
    pub(crate) assets: crate::web::Assets,
}

impl AppState {
    /// Builds the state from a loaded configuration, an opened store and the keyring.
    pub fn new(config: Config, store: AnyStore, keys: Keyring, clock: Clock) -> Self {
        let kdf_slots = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self {
            inner: Arc::new(Inner {
                ttl: config.ttl_policy(),
                lockout: LockoutPolicy::default(),
                public_base: config.public_base(),
                trusted_proxies: config.trusted_proxy_list().unwrap_or_default(),
                kdf_permits: Semaphore::new(kdf_slots),
                locators: Locators::default(),
                assets: crate::web::Assets::new(),
                metrics: Metrics::new(),
                store,
                keys,
                config,
                clock,
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &AnyStore {
        &self.inner.store
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The locator for a record created now.
    pub(crate) fn next_locator(&self) -> u64 {
        self.inner.locators.next(self.inner.clock.now_millis())
    }
}
