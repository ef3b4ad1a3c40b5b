//! Unicode and whitespace normalisation, and the split into paragraphs.
//!
//! [`normalize`] makes text comparable without changing what it says: Unicode NFC, every
//! exotic space (no-break, thin, ideographic, ...) becomes a plain space, invisible characters
//! (zero-width spaces and joiners, soft hyphens, byte-order marks, stray control characters)
//! are dropped, line endings become `\n`, runs of spaces fold to one, lines are trimmed and
//! runs of blank lines fold to one blank line. Line structure is kept: a single line break and
//! a blank line still mean different things to [`paragraphs`].
//!
//! [`paragraphs`] splits on blank lines. Inside a block of lines without blank lines it decides
//! whether the lines are whole paragraphs (a headline, a byline, one paragraph a line — the
//! common scraped layout) or hard-wrapped prose (many lines of similar width, most of them not
//! ending a sentence), which is joined back into paragraphs.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Normalise text: NFC, odd spaces to ' ', invisible characters removed, LF line endings,
/// spaces folded, lines trimmed, blank-line runs folded, leading/trailing blank lines dropped.
pub fn normalize(text: &str) -> String {
    // Line endings first, so that '\r' never survives as a "control character".
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    // Text double-encoded on its way here ("â€™" for "’") reads clean again.
    let text: Cow<str> = match storyline_core::mojibake::repair_mojibake(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(fixed) => Cow::Owned(fixed),
    };
    // Most text is already NFC; the quick check avoids recomposing it char by char.
    let nfc: Cow<str> = if text.is_ascii()
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(&text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let mapped = map_chars(&nfc);
    let mut out = String::with_capacity(mapped.len());
    let mut blank_pending = false;
    for line in mapped.split('\n') {
        let line = line.trim_matches(' ');
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        fold_spaces_into(&mut out, line);
    }
    out
}

/// Odd spaces to ' ', line and paragraph separators to line breaks, invisible characters
/// dropped, other controls to ' '. Text needing none of that (most of it) is not copied.
fn map_chars(text: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c == '\n'
            || !(c.is_control()
                || is_odd_space(c)
                || is_invisible(c)
                || matches!(c, '\u{2028}' | '\u{2029}'))
    };
    // Find the first character to change; ASCII bytes are checked without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    let first = loop {
        let Some(&b) = bytes.get(i) else {
            return Cow::Borrowed(text);
        };
        if b.is_ascii() {
            if b != b'\n' && b.is_ascii_control() {
                break i;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character boundary");
        if !plain(c) {
            break i;
        }
        i += c.len_utf8();
    };
    let mut mapped = String::with_capacity(text.len());
    mapped.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '\n' => mapped.push('\n'),
            // Unicode line / paragraph separators.
            '\u{2028}' | '\u{85}' => mapped.push('\n'),
            '\u{2029}' => mapped.push_str("\n\n"),
            c if is_odd_space(c) => mapped.push(' '),
            c if is_invisible(c) => {}
            c if c.is_control() => mapped.push(' '),
            c => mapped.push(c),
        }
    }
    Cow::Owned(mapped)
}

/// Spaces other than U+0020 that should read as one: tab, no-break, en/em/thin/hair spaces,
/// narrow no-break, medium mathematical, ideographic, Ogham.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{0B}' | '\u{0C}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Characters that take no space and carry no meaning in running text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'            // soft hyphen
        | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embedding controls
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}'        // byte-order mark / zero-width no-break space
        | '\u{180E}'        // Mongolian vowel separator
    )
}

/// Append a line trimmed of spaces with runs of spaces folded to one.
fn fold_spaces_into(out: &mut String, line: &str) {
    let line = line.trim_matches(' ');
    // Most lines have no double space: copied whole.
    if !line.contains("  ") {
        out.push_str(line);
        return;
    }
    let mut first = true;
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if !std::mem::take(&mut first) {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Split normalised text into paragraphs.
///
/// Blocks separated by blank lines are split further at single line breaks when their lines
/// look like whole paragraphs; hard-wrapped prose inside a block is joined back together.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            split_block(&block, &mut out);
            block.clear();
        } else {
            block.push(line);
        }
    }
    split_block(&block, &mut out);
    out
}

/// Does the line end a sentence (or a quotation that ends one)?
pub(crate) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*']);
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Width in characters.
fn width(line: &str) -> usize {
    line.chars().count()
}

/// Is this block hard-wrapped prose? Returns the wrap width if so.
///
/// Hard wrapping shows as many lines of nearly the same width (the wrap column, 30–110
/// characters), most of which stop in the middle of a sentence.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    if lines.len() < 3 {
        return None;
    }
    let mut widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    widths.sort_unstable();
    // The wrap column: the width most lines come close to (a high percentile, not the max,
    // so one long unwrapped line does not hide the wrapping).
    let w = widths[(widths.len() * 8 / 10).min(widths.len() - 1)];
    if !(30..=110).contains(&w) {
        return None;
    }
    let body = &lines[..lines.len() - 1];
    let full: Vec<&&str> = body
        .iter()
        .filter(|l| width(l) * 4 >= w * 3 && width(l) <= w + w / 5)
        .collect();
    let unterminated = full.iter().filter(|l| !ends_sentence(l)).count();
    if full.len() >= 2 && full.len() * 10 >= body.len() * 6 && unterminated * 2 >= full.len() {
        Some(w)
    } else {
        None
    }
}

fn join_lines(acc: &mut String, line: &str) {
    if acc.is_empty() {
        acc.push_str(line);
    } else if acc.ends_with('-')
        && acc[..acc.len() - 1]
            .chars()
            .last()
            .is_some_and(char::is_alphabetic)
        && starts_lowercase(line)
    {
        // A word broken at a hyphen: keep the hyphen ("well-known"), no space.
        acc.push_str(line);
    } else {
        acc.push(' ');
        acc.push_str(line);
    }
}

fn split_block(lines: &[&str], out: &mut Vec<String>) {
    if lines.is_empty() {
        return;
    }
    let wrap = wrap_width(lines);
    let mut cur = String::new();
    for (i, line) in lines.iter().enumerate() {
        join_lines(&mut cur, line);
        let Some(next) = lines.get(i + 1) else { break };
        let continues = match wrap {
            // In wrapped prose a line filling the column continues; a short line ends the paragraph.
            Some(w) => {
                width(line) * 10 >= w * 7 || (starts_lowercase(next) && !ends_sentence(line))
            }
            // Otherwise each line is a paragraph, unless a long line stops mid-sentence and the
            // next one carries on in lower case.
            None => width(line) >= 40 && !ends_sentence(line) && starts_lowercase(next),
        };
        if !continues {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes() {
        // 'e' + combining acute accent becomes one 'é'.
        assert_eq!(normalize("caf\u{65}\u{301}"), "caf\u{e9}");
    }

    #[test]
    fn odd_spaces_become_plain_and_fold() {
        assert_eq!(
            normalize("a\u{A0}b\u{2009}c\u{3000}d\u{202F}e\t f"),
            "a b c d e f"
        );
        assert_eq!(normalize("  two   spaces  here  "), "two spaces here");
    }

    #[test]
    fn invisible_characters_removed() {
        assert_eq!(normalize("\u{FEFF}Head\u{200B}line"), "Headline");
        assert_eq!(
            normalize("co\u{AD}operate with\u{200D}out"),
            "cooperate without"
        );
        assert_eq!(normalize("x\u{2060}y\u{200E}z"), "xyz");
    }

    #[test]
    fn line_endings_and_blank_lines() {
        assert_eq!(normalize("one\r\ntwo\rthree\n"), "one\ntwo\nthree");
        assert_eq!(normalize("\n\n a \n\n\n\n b \n \n"), "a\n\nb");
        assert_eq!(normalize("p1\u{2029}p2"), "p1\n\np2");
    }

    #[test]
    fn double_encoded_text_is_repaired() {
        assert_eq!(
            normalize("Itâ€™s the cafÃ© on the square"),
            "It’s the café on the square"
        );
    }

    #[test]
    fn clean_text_is_unchanged() {
        let t = "A Headline Here\n\nFirst paragraph, plain.\n\nSecond one.";
        assert_eq!(normalize(t), t);
        assert_eq!(normalize(&normalize(t)), t);
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(paragraphs("a b\n\nc d\n\ne"), vec!["a b", "c d", "e"]);
        assert!(paragraphs("").is_empty());
    }

    #[test]
    fn one_paragraph_per_line_is_kept() {
        let t = "The Mayor Opens a Bridge\nBy Ann Example\nThe new bridge opened on a windy morning after four years of work by crews.\nOfficials said traffic would start flowing by noon.";
        assert_eq!(paragraphs(t).len(), 4);
    }

    #[test]
    fn hard_wrapped_prose_is_joined() {
        let t = "The council met on Tuesday evening to discuss the proposed\n\
                 changes to the town's parking rules, which residents have\n\
                 criticised for months as confusing and expensive for small\n\
                 shops along the high street.\n\
                 \n\
                 A vote is expected next week after a final round of public\n\
                 comments closes on Friday.";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("The council met") && p[0].ends_with("high street."));
        assert!(p[0].contains("proposed changes"));
        assert!(p[1].contains("public comments closes"));
    }

    #[test]
    fn wrapped_block_with_short_line_splits_paragraphs() {
        let t = "Water levels in the reservoir fell for a third straight month\n\
                 as the dry spell continued across the region this summer.\n\
                 Farmers asked for relief.\n\
                 Engineers warned that another month without rain would force\n\
                 the utility to draw on emergency supplies held in the hills.";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].ends_with("Farmers asked for relief."));
    }

    #[test]
    fn lowercase_continuation_joins_two_lines() {
        let t = "Officials from both countries met for more than three hours and\nagreed to meet again in the spring.";
        assert_eq!(paragraphs(t).len(), 1);
    }

    #[test]
    fn hyphen_at_wrap_is_kept_without_space() {
        let t = "The report described the long-running dispute as a well-\n\
                 known problem that had dragged on for most of the past decade\n\
                 without any serious attempt at a negotiated settlement so far.";
        let p = paragraphs(t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("well-known problem"));
    }

    #[test]
    fn duplicated_lines_stay_separate() {
        let t = "A caption line describing a scene at the harbour in the morning (Example)\nA caption line describing a scene at the harbour in the morning (Example)";
        assert_eq!(paragraphs(t).len(), 2);
    }
}
