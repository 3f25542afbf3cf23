//! The directory's search, as the URL carries it: every filter is a query parameter, so a
//! search can be bookmarked and shared. Parsing never fails: an unknown value is dropped (and
//! the page shows the filter as unset), a page number out of range is clamped.

use serde::{Deserialize, Serialize};

use super::city::CityCode;
use super::firm::{CertificateKind, FirmKind, ProductionLevel};
use super::search::query_terms;
use super::taxonomy::{CapabilityId, CategoryId};

/// Firms per page.
pub const PAGE_SIZE: i64 = 20;
/// The last page anyone can ask for (a narrower search is the way further).
pub const MAX_PAGE: i64 = 500;
/// The longest query text looked at.
pub const MAX_QUERY_CHARS: usize = 100;

/// How the results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DirectorySort {
    /// By name, in pinyin order.
    #[default]
    Name,
    /// Most verified capabilities first.
    Verified,
    /// Most recently updated profile first.
    Updated,
    /// Largest staff first.
    Staff,
}

impl DirectorySort {
    pub const ALL: [Self; 4] = [Self::Name, Self::Verified, Self::Updated, Self::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Verified => "verified",
            Self::Updated => "updated",
            Self::Staff => "staff",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

super::list_params! {
    /// The directory's filters.
    DirectoryParams { q, city, category, capability, level, kind, verified, certificate, sort, page }
}

/// A directory search, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryFilter {
    /// What the text (trimmed, cut to [`MAX_QUERY_CHARS`]) looks for (see `domain::search`); empty: no text filter.
    pub terms: Vec<String>,
    pub city: Option<CityCode>,
    pub category: Option<CategoryId>,
    pub capability: Option<CapabilityId>,
    /// At least this level.
    pub level: Option<ProductionLevel>,
    pub kind: Option<FirmKind>,
    /// Only firms with a verified capability (the one filtered for, when there is one).
    pub verified_only: bool,
    /// Only firms listing this certificate, unexpired (for the capability filtered for).
    pub certificate: Option<CertificateKind>,
    pub sort: DirectorySort,
    /// 1-based.
    pub page: i64,
}

impl DirectoryFilter {
    pub fn parse(params: &DirectoryParams) -> Self {
        let text: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
        let id = |raw: &str| raw.trim().parse::<i64>().ok().filter(|n| *n > 0);
        Self {
            terms: query_terms(&text),
            city: CityCode::parse(params.city.trim()).ok(),
            category: id(&params.category).map(CategoryId),
            capability: id(&params.capability).map(CapabilityId),
            level: ProductionLevel::from_db(params.level.trim()).ok(),
            kind: FirmKind::from_db(params.kind.trim()).ok(),
            verified_only: matches!(params.verified.trim(), "1" | "true" | "on"),
            certificate: CertificateKind::from_db(params.certificate.trim()).ok(),
            sort: DirectorySort::parse(params.sort.trim()).unwrap_or_default(),
            page: id(&params.page).unwrap_or(1).min(MAX_PAGE),
        }
    }

    /// Whether anything narrows the search (an empty result then says what to loosen).
    pub fn is_narrowed(&self) -> bool {
        !self.terms.is_empty()
            || self.city.is_some()
            || self.category.is_some()
            || self.capability.is_some()
            || self.level.is_some()
            || self.kind.is_some()
            || self.verified_only
            || self.certificate.is_some()
    }

    /// Whether a firm's capability entry has to match (and which parts of it).
    pub fn filters_capabilities(&self) -> bool {
        self.category.is_some()
            || self.capability.is_some()
            || self.level.is_some()
            || self.verified_only
            || self.certificate.is_some()
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * PAGE_SIZE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_parses_and_unknown_values_are_dropped() {
        let params = DirectoryParams {
            q: "  减速 ".into(),
            city: "deyang".into(),
            capability: "4".into(),
            level: "small_batch".into(),
            kind: "bank".into(),
            verified: "1".into(),
            certificate: "iso9001".into(),
            sort: "sideways".into(),
            page: "-3".into(),
            ..DirectoryParams::default()
        };
        let filter = DirectoryFilter::parse(&params);
        assert_eq!(filter.terms, vec!["减速".to_owned()]);
        assert_eq!(filter.city.as_ref().map(CityCode::as_str), Some("deyang"));
        assert_eq!(filter.capability, Some(CapabilityId(4)));
        assert_eq!(filter.level, Some(ProductionLevel::SmallBatch));
        assert_eq!(filter.kind, None);
        assert!(filter.verified_only);
        assert_eq!(filter.certificate, Some(CertificateKind::Iso9001));
        assert_eq!(filter.sort, DirectorySort::Name);
        assert_eq!(filter.page, 1);
        assert!(filter.is_narrowed() && filter.filters_capabilities());
    }

    #[test]
    fn an_empty_url_searches_everything_from_the_first_page() {
        let filter = DirectoryFilter::parse(&DirectoryParams::default());
        assert!(!filter.is_narrowed());
        assert_eq!(filter.offset(), 0);
        let far = DirectoryFilter::parse(&DirectoryParams {
            page: "99999".into(),
            ..DirectoryParams::default()
        });
        assert_eq!(far.page, MAX_PAGE);
    }
}
