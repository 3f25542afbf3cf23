//! The portfolio of projects in execution: its filters, and its order (worst first).

use std::cmp::Reverse;

use super::health::Health;
use crate::domain::city::CityCode;

/// Projects per page of the portfolio.
pub const PAGE_SIZE: usize = 50;

crate::domain::list_params! {
    /// The portfolio's filters.
    PortfolioParams { city, health, segment, page }
}

/// The portfolio's filters, parsed. Parsing never fails: an unknown value is dropped (the page
/// shows that filter unset), so a shared link always opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortfolioQuery {
    pub city: Option<CityCode>,
    pub health: Option<Health>,
    pub category: Option<i64>,
    /// 1-based.
    pub page: usize,
}

impl PortfolioQuery {
    pub fn parse(params: &PortfolioParams) -> Self {
        Self {
            city: CityCode::parse(params.city.trim()).ok(),
            health: Health::from_db(params.health.trim()).ok(),
            category: params.segment.trim().parse::<i64>().ok().filter(|n| *n > 0),
            page: params
                .page
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .unwrap_or(1)
                .min(10_000),
        }
    }
}

/// What the order reads of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub health: Health,
    pub overdue: u32,
    /// The next unaccepted milestone's due day, `YYYY-MM-DD` (none: nothing left to deliver).
    pub next_due: Option<String>,
    pub title: String,
}

/// Worst first: red before amber before green; then more overdue milestones first; then the
/// nearest next due day (a project with nothing due last); then by title.
pub fn worst_first(a: &Standing, b: &Standing) -> std::cmp::Ordering {
    (Reverse(a.health), Reverse(a.overdue))
        .cmp(&(Reverse(b.health), Reverse(b.overdue)))
        .then_with(|| match (&a.next_due, &b.next_due) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a.title.cmp(&b.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(health: Health, overdue: u32, next_due: Option<&str>, title: &str) -> Standing {
        Standing {
            health,
            overdue,
            next_due: next_due.map(str::to_owned),
            title: title.to_owned(),
        }
    }

    #[test]
    fn the_worst_comes_first() {
        let mut all = [
            standing(Health::Green, 0, Some("2027-01-05"), "甲"),
            standing(Health::Amber, 1, Some("2027-03-01"), "乙"),
            standing(Health::Red, 1, None, "丙"),
            standing(Health::Amber, 2, Some("2027-04-01"), "丁"),
            standing(Health::Green, 0, None, "戊"),
            standing(Health::Green, 0, Some("2027-01-01"), "己"),
        ];
        all.sort_by(worst_first);
        let order: Vec<&str> = all.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(order, ["丙", "丁", "乙", "己", "甲", "戊"]);
    }

    #[test]
    fn unknown_filters_are_dropped() {
        let q = PortfolioQuery::parse(&PortfolioParams {
            city: "atlantis!".into(),
            health: "purple".into(),
            segment: "-3".into(),
            page: "0".into(),
        });
        assert_eq!(
            q,
            PortfolioQuery {
                city: None,
                health: None,
                category: None,
                page: 1
            }
        );
        let q = PortfolioQuery::parse(&PortfolioParams {
            city: "deyang".into(),
            health: "red".into(),
            segment: "4".into(),
            page: "2".into(),
        });
        assert_eq!(q.health, Some(Health::Red));
        assert_eq!(q.category, Some(4));
        assert_eq!(q.page, 2);
    }
}
