//! Configuration: defaults < `ots.toml` < `OTS_*` environment < command-line flags.
//!
//! [`Config`] is plain data with serde; [`load`] layers the sources with figment, whose errors
//! name the offending key and where it came from. Values are checked once here, at start-up,
//! so handlers never parse configuration. Secrets (the server key) are [`SecretString`]s and
//! [`Config::redacted`] is the only way configuration is printed.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize};

/// Every setting of `ots serve`. See the README's configuration table.
#[derive(Clone, Deserialize)]
#[allow(clippy::struct_excessive_bools)] // independent on/off switches, one per setting
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Directory for the embedded store and the generated server key.
    pub data_dir: PathBuf,
    /// Store URL: `sqlite` (default: the data directory), `sqlite://DIR`, `redis://…` or
    /// `redis+cluster://…`.
    pub store: Option<String>,
    /// A PEM certificate authority to trust for `rediss://` instead of the system's roots.
    pub redis_ca_file: Option<PathBuf>,
    /// Seconds connecting to Redis, or one Redis command, may take before a request fails (503).
    pub redis_timeout: f64,
    /// Base of every link the server returns; default `http://` + the listen address.
    pub public_url: Option<String>,
    /// The server key (at least 32 characters). Generated into the data directory when unset.
    pub secret: Option<SecretString>,
    /// Retired server keys, comma-separated: still accepted to read older records.
    pub retired_secrets: Option<SecretString>,
    /// TTL used when a request names none, seconds.
    pub ttl_default: u64,
    /// Shortest TTL; shorter requests are raised to it, seconds.
    pub ttl_floor: u64,
    /// Longest TTL for anonymous callers, seconds.
    pub ttl_max_anonymous: u64,
    /// Longest TTL for account holders, seconds.
    pub ttl_max_account: u64,
    /// Largest secret accepted, bytes of UTF-8.
    pub secret_max_bytes: usize,
    /// Largest request body accepted, bytes.
    pub body_limit: usize,
    /// `on` or `off`: every per-IP limit. Passphrase lockouts stay on regardless.
    #[serde(deserialize_with = "on_off")]
    pub rate_limits: bool,
    /// Secrets one guest IP may create per window.
    pub create_limit: u32,
    /// The creation-rate window, seconds.
    pub create_window: u64,
    /// Whether every new secret must have a passphrase.
    pub passphrase_required: bool,
    /// Whether anonymous API v2 callers may create secrets (`/secret/conceal`, `/guest/secret/conceal`).
    #[serde(deserialize_with = "on_off")]
    pub guest_conceal: bool,
    /// Whether anonymous API v2 callers may generate passwords (`/secret/generate`, `/guest/secret/generate`).
    #[serde(deserialize_with = "on_off")]
    pub guest_generate: bool,
    /// Whether anonymous API v2 callers may open a secret's link without revealing (`GET /secret/:id`).
    #[serde(deserialize_with = "on_off")]
    pub guest_show: bool,
    /// Whether anonymous API v2 callers may reveal secrets (`/secret/:id/reveal`, `/guest/secret/:id/reveal`).
    #[serde(deserialize_with = "on_off")]
    pub guest_reveal: bool,
    /// Whether anonymous API v2 callers may read receipts (`/receipt/:id`, `/guest/receipt/:id`).
    #[serde(deserialize_with = "on_off")]
    pub guest_receipt: bool,
    /// Whether anonymous API v2 callers may burn secrets (`/receipt/:id/burn`, `/guest/receipt/:id/burn`).
    #[serde(deserialize_with = "on_off")]
    pub guest_burn: bool,
    /// Whether visitors may create accounts on the web page `/signup`.
    #[serde(deserialize_with = "on_off")]
    pub signup: bool,
    /// How long a web sign-in lasts, seconds.
    pub session_ttl: u64,
    /// Proxies whose `X-Forwarded-For` is believed, comma-separated IP addresses.
    pub trusted_proxies: String,
    /// `text` or `json` log lines.
    pub log_format: LogFormat,
    /// Log filter, e.g. `info` or `ots_server=debug`.
    pub log_level: String,
    /// How long graceful shutdown waits for in-flight requests, seconds.
    pub shutdown_grace: u64,
    /// How often expired records are swept, seconds.
    pub sweep_interval: u64,
}

/// The format of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

fn on_off<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Switch {
        Bool(bool),
        Word(String),
    }
    match Switch::deserialize(d)? {
        Switch::Bool(b) => Ok(b),
        Switch::Word(w) => match w.to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" | "1" => Ok(true),
            "off" | "false" | "no" | "0" => Ok(false),
            _ => Err(serde::de::Error::custom("expected `on` or `off`")),
        },
    }
}

const DAY: u64 = 86_400;

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("./data"),
            store: None,
            redis_ca_file: None,
            redis_timeout: 2.0,
            public_url: None,
            secret: None,
            retired_secrets: None,
            ttl_default: 7 * DAY,
            ttl_floor: 60,
            ttl_max_anonymous: 7 * DAY,
            ttl_max_account: 30 * DAY,
            secret_max_bytes: 10_000,
            body_limit: 1024 * 1024,
            rate_limits: true,
            create_limit: 1000,
            create_window: 20 * 60,
            passphrase_required: false,
            guest_conceal: true,
            guest_generate: true,
            guest_show: true,
            guest_reveal: true,
            guest_receipt: true,
            guest_burn: true,
            signup: true,
            session_ttl: 7 * DAY,
            trusted_proxies: String::new(),
            log_format: LogFormat::Text,
            log_level: "info".into(),
            shutdown_grace: 30,
            sweep_interval: 60,
        }
    }
}

/// The keys `OTS_*` variables may set. Others (`OTS_SERVER`, `OTS_TOKEN`, … for the client) are
/// not server configuration and are ignored here.
const KEYS: &[&str] = &[
    "listen",
    "data_dir",
    "store",
    "redis_ca_file",
    "redis_timeout",
    "public_url",
    "secret",
    "retired_secrets",
    "ttl_default",
    "ttl_floor",
    "ttl_max_anonymous",
    "ttl_max_account",
    "secret_max_bytes",
    "body_limit",
    "rate_limits",
    "create_limit",
    "create_window",
    "passphrase_required",
    "guest_conceal",
    "guest_generate",
    "guest_show",
    "guest_reveal",
    "guest_receipt",
    "guest_burn",
    "signup",
    "session_ttl",
    "trusted_proxies",
    "log_format",
    "log_level",
    "shutdown_grace",
    "sweep_interval",
];

/// Settings given on the command line; they override every other source.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    /// `--listen`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    /// `--data-dir`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--store`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A source could not be read or a value has the wrong type; names the key and source.
    #[error("invalid configuration: {0}")]
    Figment(Box<figment::Error>),
    /// A value parsed but is not acceptable.
    #[error("invalid configuration: `{key}`: {reason}")]
    Invalid {
        /// The offending key.
        key: &'static str,
        /// Why.
        reason: String,
    },
}

// Not `#[from]`: that would also make the figment error the `source`, and `{:#}` would print
// its message twice.
impl From<Box<figment::Error>> for ConfigError {
    fn from(e: Box<figment::Error>) -> Self {
        Self::Figment(e)
    }
}

/// Loads the configuration. `file` is the `--config` path; without one, `./ots.toml` is read
/// when it exists.
pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, ConfigError> {
    let mut figment = Figment::new();
    match file {
        Some(path) => {
            if !path.exists() {
                return Err(ConfigError::Invalid {
                    key: "config",
                    reason: format!("{} does not exist", path.display()),
                });
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        None => figment = figment.merge(Toml::file("ots.toml")),
    }
    let config: Config = figment
        .merge(Env::prefixed("OTS_").filter(|k| KEYS.iter().any(|key| k == *key)))
        .merge(Serialized::globals(overrides))
        .extract()
        .map_err(Box::new)?;
    config.validate()?;
    Ok(config)
}

impl Config {
    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, reason: &str| Err(ConfigError::Invalid { key, reason: reason.into() });
        if let Err(reason) = self.ttl_policy().validate() {
            return invalid("ttl_floor", reason);
        }
        if self.ttl_default == 0 {
            return invalid("ttl_default", "must be at least one second");
        }
        if self.secret_max_bytes == 0 || self.secret_max_bytes > self.body_limit {
            return invalid("secret_max_bytes", "must be between 1 and body_limit");
        }
        if self.rate_limits && (self.create_limit == 0 || self.create_window == 0) {
            return invalid("create_limit", "create_limit and create_window must be positive");
        }
        if !(self.redis_timeout > 0.0 && self.redis_timeout <= 600.0) {
            return invalid("redis_timeout", "must be more than 0 and at most 600 seconds");
        }
        if self.session_ttl < 60 {
            return invalid("session_ttl", "must be at least 60 seconds");
        }
        if self.sweep_interval == 0 {
            return invalid("sweep_interval", "must be at least one second");
        }
        if let Err(reason) = self.trusted_proxy_list() {
            return Err(ConfigError::Invalid { key: "trusted_proxies", reason });
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return invalid("public_url", "must start with http:// or https://");
        }
        if let Err(reason) = ots_store::StoreUrl::parse(self.store.as_deref()) {
            return Err(ConfigError::Invalid { key: "store", reason });
        }
        Ok(())
    }

    /// The TTL policy these settings describe.
    pub fn ttl_policy(&self) -> ots_core::TtlPolicy {
        ots_core::TtlPolicy {
            default: self.ttl_default,
            floor: self.ttl_floor,
            max_anonymous: self.ttl_max_anonymous,
            max_account: self.ttl_max_account,
        }
    }

    /// How to use a Redis store: the key prefix and the certificate authority to trust.
    pub fn redis_options(&self) -> Result<ots_store::RedisOptions, ConfigError> {
        let ca_pem = match &self.redis_ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| ConfigError::Invalid {
                key: "redis_ca_file",
                reason: format!("{}: {e}", path.display()),
            })?),
            None => None,
        };
        Ok(ots_store::RedisOptions {
            ca_pem,
            timeout: std::time::Duration::from_secs_f64(self.redis_timeout),
            ..ots_store::RedisOptions::default()
        })
    }

    /// The trusted proxies as addresses.
    pub fn trusted_proxy_list(&self) -> Result<Vec<IpAddr>, String> {
        self.trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|_| format!("`{s}` is not an IP address")))
            .collect()
    }

    /// The base URL of links, without a trailing slash.
    pub fn public_base(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        }
    }

    /// The configuration as TOML with secrets replaced by `"[redacted]"`: what `ots config`
    /// prints.
    pub fn redacted(&self) -> String {
        let redact = |s: &Option<SecretString>| match s {
            Some(v) if !v.expose_secret().is_empty() => "\"[redacted]\"".to_owned(),
            _ => "(unset)".to_owned(),
        };
        let opt =
            |s: &Option<String>| s.as_ref().map_or("(unset)".to_owned(), |v| format!("{v:?}"));
        [
            format!("listen = \"{}\"", self.listen),
            format!("data_dir = {:?}", self.data_dir.display().to_string()),
            format!("store = {}", opt(&self.store.as_ref().map(|s| redact_url(s)))),
            format!("redis_timeout = {}", self.redis_timeout),
            format!(
                "redis_ca_file = {}",
                opt(&self.redis_ca_file.as_ref().map(|p| p.display().to_string()))
            ),
            format!("public_url = \"{}\"", self.public_base()),
            format!("secret = {}", redact(&self.secret)),
            format!("retired_secrets = {}", redact(&self.retired_secrets)),
            format!("ttl_default = {}", self.ttl_default),
            format!("ttl_floor = {}", self.ttl_floor),
            format!("ttl_max_anonymous = {}", self.ttl_max_anonymous),
            format!("ttl_max_account = {}", self.ttl_max_account),
            format!("secret_max_bytes = {}", self.secret_max_bytes),
            format!("body_limit = {}", self.body_limit),
            format!("rate_limits = \"{}\"", on_off_word(self.rate_limits)),
            format!("create_limit = {}", self.create_limit),
            format!("create_window = {}", self.create_window),
            format!("passphrase_required = {}", self.passphrase_required),
            format!("guest_conceal = \"{}\"", on_off_word(self.guest_conceal)),
            format!("guest_generate = \"{}\"", on_off_word(self.guest_generate)),
            format!("guest_show = \"{}\"", on_off_word(self.guest_show)),
            format!("guest_reveal = \"{}\"", on_off_word(self.guest_reveal)),
            format!("guest_receipt = \"{}\"", on_off_word(self.guest_receipt)),
            format!("guest_burn = \"{}\"", on_off_word(self.guest_burn)),
            format!("signup = \"{}\"", on_off_word(self.signup)),
            format!("session_ttl = {}", self.session_ttl),
            format!("trusted_proxies = {:?}", self.trusted_proxies),
            format!(
                "log_format = \"{}\"",
                match self.log_format {
                    LogFormat::Text => "text",
                    LogFormat::Json => "json",
                }
            ),
            format!("log_level = {:?}", self.log_level),
            format!("shutdown_grace = {}", self.shutdown_grace),
            format!("sweep_interval = {}", self.sweep_interval),
        ]
        .join("\n")
    }
}

fn on_off_word(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

/// Hides a password in a store URL (`redis://:pw@host` → `redis://:[redacted]@host`).
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:[redacted]{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closures return its large error type
mod tests {
    use super::*;

    #[test]
    fn redacted_output_never_contains_the_secret() {
        let config = Config {
            secret: Some(SecretString::from("a-very-secret-server-key-of-32-chars!")),
            store: Some("redis://user:pw123@localhost:6379".into()),
            ..Config::default()
        };
        let shown = config.redacted();
        assert!(!shown.contains("a-very-secret"));
        assert!(!shown.contains("pw123"));
        assert!(shown.contains("[redacted]"));
        assert!(!format!("{config:?}").contains("a-very-secret"));
    }

    #[test]
    fn on_off_switches_parse() {
        let c: Config = Figment::new()
            .merge(Serialized::defaults(serde_json::json!({"rate_limits": "off"})))
            .extract()
            .unwrap();
        assert!(!c.rate_limits);
    }

    #[test]
    fn unknown_keys_are_refused_naming_the_key() {
        let err = Figment::new()
            .merge(Serialized::defaults(serde_json::json!({"lisen": "x"})))
            .extract::<Config>()
            .unwrap_err();
        assert!(err.to_string().contains("lisen"), "{err}");
    }

    #[test]
    fn layers_apply_in_order_file_then_environment_then_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "ots.toml",
                "ttl_default = 100\nttl_floor = 10\nlisten = \"127.0.0.1:1\"",
            )?;
            jail.set_env("OTS_TTL_FLOOR", "20");
            jail.set_env("OTS_RATE_LIMITS", "off");
            jail.set_env("OTS_LISTEN", "127.0.0.1:2");
            jail.set_env("OTS_TOKEN", "client settings are not server configuration");
            let flags =
                Overrides { listen: Some("127.0.0.1:3".parse().unwrap()), ..Overrides::default() };
            let c = load(None, &flags).unwrap();
            assert_eq!(c.ttl_default, 100);
            assert_eq!(c.ttl_floor, 20);
            assert!(!c.rate_limits);
            assert_eq!(c.listen.port(), 3);
            Ok(())
        });
    }

    #[test]
    fn guest_switches_are_on_by_default_and_each_can_be_turned_off() {
        figment::Jail::expect_with(|jail| {
            let c = load(None, &Overrides::default()).unwrap();
            assert!(c.guest_conceal && c.guest_generate && c.guest_show);
            assert!(c.guest_reveal && c.guest_receipt && c.guest_burn);
            jail.create_file("ots.toml", "guest_reveal = false")?;
            jail.set_env("OTS_GUEST_BURN", "off");
            let c = load(None, &Overrides::default()).unwrap();
            assert!(!c.guest_reveal && !c.guest_burn);
            assert!(c.guest_conceal && c.guest_receipt);
            jail.set_env("OTS_GUEST_SHOW", "sometimes");
            let err = load(None, &Overrides::default()).unwrap_err().to_string();
            assert!(err.contains("GUEST_SHOW"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_bad_environment_value_fails_naming_the_key() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("OTS_TTL_FLOOR", "soon");
            let err = load(None, &Overrides::default()).unwrap_err().to_string();
            assert!(err.contains("TTL_FLOOR") && err.contains("OTS_"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_floor_above_the_ceiling_fails_naming_the_key() {
        let c = Config { ttl_floor: 100 * DAY, ..Config::default() };
        let err = c.validate().unwrap_err();
        assert!(err.to_string().contains("ttl_floor"), "{err}");
    }

    #[test]
    fn a_redis_timeout_out_of_range_fails_naming_the_key_and_a_good_one_reaches_the_store() {
        for bad in [0.0, -1.0, 601.0, f64::NAN] {
            let c = Config { redis_timeout: bad, ..Config::default() };
            let err = c.validate().unwrap_err();
            assert!(err.to_string().contains("redis_timeout"), "{bad}: {err}");
        }
        let c = Config { redis_timeout: 0.5, ..Config::default() };
        assert!(c.validate().is_ok());
        assert_eq!(c.redis_options().unwrap().timeout, std::time::Duration::from_millis(500));
    }
}
