//! Shared passages: runs of sentences one article shares word for word (after case and
//! punctuation are folded) with an earlier, different article, such as wire copy reused by
//! two outlets. Found through a sentence-hash index, so each article costs its own sentences.

use std::collections::HashMap;

use storyline_core::hash::HashKeyed;

use crate::features::Features;

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
    /// Sentences in the passage.
    pub sentences: u32,
}

/// Where a sentence was first seen.
#[derive(Clone, Copy)]
struct Seen {
    article: u32,
    start: u32,
    end: u32,
}

#[derive(Default)]
pub struct Passages {
    first_seen: HashMap<u64, Seen, HashKeyed>,
}

impl Passages {
    /// Passages article `n` shares with earlier articles, consecutive shared sentences with
    /// the same source merged into one; then index its sentences. Articles for which
    /// `same_copy` is true (copies of `n`) are not "other" articles.
    pub fn find_and_add(
        &mut self,
        n: u32,
        f: &Features,
        same_copy: impl Fn(u32) -> bool,
    ) -> Vec<Shared> {
        let mut out: Vec<Shared> = Vec::new();
        let mut previous_hit: Option<usize> = None;
        for (k, s) in f.sentences.iter().enumerate() {
            match self.first_seen.get(&s.hash) {
                Some(seen) if seen.article != n && !same_copy(seen.article) => {
                    let extends = previous_hit == Some(k.wrapping_sub(1))
                        && out.last().is_some_and(|p| p.other == seen.article);
                    if extends {
                        let p = out.last_mut().expect("checked above");
                        p.end = s.end;
                        p.other_start = p.other_start.min(seen.start);
                        p.other_end = p.other_end.max(seen.end);
                        p.sentences += 1;
                    } else {
                        out.push(Shared {
                            start: s.start,
                            end: s.end,
                            other: seen.article,
                            other_start: seen.start,
                            other_end: seen.end,
                            sentences: 1,
                        });
                    }
                    previous_hit = Some(k);
                }
                Some(_) => {}
                None => {
                    self.first_seen.insert(
                        s.hash,
                        Seen {
                            article: n,
                            start: s.start,
                            end: s.end,
                        },
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::Article;

    fn feats(text: &str) -> Features {
        Features::extract(&Article {
            text: text.into(),
            ..Default::default()
        })
    }

    #[test]
    fn shared_sentences_merge_into_passages() {
        let wire1 = "The two leaders signed a pact on mutual defence at the palace on Wednesday.";
        let wire2 = "Officials from both countries described the agreement as a breakthrough for trade.";
        let a = format!("Our reporter watched the ceremony from the square outside the hall.\n\n{wire1} {wire2}");
        let b = format!("{wire1} {wire2}\n\nLocal markets reacted calmly to the news from the capital city.");
        let mut p = Passages::default();
        assert!(p.find_and_add(0, &feats(&a), |_| false).is_empty());
        let found = p.find_and_add(1, &feats(&b), |_| false);
        assert_eq!(found.len(), 1);
        let s = found[0];
        assert_eq!((s.other, s.sentences), (0, 2));
        assert_eq!(&b[s.start as usize..s.end as usize], format!("{wire1} {wire2}"));
        assert_eq!(&a[s.other_start as usize..s.other_end as usize], format!("{wire1} {wire2}"));
        // A copy of article 0 shares everything, but is a copy, not a passage.
        assert!(p.find_and_add(2, &feats(&a), |m| m == 0).is_empty());
    }
}
