//! The client's exit codes, one per situation, and the passphrase prompt answered through a
//! pseudo-terminal.

use std::time::Duration;

use crate::harness::{
    Server, Workspace, code, describe, ots_at, ots_at_with_stdin, ots_client_command, random_hex,
    stdout_of,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_exits_with_its_own_code_and_a_clear_message() {
    // Arrange: a server that lets a guest create one secret per window.
    let ws = Workspace::new();
    let server =
        Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[("OTS_CREATE_LIMIT", "2")]).await;
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let guarded = ots_at(
        &server,
        ws.root(),
        &["share", "guarded value", "--passphrase", "right pass", "--json"],
    );
    assert!(guarded.status.success(), "{}", describe(&guarded));
    let guarded: serde_json::Value = serde_json::from_slice(&guarded.stdout).unwrap();
    let id = guarded["secret_id"].as_str().unwrap();

    // 2: usage. An empty secret, whitespace only, a bad TTL, a receipt link given to reveal.
    for (args, input) in [
        (vec!["share"], &b""[..]),
        (vec!["share", "-"], &b" \n\t\n"[..]),
        (vec!["share", "x", "--ttl", "soon"], &b""[..]),
        (vec!["reveal", "http://127.0.0.1:1/receipt/abc"], &b""[..]),
        (vec!["status", "http://127.0.0.1:1/secret/abc"], &b""[..]),
    ] {
        let out = ots_at_with_stdin(&server, ws.root(), &args, input);
        assert_eq!(code(&out), 2, "{args:?}: {}", describe(&out));
        assert!(out.stdout.is_empty(), "{args:?}: {}", describe(&out));
    }
    // A bad link is reported before bad settings are: the link is the likelier mistake.
    for command in ["reveal", "status"] {
        let both = ots_client_command(ws.root(), &[command, "Not-An-Id", "--server", "ftp://x"])
            .output()
            .unwrap();
        assert_eq!(code(&both), 2, "{command}: {}", describe(&both));
        let said = stderr(&both);
        assert!(said.contains("lowercase letters and digits"), "{command}: {}", describe(&both));
    }
    // Also usage: an operation API v1 does not have.
    let v1_status = ots_at(&server, ws.root(), &["status", id, "--api", "v1"]);
    assert_eq!(code(&v1_status), 2, "{}", describe(&v1_status));
    assert!(stderr(&v1_status).contains("use API v2"), "{}", describe(&v1_status));
    let empty = ots_at_with_stdin(&server, ws.root(), &["share"], b"");
    assert!(stderr(&empty).contains("empty secret"), "{}", describe(&empty));

    // 3: not found.
    let unknown = ots_at(&server, ws.root(), &["reveal", &"z".repeat(62)]);
    assert_eq!(code(&unknown), 3, "{}", describe(&unknown));
    assert!(stderr(&unknown).contains("unknown secret"), "{}", describe(&unknown));

    // 4: a wrong passphrase (the secret survives it), and a needed one with no terminal to ask.
    let wrong = ots_at(&server, ws.root(), &["reveal", id, "--passphrase", "wrong pass"]);
    assert_eq!(code(&wrong), 4, "{}", describe(&wrong));
    assert!(stderr(&wrong).contains("wrong passphrase"), "{}", describe(&wrong));
    let no_tty = ots_at(&server, ws.root(), &["reveal", id]);
    assert_eq!(code(&no_tty), 4, "{}", describe(&no_tty));
    assert!(stderr(&no_tty).contains("--passphrase-file"), "{}", describe(&no_tty));
    let pass_file = ws.root().join("pass.txt");
    std::fs::write(&pass_file, "right pass\n").unwrap();
    let right = ots_at(
        &server,
        ws.root(),
        &["reveal", id, "--passphrase-file", pass_file.to_str().unwrap()],
    );
    assert_eq!(stdout_of(&right), "guarded value", "{}", describe(&right));

    // 5: rate limited (the limit is 2 creates and 1 was made above).
    let mut limited = None;
    for _ in 0..3 {
        let out = ots_at(&server, ws.root(), &["share", "one more"]);
        if !out.status.success() {
            limited = Some(out);
            break;
        }
    }
    let limited = limited.expect("the create limit never applied");
    assert_eq!(code(&limited), 5, "{}", describe(&limited));
    assert!(stderr(&limited).contains("rate limited"), "{}", describe(&limited));

    // 6: unauthorized; the token is not repeated anywhere.
    let token = format!("not-a-token-{}", random_hex(16));
    for api in ["v1", "v2"] {
        let refused = ots_at(
            &server,
            ws.root(),
            &["recent", "--api", api, "--user", "nobody@example.com", "--token", &token],
        );
        assert_eq!(code(&refused), 6, "{api}: {}", describe(&refused));
        assert!(stderr(&refused).contains("unauthorized"), "{api}: {}", describe(&refused));
        assert!(!describe(&refused).contains(&token), "{api}: the token was printed");
    }
    assert!(!server.log_text().contains(&token), "the server log holds the token");
    let in_url = format!("htp://me:{token}@127.0.0.1:1");
    let refused = ots_client_command(ws.root(), &["share", "x", "--server", &in_url]).output();
    let refused = refused.unwrap();
    assert_eq!(code(&refused), 2, "{}", describe(&refused));
    assert!(!describe(&refused).contains(&token), "a token in --server was printed");

    // 7: unreachable.
    let dead = format!("http://127.0.0.1:{}", crate::harness::dead_port());
    let unreachable =
        ots_client_command(ws.root(), &["share", "x", "--server", &dead]).output().unwrap();
    assert_eq!(code(&unreachable), 7, "{}", describe(&unreachable));
    assert!(stderr(&unreachable).contains("cannot reach the server"), "{}", describe(&unreachable));

    // The codes are documented in --help.
    let help = ots_client_command(ws.root(), &["--help"]).output().unwrap();
    let help = stdout_of(&help);
    for line in [
        "3  not found",
        "4  wrong passphrase",
        "5  rate limited",
        "6  unauthorized",
        "7  server unreachable",
    ] {
        assert!(help.contains(line), "--help lacks {line:?}:\n{help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reveal_asks_for_the_passphrase_on_a_terminal_without_echoing_it() {
    // Arrange
    let ws = Workspace::new();
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;
    let passphrase = format!("typed-{}", random_hex(10));
    let value = format!("behind the prompt {}", random_hex(8));
    let shared = ots_at(&server, ws.root(), &["share", &value, "--passphrase", &passphrase]);
    assert!(shared.status.success(), "{}", describe(&shared));
    let link = stdout_of(&shared).trim().to_owned();
    let root = ws.root().to_owned();
    // The pseudo-terminal becomes the process's stdin, stdout and stderr.
    let reveal = move || {
        let mut cmd = ots_client_command(&root, &["reveal", &link]);
        cmd.stdin(std::process::Stdio::inherit());
        cmd
    };

    // Act: under a pseudo-terminal, answer the prompt (first wrongly: nothing is consumed).
    let transcript = tokio::task::spawn_blocking(move || {
        let timeout = Some(u64::try_from(Duration::from_secs(20).as_millis()).unwrap());
        let mut wrong = rexpect::session::spawn_command(reveal(), timeout).unwrap();
        wrong.exp_string("Passphrase: ").unwrap();
        wrong.send_line("not it").unwrap();
        let first = wrong.exp_eof().unwrap();

        let mut session = rexpect::session::spawn_command(reveal(), timeout).unwrap();
        session.exp_string("Passphrase: ").unwrap();
        session.send_line(&passphrase).unwrap();
        let rest = session.exp_eof().unwrap();
        (first, rest, passphrase)
    })
    .await
    .unwrap();

    // Assert
    let (first, rest, passphrase) = transcript;
    assert!(first.contains("wrong passphrase"), "first attempt: {first:?}");
    assert!(rest.contains(&value), "the value was not shown: {rest:?}");
    assert!(!rest.contains(&passphrase), "the passphrase was echoed: {rest:?}");
}
