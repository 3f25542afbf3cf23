//! Matching: how well a firm fits a sourcing need, as a score from 0 to 100 made of parts, each
//! with the facts it stands on so the page can say it in words. Pure: the database gathers the
//! facts and pre-ranks with the same arithmetic (see `db::matching`), this module re-scores the
//! pre-ranked set for the final order and the explanation.
//!
//! Points are counted in whole tenths with integer arithmetic (fractions round down), so the
//! database's pre-ranking and this function agree to the last tenth and rank ties alike.
//!
//! # The weights
//!
//! All weights live in [`Weights::STANDARD`], in points; they add up to 100.
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

/// The weights of the parts, in whole points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    pub exact_capability: u32,
    pub same_category: u32,
    pub level_met: u32,
    pub level_one_below: u32,
    pub capacity: u32,
    pub certificates: u32,
    pub verified: u32,
    pub certificate_listed: u32,
    pub city_fit: u32,
    pub own_city: u32,
    pub track_record: u32,
    pub track_record_cap: u32,
    pub load: u32,
    pub load_cap: u32,
}

impl Weights {
    pub const STANDARD: Self = Self {
        exact_capability: 30,
        same_category: 12,
        level_met: 15,
        level_one_below: 5,
        capacity: 10,
        certificates: 15,
        verified: 10,
        certificate_listed: 5,
        city_fit: 10,
        own_city: 4,
        track_record: 5,
        track_record_cap: 5,
        load: 5,
        load_cap: 5,
    };

    /// The most a firm can score, in points.
    pub fn max(&self) -> u32 {
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
    /// The required certificates, without duplicates.
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

/// What a firm brings to a need: its entry for the capability (or, without one, its best one
/// in the segment), and its history with the alliance.
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A part's points and the most it could give, in tenths of a point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredPart {
    pub part: Part,
    pub tenths: u32,
    pub max_tenths: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// 0 to 1000: the score in tenths of a point.
    pub tenths: u32,
    pub parts: Vec<ScoredPart>,
}

impl Score {
    /// The score from 0 to 100.
    pub fn total(&self) -> f64 {
        f64::from(self.tenths) / 10.0
    }
}

/// A position in the order of production levels, lowest first.
pub fn level_rank(level: ProductionLevel) -> i32 {
    match level {
        ProductionLevel::Prototype => 0,
        ProductionLevel::SmallBatch => 1,
        ProductionLevel::MassProduction => 2,
    }
}

/// `weight` points (in tenths) times `part / whole`, rounded down; `part` is capped at `whole`.
fn share(weight: u32, part: u64, whole: u64) -> u32 {
    let whole = whole.max(1);
    let tenths = u64::from(weight) * 10 * part.min(whole) / whole;
    u32::try_from(tenths).unwrap_or(u32::MAX)
}

/// The score of a firm for a need.
pub fn score(need: &NeedSpec, firm: &FirmFacts, w: &Weights) -> Score {
    let mut parts = Vec::with_capacity(8);
    let mut add = |part: Part, tenths: u32, max: u32| {
        parts.push(ScoredPart {
            part,
            tenths: tenths.min(max * 10),
            max_tenths: max * 10,
        });
    };
    add(
        Part::Capability(firm.fit),
        10 * match firm.fit {
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
        10 * match below {
            ..=0 => w.level_met,
            1 => w.level_one_below,
            _ => 0,
        },
        w.level_met,
    );
    let monthly = u64::try_from(firm.monthly_capacity).unwrap_or(0);
    let quantity = u64::try_from(need.quantity).unwrap_or(0);
    add(
        Part::Capacity {
            monthly: firm.monthly_capacity,
            quantity: need.quantity,
        },
        share(w.capacity, monthly, quantity),
        w.capacity,
    );
    let (held, missing): (Vec<CertificateKind>, Vec<CertificateKind>) = need
        .certificates
        .iter()
        .partition(|kind| firm.valid_certificates.contains(kind));
    let certificates = if need.certificates.is_empty() {
        10 * w.certificates
    } else {
        share(
            w.certificates,
            held.len() as u64,
            need.certificates.len() as u64,
        )
    };
    add(
        Part::Certificates { held, missing },
        certificates,
        w.certificates,
    );
    let rung = TrustRung::of(firm.verified, firm.valid_certificates.len());
    add(
        Part::Trust(rung),
        10 * match rung {
            TrustRung::Verified => w.verified,
            TrustRung::CertificateListed => w.certificate_listed,
            TrustRung::SelfDeclared => 0,
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
        10 * match (has_preference, preferred, own_city) {
            (true, true, _) | (false, _, false) => w.city_fit,
            (false, _, true) => w.own_city,
            (true, false, _) => 0,
        },
        w.city_fit,
    );
    add(
        Part::TrackRecord {
            completed: firm.completed,
        },
        share(
            w.track_record,
            u64::from(firm.completed),
            u64::from(w.track_record_cap),
        ),
        w.track_record,
    );
    let cap = u64::from(w.load_cap);
    add(
        Part::Load {
            active: firm.active,
        },
        share(w.load, cap - u64::from(firm.active).min(cap), cap),
        w.load,
    );
    let tenths = parts.iter().map(|p| p.tenths).sum::<u32>().min(1000);
    Score { tenths, parts }
}

/// The order of a ranking: higher score first, then the lower firm id. The pre-ranking query
/// orders the same way, so a cut it makes is a cut of this order.
pub fn ranks_before(a: (u32, i64), b: (u32, i64)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The top `n` of `firms` by score, each with its score: a brute-force ranking.
pub fn rank(need: &NeedSpec, firms: &[FirmFacts], w: &Weights, n: usize) -> Vec<(i64, Score)> {
    let mut scored: Vec<(i64, Score)> = firms
        .iter()
        .map(|f| (f.firm_id, score(need, f, w)))
        .collect();
    scored.sort_by(|a, b| ranks_before((a.1.tenths, a.0), (b.1.tenths, b.0)));
    scored.truncate(n);
    scored
}

/// One capability a firm holds, with the facts of its entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldEntry {
    pub capability_id: i64,
    pub category_id: i64,
    pub facts: FirmFacts,
}

/// How one firm fits a need, from all its entries: on its entry for the capability if it holds
/// it, else on its best entry of the same segment (the lower capability id on a tie); `None`
/// when it holds neither. The same rule as the candidates' pre-ranking.
pub fn firm_fit(need: &NeedSpec, entries: &[HeldEntry], w: &Weights) -> Option<(FirmFacts, Score)> {
    if let Some(exact) = entries
        .iter()
        .find(|e| e.capability_id == need.capability_id)
    {
        let facts = FirmFacts {
            fit: CapabilityFit::Exact,
            ..exact.facts.clone()
        };
        let score = score(need, &facts, w);
        return Some((facts, score));
    }
    entries
        .iter()
        .filter(|e| e.category_id == need.category_id)
        .map(|e| {
            let facts = FirmFacts {
                fit: CapabilityFit::SameCategory,
                ..e.facts.clone()
            };
            let score = score(need, &facts, w);
            (e.capability_id, facts, score)
        })
        .min_by(|a, b| b.2.tenths.cmp(&a.2.tenths).then(a.0.cmp(&b.0)))
        .map(|(_, facts, score)| (facts, score))
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
        assert_eq!(Weights::STANDARD.max(), 100);
    }

    #[test]
    fn a_perfect_firm_without_history_scores_everything_but_the_track_record() {
        let s = score(&need(), &firm(), &Weights::STANDARD);
        assert_eq!(s.tenths, 950);
        assert_eq!(s.total(), 95.0);
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
        let tenths: Vec<u32> = s.parts.iter().map(|p| p.tenths).collect();
        // 12 + 5 + 2.5 + 7.5 + 5 + 0 + 0 + 3
        assert_eq!(tenths, [120, 50, 25, 75, 50, 0, 0, 30]);
        assert_eq!(s.tenths, 350);
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
        let own = score(&open, &weak, &Weights::STANDARD).parts[5].tenths;
        let away = score(&open, &firm(), &Weights::STANDARD).parts[5].tenths;
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

    #[test]
    fn a_firm_fits_on_its_exact_entry_else_its_best_of_the_segment() {
        let entry = |capability_id, category_id, level| HeldEntry {
            capability_id,
            category_id,
            facts: FirmFacts { level, ..firm() },
        };
        let w = Weights::STANDARD;
        // The exact entry counts even when a segment entry would score more.
        let entries = [
            entry(4, 2, ProductionLevel::Prototype),
            entry(5, 2, ProductionLevel::MassProduction),
        ];
        let (facts, _) = firm_fit(&need(), &entries, &w).expect("fits");
        assert_eq!(facts.fit, CapabilityFit::Exact);
        assert_eq!(facts.level, ProductionLevel::Prototype);
        // Without it, the best entry of the segment; another segment does not count.
        let entries = [
            entry(5, 2, ProductionLevel::Prototype),
            entry(6, 2, ProductionLevel::MassProduction),
            entry(9, 3, ProductionLevel::MassProduction),
        ];
        let (facts, score) = firm_fit(&need(), &entries, &w).expect("fits");
        assert_eq!(facts.fit, CapabilityFit::SameCategory);
        assert_eq!(facts.level, ProductionLevel::MassProduction);
        assert_eq!(score.parts[0].tenths, 120);
        assert!(firm_fit(&need(), &[entry(9, 3, ProductionLevel::MassProduction)], &w).is_none());
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
            prop_assert!(s.tenths <= 1000);
            prop_assert_eq!(s.tenths, s.parts.iter().map(|p| p.tenths).sum::<u32>());
            for part in &s.parts {
                prop_assert!(part.tenths <= part.max_tenths);
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
            prop_assert!(score(&need, &with, &w).tenths >= score(&need, &firm, &w).tenths);
        }

        #[test]
        fn a_verified_entry_never_scores_below_the_same_entry_unverified(
            need in arb_need(), firm in arb_firm(),
        ) {
            let w = Weights::STANDARD;
            let verified = FirmFacts { verified: true, ..firm.clone() };
            let unverified = FirmFacts { verified: false, ..firm };
            prop_assert!(score(&need, &verified, &w).tenths >= score(&need, &unverified, &w).tenths);
        }

        #[test]
        fn more_capacity_never_scores_lower(need in arb_need(), firm in arb_firm(), more in 0_i32..100_000) {
            let w = Weights::STANDARD;
            let bigger = FirmFacts { monthly_capacity: firm.monthly_capacity + more, ..firm.clone() };
            prop_assert!(score(&need, &bigger, &w).tenths >= score(&need, &firm, &w).tenths);
        }
    }
}
