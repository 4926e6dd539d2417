//! The public APIs' request and response shapes, shared by the server and clients.
//!
//! These carry upstream's field names and quirks; the domain never sees them. Conversions live
//! in the server's service layer. With the `openapi` feature every shape also describes itself
//! as a JSON schema (`utoipa::ToSchema`), from which the server builds its OpenAPI document.

pub mod v1;
pub mod v2;

/// The shapes that carry a secret's value or a passphrase wipe them when dropped, so that they
/// do not linger in freed memory once serialized or read. (A serialized copy, a request or
/// response body, belongs to the HTTP library.)
macro_rules! wipe_on_drop {
    ($($shape:ty => $($field:ident),+;)+) => {
        $(impl Drop for $shape {
            fn drop(&mut self) {
                $(zeroize::Zeroize::zeroize(&mut self.$field);)+
            }
        })+
    };
}

wipe_on_drop! {
    v1::Receipt => value, secret_value;
    v1::Revealed => value;
    v1::ShareRequest => secret, passphrase;
    v1::GenerateRequest => passphrase;
    v1::RevealRequest => passphrase;
    v2::SecretRecord => secret_value;
    v2::ReceiptDetails => secret_value;
    v2::ConcealParams => secret, passphrase;
    v2::GenerateParams => passphrase;
    v2::RevealRequest => passphrase;
}

/// `Debug` for the same shapes: a value or passphrase shows only whether it is there, so a
/// shape in a log line, a panic or a failed assertion gives nothing away; every other field
/// prints as derived. The `let Self { … }` names every field, so a field added to a shape
/// fails to compile here until it is listed as shown or hidden.
macro_rules! debug_hiding {
    ($($shape:ty { $($shown:ident),* ; hidden: $($hidden:ident),+ })+) => {
        $(impl std::fmt::Debug for $shape {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let Self { $($shown,)* $($hidden,)+ } = self;
                f.debug_struct(stringify!($shape))
                    $(.field(stringify!($shown), $shown))*
                    $(.field(stringify!($hidden), &Hidden::of($hidden)))+
                    .finish()
            }
        })+
    };
}

/// How a hidden field prints: whether it is set, never what it holds.
struct Hidden(Option<usize>);

impl Hidden {
    fn of(field: &impl Secretive) -> Self {
        Self(field.len())
    }
}

impl std::fmt::Debug for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("<hidden>"),
            None => f.write_str("None"),
        }
    }
}

/// A field that [`Hidden`] can describe.
trait Secretive {
    /// `None` when the optional field is absent.
    fn len(&self) -> Option<usize>;
}

impl Secretive for String {
    fn len(&self) -> Option<usize> {
        Some(String::len(self))
    }
}

impl Secretive for Option<String> {
    fn len(&self) -> Option<usize> {
        self.as_ref().map(String::len)
    }
}

debug_hiding! {
    v1::Receipt {
        custid, metadata_key, secret_key, ttl, metadata_ttl, secret_ttl, metadata_url, state,
        updated, created, received, recipient, share_domain, passphrase_required, identifier,
        secret_identifier, has_passphrase, recipients, receipt_ttl, receipt_url;
        hidden: value, secret_value
    }
    v1::Revealed { secret_key, share_domain; hidden: value }
    v1::ShareRequest { ttl, recipient; hidden: secret, passphrase }
    v1::GenerateRequest { ttl, recipient; hidden: passphrase }
    v1::RevealRequest { ; hidden: passphrase }
    v2::SecretRecord {
        identifier, key, shortid, state, created, updated, has_passphrase, verification,
        secret_ttl, lifespan, is_previewed, is_revealed, is_viewed, is_received;
        hidden: secret_value
    }
    v2::ReceiptDetails { is_owner, can_burn; hidden: secret_value }
    v2::ConcealParams { ttl, recipient, share_domain; hidden: secret, passphrase }
    v2::GenerateParams { ttl, recipient, length, character_sets; hidden: passphrase }
    v2::RevealRequest { continue_; hidden: passphrase }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each shape's `Debug` prints, with `SECRET-VALUE` and `PASS-PHRASE` in every value
    /// and passphrase field.
    fn printed() -> Vec<String> {
        let value = || "SECRET-VALUE".to_owned();
        let pass = || Some("PASS-PHRASE".to_owned());
        vec![
            format!(
                "{:?}",
                v1::Revealed {
                    secret_key: "k".into(),
                    share_domain: String::new(),
                    value: value()
                }
            ),
            format!(
                "{:?}",
                v1::ShareRequest {
                    secret: value(),
                    passphrase: pass(),
                    ttl: None,
                    recipient: None
                }
            ),
            format!("{:?}", v1::GenerateRequest { passphrase: pass(), ttl: None, recipient: None }),
            format!("{:?}", v1::RevealRequest { passphrase: pass() }),
            format!(
                "{:?}",
                v2::ReceiptDetails {
                    is_owner: "true".into(),
                    can_burn: "true".into(),
                    secret_value: Some(value()),
                }
            ),
            format!(
                "{:?}",
                v2::ConcealRequest {
                    secret: v2::ConcealParams {
                        secret: value(),
                        ttl: None,
                        passphrase: pass(),
                        recipient: None,
                        share_domain: None,
                    },
                }
            ),
            format!(
                "{:?}",
                v2::GenerateParams {
                    ttl: None,
                    passphrase: pass(),
                    recipient: None,
                    length: None,
                    character_sets: None,
                }
            ),
            format!("{:?}", v2::RevealRequest { passphrase: pass(), continue_: None }),
        ]
    }

    #[test]
    fn debug_shows_that_a_value_or_passphrase_is_there_but_not_what_it_is() {
        for line in printed() {
            assert!(!line.contains("SECRET-VALUE"), "{line}");
            assert!(!line.contains("PASS-PHRASE"), "{line}");
            assert!(line.contains("<hidden>"), "{line}");
        }
    }

    #[test]
    fn debug_still_shows_the_other_fields() {
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
