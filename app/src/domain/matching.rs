//! Matching: how well a firm fits a sourcing need, as a score from 0 to 100 made of parts, each
//! with the facts it stands on so the page can say it in words. Pure: the database only
//! gathers the facts (and pre-ranks with an upper bound of this score, see [`upper_bound`]).
//!
//! # The weights
//!
//! All weights live in [`Weights::STANDARD`]; they add up to 100.
//!
//! | part | points | rule |
//! | --- | ---: | --- |
//! | capability fit | 30 / 12 | the exact capability, or another of the same segment |
//! | production level | 15 / 5 / 0 | at least the level wanted, one below, further below |
//! | capacity | 0–10 | monthly capacity against the quantity, in proportion, capped |
//! | certifications | 0–15 | share of the required ones held unexpired (none required: all) |
//! | trust ladder | 10 / 5 / 0 | verified, a certificate listed, self-declared |
//! | city | 10 / 4 / 0 | a preferred city (or, with none preferred, outside the R&D city); the project's own city without a preference; not preferred |
//! | track record | 0–5 | completed participations with the alliance, one point each up to five |
//! | current load | 0–5 | five less one per active participation |

use serde::{Deserialize, Serialize};

use super::city::CityCode;
use super::firm::{CertificateKind, ProductionLevel, TrustRung};

/// The weights of the parts, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    pub exact_capability: f64,
    pub same_category: f64,
    pub level_met: f64,
    pub level_one_below: f64,
    pub capacity: f64,
    pub certificates: f64,
    pub verified: f64,
    pub certificate_listed: f64,
    pub city_fit: f64,
    pub own_city: f64,
    pub track_record: f64,
    pub track_record_cap: u32,
    pub load: f64,
    pub load_cap: u32,
}

impl Weights {
    pub const STANDARD: Self = Self {
        exact_capability: 30.0,
        same_category: 12.0,
        level_met: 15.0,
        level_one_below: 5.0,
        capacity: 10.0,
        certificates: 15.0,
        verified: 10.0,
        certificate_listed: 5.0,
        city_fit: 10.0,
        own_city: 4.0,
        track_record: 5.0,
        track_record_cap: 5,
        load: 5.0,
        load_cap: 5,
    };

    /// The most a firm can score.
    pub fn max(&self) -> f64 {
        self.exact_capability
            + self.level_met
            + self.capacity
            + self.certificates
            + self.verified
            + self.city_fit
            + self.track_record
            + self.load
    }
}

/// A sourcing need as matching sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSpec {
    pub capability_id: i64,
    pub category_id: i64,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: Vec<CertificateKind>,
    pub preferred_cities: Vec<CityCode>,
    /// The city that posted the project (its R&D city).
    pub project_city: CityCode,
}

/// How the firm's entry relates to the capability needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapabilityFit {
    Exact,
    SameCategory,
}

/// What a firm brings to a need: its entry for the capability (or its best one in the
/// segment), and its history with the alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmFacts {
    pub firm_id: i64,
    pub city: CityCode,
    pub fit: CapabilityFit,
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub verified: bool,
    /// The kinds of the entry's certificates that have not expired.
    pub valid_certificates: Vec<CertificateKind>,
    /// Participations completed with the alliance.
    pub completed: u32,
    /// Participations under way.
    pub active: u32,
}

/// One part of a score, with the facts it stands on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Part {
    Capability(CapabilityFit),
    Level {
        have: ProductionLevel,
        want: ProductionLevel,
    },
    Capacity {
        monthly: i32,
        quantity: i32,
    },
    Certificates {
        held: Vec<CertificateKind>,
        missing: Vec<CertificateKind>,
    },
    Trust(TrustRung),
    City {
        preferred: bool,
        /// The need names preferred cities.
        has_preference: bool,
        /// The firm is in the project's own city.
        own_city: bool,
    },
    TrackRecord {
        completed: u32,
    },
    Load {
        active: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoredPart {
    pub part: Part,
    pub points: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0 to 100, to one decimal.
    pub total: f64,
    pub parts: Vec<ScoredPart>,
}

fn level_rank(level: ProductionLevel) -> i32 {
    match level {
        ProductionLevel::Prototype => 0,
        ProductionLevel::SmallBatch => 1,
        ProductionLevel::MassProduction => 2,
    }
}

/// The score of a firm for a need.
pub fn score(need: &NeedSpec, firm: &FirmFacts, w: &Weights) -> Score {
    let mut parts = Vec::with_capacity(8);
    let mut add = |part: Part, points: f64, max: f64| {
        parts.push(ScoredPart {
            part,
            points: points.clamp(0.0, max),
            max,
        });
    };
    add(
        Part::Capability(firm.fit),
        match firm.fit {
            CapabilityFit::Exact => w.exact_capability,
            CapabilityFit::SameCategory => w.same_category,
        },
        w.exact_capability,
    );
    let below = level_rank(need.level) - level_rank(firm.level);
    add(
        Part::Level {
            have: firm.level,
            want: need.level,
        },
        match below {
            ..=0 => w.level_met,
            1 => w.level_one_below,
            _ => 0.0,
        },
        w.level_met,
    );
    let ratio = f64::from(firm.monthly_capacity.max(0)) / f64::from(need.quantity.max(1));
    add(
        Part::Capacity {
            monthly: firm.monthly_capacity,
            quantity: need.quantity,
        },
        w.capacity * ratio.min(1.0),
        w.capacity,
    );
    let (held, missing): (Vec<CertificateKind>, Vec<CertificateKind>) = need
        .certificates
        .iter()
        .partition(|kind| firm.valid_certificates.contains(kind));
    let share = if need.certificates.is_empty() {
        1.0
    } else {
        held.len() as f64 / need.certificates.len() as f64
    };
    add(
        Part::Certificates { held, missing },
        w.certificates * share,
        w.certificates,
    );
    let rung = TrustRung::of(firm.verified, firm.valid_certificates.len());
    add(
        Part::Trust(rung),
        match rung {
            TrustRung::Verified => w.verified,
            TrustRung::CertificateListed => w.certificate_listed,
            TrustRung::SelfDeclared => 0.0,
        },
        w.verified,
    );
    let has_preference = !need.preferred_cities.is_empty();
    let preferred = need.preferred_cities.contains(&firm.city);
    let own_city = firm.city == need.project_city;
    add(
        Part::City {
            preferred,
            has_preference,
            own_city,
        },
        match (has_preference, preferred, own_city) {
            (true, true, _) | (false, _, false) => w.city_fit,
            (false, _, true) => w.own_city,
            (true, false, _) => 0.0,
        },
        w.city_fit,
    );
    add(
        Part::TrackRecord {
            completed: firm.completed,
        },
        w.track_record * f64::from(firm.completed.min(w.track_record_cap))
            / f64::from(w.track_record_cap.max(1)),
        w.track_record,
    );
    add(
        Part::Load {
            active: firm.active,
        },
        w.load * (1.0 - f64::from(firm.active.min(w.load_cap)) / f64::from(w.load_cap.max(1))),
        w.load,
    );
    let total: f64 = parts.iter().map(|p| p.points).sum();
    Score {
        total: ((total * 10.0).round() / 10.0).clamp(0.0, 100.0),
        parts,
    }
}

/// The score with the parts the pre-ranking query cannot see (track record and load) at their
/// most: never below [`score`], so a set ranked by it and cut where it falls below the
/// fiftieth full score holds every firm of the true top fifty.
pub fn upper_bound(need: &NeedSpec, firm: &FirmFacts, w: &Weights) -> f64 {
    let best = FirmFacts {
        completed: w.track_record_cap,
        active: 0,
        ..firm.clone()
    };
    score(need, &best, w).total
}

/// The top `n` of `firms` by score (ties by firm id), each with its score.
pub fn rank(need: &NeedSpec, firms: &[FirmFacts], w: &Weights, n: usize) -> Vec<(i64, Score)> {
    let mut scored: Vec<(i64, Score)> = firms
        .iter()
        .map(|f| (f.firm_id, score(need, f, w)))
        .collect();
    scored.sort_by(|a, b| b.1.total.total_cmp(&a.1.total).then(a.0.cmp(&b.0)));
    scored.truncate(n);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).expect("city")
    }

    fn need() -> NeedSpec {
        NeedSpec {
            capability_id: 4,
            category_id: 2,
            level: ProductionLevel::SmallBatch,
            quantity: 200,
            certificates: vec![CertificateKind::Iso9001, CertificateKind::Iatf16949],
            preferred_cities: vec![city("deyang"), city("ziyang")],
            project_city: city("chengdu"),
        }
    }

    fn firm() -> FirmFacts {
        FirmFacts {
            firm_id: 1,
            city: city("deyang"),
            fit: CapabilityFit::Exact,
            level: ProductionLevel::MassProduction,
            monthly_capacity: 300,
            verified: true,
            valid_certificates: vec![CertificateKind::Iso9001, CertificateKind::Iatf16949],
            completed: 0,
            active: 0,
        }
    }

    #[test]
    fn the_weights_add_up_to_a_hundred() {
        assert!((Weights::STANDARD.max() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_perfect_firm_without_history_scores_everything_but_the_track_record() {
        let s = score(&need(), &firm(), &Weights::STANDARD);
        assert_eq!(s.total, 95.0);
        assert_eq!(s.parts.len(), 8);
    }

    #[test]
    fn each_part_says_what_it_stands_on() {
        let weak = FirmFacts {
            city: city("chengdu"),
            fit: CapabilityFit::SameCategory,
            level: ProductionLevel::Prototype,
            monthly_capacity: 50,
            verified: false,
            valid_certificates: vec![CertificateKind::Iso9001],
            active: 2,
            ..firm()
        };
        let s = score(&need(), &weak, &Weights::STANDARD);
        let points: Vec<f64> = s.parts.iter().map(|p| p.points).collect();
        // 12 + 5 + 2.5 + 7.5 + 5 + 0 + 0 + 3
        assert_eq!(points, [12.0, 5.0, 2.5, 7.5, 5.0, 0.0, 0.0, 3.0]);
        assert_eq!(s.total, 35.0);
        assert_eq!(
            s.parts[3].part,
            Part::Certificates {
                held: vec![CertificateKind::Iso9001],
                missing: vec![CertificateKind::Iatf16949],
            }
        );
        // Without a preference, the R&D city's own firm gets less than a manufacturing city's.
        let open = NeedSpec {
            preferred_cities: vec![],
            ..need()
        };
        let own = score(&open, &weak, &Weights::STANDARD).parts[5].points;
        let away = score(&open, &firm(), &Weights::STANDARD).parts[5].points;
        assert!(own < away);
    }

    fn arb_kind() -> impl Strategy<Value = CertificateKind> {
        prop_oneof![
            Just(CertificateKind::Iso9001),
            Just(CertificateKind::Iatf16949),
            Just(CertificateKind::Iso13485),
            Just(CertificateKind::Ce),
            Just(CertificateKind::Ccc),
        ]
    }

    fn arb_level() -> impl Strategy<Value = ProductionLevel> {
        prop_oneof![
            Just(ProductionLevel::Prototype),
            Just(ProductionLevel::SmallBatch),
            Just(ProductionLevel::MassProduction),
        ]
    }

    fn arb_city() -> impl Strategy<Value = CityCode> {
        prop_oneof![
            Just(city("chengdu")),
            Just(city("deyang")),
            Just(city("meishan")),
            Just(city("ziyang")),
        ]
    }

    prop_compose! {
        fn arb_need()(
            level in arb_level(),
            quantity in 1_i32..100_000,
            certificates in proptest::collection::vec(arb_kind(), 0..3),
            preferred_cities in proptest::collection::vec(arb_city(), 0..3),
            project_city in arb_city(),
        ) -> NeedSpec {
            let mut certificates = certificates;
            certificates.sort();
            certificates.dedup();
            NeedSpec { capability_id: 4, category_id: 2, level, quantity, certificates, preferred_cities, project_city }
        }
    }

    prop_compose! {
        fn arb_firm()(
            firm_id in 1_i64..1_000_000,
            city in arb_city(),
            exact in any::<bool>(),
            level in arb_level(),
            monthly_capacity in 0_i32..200_000,
            verified in any::<bool>(),
            valid_certificates in proptest::collection::vec(arb_kind(), 0..4),
            completed in 0_u32..10,
            active in 0_u32..10,
        ) -> FirmFacts {
            let fit = if exact { CapabilityFit::Exact } else { CapabilityFit::SameCategory };
            FirmFacts { firm_id, city, fit, level, monthly_capacity, verified, valid_certificates, completed, active }
        }
    }

    proptest! {
        #[test]
        fn the_score_stays_within_zero_and_a_hundred(need in arb_need(), firm in arb_firm()) {
            let s = score(&need, &firm, &Weights::STANDARD);
            prop_assert!((0.0..=100.0).contains(&s.total));
            for part in &s.parts {
                prop_assert!(part.points >= 0.0 && part.points <= part.max);
            }
        }

        #[test]
        fn a_held_unexpired_required_certificate_never_lowers_the_score(
            need in arb_need(), firm in arb_firm(), pick in 0_usize..3,
        ) {
            prop_assume!(!need.certificates.is_empty());
            let kind = need.certificates[pick % need.certificates.len()];
            let mut with = firm.clone();
            with.valid_certificates.push(kind);
            let w = Weights::STANDARD;
            prop_assert!(score(&need, &with, &w).total >= score(&need, &firm, &w).total);
        }

        #[test]
        fn a_verified_entry_never_scores_below_the_same_entry_unverified(
            need in arb_need(), firm in arb_firm(),
        ) {
            let w = Weights::STANDARD;
            let verified = FirmFacts { verified: true, ..firm.clone() };
            let unverified = FirmFacts { verified: false, ..firm };
            prop_assert!(score(&need, &verified, &w).total >= score(&need, &unverified, &w).total);
        }

        #[test]
        fn more_capacity_never_scores_lower(need in arb_need(), firm in arb_firm(), more in 0_i32..100_000) {
            let w = Weights::STANDARD;
            let bigger = FirmFacts { monthly_capacity: firm.monthly_capacity + more, ..firm.clone() };
            prop_assert!(score(&need, &bigger, &w).total >= score(&need, &firm, &w).total);
        }

        #[test]
        fn the_upper_bound_is_never_below_the_score(need in arb_need(), firm in arb_firm()) {
            let w = Weights::STANDARD;
            prop_assert!(upper_bound(&need, &firm, &w) >= score(&need, &firm, &w).total);
        }
    }
}
