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
    /// Weight factor of terms written as names, in event vectors.
    pub name_boost: f32,
    /// Weight factor of title terms.
    pub title_boost: f32,
    /// Days apart that cost nothing (reports trickle in for a few days).
    pub grace_days: f32,
    /// Beyond the grace period, similarity halves every this many days.
    pub half_life_days: f32,
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
}

impl Default for Params {
    fn default() -> Params {
        Params {
            event_threshold: 0.20,
            merge_threshold: 0.30,
            split_threshold: 0.20,
            storyline_threshold: 0.15,
            storyline_merge_threshold: 0.20,
            name_boost: 1.5,
            title_boost: 1.5,
            grace_days: 3.0,
            half_life_days: 7.0,
            vector_terms: 60,
            query_terms: 12,
            posting_scan: 128,
            candidates: 24,
            centroid_terms: 200,
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
            "name_boost" => self.name_boost = float()?,
            "title_boost" => self.title_boost = float()?,
            "grace_days" => self.grace_days = float()?,
            "half_life_days" => self.half_life_days = float()?,
            "vector_terms" => self.vector_terms = int()?,
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
struct Placed {
    event: u32,
    when: When,
    terms: Box<[u64]>,
    weights: Box<[f32]>,
    /// Bit i is set when term i was written as a name.
    names: u64,
}

impl Placed {
    fn vector(&self) -> Vector {
        self.terms.iter().copied().zip(self.weights.iter().copied()).collect()
    }
}

/// Events and storylines of the corpus so far.
pub struct Clusterer {
    params: Params,
    df: HashMap<u64, u32, HashKeyed>,
    docs: u32,
    events: Groups,
    storylines: Groups,
    /// Storyline of each event (by event number).
    storyline_of: Vec<u32>,
    /// By article number.
    placed: Vec<Option<Placed>>,
    touched_events: BTreeSet<u32>,
    touched_storylines: BTreeSet<u32>,
    /// Candidate-score accumulator, reused.
    scratch: std::cell::RefCell<Vec<f32>>,
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
        }
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Number of live events.
    pub fn event_count(&self) -> usize {
        self.events.groups.iter().filter(|g| g.alive()).count()
    }

    /// The current event and storyline of article `n`.
    pub fn placement_of(&self, n: u32) -> Option<Placement> {
        let event = self.events.resolve(self.placed.get(n as usize)?.as_ref()?.event);
        Some(Placement {
            event,
            storyline: self.storyline_of_event(event),
        })
    }

    fn storyline_of_event(&self, event: u32) -> u32 {
        self.storylines.resolve(self.storyline_of[event as usize])
    }

    /// Place article `n`. A copy (`copy_of`, an earlier article) joins its original's event.
    pub fn place(&mut self, n: u32, f: &Features, copy_of: Option<u32>) -> Placement {
        if self.placed.get(n as usize).is_some_and(Option::is_some) {
            self.take_back(n);
        }
        self.count_terms(f);
        let (vector, names) = self.weigh(f);
        let joined = match copy_of.and_then(|c| self.placement_of(c)) {
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
    pub fn restore(&mut self, n: u32, f: &Features, event: u32, storyline: u32) {
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
        self.attach(n, event, when(f), vector, names);
        self.touched_events.clear();
        self.touched_storylines.clear();
    }

    fn count_terms(&mut self, f: &Features) {
        for t in &f.terms {
            *self.df.entry(t.term).or_insert(0) += 1;
        }
        self.docs += 1;
    }

    /// Article `n`'s content changed: take its old vectors out of its groups.
    /// Take article `n`'s vectors out of its event and storyline; returns what it was.
    fn take_back(&mut self, n: u32) -> Placed {
        let old = self.placed[n as usize].take().expect("checked by caller");
        let event = self.events.resolve(old.event);
        let storyline = self.storyline_of_event(event);
        let vector = old.vector();
        self.events.remove(event, n, &vector);
        self.storylines.subtract(storyline, &self.topic_of(&vector, old.names));
        old
    }

    fn attach(&mut self, n: u32, event: u32, day: When, vector: Vector, names: u64) {
        let storyline = self.storyline_of_event(event);
        let post = self.params.query_terms;
        let topic = self.topic_of(&vector, names);
        self.events.add(event, n, &vector, day, post);
        self.storylines.add_vector_only(storyline, &topic, day, post);
        self.touched_events.insert(event);
        self.touched_storylines.insert(storyline);
        if self.placed.len() <= n as usize {
            self.placed.resize_with(n as usize + 1, || None);
        }
        self.placed[n as usize] = Some(Placed {
            event,
            when: day,
            terms: vector.iter().map(|&(t, _)| t).collect(),
            weights: vector.iter().map(|&(_, w)| w).collect(),
            names,
        });
    }

    /// The topic vector of an article vector: names lose their boost (storylines are about
    /// what happens, and a storyline's events often have different people in them).
    fn topic_of(&self, vector: &[(u64, f32)], names: u64) -> Vector {
        let boost = self.params.name_boost;
        let topic: Vector = vector
            .iter()
            .enumerate()
            .map(|(i, &(t, w))| (t, if names >> i & 1 == 1 { w / boost } else { w }))
            .collect();
        unit_top(topic, vector.len())
    }

    /// The TF-IDF vector of an article (names and title terms boosted), cut to the heaviest
    /// terms and normalised, with a bit set for each kept term written as a name.
    fn weigh(&self, f: &Features) -> (Vector, u64) {
        let n = self.docs as f32 + 1.0;
        let mut weighted: Vec<(u64, f32, bool)> = f
            .terms
            .iter()
            .map(|&TermCount { term, count, name, title }| {
                let df = self.df.get(&term).copied().unwrap_or(1) as f32;
                let idf = (n / df).ln() + 1.0;
                let mut w = (1.0 + f32::from(count.max(1)).ln()) * idf;
                if title {
                    w *= self.params.title_boost;
                }
                if name {
                    w *= self.params.name_boost;
                }
                (term, w, name)
            })
            .collect();
        weighted.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(self.params.vector_terms.min(64));
        let names = weighted
            .iter()
            .enumerate()
            .filter(|(_, w)| w.2)
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        let vector = unit_top(weighted.into_iter().map(|(t, w, _)| (t, w)).collect(), 64);
        (vector, names)
    }

    /// Time discount of a similarity across `gap` days.
    fn discount(&self, gap: Option<i32>) -> f32 {
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
    fn best_event_excluding(
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
            let score = g.cosine(vector) * self.discount(g.gap_to(when));
            if best.is_none_or(|(b, s)| score > s || (score == s && e < b)) {
                best = Some((e, score));
            }
        }
        best
    }

    /// Start an event for an article and choose its storyline by topic.
    fn new_event_with(&mut self, language: Option<String>, topic: &Vector) -> u32 {
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
            let score = g.cosine(topic);
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

    /// Join events, then storylines, that are as alike as the merge thresholds ask; only
    /// groups that changed since the last pass are looked at. Returns the relabellings.
    pub fn merge_pass(&mut self) -> Vec<Relabel> {
        let mut out = self.split_pass();
        out.extend(self.reassign_pass());
        let touched: Vec<u32> = std::mem::take(&mut self.touched_events)
            .into_iter()
            .collect();
        for e in touched {
            let e = self.events.resolve(e);
            if !self.events.get(e).alive() {
                continue;
            }
            if let Some(other) = self.mergeable_event(e) {
                let (into, from) = (e.min(other), e.max(other));
                let (s_into, s_from) =
                    (self.storyline_of_event(into), self.storyline_of_event(from));
                self.events.merge(from, into);
                out.push(Relabel::Event { from, into });
                if s_into != s_from {
                    let (a, b) = (s_into.min(s_from), s_into.max(s_from));
                    self.storylines.merge(b, a);
                    out.push(Relabel::Storyline { from: b, into: a });
                }
                self.touched_storylines
                    .insert(self.storyline_of_event(into));
            }
        }
        let touched: Vec<u32> = std::mem::take(&mut self.touched_storylines)
            .into_iter()
            .collect();
        for s in touched {
            let s = self.storylines.resolve(s);
            if !self.storylines.get(s).alive() {
                continue;
            }
            if let Some(other) = self.mergeable_storyline(s) {
                let (into, from) = (s.min(other), s.max(other));
                self.storylines.merge(from, into);
                out.push(Relabel::Storyline { from, into });
            }
        }
        out
    }

    /// Split changed events that hold two happenings: two-means over the members' vectors,
    /// seeded with the member least like the rest and the member least like it; if the two
    /// halves' centroids are less alike than `split_threshold`, the smaller half becomes an
    /// event of its own in the same storyline. This undoes what arrival order joined (reports
    /// of two similar happenings that came in interleaved).
    fn split_pass(&mut self) -> Vec<Relabel> {
        /// Events this large are left alone (the cost is their size), and so are tiny ones.
        const MEMBERS: std::ops::RangeInclusive<usize> = 4..=300;
        let mut out = Vec::new();
        let touched: Vec<u32> = self.touched_events.iter().copied().collect();
        for e in touched {
            let e = self.events.resolve(e);
            let g = self.events.get(e);
            if !g.alive() || !MEMBERS.contains(&g.members.len()) {
                continue;
            }
            let Some(half) = self.two_means(e) else {
                continue;
            };
            let language = g.language.clone();
            let storyline = self.storyline_of_event(e);
            let event = self.events.create(language);
            self.storylines.add_member(storyline, event);
            self.storyline_of.push(storyline);
            for m in half {
                let old = self.take_back(m);
                let vector = old.vector();
                self.attach(m, event, old.when, vector, old.names);
                out.push(Relabel::Article { article: m, event, storyline });
            }
        }
        out
    }

    /// The smaller half of event `e` if two-means finds two halves less alike than
    /// `split_threshold` (each of at least two members).
    fn two_means(&self, e: u32) -> Option<Vec<u32>> {
        let g = self.events.get(e);
        let members: Vec<(u32, Vector)> = g
            .members
            .iter()
            .map(|&m| (m, self.placed[m as usize].as_ref().expect("members are placed").vector()))
            .collect();
        let scored = self.least_alike(e);
        let a = members.iter().position(|(m, _)| *m == scored[0].1)?;
        let b = (0..members.len())
            .filter(|&i| i != a)
            .min_by(|&i, &j| dot(&members[a].1, &members[i].1).total_cmp(&dot(&members[a].1, &members[j].1)))?;
        let mut side: Vec<bool> = members.iter().map(|_| false).collect();
        side[b] = true;
        let mut centroids = (sum(&members, &side, false), sum(&members, &side, true));
        for _ in 0..4 {
            let next: Vec<bool> = members
                .iter()
                .map(|(_, v)| cosine_map(v, &centroids.1) > cosine_map(v, &centroids.0))
                .collect();
            if next == side {
                break;
            }
            side = next;
            centroids = (sum(&members, &side, false), sum(&members, &side, true));
        }
        let count = side.iter().filter(|&&s| s).count();
        if count < 2 || members.len() - count < 2 {
            return None;
        }
        let alike = centroid_cosine(&centroids.0, &centroids.1);
        if alike >= self.params.split_threshold {
            return None;
        }
        let smaller = count * 2 <= members.len();
        Some(members.iter().zip(&side).filter(|(_, &s)| s == smaller).map(|((m, _), _)| *m).collect())
    }

    /// Repair placements in changed events: the members least like the rest of their event
    /// (placed early, before the event showed what it is about) move to the event they now
    /// fit better, or, if they fit nowhere, start an event of their own (which the merge pass
    /// may then join elsewhere). Like one k-means step, but only where something changed.
    fn reassign_pass(&mut self) -> Vec<Relabel> {
        /// Members looked at per event, least alike first.
        const PER_EVENT: usize = 3;
        /// Larger events are left alone: one member cannot move their centroid much.
        const MAX_MEMBERS: usize = 1000;
        /// How much better another event must fit before a member moves.
        const MARGIN: f32 = 0.05;
        let mut out = Vec::new();
        let touched: Vec<u32> = self.touched_events.iter().copied().collect();
        for e in touched {
            let e = self.events.resolve(e);
            let g = self.events.get(e);
            if !g.alive() || g.members.len() < 2 || g.members.len() > MAX_MEMBERS {
                continue;
            }
            let scored = self.least_alike(e);
            let median = scored[scored.len() / 2].0;
            for &(own, m) in scored.iter().take(PER_EVENT) {
                let g = self.events.get(e);
                if g.members.len() < 2 {
                    break;
                }
                let placed = self.placed[m as usize].as_ref().expect("members are placed");
                let vector = placed.vector();
                let alternative = self.best_event_excluding(&vector, placed.when, &g.language, e);
                let better = alternative.filter(|&(_, s)| s > own + MARGIN);
                let target = match better {
                    Some((other, _)) => other,
                    None if g.members.len() >= 3
                        && own < self.params.split_threshold
                        && own < 0.5 * median =>
                    {
                        let language = g.language.clone();
                        let topic = self.topic_of(&vector, placed.names);
                        self.new_event_with(language, &topic)
                    }
                    None => continue,
                };
                let old = self.take_back(m);
                self.attach(m, target, old.when, vector, old.names);
                let storyline = self.storyline_of_event(target);
                out.push(Relabel::Article {
                    article: m,
                    event: target,
                    storyline,
                });
            }
        }
        out
    }

    /// Members of event `e` with their cosine with the rest of the event, least alike first.
    fn least_alike(&self, e: u32) -> Vec<(f32, u32)> {
        let g = self.events.get(e);
        let norm2 = g.norm() * g.norm();
        let mut scores: Vec<(f32, u32)> = g
            .members
            .iter()
            .map(|&m| {
                let v = self.placed[m as usize].as_ref().expect("members are placed").vector();
                let dot = g.cosine(&v) * g.norm();
                let rest = (norm2 - 2.0 * dot + 1.0).max(1e-6).sqrt();
                ((dot - 1.0) / rest, m)
            })
            .collect();
        scores.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        scores
    }

    fn mergeable_event(&self, e: u32) -> Option<u32> {
        let p = &self.params;
        let g = self.events.get(e);
        let probe = g.top_terms(p.vector_terms);
        let mut best: Option<(u32, f32)> = None;
        for c in self.events.candidates(
            &probe,
            p.query_terms,
            p.posting_scan,
            p.candidates,
            &mut self.scratch.borrow_mut(),
        ) {
            let other = self.events.get(c);
            if c == e || !same_language(&g.language, &other.language) {
                continue;
            }
            let score = g.cosine_with(other) * self.discount(g.gap_between(other));
            if score >= p.merge_threshold
                && best.is_none_or(|(b, s)| score > s || (score == s && c < b))
            {
                best = Some((c, score));
            }
        }
        best.map(|(c, _)| c)
    }

    fn mergeable_storyline(&self, s: u32) -> Option<u32> {
        let p = &self.params;
        let g = self.storylines.get(s);
        let probe = g.top_terms(p.vector_terms);
        let mut best: Option<(u32, f32)> = None;
        for c in self.storylines.candidates(
            &probe,
            p.query_terms,
            p.posting_scan,
            p.candidates,
            &mut self.scratch.borrow_mut(),
        ) {
            let other = self.storylines.get(c);
            if c == s || !same_language(&g.language, &other.language) {
                continue;
            }
            let score = g.cosine_with(other);
            if score >= p.storyline_merge_threshold
                && best.is_none_or(|(b, sc)| score > sc || (score == sc && c < b))
            {
                best = Some((c, score));
            }
        }
        best.map(|(c, _)| c)
    }
}

fn when(f: &Features) -> When {
    When {
        day: f.day,
        floor: f.floor,
    }
}

fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let map: HashMap<u64, f32, HashKeyed> = b.iter().copied().collect();
    a.iter().map(|(t, w)| w * map.get(t).copied().unwrap_or(0.0)).sum()
}

/// Sum of the vectors on one side.
fn sum(members: &[(u32, Vector)], side: &[bool], which: bool) -> HashMap<u64, f32, HashKeyed> {
    let mut c: HashMap<u64, f32, HashKeyed> = HashMap::default();
    for ((_, v), &s) in members.iter().zip(side) {
        if s == which {
            for &(t, w) in v {
                *c.entry(t).or_insert(0.0) += w;
            }
        }
    }
    c
}

fn cosine_map(v: &[(u64, f32)], c: &HashMap<u64, f32, HashKeyed>) -> f32 {
    let norm = c.values().map(|w| w * w).sum::<f32>().sqrt();
    if norm == 0.0 {
        return 0.0;
    }
    v.iter().map(|(t, w)| w * c.get(t).copied().unwrap_or(0.0)).sum::<f32>() / norm
}

fn centroid_cosine(a: &HashMap<u64, f32, HashKeyed>, b: &HashMap<u64, f32, HashKeyed>) -> f32 {
    let v: Vector = a.iter().map(|(&t, &w)| (t, w)).collect();
    let norm = a.values().map(|w| w * w).sum::<f32>().sqrt();
    if norm == 0.0 {
        0.0
    } else {
        cosine_map(&v, b) / norm
    }
}

/// Unknown language is compatible with anything; known languages must match.
fn same_language(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// The `k` heaviest entries (ties by term, for determinism), scaled to unit length.
fn unit_top(mut v: Vector, k: usize) -> Vector {
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}
