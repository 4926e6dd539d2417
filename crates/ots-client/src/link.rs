//! What people paste: a share link (`https://host/secret/ID`), a receipt link
//! (`https://host/receipt/ID`, or upstream's `/private/ID`), or a bare id. An API address of
//! the same record (`https://host/api/v2/secret/ID`) and a page's action (`…/reveal`,
//! `…/burn`) are understood too.
//!
//! A full link also names its server. The caller decides whether to use it; the CLI does, so
//! `ots reveal https://eu.onetimesecret.com/secret/…` goes where the link points.

use crate::Error;

/// Which record a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `/secret/ID`: the recipient's link.
    Secret,
    /// `/receipt/ID` or `/private/ID`: the creator's link.
    Receipt,
    /// A bare id: the caller says which kind it is.
    Bare,
}

/// A parsed link or id.
#[derive(Clone, PartialEq, Eq)]
pub struct Link {
    /// The id: lowercase letters and digits.
    pub id: String,
    /// The server the link names, when a full URL was given: `scheme://host[:port]` and the
    /// path prefix before `/secret/ID` (or `/receipt/ID`) if there is one, no trailing `/`.
    pub server: Option<String>,
    /// What the path said it was.
    pub kind: LinkKind,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The id is a capability: show its first characters only.
        let short = ots_core::ShortId::of_untrusted(&self.id);
        f.debug_struct("Link")
            .field("id", &format_args!("{short}…"))
            .field("server", &self.server)
            .field("kind", &self.kind)
            .finish()
    }
}

impl Link {
    /// Parses a full link or a bare id. Surrounding whitespace, a trailing `/`, a query and a
    /// fragment are ignored.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Error::BadInput("empty link or id".into()));
        }
        if !input.contains("://") {
            return Ok(Self { id: checked_id(input)?, server: None, kind: LinkKind::Bare });
        }
        let url =
            reqwest::Url::parse(input).map_err(|e| Error::BadInput(format!("not a link: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::BadInput("a link must be an http:// or https:// URL".into()));
        }
        let mut segments: Vec<&str> =
            url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
        // A pasted page or API address may end in its action: `…/secret/ID/reveal`,
        // `…/receipt/ID/burn`.
        if let [.., kind, _, action] = segments.as_slice()
            && matches!(
                (*kind, *action),
                ("secret", "reveal") | ("receipt" | "private" | "metadata", "burn")
            )
        {
            segments.pop();
        }
        // The last two segments: `…/secret/ID`, `…/receipt/ID`, `…/private/ID`; what comes
        // before them is the server's path prefix, if it has one.
        let (mut prefix, kind, id) = match segments.as_slice() {
            [prefix @ .., "secret", id] => (prefix, LinkKind::Secret, *id),
            [prefix @ .., "receipt" | "private" | "metadata", id] => {
                (prefix, LinkKind::Receipt, *id)
            }
            _ => {
                return Err(Error::BadInput(
                    "a link must end in /secret/ID, /receipt/ID or /private/ID".into(),
                ));
            }
        };
        // The API's own words are routes, not ids (`…/api/v1/private/recent`).
        if ROUTE_WORDS.contains(&id) {
            return Err(Error::BadInput(format!("{id:?} names a list or an action, not a record")));
        }
        // An API address (`…/api/v2/secret/ID`, v2's guest routes `…/api/v2/guest/secret/ID`)
        // names the same record as the page: the API's own path is not part of the server's
        // prefix, which the client adds `/api/vN` to.
        if let [rest @ .., "api", "v1" | "v2"] | [rest @ .., "api", "v2", "guest"] = prefix {
            prefix = rest;
        }
        let mut server = url.origin().ascii_serialization();
        for segment in prefix {
            server.push('/');
            server.push_str(segment);
        }
        Ok(Self { id: checked_id(id)?, server: Some(server), kind })
    }
}

/// Last segments of API routes that would otherwise pass for an id.
const ROUTE_WORDS: [&str; 4] = ["recent", "status", "conceal", "generate"];

fn checked_id(id: &str) -> Result<String, Error> {
    if id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        Ok(id.to_owned())
    } else {
        Err(Error::BadInput("an id has only lowercase letters and digits".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_id_names_no_server() {
        let link = Link::parse(" abc123 ").unwrap();
        assert_eq!((link.id.as_str(), link.server, link.kind), ("abc123", None, LinkKind::Bare));
    }

    #[test]
    fn a_share_link_names_its_server() {
        let link = Link::parse("https://eu.onetimesecret.com/secret/abc123#x").unwrap();
        assert_eq!(link.id, "abc123");
        assert_eq!(link.server.as_deref(), Some("https://eu.onetimesecret.com"));
        assert_eq!(link.kind, LinkKind::Secret);
    }

    #[test]
    fn receipt_and_private_links_are_receipts() {
        for path in ["receipt", "private"] {
            let link = Link::parse(&format!("http://127.0.0.1:3000/{path}/r1/")).unwrap();
            assert_eq!((link.id.as_str(), link.kind), ("r1", LinkKind::Receipt));
            assert_eq!(link.server.as_deref(), Some("http://127.0.0.1:3000"));
        }
    }

    #[test]
    fn a_link_under_a_path_prefix_names_the_prefix_too() {
        let link = Link::parse("https://example.com/tools/ots/secret/abc123").unwrap();
        assert_eq!(link.server.as_deref(), Some("https://example.com/tools/ots"));
    }

    #[test]
    fn an_api_address_names_the_server_not_the_api() {
        for (input, server, kind) in [
            ("https://example.com/api/v2/secret/abc123", "https://example.com", LinkKind::Secret),
            ("https://example.com/api/v1/secret/abc123", "https://example.com", LinkKind::Secret),
            ("https://x.test/ots/api/v2/receipt/abc123", "https://x.test/ots", LinkKind::Receipt),
            ("https://x.test/api/v1/private/abc123/burn", "https://x.test", LinkKind::Receipt),
            ("https://x.test/api/v2/secret/abc123/reveal", "https://x.test", LinkKind::Secret),
            ("https://x.test/secret/abc123/reveal", "https://x.test", LinkKind::Secret),
            ("https://x.test/receipt/abc123/burn/", "https://x.test", LinkKind::Receipt),
            ("https://x.test/api/v2/guest/secret/abc123", "https://x.test", LinkKind::Secret),
            (
                "https://x.test/api/v2/guest/secret/abc123/reveal",
                "https://x.test",
                LinkKind::Secret,
            ),
            (
                "https://x.test/p/api/v2/guest/receipt/abc123/burn",
                "https://x.test/p",
                LinkKind::Receipt,
            ),
        ] {
            let link = Link::parse(input).unwrap();
            assert_eq!(
                (link.id.as_str(), link.server.as_deref(), link.kind),
                ("abc123", Some(server), kind),
                "{input}"
            );
        }
    }

    #[test]
    fn other_links_and_odd_ids_are_refused() {
        for bad in [
            "",
            "https://x.test/",
            "https://x.test/about",
            "ftp://x.test/secret/a",
            "ABC",
            "https://x.test/secret/abc/burn",
            "https://x.test/receipt/abc/reveal",
            "https://x.test/api/v1/private/recent",
            "https://x.test/api/v2/receipt/recent",
            "https://x.test/api/v2/secret/status",
            "https://x.test/api/v2/secret/conceal",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn debug_shows_only_the_start_of_the_id() {
        let link = Link::parse("abcdefghijklmnopqrstuvwxyz").unwrap();
        assert!(!format!("{link:?}").contains("ijklmnop"));
    }
}
