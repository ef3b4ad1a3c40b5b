//! Compact binary form of [`Features`] for the store (little-endian, versioned), so a later
//! run rebuilds its indexes from the store without re-reading article texts.

use crate::features::{Features, Fingerprint, TermCount};
use crate::text::{term_from_id, term_id};

const VERSION: u8 = 4;

impl Features {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(300 + self.terms.len() * 6 + self.fingerprints.len() * 10);
        b.push(VERSION);
        b.extend((self.terms.len() as u32).to_le_bytes());
        for t in &self.terms {
            // Counts past 255 weigh the same after the logarithm, nearly.
            b.extend(term_id(t.term).to_le_bytes());
            b.push(t.count.min(255) as u8);
            b.push(u8::from(t.name) | u8::from(t.title) << 1);
        }
        for day in [self.day, self.floor] {
            match day {
                Some(d) => {
                    b.push(1);
                    b.extend(d.to_le_bytes());
                }
                None => b.push(0),
            }
        }
        let lang = self.language.as_deref().unwrap_or("").as_bytes();
        b.push(lang.len().min(255) as u8);
        b.extend(&lang[..lang.len().min(255)]);
        b.push(self.signature.len() as u8);
        for v in &self.signature {
            b.extend(v.to_le_bytes());
        }
        b.extend(self.exact.to_le_bytes());
        b.extend((self.fingerprints.len() as u32).to_le_bytes());
        for s in &self.fingerprints {
            b.extend(s.hash.to_le_bytes());
            b.extend(s.start.to_le_bytes());
            b.extend(((s.end - s.start).min(u32::from(u16::MAX)) as u16).to_le_bytes());
        }
        b.extend(self.words.to_le_bytes());
        b
    }

    /// `None` if the bytes are not features this build wrote.
    pub fn decode(bytes: &[u8]) -> Option<Features> {
        let mut r = Reader(bytes);
        if r.u8()? != VERSION {
            return None;
        }
        let n = r.u32()? as usize;
        let mut terms = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let term = term_from_id(r.u32()?);
            let count = u16::from(r.u8()?);
            let flags = r.u8()?;
            terms.push(TermCount {
                term,
                count,
                name: flags & 1 != 0,
                title: flags & 2 != 0,
            });
        }
        let mut day = || match r.u8() {
            Some(1) => r.u32().map(|d| Some(d as i32)),
            Some(_) => Some(None),
            None => None,
        };
        let (day, floor) = (day()?, day()?);
        let len = r.u8()? as usize;
        let lang = std::str::from_utf8(r.take(len)?).ok()?;
        let language = (!lang.is_empty()).then(|| lang.to_string());
        let sig_len = r.u8()? as usize;
        let signature = (0..sig_len)
            .map(|_| r.u32())
            .collect::<Option<Vec<u32>>>()?;
        let exact = r.u64()?;
        let n = r.u32()? as usize;
        let mut fingerprints = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let (hash, start) = (r.u32()?, r.u32()?);
            let len = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
            fingerprints.push(Fingerprint {
                hash,
                start,
                end: start + u32::from(len),
            });
        }
        let words = r.u32()?;
        r.0.is_empty().then_some(Features {
            terms,
            day,
            floor,
            language,
            signature,
            exact,
            fingerprints,
            words,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use storyline_core::Article;

    use super::*;

    #[test]
    fn round_trips_and_rejects_damage() {
        let f = Features::extract(&Article {
            title: Some("Harbour plan".into()),
            text: "The council approved the harbour plan on Monday after a long and heated debate."
                .into(),
            published: Some("2023-04-05".into()),
            language: Some("en".into()),
            ..Default::default()
        });
        let bytes = f.encode();
        assert_eq!(Features::decode(&bytes), Some(f));
        assert_eq!(Features::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Features::decode(b""), None);
    }
}
