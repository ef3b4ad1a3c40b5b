//! Stable hashing shared by the stages (word and line statistics, clustering features):
//! FNV-1a over characters, finished with the splitmix64 mixer, and a pass-through hasher for
//! maps whose keys already are such hashes. Stable within and across runs (no random seed),
//! so hashes can be stored, and cheap enough for every word.

use std::hash::{BuildHasherDefault, Hasher};

const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a state over a sequence of characters.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv::new()
    }
}

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(BASIS)
    }

    /// A state that hashes differently from [`Fnv::new`] for every `seed`.
    pub fn seeded(seed: u64) -> Fnv {
        Fnv(BASIS ^ seed)
    }

    /// The raw state, to resume later with [`Fnv::from_state`] (hashes of prefixes).
    #[inline]
    pub fn state(self) -> u64 {
        self.0
    }

    #[inline]
    pub fn from_state(state: u64) -> Fnv {
        Fnv(state)
    }

    #[inline]
    pub fn push(&mut self, c: u32) {
        self.0 = (self.0 ^ u64::from(c)).wrapping_mul(PRIME);
    }

    /// The hash, with its bits spread by [`mix`].
    #[inline]
    pub fn finish(self) -> u64 {
        mix(self.0)
    }
}

/// splitmix64 finaliser: spreads a hash over all bits.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, mixed: a stable 64-bit hash of a string.
pub fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::new();
    for &b in s.as_bytes() {
        h.push(u32::from(b));
    }
    h.finish()
}

/// Hasher for map keys that already are well-mixed 64-bit hashes (`u32` keys are mixed).
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    /// Small integer keys (article and group numbers) are not hashes: mix them, or every key
    /// would land in the same probe group.
    fn write_u32(&mut self, n: u32) {
        self.0 = mix(u64::from(n));
    }
}

/// Build-hasher for maps and sets keyed by hashes.
pub type HashKeyed = BuildHasherDefault<PassThrough>;
