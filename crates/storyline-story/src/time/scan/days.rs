//! Dates written with a month name: "July 19, 2000", "19 July", "June 18-19", "September
//! 2023", "in March", and a weekday before any of them.

use chrono::{Datelike, NaiveDate, Weekday};

use super::super::cal::{self, Toward};
use super::super::lex::{month_of, weekday_of, Kind};
use super::super::Granularity;
use super::{Found, Scanner, Yearless};

/// Words before a month name that make it a month ("in May", not "it may rain").
#[rustfmt::skip]
const MONTH_BEFORE: &[&str] = &[
    "in", "since", "until", "till", "by", "during", "from", "to", "through", "throughout",
    "before", "after", "early", "late", "mid", "between", "around", "for", "last", "next", "this",
    "into",
];

/// Nouns before "of" that make the month after it a month ("the end of May").
#[rustfmt::skip]
const OF_HEADS: &[&str] = &[
    "end", "start", "beginning", "middle", "rest", "half", "month", "part", "week", "weeks",
    "course", "days", "ides",
];

impl Scanner<'_> {
    /// "between" shortly before token `i` (for "between June 18 and 20").
    fn between_before(&self, i: usize) -> bool {
        (1..=3).any(|k| i >= k && self.toks[i - k].is("between"))
    }

    /// The end of a day range after a day: "-19", "to 20", "- July 2".
    fn range_tail(&self, k: usize, between: bool) -> Option<(Option<u32>, u32, usize)> {
        let sep = self.tok(k)?;
        if !(sep.is_dash()
            || sep.is_any(&["to", "through", "until", "till"])
            || (between && sep.is("and")))
        {
            return None;
        }
        if let Some(d2) = self.day_at(k + 1) {
            if self.tok(k + 2).is_some_and(|t| month_of(t).is_some()) {
                return None;
            }
            return Some((None, d2, k + 2));
        }
        let (m2, _) = month_of(self.tok(k + 1)?)?;
        let mut q = k + 2;
        if self.tok(q).is_some_and(|t| t.glued && t.is_punct('.')) {
            q += 1;
        }
        let d2 = self.day_at(q)?;
        Some((Some(m2), d2, q + 1))
    }

    /// "July 19, 2000", "Jul. 19", "June 18-19, 2024", "September 2023", "in March".
    pub(super) fn month_first(&mut self, i: usize, weekday: Option<Weekday>) -> Option<Found> {
        let (m, short) = month_of(&self.toks[i])?;
        let mut j = i + 1;
        let dotted = self.tok(j).is_some_and(|t| t.glued && t.is_punct('.'));
        if short && dotted {
            j += 1;
        }
        if let Some(d) = self.day_at(j).filter(|_| !self.toks[j].glued || dotted) {
            let mut k = j + 1;
            let mut range = None;
            if let Some((m2, d2, k2)) = self.range_tail(k, self.between_before(i)) {
                range = Some((m2.unwrap_or(m), d2));
                k = k2;
            }
            let year = self.year_after(k);
            if year.is_none() && m == 5 && self.may_is_a_name(i) {
                return None;
            }
            let end = year.map_or(k, |(_, e)| e);
            return self.day_found(i, end, m, d, range, year.map(|y| y.0), weekday);
        }
        if weekday.is_some() {
            return None;
        }
        let mut k = j;
        if self.is_word(k, "of") || self.tok(k).is_some_and(|t| t.is_punct(',')) {
            k += 1;
        }
        if !self.toks.get(k).is_some_and(|t| t.glued) {
            if let Some(y) = self.year_at(k) {
                let date = NaiveDate::from_ymd_opt(y, m, 1)?;
                let mut f = Found::new(i, k + 1, date, Granularity::Month);
                f.future = self.future_cue(i, k + 1);
                return Some(f);
            }
        }
        if short && !dotted {
            return None;
        }
        self.bare_month(i, m, j)
    }

    /// "Theresa May 3": a capitalised word (not opening the sentence) right before "May".
    fn may_is_a_name(&self, i: usize) -> bool {
        let Some(p) = self.prev(i) else { return false };
        p.capitalised()
            && !self.sentence_start(i - 1)
            && weekday_of(p).is_none()
            && !p.is_any(&[
                "on", "in", "by", "since", "from", "until", "of", "early", "late", "mid",
            ])
    }

    /// "19 July 2000", "the 19th of July", "18-19 June", "22 April - 15 May".
    pub(super) fn day_first(&mut self, i: usize, weekday: Option<Weekday>) -> Option<Found> {
        let d = self.day_at(i)?;
        if self.labelled_number(i) {
            return None;
        }
        let mut k = i + 1;
        let mut d2 = None;
        if let Some(sep) = self.tok(k) {
            let joins = sep.is_dash()
                || sep.is_any(&["to", "through", "until", "till"])
                || (sep.is("and") && self.between_before(i));
            if joins {
                if let Some(e) = self.day_at(k + 1) {
                    if self.tok(k + 2).is_some_and(|t| month_of(t).is_some()) {
                        d2 = Some(e);
                        k += 2;
                    }
                }
            }
        }
        if self.is_word(k, "of")
            && (self.toks[i].ordinal || self.prev(i).is_some_and(|p| p.is("the")))
        {
            k += 1;
        }
        let (m, short) = month_of(self.tok(k)?)?;
        if self.toks[k].glued {
            return None;
        }
        k += 1;
        if short && self.tok(k).is_some_and(|t| t.glued && t.is_punct('.')) {
            k += 1;
        }
        let mut range = d2.map(|d2| (m, d2));
        if range.is_none() {
            if let Some(sep) = self.tok(k) {
                if sep.is_dash() || sep.is("to") {
                    if let (Some(e), Some((m2, short2))) =
                        (self.day_at(k + 1), self.tok(k + 2).and_then(month_of))
                    {
                        range = Some((m2, e));
                        k += 3;
                        if short2 && self.tok(k).is_some_and(|t| t.glued && t.is_punct('.')) {
                            k += 1;
                        }
                    }
                }
            }
        }
        let year = self.year_after(k);
        let end = year.map_or(k, |(_, e)| e);
        self.day_found(i, end, m, d, range, year.map(|y| y.0), weekday)
    }

    #[allow(clippy::too_many_arguments)]
    fn day_found(
        &mut self,
        start: usize,
        end: usize,
        m: u32,
        d: u32,
        range: Option<(u32, u32)>,
        year: Option<i32>,
        weekday: Option<Weekday>,
    ) -> Option<Found> {
        let (date, relative, future) = match year {
            Some(y) => (
                NaiveDate::from_ymd_opt(y, m, d)?,
                false,
                self.future_cue(start, end),
            ),
            None => {
                // Valid in some year (29 February in a leap year).
                NaiveDate::from_ymd_opt(2000, m, d)?;
                let e = self.toks[end - 1].end;
                let future = self.future_cue(start, end);
                let seen = self.out.yearless.last().is_some_and(|y| y.end == e);
                if !seen {
                    self.out.yearless.push(Yearless {
                        start: self.toks[start].start,
                        end: e,
                        month: m,
                        day: d,
                        range_end: range,
                        weekday,
                        future,
                    });
                }
                let anchor = self.anchor?;
                (cal::place_day(anchor, m, d, weekday, future)?, true, future)
            }
        };
        let end_date = match range {
            None => None,
            Some((m2, d2)) => {
                let y = date.year() + i32::from(m2 < m);
                let e = NaiveDate::from_ymd_opt(y, m2, d2)?;
                if e <= date || (e - date).num_days() > 366 {
                    return None;
                }
                Some(e)
            }
        };
        Some(Found {
            start,
            end,
            date,
            end_date,
            granularity: Granularity::Day,
            relative,
            future,
        })
    }

    /// A month name alone: only after a preposition or in a list begun by one, and only with
    /// an anchor ("in March", "in June, July and August this year", "mid-May").
    fn bare_month(&self, i: usize, m: u32, j: usize) -> Option<Found> {
        let prev = self.prev(i)?;
        let mut ok = false;
        let mut list = None;
        if prev.kind == Kind::Word && prev.is_any(MONTH_BEFORE) {
            // "spoke to May", "voted for May": the politician, not the month.
            ok = !(m == 5 && prev.is_any(&["to", "for"]));
        } else if prev.is("of") {
            ok = i >= 2 && self.toks[i - 2].is_any(OF_HEADS);
        } else if prev.is_dash() && prev.glued && self.toks[i].glued {
            ok = i >= 2 && self.toks[i - 2].is_any(&["mid", "early", "late", "end"]);
        }
        if !ok {
            if let Some((end, fut, year)) = self.month_list {
                if end < i
                    && (end..i)
                        .all(|k| self.toks[k].is_punct(',') || self.toks[k].is_any(&["and", "or"]))
                {
                    ok = true;
                    list = Some((fut, year));
                }
            }
        }
        if !ok {
            return None;
        }
        // "May's", "May 's" are more often the politician than the month.
        if m == 5
            && self
                .tok(j)
                .is_some_and(|t| t.is_punct('\'') || t.is_punct('\u{2019}'))
        {
            return None;
        }
        let anchor = self.anchor?;
        let rel_year = |k: usize| -> Option<i32> {
            if !self.is_word(k + 1, "year") {
                return None;
            }
            let t = self.tok(k)?;
            let y = anchor.year();
            if t.is("this") {
                Some(y)
            } else if t.is("last") {
                Some(y - 1)
            } else if t.is("next") {
                Some(y + 1)
            } else {
                None
            }
        };
        if let Some(y) = rel_year(j) {
            let date = NaiveDate::from_ymd_opt(y, m, 1)?;
            return Some(
                Found::new(i, j + 2, date, Granularity::Month).relative(y > anchor.year()),
            );
        }
        if let Some((fut, Some(y))) = list {
            let date = NaiveDate::from_ymd_opt(y, m, 1)?;
            let mut f = Found::new(i, j, date, Granularity::Month);
            f.future = fut;
            return Some(f);
        }
        let future = list.map_or_else(|| self.future_cue(i, j), |(fut, _)| fut);
        let toward = if future { Toward::Future } else { Toward::Past };
        let date = cal::place_month(anchor, m, toward)?;
        Some(Found::new(i, j, date, Granularity::Month).relative(future))
    }

    /// "Wednesday, July 19, 2000", "Wed 19 Jul": a weekday before a date joins its span and
    /// picks the year of a year-less date.
    pub(super) fn weekday_prefixed(&mut self, i: usize, w: Weekday, short: bool) -> Option<Found> {
        if short && self.prev(i).is_some_and(|p| p.is("the")) {
            return None;
        }
        let mut j = i + 1;
        if short && self.tok(j).is_some_and(|t| t.glued && t.is_punct('.')) {
            j += 1;
        }
        if self.tok(j).is_some_and(|t| t.is_punct(',')) {
            j += 1;
        }
        let t = *self.tok(j)?;
        let f = if month_of(&t).is_some() {
            self.month_first(j, Some(w))
        } else if t.kind == Kind::Num {
            self.day_first(j, Some(w))
        } else {
            None
        }?;
        (f.granularity == Granularity::Day).then_some(Found { start: i, ..f })
    }
}
