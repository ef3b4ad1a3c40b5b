//! The repair pass of the clusterer: what arrival order got wrong is mended where something
//! changed since the last pass. Split events that hold two happenings, move members that fit
//! another event clearly better, then merge events and storylines that belong together.

use std::collections::HashMap;

use storyline_core::hash::HashKeyed;

use crate::events::{same_language, Clusterer, Relabel};
use crate::groups::{Group, Groups, Vector};

impl Clusterer {
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
            if !self.events.get(e).open() {
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
            if !g.open() || !MEMBERS.contains(&g.members.len()) {
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
                out.push(Relabel::Article {
                    article: m,
                    event,
                    storyline,
                });
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
            .map(|&m| {
                (
                    m,
                    self.placed[m as usize]
                        .as_ref()
                        .expect("members are placed")
                        .vector(),
                )
            })
            .collect();
        let scored = self.least_alike(e);
        let a = members.iter().position(|(m, _)| *m == scored[0].1)?;
        let to_seed: Vec<f32> = members.iter().map(|(_, v)| dot(&members[a].1, v)).collect();
        let b = (0..members.len())
            .filter(|&i| i != a)
            .min_by(|&i, &j| to_seed[i].total_cmp(&to_seed[j]))?;
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
        Some(
            members
                .iter()
                .zip(&side)
                .filter(|(_, &s)| s == smaller)
                .map(|((m, _), _)| *m)
                .collect(),
        )
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
            if !g.open() || g.members.len() < 2 || g.members.len() > MAX_MEMBERS {
                continue;
            }
            let scored = self.least_alike(e);
            let median = scored[scored.len() / 2].0;
            for &(own, m) in scored.iter().take(PER_EVENT) {
                let g = self.events.get(e);
                if g.members.len() < 2 {
                    break;
                }
                let placed = self.placed[m as usize]
                    .as_ref()
                    .expect("members are placed");
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
                let v = self.placed[m as usize]
                    .as_ref()
                    .expect("members are placed")
                    .vector();
                // The member's fit to the rest of the event, on the scale placement uses.
                let dot = g.cosine(&v) * g.norm();
                let damping = self.params.size_damping;
                let fit = if damping == 0.0 {
                    (dot - 1.0) / (norm2 - 2.0 * dot + 1.0).max(1e-6).sqrt()
                } else {
                    (dot - 1.0) / ((g.size.max(2) - 1) as f32).powf(damping)
                };
                (fit, m)
            })
            .collect();
        scores.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        scores
    }

    fn mergeable_event(&self, e: u32) -> Option<u32> {
        let score = |a: &Group, b: &Group| {
            let gap = self.event_gap(a.gap_between(b), a.span_with_group(b));
            a.cosine_with(b) * self.discount(gap)
        };
        self.most_alike(&self.events, e, score, self.params.merge_threshold)
    }

    fn mergeable_storyline(&self, s: u32) -> Option<u32> {
        let score = |a: &Group, b: &Group| a.cosine_with(b);
        self.most_alike(
            &self.storylines,
            s,
            score,
            self.params.storyline_merge_threshold,
        )
    }

    /// The group of `groups` most alike group `g` (same language, found through the index)
    /// if its `score` reaches `threshold`; ties go to the older group.
    fn most_alike(
        &self,
        groups: &Groups,
        g: u32,
        score: impl Fn(&Group, &Group) -> f32,
        threshold: f32,
    ) -> Option<u32> {
        let p = &self.params;
        let group = groups.get(g);
        let probe = group.top_terms(p.vector_terms);
        let candidates = groups.candidates(
            &probe,
            p.query_terms,
            p.posting_scan,
            p.candidates,
            &mut self.scratch.borrow_mut(),
        );
        let mut best: Option<(u32, f32)> = None;
        for c in candidates {
            let other = groups.get(c);
            if c == g || !same_language(&group.language, &other.language) {
                continue;
            }
            let s = score(group, other);
            if s >= threshold && best.is_none_or(|(b, bs)| s > bs || (s == bs && c < b)) {
                best = Some((c, s));
            }
        }
        best.map(|(c, _)| c)
    }
}

fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let map: HashMap<u64, f32, HashKeyed> = b.iter().copied().collect();
    a.iter()
        .map(|(t, w)| w * map.get(t).copied().unwrap_or(0.0))
        .sum()
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
    v.iter()
        .map(|(t, w)| w * c.get(t).copied().unwrap_or(0.0))
        .sum::<f32>()
        / norm
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
