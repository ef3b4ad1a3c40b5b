//! Repair of mojibake: UTF-8 text that was once decoded as Latin-1 or Windows-1252 and
//! encoded again, so that "’" reads "â€™" (or "â" and two invisible C1 controls) and "é"
//! reads "Ã©". Content systems that double-encode are common among news sites and scrapers.
//!
//! A run of characters is rewritten only when every character maps back to one byte and the
//! bytes form a UTF-8 sequence of two to four bytes: a lead character from "Â" to "ô" followed
//! by continuation characters. Real text almost never has that shape ("Ã©" is not a word), so
//! clean text passes unchanged; the scan looks at the two lead bytes of U+00C2..U+00F4 only.

use std::borrow::Cow;

/// The text with double-encoded UTF-8 sequences decoded; borrowed when there were none.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    // Every lead character U+00C2..U+00F4 is written 0xC3 0x82..0xB4 in UTF-8.
    while let Some(k) = bytes[from..].iter().position(|&b| b == 0xC3) {
        let at = from + k;
        from = at + 1;
        if !bytes.get(at + 1).is_some_and(|b| (0x82..=0xB4).contains(b)) || at < copied {
            continue;
        }
        if let Some((fixed, taken)) = sequence_at(&text[at..]) {
            out.push_str(&text[copied..at]);
            out.push(fixed);
            copied = at + taken;
            from = copied;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The character a double-encoded sequence at the start of `s` stands for, and how many
/// bytes of `s` it took.
fn sequence_at(s: &str) -> Option<(char, usize)> {
    let mut chars = s.chars();
    let lead = byte_of(chars.next()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut taken = 2; // the lead character is two bytes
    for slot in bytes.iter_mut().take(len).skip(1) {
        let c = chars.next()?;
        let b = byte_of(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        taken += c.len_utf8();
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    // A decoded control character means the bytes were never text.
    (!c.is_control()).then_some((c, taken))
}

/// The single byte a character had in Windows-1252 (which agrees with Latin-1 on
/// U+00A0..U+00FF; U+0080..U+009F stand for themselves when Latin-1 was used).
fn byte_of(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::repair_mojibake;

    #[test]
    fn double_encoded_sequences_are_decoded() {
        // Read as Windows-1252, and as Latin-1 (C1 controls left in the text).
        assert_eq!(repair_mojibake("Investorâ€™s guide"), "Investor’s guide");
        assert_eq!(repair_mojibake("Investor\u{e2}\u{80}\u{99}s"), "Investor’s");
        assert_eq!(repair_mojibake("cafÃ© and crÃ¨me"), "café and crème");
        assert_eq!(repair_mojibake("â€œquotedâ€\u{9d}"), "“quoted”");
        assert_eq!(repair_mojibake("price: 5Â\u{a0}€"), "price: 5\u{a0}€");
    }

    #[test]
    fn clean_text_is_left_alone() {
        for t in [
            "plain ascii",
            "château, Ærø, Ãlvaro",
            "São Paulo — “quotes” and ’apostrophes’",
            "Ã alone at the end Ã",
            "Москва, 東京, Ελλάδα",
        ] {
            assert!(
                matches!(repair_mojibake(t), std::borrow::Cow::Borrowed(_)),
                "{t}"
            );
        }
    }
}
