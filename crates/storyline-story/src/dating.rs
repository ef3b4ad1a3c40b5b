//! Publication dates for articles that came without one. First from each article's own text;
//! then, for weak or coarse guesses, with the dates of the other reports of the same event as
//! one more clue (reports of one happening appear within days of each other), twice, so that
//! one article's firm guess can settle its neighbours. Only a confident day-level guess
//! anchors the article's relative dates ("on Wednesday").

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::time::{self, Granularity, Inferred};
use crate::{Doc, InferredDate};

/// Confidence an inferred publication day needs to anchor relative dates.
const ANCHOR_CONFIDENCE: f32 = 0.3;
/// Confidence at which a guess is firm enough to help the other reports of its event.
const FIRM: f32 = 0.5;

/// Fill `published` for the undated articles whose guess is firm enough; report every guess.
pub(crate) fn infer_dates(docs: &mut [Doc]) -> Vec<InferredDate> {
    let undated: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].published.is_none())
        .collect();
    let mut guesses: HashMap<usize, Inferred> = undated
        .iter()
        .filter_map(|&i| time::infer_published(&docs[i].text).map(|g| (i, g)))
        .collect();
    // Articles of each event, so a guess looks only at its own event's reports.
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, d) in docs.iter().enumerate() {
        if let Some(e) = d.event.as_deref() {
            members.entry(e).or_default().push(j);
        }
    }
    for _round in 0..2 {
        for &i in &undated {
            if guesses.get(&i).is_some_and(firm_day) {
                continue;
            }
            let mates = docs[i]
                .event
                .as_deref()
                .and_then(|e| members.get(e))
                .map_or(&[][..], Vec::as_slice);
            let near = event_dates(docs, &guesses, mates, i, false);
            if near.is_empty() {
                continue;
            }
            let days = event_dates(docs, &guesses, mates, i, true);
            // The text's own day wins when firm; else the event's middle day; else the text.
            let from_text = time::infer_published_near(&docs[i].text, &near);
            let better = match from_text {
                Some(g) if firm_day(&g) => Some(g),
                other => middle_of(&days).or(other),
            }
            .filter(|g| guesses.get(&i).is_none_or(|old| improves(g, old)));
            if let Some(g) = better {
                guesses.insert(i, g);
            }
        }
    }
    let mut out: Vec<InferredDate> = Vec::new();
    for i in undated {
        let Some(g) = guesses.remove(&i) else {
            continue;
        };
        // Only a day can anchor "on Wednesday"; a year guess would put it in January.
        let anchors = g.confidence >= ANCHOR_CONFIDENCE && g.granularity == Granularity::Day;
        if anchors {
            docs[i].published = Some(g.date);
        }
        out.push(InferredDate {
            article: docs[i].id.clone(),
            date: g.date.format("%Y-%m-%d").to_string(),
            confidence: g.confidence,
            reason: g.reason,
            anchors,
        });
    }
    out
}

fn firm_day(g: &Inferred) -> bool {
    g.confidence >= FIRM && g.granularity == Granularity::Day
}

/// A more confident guess, or a finer one at no less confidence or inside the old one's
/// period (a day of the year the text pointed to).
fn improves(new: &Inferred, old: &Inferred) -> bool {
    let inside = match old.granularity {
        Granularity::Year => new.date.year() == old.date.year(),
        Granularity::Month => {
            (new.date.year(), new.date.month()) == (old.date.year(), old.date.month())
        }
        Granularity::Day => false,
    };
    new.confidence > old.confidence
        || (new.granularity < old.granularity && (new.confidence >= old.confidence || inside))
}

/// Dates of `i`'s event mates (`mates`, which may include `i`): given, or guessed firmly
/// (to the day only, when `days_only`).
fn event_dates(
    docs: &[Doc],
    guesses: &HashMap<usize, Inferred>,
    mates: &[usize],
    i: usize,
    days_only: bool,
) -> Vec<NaiveDate> {
    // Collected afresh for each article: guesses made earlier in the round count at once.
    let mut dates: Vec<NaiveDate> = mates
        .iter()
        .copied()
        .filter(|&j| j != i)
        .filter_map(|j| {
            docs[j].published.or_else(|| {
                guesses
                    .get(&j)
                    .filter(|g| g.confidence >= FIRM)
                    .filter(|g| !days_only || g.granularity == Granularity::Day)
                    .map(|g| g.date)
            })
        })
        .collect();
    dates.sort_unstable();
    dates
}

/// The middle of the event's day-level dates, when the text gives no clue of its own.
fn middle_of(dates: &[NaiveDate]) -> Option<Inferred> {
    let date = *dates.get(dates.len() / 2)?;
    Some(Inferred {
        date,
        granularity: Granularity::Day,
        confidence: FIRM,
        reason: "the middle date of the other reports of its event".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, event: &str, published: Option<&str>, text: &str) -> Doc {
        Doc {
            id: id.into(),
            event: Some(event.into()),
            published: published.map(|p| p.parse().unwrap()),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn an_undated_report_takes_its_events_dates_and_anchors_relative_words() {
        let mut docs = vec![
            doc(
                "a",
                "e1",
                Some("2021-09-14"),
                "The bridge reopened on Tuesday.",
            ),
            doc(
                "b",
                "e1",
                None,
                "Traffic flowed again on Tuesday, officials said.",
            ),
            doc("c", "e2", None, "A choir sang."),
        ];
        let out = infer_dates(&mut docs);
        assert_eq!(out.len(), 1, "nothing to go on for c");
        assert_eq!(out[0].article, "b");
        assert_eq!(out[0].date, "2021-09-14");
        assert!(out[0].anchors);
        assert_eq!(docs[1].published, Some("2021-09-14".parse().unwrap()));
        assert_eq!(docs[2].published, None);
    }
}
