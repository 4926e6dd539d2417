//! `ots-client` against this server's real answers, on v1 and v2: every operation's flow, and
//! each error answer read as the situation it is. (Wire shapes are held to the OpenAPI document
//! by the other files; these tests prove the client reads what the server says.)

use ots_client::{
    ApiVersion, Client, Credentials, Error, ExposeSecret, Generate, KnownState, ReceiptState,
    SecretString, Share,
};

use crate::helpers::TestApp;

const BOTH: [ApiVersion; 2] = [ApiVersion::V1, ApiVersion::V2];

fn client(app: &TestApp, api: ApiVersion, credentials: Option<(String, String)>) -> Client {
    let credentials =
        credentials.map(|(user, token)| Credentials { user, token: SecretString::from(token) });
    Client::builder(&app.base).unwrap().api(api).credentials(credentials).build().unwrap()
}

fn share_of(value: &str, passphrase: Option<&str>, ttl: Option<u64>) -> Share {
    Share {
        secret: value.to_owned().into(),
        passphrase: passphrase.map(|p| SecretString::from(p.to_owned())),
        ttl,
    }
}

#[tokio::test]
async fn a_secret_goes_from_share_to_receipt_to_reveal_on_both_versions() {
    let app = TestApp::spawn().await;
    for api in BOTH {
        // Arrange
        let client = client(&app, api, None);
        client.status().await.unwrap();

        // Act
        let created =
            client.share(&share_of("flow value", Some("open sesame"), Some(3600))).await.unwrap();
        let before = client.receipt(&created.receipt_id).await.unwrap();
        let revealed = client
            .reveal(&created.secret_id, Some(&SecretString::from("open sesame".to_owned())))
            .await
            .unwrap();
        let after = client.receipt(&created.receipt_id).await.unwrap();

        // Assert
        assert_eq!((created.ttl, created.has_passphrase), (Some(3600), true), "{api:?}");
        assert!(created.share_url.ends_with(&format!("/secret/{}", created.secret_id)), "{api:?}");
        assert!(created.receipt_url.contains(&created.receipt_id), "{api:?}");
        assert_eq!(before.state, ReceiptState::Known(KnownState::New), "{api:?}");
        assert_eq!(before.has_passphrase, Some(true), "{api:?}");
        assert_eq!(revealed.value.expose_secret(), "flow value");
        assert_eq!(after.state, ReceiptState::Known(KnownState::Revealed), "{api:?}");
        let again = client.reveal(&created.secret_id, None).await.unwrap_err();
        assert!(matches!(again, Error::NotFound), "{api:?}: {again:?}");
    }
}

#[tokio::test]
async fn generate_burn_and_recent_work_for_an_account_on_both_versions() {
    let app = TestApp::spawn().await;
    let account = app.account("client-flows@example.com").await;
    for api in BOTH {
        // Arrange
        let client = client(&app, api, Some(account.clone()));

        // Act
        let generated = client.generate(&Generate::default()).await.unwrap();
        let burned = client.burn(&generated.receipt_id).await.unwrap();
        let recent = client.recent().await.unwrap();

        // Assert
        assert_eq!(generated.value.as_ref().unwrap().expose_secret().chars().count(), 12);
        assert_eq!(burned.state, ReceiptState::Known(KnownState::Burned), "{api:?}");
        assert!(recent.iter().any(|r| r.id == generated.receipt_id), "{api:?}");
        let gone = client.reveal(&generated.secret_id, None).await.unwrap_err();
        assert!(matches!(gone, Error::NotFound), "{api:?}: {gone:?}");
    }
}

#[tokio::test]
async fn v2_tells_a_needed_passphrase_and_the_status_of_secrets_without_revealing() {
    // Arrange
    let app = TestApp::spawn().await;
    let client = client(&app, ApiVersion::V2, None);
    let plain = client.share(&share_of("plain", None, None)).await.unwrap();
    let guarded = client.share(&share_of("guarded", Some("pass word"), None)).await.unwrap();
    let unknown = "q".repeat(62);

    // Act
    let plain_info = client.secret_info(&plain.secret_id).await.unwrap();
    let guarded_info = client.secret_info(&guarded.secret_id).await.unwrap();
    let ids = [plain.secret_id.clone(), unknown.clone(), guarded.secret_id.clone()];
    let statuses = client.statuses(&ids).await.unwrap();

    // Assert
    assert!(!plain_info.has_passphrase && guarded_info.has_passphrase);
    let states: Vec<(&str, &str)> =
        statuses.iter().map(|s| (s.id.as_str(), s.state.as_str())).collect();
    assert_eq!(states[1], (unknown.as_str(), "unknown"));
    assert_ne!(states[0].1, "unknown");
    assert_ne!(states[2].1, "unknown");
    let v1 = self::client(&app, ApiVersion::V1, None);
    assert!(matches!(v1.statuses(&ids).await, Err(Error::Unsupported(..))));
}

#[tokio::test]
async fn error_answers_become_the_situations_they_mean() {
    let app = TestApp::with_config(|c| c.create_limit = 1).await;
    for api in BOTH {
        let guest = client(&app, api, None);
        // A wrong passphrase: v2 says so; v1 cannot tell it from an unknown secret. Neither
        // consumes the secret.
        let guarded =
            client(&app, api, Some(app.account(&format!("e-{}@example.com", api.as_str())).await))
                .share(&share_of("kept", Some("right one"), None))
                .await
                .unwrap();
        let wrong = guest
            .reveal(&guarded.secret_id, Some(&"wrong one".to_owned().into()))
            .await
            .unwrap_err();
        match api {
            ApiVersion::V1 => assert!(matches!(wrong, Error::NotFound), "{wrong:?}"),
            ApiVersion::V2 => assert!(matches!(wrong, Error::WrongPassphrase), "{wrong:?}"),
        }
        let right = guest.reveal(&guarded.secret_id, Some(&"right one".to_owned().into())).await;
        assert_eq!(right.unwrap().value.expose_secret(), "kept");

        // Bad credentials.
        let token = "a-wrong-token-that-must-not-be-echoed";
        let intruder = client(&app, api, Some(("nobody@example.com".into(), token.into())));
        let refused = intruder.recent().await.unwrap_err();
        assert!(matches!(refused, Error::Unauthorized { .. }), "{api:?}: {refused:?}");
        assert!(!refused.to_string().contains(token) && !format!("{refused:?}").contains(token));
    }

    // The guests' create limit (1 per window; each API's first guest create is below).
    let guest = client(&app, ApiVersion::V2, None);
    let mut outcome = Ok(());
    for _ in 0..3 {
        if let Err(e) = guest.share(&share_of("x", None, None)).await {
            outcome = Err(e);
            break;
        }
    }
    assert!(matches!(outcome, Err(Error::RateLimited { .. })), "{outcome:?}");
    let v1 = client(&app, ApiVersion::V1, None).share(&share_of("x", None, None)).await;
    assert!(matches!(v1, Err(Error::RateLimited { .. })), "{v1:?}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder(&format!("http://127.0.0.1:{port}")).unwrap().build().unwrap();
    let e = client.status().await.unwrap_err();
    assert!(matches!(e, Error::Unreachable { .. }), "{e:?}");
}
