//! The spreadsheet of firms, as both the import and the directory's export read and write it:
//! its columns (headed in Chinese or English), the words it uses for kinds and production
//! levels, how a cell of capabilities is written, and the problems a row can have.
//!
//! Reading and writing the file itself (encodings, separators, quoting) is in
//! `domain::spreadsheet`, which only the server compiles.

use serde::{Deserialize, Serialize};

use super::Lang;
use super::firm::{FirmKind, ProductionLevel};

/// The largest file an import takes (set on purpose: the server functions' own body limit does
/// not apply to a multipart upload, which is read as a stream). 5,000 firms with long
/// descriptions fit.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;

/// One column of the firms' spreadsheet. The order of `ALL` is the template's and the export's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    NameEn,
    CreditCode,
    City,
    Kind,
    Description,
    FoundedYear,
    StaffSize,
    Website,
    ContactName,
    ContactPhone,
    ContactEmail,
    Capabilities,
}

impl Column {
    pub const ALL: [Self; 13] = [
        Self::Name,
        Self::NameEn,
        Self::CreditCode,
        Self::City,
        Self::Kind,
        Self::Description,
        Self::FoundedYear,
        Self::StaffSize,
        Self::Website,
        Self::ContactName,
        Self::ContactPhone,
        Self::ContactEmail,
        Self::Capabilities,
    ];

    /// The columns a file must have: without them no row could be a firm.
    pub const REQUIRED: [Self; 2] = [Self::Name, Self::CreditCode];

    /// The key stored with a preview and named by the profile form's field errors.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::NameEn => "name_en",
            Self::CreditCode => "credit_code",
            Self::City => "city",
            Self::Kind => "kind",
            Self::Description => "description",
            Self::FoundedYear => "founded_year",
            Self::StaffSize => "staff_size",
            Self::Website => "website",
            Self::ContactName => "contact_name",
            Self::ContactPhone => "contact_phone",
            Self::ContactEmail => "contact_email",
            Self::Capabilities => "capabilities",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The column's heading in a language (the template's and the export's first row).
    pub fn header(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Self::Name => ("企业名称", "Name"),
            Self::NameEn => ("英文名称", "English name"),
            Self::CreditCode => ("统一社会信用代码", "Unified social credit code"),
            Self::City => ("所在城市", "City"),
            Self::Kind => ("机构类型", "Kind of organisation"),
            Self::Description => ("简介", "Description"),
            Self::FoundedYear => ("成立年份", "Year founded"),
            Self::StaffSize => ("员工人数", "Staff"),
            Self::Website => ("网站", "Website"),
            Self::ContactName => ("联系人", "Contact person"),
            Self::ContactPhone => ("联系电话", "Contact phone"),
            Self::ContactEmail => ("联系邮箱", "Contact email"),
            Self::Capabilities => ("能力", "Capabilities"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The column a heading names: its Chinese or English heading or its key, whatever the
    /// case, spaces, underscores and a required-field star (`统一社会信用代码 `, `CREDIT_CODE`,
    /// `*Name`).
    pub fn from_header(raw: &str) -> Option<Self> {
        let wanted = normalise_header(raw);
        Self::ALL.into_iter().find(|c| {
            [c.header(Lang::Zh), c.header(Lang::En), c.key()]
                .into_iter()
                .any(|h| normalise_header(h) == wanted)
        })
    }
}

fn normalise_header(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '*')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A kind of organisation as the spreadsheet writes it (the pages' words).
pub fn kind_label(kind: FirmKind, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        FirmKind::Manufacturer => ("制造企业", "Manufacturer"),
        FirmKind::ResearchInstitute => ("科研院所", "Research institute"),
        FirmKind::University => ("高等院校", "University"),
        FirmKind::Integrator => ("系统集成商", "System integrator"),
        FirmKind::ComponentSupplier => ("零部件供应商", "Component supplier"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A production level as the spreadsheet writes it (the pages' words).
pub fn level_label(level: ProductionLevel, lang: Lang) -> &'static str {
    let (zh, en) = match level {
        ProductionLevel::Prototype => ("样机试制", "Prototype"),
        ProductionLevel::SmallBatch => ("小批量", "Small batch"),
        ProductionLevel::MassProduction => ("批量生产", "Mass production"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn same_word(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A kind from its Chinese or English word or its stored value.
pub fn parse_kind(raw: &str) -> Option<FirmKind> {
    FirmKind::ALL.into_iter().find(|k| {
        same_word(raw, kind_label(*k, Lang::Zh))
            || same_word(raw, kind_label(*k, Lang::En))
            || same_word(raw, k.as_db())
    })
}

/// A production level from its Chinese or English word or its stored value.
pub fn parse_level(raw: &str) -> Option<ProductionLevel> {
    ProductionLevel::ALL.iter().copied().find(|l| {
        same_word(raw, level_label(*l, Lang::Zh))
            || same_word(raw, level_label(*l, Lang::En))
            || same_word(raw, l.as_db())
    })
}

/// One capability as a cell lists it: `谐波减速器（批量生产，2000/月，30天）` or
/// `Harmonic reducers (Mass production, 2000/month, 30 days)`. The details may be left out:
/// a bare name is a prototype with no stated capacity or lead time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapabilityCell {
    pub name: String,
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
}

/// Why a capability entry of a cell could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapabilityCellError {
    /// A detail in the brackets is none of a level, `N/月` or `N天`.
    Detail,
    /// A figure is out of its range (capacity up to 100,000,000 a month, lead up to 3,650 days).
    Figure,
}

/// The entries of a capabilities cell, split on `；`, `;` or line breaks.
pub fn parse_capabilities(
    cell: &str,
) -> Vec<Result<CapabilityCell, (String, CapabilityCellError)>> {
    cell.split([';', '；', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(parse_capability)
        .collect()
}

fn parse_capability(entry: &str) -> Result<CapabilityCell, (String, CapabilityCellError)> {
    // The details are the last bracket group closing the entry, so a name may hold brackets
    // of its own (`力/力矩传感器（六维）（批量生产）`).
    let closes = entry.ends_with([')', '）']);
    let (name, details) = match entry.rfind(['(', '（']).filter(|_| closes) {
        Some(open) => {
            let rest = &entry[open..];
            let inner = rest
                .trim_start_matches(['(', '（'])
                .trim_end()
                .trim_end_matches([')', '）']);
            (entry[..open].trim(), inner)
        }
        None => (entry.trim(), ""),
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cell = CapabilityCell {
        name: name.clone(),
        level: ProductionLevel::Prototype,
        monthly_capacity: 0,
        lead_time_days: 0,
    };
    let figure = |digits: &str, max: i32| -> Result<i32, (String, CapabilityCellError)> {
        let n: i64 = digits
            .trim()
            .replace([',', '，'], "")
            .parse()
            .map_err(|_| (name.clone(), CapabilityCellError::Detail))?;
        i32::try_from(n)
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or((name.clone(), CapabilityCellError::Figure))
    };
    for detail in details
        .split(['，', '、', ','])
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let lower = detail.to_lowercase();
        if let Some(level) = parse_level(detail) {
            cell.level = level;
        } else if let Some(n) = lower
            .strip_suffix("/月")
            .or_else(|| lower.strip_suffix("/month"))
            .or_else(|| lower.strip_suffix("per month"))
        {
            cell.monthly_capacity = figure(n, 100_000_000)?;
        } else if let Some(n) = lower
            .strip_suffix("天")
            .or_else(|| lower.strip_suffix("days"))
            .or_else(|| lower.strip_suffix("day"))
        {
            cell.lead_time_days = figure(n, 3650)?;
        } else {
            return Err((name, CapabilityCellError::Detail));
        }
    }
    Ok(cell)
}

/// A capability entry as a cell writes it (see [`CapabilityCell`]).
pub fn format_capability(
    name: &str,
    level: ProductionLevel,
    capacity: i32,
    lead: i32,
    lang: Lang,
) -> String {
    match lang {
        Lang::Zh => format!(
            "{name}（{}，{capacity}/月，{lead}天）",
            level_label(level, lang)
        ),
        Lang::En => format!(
            "{name} ({}, {capacity}/month, {lead} days)",
            level_label(level, lang)
        ),
    }
}

/// Entries joined as one cell.
pub fn join_capabilities(entries: &[String], lang: Lang) -> String {
    entries.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// What is wrong with one row, in the column it is about. The page turns `code` into words
/// in the reader's language; `value` is the part of the cell meant (a capability's name), and
/// `suggestions` or `line` say more where the code has more to say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub column: Column,
    /// `required`, `too_long`, `credit_code_length`, `credit_code_character`,
    /// `credit_code_check`, `credit_code_registered`, `credit_code_repeated`, `city_unknown`,
    /// `city_not_yours`, `kind_unknown`, `capability_unknown`, `capability_detail`,
    /// `capability_figure`, `capability_repeated`, and the profile form's codes
    /// (`not_a_number`, `out_of_range`, `website_invalid`, `phone_invalid`, `email_malformed`).
    pub code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// The closest taxonomy entries to an unknown capability.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<crate::domain::Bilingual>,
    /// The line of the file where the same firm appeared first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i32>,
}

impl RowProblem {
    pub fn new(column: Column, code: &str) -> Self {
        Self {
            column,
            code: code.to_owned(),
            value: String::new(),
            suggestions: Vec::new(),
            line: None,
        }
    }

    pub fn about(mut self, value: &str) -> Self {
        value.clone_into(&mut self.value);
        self
    }
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets an apostrophe in front when written, and loses it when read back.
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell as typed, without the apostrophe [`defuse_formula`] put in front.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_in_either_language_and_any_case() {
        assert_eq!(Column::from_header("企业名称"), Some(Column::Name));
        assert_eq!(Column::from_header("\u{feff}企业名称"), Some(Column::Name));
        assert_eq!(
            Column::from_header(" unified social CREDIT code "),
            Some(Column::CreditCode)
        );
        assert_eq!(Column::from_header("credit_code"), Some(Column::CreditCode));
        assert_eq!(Column::from_header("所在城市"), Some(Column::City));
        assert_eq!(Column::from_header("注册资本"), None);
        for column in Column::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(Column::from_header(column.header(lang)), Some(column));
            }
            assert_eq!(Column::from_key(column.key()), Some(column));
        }
    }

    #[test]
    fn a_capability_cell_reads_what_it_writes_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let written = join_capabilities(
                &[
                    format_capability(
                        "谐波减速器",
                        ProductionLevel::MassProduction,
                        2000,
                        30,
                        lang,
                    ),
                    format_capability("Servo motors", ProductionLevel::SmallBatch, 0, 7, lang),
                ],
                lang,
            );
            let read = parse_capabilities(&written);
            assert_eq!(
                read,
                vec![
                    Ok(CapabilityCell {
                        name: "谐波减速器".into(),
                        level: ProductionLevel::MassProduction,
                        monthly_capacity: 2000,
                        lead_time_days: 30,
                    }),
                    Ok(CapabilityCell {
                        name: "Servo motors".into(),
                        level: ProductionLevel::SmallBatch,
                        monthly_capacity: 0,
                        lead_time_days: 7,
                    }),
                ]
            );
        }
    }

    #[test]
    fn a_bare_name_is_a_prototype_and_a_bad_detail_is_refused() {
        assert_eq!(
            parse_capabilities("伺服电机；；\n 灵巧手 (小批量)"),
            vec![
                Ok(CapabilityCell {
                    name: "伺服电机".into(),
                    level: ProductionLevel::Prototype,
                    monthly_capacity: 0,
                    lead_time_days: 0,
                }),
                Ok(CapabilityCell {
                    name: "灵巧手".into(),
                    level: ProductionLevel::SmallBatch,
                    monthly_capacity: 0,
                    lead_time_days: 0,
                }),
            ]
        );
        assert_eq!(
            parse_capabilities("力/力矩传感器（六维）（小批量）；视觉传感器（3D）"),
            vec![
                Ok(CapabilityCell {
                    name: "力/力矩传感器（六维）".into(),
                    level: ProductionLevel::SmallBatch,
                    monthly_capacity: 0,
                    lead_time_days: 0,
                }),
                Err(("视觉传感器".into(), CapabilityCellError::Detail)),
            ]
        );
        assert_eq!(
            parse_capabilities("伺服电机（很多）"),
            vec![Err(("伺服电机".into(), CapabilityCellError::Detail))]
        );
        assert_eq!(
            parse_capabilities("伺服电机（5000天）"),
            vec![Err(("伺服电机".into(), CapabilityCellError::Figure))]
        );
    }

    #[test]
    fn kinds_and_levels_are_read_in_either_language() {
        assert_eq!(parse_kind("科研院所"), Some(FirmKind::ResearchInstitute));
        assert_eq!(parse_kind("system integrator"), Some(FirmKind::Integrator));
        assert_eq!(parse_kind("manufacturer"), Some(FirmKind::Manufacturer));
        assert_eq!(parse_kind("银行"), None);
        assert_eq!(
            parse_level("批量生产"),
            Some(ProductionLevel::MassProduction)
        );
        assert_eq!(
            parse_level("small_batch"),
            Some(ProductionLevel::SmallBatch)
        );
    }

    #[test]
    fn the_spreadsheet_uses_the_pages_words() {
        let zh: serde_json::Value =
            serde_json::from_str(include_str!("../../locales/zh-CN.json")).unwrap_or_default();
        let en: serde_json::Value =
            serde_json::from_str(include_str!("../../locales/en.json")).unwrap_or_default();
        for kind in FirmKind::ALL {
            let key = format!("kind_{}", kind.as_db());
            assert_eq!(zh[&key], kind_label(kind, Lang::Zh), "{key}");
            assert_eq!(en[&key], kind_label(kind, Lang::En), "{key}");
        }
        for level in ProductionLevel::ALL {
            let key = format!("level_{}", level.as_db());
            assert_eq!(zh[&key], level_label(*level, Lang::Zh), "{key}");
            assert_eq!(en[&key], level_label(*level, Lang::En), "{key}");
        }
    }

    #[test]
    fn formula_cells_are_defused_and_restored() {
        for cell in ["=1+2", "+86 138", "-3", "@SUM(A1)", "\tx", "\rx"] {
            let written = defuse_formula(cell);
            assert!(written.starts_with('\''), "{cell:?}");
            assert_eq!(restore_formula(&written), cell);
        }
        assert_eq!(defuse_formula("成都"), "成都");
        assert_eq!(restore_formula("'成都"), "'成都");
    }
}
