//! The client commands: `share`, `generate`, `reveal`, `receipt`, `burn`, `recent`, `status`,
//! each a thin layer over `ots-client`.
//!
//! Output rule: what a script pipes on goes to stdout (the share link, a revealed value, a
//! receipt), notes for the person at the terminal go to stderr (the receipt link, expiry,
//! hints), so `ots share < file | mail someone` mails only the link. `--json` prints one JSON
//! document on stdout instead. Tokens appear nowhere: not in output, not in errors.

mod prompt;
mod receipts;
mod secrets;
pub(crate) mod settings;

pub(crate) use receipts::{burn, receipt, recent, status};
pub(crate) use secrets::{generate, reveal, share};

use serde_json::Value;

/// Prints `value` as the command's JSON document.
fn print_json(value: &Value) {
    println!("{value}");
}

/// A lifetime for people: `7d`, `2h 30m`, `45s`.
fn human_secs(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m"), (s, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() { "0s".to_owned() } else { parts.join(" ") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lifetimes_read_like_people_write_them() {
        assert_eq!(super::human_secs(604_800), "7d");
        assert_eq!(super::human_secs(9000), "2h 30m");
        assert_eq!(super::human_secs(0), "0s");
    }
}
