//! Spreadsheets as files: reading a CSV as Excel or WPS save it in China, checking its rows of
//! firms, and writing a CSV that Excel opens cleanly. Pure (no I/O); the server only, so the
//! CSV and encoding crates stay out of the WebAssembly.
//!
//! Reading: UTF-8 with or without its byte-order mark, UTF-16 with one (Excel's "Unicode
//! text"), else GB18030 (which GBK files are); commas or tabs, whichever the header line has
//! more of; quoted cells may hold separators, quotes and line breaks. Writing: UTF-8 with a
//! byte-order mark (without it Excel reads Chinese as GBK and garbles it), CRLF line ends, and
//! every cell a spreadsheet would run as a formula defused (`domain::firm_import`).

use std::collections::{BTreeMap, HashMap};

use super::city::{City, CityCode};
use super::credit_code::CreditCode;
use super::firm::{CapabilityFigures, FirmProfile, ProfileForm};
use super::firm_import::{
    CapabilityCellError, Column, RowProblem, defuse_formula, format_capability, join_capabilities,
    kind_label, parse_capabilities, parse_kind, restore_formula,
};
use super::taxonomy::CapabilityId;
use super::{Bilingual, Lang};

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 10_000;

/// How the file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8Bom,
    Utf8,
    Utf16,
    Gb18030,
}

impl Encoding {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Utf8Bom => "utf-8-bom",
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Gb18030 => "gb18030",
        }
    }
}

/// What separates the cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

impl Delimiter {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Comma => "comma",
            Self::Tab => "tab",
        }
    }

    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Tab => b'\t',
        }
    }
}

/// Why a whole file was refused; `code` is what the page turns into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// Neither UTF-8, UTF-16 nor GB18030.
    Encoding,
    /// Quotes that never close, or nothing readable.
    Malformed,
    /// No header, or a header and no row.
    Empty,
    /// The header lacks a column every row needs.
    ColumnsMissing,
    /// Two columns of the header mean the same.
    ColumnRepeated,
    TooManyRows,
}

impl SheetError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Encoding => "file_encoding",
            Self::Malformed => "file_malformed",
            Self::Empty => "file_empty",
            Self::ColumnsMissing => "file_columns_missing",
            Self::ColumnRepeated => "file_column_repeated",
            Self::TooManyRows => "file_too_many_rows",
        }
    }
}

/// What a character that cannot be stored (NUL) becomes in a cell read from a file.
pub const UNSTORABLE_MARK: &str = "\u{FFFD}";

/// One row of the file: the line it starts on and its cells by column (as typed, ends trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub line: i32,
    pub cells: BTreeMap<Column, String>,
}

impl SheetRow {
    pub fn cell(&self, column: Column) -> &str {
        self.cells.get(&column).map_or("", String::as_str)
    }
}

/// A file, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    /// The known columns, in the file's order.
    pub columns: Vec<Column>,
    /// Headings the platform does not know (their cells are ignored).
    pub unknown_columns: Vec<String>,
    pub rows: Vec<SheetRow>,
}

fn decode(bytes: &[u8]) -> Result<(String, Encoding), SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map(|text| (text, Encoding::Utf8Bom))
            .map_err(|_| SheetError::Encoding);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, malformed) = encoding_rs::UTF_16LE.decode(bytes);
        return if malformed {
            Err(SheetError::Encoding)
        } else {
            Ok((text.into_owned(), Encoding::Utf16))
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), Encoding::Gb18030))
        .ok_or(SheetError::Encoding)
}

/// Tabs when the header line has more tabs than commas (outside quotes).
fn sniff_delimiter(text: &str) -> Delimiter {
    let (mut commas, mut tabs, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => commas += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas {
        Delimiter::Tab
    } else {
        Delimiter::Comma
    }
}

/// Reads a file of firms: its encoding, separator, header and rows. Rows with no cell filled
/// are skipped (spreadsheets leave them at the end).
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(SheetError::Empty),
        Err(_) => return Err(SheetError::Malformed),
    }
    let mut positions: Vec<Option<Column>> = Vec::new();
    let mut unknown_columns = Vec::new();
    for heading in &record {
        let column = Column::from_header(heading);
        match column {
            Some(c) if positions.contains(&Some(c)) => return Err(SheetError::ColumnRepeated),
            Some(_) => {}
            None if heading.trim().is_empty() => {}
            None => unknown_columns.push(heading.trim().to_owned()),
        }
        positions.push(column);
    }
    if Column::REQUIRED
        .iter()
        .any(|required| !positions.contains(&Some(*required)))
    {
        return Err(SheetError::ColumnsMissing);
    }
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let (mut newlines, mut counted) = (0_usize, 0_usize);
    loop {
        // Where the reader stands is where the previous record ended: past the line breaks
        // after it is where this one starts, and the breaks before that give its line.
        let mut start = usize::try_from(reader.position().byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(SheetError::Malformed),
        }
        newlines += bytes[counted.min(start)..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = start;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        let line = i32::try_from(newlines + 1).unwrap_or(i32::MAX);
        let cells = positions
            .iter()
            .zip(record.iter())
            .filter_map(|(column, cell)| {
                let cell = restore_formula(cell.trim());
                // PostgreSQL cannot store a NUL: it becomes the replacement character, which
                // the row's check reports in its column.
                column.map(|c| (c, cell.replace('\0', UNSTORABLE_MARK)))
            })
            .filter(|(_, cell)| !cell.is_empty())
            .collect();
        rows.push(SheetRow { line, cells });
    }
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(Sheet {
        encoding,
        delimiter,
        columns: positions.into_iter().flatten().collect(),
        unknown_columns,
        rows,
    })
}

/// A taxonomy entry a row may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxonomyEntry {
    pub id: CapabilityId,
    pub zh: String,
    pub en: String,
}

/// What the rows are checked against.
pub struct Reference<'a> {
    /// The importing official's city (every row's firm belongs to it); `None` for the admin.
    pub importer_city: Option<&'a CityCode>,
    pub cities: &'a [City],
    /// The taxonomy's current (not retired) entries.
    pub capabilities: &'a [TaxonomyEntry],
    /// The credit codes of approved firms, with their names.
    pub registered: &'a HashMap<String, String>,
    pub this_year: i16,
}

/// A row that can be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedFirm {
    pub credit_code: CreditCode,
    pub city: CityCode,
    pub profile: FirmProfile,
    pub capabilities: Vec<(CapabilityId, CapabilityFigures)>,
}

/// The closest entries to a name no entry has: by edit distance over characters (Chinese or
/// English, whichever is closer), an entry containing the name (or contained in it) first.
fn closest(name: &str, entries: &[TaxonomyEntry]) -> Vec<Bilingual> {
    let wanted = name.to_lowercase();
    let score = |entry: &TaxonomyEntry| {
        [entry.zh.to_lowercase(), entry.en.to_lowercase()]
            .iter()
            .map(|candidate| {
                let contains = candidate.contains(&wanted) || wanted.contains(candidate.as_str());
                strsim::normalized_levenshtein(&wanted, candidate)
                    + if contains { 1.0 } else { 0.0 }
            })
            .fold(0.0_f64, f64::max)
    };
    let mut scored: Vec<(f64, &TaxonomyEntry)> = entries
        .iter()
        .map(|e| (score(e), e))
        .filter(|(s, _)| *s > 0.2)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(3)
        .map(|(_, e)| Bilingual {
            zh: e.zh.clone(),
            en: e.en.clone(),
        })
        .collect()
}

fn find_city<'a>(raw: &str, cities: &'a [City]) -> Option<&'a City> {
    let raw = raw.trim();
    let short = raw.strip_suffix('市').unwrap_or(raw);
    let english = raw
        .to_lowercase()
        .trim_end_matches(" city")
        .trim()
        .to_owned();
    cities.iter().find(|c| {
        c.name.zh == raw
            || c.name.zh.strip_suffix('市').unwrap_or(&c.name.zh) == short
            || c.name.en.to_lowercase() == english
            || c.code.as_str() == english
    })
}

/// Checks every row: each is a firm to import or the list of its problems. A credit code seen
/// on an earlier row makes the later row a duplicate (naming the first one's line).
pub fn check_rows(
    rows: &[SheetRow],
    reference: &Reference<'_>,
) -> Vec<Result<ImportedFirm, Vec<RowProblem>>> {
    let mut first_seen: HashMap<String, i32> = HashMap::new();
    rows.iter()
        .map(|row| check_row(row, reference, &mut first_seen))
        .collect()
}

fn check_row(
    row: &SheetRow,
    reference: &Reference<'_>,
    first_seen: &mut HashMap<String, i32>,
) -> Result<ImportedFirm, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let unstorable: Vec<RowProblem> = row
        .cells
        .iter()
        .filter(|(_, cell)| cell.contains(UNSTORABLE_MARK))
        .map(|(column, _)| RowProblem::new(*column, "control_character"))
        .collect();
    if !unstorable.is_empty() {
        // Nothing else in the row is worth checking until those cells are retyped.
        return Err(unstorable);
    }

    let credit_code = match CreditCode::parse(row.cell(Column::CreditCode)) {
        Ok(code) => {
            if let Some(name) = reference.registered.get(code.as_str()) {
                problems.push(
                    RowProblem::new(Column::CreditCode, "credit_code_registered").about(name),
                );
            } else if let Some(line) = first_seen.get(code.as_str()) {
                let mut problem = RowProblem::new(Column::CreditCode, "credit_code_repeated");
                problem.line = Some(*line);
                problems.push(problem);
            } else {
                first_seen.insert(code.as_str().to_owned(), row.line);
            }
            Some(code)
        }
        Err(_) if row.cell(Column::CreditCode).trim().is_empty() => {
            problems.push(RowProblem::new(Column::CreditCode, "required"));
            None
        }
        Err(error) => {
            problems.push(RowProblem::new(Column::CreditCode, error.code()));
            None
        }
    };

    let city_cell = row.cell(Column::City);
    let city = match (city_cell.trim(), reference.importer_city) {
        ("", Some(own)) => Some(own.clone()),
        ("", None) => {
            problems.push(RowProblem::new(Column::City, "required"));
            None
        }
        (raw, own) => match find_city(raw, reference.cities) {
            None => {
                problems.push(RowProblem::new(Column::City, "city_unknown").about(raw));
                None
            }
            Some(city) if own.is_some_and(|own| *own != city.code) => {
                problems.push(RowProblem::new(Column::City, "city_not_yours").about(raw));
                None
            }
            Some(city) => Some(city.code.clone()),
        },
    };

    let kind_cell = row.cell(Column::Kind).trim();
    let kind = match parse_kind(kind_cell) {
        Some(kind) => kind.as_db().to_owned(),
        None if kind_cell.is_empty() => String::new(),
        None => {
            problems.push(RowProblem::new(Column::Kind, "kind_unknown").about(kind_cell));
            // Known to be wrong already: the profile's check is told it is missing.
            String::new()
        }
    };
    let form = ProfileForm {
        name: row.cell(Column::Name).to_owned(),
        name_en: row.cell(Column::NameEn).to_owned(),
        kind,
        description: row.cell(Column::Description).to_owned(),
        founded_year: row.cell(Column::FoundedYear).to_owned(),
        staff_size: row.cell(Column::StaffSize).to_owned(),
        website: row.cell(Column::Website).to_owned(),
        contact_name: row.cell(Column::ContactName).to_owned(),
        contact_phone: row.cell(Column::ContactPhone).to_owned(),
        contact_email: row.cell(Column::ContactEmail).to_owned(),
    };
    let profile = match FirmProfile::parse(&form, reference.this_year) {
        Ok(profile) => Some(profile),
        Err(errors) => {
            for (field, code) in errors {
                let Some(column) = Column::from_key(field) else {
                    continue;
                };
                if column == Column::Kind && problems.iter().any(|p| p.column == Column::Kind) {
                    continue;
                }
                problems.push(RowProblem::new(column, code));
            }
            None
        }
    };

    let mut capabilities: Vec<(CapabilityId, CapabilityFigures)> = Vec::new();
    for entry in parse_capabilities(row.cell(Column::Capabilities)) {
        match entry {
            Err((name, error)) => problems.push(
                RowProblem::new(
                    Column::Capabilities,
                    match error {
                        CapabilityCellError::Detail => "capability_detail",
                        CapabilityCellError::Figure => "capability_figure",
                    },
                )
                .about(&name),
            ),
            Ok(cell) => {
                let found = reference
                    .capabilities
                    .iter()
                    .find(|e| e.zh == cell.name || e.en.eq_ignore_ascii_case(&cell.name));
                match found {
                    None => {
                        let mut problem =
                            RowProblem::new(Column::Capabilities, "capability_unknown")
                                .about(&cell.name);
                        problem.suggestions = closest(&cell.name, reference.capabilities);
                        problems.push(problem);
                    }
                    Some(entry) if capabilities.iter().any(|(id, _)| *id == entry.id) => {
                        problems.push(
                            RowProblem::new(Column::Capabilities, "capability_repeated")
                                .about(&cell.name),
                        );
                    }
                    Some(entry) => capabilities.push((
                        entry.id,
                        CapabilityFigures {
                            level: cell.level,
                            monthly_capacity: cell.monthly_capacity,
                            lead_time_days: cell.lead_time_days,
                        },
                    )),
                }
            }
        }
    }

    match (credit_code, city, profile) {
        (Some(credit_code), Some(city), Some(profile)) if problems.is_empty() => Ok(ImportedFirm {
            credit_code,
            city,
            profile,
            capabilities,
        }),
        _ => Err(problems),
    }
}

/// A firm as the export writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirmRecord {
    pub name: String,
    pub name_en: Option<String>,
    pub credit_code: String,
    pub city: Bilingual,
    pub kind: super::firm::FirmKind,
    pub description: String,
    pub founded_year: Option<i16>,
    pub staff_size: Option<i32>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    /// In the taxonomy's order.
    pub capabilities: Vec<CapabilityRecord>,
}

/// One capability entry of an exported firm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapabilityRecord {
    pub name: Bilingual,
    pub level: super::firm::ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
}

/// The cells of a firm's row, in [`Column::ALL`]'s order.
pub fn firm_cells(firm: &FirmRecord, lang: Lang) -> Vec<String> {
    let pick = |names: &Bilingual| names.get(lang).to_owned();
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let number = |value: Option<i64>| value.map(|n| n.to_string()).unwrap_or_default();
    let capabilities: Vec<String> = firm
        .capabilities
        .iter()
        .map(|c| {
            format_capability(
                &pick(&c.name),
                c.level,
                c.monthly_capacity,
                c.lead_time_days,
                lang,
            )
        })
        .collect();
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::Name => firm.name.clone(),
            Column::NameEn => text(&firm.name_en),
            Column::CreditCode => firm.credit_code.clone(),
            Column::City => pick(&firm.city),
            Column::Kind => kind_label(firm.kind, lang).to_owned(),
            Column::Description => firm.description.clone(),
            Column::FoundedYear => number(firm.founded_year.map(i64::from)),
            Column::StaffSize => number(firm.staff_size.map(i64::from)),
            Column::Website => text(&firm.website),
            Column::ContactName => text(&firm.contact_name),
            Column::ContactPhone => text(&firm.contact_phone),
            Column::ContactEmail => text(&firm.contact_email),
            Column::Capabilities => join_capabilities(&capabilities, lang),
        })
        .collect()
}

/// A CSV file for Excel: UTF-8 with its byte-order mark, CRLF line ends, quotes where needed,
/// formula cells defused.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header.iter().map(|h| defuse_formula(h).into_owned()))?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| defuse_formula(cell).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::city::CityRole;

    fn cities() -> Vec<City> {
        [("chengdu", "成都", "Chengdu"), ("deyang", "德阳", "Deyang")]
            .into_iter()
            .map(|(code, zh, en)| City {
                code: CityCode::parse(code).unwrap_or_else(|_| unreachable!()),
                name: Bilingual {
                    zh: zh.into(),
                    en: en.into(),
                },
                role: CityRole::Manufacturing,
            })
            .collect()
    }

    fn taxonomy() -> Vec<TaxonomyEntry> {
        [
            (1, "谐波减速器", "Harmonic reducers"),
            (2, "RV减速器", "RV reducers"),
            (3, "伺服电机", "Servo motors"),
        ]
        .into_iter()
        .map(|(id, zh, en)| TaxonomyEntry {
            id: CapabilityId(id),
            zh: zh.into(),
            en: en.into(),
        })
        .collect()
    }

    #[test]
    fn utf8_gbk_utf16_and_tabs_read_the_same() {
        let text = "企业名称,统一社会信用代码\r\n\"成都,甲\",91510100MA61234567\r\n";
        let plain = read(text.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(plain.encoding, Encoding::Utf8);
        assert_eq!(plain.rows[0].cell(Column::Name), "成都,甲");

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(read(&bom).map(|s| s.encoding), Ok(Encoding::Utf8Bom));

        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let gbk = read(&gbk).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(gbk.encoding, Encoding::Gb18030);
        assert_eq!(gbk.rows, plain.rows);

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text
            .replace(',', "\t")
            .replace("\"成都\t甲\"", "\"成都,甲\"")
            .encode_utf16()
        {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let utf16 = read(&utf16).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (utf16.encoding, utf16.delimiter),
            (Encoding::Utf16, Delimiter::Tab)
        );
        assert_eq!(utf16.rows, plain.rows);
    }

    #[test]
    fn a_quoted_line_break_stays_in_its_cell_and_lines_are_counted() {
        for end in ["\n", "\r\n"] {
            let text = [
                "Name,Credit code,Description",
                "A,X,\"one",
                "two\"",
                ",,",
                "B,Y,z",
                "",
            ]
            .join(end);
            let sheet = read(text.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(sheet.rows.len(), 2);
            assert_eq!(
                sheet.rows[0].cell(Column::Description),
                format!("one{end}two")
            );
            assert_eq!((sheet.rows[0].line, sheet.rows[1].line), (2, 5), "{end:?}");
        }
    }

    #[test]
    fn a_file_without_the_needed_columns_or_rows_is_refused() {
        assert_eq!(read(b"Name,City\nA,B\n"), Err(SheetError::ColumnsMissing));
        assert_eq!(
            read("企业名称,Name,统一社会信用代码\n".as_bytes()),
            Err(SheetError::ColumnRepeated)
        );
        assert_eq!(
            read("企业名称,统一社会信用代码\n".as_bytes()),
            Err(SheetError::Empty)
        );
        assert_eq!(read(b"\xFF\xFF\xFF\x80"), Err(SheetError::Encoding));
    }

    fn sheet_rows(text: &str) -> Vec<SheetRow> {
        read(text.as_bytes())
            .map(|s| s.rows)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_nul_in_a_cell_is_a_problem_of_its_row_and_column_and_never_stored() {
        let cities = cities();
        let taxonomy = taxonomy();
        let registered = HashMap::new();
        let reference = Reference {
            importer_city: None,
            cities: &cities,
            capabilities: &taxonomy,
            registered: &registered,
            this_year: 2026,
        };
        let code = CreditCode::complete("91510600MA6200001")
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default();
        let text =
            format!("企业名称,统一社会信用代码,所在城市,简介\n甲公司,{code},德阳,精密\0加工\n");
        let rows = sheet_rows(&text);
        assert!(!rows[0].cell(Column::Description).contains('\0'));
        let checked = check_rows(&rows, &reference);
        let problems = checked[0].as_ref().err().cloned().unwrap_or_default();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].column, problems[0].code.as_str()),
            (Column::Description, "control_character")
        );
    }

    #[test]
    fn every_problem_of_a_row_is_named_with_its_column() {
        let complete = |first17: &str| {
            CreditCode::complete(first17)
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default()
        };
        let taken = complete("91510100MA6123456");
        let registered = HashMap::from([(taken.clone(), "已有公司".to_owned())]);
        let cities = cities();
        let taxonomy = taxonomy();
        let deyang = CityCode::parse("deyang").unwrap_or_else(|_| unreachable!());
        let reference = Reference {
            importer_city: Some(&deyang),
            cities: &cities,
            capabilities: &taxonomy,
            registered: &registered,
            this_year: 2026,
        };
        let good = complete("91510600MA6200001");
        let text = format!(
            "企业名称,统一社会信用代码,所在城市,机构类型,能力,成立年份\n\
             甲公司,{good},德阳,制造企业,谐波减速器（批量生产，100/月，20天）；伺服电机,2001\n\
             乙公司,{taken},德阳,制造企业,,\n\
             丙公司,{good},成都,银行,谐波减素器,3000\n\
             ,12345,火星,,,\n"
        );
        let checked = check_rows(&sheet_rows(&text), &reference);
        let firm = checked[0].as_ref().unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(firm.city.as_str(), "deyang");
        assert_eq!(firm.capabilities.len(), 2);
        assert_eq!(firm.capabilities[0].1.monthly_capacity, 100);

        let codes = |i: usize| -> Vec<(Column, String)> {
            checked[i]
                .as_ref()
                .err()
                .map(|ps| ps.iter().map(|p| (p.column, p.code.clone())).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            codes(1),
            vec![(Column::CreditCode, "credit_code_registered".into())]
        );
        assert_eq!(
            codes(2),
            vec![
                (Column::CreditCode, "credit_code_repeated".into()),
                (Column::City, "city_not_yours".into()),
                (Column::Kind, "kind_unknown".into()),
                (Column::FoundedYear, "out_of_range".into()),
                (Column::Capabilities, "capability_unknown".into()),
            ]
        );
        let unknown = checked[2]
            .as_ref()
            .err()
            .and_then(|ps| ps.iter().find(|p| p.code == "capability_unknown").cloned())
            .unwrap_or_else(|| panic!("no unknown capability"));
        assert_eq!(unknown.suggestions[0].zh, "谐波减速器");
        let repeated = checked[2]
            .as_ref()
            .err()
            .and_then(|ps| ps.first().cloned())
            .unwrap_or_else(|| panic!("no problem"));
        assert_eq!(repeated.line, Some(2));
        assert_eq!(
            codes(3),
            vec![
                (Column::CreditCode, "credit_code_length".into()),
                (Column::City, "city_unknown".into()),
                (Column::Name, "required".into()),
                (Column::Kind, "required".into()),
            ]
        );
    }

    #[test]
    fn the_written_file_has_a_bom_crlf_and_defused_formulas() {
        let bytes = write(&["a", "b"], &[vec!["=1+2".into(), "x\ny".into()]])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes, b"\xEF\xBB\xBFa,b\r\n'=1+2,\"x\ny\"\r\n");
        let sheet = read(&bytes);
        assert!(matches!(sheet, Err(SheetError::ColumnsMissing)));
    }
}
