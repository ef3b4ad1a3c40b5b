//! Cleaning stage of Storyline.
//!
//! Turns the text of one scraped article into a title, metadata and a clean body:
//!
//! 1. [`normalize`]: Unicode NFC, odd spaces, zero-width characters, whitespace; paragraphs kept.
//! 2. [`words`]: repair of run-together words ("begana" -> "began a") from a word-frequency
//!    [`words::Lexicon`] plus evidence from the corpus itself ([`words::WordStats`]).
//! 3. [`structure`]: metadata from the text (title, byline, publisher, agencies, dateline, date)
//!    and removal of what is not the article (prompts, widgets, captions, repeated lines), each
//!    removal recorded with its reason.
//!
//! Everything here is pure: corpus evidence comes in through [`Corpus`], which the caller builds
//! from the batch (and anything it kept from earlier batches) before cleaning.

mod evidence;
pub mod normalize;
mod pattern;
pub mod structure;
pub mod words;

use storyline_core::{Removal, TextMeta};

/// Evidence gathered from many articles before any of them is cleaned.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Corpus {
    pub words: words::WordStats,
    pub lines: structure::LineStats,
}

impl Corpus {
    /// Record one raw article's text (and its publisher, if known).
    pub fn observe(&mut self, publisher: Option<&str>, text: &str) {
        self.observe_prepared(publisher, &Prepared::new(text));
    }

    /// Record an article already normalised and split by [`Prepared::new`].
    pub fn observe_prepared(&mut self, publisher: Option<&str>, prepared: &Prepared) {
        let counts = evidence_paragraphs(&prepared.paragraphs);
        for (p, counts) in prepared.paragraphs.iter().zip(counts) {
            if counts {
                self.words.observe(p);
            }
        }
        self.lines.observe(publisher, &prepared.paragraphs);
    }

    /// First pass of two over a batch (cheaper than [`Corpus::observe_prepared`] on many
    /// articles): words and lines, with the keys of adjacent word pairs pushed to
    /// `pair_keys`. Then [`Corpus::pair_candidates`] and [`Corpus::count_pairs`]. The words
    /// found and the line facts made are kept in `prepared`, so that cleaning it does not
    /// make them again.
    pub fn observe_words(
        &mut self,
        publisher: Option<&str>,
        prepared: &mut Prepared,
        pair_keys: &mut Vec<u64>,
        lexicon: &words::Lexicon,
    ) {
        let bytes = prepared.paragraphs.iter().map(String::len).sum();
        let mut tokens = words::Tokens::with_capacity(bytes);
        let counts = evidence_paragraphs(&prepared.paragraphs);
        for (p, counts) in prepared.paragraphs.iter().zip(counts) {
            if counts {
                self.words
                    .observe_words_noting(p, pair_keys, lexicon, &mut tokens);
            } else {
                self.words.note_words(p, lexicon, &mut tokens);
            }
        }
        prepared.tokens = tokens;
        let paragraphs = &prepared.paragraphs;
        prepared.facts = paragraphs
            .iter()
            .map(|p| structure::LineFacts::new(p))
            .collect();
        self.lines
            .observe_facts(publisher, paragraphs, &prepared.facts);
    }

    /// The joined tokens seen so far whose two-word spellings are worth counting.
    pub fn pair_candidates(&self, lexicon: &words::Lexicon) -> words::PairCandidates {
        self.words.pair_candidates(lexicon)
    }

    /// Second pass: count the collected word pairs that spell a candidate.
    pub fn count_pairs(&mut self, pair_keys: &[u64], wanted: &words::PairCandidates) {
        self.words.count_pairs(pair_keys, wanted);
    }

    /// Combine evidence gathered in parallel.
    pub fn merge(&mut self, other: Corpus) {
        self.words.merge(other.words);
        self.lines.merge(other.lines);
    }
}

/// Which of one article's paragraphs count as word evidence. A paragraph the article repeats
/// (a headline or caption printed twice, in capitals, with a space lost, or cut short as a
/// teaser) is one piece of evidence, not two: counted twice, its words would look
/// established, and cleaning, which removes the copy, would judge them again on less evidence
/// than the first time.
fn evidence_paragraphs(paragraphs: &[String]) -> Vec<bool> {
    // Compared by their letters and digits, lower-cased.
    let keys: Vec<String> = (paragraphs.iter())
        .map(|p| {
            let mut key = String::with_capacity(p.len());
            for c in p.chars().filter(|c| c.is_alphanumeric()) {
                if c.is_ascii() {
                    key.push(c.to_ascii_lowercase());
                } else {
                    key.extend(c.to_lowercase());
                }
            }
            key
        })
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    let mut counts = vec![true; keys.len()];
    // Sorted, a key is followed by its copies and then by the keys it begins.
    for pair in order.windows(2) {
        let (k, next) = (&keys[pair[0]], &keys[pair[1]]);
        if k == next {
            counts[pair[1]] = false;
        } else if k.chars().count() >= MIN_TEASER_CHARS && next.starts_with(k.as_str()) {
            counts[pair[0]] = false;
        }
    }
    counts
}

/// A paragraph this long (letters and digits) that begins a longer one is a cut copy of it.
const MIN_TEASER_CHARS: usize = 12;

/// An article's text normalised and split into paragraphs: made once, then used both to
/// gather corpus evidence and to clean.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    paragraphs: Vec<String>,
    /// The words of each paragraph, once [`Corpus::observe_words`] has noted them (else
    /// empty: cleaning then finds them itself).
    tokens: words::Tokens,
    /// What [`structure`] needs to know of each paragraph, made by the same call (else empty).
    facts: Vec<structure::LineFacts>,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        Prepared {
            paragraphs: normalize::paragraphs(&normalize::normalize(text)),
            tokens: words::Tokens::default(),
            facts: Vec::new(),
        }
    }

    /// The normalised paragraphs.
    pub fn paragraphs(&self) -> &[String] {
        &self.paragraphs
    }

    /// The words of each paragraph as [`Corpus::observe_words`] noted them (empty before).
    pub fn tokens(&self) -> &words::Tokens {
        &self.tokens
    }

    /// The line facts of each paragraph as [`Corpus::observe_words`] made them (empty before).
    pub fn facts(&self) -> &[structure::LineFacts] {
        &self.facts
    }
}

/// The result of cleaning one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub meta: TextMeta,
    pub paragraphs: Vec<String>,
    pub removed: Vec<Removal>,
}

impl Cleaned {
    /// The body: paragraphs separated by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// Title line first (if one was found), a blank line, then the body.
    pub fn to_plain(&self) -> String {
        match &self.meta.title {
            Some(t) if !self.paragraphs.is_empty() => format!("{t}\n\n{}", self.body()),
            Some(t) => t.clone(),
            None => self.body(),
        }
    }
}

/// Cleans article text. Cheap to clone; share one across threads.
///
/// The bundled lexicon is loaded on first use (or early, with [`words::Lexicon::preload`]),
/// so making a cleaner costs nothing.
#[derive(Clone, Default)]
pub struct Cleaner {
    _private: (),
}

impl Cleaner {
    /// A cleaner over the bundled English word-frequency lexicon.
    pub fn new() -> Self {
        Cleaner { _private: () }
    }

    pub fn lexicon(&self) -> &'static words::Lexicon {
        words::Lexicon::bundled()
    }

    /// Clean one article. `publisher` (when the source knows it) lets lines repeated across
    /// that publisher's articles be recognised as boilerplate.
    pub fn clean(&self, text: &str, publisher: Option<&str>, corpus: &Corpus) -> Cleaned {
        self.clean_prepared(Prepared::new(text), publisher, corpus)
    }

    /// Clean an article already normalised and split by [`Prepared::new`].
    pub fn clean_prepared(
        &self,
        prepared: Prepared,
        publisher: Option<&str>,
        corpus: &Corpus,
    ) -> Cleaned {
        let (lex, stats) = (self.lexicon(), &corpus.words);
        let ctx = structure::Context {
            publisher,
            lines: &corpus.lines,
        };
        let n = prepared.paragraphs.len();
        let tokens = &prepared.tokens;
        if tokens.paragraphs() != n || prepared.facts.len() != n {
            let paragraphs = words::repair_document(&prepared.paragraphs, lex, stats);
            return structure::extract(paragraphs, &ctx);
        }
        let plans = (prepared.paragraphs.iter().enumerate())
            .map(|(i, p)| words::plan_noted(p, tokens.of(i), lex, stats))
            .collect();
        let repaired = words::carry_out(plans, &prepared.paragraphs);
        // A paragraph repair leaves as it was keeps the facts the evidence pass made of it.
        let (paragraphs, known) = (prepared.paragraphs.into_iter().zip(repaired))
            .zip(prepared.facts)
            .map(|((p, fixed), facts)| match fixed {
                Some(fixed) => (fixed, None),
                None => (p, Some(facts)),
            })
            .unzip();
        structure::extract_with(paragraphs, known, &ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cleaning from what the evidence pass noted (words, line facts) gives exactly what
    /// cleaning the text afresh gives, with the same evidence.
    #[test]
    fn cleaning_noted_articles_is_cleaning_them_afresh() {
        let texts = [
            "Putin Makes Visit\n\nPutin Makes Visit\n\nBy Jane Roe\n\nPutin begana historic visit \
             to mend strained ties with the NorthKorean leader on Wednesday.\n\nSign up for our \
             newsletter\n\nPutins visit was the first in years.",
            "Storm Hits Coast\n\nThe storm reached the coast late on Monday, officials said.\n\n\
             Sign up for our newsletter\n\nResidents were told to stay indoors in1990 style.\n\n\
             Share this article",
            "Council Budget Vote\n\nThe council voted on the budget.\n\n   Padded line.   \n\n\
             Sign up for our newsletter",
        ];
        let cleaner = Cleaner::new();
        let lexicon = cleaner.lexicon();
        let mut corpus = Corpus::default();
        let mut keys = Vec::new();
        let mut noted: Vec<Prepared> = texts.iter().map(|t| Prepared::new(t)).collect();
        for p in &mut noted {
            corpus.observe_words(Some("Paper"), p, &mut keys, lexicon);
        }
        let wanted = corpus.pair_candidates(lexicon);
        corpus.count_pairs(&keys, &wanted);
        for (text, prepared) in texts.iter().zip(noted) {
            assert_eq!(prepared.tokens().paragraphs(), prepared.paragraphs().len());
            let fresh = cleaner.clean(text, Some("Paper"), &corpus);
            let from_notes = cleaner.clean_prepared(prepared, Some("Paper"), &corpus);
            assert_eq!(from_notes, fresh);
        }
    }
}
