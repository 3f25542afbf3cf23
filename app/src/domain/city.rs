//! Member cities of the alliance. Cities are data, not code: a new member is a row in `cities`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A city's stable code, used in URLs and as the key other tables refer to
/// (`chengdu`, `deyang`, ...): 2 to 32 characters, lowercase ASCII letters, digits and `-`,
/// starting with a letter. The database enforces the same rule with a CHECK constraint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CityCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CityCodeError {
    #[error("a city code has 2 to 32 characters")]
    Length,
    #[error("a city code starts with a lowercase letter")]
    Start,
    #[error("a city code holds only lowercase letters, digits and '-'")]
    Character,
}

impl CityCode {
    pub fn parse(raw: &str) -> Result<Self, CityCodeError> {
        if !(2..=32).contains(&raw.len()) {
            return Err(CityCodeError::Length);
        }
        if !raw.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(CityCodeError::Start);
        }
        if !raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(CityCodeError::Character);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CityCode {
    type Error = CityCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CityCode> for String {
    fn from(code: CityCode) -> Self {
        code.0
    }
}

impl fmt::Display for CityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The part a city plays in the alliance's division of labour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CityRole {
    /// Where R&D is done (Chengdu).
    RdHub,
    /// Where products are manufactured (Deyang, Meishan, Ziyang).
    Manufacturing,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown city role {0:?}")]
pub struct UnknownCityRole(pub String);

impl CityRole {
    /// The value stored in `cities.role`.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::RdHub => "rd_hub",
            Self::Manufacturing => "manufacturing",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownCityRole> {
        match raw {
            "rd_hub" => Ok(Self::RdHub),
            "manufacturing" => Ok(Self::Manufacturing),
            other => Err(UnknownCityRole(other.to_owned())),
        }
    }
}

/// A member city as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct City {
    pub code: CityCode,
    pub name: crate::domain::Bilingual,
    pub role: CityRole,
}

impl City {
    /// The city's name in the reader's language.
    pub fn name(&self, lang: crate::domain::Lang) -> &str {
        self.name.get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_seeded_codes_parse() {
        for code in ["chengdu", "deyang", "meishan", "ziyang", "mianyang"] {
            assert_eq!(
                CityCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_owned())
            );
        }
    }

    #[test]
    fn bad_codes_are_refused_with_the_reason() {
        assert_eq!(CityCode::parse("c"), Err(CityCodeError::Length));
        assert_eq!(CityCode::parse(&"a".repeat(33)), Err(CityCodeError::Length));
        assert_eq!(CityCode::parse("1chengdu"), Err(CityCodeError::Start));
        assert_eq!(CityCode::parse("Chengdu"), Err(CityCodeError::Start));
        assert_eq!(CityCode::parse("cheng du"), Err(CityCodeError::Character));
        assert_eq!(CityCode::parse("成都"), Err(CityCodeError::Start));
    }

    #[test]
    fn a_city_code_deserializes_only_when_valid() {
        let ok: Result<CityCode, _> = serde_json::from_str("\"deyang\"");
        assert!(ok.is_ok());
        let bad: Result<CityCode, _> = serde_json::from_str("\"De Yang\"");
        assert!(bad.is_err());
    }

    #[test]
    fn roles_round_trip_through_their_database_values() {
        for role in [CityRole::RdHub, CityRole::Manufacturing] {
            assert_eq!(CityRole::from_db(role.as_db()), Ok(role));
        }
        assert!(CityRole::from_db("capital").is_err());
    }

    proptest! {
        #[test]
        fn every_accepted_code_matches_the_database_rule(raw in "\\PC{0,40}") {
            if let Ok(code) = CityCode::parse(&raw) {
                let s = code.as_str();
                prop_assert!((2..=32).contains(&s.len()));
                prop_assert!(s.as_bytes()[0].is_ascii_lowercase());
                prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }

        #[test]
        fn codes_built_from_the_rule_are_accepted(raw in "[a-z][a-z0-9-]{1,31}") {
            prop_assert_eq!(CityCode::parse(&raw).map(String::from), Ok(raw));
        }
    }
}
