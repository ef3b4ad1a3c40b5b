//! What grouping needs from an article, computed once, in parallel, and stored so that a
//! later run can rebuild its indexes without re-reading texts: term counts (with name and
//! title flags), a MinHash signature, an exact-text hash, sentence keys, date and language.

use std::collections::HashMap;
use std::sync::LazyLock;

use storyline_core::hash::{mix, HashKeyed};
use storyline_core::Article;

use crate::text::{self, term_hash, term_into};

/// Values in a MinHash signature.
pub const SIG_LEN: usize = 64;
/// Words per shingle for near-duplicate detection.
const SHINGLE: usize = 4;
/// Sentences shorter than this are too common to mark shared passages ("He declined to comment.").
pub const MIN_SENTENCE_WORDS: usize = 8;

/// Occurrences of one term in an article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermCount {
    pub term: u64,
    pub count: u16,
    /// Written as a name (capitalised mid-sentence) at least once.
    pub name: bool,
    /// Occurs in the title.
    pub title: bool,
}

/// A sentence long enough to witness copying: its normalised hash and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceKey {
    pub hash: u64,
    pub start: u32,
    pub end: u32,
}

/// Grouping features of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Distinct terms, sorted by hash.
    pub terms: Vec<TermCount>,
    /// Days since 1970-01-01 of the publication date, when known.
    pub day: Option<i32>,
    pub language: Option<String>,
    /// MinHash of word 4-shingles (empty for a text without words).
    pub signature: Vec<u32>,
    /// Hash of the lower-cased word sequence: equal for texts that differ only in case,
    /// punctuation and spacing.
    pub exact: u64,
    pub sentences: Vec<SentenceKey>,
    /// Number of words.
    pub words: u32,
}

impl Features {
    /// Features of a cleaned article (title, body, publication date, language).
    pub fn extract(article: &Article) -> Features {
        let text = &article.text;
        let tokens = text::tokens(text);
        let mut counts: HashMap<u64, TermCount, HashKeyed> = HashMap::default();
        let mut buf = String::new();
        let mut word_hashes = Vec::with_capacity(tokens.len());
        for t in &tokens {
            word_hashes.push(lower_hash(t.raw));
            if term_into(t.raw, &mut buf) {
                let h = term_hash(&buf);
                let e = counts.entry(h).or_insert(TermCount {
                    term: h,
                    count: 0,
                    name: false,
                    title: false,
                });
                e.count = e.count.saturating_add(1);
                e.name |= t.name_like;
            }
        }
        if let Some(title) = &article.title {
            for t in text::tokens(title) {
                if term_into(t.raw, &mut buf) {
                    let h = term_hash(&buf);
                    let name = t.raw.chars().next().is_some_and(char::is_uppercase)
                        && !title_is_all_caps_words(title);
                    let e = counts.entry(h).or_insert(TermCount {
                        term: h,
                        count: 0,
                        name,
                        title: true,
                    });
                    e.title = true;
                    e.count = e.count.max(1);
                }
            }
        }
        let mut terms: Vec<TermCount> = counts.into_values().collect();
        terms.sort_unstable_by_key(|t| t.term);
        Features {
            terms,
            day: article.published.as_deref().and_then(day_number),
            language: article.language.clone(),
            signature: signature(&word_hashes),
            exact: word_hashes.iter().fold(0x5157_u64, |h, &w| mix(h ^ w)),
            sentences: sentence_keys(text, &tokens, &word_hashes),
            words: tokens.len() as u32,
        }
    }
}

/// "Putin Makes First Visit" capitalises every word: then capitals in the title say nothing.
fn title_is_all_caps_words(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 3 && caps * 4 >= words.len() * 3
}

/// Lower-cased hash of a word (ASCII fast path).
fn lower_hash(raw: &str) -> u64 {
    let mut h = storyline_core::hash::Fnv::new();
    if raw.is_ascii() {
        for b in raw.bytes() {
            h.push(u32::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in raw.chars().flat_map(char::to_lowercase) {
            h.push(c as u32);
        }
    }
    h.finish()
}

/// Days since 1970-01-01 of a YYYY-MM-DD or RFC 3339 date.
pub fn day_number(date: &str) -> Option<i32> {
    let day = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((day - epoch).num_days() as i32)
}

/// MinHash of word 4-shingles: `SIG_LEN` multiply-shift hash functions of each shingle's
/// hash, keeping each function's minimum. (One-permutation hashing is cheaper but too noisy
/// on the short texts news has plenty of.)
fn signature(words: &[u64]) -> Vec<u32> {
    if words.is_empty() {
        return Vec::new();
    }
    static FAMILY: LazyLock<[(u64, u64); SIG_LEN]> = LazyLock::new(|| {
        std::array::from_fn(|i| (mix(i as u64 * 2 + 1) | 1, mix(i as u64 * 2 + 2)))
    });
    let family = &*FAMILY;
    let mut mins = [u32::MAX; SIG_LEN];
    let n = words.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..n {
        let s = words[i..(i + SHINGLE).min(words.len())]
            .iter()
            .enumerate()
            .fold(0u64, |h, (k, &w)| h ^ w.rotate_left(17 * k as u32));
        for (m, &(a, b)) in mins.iter_mut().zip(family) {
            *m = (*m).min((s.wrapping_mul(a).wrapping_add(b) >> 32) as u32);
        }
    }
    mins.to_vec()
}

/// Estimated Jaccard similarity of two signatures.
pub fn resemblance(a: &[u32], b: &[u32]) -> f32 {
    if a.len() != SIG_LEN || b.len() != SIG_LEN {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / SIG_LEN as f32
}

/// Keys of the sentences with at least [`MIN_SENTENCE_WORDS`] words.
fn sentence_keys(text: &str, tokens: &[text::Token<'_>], words: &[u64]) -> Vec<SentenceKey> {
    let mut out = Vec::new();
    let mut k = 0;
    for (start, end) in text::sentences(text) {
        while k < tokens.len() && tokens[k].start < start {
            k += 1;
        }
        let first = k;
        while k < tokens.len() && tokens[k].start < end {
            k += 1;
        }
        if k - first >= MIN_SENTENCE_WORDS {
            let hash = words[first..k].iter().fold(0x5e7_u64, |h, &w| mix(h ^ w));
            out.push(SentenceKey {
                hash,
                start: start as u32,
                end: end as u32,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, text: &str) -> Article {
        Article {
            title: Some(title.into()),
            text: text.into(),
            published: Some("2024-06-19".into()),
            ..Default::default()
        }
    }

    #[test]
    fn terms_carry_name_and_title_flags() {
        let f = Features::extract(&article(
            "Summit ends",
            "Leaders met on Monday. The talks with Putin ended late, and Putin left.",
        ));
        let get = |w: &str| {
            let h = term_hash(w);
            f.terms.iter().find(|t| t.term == h).copied()
        };
        let putin = get("putin").unwrap();
        assert_eq!(putin.count, 2);
        assert!(putin.name && !putin.title);
        assert!(get("summit").unwrap().title);
        assert!(!get("talk").unwrap().name);
        assert!(get("the").is_none());
        assert_eq!(f.day, day_number("2024-06-19"));
        assert_eq!(day_number("1970-01-02T10:00:00Z"), Some(1));
    }

    #[test]
    fn signatures_estimate_resemblance() {
        let base = "The council approved the harbour budget after a long debate about ferries, \
                    bridges and the cost of dredging the old channel before the winter storms arrive.";
        let a = Features::extract(&article("", base));
        let b = Features::extract(&article("", &base.replace("long", "lengthy")));
        let c = Features::extract(&article("", "Completely different words about a football match in the rain."));
        let r = resemblance(&a.signature, &b.signature);
        assert!(r > 0.6, "{r}");
        assert!(resemblance(&a.signature, &c.signature) < 0.2);
        let upper = Features::extract(&article("", &base.to_uppercase()));
        assert_eq!(a.exact, upper.exact, "case does not make a different text");
    }

    #[test]
    fn long_sentences_get_keys_with_spans() {
        let text = "Short one.\n\nThe minister said the new bridge would open to traffic next spring.";
        let f = Features::extract(&article("", text));
        assert_eq!(f.sentences.len(), 1);
        let s = f.sentences[0];
        assert!(text[s.start as usize..s.end as usize].starts_with("The minister"));
    }
}
