//! Tokens for grouping: lower-cased word tokens with a light suffix stemmer and an English
//! stop-word list, and a flag for words written as names.
//!
//! Deliberately simpler than a full stemmer: it only has to make "visits"/"visit" and
//! "talks"/"talked" meet, and it runs on every word of every article.

use std::collections::HashSet;
use std::sync::LazyLock;

use storyline_core::hash::{hash_str, Fnv, HashKeyed};

/// One word of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// The word as written.
    pub raw: &'a str,
    /// Byte offset in the text.
    pub start: usize,
    /// Capitalised and not the first word of a sentence: probably part of a name.
    pub name_like: bool,
}

/// Words of `text`: runs of letters and digits (inner apostrophes kept, so "Putin's" is one
/// word), in order.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut sentence_start = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_of(text, i);
        if !c.is_alphanumeric() {
            if matches!(c, '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '`') {
                // A full stop inside a number or an abbreviation ("U.S.") is not a boundary,
                // but a new sentence after it starts capitalised anyway, so erring towards a
                // boundary only costs a name flag on the next word.
                let next_is_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !next_is_digit {
                    sentence_start = true;
                }
            }
            i += len;
            continue;
        }
        // A word: letters and digits, and apostrophes followed by one.
        let start = i;
        i += len;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (c, len) = char_of(text, i);
            let inner_apostrophe = (c == '\'' || c == '’')
                && text[i + len..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if !(inner_apostrophe || (len > 1 && c.is_alphanumeric())) {
                break;
            }
            i += len;
        }
        out.push(token(text, start, i, &mut sentence_start));
    }
    out
}

/// The character at byte `i` (a boundary) and its length, ASCII without decoding.
#[inline]
fn char_of(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => {
            let c = text[i..].chars().next().expect("a character boundary");
            (c, c.len_utf8())
        }
    }
}

#[inline]
fn token<'a>(text: &'a str, s: usize, e: usize, sentence_start: &mut bool) -> Token<'a> {
    let raw = &text[s..e];
    let first_upper = match raw.as_bytes()[0] {
        b if b.is_ascii() => b.is_ascii_uppercase(),
        _ => raw.chars().next().is_some_and(char::is_uppercase),
    };
    let name_like = first_upper && !*sentence_start;
    *sentence_start = false;
    Token {
        raw,
        start: s,
        name_like,
    }
}

/// Both keys grouping takes from one word, in one pass over its bytes: the hash of the
/// lower-cased word (shingles, fingerprints) and its term hash, `None` for a stop word. The
/// same values as [`lower_into`] + FNV and [`term_into`] + [`term_hash`], which stay the
/// definition (and serve words this fast path does not take: non-ASCII or very long ones).
pub fn word_keys(raw: &str, buf: &mut String) -> (u64, Option<u64>) {
    const MAX: usize = 48;
    let bytes = raw.as_bytes();
    if bytes.len() >= MAX || !raw.is_ascii() {
        lower_into(raw, buf);
        let word = fnv_chars(buf);
        let term = term_of_lower(buf).then(|| term_hash(buf));
        return (word, term);
    }
    // FNV state after each of the last 8 prefixes: a stem is a prefix at most 5 bytes
    // shorter (possessive and suffix), plus "y" for "-ies".
    let mut states = [0u64; 8];
    let mut lower = [0u8; MAX];
    let mut h = Fnv::new();
    states[0] = h.state();
    for (i, &b) in bytes.iter().enumerate() {
        lower[i] = b.to_ascii_lowercase();
        h.push(u32::from(lower[i]));
        states[(i + 1) % 8] = h.state();
    }
    let word = h.finish();
    let mut n = bytes.len();
    if lower[..n].ends_with(b"'s") {
        n -= 2;
    }
    if n < 2 || STOP_KEYS.contains(&Fnv::from_state(states[n % 8]).finish()) {
        return (word, None);
    }
    let (keep, y) = stem_cut(&lower[..n]);
    debug_assert!(bytes.len() - keep < 8);
    let mut t = Fnv::from_state(states[keep % 8]);
    if y {
        t.push(u32::from(b'y'));
    }
    (word, Some(term_from_id((t.finish() >> 32) as u32)))
}

/// FNV over the characters of a lower-cased word, mixed.
fn fnv_chars(word: &str) -> u64 {
    let mut h = Fnv::new();
    for c in word.chars() {
        h.push(c as u32);
    }
    h.finish()
}

/// The grouping key of a word: lower-cased, possessive dropped, lightly stemmed; `None` for
/// stop words and single characters.
pub fn term(raw: &str) -> Option<String> {
    let mut buf = String::new();
    term_into(raw, &mut buf).then_some(buf)
}

/// [`term`] into a reused buffer (no allocation per word); false for stop words.
pub fn term_into(raw: &str, w: &mut String) -> bool {
    lower_into(raw, w);
    term_of_lower(w)
}

/// `raw` lower-cased into `w` (ASCII fast path).
pub fn lower_into(raw: &str, w: &mut String) {
    w.clear();
    if raw.is_ascii() {
        w.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        w.extend(raw.chars().flat_map(char::to_lowercase));
    }
}

/// [`term_into`] for a word already lower-cased in `w`.
pub fn term_of_lower(w: &mut String) -> bool {
    for suffix in ["'s", "’s"] {
        if w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
        }
    }
    if w.len() < 2 || w.chars().nth(1).is_none() || STOP_KEYS.contains(&hash_str(w)) {
        return false;
    }
    stem(w);
    true
}

/// Hash of a term key: a 32-bit identity (stored compactly) repeated in both halves, so the
/// pass-through map hasher still sees well-spread high and low bits.
pub fn term_hash(key: &str) -> u64 {
    term_from_id((hash_str(key) >> 32) as u32)
}

/// The 32-bit identity of a term hash.
pub fn term_id(term: u64) -> u32 {
    term as u32
}

/// The term hash of a 32-bit identity.
pub fn term_from_id(id: u32) -> u64 {
    (u64::from(id) << 32) | u64::from(id)
}

/// Strip the commonest inflections: plurals, "-ing", "-ed". Numbers and short words stay.
fn stem(w: &mut String) {
    if !w.is_ascii() {
        return;
    }
    let (keep, y) = stem_cut(w.as_bytes());
    w.truncate(keep);
    if y {
        w.push('y');
    }
}

/// How much of an ASCII lower-case word its stem keeps, and whether a "y" follows.
fn stem_cut(w: &[u8]) -> (usize, bool) {
    let n = w.len();
    if n < 4 || w.iter().any(u8::is_ascii_digit) {
        return (n, false);
    }
    if w.ends_with(b"ies") && n > 4 {
        (n - 3, true)
    } else if w.ends_with(b"sses") {
        (n - 2, false)
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") && !w.ends_with(b"us") && !w.ends_with(b"is")
    {
        (n - 1, false)
    } else if w.ends_with(b"ing") && n > 5 {
        (n - 3, false)
    } else if w.ends_with(b"ed") && n > 4 && !w.ends_with(b"eed") {
        (n - 2, false)
    } else {
        (n, false)
    }
}

/// Common English function words and reporting verbs, by [`hash_str`] of each: they say
/// nothing about the story. (Asked about every word of every article; [`word_keys`] has the
/// hash at hand already.)
static STOP_KEYS: LazyLock<HashSet<u64, HashKeyed>> =
    LazyLock::new(|| STOP_WORDS.split_whitespace().map(hash_str).collect());

const STOP_WORDS: &str =
    "a about above after again against all also am an and any are aren't as at be because been \
     before being below between both but by can can't cannot could couldn't did didn't do does \
     doesn't doing don't down during each few for from further had hadn't has hasn't have haven't \
     having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll \
     i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor \
     not of off on once only or other ought our ours ourselves out over own same shan't she she'd \
     she'll she's should shouldn't so some such than that that's the their theirs them themselves \
     then there there's these they they'd they'll they're they've this those through to too under \
     until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where \
     where's which while who who's whom why why's with won't would wouldn't you you'd you'll \
     you're you've your yours yourself yourselves said says say saying told tell according \
     will just like also one two new year years time now many much may might must well even \
     back still since around last first next get got make made go went going per cent percent \
     mr mrs ms dr re ve ll nt s t d m";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_flag_names_but_not_sentence_starts() {
        let t = tokens("The visit began. Putin met Kim Jong Un in Pyongyang's square.");
        let names: Vec<&str> = t.iter().filter(|t| t.name_like).map(|t| t.raw).collect();
        assert_eq!(names, ["Kim", "Jong", "Un", "Pyongyang's"]);
        assert!(!t[0].name_like, "sentence-initial word");
    }

    #[test]
    fn word_keys_agree_with_their_definition() {
        let words = "The Putin's visits countries talked news Sses classes glasses studies \
            ties ied U.S 2024 said's it's Pyongyang Kim a I'm we've thinking Süddeutsche \
            Zeitung’s ÉTAT crises focus analysis bused feed agreed 1990s x'ss \
            Supercalifragilisticexpialidociousnessesandmorelettersbeyondfortyeight";
        let mut buf = String::new();
        for t in tokens(words) {
            let mut lower = String::new();
            lower_into(t.raw, &mut lower);
            let word = fnv_chars(&lower);
            let term = term(t.raw).map(|k| term_hash(&k));
            assert_eq!(word_keys(t.raw, &mut buf), (word, term), "{}", t.raw);
        }
    }

    #[test]
    fn terms_drop_stop_words_and_inflections() {
        assert_eq!(term("The"), None);
        assert_eq!(term("visits").as_deref(), Some("visit"));
        assert_eq!(term("Talked").as_deref(), Some("talk"));
        assert_eq!(term("Putin's").as_deref(), Some("putin"));
        assert_eq!(term("countries").as_deref(), Some("country"));
        assert_eq!(term("Russia").as_deref(), Some("russia"));
        assert_eq!(term("2024").as_deref(), Some("2024"));
        assert_eq!(
            term("news").as_deref(),
            Some("new"),
            "light stemming is knowingly crude"
        );
    }
}
