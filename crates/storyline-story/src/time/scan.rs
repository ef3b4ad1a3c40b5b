//! The date matchers: one pass over the tokens, trying at each token the expressions that can
//! start there (most specific first) and jumping past whatever matched.

use chrono::{Datelike, NaiveDate, Weekday};

use super::cal;
use super::lex::{
    self, month_of, weekday_of, Kind, Tok, COUNT_WORDS, FUTURE_WORDS, NOT_YEAR_BEFORE,
    PAST_STOP_WORDS,
};
use super::{DateMention, Granularity};

mod days;
mod relative;

/// Tokens a future word reaches forward over, back from a date: a clause ("is expected to
/// visit Seoul before or after a trip to Japan in early September"), unless a sentence end
/// or a reporting or past verb comes first.
const FUTURE_REACH: usize = 20;

/// A mention with what the scan learnt about its sentence.
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub mention: DateMention,
    /// The sentence speaks of the future around it ("will", "is expected", "by 2030").
    pub future: bool,
}

/// A day and month written without a year, kept whether or not it could be resolved.
#[derive(Debug, Clone)]
pub(super) struct Yearless {
    /// Byte offset of the start of the expression (the day or month, not a weekday before it).
    pub start: usize,
    /// Byte offset of the end of the expression.
    pub end: usize,
    pub month: u32,
    pub day: u32,
    /// Month and day of the last day of a range ("June 18-19" ends on (6, 19)).
    pub range_end: Option<(u32, u32)>,
    /// A weekday written with it ("Tuesday, June 18").
    pub weekday: Option<Weekday>,
    /// Its sentence speaks of it as still to come ("will visit ... on June 18-19").
    pub future: bool,
}

#[derive(Debug, Default)]
pub(super) struct Scan {
    pub hits: Vec<Hit>,
    pub yearless: Vec<Yearless>,
}

/// Find the date expressions of `text`; relative ones only when there is an anchor.
pub(super) fn scan(text: &str, anchor: Option<NaiveDate>) -> Scan {
    let toks = lex::tokenize(text);
    let clock_headings = clock_headings(&toks, anchor);
    let mut s = Scanner {
        toks,
        anchor,
        out: Scan::default(),
        last_day: None,
        month_list: None,
        clock_headings,
    };
    s.run();
    s.out
}

/// A four-digit number followed by a colon that reads as a clock time ("2013 :" for 20:13).
fn clock_heading(toks: &[Tok], i: usize) -> Option<u32> {
    let t = &toks[i];
    let v = t.value.filter(|_| t.digits == 4 && !t.ordinal)?;
    let colon = toks.get(i + 1).is_some_and(|n| n.is_punct(':'));
    (colon && v / 100 < 24 && v % 100 < 60).then_some(v)
}

/// Whether the text is a live blog whose entries open with clock times ("2042 : ..."): some
/// such heading cannot be a year (it lies after the anchor's year, or the current year).
fn clock_headings(toks: &[Tok], anchor: Option<NaiveDate>) -> bool {
    let latest = anchor.map_or_else(|| chrono::Local::now().year(), |a| a.year()) + 1;
    (0..toks.len()).any(|i| clock_heading(toks, i).is_some_and(|v| v as i32 > latest))
}

/// What one matcher found: token range and the resolved date.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    date: NaiveDate,
    end_date: Option<NaiveDate>,
    granularity: Granularity,
    relative: bool,
    future: bool,
}

impl Found {
    fn new(start: usize, end: usize, date: NaiveDate, granularity: Granularity) -> Found {
        Found {
            start,
            end,
            date,
            end_date: None,
            granularity,
            relative: false,
            future: false,
        }
    }

    fn relative(mut self, future: bool) -> Found {
        self.relative = true;
        self.future = future;
        self
    }
}

/// Words before a year that make even an early year (before 1900) a year.
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "from", "until", "till", "by", "during", "of", "before", "after", "circa",
    "between", "year", "summer", "spring", "autumn", "winter",
];

struct Scanner<'a> {
    toks: Vec<Tok<'a>>,
    anchor: Option<NaiveDate>,
    out: Scan,
    /// Date of the latest day-level mention, the base of "two days later".
    last_day: Option<NaiveDate>,
    /// Token index just after the latest month mention, its future flag and explicit year:
    /// lets "in June, July and August" carry the "in" along the list.
    month_list: Option<(usize, bool, Option<i32>)>,
    /// The text heads entries with clock times ("2013 :"), so such numbers are no years.
    clock_headings: bool,
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            let Some(f) = self.at(i) else {
                i += 1;
                continue;
            };
            let mention = DateMention {
                start: self.toks[f.start].start,
                end: self.toks[f.end - 1].end,
                date: f.date,
                end_date: f.end_date,
                granularity: f.granularity,
                relative: f.relative,
            };
            if self.heads_entry(&f) {
                self.anchor = Some(f.date);
            }
            match f.granularity {
                Granularity::Day => self.last_day = Some(f.date),
                Granularity::Month => {
                    let year = (!f.relative).then(|| f.date.year());
                    self.month_list = Some((f.end, f.future, year));
                }
                Granularity::Year => {}
            }
            self.out.hits.push(Hit {
                mention,
                future: f.future,
            });
            i = f.end.max(i + 1);
        }
    }

    /// A full date heading a line by itself or before a stamp ("Friday 11 February 2011",
    /// "11 Feb 2011, 16:30 -"): a live blog's or timeline's entry, whose relative dates
    /// ("on Friday", "today") count from it rather than from the page's publication.
    fn heads_entry(&self, f: &Found) -> bool {
        if f.relative || f.granularity != Granularity::Day || self.anchor.is_none() {
            return false;
        }
        let line_start = f.start == 0 || self.toks[f.start].newline;
        line_start
            && self.tok(f.end).is_none_or(|t| {
                t.newline
                    || t.kind == Kind::Num
                    || matches!(t.s, ":" | "-" | "\u{2013}" | "\u{2014}" | "|" | ",")
            })
    }

    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word && t.is(w))
    }

    fn prev(&self, i: usize) -> Option<&Tok<'a>> {
        i.checked_sub(1).and_then(|p| self.toks.get(p))
    }

    fn at(&mut self, i: usize) -> Option<Found> {
        let t = self.toks[i];
        match t.kind {
            Kind::Punct => None,
            Kind::Num => self
                .iso(i)
                .or_else(|| self.numeric(i))
                .or_else(|| self.day_first(i, None))
                .or_else(|| self.ago(i))
                .or_else(|| self.year_range(i))
                .or_else(|| self.bare_year(i)),
            Kind::Word => {
                if let Some((w, short)) = weekday_of(&t) {
                    if let Some(f) = self.weekday_prefixed(i, w, short) {
                        return Some(f);
                    }
                    return if short { None } else { self.weekday(i, w) };
                }
                if month_of(&t).is_some() {
                    return self.month_first(i, None);
                }
                self.relative_word(i).or_else(|| self.ago(i))
            }
        }
    }

    // ----- context -------------------------------------------------------------------------

    /// Whether token `i` opens a sentence (quotes and brackets before it allowed).
    fn sentence_start(&self, i: usize) -> bool {
        let mut k = i;
        loop {
            if k == 0 || self.toks[k].newline {
                return true;
            }
            let p = &self.toks[k - 1];
            if p.kind != Kind::Punct {
                return false;
            }
            if matches!(p.s, "." | "!" | "?" | ":" | ";") {
                return true;
            }
            if !matches!(p.s, "\"" | "`" | "'" | "(" | "[" | "\u{201C}" | "\u{2018}") {
                return false;
            }
            k -= 1;
        }
    }

    fn is_boundary(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.kind == Kind::Punct && matches!(t.s, "." | "!" | "?" | ";")
    }

    /// A future word at `k`, checked against the words around it.
    fn future_word(&self, k: usize) -> bool {
        let t = &self.toks[k];
        if t.kind != Kind::Word {
            return false;
        }
        if t.s == "may" || t.is("might") || t.is("would") {
            return true;
        }
        // "the panel is to vote on Thursday"
        if t.is("to") {
            return self.prev(k).is_some_and(|p| p.is_any(&["is", "are", "am"]))
                && self
                    .tok(k + 1)
                    .is_some_and(|n| n.kind == Kind::Word && !n.capitalised());
        }
        if t.is("could") {
            return !self
                .tok(k + 1)
                .is_some_and(|n| n.is_any(&["not", "n't", "n", "have"]));
        }
        if t.is("won") {
            // "won't"
            return self.tok(k + 1).is_some_and(|a| a.glued && a.is_punct('\''))
                && self.is_word(k + 2, "t");
        }
        if !t.is_any(FUTURE_WORDS) {
            return false;
        }
        if t.is("ll") {
            return t.glued
                && self
                    .prev(k)
                    .is_some_and(|p| p.is_punct('\'') || p.is_punct('\u{2019}'));
        }
        if t.is("wo") {
            return self.is_word(k + 1, "n") || self.is_word(k + 1, "not");
        }
        if t.is_any(&[
            "set", "going", "plan", "plans", "planning", "intends", "intend",
        ]) {
            return self.is_word(k + 1, "to");
        }
        // "the vote planned for Friday", "talks are planned"; not "discussed the planned
        // visit in a call on Friday", where it only describes a noun.
        if t.is("planned") {
            return self.is_word(k + 1, "for")
                || self.is_word(k + 1, "to")
                || self.prev(k).is_some_and(|p| p.is_any(&["is", "are", "be"]));
        }
        true
    }

    /// Whether the sentence around tokens `start..end` puts them in the future: a future word
    /// before them (back to the sentence start or a reporting verb), or, when they open the
    /// sentence ("On Friday, ministers will meet"), a future word shortly after.
    fn future_cue(&self, start: usize, end: usize) -> bool {
        let mut k = start;
        for _ in 0..FUTURE_REACH {
            if k == 0 || self.toks[k].newline {
                break;
            }
            k -= 1;
            if self.is_boundary(k) {
                break;
            }
            let t = &self.toks[k];
            if t.kind == Kind::Word && t.is_any(PAST_STOP_WORDS) {
                return false;
            }
            if self.future_word(k) {
                return true;
            }
        }
        // "gales on Sunday could flatten": a modal right after the expression.
        let mut k = end;
        while self
            .tok(k)
            .is_some_and(|t| t.is_any(&["night", "morning", "afternoon", "evening"]))
        {
            k += 1;
        }
        if self.tok(k).is_some_and(|t| !t.newline) && self.future_word(k) {
            return true;
        }
        let mut opener = start;
        while opener > 0
            && self.toks[opener - 1].kind == Kind::Word
            && self.toks[opener - 1].is_any(&["on", "by", "late", "early", "from", "until"])
        {
            opener -= 1;
        }
        if !self.sentence_start(opener) {
            return false;
        }
        for k in end..(end + 8).min(self.toks.len()) {
            if self.toks[k].newline || self.is_boundary(k) {
                break;
            }
            let t = &self.toks[k];
            if t.kind == Kind::Word && t.is_any(PAST_STOP_WORDS) {
                return false;
            }
            if self.future_word(k) {
                return true;
            }
        }
        false
    }

    // ----- numbers ---------------------------------------------------------------------------

    /// A day number at `j` that is not glued to a unit or another number ("5pm", "18m").
    fn day_at(&self, j: usize) -> Option<u32> {
        let t = self.tok(j)?;
        if t.kind != Kind::Num {
            return None;
        }
        let d = t.day_value()?;
        if let Some(n) = self.tok(j + 1) {
            if n.glued && (n.kind != Kind::Punct || n.is_punct('%') || n.is_punct(':')) {
                return None;
            }
        }
        Some(d)
    }

    /// A year at `j`: four digits from 1000 to 2100, not followed by a unit, a count noun, a
    /// percent sign or a glued word ("1990s", "2000m", "2000-strong").
    fn year_at(&self, j: usize) -> Option<i32> {
        let t = self.tok(j)?;
        let y = t.year_value()?;
        if !(1000..=2100).contains(&y) {
            return None;
        }
        if let Some(n) = self.tok(j + 1) {
            if n.glued && (n.kind == Kind::Word || n.kind == Kind::Num) {
                return None;
            }
            if n.is_punct('%') || (n.kind == Kind::Word && n.is_any(COUNT_WORDS)) {
                return None;
            }
            if n.is_dash() && n.glued {
                if let Some(w) = self.tok(j + 2) {
                    if w.glued && w.kind == Kind::Word && !w.capitalised() {
                        return None;
                    }
                }
            }
        }
        Some(y)
    }

    /// An optional comma, then a year: the year and the token index after it.
    fn year_after(&self, k: usize) -> Option<(i32, usize)> {
        let k = if self.tok(k).is_some_and(|t| t.is_punct(',')) {
            k + 1
        } else {
            k
        };
        let t = self.tok(k)?;
        if t.glued && t.kind == Kind::Num {
            return None;
        }
        self.year_at(k).map(|y| (y, k + 1))
    }

    /// Whether the words before the number at `i` make it a count, an amount or a label.
    fn labelled_number(&self, i: usize) -> bool {
        let Some(p) = self.prev(i) else { return false };
        if p.kind == Kind::Punct
            && matches!(
                p.s,
                "$" | "\u{a3}" | "\u{20ac}" | "\u{a5}" | "#" | "\u{2116}"
            )
        {
            return true;
        }
        if self.toks[i].glued
            && !(p.kind == Kind::Punct
                && matches!(
                    p.s,
                    "(" | "[" | "\"" | "'" | "`" | "\u{201C}" | "\u{2018}" | "\u{ab}"
                ))
        {
            return true;
        }
        if p.kind == Kind::Word && p.is_any(NOT_YEAR_BEFORE) {
            return true;
        }
        // "No. 2010", "p. 1995"
        p.is_punct('.')
            && i >= 2
            && self.toks[i - 2].kind == Kind::Word
            && self.toks[i - 2].is_any(NOT_YEAR_BEFORE)
    }

    fn iso(&self, i: usize) -> Option<Found> {
        let y = self.toks[i]
            .year_value()
            .filter(|y| (1000..=2100).contains(y))?;
        let sep = self.tok(i + 1)?;
        if !sep.glued || !(sep.is_punct('-') || sep.is_punct('/')) {
            return None;
        }
        let mt = self.tok(i + 2)?;
        let sep2 = self.tok(i + 3)?;
        let dt = self.tok(i + 4)?;
        if !(mt.glued && sep2.glued && dt.glued && sep2.s == sep.s) {
            return None;
        }
        if mt.digits > 2 || mt.ordinal || dt.ordinal {
            return None;
        }
        let d = self.day_at(i + 4).or_else(|| {
            // "2024-06-19T12:00" runs a letter into the day.
            (self.tok(i + 5).is_some_and(|n| n.s == "T"))
                .then_some(dt.day_value())
                .flatten()
        })?;
        if self.tok(i + 5).is_some_and(|n| n.glued && n.is_dash()) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y, mt.value?, d)?;
        Some(Found::new(i, i + 5, date, Granularity::Day))
    }

    /// "19/07/2000", "7/19/2000" and "19.07.2000" when only one reading is a date.
    fn numeric(&self, i: usize) -> Option<Found> {
        let t = &self.toks[i];
        if t.value.is_none() {
            // "19.07.2000" is one token.
            let parts: Vec<&str> = t.s.split('.').collect();
            if parts.len() != 3 || parts[2].len() != 4 || parts[..2].iter().any(|p| p.len() > 2) {
                return None;
            }
            let d: u32 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let y: i32 = parts[2].parse().ok()?;
            if !(1900..=2100).contains(&y) {
                return None;
            }
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return Some(Found::new(i, i + 1, date, Granularity::Day));
        }
        if t.digits > 2 || self.labelled_number(i) {
            return None;
        }
        let (s1, b, s2, c) = (
            self.tok(i + 1)?,
            self.tok(i + 2)?,
            self.tok(i + 3)?,
            self.tok(i + 4)?,
        );
        if !(s1.is_punct('/') && s2.is_punct('/') && s1.glued && b.glued && s2.glued && c.glued) {
            return None;
        }
        let (a, b) = (t.value?, b.value.filter(|_| b.digits <= 2)?);
        let y = c.year_value().filter(|y| (1900..=2100).contains(y))?;
        let (m, d) = match (a > 12, b > 12) {
            (true, false) => (b, a),
            (false, true) => (a, b),
            _ if a == b => (a, a),
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        Some(Found::new(i, i + 5, date, Granularity::Day))
    }

    fn year_range(&self, i: usize) -> Option<Found> {
        let first = self.bare_year(i)?;
        let y1 = first.date.year();
        let sep = self.tok(i + 1)?;
        let between = self.prev(i).is_some_and(|p| p.is("between"));
        let glued_sep = sep.glued && (sep.is_dash() || sep.is_punct('/'));
        if !(glued_sep
            || sep.is_dash()
            || sep.is_any(&["to", "through", "until", "till"])
            || (between && sep.is("and")))
        {
            return None;
        }
        let t2 = self.tok(i + 2)?;
        let y2 = if let Some(y2) = self.year_at(i + 2) {
            y2
        } else if glued_sep && t2.glued && t2.digits == 2 && !t2.ordinal {
            let y2 = y1 - y1.rem_euclid(100) + t2.value? as i32;
            if self
                .tok(i + 3)
                .is_some_and(|n| n.glued && (n.kind != Kind::Punct || n.is_dash()))
            {
                return None;
            }
            if self
                .tok(i + 3)
                .is_some_and(|n| n.kind == Kind::Word && n.is_any(COUNT_WORDS))
            {
                return None;
            }
            y2
        } else {
            return None;
        };
        if y2 <= y1 || y2 > y1 + 100 {
            return None;
        }
        Some(Found {
            end: i + 3,
            end_date: Some(cal::year_start(y2)?),
            ..first
        })
    }

    fn bare_year(&self, i: usize) -> Option<Found> {
        let y = self.year_at(i)?;
        if self.labelled_number(i)
            || (self.clock_headings && clock_heading(&self.toks, i).is_some())
        {
            return None;
        }
        if y < 1900 && !self.prev(i).is_some_and(|p| p.is_any(YEAR_BEFORE)) {
            return None;
        }
        let future = self.prev(i).is_some_and(|p| p.is("by")) || self.future_cue(i, i + 1);
        let mut f = Found::new(i, i + 1, cal::year_start(y)?, Granularity::Year);
        f.future = future;
        Some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn future_of(text: &str) -> Vec<bool> {
        let a = NaiveDate::from_ymd_opt(2012, 3, 7);
        scan(text, a).hits.iter().map(|h| h.future).collect()
    }

    #[test]
    fn a_live_blog_entry_dates_its_own_weekdays() {
        let text = "Crowds gathered in the square on Tuesday .\n\nFriday 11 February 2011\n\n\
                    The president resigned on Friday , his deputy said .";
        let published = NaiveDate::from_ymd_opt(2011, 2, 4);
        let days: Vec<String> = (scan(text, published).hits.iter())
            .map(|h| h.mention.date.to_string())
            .collect();
        assert_eq!(days, ["2011-02-01", "2011-02-11", "2011-02-11"]);
    }

    #[test]
    fn a_planned_thing_is_no_future_cue() {
        assert_eq!(
            future_of("The minister discussed the planned visit in a call on Friday ."),
            [false]
        );
        assert_eq!(future_of("A vote is planned for Friday ."), [true]);
    }

    #[test]
    fn future_cues_stop_at_reporting_verbs_and_sentence_ends() {
        assert_eq!(future_of("The port will reopen on Monday ."), [true]);
        assert_eq!(
            future_of("The mayor said on Monday the port will reopen ."),
            [false]
        );
        assert_eq!(
            future_of("It will rain . The port closed on Monday ."),
            [false]
        );
        assert_eq!(
            future_of("The vote is due in 2014 and was held in 2008 ."),
            [true, false]
        );
        assert_eq!(future_of("Targets must be met by 2020 ."), [true]);
        assert_eq!(
            future_of("They 'll land on Friday ; it won't matter ."),
            [true]
        );
    }

    #[test]
    fn yearless_days_are_kept_without_an_anchor() {
        let s = scan(
            "The fair opened on Friday , 9 March and closed 12 March .",
            None,
        );
        assert!(s.hits.is_empty());
        let got: Vec<_> = s
            .yearless
            .iter()
            .map(|y| (y.month, y.day, y.weekday))
            .collect();
        assert_eq!(got, [(3, 9, Some(Weekday::Fri)), (3, 12, None)]);
    }

    #[test]
    fn clock_headings_need_an_impossible_year() {
        let toks = lex::tokenize("1215 : news . 2359 : more news");
        let anchor = NaiveDate::from_ymd_opt(2012, 3, 7);
        assert!(clock_headings(&toks, anchor));
        let toks = lex::tokenize("1215 : Magna Carta . 1914 : war");
        assert!(!clock_headings(&toks, anchor));
    }
}
