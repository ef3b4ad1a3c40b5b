//! The sliding window of events: memory bounded by the recent weeks, not by the corpus.
//!
//! Events are local in time. Once nearly every new arrival is dated well after an event's
//! last report, the time discount keeps any article from joining it, so it leaves the
//! candidate index and drops its centroid and its members' vectors (their event, dates and
//! names stay, so labels, copies and revisions still resolve). A storyline with no recent
//! event keeps a compact centroid: a story that resurfaces years later still finds it.

use crate::events::Clusterer;
use crate::groups::Groups;

/// Terms a dormant storyline's centroid keeps.
const DORMANT_TERMS: usize = 60;
/// Dated placements since the last sweep needed to judge what "now" is.
const MIN_RECENT: usize = 64;

/// The events and storylines a sweep looks at, kept between sweeps.
#[derive(Default)]
pub(crate) struct Swept {
    events: Watched,
    storylines: Watched,
}

/// Groups of one kind a sweep looks at: those not merged away or retired, and how many
/// were numbered when it last looked.
#[derive(Default)]
struct Watched {
    groups: Vec<u32>,
    numbered: u32,
}

impl Watched {
    /// Add the groups numbered since the last sweep, forget those merged away or retired,
    /// and return those that are alive and ended before `cutoff`.
    fn ended_before(&mut self, groups: &Groups, cutoff: i32) -> Vec<u32> {
        let count = groups.groups.len() as u32;
        self.groups.extend(self.numbered..count);
        self.numbered = count;
        let mut ended = Vec::new();
        self.groups.retain(|&g| {
            let group = groups.get(g);
            if group.merged_into.is_some() || group.retired {
                return false;
            }
            if group.alive() && group.day_max.is_some_and(|d| d < cutoff) {
                ended.push(g);
            }
            true
        });
        ended
    }
}

impl Clusterer {
    /// Retire the events that lie before the window and compact dormant storylines. Returns
    /// the first day of the window, or `None` when nothing could be retired (no window, or
    /// too few dated articles since the last sweep).
    pub fn sweep(&mut self) -> Option<i32> {
        let mut recent = std::mem::take(&mut self.recent_days);
        let window = self.params.window_days;
        if window <= 0.0 || recent.len() < MIN_RECENT {
            return None;
        }
        // "Now" is the low end of the recent arrivals, so a few misdated articles cannot
        // retire the present, and input out of date order retires little.
        let low = recent.len() / 20;
        let (_, &mut now, _) = recent.select_nth_unstable(low);
        let cutoff = now - window.ceil() as i32;
        let old = self.swept.events.ended_before(&self.events, cutoff);
        for &e in &old {
            self.retire_event(e);
        }
        if !old.is_empty() {
            self.events.drop_retired_postings();
        }
        for s in self.swept.storylines.ended_before(&self.storylines, cutoff) {
            self.storylines.compact(s, DORMANT_TERMS);
        }
        Some(cutoff)
    }

    fn retire_event(&mut self, e: u32) {
        self.events.retire(e);
        self.touched_events.remove(&e);
        for &m in &self.events.get(e).members {
            if let Some(p) = self.placed.get_mut(m as usize).and_then(Option::as_mut) {
                p.terms = Box::default();
                p.weights = Box::default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::events::{Clusterer, Params};
    use crate::features::Features;

    fn dated(text: &str, day: i32) -> Features {
        let mut f = Features::of_text(text);
        f.day = Some(day);
        f
    }

    const QUAKE: &str = "An earthquake of magnitude six struck the northern province of \
        Valdoria early on Monday, collapsing homes in three mountain villages.";

    #[test]
    fn old_events_leave_the_window_and_new_reports_start_afresh() {
        let mut c = Clusterer::new(Params::default());
        c.place(0, &dated(QUAKE, 100), None);
        c.place(1, &dated(QUAKE, 101), None);
        let quake = c.placement_of(0).unwrap().event;
        assert_eq!(c.placement_of(1).unwrap().event, quake);
        // Two months of unrelated news later.
        for n in 2..80 {
            let text = format!("Market report number {n}: shares of company{n} rose sharply.");
            c.place(n, &dated(&text, 160 + n as i32 / 10), None);
        }
        let cutoff = c.sweep().expect("enough dated arrivals");
        assert!(cutoff > 101);
        assert!(c.events.get(quake).retired);
        assert_eq!(c.day_of(0), Some(100), "a retired member keeps its day");
        assert_eq!(c.placement_of(0).unwrap().event, quake, "and its label");
        let late = c.place(80, &dated(QUAKE, 170), None);
        assert_ne!(late.event, quake, "a retired event is no candidate");
        assert_eq!(
            c.placement_of(0).unwrap().storyline,
            late.storyline,
            "the dormant storyline still finds its story"
        );
    }

    #[test]
    fn without_a_window_nothing_is_retired() {
        let mut c = Clusterer::new(Params {
            window_days: 0.0,
            ..Params::default()
        });
        for n in 0..100 {
            c.place(n, &dated(QUAKE, n as i32 * 10), None);
        }
        assert_eq!(c.sweep(), None);
    }
}
