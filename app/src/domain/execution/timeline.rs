//! Where the timeline of a project in execution draws what: one row per participant, one bar
//! per milestone (from the day the one before it was due, or the project's start, to its own
//! due day), the project's start and end, today's line and the months. Pure geometry in the
//! drawing's own units; the page draws it as SVG on the server.

use chrono::{Datelike, NaiveDate};

use super::milestone::MilestoneState;

/// The drawing's width; it scales to its box.
pub const WIDTH: f64 = 960.0;
/// The left margin, where the participants' names stand.
pub const LABEL_WIDTH: f64 = 200.0;
pub const ROW_HEIGHT: f64 = 32.0;
/// Above the rows: the months' labels.
pub const HEADER_HEIGHT: f64 = 28.0;
const BAR_HEIGHT: f64 = 18.0;

/// One milestone as the timeline reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub due_on: NaiveDate,
    pub state: MilestoneState,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub row: usize,
    /// The milestone's index in its row.
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub state: MilestoneState,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub day: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub height: f64,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    /// Today's line (the drawing always spans today).
    pub today: f64,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

/// Lays out `rows` (each participant's milestones in their order) between the project's start
/// and end; the drawing spans from the earliest to the latest of those days, the milestones'
/// and today.
pub fn layout(
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    today: NaiveDate,
    rows: &[Vec<Span>],
) -> Layout {
    let dues = rows.iter().flatten().map(|s| s.due_on);
    let first = starts_on
        .into_iter()
        .chain(dues.clone())
        .chain([today])
        .min()
        .unwrap_or(today);
    let last = ends_on
        .into_iter()
        .chain(dues)
        .chain([today])
        .max()
        .unwrap_or(today);
    let days = (last - first).num_days().max(1) as f64;
    let x_of = |day: NaiveDate| {
        LABEL_WIDTH + (WIDTH - LABEL_WIDTH) * ((day - first).num_days() as f64 / days)
    };
    let mut bars = Vec::new();
    for (row, spans) in rows.iter().enumerate() {
        let mut from = starts_on.unwrap_or(first);
        for (index, span) in spans.iter().enumerate() {
            let (start, end) = (from.min(span.due_on), span.due_on);
            let x = x_of(start);
            bars.push(Bar {
                row,
                index,
                x,
                y: HEADER_HEIGHT + ROW_HEIGHT * row as f64 + (ROW_HEIGHT - BAR_HEIGHT) / 2.0,
                // A milestone due the day the one before it was still shows.
                width: (x_of(end) - x).max(3.0),
                height: BAR_HEIGHT,
                from: start,
                to: end,
                state: span.state,
            });
            from = span.due_on;
        }
    }
    Layout {
        height: HEADER_HEIGHT + ROW_HEIGHT * rows.len().max(1) as f64,
        bars,
        ticks: months(first, last)
            .into_iter()
            .map(|day| Tick { x: x_of(day), day })
            .collect(),
        today: x_of(today),
        start: starts_on.map(x_of),
        end: ends_on.map(x_of),
    }
}

/// The first days of the months within `first..=last`: every month up to a year and a half,
/// every quarter beyond (so that their labels never run into each other).
fn months(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    if day < first {
        day = day
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(last);
    }
    let mut all = Vec::new();
    while day <= last {
        all.push(day);
        match day.checked_add_months(chrono::Months::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    if all.len() > 18 {
        all.retain(|d| (d.month() - 1) % 3 == 0);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
    }

    fn span(due: &str, state: MilestoneState) -> Span {
        Span {
            due_on: day(due),
            state,
        }
    }

    #[test]
    fn each_milestone_runs_from_the_one_before_to_its_due_day() {
        use MilestoneState::*;
        let rows = vec![
            vec![span("2027-03-01", Accepted), span("2027-07-01", InProgress)],
            vec![span("2027-05-01", Planned)],
        ];
        let l = layout(
            Some(day("2027-01-01")),
            Some(day("2027-12-31")),
            day("2027-04-01"),
            &rows,
        );
        assert_eq!(l.bars.len(), 3);
        assert_eq!(
            (l.bars[0].from, l.bars[0].to),
            (day("2027-01-01"), day("2027-03-01"))
        );
        assert_eq!(
            (l.bars[1].from, l.bars[1].to),
            (day("2027-03-01"), day("2027-07-01"))
        );
        assert_eq!(
            l.bars[2].from,
            day("2027-01-01"),
            "a row starts at the project's start"
        );
        // Left to right in time, rows top to bottom; the project's start at the labels' edge,
        // its end at the drawing's.
        assert_eq!(l.start, Some(LABEL_WIDTH));
        assert_eq!(l.end, Some(WIDTH));
        assert!(l.bars[0].x + l.bars[0].width <= l.bars[1].x + 1e-9);
        assert!(l.bars[2].y > l.bars[0].y);
        let today = l.today;
        assert!(today > l.bars[0].x + l.bars[0].width && today < l.bars[1].x + l.bars[1].width);
        assert_eq!(l.height, HEADER_HEIGHT + 2.0 * ROW_HEIGHT);
        assert_eq!(l.ticks.first().map(|t| t.day), Some(day("2027-01-01")));
        assert_eq!(l.ticks.len(), 12);
    }

    #[test]
    fn the_drawing_stretches_to_a_milestone_past_the_end_and_to_today() {
        let rows = vec![vec![span("2028-06-30", MilestoneState::Planned)]];
        let l = layout(
            Some(day("2027-01-01")),
            Some(day("2027-12-31")),
            day("2029-01-01"),
            &rows,
        );
        let end = l.end.expect("end");
        assert!(
            end < l.bars[0].x + l.bars[0].width,
            "the milestone runs past the end"
        );
        assert_eq!(l.today, WIDTH, "today is the drawing's right edge");
        assert!(
            l.ticks.len() <= 18 / 3 + 3,
            "quarters over two years: {}",
            l.ticks.len()
        );
        assert!(l.ticks.iter().all(|t| (t.day.month() - 1) % 3 == 0));
    }

    #[test]
    fn no_dates_at_all_still_draws_today() {
        let l = layout(None, None, day("2027-04-01"), &[]);
        assert!(l.bars.is_empty());
        assert_eq!(l.today, LABEL_WIDTH);
        assert_eq!(l.height, HEADER_HEIGHT + ROW_HEIGHT);
    }
}
