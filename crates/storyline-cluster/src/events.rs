//! Online clustering of articles into events, and of events into storylines.
//!
//! Each article is placed when it arrives: its terms are weighted with the document
//! frequencies seen so far, candidate events come from the inverted index of event terms, and
//! it joins the most similar one if the cosine, discounted by the time between the article and
//! the event, clears a threshold; otherwise it starts an event. A new event joins the
//! storyline whose topic vector (the same terms, names not boosted) is most similar, or starts
//! one. A periodic merge pass joins events (and storylines) that the arrival order kept apart.

use std::collections::{BTreeSet, HashMap};

use storyline_core::hash::HashKeyed;

use crate::features::{Features, TermCount};
use crate::groups::{Groups, Vector, When};

/// Tuning of the clusterer. The defaults are the values the README's measures were taken with.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Discounted cosine an article needs to join an event.
    pub event_threshold: f32,
    /// Discounted cosine of two event centroids for the merge pass to join them.
    pub merge_threshold: f32,
    /// A member whose cosine with the rest of its event is below this, and below half the
    /// event's median, and that fits no other event better, is moved out on its own; and an
    /// event whose two-means halves are less alike than this is split in two.
    pub split_threshold: f32,
    /// Cosine of topic vectors for an event to join a storyline.
    pub storyline_threshold: f32,
    /// Cosine of two storyline centroids for the merge pass to join them.
    pub storyline_merge_threshold: f32,
    /// Size damping of a storyline's pull on a new event (see [`Group::affinity`]; 0 is the
    /// cosine with its centroid, 1 the average similarity to its events): at 1 a storyline
    /// pulls no harder for being large, so it cannot snowball over a year of news.
    pub storyline_damping: f32,
    /// Weight factor of terms written as names, in event vectors.
    pub name_boost: f32,
    /// Weight factor of title terms.
    pub title_boost: f32,
    /// Days apart that cost nothing (reports trickle in for a few days).
    pub grace_days: f32,
    /// Beyond the grace period, similarity halves every this many days.
    pub half_life_days: f32,
    /// Days an event may span before its length counts as distance too: one happening is
    /// reported within days, and without this an event grows day by day into a month of a
    /// story (0: no limit).
    pub event_span_days: f32,
    /// How an article's fit to an event depends on the event's size: 0 is the cosine with
    /// the centroid, 1 the average similarity to the members (average link), in between the
    /// dot with the members' sum over size^p (see `Group::affinity`).
    pub size_damping: f32,
    /// Days of the sliding window of events (0: no window). An event whose last report is
    /// this many days before nearly all recent arrivals (their 5th percentile) leaves the
    /// candidate index and drops its centroid and its members' vectors; storylines without
    /// such an event keep a compact centroid, so later events still find them. Set beyond
    /// the days at which the time discount keeps any article from joining (about 20 with
    /// the defaults), the window changes nothing for articles that arrive in date order.
    pub window_days: f32,
    /// Terms kept in an article vector.
    pub vector_terms: usize,
    /// Heaviest article terms used to look up candidates.
    pub query_terms: usize,
    /// Postings read per query term (the most recent groups).
    pub posting_scan: usize,
    /// Candidates scored exactly.
    pub candidates: usize,
    /// Terms kept in a centroid.
    pub centroid_terms: usize,
    /// Pseudo-documents of general English added to the batch's document frequencies when
    /// storylines weigh terms (see [`crate::background`]); 0 weighs them by the batch alone.
    /// Events weigh terms by the batch alone: what sets one happening apart from the others.
    pub background_docs: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            event_threshold: 0.20,
            merge_threshold: 0.25,
            split_threshold: 0.20,
            storyline_threshold: 0.30,
            storyline_merge_threshold: 0.20,
            storyline_damping: 1.0,
            name_boost: 1.5,
            title_boost: 1.5,
            grace_days: 3.0,
            half_life_days: 7.0,
            event_span_days: 7.0,
            size_damping: 0.75,
            window_days: 28.0,
            vector_terms: 60,
            query_terms: 12,
            posting_scan: 128,
            candidates: 24,
            centroid_terms: 200,
            background_docs: 1000.0,
        }
    }
}

impl Params {
    /// Set one parameter by name (for experiments: `storyline eval cluster --set name=value`).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let float = || value.parse::<f32>().map_err(|e| format!("{name}: {e}"));
        let int = || value.parse::<usize>().map_err(|e| format!("{name}: {e}"));
        match name {
            "event_threshold" => self.event_threshold = float()?,
            "merge_threshold" => self.merge_threshold = float()?,
            "split_threshold" => self.split_threshold = float()?,
            "storyline_threshold" => self.storyline_threshold = float()?,
            "storyline_merge_threshold" => self.storyline_merge_threshold = float()?,
            "storyline_damping" => self.storyline_damping = float()?,
            "name_boost" => self.name_boost = float()?,
            "title_boost" => self.title_boost = float()?,
            "grace_days" => self.grace_days = float()?,
            "half_life_days" => self.half_life_days = float()?,
            "event_span_days" => self.event_span_days = float()?,
            "background_docs" => self.background_docs = float()?,
            "vector_terms" => self.vector_terms = int()?,
            "size_damping" => self.size_damping = float()?,
            "window_days" => self.window_days = float()?,
            "query_terms" => self.query_terms = int()?,
            "posting_scan" => self.posting_scan = int()?,
            "candidates" => self.candidates = int()?,
            "centroid_terms" => self.centroid_terms = int()?,
            _ => return Err(format!("no parameter `{name}`")),
        }
        Ok(())
    }
}

/// Where an article was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub event: u32,
    pub storyline: u32,
}

/// A relabelling made by the merge pass: every article labelled `from` is now `into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relabel {
    /// One article moved to another event (and that event's storyline).
    Article {
        article: u32,
        event: u32,
        storyline: u32,
    },
    Event {
        from: u32,
        into: u32,
    },
    Storyline {
        from: u32,
        into: u32,
    },
}

/// An article's contribution, kept (compactly: this is most of the clusterer's memory) so
/// that a revision or a repair can take it back. Its topic vector is derived from it.
pub(crate) struct Placed {
    pub(crate) event: u32,
    pub(crate) when: When,
    pub(crate) terms: Box<[u64]>,
    pub(crate) weights: Box<[f32]>,
    /// Bit i is set when term i was written as a name.
    pub(crate) names: u64,
}

impl Placed {
    pub(crate) fn vector(&self) -> Vector {
        self.terms
            .iter()
            .copied()
            .zip(self.weights.iter().copied())
            .collect()
    }
}

/// Events and storylines of the corpus so far.
pub struct Clusterer {
    pub(crate) params: Params,
    pub(crate) df: HashMap<u64, u32, HashKeyed>,
    pub(crate) docs: u32,
    pub(crate) events: Groups,
    pub(crate) storylines: Groups,
    /// Storyline of each event (by event number).
    pub(crate) storyline_of: Vec<u32>,
    /// By article number.
    pub(crate) placed: Vec<Option<Placed>>,
    pub(crate) touched_events: BTreeSet<u32>,
    pub(crate) touched_storylines: BTreeSet<u32>,
    /// Candidate-score accumulator, reused.
    pub(crate) scratch: std::cell::RefCell<Vec<f32>>,
    /// Days of the articles placed since the last [`Clusterer::sweep`].
    pub(crate) recent_days: Vec<i32>,
    /// Events and storylines a sweep looks at (not merged away, events not retired), and
    /// how many of each were numbered when it last looked: a sweep costs what is in the
    /// window, not every group ever made.
    pub(crate) swept: crate::window::Swept,
}

impl Clusterer {
    pub fn new(params: Params) -> Clusterer {
        Clusterer {
            events: Groups::new(params.centroid_terms),
            storylines: Groups::new(params.centroid_terms),
            params,
            df: HashMap::default(),
            docs: 0,
            storyline_of: Vec::new(),
            placed: Vec::new(),
            touched_events: BTreeSet::new(),
            touched_storylines: BTreeSet::new(),
            scratch: Default::default(),
            recent_days: Vec::new(),
            swept: Default::default(),
        }
    }

    /// Number of live events.
    pub fn event_count(&self) -> usize {
        self.events.groups.iter().filter(|g| g.alive()).count()
    }

    /// The current event and storyline of article `n`.
    pub fn placement_of(&self, n: u32) -> Option<Placement> {
        let event = self
            .events
            .resolve(self.placed.get(n as usize)?.as_ref()?.event);
        Some(Placement {
            event,
            storyline: self.storyline_of_event(event),
        })
    }

    /// The publication day of placed article `n`, if it has one.
    pub fn day_of(&self, n: u32) -> Option<i32> {
        self.placed.get(n as usize)?.as_ref()?.when.day
    }

    pub(crate) fn storyline_of_event(&self, event: u32) -> u32 {
        self.storylines.resolve(self.storyline_of[event as usize])
    }

    /// Place article `n`. A copy (`copy_of`, an earlier article) joins its original's event.
    pub fn place(&mut self, n: u32, f: &Features, copy_of: Option<u32>) -> Placement {
        if self.placed.get(n as usize).is_some_and(Option::is_some) {
            self.take_back(n);
        }
        self.count_terms(f);
        let (vector, names) = self.weigh(f);
        // A copy of an article whose event left the window starts afresh (a story resurfacing).
        let original = copy_of.and_then(|c| self.placement_of(c));
        let joined = match original.filter(|p| !self.events.get(p.event).retired) {
            Some(p) => Some(p.event),
            None => self.best_event(&vector, f),
        };
        let event = joined.unwrap_or_else(|| {
            let topic = self.topic_of(&vector, names);
            self.new_event_with(f.language.clone(), &topic)
        });
        self.attach(n, event, when(f), vector, names);
        self.placement_of(n).expect("just placed")
    }

    /// Rebuild from a stored placement (no search): `event` and `storyline` as stored.
    pub fn restore(&mut self, n: u32, f: &Features, event: u32, storyline: u32, repaired: bool) {
        self.count_terms(f);
        let (vector, names) = self.weigh(f);
        self.events.ensure(event);
        self.storylines.ensure(storyline);
        if self.storyline_of.len() <= event as usize {
            self.storyline_of.resize(event as usize + 1, 0);
        }
        if self.events.get(event).size == 0 {
            self.events.groups[event as usize].language = f.language.clone();
            self.storylines.groups[storyline as usize].language = f.language.clone();
            self.storyline_of[event as usize] = storyline;
            self.storylines.add_member(storyline, event);
        }
        // Groups a repair pass has seen are not touched again; those of articles placed after
        // the last pass wait for the next, as they would have in the run that placed them.
        if repaired {
            self.add_to_groups(n, event, when(f), vector, names);
        } else {
            self.attach(n, event, when(f), vector, names);
        }
    }

    fn count_terms(&mut self, f: &Features) {
        for t in &f.terms {
            *self.df.entry(t.term).or_insert(0) += 1;
        }
        self.docs += 1;
        self.recent_days.extend(f.day);
    }

    /// Take article `n`'s vectors out of its event and storyline; returns what it was.
    pub(crate) fn take_back(&mut self, n: u32) -> Placed {
        let old = self.placed[n as usize].take().expect("checked by caller");
        let event = self.events.resolve(old.event);
        let storyline = self.storyline_of_event(event);
        let vector = old.vector();
        self.events.remove(event, n, &vector);
        self.storylines
            .subtract(storyline, &self.topic_of(&vector, old.names));
        old
    }

    /// Add article `n` to `event` (and its storyline), and mark both for the repair pass.
    pub(crate) fn attach(&mut self, n: u32, event: u32, day: When, vector: Vector, names: u64) {
        let storyline = self.storyline_of_event(event);
        self.add_to_groups(n, event, day, vector, names);
        self.touched_events.insert(event);
        self.touched_storylines.insert(storyline);
    }

    fn add_to_groups(&mut self, n: u32, event: u32, day: When, vector: Vector, names: u64) {
        let storyline = self.storyline_of_event(event);
        let post = self.params.query_terms;
        let topic = self.topic_of(&vector, names);
        self.events.add(event, n, &vector, day, post);
        self.storylines
            .add_vector_only(storyline, &topic, day, post);
        if self.placed.len() <= n as usize {
            self.placed.resize_with(n as usize + 1, || None);
        }
        // A member of a retired event keeps no vector (see `sweep`).
        let kept = if self.events.get(event).retired {
            &[][..]
        } else {
            &vector[..]
        };
        self.placed[n as usize] = Some(Placed {
            event,
            when: day,
            terms: kept.iter().map(|&(t, _)| t).collect(),
            weights: kept.iter().map(|&(_, w)| w).collect(),
            names,
        });
    }

    /// The topic vector of an article vector: names lose their boost (storylines are about
    /// what happens, and a storyline's events often have different people in them), and each
    /// term is weighed against general English as well as the batch (see
    /// [`crate::background`]): in a batch about one story, the story's own words stand in
    /// every report, and by the batch alone they would weigh nothing.
    pub(crate) fn topic_of(&self, vector: &[(u64, f32)], names: u64) -> Vector {
        let boost = self.params.name_boost;
        let topic: Vector = vector
            .iter()
            .enumerate()
            .map(|(i, &(t, w))| {
                let w = if names >> i & 1 == 1 { w / boost } else { w };
                let (idf, with_background) = self.idfs(t);
                (t, w * with_background / idf)
            })
            .collect();
        unit_top(topic, vector.len())
    }

    /// Inverse document frequency of a term in the batch so far, and the same with
    /// [`Params::background_docs`] pseudo-documents of general English counted too.
    fn idfs(&self, term: u64) -> (f32, f32) {
        let df = self.df.get(&term).copied().unwrap_or(1) as f32;
        let n = self.docs as f32 + 1.0;
        let pseudo = self.params.background_docs;
        let share = crate::background::Background::bundled().share(term);
        let idf = (n / df).ln() + 1.0;
        let with_background = ((n + pseudo) / (df + pseudo * share)).ln() + 1.0;
        (idf, with_background)
    }

    /// The TF-IDF vector of an article (names and title terms boosted), cut to the heaviest
    /// terms and normalised, with a bit set for each kept term written as a name.
    fn weigh(&self, f: &Features) -> (Vector, u64) {
        // (term, weight, name, rank): the terms kept are the heaviest for events or for
        // storylines (see [`Clusterer::topic_of`]), so a story's own words stay in the vector.
        let mut weighted: Vec<(u64, f32, bool, f32)> = f
            .terms
            .iter()
            .map(
                |&TermCount {
                     term,
                     count,
                     name,
                     title,
                 }| {
                    let (idf, with_background) = self.idfs(term);
                    let mut w = (1.0 + f32::from(count.max(1)).ln()) * idf;
                    if title {
                        w *= self.params.title_boost;
                    }
                    if name {
                        w *= self.params.name_boost;
                    }
                    let rank = w.max(w * with_background / idf);
                    (term, w, name, rank)
                },
            )
            .collect();
        // The heaviest terms, heaviest first: selected, then only they are sorted.
        type Weighted = (u64, f32, bool, f32);
        let heavier = |a: &Weighted, b: &Weighted| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0));
        let k = self.params.vector_terms.min(64);
        if weighted.len() > k && k > 0 {
            weighted.select_nth_unstable_by(k - 1, heavier);
            weighted.truncate(k);
        }
        weighted.sort_unstable_by(heavier);
        let names = weighted
            .iter()
            .enumerate()
            .filter(|(_, w)| w.2)
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        let vector = unit(weighted.into_iter().map(|(t, w, _, _)| (t, w)).collect());
        (vector, names)
    }

    /// The distance in days that an event's time discount counts: the gap itself, or how far
    /// the event would then span beyond [`Params::event_span_days`], whichever is larger.
    pub(crate) fn event_gap(&self, gap: Option<i32>, span: Option<i32>) -> Option<i32> {
        let limit = self.params.event_span_days;
        let over = span.filter(|_| limit > 0.0).map(|s| s - limit as i32);
        match (gap, over) {
            (Some(g), Some(o)) => Some(g.max(o)),
            (g, o) => g.or(o.map(|o| o.max(0))),
        }
    }

    /// Time discount of a similarity across `gap` days.
    pub(crate) fn discount(&self, gap: Option<i32>) -> f32 {
        match gap {
            Some(g) if g as f32 > self.params.grace_days => {
                0.5f32.powf((g as f32 - self.params.grace_days) / self.params.half_life_days)
            }
            _ => 1.0,
        }
    }

    fn best_event(&self, vector: &Vector, f: &Features) -> Option<u32> {
        self.best_event_excluding(vector, when(f), &f.language, u32::MAX)
            .filter(|&(_, s)| s >= self.params.event_threshold)
            .map(|(e, _)| e)
    }

    /// The event (other than `exclude`) most like `vector` at time `when`, with its
    /// time-discounted cosine.
    pub(crate) fn best_event_excluding(
        &self,
        vector: &Vector,
        when: When,
        language: &Option<String>,
        exclude: u32,
    ) -> Option<(u32, f32)> {
        let p = &self.params;
        let mut best: Option<(u32, f32)> = None;
        let candidates = self.events.candidates(
            vector,
            p.query_terms,
            p.posting_scan,
            p.candidates,
            &mut self.scratch.borrow_mut(),
        );
        for e in candidates {
            let g = self.events.get(e);
            if e == exclude || !same_language(&g.language, language) {
                continue;
            }
            let gap = self.event_gap(g.gap_to(when), g.span_with(when));
            let score = g.affinity(vector, self.params.size_damping) * self.discount(gap);
            if best.is_none_or(|(b, s)| score > s || (score == s && e < b)) {
                best = Some((e, score));
            }
        }
        best
    }

    /// Start an event for an article and choose its storyline by topic.
    pub(crate) fn new_event_with(&mut self, language: Option<String>, topic: &Vector) -> u32 {
        let event = self.events.create(language.clone());
        let p = &self.params;
        let mut best: Option<(u32, f32)> = None;
        for s in self.storylines.candidates(
            topic,
            p.query_terms,
            p.posting_scan,
            p.candidates,
            &mut self.scratch.borrow_mut(),
        ) {
            let g = self.storylines.get(s);
            if !same_language(&g.language, &language) {
                continue;
            }
            let score = g.affinity(topic, p.storyline_damping);
            if score >= p.storyline_threshold
                && best.is_none_or(|(b, sc)| score > sc || (score == sc && s < b))
            {
                best = Some((s, score));
            }
        }
        let storyline = match best {
            Some((s, _)) => s,
            None => self.storylines.create(language),
        };
        self.storylines.add_member(storyline, event);
        self.storyline_of.push(storyline);
        event
    }
}

fn when(f: &Features) -> When {
    When {
        day: f.day,
        floor: f.floor,
    }
}

/// Unknown language is compatible with anything; known languages must match.
pub(crate) fn same_language(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// The `k` heaviest entries (ties by term, for determinism), scaled to unit length.
fn unit_top(mut v: Vector, k: usize) -> Vector {
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    unit(v)
}

/// `v` scaled to unit length.
fn unit(mut v: Vector) -> Vector {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_growing_past_its_span_is_discounted_like_a_gap() {
        let c = Clusterer::new(Params::default());
        // Inside a week-long event: no distance.
        assert_eq!(c.event_gap(Some(0), Some(5)), Some(0));
        // A month-long event: the days past the allowed span count.
        assert_eq!(c.event_gap(Some(0), Some(30)), Some(23));
        // A far article keeps its own gap.
        assert_eq!(c.event_gap(Some(40), Some(45)), Some(40));
        assert_eq!(c.event_gap(None, None), None);
        assert!(c.discount(c.event_gap(Some(0), Some(30))) < 0.2);
        let off = Clusterer::new(Params {
            event_span_days: 0.0,
            ..Params::default()
        });
        assert_eq!(off.event_gap(Some(0), Some(30)), Some(0));
    }
}
