//! The web pages over HTTP: a `GET` or `HEAD` never consumes, forms need their anti-forgery
//! token, gone secrets all look alike, the security headers, and the create page's weight.
//! (The same flows in a real browser are in `tests/browser/`.)

use std::collections::HashMap;

use ots_store::Store;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, str_field};

/// A browser stand-in: keeps cookies, reads form tokens.
struct Visitor<'a> {
    app: &'a TestApp,
    cookies: HashMap<String, String>,
}

impl<'a> Visitor<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self { app, cookies: HashMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, r: &Response) {
        for value in r.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    async fn get(&mut self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let r = self
            .app
            .client
            .get(self.app.url(path))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&r);
        let (status, headers) = (r.status(), r.headers().clone());
        (status, headers, r.text().await.unwrap())
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let r = self
            .app
            .client
            .post(self.app.url(path))
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&r);
        r
    }

    /// The form token of the page at `path`.
    async fn csrf(&mut self, path: &str) -> String {
        let (_, _, body) = self.get(path).await;
        csrf_of(&body)
    }
}

fn csrf_of(body: &str) -> String {
    let at = body.find(r#"name="csrf" value=""#).expect("a form with a token");
    let rest = &body[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

fn location(r: &Response) -> String {
    r.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Creates a guest secret through API v1; returns (secret key, receipt key).
async fn shared(app: &TestApp, form: &[(&str, &str)]) -> (String, String) {
    let receipt: Value = app.share(form).await;
    (str_field(&receipt, "secret_key").to_owned(), str_field(&receipt, "metadata_key").to_owned())
}

#[tokio::test]
async fn getting_and_heading_a_secret_page_again_and_again_leaves_it_revealable() {
    // Arrange
    let app = TestApp::spawn().await;
    let (key, _) = shared(&app, &[("secret", "still here after scanners")]).await;
    let url = app.url(&format!("/secret/{key}"));

    // Act: what link previews and mail scanners do.
    for _ in 0..3 {
        let head = app.client.head(&url).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK);
        let get = app.client.get(&url).send().await.unwrap();
        assert_eq!(get.status(), StatusCode::OK);
        let body = get.text().await.unwrap();
        assert!(body.contains("Click to reveal"), "{body}");
        assert!(!body.contains("still here after scanners"));
    }

    // Assert
    let revealed = app.reveal(&key, None).await;
    assert_eq!(revealed.status(), StatusCode::OK);
    assert_eq!(revealed.json::<Value>().await.unwrap()["value"], "still here after scanners");
}

#[tokio::test]
async fn heading_a_receipt_page_leaves_its_generated_password_to_be_shown_once() {
    // Arrange
    let app = TestApp::spawn().await;
    let created: Value = app.post_form("/api/v1/generate", &[]).await.json().await.unwrap();
    let path = format!("/receipt/{}", str_field(&created, "metadata_key"));
    // The field that shows it (the value itself is HTML-escaped there).
    let shown = r#"id="generated""#;

    // Act
    let head = app.client.head(app.url(&path)).send().await.unwrap();
    let first = app.get(&path).await.text().await.unwrap();
    let second = app.get(&path).await.text().await.unwrap();

    // Assert
    assert_eq!(head.status(), StatusCode::OK);
    assert!(first.contains(shown), "the first GET shows it: {first}");
    assert!(!second.contains(shown), "and only the first");
}

#[tokio::test]
async fn a_form_post_without_a_valid_token_is_refused_and_changes_nothing() {
    // Arrange
    let app = TestApp::spawn().await;
    let (key, receipt) = shared(&app, &[("secret", "guarded by the token")]).await;
    let mut visitor = Visitor::new(&app);
    let good = visitor.csrf(&format!("/secret/{key}")).await;
    let mut stranger = Visitor::new(&app);
    let other = stranger.csrf("/").await;

    // Act + Assert: no token, a wrong one, another visitor's, and none without any cookie.
    for (who, token) in [(&mut visitor, ""), (&mut Visitor::new(&app), good.as_str())] {
        let r = who.post(&format!("/secret/{key}"), &[("csrf", token)]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.text().await.unwrap().contains("This form has expired"));
    }
    let r = visitor.post(&format!("/secret/{key}"), &[("csrf", &other)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = visitor
        .post(&format!("/receipt/{receipt}/burn"), &[("csrf", "0".repeat(64).as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = visitor.post("/", &[("secret", "x"), ("csrf", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = visitor.post("/signin", &[("email", "a@example.com"), ("password", "12345678")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Nothing was burned or revealed.
    let revealed = app.reveal(&key, None).await;
    assert_eq!(revealed.json::<Value>().await.unwrap()["value"], "guarded by the token");
}

#[tokio::test]
async fn a_form_rendered_before_a_key_rotation_still_posts_after_it() {
    // Arrange: a form from a server under the old key, and two servers under a new key, one
    // keeping the old key as retired.
    const OLD: &str = "the old server key that is long enough to be accepted";
    const NEW: &str = "the new server key that is also long enough to be used";
    let before = TestApp::with_config(|c| c.secret = Some(OLD.to_owned().into())).await;
    let mut v = Visitor::new(&before);
    let token = v.csrf("/").await;
    let rotated = TestApp::with_config(|c| {
        c.secret = Some(NEW.to_owned().into());
        c.retired_secrets = Some(OLD.to_owned().into());
    })
    .await;
    let replaced = TestApp::with_config(|c| c.secret = Some(NEW.to_owned().into())).await;

    // Act
    let post = |app| {
        let mut visitor = Visitor::new(app);
        visitor.cookies.clone_from(&v.cookies);
        let token = token.clone();
        async move { visitor.post("/", &[("csrf", &token), ("secret", "x")]).await.status() }
    };
    let (kept, dropped) = (post(&rotated).await, post(&replaced).await);

    // Assert
    assert_eq!(kept, StatusCode::SEE_OTHER, "the retired key still vouches for the form");
    assert_eq!(dropped, StatusCode::FORBIDDEN, "a key no longer held vouches for nothing");
}

#[tokio::test]
async fn create_then_reveal_through_the_forms_shows_the_value_once() {
    // Arrange
    let app = TestApp::spawn().await;
    let mut sender = Visitor::new(&app);
    let token = sender.csrf("/").await;

    // Act: create.
    let created = sender
        .post("/", &[("csrf", &token), ("secret", "form-made <secret> & co"), ("ttl", "3600")])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let receipt_path = location(&created);
    assert!(receipt_path.starts_with("/receipt/"), "{receipt_path}");
    let (status, headers, receipt) = sender.get(&receipt_path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[CACHE_CONTROL], "no-store");
    let link_at = receipt.find(&format!("{}/secret/", app.base)).expect("the share link");
    let link = &receipt[link_at..link_at + receipt[link_at..].find('"').unwrap()];
    let secret_path = link.trim_start_matches(&app.base).to_owned();

    // Act: the recipient opens and reveals.
    let mut recipient = Visitor::new(&app);
    let token = recipient.csrf(&secret_path).await;
    let revealed = recipient.post(&secret_path, &[("csrf", &token)]).await;

    // Assert: the value, escaped, in the POST response only.
    assert_eq!(revealed.status(), StatusCode::OK);
    assert_eq!(revealed.headers()[CACHE_CONTROL], "no-store");
    let body = revealed.text().await.unwrap();
    assert!(body.contains("form-made &#60;secret&#62; &#38; co"), "{body}");
    let (status, _, again) = recipient.get(&secret_path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(again.contains("This secret is not available") && !again.contains("form-made"));
    let (_, _, receipt) = sender.get(&receipt_path).await;
    assert!(receipt.contains("Revealed: the secret was shown"), "{receipt}");
}

#[tokio::test]
async fn unknown_revealed_burned_and_expired_links_render_the_same_page() {
    // Arrange: one secret in each state, and a link that never existed.
    let app = TestApp::spawn().await;
    let (revealed, _) = shared(&app, &[("secret", "a")]).await;
    app.reveal(&revealed, None).await;
    let (burned, receipt) = shared(&app, &[("secret", "b")]).await;
    app.post_form(&format!("/api/v1/private/{receipt}/burn"), &[]).await;
    let (expired, _) = shared(&app, &[("secret", "c"), ("ttl", "60")]).await;
    app.advance(61);
    // Another last character: an id that never existed, whatever the real one ends with.
    let last = if revealed.ends_with('x') { 'y' } else { 'x' };
    let unknown = format!("{}{last}", &revealed[..revealed.len() - 1]);
    let mut visitor = Visitor::new(&app);
    visitor.csrf("/").await;

    // Act
    let mut pages = Vec::new();
    for key in [&unknown, &revealed, &burned, &expired, &"short".to_owned()] {
        let (status, _, body) = visitor.get(&format!("/secret/{key}")).await;
        pages.push((status, body));
    }

    // Assert
    assert_eq!(pages[0].0, StatusCode::NOT_FOUND);
    assert!(pages[0].1.contains("This secret is not available"));
    for (status, body) in &pages[1..] {
        assert_eq!((status, body), (&pages[0].0, &pages[0].1));
    }
}

#[tokio::test]
async fn pages_carry_a_strict_policy_and_secret_pages_are_never_cached() {
    let app = TestApp::spawn().await;
    let (key, receipt) = shared(&app, &[("secret", "headers")]).await;
    for path in ["/", &format!("/secret/{key}"), &format!("/receipt/{receipt}"), "/signin", "/nope"]
    {
        let r = app.client.get(app.url(path)).header("accept", "text/html").send().await.unwrap();
        let h = r.headers();
        let csp = h[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h[CACHE_CONTROL], "no-store", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        let body = r.text().await.unwrap();
        // No inline script or style, so the policy needs no exceptions.
        assert!(!body.contains("<script>") && !body.contains(" style="), "{path}: {body}");
        for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
            assert!(!body.contains(attr), "{path} loads something from elsewhere: {body}");
        }
    }
    let r = app.client.get(app.url(&format!("/secret/{key}"))).send().await.unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains(r#"<meta name="robots" content="noindex"#), "{body}");
    assert!(body.contains(r#"<meta property="og:title" content="A one-time secret">"#));
}

/// The asset URLs a page references.
fn asset_urls(body: &str) -> Vec<String> {
    body.match_indices("\"/assets/")
        .map(|(at, _)| {
            let rest = &body[at + 1..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn an_unknown_address_is_a_page_for_browsers_and_json_for_api_clients() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/no/such/page")).header("accept", "text/html").send();
    let page = page.await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.text().await.unwrap().contains("There is nothing at this address"));
    let asset = app.client.get(app.url("/assets/app.00000000.css")).send().await.unwrap();
    assert_eq!(asset.status(), StatusCode::NOT_FOUND);
    assert!(asset.headers().contains_key(CONTENT_SECURITY_POLICY), "an unknown asset");
    assert!(asset.text().await.unwrap().contains("There is nothing at this address"));
    let api = app.client.get(app.url("/api/v2/nope")).header("accept", "text/html").send();
    let api = api.await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.json::<Value>().await.unwrap()["error"], "NotFound");
}

#[tokio::test]
async fn a_form_too_large_gets_a_page_for_browsers_and_json_for_api_clients() {
    let app = TestApp::with_config(|c| c.body_limit = 1024).await;
    let mut visitor = Visitor::new(&app);
    let token = visitor.csrf("/").await;
    let big = "a".repeat(2048);
    for chunked in [false, true] {
        // A declared length is refused before the body is read; a chunked body, once it
        // passes the limit.
        // Neither the hex token nor the letters need encoding.
        let body = format!("csrf={token}&secret={big}");
        let body = if chunked {
            let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                body.into_bytes().chunks(256).map(|c| Ok(c.to_vec())).collect();
            reqwest::Body::wrap_stream(tokio_stream::iter(chunks))
        } else {
            reqwest::Body::from(body)
        };
        let page = app
            .client
            .post(app.url("/"))
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded")
            .header(COOKIE, visitor.cookie_header())
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::PAYLOAD_TOO_LARGE, "chunked: {chunked}");
        assert!(page.headers().contains_key(CONTENT_SECURITY_POLICY), "chunked: {chunked}");
        let text = page.text().await.unwrap();
        assert!(text.contains("more than this server accepts"), "chunked: {chunked}: {text}");
    }
    let api = app
        .client
        .post(app.url("/api/v1/share"))
        .header("accept", "text/html")
        .form(&[("secret", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(api.json::<Value>().await.unwrap()["message"].is_string());
}

#[tokio::test]
async fn assets_are_cached_for_a_year_and_revalidate_by_their_etag() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let urls = asset_urls(&page);
    assert!(!urls.is_empty(), "the page links its assets");
    for url in urls {
        let first = app.client.get(app.url(&url)).send().await.unwrap();
        assert_eq!(first.status(), StatusCode::OK, "{url}");
        assert!(first.headers()[CACHE_CONTROL].to_str().unwrap().contains("immutable"), "{url}");
        let etag = first.headers()[reqwest::header::ETAG].clone();
        assert!(etag.to_str().unwrap().starts_with('"'), "{url}: a quoted ETag");
        let again = app.client.get(app.url(&url)).header("if-none-match", etag.clone());
        let again = again.send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{url}");
        assert_eq!(again.headers()[reqwest::header::ETAG], etag, "{url}");
        assert!(again.bytes().await.unwrap().is_empty(), "{url}: no body");
        let other = app.client.get(app.url(&url)).header("if-none-match", "\"other\"");
        assert_eq!(other.send().await.unwrap().status(), StatusCode::OK, "{url}");
    }
}

#[tokio::test]
async fn the_create_page_with_all_its_assets_weighs_under_60_kb() {
    // Arrange
    let app = TestApp::spawn().await;

    // Act
    let page = app.client.get(app.url("/")).send().await.unwrap().bytes().await.unwrap();
    let html = String::from_utf8(page.to_vec()).unwrap();
    let assets = asset_urls(&html);
    let mut total = page.len();
    for url in &assets {
        let r = app.client.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        assert_eq!(r.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable");
        total += r.bytes().await.unwrap().len();
    }

    // Assert: a stylesheet, a script and an icon, all from this server.
    assert_eq!(assets.len(), 3, "{assets:?}");
    assert!(total < 60 * 1024, "the create page transfers {total} bytes");
}

#[tokio::test]
async fn sign_up_gives_a_session_an_api_token_and_a_dashboard_of_owned_secrets() {
    // Arrange
    let app = TestApp::spawn().await;
    let mut v = Visitor::new(&app);
    let token = v.csrf("/signup").await;

    // Act: sign up, issue a token, create a secret with it through the API.
    let r = v
        .post(
            "/signup",
            &[("csrf", &token), ("email", "web@example.com"), ("password", "a long password")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account");
    assert!(v.cookies.contains_key("ots_session"));
    let token = v.csrf("/account").await;
    let r = v.post("/account/token", &[("csrf", &token)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    let at = body.find(r#"id="api-token" class="share mono" type="text" value=""#).unwrap();
    let rest = &body[at..];
    let api_token = rest.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let creds = ("web@example.com".to_owned(), api_token);
    let created = app.post_form_as("/api/v1/share", &[("secret", "owned")], &creds).await;
    assert_eq!(created.status(), StatusCode::OK);
    let receipt: Value = created.json().await.unwrap();

    // Assert: the dashboard lists it; signing out ends the session.
    let (status, _, dashboard) = v.get("/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(dashboard.contains(str_field(&receipt, "metadata_key")), "{dashboard}");
    let token = csrf_of(&dashboard);
    let r = v.post("/signout", &[("csrf", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, headers, _) = v.get("/dashboard").await;
    assert_eq!((status, headers[LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/signin"));
}

/// The e-mail signs up again `later` seconds after the first sign-up: the same second too, so
/// a session's age cannot be what tells the accounts apart.
async fn a_session_of_a_removed_account_stays_out_of_a_new_one(later: i64) {
    // Arrange: signed up, then the account is removed and the e-mail signs up again.
    let app = TestApp::spawn().await;
    let form = [("email", "again@example.com"), ("password", "a long password")];
    let mut old = Visitor::new(&app);
    let token = old.csrf("/signup").await;
    old.post("/signup", &[&[("csrf", token.as_str())], &form[..]].concat()).await;
    assert_eq!(old.get("/dashboard").await.0, StatusCode::OK, "signed in at first");
    assert!(app.state.store().remove_account("again@example.com").await.unwrap());
    app.advance(later);
    let mut new = Visitor::new(&app);
    let token = new.csrf("/signup").await;
    let r = new.post("/signup", &[&[("csrf", token.as_str())], &form[..]].concat()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Act
    let (status, headers, _) = old.get("/dashboard").await;

    // Assert
    assert_eq!((status, headers[LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/signin"));
    assert_eq!(new.get("/dashboard").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_session_of_a_removed_account_does_not_sign_into_a_new_one_with_its_email() {
    a_session_of_a_removed_account_stays_out_of_a_new_one(5).await;
}

#[tokio::test]
async fn a_session_does_not_sign_into_an_account_re_created_in_the_same_second() {
    a_session_of_a_removed_account_stays_out_of_a_new_one(0).await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let mut v = Visitor::new(&app);
    let token = v.csrf("/signup").await;
    v.post(
        "/signup",
        &[("csrf", &token), ("email", "known@example.com"), ("password", "right password")],
    )
    .await;
    let mut answers = Vec::new();
    for email in ["known@example.com", "unknown@example.com"] {
        let mut v = Visitor::new(&app);
        let token = v.csrf("/signin").await;
        let r = v
            .post("/signin", &[("csrf", &token), ("email", email), ("password", "wrong password")])
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(!v.cookies.contains_key("ots_session"));
        let body = r.text().await.unwrap().replace(email, "EMAIL").replace(&token, "TOKEN");
        answers.push(body);
    }
    assert_eq!(answers[0], answers[1]);
}

#[tokio::test]
async fn switched_off_sign_up_and_guest_creation_send_visitors_to_sign_in() {
    let app = TestApp::with_config(|c| {
        c.signup = false;
        c.guest_conceal = false;
        c.guest_generate = false;
    })
    .await;
    let mut v = Visitor::new(&app);
    let (status, _, body) = v.get("/signup").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!body.contains(r#"href="/signup""#), "{body}");
    let (_, _, create) = v.get("/").await;
    assert!(create.contains("only signed-in accounts can create secrets"), "{create}");
    let token = v.csrf("/signin").await;
    // Refused for what they are, not for a bad form token (also a 403).
    let r = v.post("/", &[("csrf", &token), ("secret", "x")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body = r.text().await.unwrap();
    assert!(body.contains("only available to signed-in accounts"), "{body}");
    let r = v
        .post("/signup", &[("csrf", &token), ("email", "x@example.com"), ("password", "12345678")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body = r.text().await.unwrap();
    assert!(body.contains("Sign-up is switched off"), "{body}");
}
