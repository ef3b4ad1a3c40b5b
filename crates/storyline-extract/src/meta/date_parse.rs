//! Reading a date out of a string: ISO and RFC 3339 timestamps, "March 3, 2024", "3 March
//! 2024", "03/03/2024", compact "20240303" and Unix timestamps, within plausible years.

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

static MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month_of(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .find(|(m, _)| l.starts_with(m))
        .map(|&(_, n)| n)
}

pub(super) static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(\d{4})-(\d{1,2})-(\d{1,2})").expect("iso"));

static ISO_FULL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$",
    )
    .expect("iso full")
});

pub(super) const MDY_PAT: &str = r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b";

pub(super) const DMY_PAT: &str = r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b";

pub(super) const SLASHED_PAT: &str = r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b";

static MDY: Lazy<Regex> = Lazy::new(|| Regex::new(MDY_PAT).expect("mdy"));

static DMY: Lazy<Regex> = Lazy::new(|| Regex::new(DMY_PAT).expect("dmy"));

static SLASHED: Lazy<Regex> = Lazy::new(|| Regex::new(SLASHED_PAT).expect("slashed"));

static COMPACT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)").expect("compact"));

pub(super) fn plausible(d: NaiveDate) -> bool {
    let this_year = chrono::Utc::now().year();
    (1995..=this_year + 1).contains(&d.year())
}

/// Reads a date from a string in the common machine and human forms. Returns the day and,
/// when the string is a full timestamp with an offset, its RFC 3339 form.
pub(crate) fn parse_date(s: &str) -> Option<(NaiveDate, Option<String>)> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if ISO_FULL.is_match(s) {
        let norm = s.replace(' ', "T");
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&norm) {
            let d = dt.date_naive();
            return plausible(d).then(|| (d, Some(dt.to_rfc3339())));
        }
    }
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            .filter(|d| plausible(*d))
    };
    if let Some(c) = ISO_DATE.captures(s) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some((d, None));
        }
    }
    if let Some(c) = MDY.captures(s) {
        let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_of(&c[1])?, c[2].parse().ok()?)
            .filter(|d| plausible(*d));
        if let Some(d) = d {
            return Some((d, None));
        }
    }
    if let Some(c) = DMY.captures(s) {
        let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_of(&c[2])?, c[1].parse().ok()?)
            .filter(|d| plausible(*d));
        if let Some(d) = d {
            return Some((d, None));
        }
    }
    if let Some(c) = COMPACT.captures(s) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some((d, None));
        }
    }
    numeric_date(s)
}

/// The all-number forms: "03/03/2024" (day or month first) and Unix timestamps.
fn numeric_date(s: &str) -> Option<(NaiveDate, Option<String>)> {
    if let Some(c) = SLASHED.captures(s) {
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[2].parse().ok()?;
        let y: i32 = c[3].parse().ok()?;
        // Day-first when the first number cannot be a month, else month-first (US style).
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        if let Some(d) = NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d)) {
            return Some((d, None));
        }
    }
    // Unix timestamps (seconds or milliseconds).
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let dt = chrono::DateTime::from_timestamp(secs, 0)?;
        let d = dt.date_naive();
        return plausible(d).then_some((d, None));
    }
    None
}

/// The earliest day written in a short text in a human or ISO form, with the byte range of
/// where it is written (a line of a byline: "By Jo Ng | Updated March 3, 2024").
pub(super) fn first_day(s: &str) -> Option<(std::ops::Range<usize>, NaiveDate)> {
    [&*ISO_DATE, &*MDY, &*DMY, &*SLASHED]
        .iter()
        .filter_map(|re| {
            re.find_iter(s)
                .take(4)
                .find_map(|m| Some((m.range(), parse_date(m.as_str())?.0)))
        })
        .min_by_key(|(r, _)| r.start)
}

/// Whether a short text opens with a day ("Dec. 19, 2025 · Jo Ng").
pub(super) fn opens_with_day(s: &str) -> bool {
    first_day(s).is_some_and(|(at, _)| at.start == 0)
}

/// A day as YYYY-MM-DD, or the full timestamp when there is one.
pub(super) fn render_date(d: (NaiveDate, Option<String>)) -> String {
    d.1.unwrap_or_else(|| d.0.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parsing_forms() {
        let day = |s: &str| parse_date(s).map(|d| d.0.format("%Y-%m-%d").to_string());
        assert_eq!(day("September 4, 2025"), Some("2025-09-04".into()));
        assert_eq!(day("4 Sept. 2025"), Some("2025-09-04".into()));
        assert_eq!(day("2025-09-04T23:10:00-05:00"), Some("2025-09-04".into()));
        assert_eq!(day("25/12/2020"), Some("2020-12-25".into()));
        assert_eq!(day("20200101"), Some("2020-01-01".into()));
        assert_eq!(day("no date here"), None);
        assert_eq!(day("1850-01-01"), None);
    }

    #[test]
    fn first_day_is_the_earliest_written() {
        let (at, d) = first_day("Updated 4 May 2023, first posted March 3, 2021").unwrap();
        assert_eq!((at.start, d.to_string().as_str()), (8, "2023-05-04"));
        assert_eq!(first_day("Version 2.0.1 of 12"), None);
    }
}
