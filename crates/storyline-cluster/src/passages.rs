//! Shared passages: stretches of text one article shares with an earlier, different article,
//! such as wire copy two outlets reused with their own edits around it.
//!
//! Each article's winnowed word 6-grams ([`crate::features::Fingerprint`]) are looked up in an
//! index of where each fingerprint was first seen; hits on the same earlier article that lie
//! close together become one passage. Two hits at least are needed, so a stock phrase of
//! six words does not make a passage. Cost: the article's fingerprints, not the corpus.

use std::collections::HashMap;

use crate::features::Features;

/// Hits closer than this many bytes (about two sentences) belong to one passage.
const JOIN_BYTES: u32 = 300;
/// Fingerprint hits a passage needs.
const MIN_HITS: u32 = 2;

/// A passage of one article also found in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shared {
    /// Byte span in the article.
    pub start: u32,
    pub end: u32,
    /// The other (earlier) article and the passage's span there.
    pub other: u32,
    pub other_start: u32,
    pub other_end: u32,
    hits: u32,
}

/// Where a fingerprint was first seen.
#[derive(Clone, Copy)]
struct Seen {
    article: u32,
    start: u32,
    end: u32,
}

#[derive(Default)]
pub struct Passages {
    first_seen: HashMap<u32, Seen>,
}

impl Passages {
    /// Index article `n`'s fingerprints without looking for what it shares (restoring a
    /// stored corpus, whose passages are already known).
    pub fn add(&mut self, n: u32, f: &Features) {
        for p in &f.fingerprints {
            self.first_seen.entry(p.hash).or_insert(Seen {
                article: n,
                start: p.start,
                end: p.end,
            });
        }
    }

    /// Forget the fingerprints first seen in articles for which `keep` is false (those
    /// before the sliding window).
    pub fn forget(&mut self, keep: impl Fn(u32) -> bool) {
        self.first_seen.retain(|_, seen| keep(seen.article));
        self.first_seen.shrink_to_fit();
    }

    /// Passages article `n` shares with earlier articles; then index its fingerprints.
    /// Articles for which `same_copy` is true (copies of `n`) are not "other" articles.
    pub fn find_and_add(
        &mut self,
        n: u32,
        f: &Features,
        same_copy: impl Fn(u32) -> bool,
    ) -> Vec<Shared> {
        let mut open: Vec<Shared> = Vec::new();
        for p in &f.fingerprints {
            match self.first_seen.get(&p.hash) {
                Some(seen) if seen.article != n && !same_copy(seen.article) => {
                    let near = open.iter_mut().rev().find(|s| {
                        s.other == seen.article
                            && p.start <= s.end + JOIN_BYTES
                            && seen.start <= s.other_end + JOIN_BYTES
                            && seen.end + JOIN_BYTES >= s.other_start
                    });
                    match near {
                        Some(s) => {
                            s.end = s.end.max(p.end);
                            s.other_start = s.other_start.min(seen.start);
                            s.other_end = s.other_end.max(seen.end);
                            s.hits += 1;
                        }
                        None => open.push(Shared {
                            start: p.start,
                            end: p.end,
                            other: seen.article,
                            other_start: seen.start,
                            other_end: seen.end,
                            hits: 1,
                        }),
                    }
                }
                Some(_) => {}
                None => {
                    self.first_seen.insert(
                        p.hash,
                        Seen {
                            article: n,
                            start: p.start,
                            end: p.end,
                        },
                    );
                }
            }
        }
        open.retain(|s| s.hits >= MIN_HITS);
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str) -> Features {
        Features::of_text(text)
    }

    #[test]
    fn reused_wire_copy_is_found_with_spans_on_both_sides() {
        let wire = "The two leaders signed a pact on mutual defence at the palace on Wednesday, \
                    and officials from both countries described the agreement as a breakthrough \
                    for trade, energy and security cooperation across the whole region.";
        let a = format!(
            "Our reporter watched the ceremony from the square outside the hall.\n\n{wire}"
        );
        let b = format!("{wire} Critics disagreed.\n\nLocal markets reacted calmly to the news from the capital city.");
        let mut p = Passages::default();
        assert!(p.find_and_add(0, &feats(&a), |_| false).is_empty());
        let found = p.find_and_add(1, &feats(&b), |_| false);
        assert_eq!(found.len(), 1, "{found:?}");
        let s = found[0];
        assert_eq!(s.other, 0);
        let mine = &b[s.start as usize..s.end as usize];
        let theirs = &a[s.other_start as usize..s.other_end as usize];
        assert!(wire.contains(mine) && mine.len() * 2 > wire.len(), "{mine}");
        assert!(
            wire.contains(theirs) && theirs.len() * 2 > wire.len(),
            "{theirs}"
        );
        // A copy of article 0 shares everything, but is a copy, not a passage.
        assert!(p.find_and_add(2, &feats(&a), |m| m == 0).is_empty());
        // Unrelated text shares nothing.
        let other = "A football club signed a new striker from abroad for a record fee this week.";
        assert!(p.find_and_add(3, &feats(other), |_| false).is_empty());
    }

    #[test]
    fn an_index_restored_without_searching_finds_the_same_passages() {
        let wire = "The two leaders signed a pact on mutual defence at the palace on Wednesday, \
                    and officials from both countries described the agreement as a breakthrough \
                    for trade, energy and security cooperation across the whole region.";
        let a = format!("Our reporter watched the ceremony from the square.\n\n{wire}");
        let b = format!("{wire} Local markets reacted calmly to the news from the capital.");
        let (mut searched, mut restored) = (Passages::default(), Passages::default());
        searched.find_and_add(0, &feats(&a), |_| false);
        restored.add(0, &feats(&a));
        let found = restored.find_and_add(1, &feats(&b), |_| false);
        assert_eq!(found.len(), 1);
        assert_eq!(found, searched.find_and_add(1, &feats(&b), |_| false));
    }
}
