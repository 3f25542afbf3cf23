//! Firms, as far as registration and approval need them (the firm profile issue fills them out).

use serde::{Deserialize, Serialize};

use super::account::UnknownValue;

/// What kind of organisation a firm is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FirmKind {
    Manufacturer,
    ResearchInstitute,
    University,
    Integrator,
    ComponentSupplier,
}

impl FirmKind {
    pub const ALL: [Self; 5] = [
        Self::Manufacturer,
        Self::ResearchInstitute,
        Self::University,
        Self::Integrator,
        Self::ComponentSupplier,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Self::Manufacturer => "manufacturer",
            Self::ResearchInstitute => "research_institute",
            Self::University => "university",
            Self::Integrator => "integrator",
            Self::ComponentSupplier => "component_supplier",
        }
    }

    pub fn from_db(raw: &str) -> Result<Self, UnknownValue> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_db() == raw)
            .ok_or_else(|| UnknownValue(raw.to_owned()))
    }
}

/// A name as typed into a form (a firm's, a person's): trimmed, not empty, not too long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name(String);

impl Name {
    /// `Err` holds the code the form turns into words.
    pub fn parse(raw: &str, max_chars: usize) -> Result<Self, &'static str> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            Err("required")
        } else if name.chars().count() > max_chars {
            Err("too_long")
        } else {
            Ok(Self(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_unknown_ones_are_refused() {
        for kind in FirmKind::ALL {
            assert_eq!(FirmKind::from_db(kind.as_db()), Ok(kind));
        }
        assert!(FirmKind::from_db("bank").is_err());
    }

    #[test]
    fn names_are_trimmed_with_inner_spaces_collapsed() {
        assert_eq!(
            Name::parse("  德阳东方  精密 ", 100).map(|n| n.as_str().to_owned()),
            Ok("德阳东方 精密".into())
        );
        assert_eq!(Name::parse("   ", 100), Err("required"));
        assert_eq!(Name::parse(&"字".repeat(101), 100), Err("too_long"));
    }
}
