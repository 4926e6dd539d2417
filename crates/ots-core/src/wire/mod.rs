//! The public APIs' request and response shapes, shared by the server and clients.
//!
//! These carry upstream's field names and quirks; the domain never sees them. Conversions live
//! in the server's service layer. With the `openapi` feature every shape also describes itself
//! as a JSON schema (`utoipa::ToSchema`), from which the server builds its OpenAPI document.

pub mod v1;
pub mod v2;

/// The shapes that carry a secret's value wipe it when dropped, so that a response's value
/// does not linger in freed memory after being serialized. (Its serialized copy, the response
/// body, belongs to the HTTP library.)
macro_rules! wipe_values_on_drop {
    ($($shape:ty => $($field:ident),+;)+) => {
        $(impl Drop for $shape {
            fn drop(&mut self) {
                $(zeroize::Zeroize::zeroize(&mut self.$field);)+
            }
        })+
    };
}

wipe_values_on_drop! {
    v1::Receipt => value, secret_value;
    v1::Revealed => value;
    v2::SecretRecord => secret_value;
    v2::ReceiptDetails => secret_value;
}
