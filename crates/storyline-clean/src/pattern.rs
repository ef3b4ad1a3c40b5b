//! Regular expressions searched from many threads at once.
//!
//! A `regex::Regex` keeps its search caches in a pool that serves the first thread to use it
//! without locking; every other thread takes a cache from a shared stack, and when it cannot
//! lock that stack to put the cache back, the cache (with the lazy DFA it has built) is
//! dropped and the next search starts cold. With the cleaner on every core that cost about
//! 7% of an ungrouped ingest (measured on the 55 MB benchmark). A [`Pattern`] gives each
//! thread a clone of its own (clones share the compiled program, not the caches), so every
//! search takes the unlocked path.

use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex::Regex;

/// Clones per pattern; threads beyond this many share them (still correct, just slower).
const SLOTS: usize = 16;

static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static SLOT: usize = NEXT_SLOT.fetch_add(1, Ordering::Relaxed) % SLOTS;
}

/// A regex compiled once on first use and searched through a per-thread clone.
pub(crate) struct Pattern {
    build: fn() -> Regex,
    compiled: OnceLock<Regex>,
    clones: [OnceLock<Regex>; SLOTS],
}

impl Pattern {
    pub(crate) const fn new(build: fn() -> Regex) -> Pattern {
        Pattern {
            build,
            compiled: OnceLock::new(),
            clones: [const { OnceLock::new() }; SLOTS],
        }
    }
}

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        let slot = SLOT.with(|s| *s);
        self.clones[slot].get_or_init(|| self.compiled.get_or_init(self.build).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: Pattern = Pattern::new(|| Regex::new(r"^\d+$").unwrap());

    #[test]
    fn every_thread_searches_the_same_pattern() {
        let found: Vec<bool> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..SLOTS + 3)
                .map(|i| s.spawn(move || DIGITS.is_match(&i.to_string()) && !DIGITS.is_match("x")))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(found.into_iter().all(|ok| ok));
    }
}
