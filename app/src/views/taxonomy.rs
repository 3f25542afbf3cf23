//! The taxonomy of segments and capabilities, as its page shows it.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyEntry {
    pub id: i64,
    pub name: Bilingual,
    pub retired: bool,
    /// How many firms hold it (the admin's view only).
    pub firms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyCategory {
    pub id: i64,
    pub name: Bilingual,
    pub retired: bool,
    pub capabilities: Vec<TaxonomyEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub categories: Vec<TaxonomyCategory>,
    /// Whether the viewer keeps the taxonomy (the server decides again on every change).
    pub may_manage: bool,
}
