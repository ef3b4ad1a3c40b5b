//! A publication date read from the text of an article that came without one.
//!
//! Rules, strongest first: a date line near the top (or a "Published:" line anywhere); the
//! latest fully dated mention not spoken of as future; a day and month with a weekday
//! ("Wednesday, July 19"), placed in a year where that day fell on that weekday; a day and
//! month placed in the latest year mentioned; the latest year mentioned as past.

use chrono::{Datelike, NaiveDate, Weekday};

use super::scan::{scan, Hit, Yearless};
use super::{Granularity, Inferred};

/// Labels that introduce a publication date, and the confidence each gives.
const LABELS: &[(&str, f32)] = &[
    ("first published", 0.95),
    ("published", 0.95),
    ("posted", 0.95),
    ("dated", 0.9),
    ("date", 0.9),
    ("last updated", 0.8),
    ("last modified", 0.8),
    ("updated", 0.8),
    ("modified", 0.8),
];

/// Words a date line may hold besides the date.
#[rustfmt::skip]
const DATE_LINE_WORDS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "edt", "est", "cdt", "cst", "pdt", "pst", "et",
    "pt", "cet", "cest", "ist", "local", "time", "on", "at", "by", "published", "posted",
    "updated", "last", "first", "modified", "date", "dated",
];

pub(super) fn infer(text: &str) -> Option<Inferred> {
    if let Some(found) = date_line(text) {
        return Some(found);
    }
    let s = scan(text, None);
    latest_dated(&s.hits)
        .or_else(|| weekday_clue(&s.yearless, &s.hits))
        .or_else(|| day_month_with_year(&s.yearless, &s.hits))
        .or_else(|| latest_year(&s.hits))
}

fn inferred(date: NaiveDate, granularity: Granularity, confidence: f32, reason: &str) -> Inferred {
    Inferred {
        date,
        granularity,
        confidence,
        reason: reason.to_string(),
    }
}

fn label_of(line: &str) -> Option<(&'static str, f32)> {
    let head = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    LABELS.iter().copied().find(|(l, _)| {
        head.len() >= l.len()
            && head.is_char_boundary(l.len())
            && head[..l.len()].eq_ignore_ascii_case(l)
            && !head[l.len()..].starts_with(|c: char| c.is_alphabetic())
    })
}

/// Words of `s` (with a letter in them) that a date line would not hold.
fn extra_words(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| {
            !DATE_LINE_WORDS
                .iter()
                .any(|d| d.eq_ignore_ascii_case(w.trim_end_matches('.')))
        })
        .count()
}

/// "July 19, 2000, 12:51 PM" on a line of its own among the first lines, "By Jo Bloggs, 19
/// July 2000", or a line anywhere that starts "Published:" or "Updated:".
fn date_line(text: &str) -> Option<Inferred> {
    let mut offset = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let top = lines < 8 && offset < 2000;
        offset += line.len();
        if trimmed.is_empty() {
            continue;
        }
        lines += 1;
        let label = label_of(trimmed);
        if !(top || label.is_some()) || trimmed.len() > 200 {
            continue;
        }
        let s = scan(trimmed, None);
        let Some(hit) = s
            .hits
            .iter()
            .find(|h| h.mention.granularity == Granularity::Day && !h.mention.relative)
        else {
            continue;
        };
        let m = &hit.mention;
        let (before, after) = (
            extra_words(&trimmed[..m.start]),
            extra_words(&trimmed[m.end..]),
        );
        match label {
            Some((l, confidence)) if before + after <= 8 => {
                let reason = format!("date line labelled \"{l}\"");
                return Some(inferred(m.date, Granularity::Day, confidence, &reason));
            }
            _ => {}
        }
        let sentence_end = trimmed.ends_with('.') && after > 1;
        if before <= 2 && after <= 3 && !sentence_end {
            return Some(inferred(
                m.date,
                Granularity::Day,
                0.85,
                "date line near the top",
            ));
        }
    }
    None
}

/// Last day of a mention (the end of a range).
fn last_day(h: &Hit) -> NaiveDate {
    h.mention.end_date.unwrap_or(h.mention.date)
}

/// Absolute mentions that can speak of the past: not in a future sentence, not after today
/// (expiry dates, "2099").
fn past_hits(hits: &[Hit]) -> impl Iterator<Item = &Hit> {
    let today = chrono::Local::now().date_naive();
    hits.iter()
        .filter(move |h| !h.mention.relative && !h.future && last_day(h) <= today)
}

fn latest_dated(hits: &[Hit]) -> Option<Inferred> {
    let days: Vec<&Hit> = past_hits(hits)
        .filter(|h| h.mention.granularity == Granularity::Day)
        .collect();
    let latest = days.iter().map(|h| last_day(h)).max()?;
    let confidence = if days.len() >= 2 { 0.6 } else { 0.5 };
    Some(inferred(
        latest,
        Granularity::Day,
        confidence,
        "latest dated mention",
    ))
}

/// Latest year of the absolute mentions not spoken of as future.
fn latest_past_year(hits: &[Hit]) -> Option<i32> {
    past_hits(hits).map(|h| last_day(h).year()).max()
}

/// The year (near `hint`, from it on first) in which `m`/`d` fell on `w`.
fn year_for_weekday(m: u32, d: u32, w: Weekday, hint: i32) -> Option<NaiveDate> {
    [0, 1, -1, 2, 3, 4, 5, 6, 7, -2]
        .iter()
        .filter_map(|k| NaiveDate::from_ymd_opt(hint + k, m, d))
        .find(|date| date.weekday() == w)
}

fn weekday_clue(yearless: &[Yearless], hits: &[Hit]) -> Option<Inferred> {
    let (hint, confidence) = match latest_past_year(hits) {
        Some(y) => (y, 0.3),
        None => (chrono::Local::now().year(), 0.2),
    };
    let date = yearless
        .iter()
        .filter_map(|y| year_for_weekday(y.month, y.day, y.weekday?, hint))
        .max()?;
    Some(inferred(
        date,
        Granularity::Day,
        confidence,
        "weekday with day and month",
    ))
}

fn day_month_with_year(yearless: &[Yearless], hits: &[Hit]) -> Option<Inferred> {
    let year = latest_past_year(hits)?;
    let date = yearless
        .iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(year, y.month, y.day))
        .max()?;
    Some(inferred(
        date,
        Granularity::Day,
        0.2,
        "day and month in the latest year mentioned",
    ))
}

fn latest_year(hits: &[Hit]) -> Option<Inferred> {
    let y = latest_past_year(hits)?;
    Some(inferred(
        NaiveDate::from_ymd_opt(y, 1, 1)?,
        Granularity::Year,
        0.1,
        "latest year mentioned",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_line_at_the_top() {
        let text = "Tanker aground off the coast\nJuly 19, 2000, 12:51 PM\n\nThe tanker ran aground on June 30, 2000, crews said.";
        let got = infer(text).unwrap();
        assert_eq!(got.date, day(2000, 7, 19));
        assert_eq!(got.reason, "date line near the top");
        assert!(got.confidence > 0.8);
    }

    #[test]
    fn labelled_lines_win_anywhere() {
        let text = "Volunteers stacked sandbags until dawn by the levee.\nMore text here about the levee and the town.\nPublished: 3 March 2011\n";
        let got = infer(text).unwrap();
        assert_eq!(got.date, day(2011, 3, 3));
        assert!(got.reason.contains("published"));
        let updated = infer("Last updated : 4 March 2011 09:14 GMT\nBody .").unwrap();
        assert_eq!(updated.date, day(2011, 3, 4));
        assert!(updated.confidence < got.confidence);
    }

    #[test]
    fn a_sentence_is_not_a_date_line() {
        let text = "The old mill burned down on April 2, 2009 after a storm.\nIt was rebuilt by May 30, 2010 with help from the town.";
        let got = infer(text).unwrap();
        assert_eq!(got.reason, "latest dated mention");
        assert_eq!(got.date, day(2010, 5, 30));
        assert!(got.confidence <= 0.6);
    }

    #[test]
    fn future_dates_are_not_the_latest() {
        let text = "The bridge closed on 2 February 2015 . \nIt will reopen on 1 September 2016 , the council says .";
        assert_eq!(infer(text).unwrap().date, day(2015, 2, 2));
        let text = "The offer ran from 3 May 2011 ; the voucher expires 31/12/2099 .";
        assert_eq!(infer(text).unwrap().date, day(2011, 5, 3));
    }

    #[test]
    fn weekday_and_day_month() {
        // 19 July was a Wednesday in 2000 and 2006.
        let text =
            "The festival closed on Wednesday , July 19 after a record year; it began in 1999 .";
        let got = infer(text).unwrap();
        assert_eq!(got.date, day(2000, 7, 19));
        assert_eq!(got.reason, "weekday with day and month");
    }

    #[test]
    fn day_month_and_a_year_elsewhere() {
        let text = "Figures for 2007 were weak . The shop reopened on 3 May after repairs .";
        let got = infer(text).unwrap();
        assert_eq!(got.date, day(2007, 5, 3));
        assert!(got.confidence < 0.3);
    }

    #[test]
    fn latest_year_as_last_resort() {
        let text = "The dam was built in 1962 and raised in 1988. It must be replaced by 2030.";
        let got = infer(text).unwrap();
        assert_eq!(
            (got.date, got.granularity),
            (day(1988, 1, 1), Granularity::Year)
        );
        assert!(got.confidence < 0.2);
        assert!(infer("Nothing dated here, only 24 hours and 5,000 ft.").is_none());
    }
}

#[cfg(test)]
mod measure {
    use super::*;
    use std::collections::BTreeMap;

    /// Per-rule accuracy of `infer` on the Timeline17 dev articles (each has its true day).
    /// Run with `cargo test -p storyline-story measure_t17 -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measure_t17() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/timelines/t17-dev");
        let Ok(dirs) = std::fs::read_dir(&root) else {
            eprintln!("skipped: {} not found", root.display());
            return;
        };
        // rule -> (n, exact day, same month, same year)
        let mut by_rule: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        let mut total = 0;
        for dir in dirs.flatten() {
            let Ok(data) = std::fs::read_to_string(dir.path().join("articles.jsonl")) else {
                continue;
            };
            for line in data.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let text = v["text"].as_str().unwrap_or("");
                let Some(truth) = v["time"]
                    .as_str()
                    .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
                else {
                    continue;
                };
                total += 1;
                let Some(got) = infer(text) else {
                    by_rule.entry("(none)".into()).or_default()[0] += 1;
                    continue;
                };
                let key = rule_key(&got.reason);
                let e = by_rule.entry(key).or_default();
                e[0] += 1;
                e[1] += usize::from(got.date == truth);
                e[2] += usize::from(
                    got.date.year() == truth.year() && got.date.month() == truth.month(),
                );
                e[3] += usize::from(got.date.year() == truth.year());
            }
        }
        eprintln!("{total} articles");
        eprintln!(
            "{:<60} {:>5} {:>5} {:>5} {:>5}",
            "rule", "n", "day", "month", "year"
        );
        for (k, [n, d, m, y]) in &by_rule {
            eprintln!("{k:<60} {n:>5} {d:>5} {m:>5} {y:>5}");
        }
    }

    /// The rule part of a reason (labels of date lines folded together).
    fn rule_key(reason: &str) -> String {
        if reason.starts_with("date line labelled") {
            return "date line labelled".into();
        }
        reason.to_string()
    }
}
