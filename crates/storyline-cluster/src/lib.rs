//! Grouping stage of Storyline: what belongs together.
//!
//! Three levels, all online (each article is placed when it arrives, in any order, at a cost
//! that depends on the article and its candidates, not on the corpus):
//! - **copies**: exact and near-duplicates ([`dedup`]), each group with a canonical article
//!   (the earliest published, else the first seen), and **shared passages** ([`passages`]): text copied between
//!   otherwise different articles, such as reused wire copy;
//! - **events**: articles about one happening ([`events`]), by weighted terms, names and
//!   time, with candidates from an inverted index;
//! - **storylines**: events of one topic across time.
//!
//! [`Linker`] ties them together under the store's string ids. [`Features`] are computed per
//! article (in parallel) and kept in the store, so a later run [restores](Linker::restore)
//! its indexes without re-reading texts. Results are deterministic for a given input order.

mod background;
pub mod codec;
pub mod dedup;
pub mod events;
pub mod features;
pub mod groups;
mod ids;
pub mod passages;
mod repair;
pub mod text;
mod window;

use std::collections::HashMap;

pub use events::{Params, Placement, Relabel};
pub use features::Features;
pub use storyline_core::{LabelChange, SharedPassage};

/// Placements between two sweeps of the sliding window (see [`events::Params::window_days`]),
/// at fixed placement numbers so a resumed run sweeps where one whole run did.
pub const SWEEP_EVERY: u32 = 4096;

/// Resemblance (estimated Jaccard of word 4-shingles) at which two texts are copies.
pub const COPY_RESEMBLANCE: f32 = 0.7;

/// Where one article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub event: String,
    pub storyline: String,
    /// The canonical article this one copies.
    pub duplicate_of: Option<String>,
    /// Passages shared with earlier articles, recorded from both sides.
    pub shared: Vec<SharedPassage>,
    /// Changes to other articles' labels (an earlier publication became canonical).
    pub relabels: Vec<LabelChange>,
}

/// Label of event number `n`.
pub fn event_label(n: u32) -> String {
    format!("e{}", n + 1)
}

/// Label of storyline number `n`.
pub fn storyline_label(n: u32) -> String {
    format!("s{}", n + 1)
}

/// Number of a label written by [`event_label`] or [`storyline_label`].
pub fn label_number(label: &str, prefix: char) -> Option<u32> {
    label
        .strip_prefix(prefix)?
        .parse::<u32>()
        .ok()?
        .checked_sub(1)
}

/// Copies, passages, events and storylines of a growing corpus.
pub struct Linker {
    dedup: dedup::Dedup,
    passages: passages::Passages,
    clusterer: events::Clusterer,
    ids: ids::Ids,
    /// Canonical article of each article that is a copy.
    copy_of: HashMap<u32, u32>,
    /// Copies of each canonical article.
    copies: HashMap<u32, Vec<u32>>,
    /// Restored copies whose canonical article was placed after them (it took over later):
    /// linked once every article is restored.
    unresolved_copies: Vec<(u32, String)>,
}

impl Linker {
    pub fn new(params: Params) -> Linker {
        Linker {
            dedup: dedup::Dedup::new(COPY_RESEMBLANCE),
            passages: passages::Passages::default(),
            clusterer: events::Clusterer::new(params),
            ids: ids::Ids::default(),
            copy_of: HashMap::new(),
            copies: HashMap::new(),
            unresolved_copies: Vec::new(),
        }
    }

    /// The placement number of a known article.
    pub fn number_of(&self, id: &str) -> Option<u32> {
        self.ids.get(id)
    }

    /// Number of live events.
    pub fn event_count(&self) -> usize {
        self.clusterer.event_count()
    }

    /// How many articles have been placed (the next one gets this number).
    pub fn placed(&self) -> u32 {
        self.ids.len() as u32
    }

    /// The article number of `id` (new ids get the next number) and whether it was known.
    fn number(&mut self, id: &str) -> (u32, bool) {
        self.ids.number(id)
    }

    /// Place article `id` with features `f`.
    pub fn link(&mut self, id: &str, f: &Features) -> Linked {
        let (n, known) = self.number(id);
        if known {
            if let Some(c) = self.copy_of.remove(&n) {
                self.copies.entry(c).or_default().retain(|&m| m != n);
            }
        }
        let copy = self
            .dedup
            .find(f)
            .filter(|c| c.of != n)
            .map(|c| self.canonical(c.of));
        let shared = match copy {
            Some(_) => Vec::new(),
            None => self.passages.find_and_add(n, f, |_| false),
        };
        self.dedup.add(n, f);
        let mut relabels = Vec::new();
        let duplicate_of = match copy {
            // An earlier publication of the same text becomes the canonical article.
            Some(c)
                if f.day
                    .is_some_and(|d| self.clusterer.day_of(c).is_some_and(|cd| d < cd)) =>
            {
                relabels = self.make_canonical(n, c);
                None
            }
            Some(c) => {
                self.copy_of.insert(n, c);
                self.copies.entry(c).or_default().push(n);
                Some(self.ids.name(c).to_string())
            }
            None => None,
        };
        let placement = self.clusterer.place(n, f, copy);
        if !known {
            self.sweep_at(n);
        }
        Linked {
            event: event_label(placement.event),
            storyline: storyline_label(placement.storyline),
            duplicate_of,
            shared: shared.iter().flat_map(|s| self.both_sides(n, s)).collect(),
            relabels,
        }
    }

    /// Article `n` replaces `old` as the canonical article of `old`'s copies.
    fn make_canonical(&mut self, n: u32, old: u32) -> Vec<LabelChange> {
        let mut group = self.copies.remove(&old).unwrap_or_default();
        group.push(old);
        let of = self.ids.name(n).to_string();
        for &m in &group {
            self.copy_of.insert(m, n);
        }
        let changes = group
            .iter()
            .map(|&m| LabelChange::Copy {
                id: self.ids.name(m).to_string(),
                duplicate_of: Some(of.clone()),
            })
            .collect();
        self.copies.insert(n, group);
        changes
    }

    fn canonical(&self, n: u32) -> u32 {
        self.copy_of.get(&n).copied().unwrap_or(n)
    }

    fn both_sides(&self, n: u32, s: &passages::Shared) -> [SharedPassage; 2] {
        let (a, b) = (
            self.ids.name(n).to_string(),
            self.ids.name(s.other).to_string(),
        );
        [
            SharedPassage {
                article: a.clone(),
                start: s.start,
                end: s.end,
                other: b.clone(),
                other_start: s.other_start,
                other_end: s.other_end,
            },
            SharedPassage {
                article: b,
                start: s.other_start,
                end: s.other_end,
                other: a,
                other_start: s.start,
                other_end: s.end,
            },
        ]
    }

    /// Rebuild the indexes with a stored article (in the order articles were first placed).
    /// Labels that are not this crate's are ignored (the article is placed afresh).
    pub fn restore(
        &mut self,
        id: &str,
        f: &Features,
        event: Option<&str>,
        storyline: Option<&str>,
        duplicate_of: Option<&str>,
        repaired: bool,
    ) {
        let parsed = (
            event.and_then(|e| label_number(e, 'e')),
            storyline.and_then(|s| label_number(s, 's')),
        );
        let (Some(e), Some(s)) = parsed else {
            self.link(id, f);
            return;
        };
        let (n, _) = self.number(id);
        match duplicate_of {
            Some(d) => match self.ids.get(d) {
                Some(c) => {
                    self.copy_of.insert(n, c);
                    self.copies.entry(c).or_default().push(n);
                }
                None => self.unresolved_copies.push((n, d.to_string())),
            },
            None => self.passages.add(n, f),
        }
        self.dedup.add(n, f);
        self.clusterer.restore(n, f, e, s, repaired);
        self.sweep_at(n);
    }

    /// After placing article `n`: at every [`SWEEP_EVERY`]th placement, forget what lies
    /// before the sliding window (events, near-copy signatures, passage fingerprints).
    fn sweep_at(&mut self, n: u32) {
        if !(n + 1).is_multiple_of(SWEEP_EVERY) {
            return;
        }
        let Some(cutoff) = self.clusterer.sweep() else {
            return;
        };
        let clusterer = &self.clusterer;
        let recent = |a: u32| clusterer.day_of(a).is_none_or(|d| d >= cutoff);
        self.passages.forget(recent);
        self.dedup.forget(recent);
    }

    /// Finish a restore: link copies to canonical articles restored after them.
    pub fn finish_restore(&mut self) {
        for (n, d) in std::mem::take(&mut self.unresolved_copies) {
            if let Some(c) = self.ids.get(&d) {
                self.copy_of.insert(n, c);
                self.copies.entry(c).or_default().push(n);
            }
        }
    }

    /// Join events and storylines the arrival order kept apart (see
    /// [`events::Clusterer::merge_pass`]).
    pub fn merge_pass(&mut self) -> Vec<LabelChange> {
        self.clusterer
            .merge_pass()
            .into_iter()
            .map(|r| match r {
                Relabel::Article {
                    article,
                    event,
                    storyline,
                } => LabelChange::Article {
                    id: self.ids.name(article).to_string(),
                    event: event_label(event),
                    storyline: storyline_label(storyline),
                },
                Relabel::Event { from, into } => LabelChange::Event {
                    from: event_label(from),
                    into: event_label(into),
                },
                Relabel::Storyline { from, into } => LabelChange::Storyline {
                    from: storyline_label(from),
                    into: storyline_label(into),
                },
            })
            .collect()
    }
}
