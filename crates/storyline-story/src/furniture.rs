//! Sentences that are not the story's news, recognised in plain text as well as in cleaned
//! HTML: reader comments under a post, turns of a broadcast transcript, live-blog stamps, and
//! lines one outlet repeats across the pages of many happenings (a widget's headline, a
//! recycled background paragraph). The story view takes no summary, fact or timeline entry
//! from them; they stay in the articles.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::Doc;

/// A reader comment's header: a clock time, a date, a handle, then "wrote:" ("At 2:59 pm on
/// 28 May 2010, someone wrote:"). From the first one on, a page holds comments.
static COMMENT_HEADER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b\d{1,2}[:.]\d{2}\b[^!?]{0,80}?\bwrote ?:|^posted by\b[^!?]{0,60}?\b\d{1,2}[:.]\d{2}\b",
    )
    .expect("comment header pattern")
});

/// A transcript's speaker label opening a turn: capitals, optionally a role after a comma
/// ("ANDERSON COOPER, CNN ANCHOR:", "UNIDENTIFIED FEMALE:", "COOPER:").
static SPEAKER_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^[\p{Lu}][\p{Lu}.'\-]+(?: [\p{Lu}][\p{Lu}.'\-]*){0,4}(?: ?\([\p{Lu}\-]+\))?(?: ?, ?[\p{Lu}][\p{Lu} .,'()\-]{1,60}?)? ?:",
    )
    .expect("speaker label pattern")
});

/// A live-blog or page stamp before the text: "Update 4:30 a.m. in Cairo", "[11:51 a.m. ET]",
/// "4.31pm:", "Last updated at 17:03 GMT", a blog's "Name | 18:00 UK time, Saturday, 25 April
/// 2009".
static STAMP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^
        (?:\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*){0,3}\s*\|\s*)?
        (?:\d{1,2}\s+\p{L}{3,9}\s+\d{4}\s+)?
        \[?\s*
        (?: (?:page\s+)?last\s+updated | updated? | posted )?\s*(?:at|on)?\s*:?\s*
        \d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\b\.?)?
        (?:\s*(?:ET|EST|EDT|CT|PT|GMT|BST|CET|UTC|UK\s+time|local(?:\s+time)?)\b)?
        (?:\s*,?\s*(?:\p{L}+day\s*,?\s*)?\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,9}\.?,?\s+\d{4}\b)?
        (?:\s+in\s+\p{Lu}\p{Ll}+)?
        \s*\]?
        (?:\s*(?:[:\-\u{2013}\u{2014}|]|Help\b))?\s*",
    )
    .expect("stamp pattern")
});

/// Whether a match of [`STAMP`] is one: a stamp word ("Update"), a byline bar, a bracket or
/// a colon after the time, so that a sentence merely opening with a time ("10.30 was the
/// hour...") keeps its words.
fn is_stamp(prefix: &str) -> bool {
    let p = prefix.trim_start().to_ascii_lowercase();
    let trimmed = prefix.trim_end();
    p.starts_with('[')
        || p.contains("update")
        || p.contains("posted")
        || prefix.contains('|')
        || trimmed.ends_with([':', '-', '\u{2013}', '\u{2014}', '|', ']'])
        || trimmed.ends_with("Help")
}

/// A heading in capitals run into the sentence after it ("HOW THE FUNNEL WORKS The funnel
/// is…"): three or more words in capitals, then a capitalised word in lower case.
static CAPITALS_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[\p{Lu}\d][\p{Lu}\d'’,&\-]*\s+){3,}(?:\p{Lu}\p{Ll})").expect("heading pattern")
});

/// Bytes of a stamp or a heading opening `sentence`, else 0.
pub(crate) fn stamp_len(sentence: &str) -> usize {
    let stamp = STAMP
        .find(sentence)
        .filter(|m| is_stamp(m.as_str()))
        .map_or(0, |m| m.end());
    let rest = &sentence[stamp..];
    // The heading's match ends two characters into the sentence after it.
    let heading = CAPITALS_HEADING.find(rest).map_or(0, |m| {
        let mut end = m.end();
        for _ in 0..2 {
            end = rest[..end].char_indices().last().map_or(0, |(i, _)| i);
        }
        end
    });
    stamp + heading
}

/// Which sentences of one article (by span, in order) are furniture: everything from the
/// first reader comment's header on, and every turn of a transcript (a page with two or
/// more speaker labels: from its first label on).
pub(crate) fn within_article(text: &str, spans: &[Range<usize>]) -> Vec<bool> {
    let mut marks = vec![false; spans.len()];
    if let Some(first) = spans
        .iter()
        .position(|s| COMMENT_HEADER.is_match(&text[s.clone()]))
    {
        marks[first..].iter_mut().for_each(|m| *m = true);
    }
    let labels: Vec<usize> = (0..spans.len())
        .filter(|&i| SPEAKER_LABEL.is_match(&text[spans[i].clone()]))
        .collect();
    if let [first, _, ..] = labels[..] {
        marks[first..].iter_mut().for_each(|m| *m = true);
    }
    marks
}

/// A sentence that stands word for word in at least this many articles ...
const MIN_CARRIERS: usize = 3;
/// ... and this share of them (percent), carried by articles of two or more events, is
/// recycled: wire copy of one happening stays within its event, an outlet's widgets and
/// stock paragraphs do not.
const MIN_CARRIER_PERCENT: usize = 5;

/// Marks the sentences (given as `(article, text)`) that articles of several events carry
/// word for word.
pub(crate) fn recurring<'t>(
    docs: &[Doc],
    sentences: impl Iterator<Item = (usize, &'t str)>,
) -> Vec<bool> {
    let keys: Vec<(usize, String)> = sentences
        .map(|(d, t)| (d, storyline_core::words_key(t)))
        .collect();
    let mut carriers: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (d, k) in keys.iter().filter(|(_, k)| !k.is_empty()) {
        carriers.entry(k.as_str()).or_default().insert(*d);
    }
    let floor = MIN_CARRIERS.max((docs.len() * MIN_CARRIER_PERCENT).div_ceil(100));
    let recycled: HashSet<&str> = carriers
        .into_iter()
        .filter(|(_, ds)| ds.len() >= floor && spans_events(docs, ds))
        .map(|(k, _)| k)
        .collect();
    keys.iter()
        .map(|(_, k)| recycled.contains(k.as_str()))
        .collect()
}

/// Whether articles of more than one event carry it (articles not grouped count apart).
fn spans_events(docs: &[Doc], carriers: &HashSet<usize>) -> bool {
    let mut events = carriers.iter().map(|&d| docs[d].event.as_deref());
    let first = events.next().flatten();
    first.is_none() || events.any(|e| e != first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of(text: &str) -> Vec<Range<usize>> {
        crate::sentences::split(text)
    }

    #[test]
    fn comments_from_the_first_header_on() {
        let text = "The council approved the bridge on Monday. Work starts in May. \
                    At 9:14 am on 3 May 2021 , harbourfan wrote : About time too. \
                    I cross it every day.";
        let spans = spans_of(text);
        let marks = within_article(text, &spans);
        assert_eq!(marks.iter().filter(|&&m| !m).count(), 2, "{marks:?}");
        assert!(marks.last().copied().unwrap_or(false));
    }

    #[test]
    fn a_letter_quoted_in_prose_is_no_comment() {
        let text = "In her letter the mayor wrote: the bridge will open in May. Work goes on.";
        assert!(within_article(text, &spans_of(text)).iter().all(|&m| !m));
    }

    #[test]
    fn transcript_turns_but_not_a_dateline() {
        let text = "MARTA VELDE, HOST: Good evening. The bridge opened today. \
                    OSKAR LIND, ENGINEER: It took four years. We are proud.";
        let marks = within_article(text, &spans_of(text));
        assert!(marks.iter().all(|&m| m), "{marks:?}");
        let text = "LONDON: The bridge opened today. It took four years to build.";
        assert!(within_article(text, &spans_of(text)).iter().all(|&m| !m));
    }

    #[test]
    fn stamps_are_cut_from_the_front() {
        fn cut(s: &str) -> &str {
            &s[stamp_len(s)..]
        }
        assert_eq!(
            cut("Update 4:30 a.m. in Riverton Crowds gathered again."),
            "Crowds gathered again."
        );
        assert_eq!(cut("[11:51 a.m. ET] The vote began."), "The vote began.");
        assert_eq!(cut("4.31pm: The cap is holding."), "The cap is holding.");
        assert_eq!(
            cut("Last updated at 17:03 GMT Help The ferry sank."),
            "The ferry sank."
        );
        assert_eq!(
            cut("Ada Brook | 07:37 UK time, Friday, 29 May 2009 China is ready."),
            "China is ready."
        );
        assert_eq!(
            cut("2 March 2011 Last updated at 17:03 GMT Help The ferry sank."),
            "The ferry sank."
        );
        assert_eq!(
            cut("HOW THE NEW FERRY WORKS The hull is made of steel."),
            "The hull is made of steel."
        );
        let kept = "UN AND EU officials met. NATO said little.";
        assert_eq!(cut(kept), kept);
        let prose = "10.30 was the hour the vote began.";
        assert_eq!(cut(prose), prose);
    }

    #[test]
    fn recycled_lines_span_events_wire_copy_does_not() {
        let docs: Vec<Doc> = (0..20)
            .map(|i| Doc {
                id: format!("d{i}"),
                event: Some(format!("e{}", i % 4)),
                ..Doc::default()
            })
            .collect();
        let widget = "Read more: five things to know";
        let wire = "The ferry sank near the pier on Monday.";
        let mut sentences: Vec<(usize, &str)> = vec![(0, widget), (1, widget), (2, widget)];
        sentences.extend([(0, wire), (4, wire), (8, wire)]);
        sentences.push((3, "Something else entirely."));
        let marks = recurring(&docs, sentences.into_iter());
        assert_eq!(marks, vec![true, true, true, false, false, false, false]);
    }
}
