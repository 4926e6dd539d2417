//! The browser flows, each in fresh sessions. Each ends by checking its sessions' logs.

use serde_json::Value;

use crate::App;
use crate::webdriver::{Driver, Profile, Session};

/// Fails if the session's browser logged an error since the last check.
async fn assert_clean(session: &Session<'_>, step: &str) {
    let errors = session.errors().await;
    assert!(errors.is_empty(), "{step}: the browser logged errors:\n{}", errors.join("\n"));
}

/// Checks that the one error logged since the last check is the page's own, expected HTTP
/// status (Chromium reports a 4xx document as a failed load): a gone secret is a 404 on
/// purpose, a wrong passphrase a 422.
async fn assert_only_document_status(session: &Session<'_>, status: u16, step: &str) {
    let errors = session.errors().await;
    let url = session.url().await;
    let expected =
        format!("{url} - Failed to load resource: the server responded with a status of {status}");
    assert!(
        errors.len() == 1 && errors[0].starts_with(&expected),
        "{step}: expected only `{expected}`, the browser logged:\n{}",
        errors.join("\n")
    );
}

/// Fills the create form and submits it; returns the receipt page's share link.
async fn create(
    sender: &mut Session<'_>,
    app: &App,
    secret: &str,
    passphrase: Option<&str>,
) -> String {
    sender.goto(&app.url("/")).await;
    sender.find("#secret").await.type_text(secret).await;
    if let Some(p) = passphrase {
        sender.find("#passphrase").await.type_text(p).await;
    }
    sender.find("#create").await.click().await;
    sender.wait_for_url("/receipt/").await;
    sender.find("#share-link").await.property("value").await
}

pub(crate) async fn a_console_error_or_failed_request_is_caught(driver: &Driver, app: &App) {
    // The log check must be able to fail: a page with a console error and a failed load.
    let probe = driver.session("probe", Profile::Desktop).await;
    probe.goto(&app.url("/")).await;
    assert_clean(&probe, "the create page").await;
    probe.script("console.error('probe: deliberate console error')").await;
    let errors = probe.errors().await;
    assert!(errors.iter().any(|e| e.contains("deliberate console error")), "{errors:?}");
    probe
        .script("var i = document.createElement('img'); i.src = '/assets/nothing.png'; document.body.append(i);")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let errors = probe.errors().await;
    assert!(
        errors.iter().any(|e| e.contains("nothing.png")),
        "a failed load is reported: {errors:?}"
    );
    probe.quit().await;
}

pub(crate) async fn create_open_in_a_fresh_browser_reveal_and_reload_shows_gone(
    driver: &Driver,
    app: &App,
) {
    // Arrange: the sender creates a secret; the counter counts bytes as they type.
    let mut sender = driver.session("create", Profile::Desktop).await;
    sender.goto(&app.url("/")).await;
    sender.screenshot("create-page").await;
    sender.find("#secret").await.type_text("ünïcode pässword ✓").await;
    let counter = sender.find("#secret-count").await.text().await;
    assert_eq!(counter, "23 / 10000 bytes");
    sender.screenshot("create-filled").await;
    sender.find("#create").await.click().await;
    sender.wait_for_url("/receipt/").await;
    let link = sender.find("#share-link").await.property("value").await;
    assert!(link.starts_with(&app.url("/secret/")), "{link}");
    assert!(
        sender.find(".warning").await.text().await.contains("Keep this page's address private")
    );
    sender.find("[data-copy='share-link']").await.click().await;
    // The copy finishes asynchronously (the clipboard, or the fallback), then says so.
    let mut copied = String::new();
    for _ in 0..50 {
        copied = sender.find(".copied").await.text().await;
        if !copied.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(copied, "Copied", "the copy button did not report a copy");
    sender.screenshot("receipt").await;
    assert!(sender.find("#state").await.text().await.starts_with("New"));
    assert_clean(&sender, "create and receipt").await;

    // Act: the recipient, in a fresh browser, opens the link and reveals.
    let mut recipient = driver.session("reveal", Profile::Desktop).await;
    recipient.goto(&link).await;
    recipient.screenshot("secret-page").await;
    recipient.find("#reveal").await.click().await;
    let value = recipient.find("#secret-value").await.property("value").await;
    recipient.screenshot("revealed").await;

    // Assert: the value once; reload and back show it gone.
    assert_eq!(value, "ünïcode pässword ✓");
    assert!(recipient.find("[data-copy='secret-value']").await.displayed().await);
    assert_clean(&recipient, "open and reveal").await;
    recipient.refresh().await;
    recipient.find("#gone").await;
    recipient.screenshot("reload-gone").await;
    assert_only_document_status(&recipient, 404, "reload after the reveal").await;
    recipient.back().await;
    recipient.find("#gone").await;
    assert_only_document_status(&recipient, 404, "back after the reveal").await;
    assert!(!recipient.source().await.contains("pässword"));
    sender.refresh().await;
    assert!(sender.find("#state").await.text().await.starts_with("Revealed"));
    sender.screenshot("receipt-revealed").await;
    recipient.quit().await;
    sender.quit().await;
}

pub(crate) async fn a_wrong_passphrase_then_the_right_one(driver: &Driver, app: &App) {
    // Arrange
    let sender = driver.session("passphrase", Profile::Desktop).await;
    sender.goto(&app.url("/")).await;
    sender.find("#secret").await.type_text("behind a passphrase").await;
    let pass = sender.find("#passphrase").await;
    pass.type_text("open sesame").await;
    sender.find("[data-toggle-password='passphrase']").await.click().await;
    assert_eq!(pass.property("type").await, "text", "show/hide shows the passphrase");
    sender.find("#create").await.click().await;
    sender.wait_for_url("/receipt/").await;
    let link = sender.find("#share-link").await.property("value").await;
    assert_clean(&sender, "create with a passphrase").await;

    // Act: a wrong passphrase, then the right one.
    let mut recipient = driver.session("passphrase-reveal", Profile::Desktop).await;
    recipient.goto(&link).await;
    recipient.screenshot("prompt").await;
    recipient.find("#passphrase").await.type_text("open barley").await;
    recipient.find("#reveal").await.click().await;
    let error = recipient.find("#form-error").await.text().await;
    recipient.screenshot("wrong").await;
    assert_only_document_status(&recipient, 422, "a wrong passphrase").await;
    recipient.find("#passphrase").await.type_text("open sesame").await;
    recipient.find("#reveal").await.click().await;

    // Assert
    assert!(error.contains("not right"), "{error}");
    let value = recipient.find("#secret-value").await.property("value").await;
    assert_eq!(value, "behind a passphrase");
    recipient.screenshot("revealed").await;
    assert_clean(&recipient, "passphrase reveal").await;
    recipient.quit().await;
    sender.quit().await;
}

pub(crate) async fn generate_a_password_instead(driver: &Driver, app: &App) {
    let mut sender = driver.session("generate", Profile::Desktop).await;
    sender.goto(&app.url("/")).await;
    sender.find("#generate").await.click().await;
    sender.wait_for_url("/receipt/").await;
    let password = sender.find("#generated").await.property("value").await;
    let link = sender.find("#share-link").await.property("value").await;
    sender.screenshot("receipt").await;
    assert_eq!(password.chars().count(), ots_core::passgen::DEFAULT_LENGTH, "{password}");
    // Shown once: a reload no longer has it.
    sender.refresh().await;
    assert!(sender.try_find("#generated").await.is_none());
    assert_clean(&sender, "generate").await;

    let recipient = driver.session("generate-reveal", Profile::Desktop).await;
    recipient.goto(&link).await;
    recipient.find("#reveal").await.click().await;
    assert_eq!(recipient.find("#secret-value").await.property("value").await, password);
    assert_clean(&recipient, "reveal a generated password").await;
    recipient.quit().await;
    sender.quit().await;
}

pub(crate) async fn burn_from_the_receipt_after_confirming(driver: &Driver, app: &App) {
    // Arrange
    let mut sender = driver.session("burn", Profile::Desktop).await;
    let link = create(&mut sender, app, "to be burned", None).await;

    // Act: burn, which asks first.
    sender.find("#burn").await.click().await;
    sender.wait_for_url("/burn").await;
    sender.screenshot("confirm").await;
    sender.find("#confirm-burn").await.click().await;

    // Assert: the receipt page, once it shows (waiting for its URL would not do: the
    // confirmation page's own URL, `/receipt/ID/burn`, already holds `/receipt/`).
    let state = sender.find("#state").await.text().await;
    assert!(state.starts_with("Burned"), "{state}");
    assert!(sender.try_find("#share-link").await.is_none());
    sender.screenshot("burned").await;
    assert_clean(&sender, "burn").await;
    let mut recipient = driver.session("burn-open", Profile::Desktop).await;
    recipient.goto(&link).await;
    recipient.find("#gone").await;
    recipient.screenshot("gone").await;
    assert_only_document_status(&recipient, 404, "a burned link").await;
    recipient.quit().await;
    sender.quit().await;
}

pub(crate) async fn sign_up_issue_a_token_and_see_the_secret_on_the_dashboard(
    driver: &Driver,
    app: &App,
) {
    // Arrange: sign up.
    let mut user = driver.session("account", Profile::Desktop).await;
    user.goto(&app.url("/signup")).await;
    user.screenshot("signup").await;
    let email = format!("browser-{}@example.com", ots_core::id::random_base36(8));
    user.find("#email").await.type_text(&email).await;
    user.find("#password").await.type_text("a long enough password").await;
    user.find("#submit").await.click().await;
    user.wait_for_url("/account").await;

    // Act: issue an API token and create a secret with it through the API.
    user.find("#rotate-token").await.click().await;
    let token = user.find("#api-token").await.property("value").await;
    user.screenshot("token").await;
    let created: Value = reqwest::Client::new()
        .post(app.url("/api/v1/share"))
        .basic_auth(&email, Some(&token))
        .form(&[("secret", "made with the token")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let receipt = created["metadata_key"].as_str().expect("created with the token").to_owned();

    // Assert: the dashboard lists it, and can burn it.
    user.goto(&app.url("/dashboard")).await;
    let row = user.find(&format!("a[href='/receipt/{receipt}']")).await;
    assert_eq!(row.text().await, &receipt[..8]);
    user.screenshot("dashboard").await;
    user.find(&format!("a[href='/receipt/{receipt}/burn']")).await.click().await;
    user.find("#confirm-burn").await.click().await;
    // Only once the burn's receipt page shows is the burn done: leaving sooner can cancel
    // the form's post.
    let state = user.find("#state").await.text().await;
    assert!(state.starts_with("Burned"), "{state}");
    user.goto(&app.url("/dashboard")).await;
    assert!(user.find("tbody").await.text().await.contains("Burned"));
    user.find("button.link").await.click().await; // sign out
    user.find("#create-form").await;
    assert!(user.try_find("button.link").await.is_none(), "signed out");
    user.goto(&app.url("/dashboard")).await;
    user.wait_for_url("/signin").await;
    assert_clean(&user, "accounts").await;
    user.quit().await;
}

pub(crate) async fn create_and_reveal_with_javascript_off(driver: &Driver, app: &App) {
    // Arrange
    let mut sender = driver.session("nojs", Profile::NoScript).await;
    sender.goto(&app.url("/")).await;
    assert!(!sender.find("[data-toggle-password]").await.displayed().await, "no dead buttons");
    assert_eq!(sender.find("#secret-count").await.text().await, "Up to 10000 bytes.");
    sender.screenshot("create").await;

    // Act
    let link = create(&mut sender, app, "works without scripts", Some("plain forms")).await;
    assert!(!sender.find("[data-copy='share-link']").await.displayed().await);
    sender.screenshot("receipt").await;
    let mut recipient = driver.session("nojs-reveal", Profile::NoScript).await;
    recipient.goto(&link).await;
    recipient.find("#passphrase").await.type_text("plain forms").await;
    recipient.find("#reveal").await.click().await;

    // Assert
    assert_eq!(
        recipient.find("#secret-value").await.property("value").await,
        "works without scripts"
    );
    recipient.screenshot("revealed").await;
    assert_clean(&recipient, "no-script reveal").await;
    recipient.goto(&link).await;
    recipient.find("#gone").await;
    assert_only_document_status(&recipient, 404, "no-script, the link again").await;
    assert_clean(&sender, "no-script create").await;
    recipient.quit().await;
    sender.quit().await;
}

pub(crate) async fn the_pages_fit_a_phone_360_pixels_wide(driver: &Driver, app: &App) {
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    let mut sender = driver.session("phone", Profile::Phone).await;
    sender.goto(&app.url("/")).await;
    assert_eq!(sender.script("return window.innerWidth").await, 360);
    assert_eq!(sender.script(fits).await, true, "the create page scrolls sideways");
    sender.screenshot("create").await;
    let link = create(&mut sender, app, "read on a phone", None).await;
    assert_eq!(sender.script(fits).await, true, "the receipt scrolls sideways");
    sender.screenshot("receipt").await;
    let mut recipient = driver.session("phone-reveal", Profile::Phone).await;
    recipient.goto(&link).await;
    assert_eq!(recipient.script(fits).await, true);
    recipient.screenshot("secret-page").await;
    recipient.find("#reveal").await.click().await;
    recipient.find("#secret-value").await;
    assert_eq!(recipient.script(fits).await, true);
    recipient.screenshot("revealed").await;
    assert_clean(&sender, "phone create").await;
    assert_clean(&recipient, "phone reveal").await;
    recipient.quit().await;
    sender.quit().await;
}
