//! Corpus evidence as bytes, so that it outlives an ingest run: word and line counts that a
//! store keeps and the next run starts from (a publisher's furniture is recognised even when
//! its articles arrive a few at a time). Little-endian, versioned; anything else decodes to
//! `None` and the run starts from empty evidence.

use crate::Corpus;

const VERSION: u8 = 1;

impl Corpus {
    /// The evidence as bytes (about 12–16 bytes per distinct word, pair and line).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = vec![VERSION];
        self.words.write(&mut b);
        self.lines.write(&mut b);
        b
    }

    /// Evidence written by [`Corpus::to_bytes`], or `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Corpus> {
        let (&version, mut rest) = bytes.split_first()?;
        if version != VERSION {
            return None;
        }
        let words = crate::words::WordStats::read(&mut rest)?;
        let lines = crate::structure::LineStats::read(&mut rest)?;
        rest.is_empty().then_some(Corpus { words, lines })
    }
}

/// Append a map of u64 keys to fixed-size values.
pub(crate) fn write_map<V: Copy>(
    b: &mut Vec<u8>,
    entries: impl ExactSizeIterator<Item = (u64, V)>,
    put: impl Fn(&mut Vec<u8>, V),
) {
    b.extend((entries.len() as u64).to_le_bytes());
    b.reserve(entries.len() * (8 + std::mem::size_of::<V>()));
    for (k, v) in entries {
        b.extend(k.to_le_bytes());
        put(b, v);
    }
}

/// Take `n` bytes off the front.
pub(crate) fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if rest.len() < n {
        return None;
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Some(head)
}

pub(crate) fn u64_at(rest: &mut &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(take(rest, 8)?.try_into().ok()?))
}

pub(crate) fn u32_at(rest: &mut &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(take(rest, 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_round_trips_and_damage_is_refused() {
        let mut c = Corpus::default();
        c.observe(
            Some("Harbour Daily"),
            "Dockers walked out.\n\nFollow our port coverage",
        );
        c.observe(
            Some("Harbour Daily"),
            "Cranes stopped.\n\nFollow our port coverage",
        );
        let bytes = c.to_bytes();
        let back = Corpus::from_bytes(&bytes).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.lines.articles(Some("Harbour Daily")), 2);
        assert!(Corpus::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Corpus::from_bytes(b"").is_none());
    }
}
