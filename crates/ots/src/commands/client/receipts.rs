//! `ots receipt`, `ots burn`, `ots recent` and `ots status`.

use ots_client::{ApiVersion, Link, LinkKind, Receipt};
use serde_json::{Value, json};

use super::{human_secs, print_json, settings};
use crate::cli::{ReceiptArgs, RecentArgs, StatusArgs};
use crate::exit::CliError;

fn receipt_link(text: &str) -> anyhow::Result<Link> {
    let link = Link::parse(text)?;
    if link.kind == LinkKind::Secret {
        return Err(CliError::Usage(
            "that is a share link: it is the recipient's; `ots receipt` and `ots burn` take the \
             receipt link"
                .into(),
        )
        .into());
    }
    Ok(link)
}

fn receipt_json(r: &Receipt) -> Value {
    json!({
        "receipt_id": r.id,
        "state": r.state.as_str(),
        "secret_id": r.secret_id,
        "secret_shortid": r.secret_shortid,
        "ttl": r.ttl,
        "secret_ttl": r.secret_ttl,
        "receipt_ttl": r.receipt_ttl,
        "created": r.created,
        "updated": r.updated,
        "has_passphrase": r.has_passphrase,
        "receipt_url": r.receipt_url,
        "share_url": r.share_url,
    })
}

fn print_receipt(r: &Receipt) {
    println!("state:    {}", r.state.as_str());
    if let Some(short) = &r.secret_shortid {
        println!("secret:   {short}…");
    }
    if let Some(ttl) = r.secret_ttl.filter(|t| *t > 0) {
        println!("expires:  in {}", human_secs(ttl));
    }
    if let Some(p) = r.has_passphrase {
        println!("passphrase: {}", if p { "yes" } else { "no" });
    }
    println!("receipt:  {}", r.receipt_url);
}

pub(crate) async fn receipt(args: ReceiptArgs) -> anyhow::Result<()> {
    let link = receipt_link(&args.link)?;
    let client = settings::client(&args.client, ApiVersion::V2)?.for_link(&link);
    let r = client.receipt(&link.id).await?;
    if args.client.json {
        print_json(&receipt_json(&r));
    } else {
        print_receipt(&r);
    }
    Ok(())
}

pub(crate) async fn burn(args: ReceiptArgs) -> anyhow::Result<()> {
    let link = receipt_link(&args.link)?;
    let client = settings::client(&args.client, ApiVersion::V2)?.for_link(&link);
    let r = client.burn(&link.id).await?;
    if args.client.json {
        print_json(&receipt_json(&r));
    } else {
        println!("{}", r.state.as_str());
        eprintln!("The secret is burned: its link no longer works.");
    }
    Ok(())
}

pub(crate) async fn recent(args: RecentArgs) -> anyhow::Result<()> {
    let client = settings::client(&args.client, ApiVersion::V2)?;
    if !client.is_authenticated() {
        eprintln!("ots: note: `recent` lists an account's receipts; give --user and --token");
    }
    let receipts = client.recent().await?;
    if args.client.json {
        print_json(&Value::Array(receipts.iter().map(receipt_json).collect()));
        return Ok(());
    }
    if receipts.is_empty() {
        eprintln!("No recent receipts.");
    }
    for r in &receipts {
        println!(
            "{}\t{:<9}\t{}\t{}",
            r.created.unwrap_or_default(),
            r.state.as_str(),
            r.secret_shortid.as_deref().unwrap_or("-"),
            r.receipt_url
        );
    }
    Ok(())
}

pub(crate) async fn status(args: StatusArgs) -> anyhow::Result<()> {
    // The links first, as `reveal` does: checking them needs no settings.
    let mut links = Vec::with_capacity(args.ids.len());
    for (n, text) in args.ids.iter().enumerate() {
        let link = Link::parse(text)?;
        if link.kind == LinkKind::Receipt {
            return Err(CliError::Usage(format!(
                "argument {}: a receipt link; `ots receipt` reads receipts, `status` takes \
                 secret ids or share links",
                n + 1
            ))
            .into());
        }
        links.push(link);
    }
    let client = settings::client(&args.client, ApiVersion::V2)?;
    if let Some(n) = links.iter().position(|link| !client.serves(link)) {
        // One bulk request asks one server: a link elsewhere would be reported "unknown".
        return Err(CliError::Usage(format!(
            "argument {}: a link to another server than {}; give --server for it",
            n + 1,
            client.base()
        ))
        .into());
    }
    let ids: Vec<String> = links.into_iter().map(|link| link.id).collect();
    let statuses = client.statuses(&ids).await?;
    if args.client.json {
        let list = statuses
            .iter()
            .map(|s| json!({ "id": s.id, "state": s.state, "ttl": s.ttl }))
            .collect();
        print_json(&Value::Array(list));
        return Ok(());
    }
    for s in &statuses {
        match s.ttl {
            Some(ttl) => println!("{}\t{}\texpires in {}", s.id, s.state, human_secs(ttl)),
            None => println!("{}\t{}", s.id, s.state),
        }
    }
    Ok(())
}
