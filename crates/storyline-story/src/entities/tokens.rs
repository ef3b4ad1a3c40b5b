//! A small tokenizer for names: words (with inner hyphens and apostrophes, initials such as "V."
//! and "U.S.", abbreviations such as "Mr."), possessive endings ("'s", "’s", PTB's " 's") and
//! single punctuation marks (PTB's `` and '' kept whole). Works on cleaned and on PTB text.

use super::lexicon::ABBREVIATIONS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// "'s", "’s" or a lone apostrophe after a plural ("leaders'").
    Possessive,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Only whitespace with a line break lies between this token and the one before (or it opens the text).
    pub line_start: bool,
}

impl Token {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    let mut line_start = true;
    let mut space_before = false;
    while i < text.len() {
        let c = match char_at(text, i) {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            if c == '\n' || c == '\r' {
                line_start = true;
            }
            space_before = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            i = scan_word(text, i);
            kind = TokKind::Word;
        } else if is_apostrophe(c) && possessive_here(text, i, &out, space_before) {
            let next = char_at(text, i + c.len_utf8());
            if matches!(next, Some('s') | Some('S')) {
                i += c.len_utf8() + 1;
            } else {
                i += c.len_utf8();
            }
            kind = TokKind::Possessive;
        } else if (c == '`' && char_at(text, i + 1) == Some('`'))
            || (c == '\'' && char_at(text, i + 1) == Some('\''))
        {
            i += 2;
            kind = TokKind::Punct;
        } else {
            i += c.len_utf8();
            kind = TokKind::Punct;
        }
        out.push(Token {
            start,
            end: i,
            kind,
            line_start,
        });
        line_start = false;
        space_before = false;
    }
    out
}

/// An apostrophe at `i` is a possessive ending when it follows a word ("Putin's", "Putin 's" in
/// PTB text) and is followed by "s" + a non-letter, or follows a word ending in "s" directly and
/// is followed by a non-letter ("leaders' ").
fn possessive_here(text: &str, i: usize, out: &[Token], space_before: bool) -> bool {
    let prev = match out.last() {
        Some(t) if t.kind == TokKind::Word => t,
        _ => return false,
    };
    let a = char_at(text, i).map(|c| c.len_utf8()).unwrap_or(1);
    let next = char_at(text, i + a);
    let after_s = char_at(text, i + a + 1);
    let letter = |c: Option<char>| c.map(|c| c.is_alphanumeric()).unwrap_or(false);
    if matches!(next, Some('s') | Some('S')) && !letter(after_s) {
        return true;
    }
    !space_before
        && text[prev.start..prev.end].ends_with(['s', 'S'])
        && !letter(next)
        && !matches!(next, Some('\''))
}

/// Scans a word starting at `i` (an alphanumeric character); returns its end.
fn scan_word(text: &str, mut i: usize) -> usize {
    let start = i;
    i = alnum_run(text, i);
    loop {
        let c = match char_at(text, i) {
            Some(c) => c,
            None => return i,
        };
        if c == '-' {
            let n = i + 1;
            if char_at(text, n)
                .map(|c| c.is_alphanumeric())
                .unwrap_or(false)
            {
                i = alnum_run(text, n);
                continue;
            }
            return i;
        }
        if is_apostrophe(c) {
            let n = i + c.len_utf8();
            let next = char_at(text, n);
            if !next.map(|c| c.is_alphanumeric()).unwrap_or(false) {
                return i;
            }
            // "'s" + non-letter is a possessive ending, not part of the word.
            if matches!(next, Some('s') | Some('S'))
                && !char_at(text, n + 1)
                    .map(|c| c.is_alphanumeric())
                    .unwrap_or(false)
            {
                return i;
            }
            i = alnum_run(text, n);
            continue;
        }
        if c == '.' {
            let word = &text[start..i];
            let single_letter = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
            let dotted = word.contains('.');
            if single_letter || dotted {
                i += 1;
                // "U.S." and "D.P.R.K.": a letter and a period, again.
                loop {
                    let l = char_at(text, i);
                    let p = l.and_then(|l| char_at(text, i + l.len_utf8()));
                    match (l, p) {
                        (Some(l), Some('.')) if l.is_alphabetic() => {
                            i += l.len_utf8() + 1;
                        }
                        _ => break,
                    }
                }
                return i;
            }
            if ABBREVIATIONS.contains(word) {
                return i + 1;
            }
            return i;
        }
        return i;
    }
}

fn alnum_run(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if c.is_alphanumeric() || c == '\u{0301}' || c == '\u{0300}' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Lower-cased ASCII-folded form of a name part, for keys ("Jong-Un" → "jong-un").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å'
            | 'Ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' | 'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' | 'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ø' | 'ŏ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => {
                'o'
            }
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ŭ' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'č' | 'ć' | 'Ç' | 'Č' => 'c',
            'ñ' | 'ń' | 'Ñ' => 'n',
            'š' | 'ś' | 'ş' | 'Š' | 'Ş' => 's',
            'ž' | 'ź' | 'ż' | 'Ž' => 'z',
            'ł' | 'Ł' => 'l',
            'ř' => 'r',
            'ý' | 'ÿ' => 'y',
            'ğ' => 'g',
            '’' => '\'',
            c => c,
        };
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, TokKind)> {
        tokenize(s)
            .iter()
            .map(|t| (t.text(s).to_string(), t.kind))
            .collect()
    }

    #[test]
    fn initials_abbreviations_and_possessives() {
        let s = "Mr. Brandt met Anna K. Ivers in the U.S. on Friday; Ivers's dog and the Lindqvists' cat.";
        let w: Vec<String> = words(s).into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            w,
            vec![
                "Mr.",
                "Brandt",
                "met",
                "Anna",
                "K.",
                "Ivers",
                "in",
                "the",
                "U.S.",
                "on",
                "Friday",
                ";",
                "Ivers",
                "'s",
                "dog",
                "and",
                "the",
                "Lindqvists",
                "'",
                "cat",
                "."
            ]
        );
        let kinds = words(s);
        assert_eq!(kinds[13].1, TokKind::Possessive);
        assert_eq!(kinds[18].1, TokKind::Possessive);
    }

    #[test]
    fn hyphens_curly_apostrophes_and_ptb() {
        let s = "Pak Sol-mi’s aide met O’Hara. `` Yes , '' said Ryo 's friend";
        let w: Vec<String> = words(s).into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            w,
            vec![
                "Pak", "Sol-mi", "’s", "aide", "met", "O’Hara", ".", "``", "Yes", ",", "''",
                "said", "Ryo", "'s", "friend"
            ]
        );
    }

    #[test]
    fn line_starts() {
        let s = "One two.\n\nThree";
        let t = tokenize(s);
        assert!(t[0].line_start);
        assert!(!t[1].line_start);
        assert!(t[3].line_start);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Jong-Un"), "jong-un");
        assert_eq!(fold("Zoë Ó’Brien"), "zoe o'brien");
    }
}
