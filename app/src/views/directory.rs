//! The firm directory: one page of firms and their capabilities.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm::{FirmKind, TrustRung};

/// A capability as a result lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityTag {
    pub name: Bilingual,
    pub rung: TrustRung,
}

/// One firm in the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: FirmKind,
    pub city: Bilingual,
    /// The start of the description.
    pub summary: String,
    pub staff_size: Option<i32>,
    pub verified_count: i64,
    pub capabilities: Vec<CapabilityTag>,
}

/// One page of results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub entries: Vec<DirectoryEntry>,
    /// Firms found in all.
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// Whether anything narrowed the search (an empty result then says what to loosen).
    pub narrowed: bool,
    /// Whether the viewer may download the search (the server decides again on the call).
    pub may_export: bool,
    /// Whether the viewer may import firms.
    pub may_import: bool,
}
