//! The public APIs' request and response shapes, shared by the server and clients.
//!
//! These carry upstream's field names and quirks; the domain never sees them. Conversions live
//! in the server's service layer. With the `openapi` feature every shape also describes itself
//! as a JSON schema (`utoipa::ToSchema`), from which the server builds its OpenAPI document.

pub mod v1;
pub mod v2;

/// The shapes that carry a secret's value, a passphrase or a record's key, with each field in
/// one of three classes:
/// - `shown`: printed by `Debug` as derived;
/// - `short`: a record's key, printed by `Debug` as its first characters only (a full key is a
///   capability);
/// - `hidden`: a value, a passphrase, or a link that holds a key. `Debug` prints only whether it
///   is there, and it is wiped when the shape is dropped, so that it does not linger in freed
///   memory once serialized or read. (A serialized copy, a request or response body, belongs to
///   the HTTP library.)
///
/// `Debug` destructures `Self` without `..`, so a field added to a shape does not compile until
/// it is put in a class.
macro_rules! guard_shapes {
    ($($shape:ty {
        shown: $($shown:ident),* ;
        short: $($short:ident),* ;
        hidden: $($hidden:ident),* ;
    })+) => {
        $(
            wipe_on_drop!($shape; $($hidden),*);

            impl std::fmt::Debug for $shape {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    let Self { $($shown,)* $($short,)* $($hidden,)* } = self;
                    f.debug_struct(stringify!($shape))
                        $(.field(stringify!($shown), $shown))*
                        $(.field(stringify!($short), &Guarded::short($short)))*
                        $(.field(stringify!($hidden), &Guarded::hidden($hidden)))*
                        .finish()
                }
            }
        )+
    };
}

/// Wipes a shape's hidden fields when it is dropped. A shape without any gets no `Drop`, so its
/// fields can still be moved out.
macro_rules! wipe_on_drop {
    ($shape:ty;) => {};
    ($shape:ty; $($hidden:ident),+) => {
        impl Drop for $shape {
            fn drop(&mut self) {
                $(zeroize::Zeroize::zeroize(&mut self.$hidden);)+
            }
        }
    };
}

/// How a `short` or `hidden` field prints.
enum Guarded<'a> {
    Absent,
    Hidden,
    Short(&'a str),
}

impl<'a> Guarded<'a> {
    fn hidden(field: &'a impl Text) -> Self {
        field.text().map_or(Self::Absent, |_| Self::Hidden)
    }

    fn short(field: &'a impl Text) -> Self {
        field.text().map_or(Self::Absent, Self::Short)
    }
}

impl std::fmt::Debug for Guarded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Absent => f.write_str("None"),
            Self::Hidden => f.write_str("<hidden>"),
            Self::Short(key) => write!(f, "\"{}…\"", crate::ShortId::of_untrusted(key)),
        }
    }
}

/// A field that [`Guarded`] can describe: text, or optional text.
trait Text {
    fn text(&self) -> Option<&str>;
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl Text for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

guard_shapes! {
    v1::Receipt {
        shown: custid, ttl, metadata_ttl, secret_ttl, state, updated, created, received,
            recipient, share_domain, passphrase_required, has_passphrase, recipients,
            receipt_ttl;
        short: metadata_key, secret_key, identifier, secret_identifier;
        hidden: metadata_url, receipt_url, value, secret_value;
    }
    v1::Error {
        shown: message;
        short: secret_key;
        hidden: ;
    }
    v1::Revealed {
        shown: share_domain;
        short: secret_key;
        hidden: value;
    }
    v1::ShareRequest {
        shown: ttl, recipient;
        short: ;
        hidden: secret, passphrase;
    }
    v1::GenerateRequest {
        shown: ttl, recipient;
        short: ;
        hidden: passphrase;
    }
    v1::RevealRequest {
        shown: ;
        short: ;
        hidden: passphrase;
    }
    v2::SecretRecord {
        shown: shortid, state, created, updated, has_passphrase, verification, secret_ttl,
            lifespan, is_previewed, is_revealed, is_viewed, is_received;
        short: identifier, key;
        hidden: secret_value;
    }
    v2::ReceiptRecord {
        shown: custid, state, secret_shortid, secret_ttl, metadata_ttl, receipt_ttl, lifespan,
            share_domain, recipients, memo, created, updated, previewed, revealed, burned,
            is_previewed, is_revealed, is_burned, is_expired, is_orphaned, is_destroyed,
            has_passphrase, kind;
        short: identifier, key, secret_identifier;
        hidden: share_url, receipt_url, burn_url;
    }
    v2::ReceiptDetails {
        shown: is_owner, can_burn;
        short: ;
        hidden: secret_value;
    }
    v2::ConcealParams {
        shown: ttl, recipient, share_domain;
        short: ;
        hidden: secret, passphrase;
    }
    v2::GenerateParams {
        shown: ttl, recipient, length, character_sets;
        short: ;
        hidden: passphrase;
    }
    v2::RevealRequest {
        shown: continue_;
        short: ;
        hidden: passphrase;
    }
    v2::BurnRequest {
        shown: continue_;
        short: ;
        hidden: passphrase;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks what must not be printed: a value, a passphrase, and the part of a key past its
    /// short form (the short form is `KEYSTART`).
    const VALUE: &str = "SECRET-VALUE";
    const PASS: &str = "PASS-PHRASE";
    const KEY: &str = "KEYSTARTthe-rest-of-the-key";

    fn text(s: &str) -> String {
        s.to_owned()
    }

    fn value() -> String {
        text(VALUE)
    }

    fn pass() -> String {
        text(PASS)
    }

    fn key() -> String {
        text(KEY)
    }

    fn url() -> String {
        format!("https://host/secret/{KEY}")
    }

    fn s() -> String {
        text("x")
    }

    /// Each guarded shape's `Debug`, with the markers in every guarded field.
    fn printed() -> Vec<String> {
        let mut all = printed_v1();
        all.extend(printed_v2());
        all
    }

    fn printed_v1() -> Vec<String> {
        vec![
            format!(
                "{:?}",
                v1::Receipt {
                    custid: s(),
                    metadata_key: key(),
                    secret_key: Some(key()),
                    ttl: 1,
                    metadata_ttl: 1,
                    secret_ttl: Some(1),
                    metadata_url: url(),
                    state: s(),
                    updated: 1,
                    created: 1,
                    received: None,
                    recipient: Vec::new(),
                    share_domain: s(),
                    passphrase_required: true,
                    identifier: key(),
                    secret_identifier: Some(key()),
                    has_passphrase: true,
                    recipients: Vec::new(),
                    receipt_ttl: 1,
                    receipt_url: url(),
                    value: Some(value()),
                    secret_value: Some(value()),
                }
            ),
            format!("{:?}", v1::Revealed { secret_key: key(), share_domain: s(), value: value() }),
            format!(
                "{:?}",
                v1::ShareRequest {
                    secret: value(),
                    passphrase: Some(pass()),
                    ttl: None,
                    recipient: None
                }
            ),
            format!(
                "{:?}",
                v1::GenerateRequest { passphrase: Some(pass()), ttl: None, recipient: None }
            ),
            format!("{:?}", v1::RevealRequest { passphrase: Some(pass()) }),
        ]
    }

    fn printed_v2() -> Vec<String> {
        vec![
            format!(
                "{:?}",
                v2::SecretRecord {
                    identifier: key(),
                    key: key(),
                    shortid: s(),
                    state: s(),
                    created: s(),
                    updated: s(),
                    has_passphrase: s(),
                    verification: s(),
                    secret_ttl: s(),
                    lifespan: s(),
                    is_previewed: s(),
                    is_revealed: s(),
                    is_viewed: s(),
                    is_received: s(),
                    secret_value: Some(value()),
                }
            ),
            format!(
                "{:?}",
                v2::ReceiptRecord {
                    identifier: key(),
                    key: key(),
                    custid: s(),
                    state: s(),
                    secret_shortid: s(),
                    secret_identifier: Some(key()),
                    secret_ttl: s(),
                    metadata_ttl: s(),
                    receipt_ttl: s(),
                    lifespan: s(),
                    share_domain: s(),
                    recipients: Vec::new(),
                    memo: s(),
                    created: s(),
                    updated: s(),
                    previewed: None,
                    revealed: None,
                    burned: None,
                    is_previewed: s(),
                    is_revealed: s(),
                    is_burned: s(),
                    is_expired: s(),
                    is_orphaned: s(),
                    is_destroyed: s(),
                    has_passphrase: s(),
                    kind: s(),
                    share_url: url(),
                    receipt_url: url(),
                    burn_url: url(),
                }
            ),
            format!(
                "{:?}",
                v2::ReceiptDetails { is_owner: s(), can_burn: s(), secret_value: Some(value()) }
            ),
            format!(
                "{:?}",
                v2::ConcealRequest {
                    secret: v2::ConcealParams {
                        secret: value(),
                        ttl: None,
                        passphrase: Some(pass()),
                        recipient: None,
                        share_domain: None,
                    },
                }
            ),
            format!(
                "{:?}",
                v2::GenerateParams {
                    ttl: None,
                    passphrase: Some(pass()),
                    recipient: None,
                    length: None,
                    character_sets: None,
                }
            ),
            format!("{:?}", v2::RevealRequest { passphrase: Some(pass()), continue_: None }),
            format!(
                "{:?}",
                v2::BurnRequest { continue_: v2::Flag::Bool(true), passphrase: Some(pass()) }
            ),
        ]
    }

    #[test]
    fn debug_shows_that_a_value_passphrase_or_link_is_there_but_not_what_it_is() {
        for line in printed() {
            assert!(!line.contains(VALUE), "{line}");
            assert!(!line.contains(PASS), "{line}");
            assert!(!line.contains(KEY), "{line}");
            assert!(line.contains("<hidden>"), "{line}");
        }
    }

    #[test]
    fn debug_shows_the_ids_a_caller_sent_by_their_start() {
        let lines = [
            format!("{:?}", v1::Error { message: s(), secret_key: Some(key()) }),
            format!(
                "{:?}",
                v2::BulkStatusRequest { identifiers: v2::Identifiers::List(vec![key(), key()]) }
            ),
            format!(
                "{:?}",
                v2::BulkStatusRequest {
                    identifiers: v2::Identifiers::Joined(format!("{KEY}, {KEY}"))
                }
            ),
        ];
        for line in lines {
            assert!(!line.contains(KEY), "{line}");
            assert_eq!(
                line.matches("KEYSTART…").count(),
                if line.contains("Error") { 1 } else { 2 },
                "{line}"
            );
        }
    }

    #[test]
    fn debug_shows_a_key_by_its_start_and_the_other_fields_whole() {
        let line = format!(
            "{:?}",
            v1::Revealed { secret_key: text(KEY), share_domain: text("d"), value: text(VALUE) }
        );
        assert_eq!(
            line,
            r#"v1::Revealed { share_domain: "d", secret_key: "KEYSTART…", value: <hidden> }"#
        );
        let line = format!(
            "{:?}",
            v1::GenerateRequest { passphrase: None, ttl: Some(60), recipient: None }
        );
        assert_eq!(
            line,
            "v1::GenerateRequest { ttl: Some(60), recipient: None, passphrase: None }"
        );
    }
}
