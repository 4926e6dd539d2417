//! `ots share`, `ots generate` and `ots reveal`.

use std::io::{IsTerminal, Read, Write};

use anyhow::Context;
use ots_client::{
    ApiVersion, Created, Error, ExposeSecret, Generate, Link, LinkKind, SecretString, Share,
};
use serde_json::json;

use super::{human_secs, print_json, prompt, settings};
use crate::cli::{GenerateArgs, RevealArgs, ShareArgs};
use crate::exit::CliError;

/// The secret to share: the argument, or stdin when there is none or it is `-`.
fn secret_text(text: Option<SecretString>) -> anyhow::Result<SecretString> {
    let text = match text {
        Some(t) if t.expose_secret() != "-" => t.expose_secret().to_owned(),
        _ => {
            if std::io::stdin().is_terminal() {
                eprintln!("Type the secret, then Ctrl-D on a line of its own:");
            }
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("reading the secret from stdin")?;
            String::from_utf8(bytes)
                .map_err(|_| CliError::Usage("the secret on stdin is not UTF-8 text".into()))?
        }
    };
    if text.trim().is_empty() {
        return Err(CliError::Usage("refusing to share an empty secret".into()).into());
    }
    Ok(text.into())
}

fn new_passphrase(
    args: &crate::cli::PassphraseArgs,
    ask: bool,
) -> anyhow::Result<Option<SecretString>> {
    if ask { prompt::ask_new().map(Some) } else { prompt::given(args) }
}

pub(crate) async fn share(args: ShareArgs) -> anyhow::Result<()> {
    let new = args.new;
    let client = settings::client(&new.client, ApiVersion::V2)?;
    let share = Share {
        secret: secret_text(args.text)?,
        passphrase: new_passphrase(&new.passphrase, new.ask_passphrase)?,
        ttl: new.ttl,
    };
    let created = client.share(&share).await?;
    report_created(&created, new.client.json);
    Ok(())
}

pub(crate) async fn generate(GenerateArgs { new }: GenerateArgs) -> anyhow::Result<()> {
    let client = settings::client(&new.client, ApiVersion::V2)?;
    let generate =
        Generate { passphrase: new_passphrase(&new.passphrase, new.ask_passphrase)?, ttl: new.ttl };
    let created = client.generate(&generate).await?;
    report_created(&created, new.client.json);
    Ok(())
}

fn report_created(created: &Created, json: bool) {
    if json {
        let mut doc = json!({
            "share_url": created.share_url,
            "receipt_url": created.receipt_url,
            "secret_id": created.secret_id,
            "receipt_id": created.receipt_id,
            "ttl": created.ttl,
            "has_passphrase": created.has_passphrase,
        });
        if let Some(value) = &created.value {
            doc["value"] = json!(value.expose_secret());
        }
        print_json(&doc);
        return;
    }
    println!("{}", created.share_url);
    if let Some(value) = &created.value {
        eprintln!("password: {}", value.expose_secret());
    }
    eprintln!("receipt:  {}", created.receipt_url);
    let expiry = created.ttl.map(|t| format!("expires in {}", human_secs(t)));
    let guarded = created.has_passphrase.then_some("needs the passphrase");
    let notes: Vec<String> = expiry.into_iter().chain(guarded.map(str::to_owned)).collect();
    if !notes.is_empty() {
        eprintln!("          {}", notes.join("; "));
    }
}

pub(crate) async fn reveal(args: RevealArgs) -> anyhow::Result<()> {
    // The link first, as `receipt` and `burn` do: a wrong link is the likelier mistake, and
    // checking it needs no settings.
    let link = Link::parse(&args.link)?;
    if link.kind == LinkKind::Receipt {
        return Err(CliError::Usage(
            "that is a receipt link: `ots receipt` reads it, `ots burn` burns its secret".into(),
        )
        .into());
    }
    let client = settings::client(&args.client, ApiVersion::V2)?.for_link(&link);
    let mut passphrase = prompt::given(&args.passphrase)?;
    if passphrase.is_none() && client.api() == ApiVersion::V2 {
        // A non-consuming look says whether to ask (the receipt records it as a preview).
        if client.secret_info(&link.id).await?.has_passphrase {
            passphrase = Some(prompt::ask("Passphrase: ", "this secret needs a passphrase")?);
        }
    }
    let revealed = match client.reveal(&link.id, passphrase.as_ref()).await {
        Err(Error::NotFound) if client.api() == ApiVersion::V1 && passphrase.is_none() => {
            eprintln!(
                "ots: note: API v1 answers the same for a secret that needs a passphrase; \
                 if this one has one, try again with --passphrase-file"
            );
            return Err(Error::NotFound.into());
        }
        other => other?,
    };
    let value = revealed.value.expose_secret();
    if args.client.json {
        print_json(&json!({ "secret_id": revealed.secret_id, "value": value }));
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(value.as_bytes())?;
    // Exactly the value when piped; a final newline for the terminal's sake.
    if out.is_terminal() && !value.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
