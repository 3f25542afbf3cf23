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

pub const MILESTONE_NAME_MAX_CHARS: usize = 100;
pub const DELIVERABLE_MAX_CHARS: usize = 1000;
pub const ACCEPTANCE_MAX_CHARS: usize = 2000;
pub const TARGET_MAX_CHARS: usize = 50;

/// A milestone's plan as an official types it: its name (empty: its rung's, for one drafted
/// from the ladder), deliverable, due day, acceptance criteria and each bench figure's target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneForm {
    pub name: String,
    pub deliverable: String,
    pub due_on: String,
    pub acceptance: String,
    /// One per figure of the milestone, in their order.
    pub targets: Vec<String>,
}

pub const MILESTONE_FIELDS: [&str; 5] = ["name", "deliverable", "due_on", "acceptance", "targets"];

/// A milestone's plan, parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestonePlan {
    pub name: Option<String>,
    pub deliverable: String,
    pub due_on: NaiveDate,
    pub acceptance: String,
    pub targets: Vec<Option<String>>,
}

impl MilestonePlan {
    /// Every field is checked. `rung`: the rung it was drafted from (a milestone an official
    /// added has none, and so needs a name); `figures`: how many bench figures it has.
    pub fn parse(
        form: &MilestoneForm,
        rung: Option<Rung>,
        figures: usize,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        use crate::domain::firm::{Name, field};
        use crate::domain::project::long_text;

        let mut errors = Vec::new();
        let e = &mut errors;
        let name = field(
            e,
            "name",
            match Name::parse(&form.name, MILESTONE_NAME_MAX_CHARS) {
                Ok(name) => Ok(Some(name.as_str().to_owned())),
                Err("required") if rung.is_some() => Ok(None),
                Err(code) => Err(code),
            },
        );
        let deliverable = field(
            e,
            "deliverable",
            long_text(&form.deliverable, DELIVERABLE_MAX_CHARS),
        );
        let due_on = field(
            e,
            "due_on",
            match form.due_on.trim() {
                "" => Err("required"),
                raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "date_invalid"),
            },
        );
        let acceptance = field(
            e,
            "acceptance",
            long_text(&form.acceptance, ACCEPTANCE_MAX_CHARS),
        );
        let targets = field(
            e,
            "targets",
            if form.targets.len() > figures {
                Err("invalid")
            } else {
                (0..figures)
                    .map(|i| {
                        let target = form.targets.get(i).map_or("", |t| t.trim());
                        if target.chars().count() > TARGET_MAX_CHARS {
                            Err("too_long")
                        } else {
                            Ok((!target.is_empty()).then(|| target.to_owned()))
                        }
                    })
                    .collect()
            },
        );
        match (name, deliverable, due_on, acceptance, targets) {
            (Some(name), Some(deliverable), Some(due_on), Some(acceptance), Some(targets))
                if errors.is_empty() =>
            {
                Ok(Self {
                    name,
                    deliverable,
                    due_on,
                    acceptance,
                    targets,
                })
            }
            _ => Err(errors),
        }
    }

    /// The milestone's figures with this plan's targets.
    pub fn apply_targets(&self, figures: &[BenchFigure]) -> Vec<BenchFigure> {
        figures
            .iter()
            .zip(&self.targets)
            .map(|(f, target)| BenchFigure {
                target: target.clone(),
                ..f.clone()
            })
            .collect()
    }
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

    fn plan_form() -> MilestoneForm {
        MilestoneForm {
            name: "".into(),
            deliverable: " 样机两台\r\n及测试报告 ".into(),
            due_on: "2027-03-31".into(),
            acceptance: "峰值扭矩不低于目标".into(),
            targets: vec!["≥ 120".into(), " ".into()],
        }
    }

    #[test]
    fn a_plan_keeps_the_rungs_name_when_none_is_typed_and_reads_each_target() {
        let plan =
            MilestonePlan::parse(&plan_form(), Some(Rung::BenchQualification), 2).expect("a plan");
        assert_eq!(plan.name, None);
        assert_eq!(plan.deliverable, "样机两台\n及测试报告");
        assert_eq!(plan.due_on, day("2027-03-31"));
        assert_eq!(plan.targets, vec![Some("≥ 120".to_owned()), None]);
        let figures = vec![
            BenchFigure {
                zh: "峰值扭矩".into(),
                en: "Peak torque".into(),
                unit: "N·m".into(),
                target: None,
            },
            BenchFigure {
                zh: "效率".into(),
                en: "Efficiency".into(),
                unit: "%".into(),
                target: Some("90".into()),
            },
        ];
        let applied = plan.apply_targets(&figures);
        assert_eq!(applied[0].target.as_deref(), Some("≥ 120"));
        assert_eq!(applied[1].target, None, "a target emptied is cleared");
    }

    #[test]
    fn a_plan_names_every_bad_field() {
        type Case = (
            MilestoneForm,
            Option<Rung>,
            usize,
            Vec<(&'static str, &'static str)>,
        );
        let cases: [Case; 4] = [
            (plan_form(), None, 2, vec![("name", "required")]),
            (
                MilestoneForm {
                    due_on: "".into(),
                    ..plan_form()
                },
                Some(Rung::Prototype),
                2,
                vec![("due_on", "required")],
            ),
            (
                MilestoneForm {
                    due_on: "31/03/2027".into(),
                    targets: vec!["x".repeat(51)],
                    ..plan_form()
                },
                Some(Rung::Prototype),
                2,
                vec![("due_on", "date_invalid"), ("targets", "too_long")],
            ),
            (
                plan_form(),
                Some(Rung::Prototype),
                1,
                vec![("targets", "invalid")],
            ),
        ];
        for (form, rung, figures, expected) in cases {
            assert_eq!(
                MilestonePlan::parse(&form, rung, figures),
                Err(expected),
                "{form:?}"
            );
        }
    }
}
