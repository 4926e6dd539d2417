//! Passphrases: from `--passphrase`, from the first line of `--passphrase-file`, or asked for on
//! the terminal without echo (`rpassword` reads `/dev/tty` with echo off).
//!
//! Asking needs a person at a terminal: `ots` asks only when stdin or stderr is a terminal, and
//! otherwise fails with a message naming the options instead of waiting for input nobody sees.

use std::io::IsTerminal;

use anyhow::Context;
use ots_client::{ExposeSecret, SecretString};

use crate::cli::PassphraseArgs;
use crate::exit::CliError;

/// The passphrase the options give, if any.
pub(crate) fn given(args: &PassphraseArgs) -> anyhow::Result<Option<SecretString>> {
    if let Some(p) = &args.passphrase {
        return non_empty(p.expose_secret().to_owned()).map(Some);
    }
    let Some(path) = &args.passphrase_file else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the passphrase file {}", path.display()))?;
    let line = text.lines().next().unwrap_or_default().to_owned();
    non_empty(line).map(Some)
}

fn non_empty(p: String) -> anyhow::Result<SecretString> {
    if p.is_empty() {
        return Err(CliError::Usage("the passphrase is empty".into()).into());
    }
    Ok(p.into())
}

/// Whether there is a person to ask.
pub(crate) fn can_ask() -> bool {
    std::io::stdin().is_terminal() || std::io::stderr().is_terminal()
}

/// Asks once, without echo.
pub(crate) fn ask(prompt: &str, why: &str) -> anyhow::Result<SecretString> {
    if !can_ask() {
        return Err(CliError::Passphrase(format!(
            "{why}, and there is no terminal to ask on: use --passphrase-file FILE or --passphrase"
        ))
        .into());
    }
    let answer = rpassword::prompt_password(prompt).context("reading the passphrase")?;
    non_empty(answer)
}

/// Asks twice and insists the answers match (for a new passphrase).
pub(crate) fn ask_new() -> anyhow::Result<SecretString> {
    let first = ask("Passphrase: ", "--ask-passphrase was given")?;
    let again = ask("Passphrase again: ", "--ask-passphrase was given")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(CliError::Passphrase("the two passphrases differ".into()).into());
    }
    Ok(first)
}
