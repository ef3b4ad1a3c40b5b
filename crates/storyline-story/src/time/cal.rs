//! Calendar arithmetic for resolving dates against an anchor (the publication day).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Months since year 0 of the first day of `d`'s month.
pub(super) fn month_index(d: NaiveDate) -> i32 {
    month_index_of(d.year(), d.month())
}

/// Months since year 0 of month `m` (1-12) of year `y`.
pub(super) fn month_index_of(y: i32, m: u32) -> i32 {
    y * 12 + m as i32 - 1
}

/// First day of the month with index `i` (see [`month_index`]).
pub(super) fn month_start(i: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1)
}

pub(super) fn year_start(y: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, 1, 1)
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// How a month or weekday without a year or date is placed around the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Toward {
    /// The most recent one, the anchor's own included ("on Wednesday", "in March").
    Past,
    /// The coming one, the anchor's own included ("will ... on Friday").
    Future,
    /// Strictly before the anchor's ("last September", "last Tuesday").
    Before,
    /// Strictly after the anchor's ("next Friday", "next March").
    After,
}

/// The month `m` (1-12) nearest the anchor in the given direction. `Past` lets the month run
/// one month past the anchor's: a story in late February may say "in March" of plans already
/// fixed.
pub(super) fn place_month(anchor: NaiveDate, m: u32, toward: Toward) -> Option<NaiveDate> {
    let a = month_index(anchor);
    let y = anchor.year();
    let candidates = [y - 1, y, y + 1].map(|y| y * 12 + m as i32 - 1);
    let pick = match toward {
        Toward::Past => candidates.iter().rev().find(|&&c| c <= a + 1),
        Toward::Before => candidates.iter().rev().find(|&&c| c < a),
        Toward::Future => candidates.iter().find(|&&c| c >= a),
        Toward::After => candidates.iter().find(|&&c| c > a),
    };
    month_start(*pick?)
}

/// The weekday `w` nearest the anchor in the given direction, at most a week away.
pub(super) fn place_weekday(anchor: NaiveDate, w: Weekday, toward: Toward) -> Option<NaiveDate> {
    let a = anchor.weekday().num_days_from_monday() as i64;
    let t = w.num_days_from_monday() as i64;
    let back = (a - t).rem_euclid(7);
    let fwd = (t - a).rem_euclid(7);
    match toward {
        Toward::Past => add_days(anchor, -back),
        Toward::Before => add_days(anchor, -(if back == 0 { 7 } else { back })),
        Toward::Future => add_days(anchor, fwd),
        Toward::After => add_days(anchor, if fwd == 0 { 7 } else { fwd }),
    }
}

/// Monday of the anchor's week.
pub(super) fn week_start(anchor: NaiveDate) -> Option<NaiveDate> {
    add_days(anchor, -(anchor.weekday().num_days_from_monday() as i64))
}

/// A day and month without a year, placed near the anchor. With a weekday, the year (of the
/// anchor's and the two around it) whose date falls on that weekday wins; otherwise the anchor's
/// year, or the year before when that would put the day more than about two months after the
/// anchor, or the year after for a day already well past when the sentence speaks of the future.
pub(super) fn place_day(
    anchor: NaiveDate,
    m: u32,
    d: u32,
    weekday: Option<Weekday>,
    future: bool,
) -> Option<NaiveDate> {
    let y = anchor.year();
    if let Some(w) = weekday {
        let best = [y, y - 1, y + 1]
            .iter()
            .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
            .filter(|c| c.weekday() == w)
            .min_by_key(|c| (*c - anchor).num_days().abs());
        if let Some(b) = best {
            if (b - anchor).num_days().abs() <= 370 {
                return Some(b);
            }
        }
    }
    let this_year =
        NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y - 1, m, d))?;
    let diff = (this_year - anchor).num_days();
    if future {
        if diff < -30 {
            return NaiveDate::from_ymd_opt(y + 1, m, d);
        }
        return Some(this_year);
    }
    if diff > 61 {
        return NaiveDate::from_ymd_opt(y - 1, m, d);
    }
    Some(this_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_around_the_anchor() {
        let a = day(2010, 4, 23);
        assert_eq!(place_month(a, 3, Toward::Past), Some(day(2010, 3, 1)));
        assert_eq!(place_month(a, 5, Toward::Past), Some(day(2010, 5, 1)));
        assert_eq!(place_month(a, 9, Toward::Past), Some(day(2009, 9, 1)));
        assert_eq!(place_month(a, 4, Toward::Before), Some(day(2009, 4, 1)));
        assert_eq!(place_month(a, 9, Toward::Before), Some(day(2009, 9, 1)));
        assert_eq!(place_month(a, 3, Toward::Future), Some(day(2011, 3, 1)));
        assert_eq!(place_month(a, 4, Toward::Future), Some(day(2010, 4, 1)));
        assert_eq!(place_month(a, 4, Toward::After), Some(day(2011, 4, 1)));
        // Across the turn of the year.
        assert_eq!(
            place_month(day(2010, 12, 20), 1, Toward::Past),
            Some(day(2011, 1, 1))
        );
        assert_eq!(
            place_month(day(2011, 1, 5), 12, Toward::Past),
            Some(day(2010, 12, 1))
        );
    }

    #[test]
    fn weekdays_around_the_anchor() {
        let wed = day(2010, 4, 21);
        assert_eq!(place_weekday(wed, Weekday::Wed, Toward::Past), Some(wed));
        assert_eq!(
            place_weekday(wed, Weekday::Tue, Toward::Past),
            Some(day(2010, 4, 20))
        );
        assert_eq!(
            place_weekday(wed, Weekday::Thu, Toward::Past),
            Some(day(2010, 4, 15))
        );
        assert_eq!(
            place_weekday(wed, Weekday::Wed, Toward::Before),
            Some(day(2010, 4, 14))
        );
        assert_eq!(
            place_weekday(wed, Weekday::Fri, Toward::Future),
            Some(day(2010, 4, 23))
        );
        assert_eq!(place_weekday(wed, Weekday::Wed, Toward::Future), Some(wed));
        assert_eq!(
            place_weekday(wed, Weekday::Wed, Toward::After),
            Some(day(2010, 4, 28))
        );
        assert_eq!(week_start(wed), Some(day(2010, 4, 19)));
    }

    #[test]
    fn days_without_a_year() {
        let a = day(2010, 4, 23);
        assert_eq!(place_day(a, 4, 20, None, false), Some(day(2010, 4, 20)));
        assert_eq!(place_day(a, 6, 18, None, false), Some(day(2010, 6, 18)));
        assert_eq!(place_day(a, 12, 30, None, false), Some(day(2009, 12, 30)));
        assert_eq!(
            place_day(day(2011, 1, 3), 12, 30, None, false),
            Some(day(2010, 12, 30))
        );
        assert_eq!(
            place_day(day(2010, 12, 20), 1, 5, None, true),
            Some(day(2011, 1, 5))
        );
        // 20 December 2009 was a Sunday, 2010's a Monday.
        assert_eq!(
            place_day(day(2010, 4, 23), 12, 20, Some(Weekday::Mon), false),
            Some(day(2010, 12, 20))
        );
        assert_eq!(
            place_day(day(2010, 4, 23), 12, 20, Some(Weekday::Sun), false),
            Some(day(2009, 12, 20))
        );
        // 29 February resolves only in a leap year.
        assert_eq!(
            place_day(day(2013, 3, 1), 2, 29, None, false),
            Some(day(2012, 2, 29))
        );
    }
}
