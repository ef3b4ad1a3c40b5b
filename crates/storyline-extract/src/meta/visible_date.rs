//! The last guess at a publication date: the first date a reader sees in the page's text.
//! Kept apart because scanning a whole page's text is the costly part of date finding, and
//! it is done here in a way the regex engine can run fast.

use chrono::NaiveDate;
use dom_query::NodeRef;
use once_cell::sync::Lazy;
use regex::Regex;

use super::byline::lines_after_headline;
use super::date_parse::{first_day, parse_date, DMY_PAT, ISO_DATE, MDY_PAT, SLASHED_PAT};
use super::Dom;
use crate::dom::{holds_no_text, tag_name};

/// The first day written in the page's visible text (of the first hundred of each form).
pub(super) fn first_visible_day(dom: &Dom) -> Option<NaiveDate> {
    static MDY_SCAN: Lazy<BoundedScan> = Lazy::new(|| BoundedScan::new(MDY_PAT));
    static DMY_SCAN: Lazy<BoundedScan> = Lazy::new(|| BoundedScan::new(DMY_PAT));
    static SLASHED_SCAN: Lazy<BoundedScan> = Lazy::new(|| BoundedScan::new(SLASHED_PAT));
    let text = visible_text(dom, 300_000);
    // Each form's first readable day, earliest place first (on a tie the earlier form).
    let mut best = earlier_day(None, MDY_SCAN.find_iter(&text));
    best = earlier_day(best, DMY_SCAN.find_iter(&text));
    let iso = ISO_DATE.find_iter(&text).map(|m| (m.start(), m.as_str()));
    best = earlier_day(best, iso);
    best = earlier_day(best, SLASHED_SCAN.find_iter(&text));
    best.map(|b| b.1)
}

/// A day shown in the lines under the headline, and whether a label there calls it an update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ShownDay {
    pub day: NaiveDate,
    pub update: bool,
}

/// How much text under the headline counts as its date line: a byline block, not the story.
const HEAD_CHARS: usize = 300;

/// The days written in the short lines right under the headline, in order ("By Jo Ng",
/// "March 3, 2024", "Updated: May 5, 2024"). A reader takes these for the story's dates.
pub(super) fn headline_days(dom: &Dom) -> Vec<ShownDay> {
    let mut days = Vec::new();
    let mut seen = 0;
    let mut prev_label = false;
    for line in lines_after_headline(dom, 12) {
        if seen >= HEAD_CHARS {
            break;
        }
        seen += line.len();
        // A long line is the story's text, whose dates are about its subject.
        if line.len() > 200 {
            break;
        }
        if let Some((at, day)) = first_day(&line) {
            let update = prev_label || UPDATE_LABEL.is_match(&line[..at.start]);
            days.push(ShownDay { day, update });
        }
        // A label on a line of its own ("Last updated:", "Updates") heads what follows it.
        prev_label |= UPDATE_LABEL.is_match(&line) && line.len() < 30;
    }
    days
}

/// Text ending in a label of an update: "Updated", "Last modified on:", "Reviewed".
static UPDATE_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:updated?|updates|modified|revised|reviewed|edited)(?:\s+(?:on|at))?\s*:?\s*$",
    )
    .expect("update label")
});

/// The first readable day among the first hundred `matches` (place, text) when it comes before
/// `best`, else `best`.
fn earlier_day<'t>(
    best: Option<(usize, NaiveDate)>,
    matches: impl Iterator<Item = (usize, &'t str)>,
) -> Option<(usize, NaiveDate)> {
    let bound = best.map_or(usize::MAX, |b| b.0);
    matches
        .take(100)
        .take_while(|(at, _)| *at < bound)
        .find_map(|(at, s)| parse_date(s).map(|(d, _)| (at, d)))
        .or(best)
}

/// The matches of a date pattern with Unicode word boundaries (`\b`), found quickly. The
/// regex engine's fast automata give up on such boundaries in text that is not ASCII and the
/// slow one takes most of a page's time over a long text. So the pattern without its
/// boundaries (which matches wherever the pattern does) finds each place to look, and the
/// pattern anchored there decides; the matches are exactly those of the pattern.
struct BoundedScan {
    loose: Regex,
    anchored: Regex,
}

impl BoundedScan {
    fn new(pattern: &str) -> Self {
        BoundedScan {
            loose: Regex::new(&pattern.replace(r"\b", "")).expect("loose date pattern"),
            anchored: Regex::new(&format!("^(?:{pattern})")).expect("anchored date pattern"),
        }
    }

    /// (start, text) of each match, as `Regex::find_iter` of the pattern gives them.
    fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, &'t str)> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (start, end) = self.find_at(text, at)?;
            at = end;
            Some((start, &text[start..end]))
        })
    }

    fn find_at(&self, text: &str, mut at: usize) -> Option<(usize, usize)> {
        static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\w$").expect("word char"));
        while at <= text.len() {
            let c = self.loose.find_at(text, at)?.start();
            // Every match opens with a word character, so its `\b` needs no word before it.
            let after_word = text[..c].chars().next_back().is_some_and(|p| {
                let mut buf = [0u8; 4];
                WORD.is_match(p.encode_utf8(&mut buf))
            });
            if !after_word {
                if let Some(m) = self.anchored.find(&text[c..]) {
                    return Some((c, c + m.end()));
                }
            }
            at = c + text[c..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

/// The body's text without scripts, styles and templates (whose JSON and code are full of
/// dates no reader sees), cut after about `limit` bytes.
fn visible_text(dom: &Dom, limit: usize) -> String {
    let mut out = String::new();
    let Some(body) = dom.first("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        if n.is_text() {
            out.push_str(&n.text());
            continue;
        }
        let name = tag_name(&n);
        if holds_no_text(&name) || name == "svg" || name == "head" {
            continue;
        }
        out.push(' ');
        let kids: Vec<NodeRef> = n.children_it(false).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_scan_finds_what_the_pattern_finds() {
        let texts = [
            "Posted March 3, 2024 and again on 4 April 2023, 12/05/2021.",
            "éMarch 3, 2024 — «May 5, 2020» naïve 3 June 2022 and ſep 4, 2021",
            "Дата: 5 мая 2020, 14.03.2019г. или 1.2.2020x и 01/02/20205",
            "xMarch 3, 2024 March 3, 2024March 4, 2024 2020,March 5, 2021",
            "",
        ];
        for pat in [MDY_PAT, DMY_PAT, SLASHED_PAT] {
            let strict = Regex::new(pat).unwrap();
            let scan = BoundedScan::new(pat);
            for t in texts {
                let want: Vec<(usize, &str)> = strict
                    .find_iter(t)
                    .map(|m| (m.start(), m.as_str()))
                    .collect();
                let got: Vec<(usize, &str)> = scan.find_iter(t).collect();
                assert_eq!(got, want, "{pat} on {t}");
            }
        }
    }
}
