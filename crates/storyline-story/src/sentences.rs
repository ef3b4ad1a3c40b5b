//! Sentence spans of cleaned prose or PTB-tokenised text.
//!
//! A sentence ends at a line break, or at `.`, `!` or `?` (with any closing quotes or
//! brackets after it) followed by a space and something that can start a sentence. A period
//! after a known abbreviation ("Mr.", "Jan.", "U.S.") or a single capital ("Vladimir V.
//! Putin") ends nothing. Quotes spanning several sentences are split like any other text;
//! [`crate::quotes`] reads across them.

use std::ops::Range;

/// Abbreviations whose period does not end a sentence (lower-case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "mt", "ft", "jr", "sr", "rev", "hon", "pres", "supt", "insp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "vs", "v", "etc", "approx", "dept", "est", "inc", "corp", "co", "ltd", "bros", "e.g",
    "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "ave", "blvd", "rd", "fig", "vol", "ch", "pp",
];

/// Byte ranges of the sentences of `text`, trimmed, in order; empty lines give none.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut out);
        line_start += line.len();
    }
    out
}

/// The sentences of `text` as string slices.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    split(text).into_iter().map(move |r| &text[r])
}

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = from;
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Closing quotes and brackets belong to the sentence they close.
            while end < to {
                let rest = &text[end..to];
                let Some(c) = rest.chars().next() else { break };
                if matches!(c, '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}')
                    || rest.starts_with(" ''")
                    || rest.starts_with(" -RRB-")
                {
                    // A PTB closing token (" ''", " -RRB-") runs to the next space.
                    end += match rest.strip_prefix(' ') {
                        Some(after) => after.find(' ').map_or(rest.len(), |p| p + 1),
                        None => c.len_utf8(),
                    };
                } else {
                    break;
                }
            }
            if (b != b'.' || !abbreviation_before(text, start, i)) && ends_here(text, end, to) {
                push(text, start, end, out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(text, start, to, out);
}

/// Whether the word before the period at `dot` is an abbreviation or an initial.
fn abbreviation_before(text: &str, start: usize, dot: usize) -> bool {
    let word_start = text[start..dot]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map_or(start, |p| start + p + 1);
    let word = &text[word_start..dot];
    if word.is_empty() {
        // PTB: "Mr ." is tokenised as "Mr" then "." only at a real sentence end.
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    // A single capital ("V.") is an initial; "N.Korea" style runs are handled by the lookahead.
    if first.is_uppercase() && chars.next().is_none() {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (lower.len() <= 6
            && lower.contains('.')
            && lower.chars().all(|c| c.is_alphabetic() || c == '.'))
}

/// Whether a sentence can end at `end`: end of line, or whitespace then a likely sentence start.
fn ends_here(text: &str, end: usize, to: usize) -> bool {
    let rest = &text[end..to];
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return true;
    }
    if trimmed.len() == rest.len() {
        return false; // no space after the mark: "3.5", "thewest.com.au"
    }
    let c = trimmed.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '-' | '`'
        )
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(t: &str) -> Vec<&str> {
        sentences(t).collect()
    }

    #[test]
    fn splits_prose_at_sentence_marks() {
        let t = "The mayor spoke at noon. Crowds cheered! Was it enough? Nobody knew.";
        assert_eq!(
            split_all(t),
            [
                "The mayor spoke at noon.",
                "Crowds cheered!",
                "Was it enough?",
                "Nobody knew."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let t = "Mr. Lind met Dr. Ortega in the U.S. capital on Jan. 4. John F. Baxter was there.";
        assert_eq!(
            split_all(t),
            [
                "Mr. Lind met Dr. Ortega in the U.S. capital on Jan. 4.",
                "John F. Baxter was there."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "\u{201C}We are ready,\u{201D} she said. \u{201C}It ends now.\u{201D} He left.";
        assert_eq!(
            split_all(t),
            [
                "\u{201C}We are ready,\u{201D} she said.",
                "\u{201C}It ends now.\u{201D}",
                "He left."
            ]
        );
    }

    #[test]
    fn ptb_tokenised_lines_and_quotes() {
        let t = "The rig sank on April 22 . \n`` It is over , '' he said . Oil spread .\n";
        assert_eq!(
            split_all(t),
            [
                "The rig sank on April 22 .",
                "`` It is over , '' he said .",
                "Oil spread ."
            ]
        );
    }

    #[test]
    fn numbers_domains_and_blank_lines() {
        let t = "Growth hit 3.5 percent, says thewest.com.au today.\n\nSecond paragraph here";
        assert_eq!(
            split_all(t),
            [
                "Growth hit 3.5 percent, says thewest.com.au today.",
                "Second paragraph here"
            ]
        );
    }
}
