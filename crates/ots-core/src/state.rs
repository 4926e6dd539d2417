//! The states a secret and its receipt go through.
//!
//! A secret is `new` until it is revealed, burned or expires; then it no longer exists. The
//! receipt remembers the outcome. `previewed` records that the link was opened without
//! revealing, and changes nothing about what the recipient may do.

/// The state of a receipt, as the creator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptState {
    /// Created, link not opened yet.
    New,
    /// The link was opened (confirm page or non-destructive read), the value not revealed.
    Previewed,
    /// The value was shown once; the secret is gone.
    Revealed,
    /// The creator burned the secret before it was revealed.
    Burned,
    /// The secret's TTL ran out before anyone revealed it.
    Expired,
    /// The secret disappeared before its TTL without a reveal or burn.
    Orphaned,
}

impl ReceiptState {
    /// The v2 (and storage) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Previewed => "previewed",
            Self::Revealed => "revealed",
            Self::Burned => "burned",
            Self::Expired => "expired",
            Self::Orphaned => "orphaned",
        }
    }

    /// The v1 name: v1 calls `previewed` "viewed" and `revealed` "received".
    pub fn v1_name(self) -> &'static str {
        match self {
            Self::Previewed => "viewed",
            Self::Revealed => "received",
            other => other.as_str(),
        }
    }

    /// Parses a name as either API version sends it (`viewed` and `received` are v1's).
    pub fn from_wire(s: &str) -> Option<Self> {
        match s {
            "viewed" => Some(Self::Previewed),
            "received" => Some(Self::Revealed),
            other => Self::parse(other),
        }
    }

    /// Parses the storage name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "new" => Self::New,
            "previewed" => Self::Previewed,
            "revealed" => Self::Revealed,
            "burned" => Self::Burned,
            "expired" => Self::Expired,
            "orphaned" => Self::Orphaned,
            _ => return None,
        })
    }

    /// Whether the secret may still be revealed or burned in this state.
    pub fn is_live(self) -> bool {
        matches!(self, Self::New | Self::Previewed)
    }
}

/// How a secret was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The creator supplied the value.
    Conceal,
    /// The server generated a password.
    Generate,
}

impl SecretKind {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conceal => "conceal",
            Self::Generate => "generate",
        }
    }

    /// Parses the storage name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "conceal" => Some(Self::Conceal),
            "generate" => Some(Self::Generate),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_renames_previewed_and_revealed() {
        assert_eq!(ReceiptState::Previewed.v1_name(), "viewed");
        assert_eq!(ReceiptState::Revealed.v1_name(), "received");
        assert_eq!(ReceiptState::Burned.v1_name(), "burned");
        for state in [ReceiptState::New, ReceiptState::Previewed, ReceiptState::Revealed] {
            assert_eq!(ReceiptState::from_wire(state.v1_name()), Some(state));
            assert_eq!(ReceiptState::from_wire(state.as_str()), Some(state));
        }
        assert_eq!(ReceiptState::from_wire("unknown"), None);
    }

    #[test]
    fn storage_names_round_trip() {
        for s in [
            ReceiptState::New,
            ReceiptState::Previewed,
            ReceiptState::Revealed,
            ReceiptState::Burned,
            ReceiptState::Expired,
            ReceiptState::Orphaned,
        ] {
            assert_eq!(ReceiptState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn only_new_and_previewed_are_live() {
        assert!(ReceiptState::New.is_live());
        assert!(ReceiptState::Previewed.is_live());
        assert!(!ReceiptState::Revealed.is_live());
        assert!(!ReceiptState::Expired.is_live());
    }
}
