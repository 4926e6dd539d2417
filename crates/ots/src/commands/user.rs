//! `ots user …`: accounts, managed on the store directly. SQLite's locking lets this run while
//! a server uses the same data directory.

use anyhow::{Context, bail};
use ots_core::account::{new_account_id, new_token, normalize_email};
use ots_core::crypto::password::check_password_rules;
use ots_core::crypto::{hash_password, token_digest};
use ots_server::{Clock, Config};
use ots_store::{Account, Store, StoreError};

use zeroize::Zeroizing;

use crate::cli::UserAction;

fn validate_email(email: &str) -> anyhow::Result<String> {
    match normalize_email(email) {
        Some(email) => Ok(email),
        None => bail!("`{}` is not an e-mail address", email.trim()),
    }
}

/// The first line of standard input, without its line ending (a pipe, or typed at a prompt).
fn read_password() -> anyhow::Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().read_line(&mut line).context("reading the password from standard input")?;
    let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    Ok(trimmed)
}

pub(crate) async fn run(config: &Config, action: UserAction) -> anyhow::Result<()> {
    let store = super::open_store(config).await?;
    match action {
        UserAction::Add { email } => {
            let email = validate_email(&email)?;
            let token = new_token();
            let account = Account {
                id: new_account_id(),
                email: email.clone(),
                token_digest: token_digest(&token),
                password_hash: None,
                created: Clock::System.now(),
            };
            match store.create_account(account).await {
                Err(StoreError::Conflict) => bail!("an account for {email} already exists"),
                other => other.context("creating the account")?,
            }
            eprintln!("Created the account {email}. Its API token is shown once:");
            println!("{}", token.as_str());
        }
        UserAction::List => {
            for a in store.list_accounts().await? {
                println!("{}\t{}\tcreated {}", a.email, a.id, a.created.secs());
            }
        }
        UserAction::Token { email, rotate } => {
            let email = validate_email(&email)?;
            if !rotate {
                bail!(
                    "tokens are stored as hashes and cannot be shown again; \
                     `ots user token {email} --rotate` issues a new one"
                );
            }
            let token = new_token();
            if !store.set_token_digest(&email, token_digest(&token)).await? {
                bail!("no account for {email}");
            }
            eprintln!("Issued a new API token for {email}; the old one no longer works:");
            println!("{}", token.as_str());
        }
        UserAction::Password { email } => {
            let email = validate_email(&email)?;
            let password = read_password()?;
            check_password_rules(&password).map_err(|why| anyhow::anyhow!("{why}"))?;
            // Argon2id is slow on purpose; keep it off the async runtime's workers.
            let phc = tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .context("hashing the password")?
                .context("hashing the password")?;
            if !store.set_password_hash(&email, &phc).await? {
                bail!("no account for {email}");
            }
            eprintln!("Set the web password of {email}; it can sign in at /signin.");
        }
        UserAction::Remove { email } => {
            let email = validate_email(&email)?;
            if !store.remove_account(&email).await? {
                bail!("no account for {email}");
            }
            eprintln!("Removed the account {email}.");
        }
    }
    Ok(())
}
