//! A participant's milestones: where each stands, the steps that move it, when it is overdue,
//! and the ladder a participant's milestones are drafted from when its project starts.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::firm::{ProductionLevel, db_enum};

db_enum! {
    /// Where a milestone stands, as stored.
    MilestoneState {
        Planned => "planned",
        InProgress => "in_progress",
        Submitted => "submitted",
        Accepted => "accepted",
        Rejected => "rejected",
    }
}

/// What moves a milestone. The participant's representatives start and submit; an official of
/// the project's city accepts or rejects (who may take a step is `domain::access`'s to say).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneStep {
    /// Work has begun (a first progress report does it too).
    Start,
    /// The deliverable is handed in for acceptance; a rejected milestone is handed in again.
    Submit,
    Accept,
    /// Refused, with a reason; the participant works on and submits again.
    Reject,
}

/// The state `step` moves a milestone in `from` to, or the refusal's code.
pub fn check_step(
    from: MilestoneState,
    step: MilestoneStep,
) -> Result<MilestoneState, &'static str> {
    use MilestoneState::{Accepted, InProgress, Planned, Rejected, Submitted};
    match (step, from) {
        (_, Accepted) => Err("milestone_accepted"),
        (MilestoneStep::Start, Planned | Rejected) => Ok(InProgress),
        (MilestoneStep::Start, InProgress | Submitted) => Err("milestone_started"),
        (MilestoneStep::Submit, Planned | InProgress | Rejected) => Ok(Submitted),
        (MilestoneStep::Submit, Submitted) => Err("milestone_submitted"),
        (MilestoneStep::Accept, Submitted) => Ok(Accepted),
        (MilestoneStep::Reject, Submitted) => Ok(Rejected),
        (MilestoneStep::Accept | MilestoneStep::Reject, _) => Err("milestone_not_submitted"),
    }
}

/// How many whole days a milestone due on `due_on` (its last day, Beijing) is overdue on
/// `today` (Beijing): computed when read, so nothing waits for a job. An accepted milestone
/// is never overdue; one is overdue from the day after its due day.
pub fn overdue_days(state: MilestoneState, due_on: NaiveDate, today: NaiveDate) -> Option<u32> {
    if state == MilestoneState::Accepted || today <= due_on {
        return None;
    }
    u32::try_from((today - due_on).num_days()).ok()
}

db_enum! {
    /// A rung of the ladder a participant's milestones are drafted from.
    Rung {
        Prototype => "prototype",
        BenchQualification => "bench_qualification",
        Sample => "sample",
        SmallBatch => "small_batch",
        MassProduction => "mass_production",
    }
}

/// The rungs up to a need's production level: prototype → sample → small batch → mass
/// production, with bench qualification after the prototype for a component (whose figures
/// the bench measures).
pub fn ladder(level: ProductionLevel, component: bool) -> Vec<Rung> {
    let mut rungs = vec![Rung::Prototype];
    if component {
        rungs.push(Rung::BenchQualification);
    }
    if level >= ProductionLevel::SmallBatch {
        rungs.extend([Rung::Sample, Rung::SmallBatch]);
    }
    if level >= ProductionLevel::MassProduction {
        rungs.push(Rung::MassProduction);
    }
    rungs
}

/// The due dates of `count` milestones spread evenly over the project's span: the last on its
/// end, each after the one before (days may repeat when the span is shorter than the ladder).
pub fn spread_due_dates(starts_on: NaiveDate, ends_on: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let span = u64::try_from((ends_on - starts_on).num_days()).unwrap_or(0);
    let count_u64 = u64::try_from(count).unwrap_or(u64::MAX).max(1);
    (1..=count_u64)
        .map(|i| starts_on + Days::new(span * i / count_u64))
        .collect()
}

/// The days a participant's ladder spreads over: from the project's start (or today, when it
/// starts late or names no start) to its end (or a year on, when it names none or one already
/// past).
pub fn span(
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let start = starts_on.map_or(today, |s| s.max(today));
    let end = ends_on
        .filter(|e| *e > start)
        .or_else(|| start.checked_add_months(chrono::Months::new(12)))
        .unwrap_or(start);
    (start, end)
}

/// A figure a bench qualification measures, in both languages with its unit, and the target an
/// official sets (none until then).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchFigure {
    pub zh: String,
    pub en: String,
    pub unit: String,
    #[serde(default)]
    pub target: Option<String>,
}

/// A milestone as drafted: its rung, its due day, and (a bench qualification's) the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftMilestone {
    pub rung: Rung,
    pub due_on: NaiveDate,
    pub figures: Vec<BenchFigure>,
}

/// The milestones drafted for a participant when its project starts: the [`ladder`] of its
/// need, due on days spread over `(start, end)` (see [`span`]), the bench qualification with
/// the capability's figures.
pub fn draft(
    level: ProductionLevel,
    component: bool,
    figures: &[BenchFigure],
    (start, end): (NaiveDate, NaiveDate),
) -> Vec<DraftMilestone> {
    let rungs = ladder(level, component);
    let days = spread_due_dates(start, end, rungs.len());
    rungs
        .into_iter()
        .zip(days)
        .map(|(rung, due_on)| DraftMilestone {
            rung,
            due_on,
            figures: if rung == Rung::BenchQualification {
                figures.to_vec()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// What a sentence about a milestone names it by: its participant firm, and its own name or,
/// when an official gave it none, its rung (worded in the reader's language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneLabel {
    pub firm: String,
    pub name: Option<String>,
    pub rung: Option<Rung>,
}

#[cfg(test)]
impl From<&str> for MilestoneLabel {
    fn from(name: &str) -> Self {
        Self {
            firm: String::new(),
            name: Some(name.to_owned()),
            rung: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneState::*;
    use MilestoneStep::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn every_step_from_every_state() {
        let table = [
            (Planned, Start, Ok(InProgress)),
            (Planned, Submit, Ok(Submitted)),
            (Planned, Accept, Err("milestone_not_submitted")),
            (Planned, Reject, Err("milestone_not_submitted")),
            (InProgress, Start, Err("milestone_started")),
            (InProgress, Submit, Ok(Submitted)),
            (InProgress, Accept, Err("milestone_not_submitted")),
            (InProgress, Reject, Err("milestone_not_submitted")),
            (Submitted, Start, Err("milestone_started")),
            (Submitted, Submit, Err("milestone_submitted")),
            (Submitted, Accept, Ok(Accepted)),
            (Submitted, Reject, Ok(Rejected)),
            (Rejected, Start, Ok(InProgress)),
            (Rejected, Submit, Ok(Submitted)),
            (Rejected, Accept, Err("milestone_not_submitted")),
            (Rejected, Reject, Err("milestone_not_submitted")),
            (Accepted, Start, Err("milestone_accepted")),
            (Accepted, Submit, Err("milestone_accepted")),
            (Accepted, Accept, Err("milestone_accepted")),
            (Accepted, Reject, Err("milestone_accepted")),
        ];
        assert_eq!(table.len(), MilestoneState::ALL.len() * 4);
        for (from, step, expected) in table {
            assert_eq!(check_step(from, step), expected, "{from:?} {step:?}");
        }
    }

    #[test]
    fn a_milestone_is_overdue_from_the_day_after_its_due_day_until_accepted() {
        let due = day("2027-03-31");
        assert_eq!(overdue_days(InProgress, due, day("2027-03-31")), None);
        assert_eq!(overdue_days(InProgress, due, day("2027-04-01")), Some(1));
        assert_eq!(overdue_days(Submitted, due, day("2027-04-15")), Some(15));
        assert_eq!(overdue_days(Rejected, due, day("2027-04-15")), Some(15));
        assert_eq!(overdue_days(Planned, due, day("2027-04-02")), Some(2));
        assert_eq!(overdue_days(Accepted, due, day("2027-06-01")), None);
    }

    #[test]
    fn the_ladder_climbs_to_the_needs_level() {
        use ProductionLevel::{MassProduction, Prototype, SmallBatch};
        assert_eq!(ladder(Prototype, false), [Rung::Prototype]);
        assert_eq!(
            ladder(Prototype, true),
            [Rung::Prototype, Rung::BenchQualification]
        );
        assert_eq!(
            ladder(SmallBatch, false),
            [Rung::Prototype, Rung::Sample, Rung::SmallBatch]
        );
        assert_eq!(
            ladder(MassProduction, true),
            [
                Rung::Prototype,
                Rung::BenchQualification,
                Rung::Sample,
                Rung::SmallBatch,
                Rung::MassProduction
            ]
        );
    }

    #[test]
    fn a_late_or_open_ended_project_spreads_its_ladder_from_today_over_a_year() {
        let today = day("2027-03-01");
        assert_eq!(
            span(Some(day("2027-04-01")), Some(day("2027-10-31")), today),
            (day("2027-04-01"), day("2027-10-31"))
        );
        assert_eq!(
            span(Some(day("2027-01-01")), Some(day("2027-10-31")), today),
            (today, day("2027-10-31"))
        );
        assert_eq!(span(None, None, today), (today, day("2028-03-01")));
        assert_eq!(
            span(Some(day("2026-01-01")), Some(day("2026-12-31")), today),
            (today, day("2028-03-01"))
        );
    }

    #[test]
    fn a_component_is_drafted_with_its_bench_figures_on_the_qualification_only() {
        let torque = BenchFigure {
            zh: "峰值扭矩".into(),
            en: "Peak torque".into(),
            unit: "N·m".into(),
            target: None,
        };
        let drafted = draft(
            ProductionLevel::SmallBatch,
            true,
            std::slice::from_ref(&torque),
            (day("2027-01-01"), day("2027-12-31")),
        );
        let rungs: Vec<Rung> = drafted.iter().map(|d| d.rung).collect();
        assert_eq!(
            rungs,
            [
                Rung::Prototype,
                Rung::BenchQualification,
                Rung::Sample,
                Rung::SmallBatch
            ]
        );
        assert_eq!(drafted[1].figures, [torque]);
        assert!(
            drafted
                .iter()
                .filter(|d| d.rung != Rung::BenchQualification)
                .all(|d| d.figures.is_empty())
        );
        assert_eq!(drafted.last().map(|d| d.due_on), Some(day("2027-12-31")));
    }

    #[test]
    fn due_dates_spread_over_the_span_and_end_on_its_last_day() {
        let dates = spread_due_dates(day("2027-01-01"), day("2027-12-31"), 4);
        assert_eq!(
            dates,
            [
                day("2027-04-02"),
                day("2027-07-02"),
                day("2027-10-01"),
                day("2027-12-31")
            ]
        );
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        let short = spread_due_dates(day("2027-01-01"), day("2027-01-02"), 3);
        assert_eq!(short.last(), Some(&day("2027-01-02")));
        assert!(short.windows(2).all(|w| w[0] <= w[1]));
    }
}
