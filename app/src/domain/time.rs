//! Time as the alliance reads it: Beijing's calendar (Asia/Shanghai). Pure functions of a
//! moment or a day; reading the clock is the caller's business.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

/// A moment as a page shows it: `2026-12-04 09:30`, Beijing time.
pub fn beijing(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The day it is in Beijing at `at`.
pub fn beijing_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Shanghai).date_naive()
}

/// The end of `day` in Beijing (the first moment of the next day): when a deadline on that
/// day passes.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let next = (day + Days::new(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    next.and_local_timezone(Shanghai)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| next.and_utc())
}

/// The last day a deadline set by [`end_of_day`] allows, as the pages show it.
pub fn last_day(deadline: DateTime<Utc>) -> String {
    beijing_date(deadline - chrono::Duration::seconds(1)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_moment_reads_as_beijing_time() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 16, 30, 0).unwrap();
        assert_eq!(beijing(at), "2026-12-04 00:30");
        assert_eq!(
            beijing_date(at),
            NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date")
        );
    }

    #[test]
    fn a_day_ends_at_beijing_midnight_and_reads_back_as_itself() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 31).expect("a date");
        let end = end_of_day(day);
        assert_eq!(end, Utc.with_ymd_and_hms(2027, 1, 31, 16, 0, 0).unwrap());
        assert_eq!(last_day(end), "2027-01-31");
    }
}
