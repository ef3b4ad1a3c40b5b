//! What grouping needs from an article, computed once, in parallel, and stored so that a
//! later run can rebuild its indexes without re-reading texts: term counts (with name and
//! title flags), a MinHash signature, an exact-text hash, sentence keys, date and language.

use std::collections::HashMap;

use storyline_core::hash::{mix, HashKeyed};
use storyline_core::Article;

use crate::text;

/// Values in a MinHash signature.
pub const SIG_LEN: usize = 64;
/// Words per shingle for near-duplicate detection.
const SHINGLE: usize = 4;
/// Words per fingerprint of shared-passage detection: runs this long are seldom shared by
/// chance ("he declined to comment" is shorter).
pub const PASSAGE_WORDS: usize = 6;
/// Winnowing window: one fingerprint is kept from every window of this many word 6-grams,
/// so any shared run of `PASSAGE_WORDS + WINNOW - 1` = 21 words is seen by both articles.
const WINNOW: usize = 16;

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

/// A winnowed word 6-gram: its hash (of the lower-cased words) and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u32,
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
    /// For an undated article, the earliest day it can have been written: January 1 of the
    /// latest year it mentions as past (an article that recalls 2023 is not from 2000).
    pub floor: Option<i32>,
    pub language: Option<String>,
    /// MinHash of word 4-shingles (empty for a text without words).
    pub signature: Vec<u32>,
    /// Hash of the lower-cased word sequence: equal for texts that differ only in case,
    /// punctuation and spacing.
    pub exact: u64,
    /// Winnowed fingerprints, in text order, for shared passages.
    pub fingerprints: Vec<Fingerprint>,
    /// Number of words.
    pub words: u32,
}

impl Features {
    /// Features of an untitled, undated text (tests).
    #[cfg(test)]
    pub(crate) fn of_text(text: &str) -> Features {
        Features::extract(&Article {
            text: text.into(),
            ..Default::default()
        })
    }

    /// Features of a cleaned article (title, body, publication date, language).
    pub fn extract(article: &Article) -> Features {
        let text = &article.text;
        let tokens = text::tokens(text);
        let mut counts: HashMap<u64, TermCount, HashKeyed> = HashMap::default();
        let mut buf = String::new();
        let mut word_hashes = Vec::with_capacity(tokens.len());
        for t in &tokens {
            // One pass serves the word hash (shingles, fingerprints) and the term.
            let (word, term) = text::word_keys(t.raw, &mut buf);
            word_hashes.push(word);
            if let Some(h) = term {
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
                if let (_, Some(h)) = text::word_keys(t.raw, &mut buf) {
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
            floor: latest_year(&tokens).and_then(|y| day_number(&format!("{y:04}-01-01"))),
            language: article.language.clone(),
            signature: signature(&word_hashes),
            exact: word_hashes.iter().fold(0x5157_u64, |h, &w| mix(h ^ w)),
            fingerprints: fingerprints(&tokens, &word_hashes),
            words: tokens.len() as u32,
        }
    }
}

/// The latest year from 1900 to 2099 the text mentions, skipping deadlines ("by 2030",
/// "until 2027"), which may lie in the future.
fn latest_year(tokens: &[text::Token<'_>]) -> Option<u32> {
    let mut latest = None;
    for (i, t) in tokens.iter().enumerate() {
        let digits = t.raw.strip_suffix('s').unwrap_or(t.raw);
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let year: u32 = digits.parse().expect("four digits");
        let deadline = i > 0
            && matches!(
                tokens[i - 1].raw.to_ascii_lowercase().as_str(),
                "by" | "until" | "till" | "through" | "before" | "to"
            );
        if (1900..=2099).contains(&year) && !deadline {
            latest = latest.max(Some(year));
        }
    }
    latest
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
    let n = words.len().saturating_sub(SHINGLE - 1).max(1);
    let shingles: Vec<u64> = (0..n)
        .map(|i| {
            words[i..(i + SHINGLE).min(words.len())]
                .iter()
                .enumerate()
                .fold(0u64, |h, (k, &w)| h ^ w.rotate_left(17 * k as u32))
        })
        .collect();
    minhash::mins(&shingles).to_vec()
}

/// The MinHash inner loop, the costliest step of grouping: the same code compiled for the
/// widest vector unit the processor has (chosen at run time), since 64-bit multiplies only
/// vectorise well with AVX2 or AVX-512.
mod minhash {
    use std::sync::LazyLock;

    use storyline_core::hash::mix;

    use super::SIG_LEN;

    pub(super) static FAMILY: LazyLock<([u64; SIG_LEN], [u64; SIG_LEN])> = LazyLock::new(|| {
        (
            std::array::from_fn(|i| mix(i as u64 * 2 + 1) | 1),
            std::array::from_fn(|i| mix(i as u64 * 2 + 2)),
        )
    });

    pub fn mins(shingles: &[u64]) -> [u32; SIG_LEN] {
        let (a, b) = &*FAMILY;
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512dq")
            {
                // SAFETY: the processor supports the features the function is compiled for.
                return unsafe { mins_avx512(shingles, a, b) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: as above.
                return unsafe { mins_avx2(shingles, a, b) };
            }
        }
        mins_portable(shingles, a, b)
    }

    #[inline(always)]
    pub(super) fn mins_portable(
        shingles: &[u64],
        a: &[u64; SIG_LEN],
        b: &[u64; SIG_LEN],
    ) -> [u32; SIG_LEN] {
        let mut out = [u32::MAX; SIG_LEN];
        for &s in shingles {
            for j in 0..SIG_LEN {
                out[j] = out[j].min((s.wrapping_mul(a[j]).wrapping_add(b[j]) >> 32) as u32);
            }
        }
        out
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn mins_avx2(shingles: &[u64], a: &[u64; SIG_LEN], b: &[u64; SIG_LEN]) -> [u32; SIG_LEN] {
        mins_portable(shingles, a, b)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq")]
    fn mins_avx512(shingles: &[u64], a: &[u64; SIG_LEN], b: &[u64; SIG_LEN]) -> [u32; SIG_LEN] {
        mins_portable(shingles, a, b)
    }
}

/// Estimated Jaccard similarity of two signatures.
pub fn resemblance(a: &[u32], b: &[u32]) -> f32 {
    if a.len() != SIG_LEN || b.len() != SIG_LEN {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / SIG_LEN as f32
}

/// Winnowing (Schleimer, Wilkerson and Aiken 2003) over word 6-gram hashes: the smallest
/// hash of each window of `WINNOW` consecutive 6-grams (the rightmost on ties), each
/// position once.
fn fingerprints(tokens: &[text::Token<'_>], words: &[u64]) -> Vec<Fingerprint> {
    if words.len() < PASSAGE_WORDS {
        return Vec::new();
    }
    let grams: Vec<u32> = words
        .windows(PASSAGE_WORDS)
        .map(|w| (w.iter().fold(0x9a55_u64, |h, &x| mix(h ^ x)) >> 32) as u32)
        .collect();
    // The rightmost smallest hash of a window, found again only when the previous one has
    // left the window; otherwise the entering hash takes over if it is not larger.
    let rightmost_min = |window: &[u32]| {
        let (offset, _) = window
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|&(_, h)| *h)
            .expect("window is not empty");
        offset
    };
    let mut out: Vec<Fingerprint> = Vec::new();
    let mut last: Option<usize> = None;
    let mut at = 0;
    for start in 0..grams.len().saturating_sub(WINNOW - 1).max(1) {
        let end = (start + WINNOW).min(grams.len());
        if start == 0 || at < start {
            at = start + rightmost_min(&grams[start..end]);
        } else if grams[end - 1] <= grams[at] {
            at = end - 1;
        }
        if last != Some(at) {
            let end_token = &tokens[at + PASSAGE_WORDS - 1];
            out.push(Fingerprint {
                hash: grams[at],
                start: tokens[at].start as u32,
                end: (end_token.start + end_token.raw.len()) as u32,
            });
            last = Some(at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::term_hash;

    /// Winnowing by its definition: every window searched in full.
    fn winnow_by_definition(grams: &[u32]) -> Vec<usize> {
        let mut out = Vec::new();
        for start in 0..grams.len().saturating_sub(WINNOW - 1).max(1) {
            let window = &grams[start..(start + WINNOW).min(grams.len())];
            let (offset, _) = window
                .iter()
                .enumerate()
                .rev()
                .min_by_key(|&(_, h)| *h)
                .unwrap();
            if out.last() != Some(&(start + offset)) {
                out.push(start + offset);
            }
        }
        out
    }

    #[test]
    fn winnowing_matches_its_definition() {
        // Few distinct words make many tied hashes; lengths around the window size.
        for len in [6, 7, 20, 21, 22, 40, 300] {
            let text: String = (0..len)
                .map(|i| ["a", "b", "c", "d"][(i * 7 + i / 3) % 4])
                .collect::<Vec<_>>()
                .join(" ");
            let tokens = text::tokens(&text);
            let mut buf = String::new();
            let words: Vec<u64> = tokens
                .iter()
                .map(|t| text::word_keys(t.raw, &mut buf).0)
                .collect();
            let grams: Vec<u32> = words
                .windows(PASSAGE_WORDS)
                .map(|w| (w.iter().fold(0x9a55_u64, |h, &x| mix(h ^ x)) >> 32) as u32)
                .collect();
            let starts: Vec<usize> = fingerprints(&tokens, &words)
                .iter()
                .map(|f| {
                    tokens
                        .iter()
                        .position(|t| t.start == f.start as usize)
                        .unwrap()
                })
                .collect();
            assert_eq!(starts, winnow_by_definition(&grams), "{len} words");
        }
    }

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
        let g = Features::extract(&article(
            "",
            "It was his first visit since 2000, and the 2010s were calm; talks run until 2031.",
        ));
        assert_eq!(g.floor, day_number("2010-01-01"));
        assert_eq!(day_number("1970-01-02T10:00:00Z"), Some(1));
    }

    #[test]
    fn every_minhash_build_agrees() {
        let shingles: Vec<u64> = (0..500u64).map(|i| mix(i * 7 + 3)).collect();
        let (a, b) = (&minhash::FAMILY.0, &minhash::FAMILY.1);
        let portable = minhash::mins_portable(&shingles, a, b);
        assert_eq!(minhash::mins(&shingles), portable);
    }

    #[test]
    fn signatures_estimate_resemblance() {
        let base = "The council approved the harbour budget after a long debate about ferries, \
                    bridges and the cost of dredging the old channel before the winter storms arrive.";
        let a = Features::extract(&article("", base));
        let b = Features::extract(&article("", &base.replace("long", "lengthy")));
        let c = Features::extract(&article(
            "",
            "Completely different words about a football match in the rain.",
        ));
        let r = resemblance(&a.signature, &b.signature);
        assert!(r > 0.6, "{r}");
        assert!(resemblance(&a.signature, &c.signature) < 0.2);
        let upper = Features::extract(&article("", &base.to_uppercase()));
        assert_eq!(a.exact, upper.exact, "case does not make a different text");
    }

    #[test]
    fn fingerprints_cover_text_with_spans() {
        let text =
            "Short one.\n\nThe minister said the new bridge would open to traffic next spring.";
        let f = Features::extract(&article("", text));
        assert!(!f.fingerprints.is_empty());
        for p in &f.fingerprints {
            assert_eq!(
                text[p.start as usize..p.end as usize]
                    .split_whitespace()
                    .count(),
                PASSAGE_WORDS
            );
        }
        let long: String = (0..400).map(|i| format!("w{i} ")).collect();
        let n = Features::extract(&article("", &long)).fingerprints.len();
        assert!(
            (20..80).contains(&n),
            "about 2/(W+1) of positions kept, got {n}"
        );
    }
}
