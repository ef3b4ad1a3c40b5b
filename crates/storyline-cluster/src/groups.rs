//! A set of growing groups (events, or storylines) with centroids and an inverted index from
//! terms to the groups they characterise, so that finding the groups near a vector costs its
//! terms' postings, not the number of groups.

use std::collections::{HashMap, HashSet};

use storyline_core::hash::HashKeyed;

/// What is known of an article's time: its day, or a floor (days since 1970-01-01).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    pub day: Option<i32>,
    pub floor: Option<i32>,
}

impl When {
    fn span(&self) -> Span {
        Span {
            lo: self.day,
            hi: self.day,
            floor: self.floor,
        }
    }
}

/// A stretch of time: a date range and a floor (the earliest an undated part can be).
struct Span {
    lo: Option<i32>,
    hi: Option<i32>,
    floor: Option<i32>,
}

impl Span {
    /// Days between two spans: the gap between the date ranges, or by how much a floor lies
    /// after the other's dates, whichever is larger; 0 when they overlap, `None` when nothing
    /// can be compared.
    fn gap(&self, other: &Span) -> Option<i32> {
        let range = match (self.lo, self.hi, other.lo, other.hi) {
            (Some(a_lo), Some(a_hi), Some(b_lo), Some(b_hi)) => {
                Some((b_lo - a_hi).max(a_lo - b_hi))
            }
            _ => None,
        };
        let floors = [
            self.floor.zip(other.hi).map(|(f, hi)| f - hi),
            other.floor.zip(self.hi).map(|(f, hi)| f - hi),
        ];
        floors
            .into_iter()
            .flatten()
            .chain(range)
            .max()
            .map(|g| g.max(0))
    }
}

/// A sparse unit vector: (term, weight), heaviest first.
pub type Vector = Vec<(u64, f32)>;

/// One group: the sum of its members' vectors, its date range and members.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub centroid: HashMap<u64, f32, HashKeyed>,
    norm2: f32,
    pub size: u32,
    pub day_min: Option<i32>,
    pub day_max: Option<i32>,
    /// The latest floor of an undated member (see [`crate::Features::floor`]).
    pub floor: Option<i32>,
    pub language: Option<String>,
    /// Members (article numbers for events, event numbers for storylines).
    pub members: Vec<u32>,
    posted: HashSet<u64, HashKeyed>,
    /// Set when merged into another group.
    pub merged_into: Option<u32>,
    /// Set when the group left the sliding window (see [`Groups::retire`]): it keeps its
    /// members and dates but no centroid, and is no candidate any more.
    pub retired: bool,
}

impl Group {
    pub fn alive(&self) -> bool {
        self.merged_into.is_none() && self.size > 0
    }

    /// Alive and inside the sliding window: a group new members and merges may reach.
    pub fn open(&self) -> bool {
        self.alive() && !self.retired
    }

    pub fn norm(&self) -> f32 {
        self.norm2.max(0.0).sqrt()
    }

    /// Cosine of `v` (a unit vector) with the centroid.
    pub fn cosine(&self, v: &[(u64, f32)]) -> f32 {
        let n = self.norm();
        if n == 0.0 {
            return 0.0;
        }
        v.iter()
            .map(|(t, w)| w * self.centroid.get(t).copied().unwrap_or(0.0))
            .sum::<f32>()
            / n
    }

    /// How well unit vector `v` fits the group: its dot with the members' sum over
    /// size^`damping`. With 0 damping that is the cosine with the centroid (a loose, large
    /// group pulls hard); with 1 the average similarity to the members (average link, where
    /// a large group of short texts barely pulls at all). News sits in between.
    pub fn affinity(&self, v: &[(u64, f32)], damping: f32) -> f32 {
        if damping == 0.0 {
            return self.cosine(v);
        }
        let dot: f32 = v
            .iter()
            .map(|(t, w)| w * self.centroid.get(t).copied().unwrap_or(0.0))
            .sum();
        dot / (self.size.max(1) as f32).powf(damping)
    }

    /// Cosine of two centroids.
    pub fn cosine_with(&self, other: &Group) -> f32 {
        let (small, large) = if self.centroid.len() <= other.centroid.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f32 = small
            .centroid
            .iter()
            .map(|(t, w)| w * large.centroid.get(t).copied().unwrap_or(0.0))
            .sum();
        let n = self.norm() * other.norm();
        if n == 0.0 {
            0.0
        } else {
            dot / n
        }
    }

    /// Days between an article's time and this group's (0 inside the date range; `None`
    /// when nothing is known to compare). Floors only count when they lie after a date.
    pub fn gap_to(&self, when: When) -> Option<i32> {
        self.span().gap(&when.span())
    }

    /// Days the group's dates would span with `when` among them (`None` when either is
    /// undated).
    pub fn span_with(&self, when: When) -> Option<i32> {
        let (lo, hi, d) = (self.day_min?, self.day_max?, when.day?);
        Some(hi.max(d) - lo.min(d))
    }

    /// Days two groups' dates would span together (`None` when either is undated).
    pub fn span_with_group(&self, other: &Group) -> Option<i32> {
        let (lo, hi) = (self.day_min?, self.day_max?);
        let (o_lo, o_hi) = (other.day_min?, other.day_max?);
        Some(hi.max(o_hi) - lo.min(o_lo))
    }

    /// Days between two groups' times, as [`Group::gap_to`].
    pub fn gap_between(&self, other: &Group) -> Option<i32> {
        self.span().gap(&other.span())
    }

    fn span(&self) -> Span {
        Span {
            lo: self.day_min,
            hi: self.day_max,
            floor: self.floor,
        }
    }

    fn add_vector(&mut self, v: &[(u64, f32)], sign: f32, max_terms: usize) {
        for &(t, w) in v {
            let c = self.centroid.entry(t).or_insert(0.0);
            let new = *c + sign * w;
            self.norm2 += new * new - *c * *c;
            *c = new;
        }
        if self.centroid.len() > 2 * max_terms {
            self.prune(max_terms);
        }
    }

    /// Keep the `max_terms` heaviest terms (bounds memory and scoring cost per group).
    fn prune(&mut self, max_terms: usize) {
        let mut all: Vec<(u64, f32)> = self.centroid.drain().collect();
        let heavier = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > max_terms && max_terms > 0 {
            all.select_nth_unstable_by(max_terms - 1, heavier);
            all.truncate(max_terms);
        }
        // Sorted, so the norm is summed in the same order as ever.
        all.sort_unstable_by(heavier);
        self.norm2 = all.iter().map(|(_, w)| w * w).sum();
        self.centroid.extend(all);
    }

    fn widen(&mut self, lo: Option<i32>, hi: Option<i32>, floor: Option<i32>) {
        self.floor = self.floor.max(floor);
        if let Some(lo) = lo {
            self.day_min = Some(self.day_min.map_or(lo, |m| m.min(lo)));
        }
        if let Some(hi) = hi {
            self.day_max = Some(self.day_max.map_or(hi, |m| m.max(hi)));
        }
    }

    /// The heaviest `n` terms of the centroid, heaviest first.
    pub fn top_terms(&self, n: usize) -> Vector {
        let mut all: Vector = self.centroid.iter().map(|(&t, &w)| (t, w)).collect();
        all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// Groups with their inverted index.
#[derive(Debug, Default)]
pub struct Groups {
    pub groups: Vec<Group>,
    postings: HashMap<u64, Vec<u32>, HashKeyed>,
    /// Most terms a centroid keeps.
    pub max_terms: usize,
}

impl Groups {
    pub fn new(max_terms: usize) -> Groups {
        Groups {
            max_terms,
            ..Default::default()
        }
    }

    /// The group `g` ended up in after merges.
    pub fn resolve(&self, mut g: u32) -> u32 {
        while let Some(next) = self.groups[g as usize].merged_into {
            g = next;
        }
        g
    }

    pub fn get(&self, g: u32) -> &Group {
        &self.groups[g as usize]
    }

    /// Make sure group number `g` exists (restoring stored labels).
    pub fn ensure(&mut self, g: u32) {
        if self.groups.len() <= g as usize {
            self.groups.resize_with(g as usize + 1, Group::default);
        }
    }

    /// A new empty group; returns its number.
    pub fn create(&mut self, language: Option<String>) -> u32 {
        self.groups.push(Group {
            language,
            ..Default::default()
        });
        (self.groups.len() - 1) as u32
    }

    /// Add a member's vector to group `g`, indexing the group under the member's top
    /// `post_terms` terms.
    pub fn add(&mut self, g: u32, member: u32, v: &[(u64, f32)], when: When, post_terms: usize) {
        self.add_member(g, member);
        self.add_vector_only(g, v, when, post_terms);
    }

    /// Record a member without a vector (a storyline's events; their articles add vectors).
    pub fn add_member(&mut self, g: u32, member: u32) {
        self.groups[g as usize].members.push(member);
    }

    /// Add a vector (one article's worth) to group `g`.
    pub fn add_vector_only(&mut self, g: u32, v: &[(u64, f32)], when: When, post_terms: usize) {
        let max = self.max_terms;
        let group = &mut self.groups[g as usize];
        group.size += 1;
        if group.retired {
            // Out of the window: counted and dated, but no centroid or postings again.
            group.widen(when.day, when.day, None);
            return;
        }
        group.add_vector(v, 1.0, max);
        // An undated member's floor only bounds the group; a dated one sets its range.
        group.widen(
            when.day,
            when.day,
            when.day.is_none().then_some(when.floor).flatten(),
        );
        for &(t, _) in v.iter().take(post_terms) {
            if group.posted.insert(t) {
                self.postings.entry(t).or_default().push(g);
            }
        }
    }

    /// Take one article's vector out of group `g`.
    pub fn subtract(&mut self, g: u32, v: &[(u64, f32)]) {
        let max = self.max_terms;
        let group = &mut self.groups[g as usize];
        group.add_vector(v, -1.0, max);
        group.size = group.size.saturating_sub(1);
    }

    /// Take a member's vector out of group `g` (its content was revised).
    pub fn remove(&mut self, g: u32, member: u32, v: &[(u64, f32)]) {
        self.subtract(g, v);
        self.groups[g as usize].members.retain(|&m| m != member);
    }

    /// Groups that share heavy terms with `v`, best first by the weight of the shared query
    /// terms, at most `keep`; `scan` bounds the postings read per term (the most recent).
    /// `scratch` is a reusable accumulator (all zeros between calls).
    pub fn candidates(
        &self,
        v: &[(u64, f32)],
        query_terms: usize,
        scan: usize,
        keep: usize,
        scratch: &mut Vec<f32>,
    ) -> Vec<u32> {
        scratch.resize(self.groups.len(), 0.0);
        let mut seen: Vec<u32> = Vec::new();
        for &(t, w) in v.iter().take(query_terms) {
            if let Some(list) = self.postings.get(&t) {
                for &g in &list[list.len().saturating_sub(scan)..] {
                    let slot = &mut scratch[g as usize];
                    if *slot == 0.0 {
                        seen.push(g);
                    }
                    *slot += w.max(f32::MIN_POSITIVE);
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = seen
            .into_iter()
            .map(|g| (g, std::mem::take(&mut scratch[g as usize])))
            .filter(|&(g, _)| self.groups[g as usize].open())
            .collect();
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(keep);
        ranked.into_iter().map(|(g, _)| g).collect()
    }

    /// Take group `g` out of the sliding window: its centroid and its postings go (the
    /// caller then calls [`Groups::drop_retired_postings`] once for all it retired).
    pub fn retire(&mut self, g: u32) {
        let group = &mut self.groups[g as usize];
        group.retired = true;
        group.centroid = HashMap::default();
        group.norm2 = 0.0;
        group.posted = HashSet::default();
    }

    /// Forget the postings of retired groups (one pass over the index).
    pub fn drop_retired_postings(&mut self) {
        let groups = &self.groups;
        self.postings.retain(|_, list| {
            list.retain(|&g| !groups[g as usize].retired);
            if list.capacity() > 2 * list.len() + 4 {
                list.shrink_to_fit();
            }
            !list.is_empty()
        });
        self.postings.shrink_to_fit();
    }

    /// Keep only the `max_terms` heaviest terms of group `g`'s centroid (a dormant group
    /// summarised compactly; it stays a candidate through the terms it was posted under).
    pub fn compact(&mut self, g: u32, max_terms: usize) {
        let group = &mut self.groups[g as usize];
        if group.centroid.len() > max_terms {
            group.prune(max_terms);
            group.centroid.shrink_to_fit();
        }
    }

    /// Merge group `from` into `into`: centroids add, members move, `into` is indexed under
    /// `from`'s terms.
    pub fn merge(&mut self, from: u32, into: u32) {
        let loser = std::mem::take(&mut self.groups[from as usize]);
        let max = self.max_terms;
        let winner = &mut self.groups[into as usize];
        let v: Vector = loser.centroid.iter().map(|(&t, &w)| (t, w)).collect();
        winner.add_vector(&v, 1.0, max);
        winner.size += loser.size;
        winner.members.extend(&loser.members);
        winner.widen(loser.day_min, loser.day_max, loser.floor);
        for t in loser.posted {
            if winner.posted.insert(t) {
                self.postings.entry(t).or_default().push(into);
            }
        }
        self.groups[from as usize].merged_into = Some(into);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(terms: &[(u64, f32)]) -> Vector {
        let n: f32 = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        terms.iter().map(|&(t, w)| (t, w / n)).collect()
    }

    #[test]
    fn candidates_come_from_postings_and_merges_move_members() {
        let mut g = Groups::new(100);
        let a = g.create(None);
        let b = g.create(None);
        let day = |d| When {
            day: Some(d),
            floor: None,
        };
        g.add(a, 0, &unit(&[(1, 1.0), (2, 1.0)]), day(10), 10);
        g.add(b, 1, &unit(&[(3, 1.0), (4, 1.0)]), day(20), 10);
        let q = unit(&[(2, 1.0), (5, 1.0)]);
        let mut scratch = Vec::new();
        assert_eq!(g.candidates(&q, 10, 100, 10, &mut scratch), vec![a]);
        assert!((g.get(a).cosine(&q) - 0.5).abs() < 1e-5);
        assert_eq!(g.get(a).gap_to(day(13)), Some(3));
        let undated_after = When {
            day: None,
            floor: Some(100),
        };
        assert_eq!(
            g.get(a).gap_to(undated_after),
            Some(90),
            "a floor after the range"
        );
        assert_eq!(g.get(a).gap_to(When::default()), None);
        g.merge(b, a);
        assert_eq!(g.resolve(b), a);
        assert_eq!(g.get(a).members, vec![0, 1]);
        assert_eq!(g.get(a).gap_to(day(15)), Some(0));
        assert_eq!(
            g.candidates(&unit(&[(4, 1.0)]), 10, 100, 10, &mut scratch),
            vec![a]
        );
        assert!(scratch.iter().all(|&x| x == 0.0), "scratch is left clean");
        g.remove(a, 1, &unit(&[(3, 1.0), (4, 1.0)]));
        assert_eq!(g.get(a).size, 1);
        assert!(g.get(a).cosine(&unit(&[(4, 1.0)])).abs() < 1e-5);
    }
}
