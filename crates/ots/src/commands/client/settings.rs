//! Where the server is and who you are: flags > environment (clap reads both) > the config file
//! > the default.
//!
//! The config file is `$XDG_CONFIG_HOME/ots/config.toml`, or `~/.config/ots/config.toml`:
//! ```toml
//! server = "https://secrets.example.com"
//! user = "me@example.com"
//! token = "…"
//! api = "v2"
//! ```
//! A file holding a token that other users may read gets a warning (`chmod 600` it).

use std::path::{Path, PathBuf};

use anyhow::Context;
use ots_client::{ApiVersion, Client, ClientBuilder, Credentials, SecretString};
use serde::Deserialize;

use crate::cli::{Api, ClientArgs};
use crate::exit::CliError;

/// Where `ots` looks for a server when nothing says.
pub(crate) const DEFAULT_SERVER: &str = "http://127.0.0.1:3000";

/// The config file's keys; all optional. `Debug` redacts the token (a `SecretString`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    server: Option<String>,
    user: Option<String>,
    token: Option<SecretString>,
    api: Option<String>,
}

/// The config file's path, if a home or config directory is known.
fn file_path() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(dir.join("ots").join("config.toml"))
}

fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileSettings::default()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    // toml's messages quote the offending line, which may hold the token: keep only its kind.
    let settings: FileSettings = toml::from_str(&text).map_err(|e| {
        CliError::Usage(format!(
            "{}: not a valid ots client config ({}); keys: server, user, token, api",
            path.display(),
            e.message()
        ))
    })?;
    if settings.token.is_some() {
        warn_if_readable_by_others(path);
    }
    Ok(settings)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        eprintln!(
            "ots: warning: {} holds an API token and other users may read it; \
             run `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

/// The client the options describe. `default_api` is the version when none is chosen.
pub(crate) fn client(args: &ClientArgs, default_api: ApiVersion) -> anyhow::Result<Client> {
    Ok(builder(args, default_api)?.build()?)
}

/// A builder for the client the options describe, to adjust further.
pub(crate) fn builder(args: &ClientArgs, default_api: ApiVersion) -> anyhow::Result<ClientBuilder> {
    let file = match file_path() {
        Some(path) => read_file(&path)?,
        None => FileSettings::default(),
    };
    let server = args.server.clone().or(file.server).unwrap_or_else(|| DEFAULT_SERVER.to_owned());
    let api = match (args.api, file.api.as_deref()) {
        (Some(Api::V1), _) | (None, Some("v1")) => ApiVersion::V1,
        (Some(Api::V2), _) | (None, Some("v2")) => ApiVersion::V2,
        (None, None) => default_api,
        (None, Some(other)) => {
            return Err(CliError::Usage(format!(
                "config file: api = {other:?}: use \"v1\" or \"v2\""
            ))
            .into());
        }
    };
    let user = args.user.clone().or(file.user);
    let token = args.token.clone().or(file.token);
    let credentials = match (user, token) {
        (Some(user), Some(token)) => Some(Credentials { user, token }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(CliError::Usage(
                "--user needs a token too (--token, OTS_TOKEN or the config file)".into(),
            )
            .into());
        }
        (None, Some(_)) => {
            return Err(CliError::Usage(
                "a token needs --user too (--user, OTS_USER or the config file)".into(),
            )
            .into());
        }
    };
    Ok(Client::builder(&server)?.api(api).credentials(credentials))
}
