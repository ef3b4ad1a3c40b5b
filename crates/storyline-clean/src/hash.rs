//! Hashing shared by word and line statistics: FNV-1a over characters, finished with the
//! splitmix64 mixer, and a pass-through hasher for maps whose keys already are such hashes.
//! Stable within and across runs (no random seed), and cheap enough for every word.

use std::hash::{BuildHasherDefault, Hasher};

const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a state over a sequence of characters.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(BASIS)
    }

    /// A state that hashes differently from [`Fnv::new`] for every `seed`.
    pub(crate) fn seeded(seed: u64) -> Fnv {
        Fnv(BASIS ^ seed)
    }

    #[inline]
    pub(crate) fn push(&mut self, c: u32) {
        self.0 = (self.0 ^ u64::from(c)).wrapping_mul(PRIME);
    }

    /// The hash, with its bits spread by [`mix`].
    pub(crate) fn finish(self) -> u64 {
        mix(self.0)
    }
}

/// splitmix64 finaliser: spreads a hash over all bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hasher for map keys that already are well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

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
}

/// Build-hasher for maps and sets keyed by hashes.
pub(crate) type HashKeyed = BuildHasherDefault<PassThrough>;
