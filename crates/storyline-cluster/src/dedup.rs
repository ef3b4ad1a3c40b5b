//! Copies: exact duplicates by normalised-text hash and near-duplicates by MinHash with LSH
//! banding. Each lookup costs the article's bands, not the corpus.

use std::collections::HashMap;

use storyline_core::hash::{mix, HashKeyed};

use crate::features::{resemblance, Features, SIG_LEN};

/// Rows per LSH band: 16 bands of 4 make a pair with resemblance 0.7 a candidate with
/// probability 0.98, and one with 0.3 only about 12% of the time.
const ROWS: usize = 4;
/// The copy index. Articles are numbered by the caller (in placement order).
///
/// Each LSH bucket keeps only the latest article with that band: a copy agrees with its
/// original on most of the 16 bands, so one of them still leads to the original (or to a later
/// copy of it, which names the same canonical article), and memory stays at 16 entries an
/// article.
#[derive(Default)]
pub struct Dedup {
    exact: HashMap<u64, u32, HashKeyed>,
    buckets: HashMap<u64, u32, HashKeyed>,
    /// Signatures of the articles near copies are looked for among, by article number.
    signatures: HashMap<u32, Box<[u32]>, HashKeyed>,
    /// Resemblance at or above which two texts are copies.
    threshold: f32,
}

/// A copy found: the earlier article and how alike the two are (1.0 for an exact copy).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Copy {
    pub of: u32,
    pub resemblance: f32,
}

impl Dedup {
    pub fn new(threshold: f32) -> Dedup {
        Dedup {
            threshold,
            ..Default::default()
        }
    }

    /// The earliest indexed article `f` copies, if any (exact copies first, then the most
    /// alike near-copy, ties to the earliest).
    pub fn find(&self, f: &Features) -> Option<Copy> {
        // Texts without words (everything was page furniture) copy nothing.
        if f.words == 0 {
            return None;
        }
        if let Some(&of) = self.exact.get(&f.exact) {
            return Some(Copy {
                of,
                resemblance: 1.0,
            });
        }
        if f.signature.len() != SIG_LEN {
            return None;
        }
        let mut candidates: Vec<u32> = band_keys(&f.signature)
            .filter_map(|k| self.buckets.get(&k))
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<Copy> = None;
        for c in candidates {
            let r = resemblance(&f.signature, self.signature(c));
            if r >= self.threshold && best.is_none_or(|b| r > b.resemblance) {
                best = Some(Copy {
                    of: c,
                    resemblance: r,
                });
            }
        }
        best
    }

    /// Index article `n`.
    pub fn add(&mut self, n: u32, f: &Features) {
        if f.words > 0 {
            self.exact.entry(f.exact).or_insert(n);
        }
        if f.signature.len() != SIG_LEN {
            return;
        }
        for k in band_keys(&f.signature) {
            self.buckets.insert(k, n);
        }
        self.signatures
            .insert(n, f.signature.clone().into_boxed_slice());
    }

    /// Forget the near-copy signatures of articles for which `keep` is false (those before
    /// the sliding window); exact copies are still found across the whole corpus.
    pub fn forget(&mut self, keep: impl Fn(u32) -> bool) {
        self.buckets.retain(|_, n| keep(*n));
        self.signatures.retain(|n, _| keep(*n));
        self.buckets.shrink_to_fit();
        self.signatures.shrink_to_fit();
    }

    fn signature(&self, n: u32) -> &[u32] {
        self.signatures.get(&n).map_or(&[], |s| s)
    }
}

/// One key per band: the band's values hashed with its position.
fn band_keys(sig: &[u32]) -> impl Iterator<Item = u64> + '_ {
    sig.chunks(ROWS).enumerate().map(|(band, rows)| {
        rows.iter()
            .fold(mix(band as u64 + 1), |h, &v| mix(h ^ u64::from(v)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str) -> Features {
        Features::of_text(text)
    }

    const STORY: &str =
        "Flood waters rose across the valley on Tuesday as the river burst its banks \
        near the old mill, forcing hundreds of families to leave their homes. Emergency crews \
        worked through the night to shore up the levees while volunteers filled sandbags in the \
        town square. The regional council said the damage would take months to repair.";

    #[test]
    fn finds_exact_and_near_copies_but_not_other_texts() {
        let mut d = Dedup::new(0.7);
        d.add(0, &feats(STORY));
        d.add(
            1,
            &feats("A football club signed a new striker from abroad for a record fee."),
        );
        let exact = d.find(&feats(&STORY.to_uppercase())).unwrap();
        assert_eq!((exact.of, exact.resemblance), (0, 1.0));
        let edited = STORY
            .replace("hundreds of", "many")
            .replace("Tuesday", "Wednesday");
        assert_eq!(d.find(&feats(&edited)).map(|c| c.of), Some(0));
        let other = "Flood waters rose across the valley on Tuesday. The mayor resigned over an \
                     unrelated scandal about parking fees and a missing budget report.";
        assert_eq!(d.find(&feats(other)), None);
    }
}
