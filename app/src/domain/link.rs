//! One-time links: what a link is for, how long it lives, and whether it may still be used.
//! The token itself (random, stored only as a hash) lives in the server-only `one_time_link`.

use serde::{Deserialize, Serialize};

use super::account::UnknownValue;

/// What following a link does. Both set the account's password; they differ in who issues them
/// and how long they live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkPurpose {
    /// The first password of an invited account (an official, or a firm's colleague).
    Invitation,
    /// A new password for an account whose owner lost theirs.
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownValue> {
        match raw {
            "invitation" => Ok(Self::Invitation),
            "password_reset" => Ok(Self::PasswordReset),
            other => Err(UnknownValue(other.to_owned())),
        }
    }

    /// Seven days to accept an invitation, one hour to use a reset.
    pub fn lifetime_secs(self) -> i64 {
        match self {
            Self::Invitation => 7 * 24 * 60 * 60,
            Self::PasswordReset => 60 * 60,
        }
    }

    /// The link an account gets: an invitation while it has never had a password, a reset after.
    pub fn for_account(has_password: bool) -> Self {
        if has_password {
            Self::PasswordReset
        } else {
            Self::Invitation
        }
    }
}

/// What the database knows of a link when someone follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkFacts {
    pub used: bool,
    /// Replaced by a newer link, or its account disabled.
    pub revoked: bool,
    /// Past its expiry on the database's clock.
    pub expired: bool,
    pub account_active: bool,
}

/// Why a link can no longer be used; each has its own sentence for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkRefusal {
    Used,
    Expired,
    /// Replaced by a newer link, or the account was disabled.
    Revoked,
}

impl LinkRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::Used => "link_used",
            Self::Expired => "link_expired",
            Self::Revoked => "link_revoked",
        }
    }
}

/// Whether a link may be used now. A used link says so first (its owner most likely clicked it
/// twice); a disabled account's link counts as revoked.
pub fn usable(facts: LinkFacts) -> Result<(), LinkRefusal> {
    if facts.used {
        Err(LinkRefusal::Used)
    } else if facts.revoked || !facts.account_active {
        Err(LinkRefusal::Revoked)
    } else if facts.expired {
        Err(LinkRefusal::Expired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: LinkFacts = LinkFacts {
        used: false,
        revoked: false,
        expired: false,
        account_active: true,
    };

    #[test]
    fn only_a_fresh_link_of_an_active_account_may_be_used() {
        assert_eq!(usable(FRESH), Ok(()));
        assert_eq!(
            usable(LinkFacts {
                used: true,
                ..FRESH
            }),
            Err(LinkRefusal::Used)
        );
        assert_eq!(
            usable(LinkFacts {
                expired: true,
                ..FRESH
            }),
            Err(LinkRefusal::Expired)
        );
        assert_eq!(
            usable(LinkFacts {
                revoked: true,
                ..FRESH
            }),
            Err(LinkRefusal::Revoked)
        );
        assert_eq!(
            usable(LinkFacts {
                account_active: false,
                ..FRESH
            }),
            Err(LinkRefusal::Revoked)
        );
        // Used beats everything else: that is what its owner needs to hear.
        assert_eq!(
            usable(LinkFacts {
                used: true,
                revoked: true,
                expired: true,
                account_active: false,
            }),
            Err(LinkRefusal::Used)
        );
    }

    #[test]
    fn invitations_live_a_week_and_resets_an_hour() {
        assert_eq!(LinkPurpose::Invitation.lifetime_secs(), 604_800);
        assert_eq!(LinkPurpose::PasswordReset.lifetime_secs(), 3_600);
        assert_eq!(LinkPurpose::for_account(false), LinkPurpose::Invitation);
        assert_eq!(LinkPurpose::for_account(true), LinkPurpose::PasswordReset);
        for purpose in [LinkPurpose::Invitation, LinkPurpose::PasswordReset] {
            assert_eq!(LinkPurpose::from_db(purpose.as_db()), Ok(purpose));
        }
        assert!(LinkPurpose::from_db("login").is_err());
    }
}
