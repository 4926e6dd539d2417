//! Exit codes: one per situation a script acts on differently.
//!
//! 0 success · 1 any other error · 2 usage (bad arguments or input) · 3 not found or already
//! revealed · 4 wrong or missing passphrase · 5 rate limited · 6 unauthorized or refused ·
//! 7 server unreachable. `EXIT_CODES_HELP` shows the same list in `ots --help`.

use std::process::ExitCode;

/// The list as `--help` shows it.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  any other error
  2  usage: bad arguments or input (an empty secret, a malformed link, an
     operation the chosen --api does not have)
  3  not found: unknown, expired, already revealed or burned
  4  wrong passphrase, or one is needed and none could be asked for
  5  rate limited by the server
  6  unauthorized: credentials refused, or the operation needs an account
  7  server unreachable";

/// An error the command line itself finds, with the code it exits with.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Bad arguments or input.
    #[error("{0}")]
    Usage(String),
    /// A passphrase is needed and cannot be had.
    #[error("{0}")]
    Passphrase(String),
}

/// The exit code for a failed command: the first error in the chain that names a situation.
pub(crate) fn code_of(error: &anyhow::Error) -> ExitCode {
    use ots_client::Error as E;
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            return ExitCode::from(match e {
                CliError::Usage(_) => 2,
                CliError::Passphrase(_) => 4,
            });
        }
        if let Some(e) = cause.downcast_ref::<ots_client::Error>() {
            return ExitCode::from(match e {
                // The operation exists, only not in the API version asked for.
                E::BadInput(_) | E::Unsupported(..) => 2,
                E::NotFound => 3,
                E::WrongPassphrase => 4,
                E::RateLimited { .. } => 5,
                E::Unauthorized { .. } | E::Forbidden { .. } => 6,
                E::Unreachable { .. } => 7,
                _ => 1,
            });
        }
    }
    ExitCode::FAILURE
}
