//! Small text helpers shared by the extractors.

/// Stands for a `<br>` while text is gathered; becomes a line break once whitespace is folded.
pub(crate) const BR: char = '\u{1}';

/// Folds every run of whitespace to one space and trims; a [`BR`] becomes a line break (with
/// the spaces around it dropped). Zero-width and non-breaking spaces count as whitespace.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut pending_break = false;
    for c in s.chars() {
        if c == BR {
            pending_break = true;
            pending_space = false;
        } else if c.is_whitespace()
            || matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}'
            )
        {
            if !pending_break {
                pending_space = true;
            }
        } else {
            if !out.is_empty() {
                if pending_break {
                    out.push('\n');
                } else if pending_space {
                    out.push(' ');
                }
            }
            pending_space = false;
            pending_break = false;
            out.push(c);
        }
    }
    out
}

/// Number of words (runs of alphanumeric characters).
pub(crate) fn word_count(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = c.is_alphanumeric();
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// Lower-cased, whitespace-folded form for comparisons.
pub(crate) fn fold(s: &str) -> String {
    collapse_ws(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse() {
        assert_eq!(collapse_ws("  a \n\t b  "), "a b");
        assert_eq!(
            collapse_ws(&format!("line one {BR}  line two")),
            "line one\nline two"
        );
        assert_eq!(collapse_ws(&format!("{BR}{BR}x{BR}")), "x");
        assert_eq!(collapse_ws("a\u{a0}\u{200b}b"), "a b");
    }

    #[test]
    fn words() {
        assert_eq!(word_count("It's a 3-day trip."), 6);
        assert_eq!(word_count(""), 0);
    }
}
