//! Firms: what kind they are, their profile, their capabilities with certificates, and the
//! trust ladder each capability stands on.

use serde::{Deserialize, Serialize};

use super::account::{Email, UnknownValue};

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

/// Defines a closed set of values stored as text: `ALL`, `as_db` and `from_db`.
macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $db:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_db(self) -> &'static str {
                match self { $(Self::$variant => $db),+ }
            }

            pub fn from_db(raw: &str) -> Result<Self, $crate::domain::account::UnknownValue> {
                match raw {
                    $($db => Ok(Self::$variant),)+
                    other => Err($crate::domain::account::UnknownValue(other.to_owned())),
                }
            }
        }
    };
}

pub(crate) use db_enum;

db_enum! {
    /// How far a firm makes something: ordered, so "at least small batch" is a comparison.
    ProductionLevel {
        Prototype => "prototype",
        SmallBatch => "small_batch",
        MassProduction => "mass_production",
    }
}

impl ProductionLevel {
    /// This level and every higher one: a firm in mass production also makes small batches.
    pub fn at_least(self) -> Vec<Self> {
        Self::ALL.iter().copied().filter(|l| *l >= self).collect()
    }
}

db_enum! {
    /// The certificates the platform knows by name; anything else is `Other` with its name.
    CertificateKind {
        Iso9001 => "iso9001",
        Iatf16949 => "iatf16949",
        Iso13485 => "iso13485",
        Ce => "ce",
        Ccc => "ccc",
        Other => "other",
    }
}

impl CertificateKind {
    /// The certificate's name, the same in both languages (`Other` has its own).
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Iso9001 => Some("ISO 9001"),
            Self::Iatf16949 => Some("IATF 16949"),
            Self::Iso13485 => Some("ISO 13485"),
            Self::Ce => Some("CE"),
            Self::Ccc => Some("CCC"),
            Self::Other => None,
        }
    }
}

/// How far the platform trusts a capability a firm claims, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TrustRung {
    /// The firm says so.
    SelfDeclared,
    /// The firm lists at least one certificate for it that has not expired.
    CertificateListed,
    /// An official of the firm's city looked at this version of the entry and confirmed it.
    Verified,
}

impl TrustRung {
    /// The rung from the facts: a verification of the entry's current version (any edit
    /// clears it), else an unexpired certificate, else the firm's word.
    pub fn of(verified: bool, valid_certificates: usize) -> Self {
        if verified {
            Self::Verified
        } else if valid_certificates > 0 {
            Self::CertificateListed
        } else {
            Self::SelfDeclared
        }
    }
}

/// The bounds of the forms' numeric fields, in the unit each form takes (万元 for money). The
/// parsers check them and a refusal names them ("between 1 and 100,000,000"), so the two never
/// disagree. A founded year runs from [`FOUNDED_YEAR_MIN`] to the current year.
pub mod bounds {
    pub const MONTHLY_CAPACITY: (i32, i32) = (1, 100_000_000);
    pub const LEAD_TIME_DAYS: (i32, i32) = (0, 3650);
    pub const STAFF_SIZE: (i32, i32) = (1, 1_000_000);
    pub const NEED_QUANTITY: (i32, i32) = (1, 100_000_000);
    pub const PROPOSAL_LEAD_DAYS: (i32, i32) = (1, 3650);
    /// Any amount in 万元 (one trillion yuan at most).
    pub const WAN: (i64, i64) = (0, 100_000_000);

    /// The bounds of a form field by its name, if it is a bounded number.
    pub fn of(field: &str) -> Option<(i64, i64)> {
        let wide = |(min, max): (i32, i32)| Some((i64::from(min), i64::from(max)));
        match field {
            "monthly_capacity" => wide(MONTHLY_CAPACITY),
            "lead_time_days" => wide(LEAD_TIME_DAYS),
            "staff_size" => wide(STAFF_SIZE),
            "quantity" => wide(NEED_QUANTITY),
            "lead_days" => wide(PROPOSAL_LEAD_DAYS),
            "fund_city" | "fund_province" | "fund_investment" | "fund_own" | "price_min"
            | "price_max" => Some(WAN),
            _ => None,
        }
    }
}

/// The earliest year a firm can have been founded in.
pub const FOUNDED_YEAR_MIN: i16 = 1800;

/// The optional text of a form: trimmed, inner spaces collapsed; empty is `None`.
pub(crate) fn optional(raw: &str, max_chars: usize) -> Result<Option<String>, &'static str> {
    match Name::parse(raw, max_chars) {
        Ok(name) => Ok(Some(name.0)),
        Err("required") => Ok(None),
        Err(code) => Err(code),
    }
}

/// A field's parsed value, or its error recorded under its name.
pub(crate) fn field<T>(
    errors: &mut Vec<(&'static str, &'static str)>,
    name: &'static str,
    parsed: Result<T, &'static str>,
) -> Option<T> {
    parsed.map_err(|code| errors.push((name, code))).ok()
}

/// An optional whole number within bounds; empty is `None`.
pub(crate) fn optional_number<T: std::str::FromStr + PartialOrd>(
    raw: &str,
    min: T,
    max: T,
) -> Result<Option<T>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let n: T = raw.parse().map_err(|_| "not_a_number")?;
    if n < min || n > max {
        return Err("out_of_range");
    }
    Ok(Some(n))
}

/// A required whole number within bounds.
pub fn number<T: std::str::FromStr + PartialOrd>(
    raw: &str,
    min: T,
    max: T,
) -> Result<T, &'static str> {
    optional_number(raw, min, max)?.ok_or("required")
}

/// The profile form as typed, before parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub name: String,
    pub name_en: String,
    pub kind: String,
    pub description: String,
    pub founded_year: String,
    pub staff_size: String,
    pub website: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
}

/// A firm's profile, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirmProfile {
    pub name: Name,
    pub name_en: Option<String>,
    pub kind: FirmKind,
    pub description: String,
    pub founded_year: Option<i16>,
    pub staff_size: Option<i32>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
}

pub const DESCRIPTION_MAX_CHARS: usize = 2000;

impl FirmProfile {
    /// Every field is checked; `Err` lists each bad field with the code the form shows.
    pub fn parse(
        form: &ProfileForm,
        this_year: i16,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let name = field(&mut errors, "name", Name::parse(&form.name, 100));
        let name_en = field(&mut errors, "name_en", optional(&form.name_en, 200));
        let kind = field(
            &mut errors,
            "kind",
            FirmKind::from_db(&form.kind).map_err(|_| "required"),
        );
        // The description keeps its line breaks; only its ends are trimmed.
        let description = form.description.trim().replace("\r\n", "\n");
        let description = field(
            &mut errors,
            "description",
            if description.chars().count() > DESCRIPTION_MAX_CHARS {
                Err("too_long")
            } else {
                Ok(description)
            },
        );
        let founded_year = field(
            &mut errors,
            "founded_year",
            optional_number::<i16>(&form.founded_year, FOUNDED_YEAR_MIN, this_year),
        );
        let staff_size = field(
            &mut errors,
            "staff_size",
            optional_number::<i32>(&form.staff_size, bounds::STAFF_SIZE.0, bounds::STAFF_SIZE.1),
        );
        let website = field(&mut errors, "website", Self::website(&form.website));
        let contact_name = field(
            &mut errors,
            "contact_name",
            optional(&form.contact_name, 50),
        );
        let contact_phone = field(
            &mut errors,
            "contact_phone",
            Self::phone(&form.contact_phone),
        );
        let contact_email = field(
            &mut errors,
            "contact_email",
            match form.contact_email.trim() {
                "" => Ok(None),
                raw => Email::parse(raw)
                    .map(|e| Some(e.as_str().to_owned()))
                    .map_err(|e| e.code()),
            },
        );
        match (
            name,
            name_en,
            kind,
            description,
            founded_year,
            staff_size,
            website,
            contact_name,
            contact_phone,
            contact_email,
        ) {
            (
                Some(name),
                Some(name_en),
                Some(kind),
                Some(description),
                Some(founded_year),
                Some(staff_size),
                Some(website),
                Some(contact_name),
                Some(contact_phone),
                Some(contact_email),
            ) => Ok(Self {
                name,
                name_en,
                kind,
                description,
                founded_year,
                staff_size,
                website,
                contact_name,
                contact_phone,
                contact_email,
            }),
            _ => Err(errors),
        }
    }

    /// The form that shows this profile, in the words a parse of it keeps: an edit of it is
    /// compared with the stored profile field by field (see `domain::merge`).
    pub fn to_form(&self) -> ProfileForm {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        ProfileForm {
            name: self.name.as_str().to_owned(),
            name_en: text(&self.name_en),
            kind: self.kind.as_db().to_owned(),
            description: self.description.clone(),
            founded_year: number(self.founded_year.map(i64::from)),
            staff_size: number(self.staff_size.map(i64::from)),
            website: text(&self.website),
            contact_name: text(&self.contact_name),
            contact_phone: text(&self.contact_phone),
            contact_email: text(&self.contact_email),
        }
    }

    /// An http(s) address without spaces; `www.x.cn` is read as `https://www.x.cn`.
    fn website(raw: &str) -> Result<Option<String>, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let full = if raw.starts_with("http://") || raw.starts_with("https://") {
            raw.to_owned()
        } else {
            format!("https://{raw}")
        };
        let host = full.split("://").nth(1).unwrap_or_default();
        if full.len() > 300 || full.chars().any(char::is_whitespace) || !host.contains('.') {
            return Err("website_invalid");
        }
        Ok(Some(full))
    }

    /// Digits with the usual separators: 028-8888 6666, +86 138 0000 0000.
    fn phone(raw: &str) -> Result<Option<String>, &'static str> {
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if raw.is_empty() {
            return Ok(None);
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if raw
            .chars()
            .all(|c| c.is_ascii_digit() || "+()- ".contains(c))
            && (5..=20).contains(&digits)
            && raw.len() <= 30
        {
            Ok(Some(raw))
        } else {
            Err("phone_invalid")
        }
    }
}

/// A capability entry's figures as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresForm {
    pub level: String,
    pub monthly_capacity: String,
    pub lead_time_days: String,
}

/// A capability entry's figures, parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapabilityFigures {
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
}

impl CapabilityFigures {
    /// The form that shows these figures.
    pub fn to_form(&self) -> FiguresForm {
        FiguresForm {
            level: self.level.as_db().to_owned(),
            monthly_capacity: self.monthly_capacity.to_string(),
            lead_time_days: self.lead_time_days.to_string(),
        }
    }

    pub fn parse_form(form: &FiguresForm) -> Result<Self, Vec<(&'static str, &'static str)>> {
        Self::parse(&form.level, &form.monthly_capacity, &form.lead_time_days)
    }

    pub fn parse(
        level: &str,
        monthly_capacity: &str,
        lead_time_days: &str,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let level = ProductionLevel::from_db(level).map_err(|_| ("level", "required"));
        let (min, max) = bounds::MONTHLY_CAPACITY;
        let capacity =
            number::<i32>(monthly_capacity, min, max).map_err(|c| ("monthly_capacity", c));
        let (min, max) = bounds::LEAD_TIME_DAYS;
        let lead = number::<i32>(lead_time_days, min, max).map_err(|c| ("lead_time_days", c));
        match (level, capacity, lead) {
            (Ok(level), Ok(monthly_capacity), Ok(lead_time_days)) => Ok(Self {
                level,
                monthly_capacity,
                lead_time_days,
            }),
            (level, capacity, lead) => Err([level.err(), capacity.err(), lead.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// A certificate as listed for a capability, parsed (its expiry date is parsed by the caller,
/// which knows today's date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCertificate {
    pub kind: CertificateKind,
    pub other_name: Option<String>,
    pub number: String,
    pub issuer: String,
}

impl NewCertificate {
    pub fn parse(
        kind: &str,
        other_name: &str,
        number: &str,
        issuer: &str,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let kind = CertificateKind::from_db(kind).map_err(|_| errors.push(("kind", "required")));
        let other = optional(other_name, 100).map_err(|c| errors.push(("other_name", c)));
        let number = Name::parse(number, 100).map_err(|c| errors.push(("number", c)));
        let issuer = Name::parse(issuer, 200).map_err(|c| errors.push(("issuer", c)));
        let other_name = match (kind, other) {
            (Ok(CertificateKind::Other), Ok(None)) => {
                errors.push(("other_name", "required"));
                None
            }
            (Ok(CertificateKind::Other), Ok(name)) => name,
            _ => None,
        };
        match (kind, number, issuer) {
            (Ok(kind), Ok(number), Ok(issuer)) if errors.is_empty() => Ok(Self {
                kind,
                other_name,
                number: number.0,
                issuer: issuer.0,
            }),
            _ => Err(errors),
        }
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

    #[test]
    fn levels_are_ordered_and_at_least_includes_the_higher_ones() {
        assert!(ProductionLevel::Prototype < ProductionLevel::MassProduction);
        assert_eq!(
            ProductionLevel::SmallBatch.at_least(),
            vec![ProductionLevel::SmallBatch, ProductionLevel::MassProduction]
        );
        for level in ProductionLevel::ALL {
            assert_eq!(ProductionLevel::from_db(level.as_db()), Ok(*level));
        }
    }

    #[test]
    fn the_rung_comes_from_verification_then_valid_certificates() {
        assert_eq!(TrustRung::of(false, 0), TrustRung::SelfDeclared);
        assert_eq!(TrustRung::of(false, 1), TrustRung::CertificateListed);
        assert_eq!(TrustRung::of(true, 0), TrustRung::Verified);
        assert!(TrustRung::Verified > TrustRung::CertificateListed);
    }

    fn profile_form() -> ProfileForm {
        ProfileForm {
            name: "德阳东方精密传动有限公司".into(),
            kind: "manufacturer".into(),
            founded_year: "2008".into(),
            staff_size: "320".into(),
            website: "www.dfcd.cn".into(),
            contact_phone: "0838-222 3344".into(),
            contact_email: "Sales@DFCD.cn".into(),
            ..ProfileForm::default()
        }
    }

    #[test]
    fn a_profile_parses_with_its_optional_fields_normalised() {
        let profile = FirmProfile::parse(&profile_form(), 2026).expect("valid");
        assert_eq!(profile.website.as_deref(), Some("https://www.dfcd.cn"));
        assert_eq!(profile.contact_email.as_deref(), Some("sales@dfcd.cn"));
        assert_eq!(profile.founded_year, Some(2008));
        assert_eq!(profile.name_en, None);
    }

    #[test]
    fn every_bad_profile_field_is_named() {
        let form = ProfileForm {
            name: " ".into(),
            founded_year: "2030".into(),
            staff_size: "many".into(),
            website: "not a site".into(),
            contact_phone: "call me".into(),
            contact_email: "nobody".into(),
            description: "字".repeat(DESCRIPTION_MAX_CHARS + 1),
            ..profile_form()
        };
        let errors = FirmProfile::parse(&form, 2026).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "description",
                "founded_year",
                "staff_size",
                "website",
                "contact_phone",
                "contact_email"
            ]
        );
    }

    #[test]
    fn capability_figures_and_certificates_name_their_bad_fields() {
        assert_eq!(
            CapabilityFigures::parse("mass_production", "500", "30").map(|f| f.monthly_capacity),
            Ok(500)
        );
        assert_eq!(
            CapabilityFigures::parse("huge", "-1", ""),
            Err(vec![
                ("level", "required"),
                ("monthly_capacity", "out_of_range"),
                ("lead_time_days", "required")
            ])
        );
        assert_eq!(
            NewCertificate::parse("other", "", "No. 1", "CQC").expect_err("unnamed other"),
            vec![("other_name", "required")]
        );
        let named = NewCertificate::parse("iso9001", "ignored", "01 Q 1234", "中国质量认证中心")
            .expect("valid");
        assert_eq!(named.other_name, None);
    }
}
