//! Prometheus metrics. Labels are route templates and status codes only: never an id, a key or
//! anything a client sent.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// The server's metrics. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    created: Counter,
    revealed: Counter,
    burned: Counter,
    expired: Counter,
    passphrase_failures: Counter,
    store_errors: Counter,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("ots");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0])
        });
        let (created, revealed, burned, expired) =
            (Counter::default(), Counter::default(), Counter::default(), Counter::default());
        let (passphrase_failures, store_errors) = (Counter::default(), Counter::default());
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register("secrets_created", "Secrets created", created.clone());
        registry.register("secrets_revealed", "Secrets revealed", revealed.clone());
        registry.register("secrets_burned", "Secrets burned", burned.clone());
        registry.register("records_expired", "Expired records swept", expired.clone());
        registry.register("passphrase_failures", "Wrong passphrases", passphrase_failures.clone());
        registry.register("store_errors", "Requests failed by the store", store_errors.clone());
        Self {
            registry: Arc::new(registry),
            requests,
            latency,
            created,
            revealed,
            burned,
            expired,
            passphrase_failures,
            store_errors,
        }
    }

    pub(crate) fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
        if status == 503 {
            self.store_errors.inc();
        }
    }

    pub(crate) fn secret_created(&self) {
        self.created.inc();
    }
    pub(crate) fn secret_revealed(&self) {
        self.revealed.inc();
    }
    pub(crate) fn secret_burned(&self) {
        self.burned.inc();
    }
    pub(crate) fn records_expired(&self, n: u64) {
        self.expired.inc_by(n);
    }
    pub(crate) fn passphrase_failed(&self) {
        self.passphrase_failures.inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
