//! Article ids and their placement numbers, each id kept once: a grouping state of a million
//! articles holds a million ids.

use std::collections::HashMap;

use storyline_core::hash::{hash_str, HashKeyed};

#[derive(Default)]
pub(crate) struct Ids {
    /// By placement number.
    names: Vec<Box<str>>,
    /// Number by hash of the id; an id whose hash another id took first is in `collided`.
    by_hash: HashMap<u64, u32, HashKeyed>,
    collided: HashMap<Box<str>, u32>,
}

impl Ids {
    /// The number of a known id.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        match self.by_hash.get(&hash_str(id)) {
            Some(&n) if *self.names[n as usize] == *id => Some(n),
            Some(_) => self.collided.get(id).copied(),
            None => None,
        }
    }

    /// The number of `id` (a new id gets the next one) and whether it was known.
    pub(crate) fn number(&mut self, id: &str) -> (u32, bool) {
        if let Some(n) = self.get(id) {
            return (n, true);
        }
        let n = self.names.len() as u32;
        match self.by_hash.entry(hash_str(id)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(n);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(id.into(), n);
            }
        }
        self.names.push(id.into());
        (n, false)
    }

    /// The id of number `n`.
    pub(crate) fn name(&self, n: u32) -> &str {
        &self.names[n as usize]
    }

    /// How many ids have numbers.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_numbers_even_when_hashes_collide() {
        let mut ids = Ids::default();
        assert_eq!(ids.number("a"), (0, false));
        assert_eq!(ids.number("b"), (1, false));
        assert_eq!(ids.number("a"), (0, true));
        // Force a collision: "c" filed under the hash "a" already holds.
        ids.by_hash.remove(&hash_str("c"));
        let n = ids.names.len() as u32;
        ids.collided.insert("c".into(), n);
        ids.names.push("c".into());
        ids.by_hash.insert(hash_str("c"), 0);
        assert_eq!(ids.get("c"), Some(2), "found through the collided ids");
        assert_eq!(ids.get("d"), None);
        assert_eq!((ids.name(1), ids.len()), ("b", 3));
    }
}
