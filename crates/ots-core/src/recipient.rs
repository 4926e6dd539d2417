//! Obscuring e-mail addresses for display: `alice@example.com` becomes `al***@e***.com`.

/// Obscures an e-mail address the way upstream shows recipients.
pub fn obscure_email(email: &str) -> String {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return "***".to_owned();
    };
    let head: String = local.chars().take(2).collect();
    let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    let host_head: String = host.chars().take(1).collect();
    if tld.is_empty() {
        format!("{head}***@{host_head}***")
    } else {
        format!("{head}***@{host_head}***.{tld}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obscures_like_upstream() {
        assert_eq!(obscure_email("alice@example.com"), "al***@e***.com");
        assert_eq!(obscure_email("x@y"), "x***@y***");
        assert_eq!(obscure_email("nonsense"), "***");
    }
}
