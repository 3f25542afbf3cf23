//! The capability taxonomy: the robot industry chain, two levels deep (category, capability).
//! Entries are data the admin keeps; one in use is retired, never deleted.

use serde::{Deserialize, Serialize};

use super::firm::Name;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CategoryId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CapabilityId(pub i64);

/// The two levels of the taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaxonomyLevel {
    Category,
    Capability,
}

impl TaxonomyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Capability => "capability",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "category" => Some(Self::Category),
            "capability" => Some(Self::Capability),
            _ => None,
        }
    }
}

/// An entry's name in both languages, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryNames {
    pub zh: Name,
    pub en: Name,
}

impl EntryNames {
    pub fn parse(zh: &str, en: &str) -> Result<Self, Vec<(&'static str, &'static str)>> {
        match (Name::parse(zh, 50), Name::parse(en, 100)) {
            (Ok(zh), Ok(en)) => Ok(Self { zh, en }),
            (zh, en) => Err([
                zh.err().map(|c| ("name_zh", c)),
                en.err().map(|c| ("name_en", c)),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_names_are_required_and_each_error_is_named() {
        assert!(EntryNames::parse("谐波减速器", "Harmonic reducers").is_ok());
        assert_eq!(
            EntryNames::parse(" ", &"x".repeat(101)),
            Err(vec![("name_zh", "required"), ("name_en", "too_long")])
        );
        assert_eq!(
            TaxonomyLevel::parse("capability"),
            Some(TaxonomyLevel::Capability)
        );
        assert_eq!(TaxonomyLevel::parse("firm"), None);
    }
}
