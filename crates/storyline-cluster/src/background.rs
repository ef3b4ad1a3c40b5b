//! How common each term is in general English: a prior for document frequencies.
//!
//! A batch's own document frequencies say little when the batch is small or about one story:
//! in 300 reports on one oil spill, "spill" stands in nearly all of them and weighs nothing,
//! so reports of that story stop looking alike. The prior is the share of documents a term
//! would be expected in, from the word counts of web text the cleaner bundles; the clusterer
//! adds it to the batch's counts as a number of pseudo-documents ([`Params::background_docs`](
//! crate::Params)).

use std::collections::HashMap;
use std::sync::OnceLock;

use storyline_core::hash::HashKeyed;

use crate::text;

/// Words of a typical news article, for turning a word's share of all words into the share
/// of documents holding it.
const WORDS_A_DOCUMENT: f64 = 400.0;

/// Expected share of documents holding each term (by term hash), for the terms the bundled
/// word list knows.
pub(crate) struct Background(HashMap<u64, f32, HashKeyed>);

impl Background {
    /// The prior from the cleaner's bundled English word counts, built once.
    pub(crate) fn bundled() -> &'static Background {
        static BACKGROUND: OnceLock<Background> = OnceLock::new();
        BACKGROUND.get_or_init(|| {
            Background::from_counts(storyline_clean::words::Lexicon::bundled_words())
        })
    }

    /// The prior from word counts: the words of one term (inflections) add up.
    pub(crate) fn from_counts<'a>(counts: impl Iterator<Item = (&'a str, u64)>) -> Background {
        let mut shares: HashMap<u64, f64, HashKeyed> = HashMap::default();
        let mut total = 0.0;
        let mut buf = String::new();
        for (word, count) in counts {
            total += count as f64;
            if let (_, Some(term)) = text::word_keys(word, &mut buf) {
                *shares.entry(term).or_default() += count as f64;
            }
        }
        let total = total.max(1.0);
        let docs = shares
            .into_iter()
            .map(|(t, c)| (t, (1.0 - (-WORDS_A_DOCUMENT * c / total).exp()) as f32))
            .collect();
        Background(docs)
    }

    /// Expected share of documents holding `term` (0 for a term the list does not know).
    pub(crate) fn share(&self, term: u64) -> f32 {
        self.0.get(&term).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_expected_in_most_documents_and_rare_in_few() {
        let counts = [
            ("council", 1_000u64),
            ("councils", 500),
            ("zeppelin", 1),
            ("harbour", 99_000),
        ];
        let b = Background::from_counts(counts.into_iter());
        let term = |w: &str| text::word_keys(w, &mut String::new()).1.unwrap();
        assert_eq!(
            b.share(term("councils")),
            b.share(term("council")),
            "one term"
        );
        assert!(b.share(term("harbour")) > 0.9);
        assert!(b.share(term("zeppelin")) < 0.01);
        assert_eq!(b.share(term("unlisted")), 0.0);
    }
}
