//! A spreadsheet import as its preview page shows it.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm_import::RowProblem;

/// One row of a preview, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: i32,
    pub name: String,
    pub credit_code: String,
    pub city: String,
    pub capabilities: String,
    pub problems: Vec<RowProblem>,
}

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStatus {
    Preview,
    Imported,
    Discarded,
}

/// A preview (or a finished import) as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i64,
    pub file_name: String,
    /// `utf-8-bom`, `utf-8`, `utf-16`, `gb18030`.
    pub encoding: String,
    /// `comma` or `tab`.
    pub delimiter: String,
    /// Headings the platform does not know: their cells were ignored.
    pub unknown_columns: Vec<String>,
    pub status: ImportStatus,
    pub row_count: i32,
    pub valid_count: i32,
    pub imported_count: Option<i32>,
    /// The official's city the firms join; none for the admin (each row names its city).
    pub city: Option<Bilingual>,
    /// Every row with a problem (at most [`SHOWN_PROBLEM_ROWS`]).
    pub problem_rows: Vec<PreviewRow>,
    /// The first valid rows (at most [`SHOWN_VALID_ROWS`]).
    pub valid_rows: Vec<PreviewRow>,
}
