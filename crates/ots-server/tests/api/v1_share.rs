//! `POST /share`, its alias `/create`, and `POST /generate`.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{START, TestApp, assert_v1_error, str_field};

const DAY: u64 = 86_400;

/// Every field of a fresh v1 receipt, with its JSON type.
fn assert_fresh_receipt_shape(r: &Value, base: &str) {
    for name in [
        "custid",
        "metadata_key",
        "secret_key",
        "metadata_url",
        "state",
        "share_domain",
        "identifier",
        "secret_identifier",
        "receipt_url",
    ] {
        assert!(r[name].is_string(), "`{name}` should be a string: {r}");
    }
    for name in ["ttl", "metadata_ttl", "secret_ttl", "updated", "created", "receipt_ttl"] {
        assert!(r[name].is_u64(), "`{name}` should be an integer: {r}");
    }
    for name in ["passphrase_required", "has_passphrase"] {
        assert!(r[name].is_boolean(), "`{name}` should be a boolean: {r}");
    }
    for name in ["recipient", "recipients"] {
        assert!(r[name].is_array(), "`{name}` should be an array: {r}");
    }
    assert!(r.get("received").is_none(), "`received` only once received: {r}");
    let (mk, sk) = (str_field(r, "metadata_key"), str_field(r, "secret_key"));
    assert_eq!(mk.len(), 62);
    assert_eq!(sk.len(), 62);
    assert_ne!(mk, sk);
    assert!(sk.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    assert_eq!(r["identifier"], mk);
    assert_eq!(r["secret_identifier"], sk);
    assert_eq!(r["metadata_url"], format!("{base}/receipt/{mk}"));
    assert_eq!(r["receipt_url"], r["metadata_url"]);
    assert_eq!(r["state"], "new");
    assert_eq!(r["share_domain"], "");
    assert_eq!(r["created"], START);
    assert_eq!(r["updated"], START);
    assert_eq!(r["receipt_ttl"], r["metadata_ttl"]);
    assert_eq!(r["recipients"], r["recipient"]);
    assert_eq!(r["has_passphrase"], r["passphrase_required"]);
}

#[tokio::test]
async fn share_returns_a_complete_receipt() {
    let app = TestApp::spawn().await;
    let r = app.share(&[("secret", "hunter2"), ("ttl", "3600")]).await;
    assert_fresh_receipt_shape(&r, &app.base);
    assert_eq!(r["custid"], "anon");
    assert_eq!(r["ttl"], 3600);
    assert_eq!(r["secret_ttl"], 3600);
    assert_eq!(r["metadata_ttl"], 7200);
    assert_eq!(r["passphrase_required"], false);
    assert!(r.get("value").is_none());
}

#[tokio::test]
async fn create_is_an_alias_of_share() {
    let app = TestApp::spawn().await;
    let r = app.post_form("/api/v1/create", &[("secret", "x"), ("passphrase", "abcd")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_fresh_receipt_shape(&body, &app.base);
    assert_eq!(body["passphrase_required"], true);
}

#[tokio::test]
async fn share_accepts_json_bodies() {
    let app = TestApp::spawn().await;
    let r = app
        .send(
            app.client
                .post(app.url("/api/v1/share"))
                .json(&serde_json::json!({"secret": "from json", "ttl": 120})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["ttl"], 120);
    let key = str_field(&body, "secret_key").to_owned();
    let revealed: Value = app.reveal(&key, None).await.json().await.unwrap();
    assert_eq!(revealed["value"], "from json");
}

#[tokio::test]
async fn share_accepts_parameters_in_the_query_string_of_an_empty_post() {
    let app = TestApp::spawn().await;
    let r =
        app.send(app.client.post(app.url("/api/v1/share?secret=in%20the%20query&ttl=300"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["ttl"], 300);
    let revealed: Value =
        app.reveal(str_field(&body, "secret_key"), None).await.json().await.unwrap();
    assert_eq!(revealed["value"], "in the query");
}

#[tokio::test]
async fn empty_parameters_mean_their_defaults() {
    let app = TestApp::spawn().await;
    let r =
        app.share(&[("secret", "s"), ("ttl", ""), ("passphrase", ""), ("recipient[]", "")]).await;
    assert_eq!(r["ttl"], 7 * DAY);
    assert_eq!(r["passphrase_required"], false);
    assert_eq!(r["recipient"], serde_json::json!([]));
}

#[tokio::test]
async fn ttls_are_clamped_to_the_floor_and_the_callers_ceiling() {
    let app = TestApp::spawn().await;
    let user = app.account("ttl@example.com").await;
    let short = app.share(&[("secret", "s"), ("ttl", "5")]).await;
    assert_eq!(short["ttl"], 60);
    let long = app.share(&[("secret", "s"), ("ttl", &(365 * DAY).to_string())]).await;
    assert_eq!(long["ttl"], 7 * DAY);
    assert_eq!(long["secret_ttl"], 7 * DAY);
    let as_account: Value = app
        .post_form_as("/api/v1/share", &[("secret", "s"), ("ttl", "99999999")], &user)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(as_account["ttl"], 30 * DAY);
    assert_eq!(as_account["custid"], "ttl@example.com");
}

#[tokio::test]
async fn an_empty_secret_is_refused() {
    let app = TestApp::spawn().await;
    for form in [&[("secret", "")][..], &[][..], &[("secret", "   ")][..]] {
        let body = assert_v1_error(app.post_form("/api/v1/share", form).await, 400).await;
        assert!(body["message"].as_str().unwrap().contains("did not provide"), "{body}");
    }
}

#[tokio::test]
async fn a_secret_over_the_size_limit_is_refused_not_truncated() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(10_001);
    assert_v1_error(app.post_form("/api/v1/share", &[("secret", &big)]).await, 400).await;
    let fits = "x".repeat(10_000);
    let r = app.share(&[("secret", &fits)]).await;
    let v: Value = app.reveal(str_field(&r, "secret_key"), None).await.json().await.unwrap();
    assert_eq!(v["value"].as_str().unwrap().len(), 10_000);
}

#[tokio::test]
async fn invalid_ttls_and_passphrases_are_refused() {
    let app = TestApp::spawn().await;
    for form in [
        &[("secret", "s"), ("ttl", "soon")][..],
        &[("secret", "s"), ("ttl", "-5")][..],
        &[("secret", "s"), ("passphrase", "abc")][..],
        &[("secret", "s"), ("passphrase", &"p".repeat(129))][..],
    ] {
        assert_v1_error(app.post_form("/api/v1/share", form).await, 400).await;
    }
}

#[tokio::test]
async fn a_recipient_without_mail_delivery_is_a_clear_error() {
    let app = TestApp::spawn().await;
    let body = assert_v1_error(
        app.post_form("/api/v1/share", &[("secret", "s"), ("recipient", "bob@example.com")]).await,
        400,
    )
    .await;
    assert!(body["message"].as_str().unwrap().contains("e-mail"), "{body}");
}

#[tokio::test]
async fn generate_returns_the_password_and_its_receipt() {
    let app = TestApp::spawn().await;
    let r = app.post_form("/api/v1/generate", &[("ttl", "600")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_fresh_receipt_shape(&body, &app.base);
    let value = str_field(&body, "value").to_owned();
    assert_eq!(value.chars().count(), 12);
    assert_eq!(body["secret_value"], value);
    assert_eq!(body["ttl"], 600);
    let revealed: Value =
        app.reveal(str_field(&body, "secret_key"), None).await.json().await.unwrap();
    assert_eq!(revealed["value"], value);
}

#[tokio::test]
async fn guests_are_rate_limited_per_ip_and_accounts_are_exempt() {
    let app = TestApp::with_config(|c| c.create_limit = 3).await;
    for _ in 0..3 {
        app.share(&[("secret", "s")]).await;
    }
    let r = app.post_form("/api/v1/share", &[("secret", "s")]).await;
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 1200, "{retry}");
    assert_v1_error(r, 400).await;
    let user = app.account("busy@example.com").await;
    let ok = app.post_form_as("/api/v1/share", &[("secret", "s")], &user).await;
    assert_eq!(ok.status(), StatusCode::OK);
    // A new window lets the guest in again.
    app.advance(1200);
    app.share(&[("secret", "s")]).await;
}

/// The limit counts the address a request comes from, read from the connection: clients on
/// two loopback addresses get a limit each.
#[tokio::test]
async fn each_client_address_has_its_own_limit() {
    // Arrange: one create allowed per address; the first client has used it.
    let app = TestApp::with_config(|c| c.create_limit = 1).await;
    let from = |ip: [u8; 4]| {
        reqwest::Client::builder().local_address(std::net::IpAddr::from(ip)).build().unwrap()
    };
    let (first, second) = (from([127, 0, 0, 2]), from([127, 0, 0, 3]));
    let share = |client: &reqwest::Client| {
        client.post(app.url("/api/v1/share")).form(&[("secret", "s")]).send()
    };
    assert_eq!(share(&first).await.unwrap().status(), StatusCode::OK);
    assert_v1_error(share(&first).await.unwrap(), 400).await;

    // Act
    let other = share(&second).await.unwrap();

    // Assert
    assert_eq!(other.status(), StatusCode::OK, "another address shares the first one's limit");
}

#[tokio::test]
async fn rate_limits_can_be_switched_off() {
    let app = TestApp::with_config(|c| {
        c.create_limit = 1;
        c.rate_limits = false;
    })
    .await;
    for _ in 0..5 {
        app.share(&[("secret", "s")]).await;
    }
}

#[tokio::test]
async fn a_create_refused_by_the_rate_limit_leaves_nothing_stored() {
    // The limit is checked while the records are stored; a refused create's records go again.
    let app = TestApp::with_config(|c| c.create_limit = 2).await;
    for _ in 0..2 {
        app.share(&[("secret", "counted")]).await;
    }
    for _ in 0..3 {
        let refused = app.post_form("/api/v1/share", &[("secret", "refused")]).await;
        assert_v1_error(refused, 400).await;
    }
    let refused = app.post_form("/api/v1/generate", &[]).await;
    assert_v1_error(refused, 400).await;

    let db = app.data_dir().join(ots_store::sqlite::DB_FILE);
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    };
    assert_eq!((count("secrets"), count("receipts"), count("generated")), (2, 2, 0));
}
