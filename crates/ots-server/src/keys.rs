//! Where the server key comes from: `OTS_SECRET`, or a key generated into the data directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use ots_core::crypto::{Keyring, ServerKey};
use secrecy::ExposeSecret;

use crate::config::Config;

/// File name of the generated key inside the data directory.
pub const KEY_FILE: &str = "server.key";

/// Why no keyring could be built.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The configured key is unusable.
    #[error("`{key}`: {reason}")]
    Invalid {
        /// Which setting.
        key: &'static str,
        /// Why.
        reason: String,
    },
    /// The generated key file could not be read or written.
    #[error("server key file {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Builds the keyring: the configured secret, or the data directory's key file (created with
/// mode 0600 on first start), plus any retired secrets.
pub fn load_keyring(config: &Config) -> Result<Keyring, KeyError> {
    let current = match &config.secret {
        Some(s) => ServerKey::from_secret(s.expose_secret())
            .map_err(|e| KeyError::Invalid { key: "secret", reason: e.to_string() })?,
        None => key_from_file(&config.data_dir)?,
    };
    let mut retired = Vec::new();
    if let Some(list) = &config.retired_secrets {
        for s in list.expose_secret().split(',').map(str::trim).filter(|s| !s.is_empty()) {
            retired.push(ServerKey::from_secret(s).map_err(|e| KeyError::Invalid {
                key: "retired_secrets",
                reason: e.to_string(),
            })?);
        }
    }
    Ok(Keyring::new(current, retired))
}

fn key_from_file(data_dir: &Path) -> Result<ServerKey, KeyError> {
    let path = data_dir.join(KEY_FILE);
    let file_err = |source| KeyError::File { path: path.clone(), source };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            ots_store::create_data_dir(data_dir).map_err(file_err)?;
            create_key_file(&path).map_err(file_err)?
        }
        Err(e) => return Err(file_err(e)),
    };
    ServerKey::from_secret(text.trim()).map_err(|e| KeyError::Invalid {
        key: "secret",
        reason: format!("{}: {e}", path.display()),
    })
}

/// Writes a fresh random key, readable only by its owner, durably, before anything is sealed
/// under it. The key is written whole to a temporary file, synced, then linked into place, and
/// the directory synced. A link never replaces a file, so processes starting at once agree: the
/// losers read the winner's key, which is whole by the time anyone can open it. (Created in
/// place, a key could be read half written, and a crash right after creating it left an empty
/// key file behind.)
fn create_key_file(path: &Path) -> std::io::Result<String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let key = ots_core::id::random_base36(64);
    let temporary = dir.join(format!(".{KEY_FILE}.{}", ots_core::id::random_base36(12)));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(key.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {
            ots_store::sync_dir(dir)?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Servers (or `ots user add` and a server) starting at once on a fresh data directory all
    /// end up with the same key, and none reads a key half written.
    #[test]
    fn processes_starting_at_once_agree_on_one_key() {
        for _ in 0..50 {
            let dir = tempfile::tempdir().unwrap();
            let data_dir = dir.path().join("data");
            let start = std::sync::Barrier::new(8);
            let keys: Vec<Result<ServerKey, KeyError>> = std::thread::scope(|s| {
                let racers: Vec<_> = (0..8)
                    .map(|_| {
                        s.spawn(|| {
                            start.wait();
                            key_from_file(&data_dir)
                        })
                    })
                    .collect();
                racers.into_iter().map(|r| r.join().unwrap()).collect()
            });
            let written = std::fs::read_to_string(data_dir.join(KEY_FILE)).unwrap();
            let expected = ServerKey::from_secret(written.trim()).unwrap();
            for key in keys {
                let key = key.unwrap();
                // The fingerprint names a key by 4 bytes of a hash; a HMAC under it tells more.
                assert_eq!(key.fingerprint(), expected.fingerprint());
                assert_eq!(key.form_token("seed"), expected.form_token("seed"));
            }
        }
    }
}
