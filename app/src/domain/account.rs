//! Accounts: who a user is to the platform. Typed ids, the role with what it belongs to, and the
//! parsed inputs of the sign-in and password forms.

use serde::{Deserialize, Serialize};

use super::city::CityCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FirmId(pub i64);

/// Where a firm stands with its city's bureau.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FirmStatus {
    Pending,
    Approved,
    Rejected,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

impl FirmStatus {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownValue> {
        match raw {
            "pending" => Ok(Self::Pending),
            "approved" => Ok(Self::Approved),
            "rejected" => Ok(Self::Rejected),
            other => Err(UnknownValue(other.to_owned())),
        }
    }
}

/// One role per user, with what the role belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The alliance secretariat.
    Admin,
    /// Staff of one city's bureau.
    Official { city: CityCode },
    /// Staff of one registered firm; the firm's city and standing decide what they may see.
    FirmRep {
        firm: FirmId,
        firm_city: CityCode,
        firm_status: FirmStatus,
    },
}

/// The role without what it belongs to, as stored and as shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleKind {
    Admin,
    Official,
    FirmRep,
}

impl RoleKind {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Official => "official",
            Self::FirmRep => "firm_rep",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownValue> {
        match raw {
            "admin" => Ok(Self::Admin),
            "official" => Ok(Self::Official),
            "firm_rep" => Ok(Self::FirmRep),
            other => Err(UnknownValue(other.to_owned())),
        }
    }
}

impl Role {
    pub fn kind(&self) -> RoleKind {
        match self {
            Self::Admin => RoleKind::Admin,
            Self::Official { .. } => RoleKind::Official,
            Self::FirmRep { .. } => RoleKind::FirmRep,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountStatus {
    Active,
    Disabled,
}

impl AccountStatus {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownValue> {
        match raw {
            "active" => Ok(Self::Active),
            "disabled" => Ok(Self::Disabled),
            other => Err(UnknownValue(other.to_owned())),
        }
    }
}

/// A signed-in, active user as the access policy sees them. Disabled accounts never become an
/// `Actor`: their sessions end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
}

/// An email address as typed into a form: trimmed and lower-cased, so `Li.Wei@Example.CN` and
/// `li.wei@example.cn` are one account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty")]
    Empty,
    #[error("not an email address")]
    Malformed,
    #[error("longer than 254 characters")]
    TooLong,
}

impl EmailError {
    /// The code the page turns into words.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::Malformed => "email_malformed",
            Self::TooLong => "too_long",
        }
    }
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        if email.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Malformed);
        };
        let bad = |part: &str| {
            part.is_empty() || part.contains('@') || part.chars().any(char::is_whitespace)
        };
        if bad(local)
            || bad(domain)
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(EmailError::Malformed);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Passwords are 10 to 128 characters; the onboarding issue adds the strength estimate.
pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A new password that passed the length rules. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("shorter than {PASSWORD_MIN_CHARS} characters")]
    TooShort,
    #[error("longer than {PASSWORD_MAX_CHARS} characters")]
    TooLong,
}

impl PasswordError {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "password_too_short",
            Self::TooLong => "password_too_long",
        }
    }
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > PASSWORD_MAX_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Li.Wei@Deyang.GOV.cn ").expect("valid");
        assert_eq!(email.as_str(), "li.wei@deyang.gov.cn");
    }

    #[test]
    fn malformed_emails_are_refused_with_a_code() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "li.wei",
            "@deyang.cn",
            "li@",
            "li@deyang",
            "li wei@deyang.cn",
            "a@b@c.cn",
            "li@.cn",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        let long = format!("{}@example.cn", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        // Nine Chinese characters are 27 bytes but still too short.
        assert_eq!(
            NewPassword::parse("成都德阳眉山资阳联盟"),
            Ok(NewPassword("成都德阳眉山资阳联盟".into()))
        );
        assert_eq!(
            NewPassword::parse("成都德阳眉山资阳联"),
            Err(PasswordError::TooShort)
        );
        assert!(NewPassword::parse(&"x".repeat(128)).is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(129)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-secret").expect("ok")),
            "NewPassword(…)"
        );
    }

    #[test]
    fn stored_values_round_trip() {
        for kind in [RoleKind::Admin, RoleKind::Official, RoleKind::FirmRep] {
            assert_eq!(RoleKind::from_db(kind.as_db()), Ok(kind));
        }
        for status in [
            FirmStatus::Pending,
            FirmStatus::Approved,
            FirmStatus::Rejected,
        ] {
            assert_eq!(FirmStatus::from_db(status.as_db()), Ok(status));
        }
        for status in [AccountStatus::Active, AccountStatus::Disabled] {
            assert_eq!(AccountStatus::from_db(status.as_db()), Ok(status));
        }
        assert!(RoleKind::from_db("root").is_err());
    }
}
