//! Expressions read against the anchor: weekdays, "yesterday", "last week", "next March",
//! "24 years ago", "two days later".

use chrono::{Datelike, NaiveDate, Weekday};

use super::super::cal::{self, Toward};
use super::super::lex::{count_of, month_of, weekday_of, Kind};
use super::super::Granularity;
use super::{Found, Scanner};

/// Capitalised words before a weekday that make it a name ("Good Friday", "Super Tuesday").
#[rustfmt::skip]
const WEEKDAY_NAMES_BEFORE: &[&str] = &[
    "good", "black", "ash", "bloody", "super", "cyber", "holy", "palm", "easter", "maundy",
    "shrove", "giving", "man", "girl", "small", "red", "blue", "whit", "low", "mothering",
];

/// Capitalised words after a weekday that make it a title ("Sunday Times").
#[rustfmt::skip]
const WEEKDAY_TITLES_AFTER: &[&str] = &[
    "times", "telegraph", "express", "mirror", "herald", "post", "mail", "people", "sport", "star",
    "tribune", "independent", "observer", "edition", "magazine", "review", "record", "sun",
    "world", "business", "night", "morning", "club", "school",
];

impl Scanner<'_> {
    /// A weekday alone: the latest one on or before the anchor, or the coming one when the
    /// sentence speaks of the future.
    pub(super) fn weekday(&self, i: usize, w: Weekday) -> Option<Found> {
        let anchor = self.anchor?;
        if let Some(p) = self.prev(i) {
            if p.capitalised() && p.is_any(WEEKDAY_NAMES_BEFORE) {
                return None;
            }
            // "the Mail on Sunday"
            if p.is("on") && i >= 2 && self.toks[i - 2].is("Mail") {
                return None;
            }
        }
        if let Some(n) = self.tok(i + 1) {
            if n.kind == Kind::Word
                && n.is_any(WEEKDAY_TITLES_AFTER)
                && (n.capitalised() || n.is("school"))
            {
                return None;
            }
        }
        let future = self.future_cue(i, i + 1);
        let toward = if future { Toward::Future } else { Toward::Past };
        let date = cal::place_weekday(anchor, w, toward)?;
        Some(Found::new(i, i + 1, date, Granularity::Day).relative(future))
    }

    pub(super) fn relative_word(&self, i: usize) -> Option<Found> {
        let t = self.toks[i];
        let first = t.s.as_bytes()[0].to_ascii_lowercase();
        if !matches!(first, b'y' | b't' | b'l' | b'n' | b'e') {
            return None;
        }
        let a = self.anchor?;
        let day = |n: i64, end: usize| {
            cal::add_days(a, n).map(|d| Found::new(i, end, d, Granularity::Day).relative(n > 0))
        };
        if t.is("yesterday") {
            return day(-1, i + 1);
        }
        if t.is("today") || t.is("tonight") {
            if self.today_is_a_name(i) {
                return None;
            }
            return day(0, i + 1);
        }
        if t.is("tomorrow") {
            return day(1, i + 1);
        }
        if t.is_any(&["earlier", "later"]) && self.is_word(i + 1, "this") {
            let f = self.this_last_next(i + 1, a)?;
            return Some(Found { start: i, ..f });
        }
        if t.is_any(&["last", "this", "next"]) {
            // "the last year", "the next month" count from the narrative, not the anchor.
            if self.prev(i).is_some_and(|p| p.is("the")) && !t.is("this") {
                return None;
            }
            return self.this_last_next(i, a);
        }
        None
    }

    /// "the Today programme", "USA Today".
    fn today_is_a_name(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if self
            .tok(i + 1)
            .is_some_and(|n| n.is_any(&["programme", "program", "show"]))
        {
            return true;
        }
        t.capitalised()
            && !self.sentence_start(i)
            && self.prev(i).is_some_and(|p| p.is("the") || p.capitalised())
    }

    /// "last week", "this month", "next year", "last Tuesday", "next March", "last night".
    fn this_last_next(&self, i: usize, a: NaiveDate) -> Option<Found> {
        let t = self.toks[i];
        let n = *self.tok(i + 1)?;
        let shift: i32 = if t.is("last") {
            -1
        } else if t.is("next") {
            1
        } else {
            0
        };
        let end = i + 2;
        if n.is("night") && shift <= 0 {
            let d = cal::add_days(a, i64::from(shift))?;
            return Some(Found::new(i, end, d, Granularity::Day).relative(false));
        }
        if shift == 0 && n.is_any(&["morning", "afternoon", "evening"]) {
            return Some(Found::new(i, end, a, Granularity::Day).relative(false));
        }
        if n.is("week") || n.is("weekend") {
            let monday = cal::add_days(cal::week_start(a)?, 7 * i64::from(shift))?;
            let (from, to) = if n.is("week") { (0, 6) } else { (5, 6) };
            let mut f = Found::new(i, end, cal::add_days(monday, from)?, Granularity::Day);
            f.end_date = Some(cal::add_days(monday, to)?);
            return Some(f.relative(shift > 0));
        }
        if n.is("month") {
            let d = cal::month_start(cal::month_index(a) + shift)?;
            return Some(Found::new(i, end, d, Granularity::Month).relative(shift > 0));
        }
        if n.is("year") {
            let d = cal::year_start(a.year() + shift)?;
            return Some(Found::new(i, end, d, Granularity::Year).relative(shift > 0));
        }
        if let Some((w, false)) = weekday_of(&n) {
            let toward = match shift {
                -1 => Toward::Before,
                1 => Toward::After,
                _ => Toward::Future,
            };
            let mut d = cal::place_weekday(a, w, toward)?;
            // A writer says "yesterday" or "tomorrow" for the day next to today: "last
            // Tuesday" written on a Wednesday is the Tuesday of the week before.
            if shift != 0 && (d - a).num_days().abs() < 2 {
                d = cal::add_days(d, 7 * i64::from(shift))?;
            }
            return Some(Found::new(i, end, d, Granularity::Day).relative(shift >= 0));
        }
        if let Some((m, false)) = month_of(&n) {
            let d = match shift {
                -1 => cal::place_month(a, m, Toward::Before)?,
                1 => cal::place_month(a, m, Toward::After)?,
                _ => NaiveDate::from_ymd_opt(a.year(), m, 1)?,
            };
            return Some(Found::new(i, end, d, Granularity::Month).relative(d > a));
        }
        None
    }

    /// "24 years ago", "a month ago", "two days later", "the next day".
    pub(super) fn ago(&self, i: usize) -> Option<Found> {
        let t = self.toks[i];
        if t.is("the") {
            let w = self.tok(i + 1)?;
            if !self.is_word(i + 2, "day") {
                return None;
            }
            let n = if w.is_any(&["next", "following"]) {
                1
            } else if w.is("previous") {
                -1
            } else {
                return None;
            };
            self.anchor?;
            let base = self.last_day.or(self.anchor)?;
            let d = cal::add_days(base, n)?;
            return Some(Found::new(i, i + 3, d, Granularity::Day).relative(false));
        }
        let count = count_of(&t)?;
        if t.kind == Kind::Num && self.labelled_number(i) {
            return None;
        }
        let unit = self.tok(i + 1)?;
        let dir = self.tok(i + 2)?;
        let sign: i64 = if dir.is("ago") {
            -1
        } else if dir.is_any(&["later", "earlier"]) {
            if dir.is("later") {
                1
            } else {
                -1
            }
        } else {
            return None;
        };
        let a = self.anchor?;
        let base = if dir.is("ago") {
            a
        } else {
            self.last_day.unwrap_or(a)
        };
        let n = i64::from(count) * sign;
        let stem = unit.s.trim_end_matches(['s', 'S']);
        let lower = |w: &str| stem.eq_ignore_ascii_case(w);
        let f = if lower("day") {
            Found::new(i, i + 3, cal::add_days(base, n)?, Granularity::Day)
        } else if lower("week") {
            Found::new(i, i + 3, cal::add_days(base, 7 * n)?, Granularity::Day)
        } else if lower("month") {
            let d = cal::month_start(cal::month_index(base) + n as i32)?;
            Found::new(i, i + 3, d, Granularity::Month)
        } else if lower("year") {
            Found::new(
                i,
                i + 3,
                cal::year_start(base.year() + n as i32)?,
                Granularity::Year,
            )
        } else if lower("decade") {
            Found::new(
                i,
                i + 3,
                cal::year_start(base.year() + 10 * n as i32)?,
                Granularity::Year,
            )
        } else {
            return None;
        };
        Some(f.relative(false))
    }
}
