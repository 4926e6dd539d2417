//! A small WebDriver client over `reqwest`, for Debian's `chromedriver` driving headless
//! Chromium: sessions, navigation, elements, screenshots, and the browser log.
//!
//! WebDriver is JSON over HTTP, and the few commands these tests use fit in this file; the log
//! endpoint that reports console errors, CSP violations and failed loads is a chromedriver
//! extension that general clients wrap awkwardly, so talking to it directly is simplest.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `chromedriver` in a process group of its own, with the browsers it starts; the
/// whole group is killed when dropped, so a failed test leaves no browser behind.
pub(crate) struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The shell's `kill` (no `unsafe` for `libc::kill`; `/bin/kill` is procps): the group's
        // id is chromedriver's pid.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("sh").args(["-c", "kill -s KILL -- \"$1\"", "sh", &group]).status();
        let _ = self.child.wait();
    }
}

/// How a browser session is set up.
#[derive(Clone, Copy)]
pub(crate) enum Profile {
    /// A desktop window, 1280 × 900, JavaScript on.
    Desktop,
    /// A phone: a 360 CSS-pixel-wide viewport, JavaScript on.
    Phone,
    /// A desktop window with JavaScript switched off.
    NoScript,
}

impl Driver {
    /// Starts `chromedriver` on a free port and waits until it answers.
    pub(crate) async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver: scripts/test.sh installs Debian's chromium-driver");
        let driver =
            Self { child, base: format!("http://127.0.0.1:{port}"), http: reqwest::Client::new() };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = driver.http.get(format!("{}/status", driver.base)).send().await
                && r.status().is_success()
            {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A fresh browser session: its own profile, so no cookies or history are shared.
    pub(crate) async fn session(&self, name: &str, profile: Profile) -> Session<'_> {
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-crash-reporter",
            "--disable-breakpad",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
        ];
        if !matches!(profile, Profile::Phone) {
            args.push("--window-size=1280,900");
        }
        let mut chrome = json!({ "binary": chromium(), "args": args });
        match profile {
            Profile::Phone => {
                chrome["mobileEmulation"] =
                    json!({ "deviceMetrics": { "width": 360, "height": 760, "pixelRatio": 2.0 } });
            }
            Profile::NoScript => {
                chrome["prefs"] =
                    json!({ "profile.managed_default_content_settings.javascript": 2 });
            }
            Profile::Desktop => {}
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": chrome,
            "goog:loggingPrefs": { "browser": "ALL" },
        }}});
        let r: Value = self
            .http
            .post(format!("{}/session", self.base))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_owned();
        Session { driver: self, id, name: name.to_owned(), shots: 0 }
    }
}

fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("/usr/bin/chromium")
}

/// Where screenshots go: `target/web-screenshots/`.
pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("..").join("web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One browser session (a fresh browser context).
pub(crate) struct Session<'d> {
    driver: &'d Driver,
    id: String,
    name: String,
    shots: u32,
}

/// An element found on the page.
pub(crate) struct Element<'s, 'd> {
    session: &'s Session<'d>,
    id: String,
}

impl<'d> Session<'d> {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.driver.base, self.id);
        let mut request = self.driver.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r: Value = request.send().await.unwrap().json().await.unwrap();
        if let Some(error) = r["value"]["error"].as_str() {
            panic!("[{}] WebDriver {path}: {error}: {}", self.name, r["value"]["message"]);
        }
        r["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, None).await
    }

    /// Opens `url` and waits for the page to load.
    pub(crate) async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    pub(crate) async fn url(&self) -> String {
        self.get("/url").await.as_str().unwrap().to_owned()
    }

    pub(crate) async fn back(&self) {
        self.post("/back", json!({})).await;
    }

    pub(crate) async fn refresh(&self) {
        self.post("/refresh", json!({})).await;
    }

    pub(crate) async fn source(&self) -> String {
        self.get("/source").await.as_str().unwrap().to_owned()
    }

    /// Runs a script in the page and returns its result (JavaScript-enabled sessions only).
    pub(crate) async fn script(&self, code: &str) -> Value {
        self.post("/execute/sync", json!({ "script": code, "args": [] })).await
    }

    /// The element `css` selects, waiting up to five seconds for it to appear.
    pub(crate) async fn find(&self, css: &str) -> Element<'_, 'd> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(e) = self.try_find(css).await {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "[{}] no element `{css}` on {}",
                self.name,
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The element `css` selects, if the page has one now.
    pub(crate) async fn try_find(&self, css: &str) -> Option<Element<'_, 'd>> {
        let url = format!("{}/session/{}/element", self.driver.base, self.id);
        let body = json!({ "using": "css selector", "value": css });
        let r: Value =
            self.driver.http.post(url).json(&body).send().await.unwrap().json().await.unwrap();
        r["value"][ELEMENT].as_str().map(|id| Element { session: self, id: id.to_owned() })
    }

    /// Waits until the current URL contains `part`.
    pub(crate) async fn wait_for_url(&self, part: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let url = self.url().await;
            if url.contains(part) {
                return url;
            }
            assert!(Instant::now() < deadline, "[{}] still at {url}, expected {part}", self.name);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a PNG screenshot as `target/web-screenshots/<session>-<n>-<step>.png`.
    pub(crate) async fn screenshot(&mut self, step: &str) -> PathBuf {
        let data = self.get("/screenshot").await;
        let png = base64_decode(data.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        self.shots += 1;
        let path = screenshot_dir().join(format!("{}-{:02}-{step}.png", self.name, self.shots));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The browser log since the last call: console messages, CSP violations, failed loads.
    pub(crate) async fn log(&self) -> Vec<(String, String)> {
        let entries = self.post("/se/log", json!({ "type": "browser" })).await;
        entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["level"].as_str().unwrap_or("").to_owned(),
                    e["message"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    /// The log's errors (level `SEVERE`): console errors, refused or failed requests.
    pub(crate) async fn errors(&self) -> Vec<String> {
        self.log()
            .await
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, m)| m)
            .collect()
    }

    /// Ends the session (closes its browser).
    pub(crate) async fn quit(self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}

impl Element<'_, '_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    pub(crate) async fn click(&self) {
        self.session.post(&self.path("/click"), json!({})).await;
    }

    pub(crate) async fn type_text(&self, text: &str) {
        self.session.post(&self.path("/value"), json!({ "text": text })).await;
    }

    pub(crate) async fn text(&self) -> String {
        self.session.get(&self.path("/text")).await.as_str().unwrap_or_default().to_owned()
    }

    /// A DOM property (`value`, `type`, …).
    pub(crate) async fn property(&self, name: &str) -> String {
        let v = self.session.get(&self.path(&format!("/property/{name}"))).await;
        v.as_str().map_or_else(|| v.to_string(), str::to_owned)
    }

    pub(crate) async fn displayed(&self) -> bool {
        self.session.get(&self.path("/displayed")).await.as_bool().unwrap_or(false)
    }
}

/// Standard base64, as WebDriver sends screenshots.
fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).expect("a screenshot in base64")
}
