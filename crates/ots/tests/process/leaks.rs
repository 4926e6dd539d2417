//! P1 + P3: the data directory and the logs never hold a secret, an id or a token, whether the
//! API, the web pages or the command-line client drove the server.

use std::fs::File;
use std::io::{Read, Write};
use std::time::Duration;

use reqwest::StatusCode;

use crate::harness::{
    Server, Workspace, client, code, data_dir_sources, describe, json_of, json_out, last_word,
    leaks, ots_admin, ots_at, ots_at_with_stdin, ots_client_command, random_hex,
};

// ---------------------------------------------------------------------------------------------
// P1 + P3: the data directory and the logs
// ---------------------------------------------------------------------------------------------

/// Strings that must never be found, each with what it is.
#[derive(Default)]
struct Needles(Vec<(String, String)>);

impl Needles {
    /// Records `value` as forbidden and returns it.
    fn add(&mut self, what: impl Into<String>, value: String) -> String {
        self.0.push((what.into(), value.clone()));
        value
    }

    /// A fresh distinctive `kind-tag-<random hex>`, recorded as forbidden.
    fn fresh(&mut self, kind: &str, tag: &str) -> String {
        self.add(format!("{tag} {kind}"), format!("{kind}-{tag}-{}", random_hex(24)))
    }

    /// Fails, naming each needle and where it was found, if any of `sources` holds one.
    fn assert_absent_from(&self, sources: &[(String, Vec<u8>)], when: &str) {
        let found = leaks(sources, &self.0);
        assert!(found.is_empty(), "{when}:\n{}", found.join("\n"));
    }
}

/// Sends a create request that must succeed; records the secret key, the metadata key and any
/// generated value as needles and returns `(secret_key, metadata_key)`.
async fn create(
    request: reqwest::RequestBuilder,
    what: &str,
    needles: &mut Needles,
) -> (String, String) {
    let (status, body) = json_of(request.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "creating the {what} secret: {body}");
    if let Some(value) = body["value"].as_str() {
        needles.add(format!("{what} generated value"), value.to_owned());
    }
    let mut key = |field: &str| {
        needles.add(format!("{what} {field}"), body[field].as_str().unwrap().to_owned())
    };
    (key("secret_key"), key("metadata_key"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_directory_and_logs_never_contain_secrets_ids_or_tokens() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut server =
        Server::start(ws.root(), &data_dir, &ws.log(), &[("OTS_LOG_LEVEL", "debug")]).await;
    let http = client();
    let mut needles = Needles::default();
    let email = format!("p1-{}@example.com", random_hex(6));
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "user add failed: {}", describe(&added));
    let token = needles.add("API token", last_word(&added));
    let (guest_plain, guarded_plain) =
        (needles.fresh("plain", "guest"), needles.fresh("plain", "guarded"));
    let (owned_plain, query_plain) =
        (needles.fresh("plain", "owned"), needles.fresh("plain", "query"));
    let (guarded_pass, owned_pass) =
        (needles.fresh("pass", "guarded"), needles.fresh("pass", "owned"));
    let (query_pass, wrong_pass) = (needles.fresh("pass", "query"), needles.fresh("pass", "wrong"));
    let unknown_key = needles.add("unknown key sent to reveal", ots_like_key());

    // Act: create every kind of secret: guest, guest with a passphrase, account-owned with a
    // passphrase, generated, and one with its value (and passphrase) in the query string.
    let share = |form: &[(&str, &str)]| http.post(server.url("/share")).form(form);
    let (guest_key, _) = create(share(&[("secret", &guest_plain)]), "guest", &mut needles).await;
    let guarded = share(&[("secret", &guarded_plain), ("passphrase", &guarded_pass)]);
    let (guarded_key, _) = create(guarded, "guarded", &mut needles).await;
    let owned = share(&[("secret", &owned_plain), ("passphrase", &owned_pass)])
        .basic_auth(&email, Some(&token));
    let (_, owned_receipt) = create(owned, "owned", &mut needles).await;
    let generated = http.post(server.url("/generate")).basic_auth(&email, Some(&token));
    let (_, generated_receipt) = create(generated, "generated", &mut needles).await;
    let query = http
        .post(server.url("/share"))
        .query(&[("secret", &query_plain), ("passphrase", &query_pass)]);
    create(query, "query-string", &mut needles).await;

    // Act: reveal (a wrong passphrase, then the right one), reveal a key that does not exist,
    // read a receipt, burn, list recent, read the metrics.
    let reveal = |key: &str, passphrase: &str| {
        http.post(server.url(&format!("/secret/{key}"))).form(&[("passphrase", passphrase)]).send()
    };
    let (status, body) = json_of(reveal(&guest_key, "").await.unwrap()).await;
    assert_eq!((status, body["value"].as_str()), (StatusCode::OK, Some(guest_plain.as_str())));
    let (status, body) = json_of(reveal(&guarded_key, &wrong_pass).await.unwrap()).await;
    assert_eq!((status, body["message"].as_str()), (StatusCode::NOT_FOUND, Some("Unknown secret")));
    let (status, body) = json_of(reveal(&guarded_key, &guarded_pass).await.unwrap()).await;
    assert_eq!((status, body["value"].as_str()), (StatusCode::OK, Some(guarded_plain.as_str())));
    let (status, _) = json_of(reveal(&unknown_key, "").await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let receipt = http.get(server.url(&format!("/private/{owned_receipt}"))).send().await.unwrap();
    let (status, body) = json_of(receipt).await;
    assert_eq!(status, StatusCode::OK, "receipt: {body}");
    let burn = http.post(server.url(&format!("/private/{generated_receipt}/burn")));
    let (status, body) = json_of(burn.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "burn: {body}");
    let recent = http.get(server.url("/private/recent")).basic_auth(&email, Some(&token));
    let (status, body) = json_of(recent.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "recent: {body}");
    assert!(body.as_array().is_some_and(|a| a.len() >= 2), "recent: {body}");
    let metrics = http.get(format!("http://{}/metrics", server.addr)).send().await.unwrap();
    let metrics = metrics.bytes().await.unwrap().to_vec();

    // Assert: while running (the WAL holds the recent writes) …
    let mut running = data_dir_sources(ws.root(), &data_dir);
    assert!(
        running.iter().any(|(name, _)| name.ends_with("ots.sqlite3-wal")),
        "expected a WAL file while the server runs; found {:?}",
        running.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    running.push(("GET /metrics".into(), metrics));
    running.push(("the server log (while running)".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&running, "while running");

    // … and after a graceful stop.
    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(10));
    assert!(status.success(), "ots serve exited with {status}");
    let mut stopped = data_dir_sources(ws.root(), &data_dir);
    assert!(stopped.iter().any(|(name, _)| name.ends_with("ots.sqlite3")));
    stopped.push(("the server log".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&stopped, "after shutdown");
}

/// A 62-character base36 string shaped like a secret key, but not one the server issued.
fn ots_like_key() -> String {
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut bytes = [0u8; 62];
    File::open("/dev/urandom").unwrap().read_exact(&mut bytes).unwrap();
    bytes.iter().map(|b| char::from(alphabet[usize::from(*b) % alphabet.len()])).collect()
}

// ---------------------------------------------------------------------------------------------
// The web pages: passwords, session cookies and form tokens
// ---------------------------------------------------------------------------------------------

/// A browser stand-in for the pages: keeps cookies, reads form tokens.
struct Browser {
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn new() -> Self {
        Self { http: client(), cookies: Vec::new() }
    }

    fn keep(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie(&self, name: &str) -> String {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap()
    }

    fn header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn get(&mut self, url: &str) -> String {
        let r = self.http.get(url).header("cookie", self.header()).send().await.unwrap();
        self.keep(&r);
        r.text().await.unwrap()
    }

    async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let r =
            self.http.post(url).header("cookie", self.header()).form(form).send().await.unwrap();
        self.keep(&r);
        r
    }
}

/// The `value` of the input whose attributes start with `marker` (`name="csrf"`, `id="…"`).
fn input_value(html: &str, marker: &str) -> String {
    let at = html.find(marker).unwrap_or_else(|| panic!("no `{marker}` in {html}"));
    html[at..].split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_pages_leave_no_password_session_or_form_token_in_files_or_logs() {
    // Arrange
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut server =
        Server::start(ws.root(), &data_dir, &ws.log(), &[("OTS_LOG_LEVEL", "debug")]).await;
    let mut needles = Needles::default();
    let addr = server.addr;
    let page = move |path: &str| format!("http://{addr}{path}");
    let email = format!("web-{}@example.com", random_hex(6));
    let password = needles.fresh("password", "sign-up");
    let (value, passphrase) = (needles.fresh("plain", "web"), needles.fresh("pass", "web"));

    // Act: sign up, create a secret with a passphrase, issue an API token, reveal, sign out.
    let mut sender = Browser::new();
    let signup = sender.get(&page("/signup")).await;
    needles.add("anonymous visitor cookie", sender.cookie("ots_visitor"));
    let csrf = needles.add("anonymous form token", input_value(&signup, r#"name="csrf""#));
    let r = sender
        .post(&page("/signup"), &[("csrf", &csrf), ("email", &email), ("password", &password)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    needles.add("session cookie", sender.cookie("ots_session"));
    let create = sender.get(&page("/")).await;
    let csrf = needles.add("session form token", input_value(&create, r#"name="csrf""#));
    let session_csrf = csrf.clone();
    let r = sender
        .post(
            &page("/"),
            &[("csrf", &csrf), ("secret", &value), ("passphrase", &passphrase), ("ttl", "3600")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let receipt_path = r.headers()["location"].to_str().unwrap().to_owned();
    needles.add("web receipt id", receipt_path.trim_start_matches("/receipt/").to_owned());
    let receipt = sender.get(&page(&receipt_path)).await;
    let link = input_value(&receipt, r#"id="share-link""#);
    needles.add("web secret id", link.rsplit('/').next().unwrap().to_owned());
    let r = sender.post(&page("/account/token"), &[("csrf", &csrf)]).await;
    let token = input_value(&r.text().await.unwrap(), r#"id="api-token""#);
    needles.add("API token issued on the account page", token);
    let mut recipient = Browser::new();
    let prompt = recipient.get(&link).await;
    let csrf = input_value(&prompt, r#"name="csrf""#);
    needles.add("recipient visitor cookie", recipient.cookie("ots_visitor"));
    needles.add("recipient form token", csrf.clone());
    let r = recipient.post(&link, &[("csrf", &csrf), ("passphrase", &passphrase)]).await;
    assert!(r.text().await.unwrap().contains(&value), "revealed on the page");
    let r = sender.post(&page("/signout"), &[("csrf", &session_csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A password set with the admin command, read from standard input.
    let admin_password = needles.fresh("password", "admin");
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &format!("cli-{email}")]);
    assert!(added.status.success(), "{}", describe(&added));
    let mut set = crate::harness::ots_command(ws.root())
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["user", "password", &format!("cli-{email}")])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(set.stdin.take().unwrap(), "{admin_password}").unwrap();
    let set = set.wait_with_output().unwrap();
    assert!(set.status.success(), "{}", describe(&set));
    let mut admin = Browser::new();
    let signin = admin.get(&page("/signin")).await;
    let csrf = input_value(&signin, r#"name="csrf""#);
    let r = admin
        .post(
            &page("/signin"),
            &[("csrf", &csrf), ("email", &format!("cli-{email}")), ("password", &admin_password)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the password set by the command signs in");

    // Assert: while running, and after a graceful stop.
    let mut running = data_dir_sources(ws.root(), &data_dir);
    running.push(("the server log (while running)".into(), std::fs::read(ws.log()).unwrap()));
    running.push(("`ots user password` output".into(), [set.stdout, set.stderr].concat()));
    needles.assert_absent_from(&running, "while running");
    server.terminate();
    assert!(server.wait_for_exit(Duration::from_secs(10)).success());
    let mut stopped = data_dir_sources(ws.root(), &data_dir);
    stopped.push(("the server log".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&stopped, "after shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_client_leaves_no_secret_id_or_token_in_files_logs_or_its_messages() {
    // Arrange: a server logging at debug, an account whose token the client reads from the
    // environment, and a passphrase file.
    let ws = Workspace::new();
    let data_dir = ws.data_dir();
    let mut server =
        Server::start(ws.root(), &data_dir, &ws.log(), &[("OTS_LOG_LEVEL", "debug")]).await;
    let mut needles = Needles::default();
    let email = format!("cli-{}@example.com", random_hex(6));
    let added = ots_admin(ws.root(), &data_dir, &["user", "add", &email]);
    assert!(added.status.success(), "{}", describe(&added));
    let token = needles.add("API token", last_word(&added));
    let (piped, argued) = (needles.fresh("plain", "piped"), needles.fresh("plain", "argument"));
    let passphrase = needles.fresh("pass", "cli");
    let pass_file = ws.root().join("cli-pass.txt");
    std::fs::write(&pass_file, format!("{passphrase}\n")).unwrap();
    let pass_file = pass_file.to_str().unwrap();
    // Everything the client printed, by command, but the values it revealed.
    let mut printed: Vec<(String, Vec<u8>)> = Vec::new();
    let mut keep = |command: &str, out: std::process::Output, stdout: bool| {
        if stdout {
            printed.push((format!("`ots {command}` stdout"), out.stdout));
        }
        printed.push((format!("`ots {command}` stderr"), out.stderr));
    };

    // Act: share from standard input with a passphrase (v2, the default) and as an argument
    // with the account's token (v1) …
    let shared = ots_at_with_stdin(
        &server,
        ws.root(),
        &["share", "-", "--passphrase-file", pass_file, "--json"],
        piped.as_bytes(),
    );
    let guarded = json_out(&shared);
    keep("share -", shared, true);
    let base = format!("http://{}", server.addr);
    let owned = ots_client_command(ws.root(), &["share", &argued, "--api", "v1", "--json"])
        .args(["--server", &base, "--user", &email])
        .env("OTS_TOKEN", &token)
        .output()
        .unwrap();
    let owned_doc = json_out(&owned);
    keep("share --api v1", owned, true);
    for (what, doc) in [("guarded", &guarded), ("owned", &owned_doc)] {
        for field in ["secret_id", "receipt_id"] {
            needles.add(format!("{what} {field}"), doc[field].as_str().unwrap().to_owned());
        }
    }
    // … look at one, read its receipt, list the account's receipts, reveal both (one by its
    // link, with the passphrase from a file) and burn an already revealed one.
    let share_link = guarded["share_url"].as_str().unwrap();
    let steps: Vec<Vec<&str>> = vec![
        vec!["status", share_link],
        vec!["receipt", guarded["receipt_id"].as_str().unwrap()],
        vec!["reveal", share_link, "--passphrase-file", pass_file],
        vec!["reveal", owned_doc["secret_id"].as_str().unwrap(), "--api", "v1"],
        vec!["burn", guarded["receipt_id"].as_str().unwrap()],
    ];
    let mut revealed = Vec::new();
    for args in &steps {
        let mut out = ots_at(&server, ws.root(), args);
        // Burning a secret already revealed finds nothing to burn: exit 3.
        let expected = if args[0] == "burn" { 3 } else { 0 };
        assert_eq!(code(&out), expected, "{args:?}: {}", describe(&out));
        if args[0] == "reveal" {
            revealed.push(String::from_utf8(std::mem::take(&mut out.stdout)).unwrap());
        }
        keep(args[0], out, args[0] != "reveal");
    }
    let recent = ots_client_command(ws.root(), &["recent", "--server", &base, "--user", &email])
        .env("OTS_TOKEN", &token)
        .output()
        .unwrap();
    assert!(recent.status.success(), "{}", describe(&recent));
    keep("recent", recent, true);
    assert_eq!(revealed, [piped.clone(), argued.clone()], "each value revealed, exactly");

    // Assert: no value, passphrase, id or token in the data directory or the server's log, and
    // no value, passphrase or token in what the client printed (ids are its output).
    let mut running = data_dir_sources(ws.root(), &data_dir);
    running.push(("the server log (while running)".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&running, "while running");
    let mut private = Needles::default();
    for (what, value) in [("value", &piped), ("value", &argued), ("passphrase", &passphrase)] {
        private.add(what, value.clone());
    }
    private.add("API token", token);
    private.assert_absent_from(&printed, "client output");
    server.terminate();
    assert!(server.wait_for_exit(Duration::from_secs(10)).success());
    let mut stopped = data_dir_sources(ws.root(), &data_dir);
    stopped.push(("the server log".into(), std::fs::read(ws.log()).unwrap()));
    needles.assert_absent_from(&stopped, "after shutdown");
}
