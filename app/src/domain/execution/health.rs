//! The health of a participant's work and of a project in execution: green, amber or red,
//! read from the facts by the rules below, each colour with the sentences that caused it. The
//! thresholds are the alliance's settings ([`HealthSettings`]), not literals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::milestone::{MilestoneLabel, MilestoneState, overdue_days};
use crate::domain::firm::db_enum;

db_enum! {
    /// Ordered: a worse colour is greater.
    Health {
        Green => "green",
        Amber => "amber",
        Red => "red",
    }
}

db_enum! {
    /// How bad a risk would be; ordered, so a worse one is greater.
    RiskSeverity {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
}

db_enum! {
    /// Where a risk stands: only an open one counts against the health.
    RiskState {
        Open => "open",
        Mitigated => "mitigated",
        Closed => "closed",
    }
}

/// The alliance's thresholds of the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthSettings {
    /// A milestone overdue by more days than this makes the work red.
    pub red_overdue_days: u32,
    /// A milestone in progress with no report for more days than this makes the work amber.
    pub stale_report_days: u32,
}

impl Default for HealthSettings {
    fn default() -> Self {
        Self {
            red_overdue_days: 14,
            stale_report_days: 30,
        }
    }
}

impl HealthSettings {
    /// The longest threshold the alliance may set, in days.
    pub const MAX_DAYS: u32 = 365;

    /// The settings form's two fields; `Err` lists each bad field with its code.
    pub fn parse(
        red_overdue_days: &str,
        stale_report_days: &str,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let red = crate::domain::firm::field(
            e,
            "red_overdue_days",
            crate::domain::firm::number(red_overdue_days, 1, Self::MAX_DAYS),
        );
        let stale = crate::domain::firm::field(
            e,
            "stale_report_days",
            crate::domain::firm::number(stale_report_days, 1, Self::MAX_DAYS),
        );
        match (red, stale) {
            (Some(red_overdue_days), Some(stale_report_days)) => Ok(Self {
                red_overdue_days,
                stale_report_days,
            }),
            _ => Err(errors),
        }
    }
}

/// What the rules read of a milestone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneFacts {
    pub name: MilestoneLabel,
    pub state: MilestoneState,
    /// Its last day (Beijing).
    pub due_on: NaiveDate,
    /// The day of its latest progress report, if any.
    pub last_report_on: Option<NaiveDate>,
    /// The day it went in progress, if it did: the staleness of a milestone never reported on
    /// counts from then.
    pub started_on: Option<NaiveDate>,
}

/// What the rules read of a risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskFacts {
    pub title: String,
    pub severity: RiskSeverity,
    pub state: RiskState,
}

/// One sentence of why: a page words it in the reader's language from its variant and fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Overdue by more than the red threshold.
    LongOverdue {
        milestone: MilestoneLabel,
        days: u32,
    },
    /// An open critical risk.
    CriticalRisk { risk: String },
    /// Overdue, within the red threshold.
    Overdue {
        milestone: MilestoneLabel,
        days: u32,
    },
    /// An open high risk.
    HighRisk { risk: String },
    /// In progress with no report for longer than the threshold.
    NoRecentReport {
        milestone: MilestoneLabel,
        days: u32,
    },
}

impl Reason {
    /// The colour the sentence gives.
    pub fn health(&self) -> Health {
        match self {
            Self::LongOverdue { .. } | Self::CriticalRisk { .. } => Health::Red,
            Self::Overdue { .. } | Self::HighRisk { .. } | Self::NoRecentReport { .. } => {
                Health::Amber
            }
        }
    }
}

/// A health and every sentence behind it, the worst first (none: green).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub health: Health,
    pub reasons: Vec<Reason>,
}

/// The health the facts give on `today` (Beijing): red for a milestone overdue by more than
/// the red threshold or an open critical risk; amber for any other overdue milestone, an open
/// high risk, or a milestone in progress without a report for longer than the stale
/// threshold; green otherwise. A project's health is read from all its participants'
/// milestones and all its risks; a participant's from its own.
pub fn assess(
    milestones: &[MilestoneFacts],
    risks: &[RiskFacts],
    settings: &HealthSettings,
    today: NaiveDate,
) -> Assessment {
    let mut reasons = Vec::new();
    for m in milestones {
        if let Some(days) = overdue_days(m.state, m.due_on, today) {
            let milestone = m.name.clone();
            reasons.push(if days > settings.red_overdue_days {
                Reason::LongOverdue { milestone, days }
            } else {
                Reason::Overdue { milestone, days }
            });
        }
        if m.state == MilestoneState::InProgress
            && let Some(since) = m.last_report_on.or(m.started_on)
            && let Ok(days) = u32::try_from((today - since).num_days())
            && days > settings.stale_report_days
        {
            reasons.push(Reason::NoRecentReport {
                milestone: m.name.clone(),
                days,
            });
        }
    }
    for r in risks.iter().filter(|r| r.state == RiskState::Open) {
        match r.severity {
            RiskSeverity::Critical => reasons.push(Reason::CriticalRisk {
                risk: r.title.clone(),
            }),
            RiskSeverity::High => reasons.push(Reason::HighRisk {
                risk: r.title.clone(),
            }),
            RiskSeverity::Low | RiskSeverity::Medium => {}
        }
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.health()));
    Assessment {
        health: reasons.first().map_or(Health::Green, Reason::health),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
    }

    fn milestone(
        state: MilestoneState,
        due_on: &str,
        last_report_on: Option<&str>,
    ) -> MilestoneFacts {
        MilestoneFacts {
            name: "样机".into(),
            state,
            due_on: day(due_on),
            last_report_on: last_report_on.map(day),
            started_on: Some(day("2027-01-01")),
        }
    }

    fn risk(severity: RiskSeverity, state: RiskState) -> RiskFacts {
        RiskFacts {
            title: "磁钢供货".to_owned(),
            severity,
            state,
        }
    }

    /// Each rule alone, with the sentence it gives.
    #[test]
    fn every_rule_gives_its_colour_and_its_sentence() {
        use MilestoneState::*;
        let today = day("2027-03-01");
        let settings = HealthSettings::default();
        // (milestones, risks, the health they give, its sentences)
        type Row = (Vec<MilestoneFacts>, Vec<RiskFacts>, Health, Vec<Reason>);
        let table: Vec<Row> = vec![
            (vec![], vec![], Health::Green, vec![]),
            (
                vec![milestone(InProgress, "2027-03-31", Some("2027-02-20"))],
                vec![risk(RiskSeverity::Medium, RiskState::Open)],
                Health::Green,
                vec![],
            ),
            (
                vec![milestone(InProgress, "2027-02-10", Some("2027-02-20"))],
                vec![],
                Health::Red,
                vec![Reason::LongOverdue {
                    milestone: "样机".into(),
                    days: 19,
                }],
            ),
            (
                vec![milestone(Submitted, "2027-02-15", None)],
                vec![],
                Health::Amber,
                vec![Reason::Overdue {
                    milestone: "样机".into(),
                    days: 14,
                }],
            ),
            (
                vec![],
                vec![risk(RiskSeverity::Critical, RiskState::Open)],
                Health::Red,
                vec![Reason::CriticalRisk {
                    risk: "磁钢供货".into(),
                }],
            ),
            (
                vec![],
                vec![risk(RiskSeverity::High, RiskState::Open)],
                Health::Amber,
                vec![Reason::HighRisk {
                    risk: "磁钢供货".into(),
                }],
            ),
            (
                vec![],
                vec![
                    risk(RiskSeverity::Critical, RiskState::Mitigated),
                    risk(RiskSeverity::High, RiskState::Closed),
                ],
                Health::Green,
                vec![],
            ),
            (
                vec![milestone(InProgress, "2027-06-30", Some("2027-01-29"))],
                vec![],
                Health::Amber,
                vec![Reason::NoRecentReport {
                    milestone: "样机".into(),
                    days: 31,
                }],
            ),
            (
                // Never reported on: stale from the day it started (2027-01-01).
                vec![milestone(InProgress, "2027-06-30", None)],
                vec![],
                Health::Amber,
                vec![Reason::NoRecentReport {
                    milestone: "样机".into(),
                    days: 59,
                }],
            ),
            (
                vec![milestone(Accepted, "2027-01-15", None)],
                vec![],
                Health::Green,
                vec![],
            ),
        ];
        for (milestones, risks, health, reasons) in table {
            let got = assess(&milestones, &risks, &settings, today);
            assert_eq!(got.health, health, "{milestones:?} {risks:?}");
            assert_eq!(got.reasons, reasons, "{milestones:?} {risks:?}");
        }
    }

    #[test]
    fn the_worst_sentence_comes_first_and_the_thresholds_are_settings() {
        let today = day("2027-03-01");
        let facts = [
            milestone(MilestoneState::InProgress, "2027-02-20", Some("2027-02-25")),
            milestone(MilestoneState::InProgress, "2027-02-01", Some("2027-02-25")),
        ];
        let strict = assess(&facts, &[], &HealthSettings::default(), today);
        assert_eq!(strict.health, Health::Red);
        assert_eq!(strict.reasons[0].health(), Health::Red);
        assert_eq!(strict.reasons.len(), 2);
        let lenient = HealthSettings {
            red_overdue_days: 60,
            stale_report_days: 90,
        };
        assert_eq!(assess(&facts, &[], &lenient, today).health, Health::Amber);
    }

    fn state() -> impl Strategy<Value = MilestoneState> {
        prop::sample::select(MilestoneState::ALL.to_vec())
    }

    fn severity() -> impl Strategy<Value = RiskSeverity> {
        prop::sample::select(RiskSeverity::ALL.to_vec())
    }

    fn milestones() -> impl Strategy<Value = Vec<MilestoneFacts>> {
        prop::collection::vec(
            (state(), 0u64..200, prop::option::of(0u64..200), 0u64..200),
            0..5,
        )
        .prop_map(|rows| {
            let origin = day("2027-01-01");
            rows.into_iter()
                .map(|(state, due, report, start)| MilestoneFacts {
                    name: "m".into(),
                    state,
                    due_on: origin + chrono::Days::new(due),
                    last_report_on: report.map(|r| origin + chrono::Days::new(r)),
                    started_on: Some(origin + chrono::Days::new(start)),
                })
                .collect()
        })
    }

    fn risks() -> impl Strategy<Value = Vec<RiskFacts>> {
        prop::collection::vec(
            (severity(), prop::sample::select(RiskState::ALL.to_vec())),
            0..4,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .map(|(severity, state)| RiskFacts {
                    title: "r".into(),
                    severity,
                    state,
                })
                .collect()
        })
    }

    proptest! {
        /// Health never improves when a fact worsens: time passes, a report is lost, a risk
        /// grows worse or opens again, a new risk or an earlier due date appears.
        #[test]
        fn health_never_improves_when_a_fact_worsens(
            milestones in milestones(),
            risks in risks(),
            today in 0u64..260,
            later in 0u64..60,
            worse in severity(),
            which in 0usize..8,
            earlier in 0u64..30,
        ) {
            let settings = HealthSettings::default();
            let today = day("2027-01-01") + chrono::Days::new(today);
            let base = assess(&milestones, &risks, &settings, today).health;

            let later_day = today + chrono::Days::new(later);
            prop_assert!(assess(&milestones, &risks, &settings, later_day).health >= base);

            if !milestones.is_empty() {
                let i = which % milestones.len();
                let mut unreported = milestones.clone();
                unreported[i].last_report_on = None;
                // (It started no later than its report.)
                unreported[i].started_on = match (milestones[i].started_on, milestones[i].last_report_on) {
                    (Some(start), Some(report)) => Some(start.min(report)),
                    (start, _) => start,
                };
                prop_assert!(assess(&unreported, &risks, &settings, today).health >= base);

                let mut sooner = milestones.clone();
                sooner[i].due_on = sooner[i].due_on - chrono::Days::new(earlier);
                prop_assert!(assess(&sooner, &risks, &settings, today).health >= base);
            }
            if !risks.is_empty() {
                let i = which % risks.len();
                let mut graver = risks.clone();
                graver[i].severity = graver[i].severity.max(worse);
                prop_assert!(assess(&milestones, &graver, &settings, today).health >= base);
                let mut reopened = risks.clone();
                reopened[i].state = RiskState::Open;
                prop_assert!(assess(&milestones, &reopened, &settings, today).health >= base);
            }
            let mut more = risks;
            more.push(RiskFacts { title: "new".into(), severity: worse, state: RiskState::Open });
            prop_assert!(assess(&milestones, &more, &settings, today).health >= base);
        }
    }
}
