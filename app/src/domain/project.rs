//! R&D projects: what a bureau posts, its lifecycle, its sourcing needs, and the forms that
//! create and change them. Pure: parsed here, stored by `db::projects`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::city::CityCode;
use super::firm::{
    CertificateKind, Name, ProductionLevel, db_enum, field, number, optional, optional_number,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProjectId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NeedId(pub i64);

db_enum! {
    /// The research stages of the alliance's model, from an idea to a product line.
    ResearchStage {
        Achievement => "achievement",
        Incubation => "incubation",
        Maturation => "maturation",
        Expansion => "expansion",
    }
}

db_enum! {
    /// Where a project is in its life.
    ProjectStatus {
        Draft => "draft",
        Open => "open",
        InExecution => "in_execution",
        Completed => "completed",
        Cancelled => "cancelled",
    }
}

db_enum! {
    /// A sourcing need: open for matching, filled by a firm, or closed unfilled.
    NeedStatus {
        Open => "open",
        Filled => "filled",
        Closed => "closed",
    }
}

db_enum! {
    /// "Robot+" application scenarios a project serves.
    Scenario {
        Automotive => "automotive",
        Electronics => "electronics",
        Logistics => "logistics",
        Agriculture => "agriculture",
        Medical => "medical",
        ElderlyCare => "elderly_care",
        Inspection => "inspection",
        Education => "education",
        Household => "household",
    }
}

db_enum! {
    /// Where a project's money comes from.
    FundingSource {
        CityFund => "city",
        ProvincialSubsidy => "province",
        InvestmentFund => "investment",
        OwnFunds => "own",
    }
}

impl ProjectStatus {
    /// Whether the lifecycle goes from `self` to `to` in one step. Everything else is refused.
    pub fn may_become(self, to: Self) -> bool {
        use ProjectStatus::*;
        matches!(
            (self, to),
            (Draft, Open)
                | (Draft, Cancelled)
                | (Open, InExecution)
                | (Open, Cancelled)
                | (InExecution, Completed)
                | (InExecution, Cancelled)
        )
    }

    /// The content (fields and needs) may still change: not once the project has ended.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Open | Self::InExecution)
    }

    /// The statuses a project can reach from this one.
    pub fn next(self) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|to| self.may_become(*to))
            .collect()
    }
}

/// What a transition needs to know about the project besides its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectFacts {
    pub has_summary: bool,
    pub open_needs: usize,
}

/// Checks a lifecycle step; `Err` holds the conflict code the page turns into words.
pub fn check_transition(
    from: ProjectStatus,
    to: ProjectStatus,
    facts: ProjectFacts,
) -> Result<(), &'static str> {
    if !from.may_become(to) {
        return Err("transition_forbidden");
    }
    if to == ProjectStatus::Open {
        if !facts.has_summary {
            return Err("publish_needs_summary");
        }
        if facts.open_needs == 0 {
            return Err("publish_needs_need");
        }
    }
    Ok(())
}

/// The largest amount a form takes, in 万元 (one trillion yuan).
const MAX_WAN: i64 = super::firm::bounds::WAN.1;

/// An amount in 万元 as typed ("150", "150.5", up to four decimals: whole yuan) as yuan.
/// Empty is zero: a source that gives nothing is left blank.
pub fn parse_wan(raw: &str) -> Result<i64, &'static str> {
    let raw = raw.trim().replace([',', '，'], "");
    if raw.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = raw.split_once('.').unwrap_or((&raw, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || raw.ends_with('.') {
        return Err("not_a_number");
    }
    if fraction.len() > 4 {
        return Err("too_precise");
    }
    let whole: i64 = whole.parse().map_err(|_| "out_of_range")?;
    if whole > MAX_WAN {
        return Err("out_of_range");
    }
    let fraction: i64 = format!("{fraction:0<4}").parse().unwrap_or(0);
    Ok(whole * 10_000 + fraction)
}

/// Yuan shown in 万元, without trailing zeros: 1_505_000 is "150.5".
pub fn format_wan(yuan: i64) -> String {
    let (whole, fraction) = (yuan / 10_000, yuan % 10_000);
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{fraction:04}").trim_end_matches('0'))
    }
}

/// An amount in whole yuan with thousands separators, as English readers write it:
/// 1505000 yuan is "1,505,000" (fractions of a yuan are never stored).
pub fn format_yuan_grouped(yuan: i64) -> String {
    let digits = yuan.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if yuan < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

pub const TITLE_MAX_CHARS: usize = 100;
pub const SUMMARY_MAX_CHARS: usize = 500;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const NOTE_MAX_CHARS: usize = 500;

/// The project form as typed, before parsing: what a refused form shows again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub category_id: String,
    pub stage: String,
    pub lead_firm_id: String,
    pub lead_institution: String,
    pub fund_city: String,
    pub fund_province: String,
    pub fund_investment: String,
    pub fund_own: String,
    pub starts_on: String,
    pub ends_on: String,
    pub responsible_id: String,
    pub scenarios: Vec<String>,
}

/// The fields of the project form, in the order the form shows them.
pub const PROJECT_FIELDS: [&str; 15] = [
    "title",
    "summary",
    "description",
    "category_id",
    "stage",
    "lead_firm_id",
    "lead_institution",
    "fund_city",
    "fund_province",
    "fund_investment",
    "fund_own",
    "starts_on",
    "ends_on",
    "responsible_id",
    "scenarios",
];

/// A project's own content, parsed (the city and the status are not the form's to set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProject {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub category_id: i64,
    pub stage: ResearchStage,
    pub lead_firm_id: Option<i64>,
    pub lead_institution: Option<String>,
    /// Yuan per source, in the order of [`FundingSource::ALL`].
    pub funds: [i64; 4],
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub responsible_id: i64,
    pub scenarios: Vec<Scenario>,
}

/// Text that keeps its line breaks: ends trimmed, Windows line ends made plain.
pub(crate) fn long_text(raw: &str, max_chars: usize) -> Result<String, &'static str> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.chars().count() > max_chars {
        Err("too_long")
    } else {
        Ok(text)
    }
}

pub(crate) fn optional_date(raw: &str) -> Result<Option<NaiveDate>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| "date_invalid"),
    }
}

fn id(raw: &str) -> Result<i64, &'static str> {
    number::<i64>(raw, 1, i64::MAX)
}

impl NewProject {
    /// Every field is checked; `Err` lists each bad field with the code the form shows.
    pub fn parse(form: &ProjectForm) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let title = field(e, "title", Name::parse(&form.title, TITLE_MAX_CHARS));
        let summary = field(e, "summary", long_text(&form.summary, SUMMARY_MAX_CHARS));
        let description = field(
            e,
            "description",
            long_text(&form.description, DESCRIPTION_MAX_CHARS),
        );
        let category_id = field(e, "category_id", id(&form.category_id));
        let stage = field(
            e,
            "stage",
            ResearchStage::from_db(form.stage.trim()).map_err(|_| "required"),
        );
        let lead_firm_id = field(
            e,
            "lead_firm_id",
            optional_number::<i64>(&form.lead_firm_id, 1, i64::MAX),
        );
        let lead_institution = field(e, "lead_institution", optional(&form.lead_institution, 100));
        if let (Some(Some(_)), Some(Some(_))) = (&lead_firm_id, &lead_institution) {
            e.push(("lead_institution", "lead_both"));
        }
        let raw_funds = [
            ("fund_city", &form.fund_city),
            ("fund_province", &form.fund_province),
            ("fund_investment", &form.fund_investment),
            ("fund_own", &form.fund_own),
        ];
        let mut funds = [0_i64; 4];
        for (slot, (name, raw)) in funds.iter_mut().zip(raw_funds) {
            if let Some(yuan) = field(e, name, parse_wan(raw)) {
                *slot = yuan;
            }
        }
        let starts_on = field(e, "starts_on", optional_date(&form.starts_on));
        let ends_on = field(e, "ends_on", optional_date(&form.ends_on));
        if let (Some(Some(start)), Some(Some(end))) = (starts_on, ends_on)
            && end < start
        {
            e.push(("ends_on", "date_order"));
        }
        let responsible_id = field(e, "responsible_id", id(&form.responsible_id));
        let mut scenarios = BTreeSet::new();
        for raw in &form.scenarios {
            match Scenario::from_db(raw.trim()) {
                Ok(s) => {
                    scenarios.insert(s);
                }
                Err(_) => e.push(("scenarios", "invalid")),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            title,
            summary,
            description,
            category_id,
            stage,
            lead_firm_id,
            lead_institution,
            starts_on,
            ends_on,
            responsible_id,
        ) {
            (
                Some(title),
                Some(summary),
                Some(description),
                Some(category_id),
                Some(stage),
                Some(lead_firm_id),
                Some(lead_institution),
                Some(starts_on),
                Some(ends_on),
                Some(responsible_id),
            ) => Ok(Self {
                title: title.as_str().to_owned(),
                summary,
                description,
                category_id,
                stage,
                lead_firm_id,
                lead_institution,
                funds,
                starts_on,
                ends_on,
                responsible_id,
                scenarios: scenarios.into_iter().collect(),
            }),
            _ => Err(vec![("request", "invalid")]),
        }
    }

    /// The project's budget: the sum of its sources.
    pub fn budget(&self) -> i64 {
        self.funds.iter().sum()
    }

    /// The form that shows this content (an edit form starts from it).
    pub fn to_form(&self) -> ProjectForm {
        let wan = |yuan: i64| {
            if yuan == 0 {
                String::new()
            } else {
                format_wan(yuan)
            }
        };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        ProjectForm {
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            category_id: self.category_id.to_string(),
            stage: self.stage.as_db().to_owned(),
            lead_firm_id: self.lead_firm_id.map(|i| i.to_string()).unwrap_or_default(),
            lead_institution: self.lead_institution.clone().unwrap_or_default(),
            fund_city: wan(self.funds[0]),
            fund_province: wan(self.funds[1]),
            fund_investment: wan(self.funds[2]),
            fund_own: wan(self.funds[3]),
            starts_on: date(self.starts_on),
            ends_on: date(self.ends_on),
            responsible_id: self.responsible_id.to_string(),
            scenarios: self
                .scenarios
                .iter()
                .map(|s| s.as_db().to_owned())
                .collect(),
        }
    }
}

/// A sourcing need as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedForm {
    pub capability_id: String,
    pub level: String,
    pub quantity: String,
    pub certificates: Vec<String>,
    pub preferred_cities: Vec<String>,
    pub note: String,
}

pub const NEED_FIELDS: [&str; 6] = [
    "capability_id",
    "level",
    "quantity",
    "certificates",
    "preferred_cities",
    "note",
];

/// A sourcing need, parsed (whether its capability and cities exist is the database's to say).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNeed {
    pub capability_id: i64,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: Vec<CertificateKind>,
    pub preferred_cities: Vec<CityCode>,
    pub note: String,
}

impl NewNeed {
    /// Whether a change from `self` to `other` touches what invited firms answered for: the
    /// capability, the level or the quantity.
    pub fn differs_for_invited(&self, other: &Self) -> bool {
        (self.capability_id, self.level, self.quantity)
            != (other.capability_id, other.level, other.quantity)
    }

    /// Whether `self` asks for what `other` already asks for: the same capability at the same
    /// level from the same preferred cities (a project lists each such need once).
    pub fn duplicates(&self, other: &Self) -> bool {
        (self.capability_id, self.level, &self.preferred_cities)
            == (other.capability_id, other.level, &other.preferred_cities)
    }

    /// The form that shows this need (sorted lists, as a parse leaves them).
    pub fn to_form(&self) -> NeedForm {
        NeedForm {
            capability_id: self.capability_id.to_string(),
            level: self.level.as_db().to_owned(),
            quantity: self.quantity.to_string(),
            certificates: self
                .certificates
                .iter()
                .map(|c| c.as_db().to_owned())
                .collect(),
            preferred_cities: self
                .preferred_cities
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            note: self.note.clone(),
        }
    }

    pub fn parse(form: &NeedForm) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let capability_id = field(e, "capability_id", id(&form.capability_id));
        let level = field(
            e,
            "level",
            ProductionLevel::from_db(form.level.trim()).map_err(|_| "required"),
        );
        let (min, max) = super::firm::bounds::NEED_QUANTITY;
        let quantity = field(e, "quantity", number::<i32>(&form.quantity, min, max));
        let mut certificates = BTreeSet::new();
        for raw in &form.certificates {
            match CertificateKind::from_db(raw.trim()) {
                // "Other" names no certificate a need could require.
                Ok(CertificateKind::Other) | Err(_) => e.push(("certificates", "invalid")),
                Ok(kind) => {
                    certificates.insert(kind);
                }
            }
        }
        let mut cities = BTreeSet::new();
        for raw in &form.preferred_cities {
            match CityCode::parse(raw.trim()) {
                Ok(city) => {
                    cities.insert(city);
                }
                Err(_) => e.push(("preferred_cities", "invalid")),
            }
        }
        let note = field(e, "note", long_text(&form.note, NOTE_MAX_CHARS));
        match (capability_id, level, quantity, note) {
            (Some(capability_id), Some(level), Some(quantity), Some(note)) if errors.is_empty() => {
                Ok(Self {
                    capability_id,
                    level,
                    quantity,
                    certificates: certificates.into_iter().collect(),
                    preferred_cities: cities.into_iter().collect(),
                    note,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A project's content at one version: its fields and its needs. Two versions are compared
/// field by field to tell an editor whose save was refused what changed meanwhile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectContent {
    pub project: NewProject,
    pub needs: Vec<(NeedId, NewNeed)>,
}

impl ProjectContent {
    /// The form fields (and `needs`) whose values differ between `self` and `other`.
    pub fn changed_fields(&self, other: &Self) -> Vec<&'static str> {
        let (a, b) = (self.project.to_form(), other.project.to_form());
        let pairs: [(&'static str, bool); 15] = [
            ("title", a.title != b.title),
            ("summary", a.summary != b.summary),
            ("description", a.description != b.description),
            ("category_id", a.category_id != b.category_id),
            ("stage", a.stage != b.stage),
            ("lead_firm_id", a.lead_firm_id != b.lead_firm_id),
            ("lead_institution", a.lead_institution != b.lead_institution),
            ("fund_city", a.fund_city != b.fund_city),
            ("fund_province", a.fund_province != b.fund_province),
            ("fund_investment", a.fund_investment != b.fund_investment),
            ("fund_own", a.fund_own != b.fund_own),
            ("starts_on", a.starts_on != b.starts_on),
            ("ends_on", a.ends_on != b.ends_on),
            ("responsible_id", a.responsible_id != b.responsible_id),
            ("scenarios", a.scenarios != b.scenarios),
        ];
        let mut changed: Vec<&'static str> = pairs
            .into_iter()
            .filter(|(_, differs)| *differs)
            .map(|(name, _)| name)
            .collect();
        if self.needs != other.needs {
            changed.push("needs");
        }
        changed
    }
}

/// Projects per page of a list.
pub const PAGE_SIZE: i64 = 20;
/// The last page anyone can ask for.
pub const MAX_PAGE: i64 = 500;

db_enum! {
    /// How a list of projects is ordered.
    ProjectSort {
        Updated => "updated",
        Title => "title",
        Ending => "ending",
        Budget => "budget",
    }
}

super::list_params! {
    /// A project list's filters.
    ProjectParams { q, city, stage, segment, status, capability, sort, page }
}

/// A project list's filters, parsed. Parsing never fails: an unknown value is dropped (the page
/// shows that filter unset), so a shared link always opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectQuery {
    /// What the text looks for (see `domain::search`); empty: no text filter.
    pub terms: Vec<String>,
    pub city: Option<CityCode>,
    pub stage: Option<ResearchStage>,
    pub status: Option<ProjectStatus>,
    pub category: Option<i64>,
    pub capability: Option<i64>,
    pub sort: ProjectSort,
    /// 1-based.
    pub page: i64,
}

impl ProjectQuery {
    pub fn parse(params: &ProjectParams) -> Self {
        let text: String = params.q.trim().chars().take(100).collect();
        let id = |raw: &str| raw.trim().parse::<i64>().ok().filter(|n| *n > 0);
        Self {
            terms: super::search::query_terms(&text),
            city: CityCode::parse(params.city.trim()).ok(),
            stage: ResearchStage::from_db(params.stage.trim()).ok(),
            status: ProjectStatus::from_db(params.status.trim()).ok(),
            category: id(&params.segment),
            capability: id(&params.capability),
            sort: ProjectSort::from_db(params.sort.trim()).unwrap_or(ProjectSort::Updated),
            page: id(&params.page).unwrap_or(1).min(MAX_PAGE),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * PAGE_SIZE
    }

    /// Whether anything narrows the list (an empty result then says what to loosen).
    pub fn is_narrowed(&self) -> bool {
        !self.terms.is_empty()
            || self.city.is_some()
            || self.stage.is_some()
            || self.status.is_some()
            || self.category.is_some()
            || self.capability.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> ProjectForm {
        ProjectForm {
            title: " 人形机器人 关节模组 ".into(),
            summary: "研发一体化关节。".into(),
            description: "第一行\r\n第二行".into(),
            category_id: "3".into(),
            stage: "incubation".into(),
            lead_firm_id: String::new(),
            lead_institution: "四川大学".into(),
            fund_city: "150.5".into(),
            fund_province: "".into(),
            fund_investment: "1,000".into(),
            fund_own: "0.0001".into(),
            starts_on: "2027-01-01".into(),
            ends_on: "2027-12-31".into(),
            responsible_id: "7".into(),
            scenarios: vec!["medical".into(), "automotive".into(), "medical".into()],
        }
    }

    #[test]
    fn a_need_duplicates_another_of_the_same_capability_level_and_cities() {
        let need = |capability: &str, level: &str, cities: &[&str]| {
            NewNeed::parse(&NeedForm {
                capability_id: capability.into(),
                level: level.into(),
                quantity: "10".into(),
                certificates: vec![],
                preferred_cities: cities.iter().map(|c| (*c).to_owned()).collect(),
                note: String::new(),
            })
            .unwrap_or_else(|e| panic!("{e:?}"))
        };
        let first = need("3", "small_batch", &["deyang", "ziyang"]);
        assert!(first.duplicates(&need("3", "small_batch", &["ziyang", "deyang"])));
        assert!(!first.duplicates(&need("3", "prototype", &["deyang", "ziyang"])));
        assert!(!first.duplicates(&need("4", "small_batch", &["deyang", "ziyang"])));
        assert!(!first.duplicates(&need("3", "small_batch", &["deyang"])));
    }

    #[test]
    fn english_amounts_are_whole_yuan_grouped_by_thousands() {
        assert_eq!(format_yuan_grouped(0), "0");
        assert_eq!(format_yuan_grouped(999), "999");
        assert_eq!(format_yuan_grouped(1_000), "1,000");
        assert_eq!(format_yuan_grouped(1_505_000), "1,505,000");
        assert_eq!(format_yuan_grouped(120_000_000), "120,000,000");
        assert_eq!(format_yuan_grouped(-12_345), "-12,345");
    }

    #[test]
    fn a_complete_form_parses_with_its_amounts_in_yuan() {
        let p = NewProject::parse(&form()).expect("valid");
        assert_eq!(p.title, "人形机器人 关节模组");
        assert_eq!(p.description, "第一行\n第二行");
        assert_eq!(p.funds, [1_505_000, 0, 10_000_000, 1]);
        assert_eq!(p.budget(), 11_505_001);
        assert_eq!(p.scenarios, vec![Scenario::Automotive, Scenario::Medical]);
        assert_eq!(p.lead_institution.as_deref(), Some("四川大学"));
    }

    #[test]
    fn every_bad_field_is_named_with_its_code() {
        let bad = ProjectForm {
            title: "  ".into(),
            stage: "someday".into(),
            category_id: "x".into(),
            lead_firm_id: "12".into(),
            fund_city: "-5".into(),
            fund_province: "1.23456".into(),
            starts_on: "2027-05-01".into(),
            ends_on: "2027-04-30".into(),
            responsible_id: String::new(),
            scenarios: vec!["space".into()],
            ..form()
        };
        let errors = NewProject::parse(&bad).expect_err("invalid");
        for expected in [
            ("title", "required"),
            ("stage", "required"),
            ("category_id", "not_a_number"),
            ("lead_institution", "lead_both"),
            ("fund_city", "not_a_number"),
            ("fund_province", "too_precise"),
            ("ends_on", "date_order"),
            ("responsible_id", "required"),
            ("scenarios", "invalid"),
        ] {
            assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
        }
    }

    #[test]
    fn the_lifecycle_allows_only_its_steps() {
        use ProjectStatus::*;
        let ready = ProjectFacts {
            has_summary: true,
            open_needs: 1,
        };
        let allowed = [
            (Draft, Open),
            (Draft, Cancelled),
            (Open, InExecution),
            (Open, Cancelled),
            (InExecution, Completed),
            (InExecution, Cancelled),
        ];
        for from in ProjectStatus::ALL {
            for to in ProjectStatus::ALL {
                let expected = allowed.contains(&(*from, *to));
                assert_eq!(
                    check_transition(*from, *to, ready).is_ok(),
                    expected,
                    "{from:?} -> {to:?}"
                );
            }
        }
        let no_summary = ProjectFacts {
            has_summary: false,
            ..ready
        };
        assert_eq!(
            check_transition(Draft, Open, no_summary),
            Err("publish_needs_summary")
        );
        let no_need = ProjectFacts {
            open_needs: 0,
            ..ready
        };
        assert_eq!(
            check_transition(Draft, Open, no_need),
            Err("publish_needs_need")
        );
        assert!(!Completed.editable() && !Cancelled.editable() && Open.editable());
    }

    #[test]
    fn a_need_names_known_certificates_and_well_formed_cities() {
        let need = NeedForm {
            capability_id: "4".into(),
            level: "small_batch".into(),
            quantity: "200".into(),
            certificates: vec!["iso9001".into(), "iso9001".into()],
            preferred_cities: vec!["deyang".into(), "ziyang".into()],
            note: " 交期三个月 ".into(),
        };
        let parsed = NewNeed::parse(&need).expect("valid");
        assert_eq!(parsed.certificates, vec![CertificateKind::Iso9001]);
        assert_eq!(parsed.preferred_cities.len(), 2);
        assert_eq!(parsed.note, "交期三个月");
        let bad = NeedForm {
            quantity: "0".into(),
            certificates: vec!["other".into()],
            preferred_cities: vec!["Deyang!".into()],
            level: String::new(),
            ..need
        };
        let errors = NewNeed::parse(&bad).expect_err("invalid");
        assert!(errors.contains(&("quantity", "out_of_range")));
        assert!(errors.contains(&("certificates", "invalid")));
        assert!(errors.contains(&("preferred_cities", "invalid")));
        assert!(errors.contains(&("level", "required")));
    }

    #[test]
    fn changed_fields_name_exactly_what_differs() {
        let base = ProjectContent {
            project: NewProject::parse(&form()).expect("valid"),
            needs: Vec::new(),
        };
        let mut other = base.clone();
        assert!(base.changed_fields(&other).is_empty());
        other.project.title = "新标题".into();
        other.project.funds[3] = 0;
        assert_eq!(base.changed_fields(&other), vec!["title", "fund_own"]);
    }

    #[test]
    fn a_list_url_never_fails_and_drops_what_it_does_not_know() {
        let q = ProjectQuery::parse(&ProjectParams {
            q: " 减速器 ".into(),
            city: "deyang".into(),
            stage: "someday".into(),
            status: "open".into(),
            segment: "-3".into(),
            capability: "12".into(),
            sort: "budget".into(),
            page: "9999".into(),
        });
        assert!(!q.terms.is_empty());
        assert_eq!(q.city.as_ref().map(CityCode::as_str), Some("deyang"));
        assert_eq!(q.stage, None);
        assert_eq!(q.status, Some(ProjectStatus::Open));
        assert_eq!((q.category, q.capability), (None, Some(12)));
        assert_eq!(q.sort, ProjectSort::Budget);
        assert_eq!(q.page, MAX_PAGE);
        let plain = ProjectQuery::parse(&ProjectParams::default());
        assert!(!plain.is_narrowed());
        assert_eq!((plain.page, plain.offset()), (1, 0));
    }

    proptest! {
        #[test]
        fn amounts_round_trip_through_the_form(yuan in 0_i64..=MAX_WAN * 10_000) {
            prop_assert_eq!(parse_wan(&format_wan(yuan)), Ok(yuan));
        }

        #[test]
        fn a_parsed_project_round_trips_through_its_form(
            fund in 0_i64..1_000_000_000,
            days in 0_i64..3000,
            picks in proptest::collection::vec(0_usize..9, 0..5),
        ) {
            let mut f = form();
            f.fund_city = format_wan(fund);
            f.ends_on = (NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date") + chrono::Days::new(days.unsigned_abs())).to_string();
            f.scenarios = picks.iter().map(|i| Scenario::ALL[*i].as_db().to_owned()).collect();
            let parsed = NewProject::parse(&f).expect("valid");
            prop_assert_eq!(NewProject::parse(&parsed.to_form()), Ok(parsed));
        }
    }
}
