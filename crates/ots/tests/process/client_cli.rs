//! The client commands of the real binary against a real server: every command, stdin input,
//! `--json` parsed back, the config file, both API versions, and `ots bench`'s modes.

use serde_json::Value;

use crate::harness::{
    Server, Workspace, code, describe, json_out, last_word, ots_admin, ots_at, ots_at_with_stdin,
    ots_client_command, random_hex, stdout_of,
};

/// An account on `ws`'s data directory: `(email, token)`.
fn account(ws: &Workspace) -> (String, String) {
    let email = format!("cli-{}@example.com", random_hex(6));
    let added = ots_admin(ws.root(), &ws.data_dir(), &["user", "add", &email]);
    assert!(added.status.success(), "user add: {}", describe(&added));
    let token = last_word(&added);
    (email, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_from_stdin_prints_only_the_link_on_stdout_and_reveal_gives_the_bytes_back() {
    // Arrange
    let ws = Workspace::new();
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;
    let secret = format!("line one {}\n  line two\n", random_hex(8));

    for api in ["v1", "v2"] {
        // Act
        let shared =
            ots_at_with_stdin(&server, ws.root(), &["share", "--api", api], secret.as_bytes());
        let piped_dash =
            ots_at_with_stdin(&server, ws.root(), &["share", "-", "--api", api], b"dash input");

        // Assert: stdout is the share link and nothing else; the receipt link is on stderr.
        assert!(shared.status.success(), "{}", describe(&shared));
        let out = stdout_of(&shared);
        assert_eq!(out.lines().count(), 1, "{api}: {}", describe(&shared));
        let link = out.trim_end().to_owned();
        assert!(link.starts_with(&format!("http://{}/secret/", server.addr)), "{api}: {link}");
        let stderr = String::from_utf8_lossy(&shared.stderr).into_owned();
        assert!(stderr.contains("/receipt/") || stderr.contains("/private/"), "{api}: {stderr}");
        assert!(piped_dash.status.success(), "{}", describe(&piped_dash));

        let revealed = ots_at(&server, ws.root(), &["reveal", &link, "--api", api]);
        assert!(revealed.status.success(), "{api}: {}", describe(&revealed));
        assert_eq!(stdout_of(&revealed), secret, "{api}: the value changed on the way");
        let again = ots_at(&server, ws.root(), &["reveal", &link, "--api", api]);
        assert_eq!(code(&again), 3, "{api}: a second reveal: {}", describe(&again));

        let dash_link = stdout_of(&piped_dash).trim().to_owned();
        let dash_value = ots_at(&server, ws.root(), &["reveal", &dash_link, "--api", api]);
        assert_eq!(stdout_of(&dash_value), "dash input");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_answers_json_that_parses_back_on_both_api_versions() {
    // Arrange
    let ws = Workspace::new();
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;
    let (email, token) = account(&ws);
    let auth = ["--user", email.as_str(), "--token", token.as_str()];

    for api in ["v1", "v2"] {
        let with = |args: &[&str]| -> Vec<String> {
            args.iter()
                .chain(&["--json", "--api", api])
                .chain(&auth)
                .map(|s| (*s).to_owned())
                .collect()
        };
        let run = |args: &[&str]| {
            let args = with(args);
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            json_out(&ots_at(&server, ws.root(), &refs))
        };

        // share: the links, the ids and the TTL asked for in human units.
        let value = format!("json-{api}-{}", random_hex(8));
        let shared = run(&["share", &value, "--ttl", "2h"]);
        assert_eq!(shared["ttl"], 7200, "{api}: {shared}");
        assert_eq!(shared["has_passphrase"], false);
        let secret_id = shared["secret_id"].as_str().unwrap().to_owned();
        let receipt_id = shared["receipt_id"].as_str().unwrap().to_owned();
        assert!(shared["share_url"].as_str().unwrap().ends_with(&secret_id), "{shared}");
        assert!(shared["receipt_url"].as_str().unwrap().ends_with(&receipt_id), "{shared}");

        // receipt: new, and the link form works as well as the id.
        let receipt = run(&["receipt", shared["receipt_url"].as_str().unwrap()]);
        assert_eq!(receipt["state"], "new", "{api}: {receipt}");
        assert_eq!(receipt["receipt_id"], receipt_id.as_str());

        // status (v2 only): new; an unknown id is `unknown`.
        if api == "v2" {
            let unknown = "a".repeat(62);
            let status = run(&["status", &secret_id, &unknown]);
            assert_eq!(status[0]["state"], "new", "{status}");
            assert_eq!(status[1]["state"], "unknown", "{status}");
            assert!(status[0]["ttl"].as_u64().unwrap() <= 7200, "{status}");
        }

        // reveal: the value; then the receipt says revealed.
        let revealed = run(&["reveal", &secret_id]);
        assert_eq!(revealed["value"], value.as_str(), "{api}: {revealed}");
        assert_eq!(run(&["receipt", &receipt_id])["state"], "revealed");

        // generate: the password is in the JSON; burn: the receipt says burned.
        let generated = run(&["generate"]);
        let password = generated["value"].as_str().unwrap();
        assert_eq!(password.chars().count(), 12, "{api}: {generated}");
        let burned = run(&["burn", generated["receipt_id"].as_str().unwrap()]);
        assert_eq!(burned["state"], "burned", "{api}: {burned}");
        let gone = ots_at(
            &server,
            ws.root(),
            &["reveal", generated["secret_id"].as_str().unwrap(), "--api", api],
        );
        assert_eq!(code(&gone), 3, "{}", describe(&gone));

        // recent: the account's receipts, newest first, these among them.
        let recent = run(&["recent"]);
        let ids: Vec<&str> =
            recent.as_array().unwrap().iter().filter_map(|r| r["receipt_id"].as_str()).collect();
        assert!(ids.contains(&receipt_id.as_str()), "{api}: {recent}");
        assert!(ids.contains(&generated["receipt_id"].as_str().unwrap()), "{api}: {recent}");
    }

    // No output or log holds the token.
    assert!(!server.log_text().contains(&token), "the server log holds the token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_file_gives_server_and_account_and_flags_and_environment_override_it() {
    // Arrange: a config file pointing at the server, with the account, readable by others.
    let ws = Workspace::new();
    let server = Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[]).await;
    let (email, token) = account(&ws);
    let dir = ws.root().join("config").join("ots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        format!("server = \"http://{}\"\nuser = \"{email}\"\ntoken = \"{token}\"\n", server.addr),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();

    // Act + Assert: the file alone is enough, and the loose mode is warned about.
    let recent = ots_client_command(ws.root(), &["recent", "--json"]).output().unwrap();
    assert!(recent.status.success(), "{}", describe(&recent));
    assert!(serde_json::from_slice::<Value>(&recent.stdout).unwrap().is_array());
    let stderr = String::from_utf8_lossy(&recent.stderr).into_owned();
    assert!(stderr.contains("chmod 600"), "no warning about the file's mode: {stderr}");
    assert!(!stderr.contains(&token) && !stdout_of(&recent).contains(&token));

    // A 0600 file gets no warning.
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let quiet = ots_client_command(ws.root(), &["recent"]).output().unwrap();
    assert!(quiet.status.success(), "{}", describe(&quiet));
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("chmod"), "{}", describe(&quiet));

    // The environment beats the file, and a flag beats the environment.
    let dead = format!("http://127.0.0.1:{}", crate::harness::dead_port());
    let by_env =
        ots_client_command(ws.root(), &["recent"]).env("OTS_SERVER", &dead).output().unwrap();
    assert_eq!(code(&by_env), 7, "{}", describe(&by_env));
    let by_flag =
        ots_client_command(ws.root(), &["recent", "--server", &format!("http://{}", server.addr)])
            .env("OTS_SERVER", &dead)
            .output()
            .unwrap();
    assert!(by_flag.status.success(), "{}", describe(&by_flag));
    let wrong_token = ots_client_command(ws.root(), &["recent"])
        .env("OTS_TOKEN", "wrong-token")
        .output()
        .unwrap();
    assert_eq!(code(&wrong_token), 6, "{}", describe(&wrong_token));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_runs_each_mode_against_a_real_server_and_reports_json() {
    // Arrange
    let ws = Workspace::new();
    let server =
        Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[("OTS_RATE_LIMITS", "off")]).await;
    let common = ["--concurrency", "2", "--duration", "1", "--json"];
    let runs: [(&[&str], &[&str]); 5] = [
        (&["--mode", "all", "--rounds", "1"], &["status", "create", "reveal"]),
        (&["--mode", "status", "--api", "v2"], &["status"]),
        (&["--mode", "create", "--api", "v2"], &["create"]),
        (&["--mode", "reveal"], &["reveal"]),
        (&["--mode", "cycle", "--api", "v2", "--passphrase", "bench pass"], &["cycle"]),
    ];

    for (mode, phases) in runs {
        // Act
        let args: Vec<&str> = ["bench"].iter().chain(mode).chain(&common).copied().collect();
        let out = ots_at(&server, ws.root(), &args);

        // Assert: one report per phase, work done, nothing failed, percentiles in order.
        let reports = json_out(&out);
        let reports = reports.as_array().unwrap();
        let names: Vec<&str> = reports.iter().map(|r| r["phase"].as_str().unwrap()).collect();
        assert_eq!(names, phases, "{mode:?}");
        for r in reports {
            assert!(r["requests"].as_u64().unwrap() > 0, "{mode:?}: {r}");
            assert_eq!(r["errors"], 0, "{mode:?}: {r}");
            let p = |k: &str| r[k].as_f64().unwrap();
            assert!(
                p("p50_ms") <= p("p90_ms")
                    && p("p90_ms") <= p("p99_ms")
                    && p("p99_ms") <= p("max_ms"),
                "{r}"
            );
            assert!(p("requests_per_second") > 0.0, "{r}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_reports_the_servers_cpu_per_request_when_given_its_pid() {
    // Arrange
    let ws = Workspace::new();
    let server =
        Server::start(ws.root(), &ws.data_dir(), &ws.log(), &[("OTS_RATE_LIMITS", "off")]).await;
    let pid = server.pid().to_string();
    let args = ["bench", "--concurrency", "2", "--duration", "1", "--rounds", "1"];

    // Act
    let json = ots_at(&server, ws.root(), &[&args[..], &["--json", "--server-pid", &pid]].concat());
    let table = ots_at(&server, ws.root(), &[&args[..], &["--server-pid", &pid]].concat());
    let wrong = ots_at(&server, ws.root(), &[&args[..], &["--server-pid", "999999999"]].concat());

    // Assert: every phase cost the server some CPU, and creates more than a status.
    let reports = json_out(&json);
    let cpu: Vec<f64> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["server_cpu_us_per_request"].as_f64().unwrap())
        .collect();
    assert!(cpu.iter().all(|us| *us > 0.0), "{reports}");
    assert!(cpu[1] > cpu[0], "a create costs more than a status: {reports}");
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("server CPU µs"), "{text}");
    assert!(text.contains("create costs the server"), "{text}");
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("/proc/999999999/stat"),
        "{}",
        describe(&wrong)
    );
}
