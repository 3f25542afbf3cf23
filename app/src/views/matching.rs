//! Candidates for a need, and the projects that fit a firm.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::matching::ScoredPart;

/// An official's pin or exclusion of a firm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideView {
    pub pin: bool,
    pub reason: String,
    pub set_by: String,
    pub set_at: String,
}

/// A firm on a need's candidate list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub firm_id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub city: Bilingual,
    /// The capability its score stands on (the need's own, or another of the segment).
    pub capability: Bilingual,
    /// 0 to 1000, tenths of a point.
    pub tenths: u32,
    pub parts: Vec<ScoredPart>,
    pub override_: Option<OverrideView>,
}

/// The need a candidate list is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSummary {
    pub project_id: i64,
    pub project_title: String,
    pub need_id: i64,
    pub capability: Bilingual,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: Vec<CertificateKind>,
    pub preferred_cities: Vec<Bilingual>,
    pub project_city: Bilingual,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidates {
    pub need: NeedSummary,
    /// Pinned firms first (in the order pinned), then the ranking.
    pub ranked: Vec<CandidateView>,
    /// Excluded firms, with the reason, listed apart.
    pub excluded: Vec<CandidateView>,
    /// The list is narrowed by a filter.
    pub narrowed: bool,
}

/// A need of an open project that fits the viewer's firm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FitView {
    pub project_id: i64,
    pub project_title: String,
    pub project_city: Bilingual,
    pub need_id: i64,
    pub capability: Bilingual,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub tenths: u32,
    pub parts: Vec<ScoredPart>,
    /// The firm already expressed interest in this need.
    pub interested: bool,
}
