//! The binary's commands: graceful shutdown of `serve`, and the admin commands `user` and
//! `config`.

use std::time::Duration;

use reqwest::StatusCode;

use crate::harness::{
    Server, Workspace, client, describe, json_of, last_word, ots_admin, ots_command, random_hex,
};

// ---------------------------------------------------------------------------------------------
// Shutdown
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_shuts_down_gracefully_on_sigterm() {
    // Arrange
    let ws = Workspace::new();
    let mut server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;

    // Act
    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(10));

    // Assert
    assert!(status.success(), "ots serve exited with {status}\n{}", server.log_text());
}

/// A graceful stop closes the store: SQLite folds the WAL into the database file and deletes
/// it, so the database file alone (with the key) holds everything, as a backup would copy it.
/// Whether the store closed before the process exited was a race, so the test stops the
/// server several times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_leaves_one_self_contained_database_file() {
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut kept = Vec::new();
    for round in 0..8 {
        // Arrange: a secret, created and acknowledged.
        let mut server = Server::start(ws.root(), &data_dir, &ws.log(), &[]).await;
        let value = format!("kept-{}", random_hex(8));
        let created = client().post(server.url("/share")).form(&[("secret", &value)]).send();
        let (status, body) = json_of(created.await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        kept.push((body["secret_key"].as_str().unwrap().to_owned(), value));
        assert!(data_dir.join("ots.sqlite3-wal").exists(), "a running server writes to the WAL");

        // Act
        server.terminate();
        let status = server.wait_for_exit(Duration::from_secs(10));

        // Assert
        assert!(status.success(), "ots serve exited with {status}\n{}", server.log_text());
        let wal = data_dir.join("ots.sqlite3-wal");
        assert!(!wal.exists(), "round {round}: the WAL is left after a graceful stop");
    }

    // Act: serve a copy of the database file and the key alone.
    let copy = ws.root().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for file in ["ots.sqlite3", "server.key"] {
        std::fs::copy(data_dir.join(file), copy.join(file)).unwrap();
    }
    let restored = Server::start(ws.root(), &copy, &ws.log(), &[]).await;

    // Assert: every secret is there.
    for (key, value) in kept {
        let revealed = client().post(restored.url(&format!("/secret/{key}"))).send().await;
        let (status, revealed) = json_of(revealed.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{revealed}");
        assert_eq!(revealed["value"].as_str(), Some(value.as_str()));
    }
}

/// A database others may read (one made before ots created it 0600, or by hand) is named in a
/// warning at start-up; the one ots creates is not.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_warns_when_other_users_may_read_the_database() {
    use std::os::unix::fs::PermissionsExt;
    const WARNING: &str = "the database file may be read by other users";

    // Arrange: a first start creates the database.
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut first = Server::start(ws.root(), &data_dir, &ws.log(), &[]).await;
    first.terminate();
    first.wait_for_exit(Duration::from_secs(10));
    let first_log = first.log_text();
    let db = data_dir.join("ots.sqlite3");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();

    // Act
    let second = Server::start(ws.root(), &data_dir, &ws.log(), &[]).await;

    // Assert
    assert!(!first_log.contains(WARNING), "{first_log}");
    let second_log = second.log_text()[first_log.len()..].to_owned();
    assert!(second_log.contains(WARNING), "{second_log}");
}

// ---------------------------------------------------------------------------------------------
// Admin commands
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_commands_manage_accounts() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let server = Server::start(ws.root(), &data_dir, &ws.log(), &[]).await;
    let http = client();
    let email = format!("admin-{}@example.com", random_hex(6));
    let authcheck = |token: String| {
        let request = http.get(server.url("/authcheck")).basic_auth(&email, Some(token));
        async move {
            let response = request.send().await.unwrap();
            let intended = response
                .headers()
                .get("x-ots-intended-status")
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status(), intended)
        }
    };
    let refused = (StatusCode::NOT_FOUND, Some("401".to_owned()));

    // Act + Assert: add, while the server runs.
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "user add: {}", describe(&added));
    let first_token = last_word(&added);
    assert_eq!(authcheck(first_token.clone()).await.0, StatusCode::OK);

    let again = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(!again.status.success(), "adding {email} twice succeeded: {}", describe(&again));

    let listed = ots_admin(ws.root(), &data_dir, &["user", "list"]);
    assert!(listed.status.success(), "user list: {}", describe(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&email), "{}", describe(&listed));

    let rotated = ots_admin(ws.root(), &data_dir, &["user", "token", &email, "--rotate"]);
    assert!(rotated.status.success(), "user token --rotate: {}", describe(&rotated));
    let second_token = last_word(&rotated);
    assert_ne!(second_token, first_token);
    assert_eq!(authcheck(first_token).await, refused, "the old token still works");
    assert_eq!(authcheck(second_token.clone()).await.0, StatusCode::OK, "the new token fails");

    let removed = ots_admin(ws.root(), &data_dir, &["user", "remove", &email]);
    assert!(removed.status.success(), "user remove: {}", describe(&removed));
    assert_eq!(authcheck(second_token).await, refused, "a removed account's token still works");
}

#[test]
fn config_prints_the_effective_configuration_with_secrets_redacted() {
    // Arrange
    let ws = Workspace::new();
    let secret = format!("cfg-{}", random_hex(36));
    assert_eq!(secret.len(), 40);

    // Act
    let shown = ots_command(ws.root()).arg("config").env("OTS_SECRET", &secret).output().unwrap();
    let refused =
        ots_command(ws.root()).arg("config").env("OTS_TTL_FLOOR", "notanumber").output().unwrap();

    // Assert
    assert!(shown.status.success(), "ots config: {}", describe(&shown));
    let stdout = String::from_utf8_lossy(&shown.stdout);
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert!(stdout.contains("secret = \"[redacted]\""), "{}", describe(&shown));
    assert!(
        !stdout.contains(&secret) && !stderr.contains(&secret),
        "ots config printed the secret"
    );
    assert!(
        !refused.status.success(),
        "a non-numeric ttl_floor was accepted: {}",
        describe(&refused)
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).to_lowercase().contains("ttl_floor"),
        "the error does not name ttl_floor: {}",
        describe(&refused)
    );
}
