//! Language identification (whatlang), reported as ISO 639-1 where one exists.

/// The language of `text`, if the detector is confident; ISO 639-1 for common languages,
/// else ISO 639-3.
pub fn detect(text: &str) -> Option<String> {
    if looks_english(text) {
        return Some("en".to_string());
    }
    // The first kilobyte or so is plenty and keep detection cheap on long articles.
    let mut end = text.len().min(1200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(to_iso639_1(code).unwrap_or(code).to_string())
}

/// Cheap test that settles most English text without trigram scoring: in running English
/// prose a fifth to a third of the words are these function words; in other languages (even
/// German and Dutch, which share a few: "was", "will", "is") well under a tenth.
fn looks_english(text: &str) -> bool {
    let mut words = 0;
    let mut hits = 0;
    for w in text.split_ascii_whitespace().take(200) {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_ascii_alphabetic());
        // Lower-cased on the stack: this runs for the first 200 words of every article.
        let mut lower = [0u8; 5];
        if let Some(lower) = lower.get_mut(..w.len()) {
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).expect("ASCII letters at both ends");
            hits += usize::from(is_english_function_word(lower));
        }
    }
    words >= 30 && hits * 100 >= words * 15
}

fn is_english_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "of"
            | "and"
            | "to"
            | "is"
            | "that"
            | "for"
            | "with"
            | "was"
            | "as"
            | "by"
            | "it"
            | "he"
            | "said"
            | "at"
            | "from"
            | "his"
            | "be"
            | "are"
            | "have"
            | "has"
            | "this"
            | "an"
            | "which"
            | "were"
            | "will"
            | "their"
            | "they"
            | "but"
            | "not"
            | "had"
            | "been"
            | "who"
            | "would"
            | "its"
            | "she"
            | "her"
    )
}

fn to_iso639_1(code: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("eng", "en"),
        ("spa", "es"),
        ("fra", "fr"),
        ("deu", "de"),
        ("ita", "it"),
        ("por", "pt"),
        ("nld", "nl"),
        ("rus", "ru"),
        ("ukr", "uk"),
        ("pol", "pl"),
        ("ces", "cs"),
        ("swe", "sv"),
        ("dan", "da"),
        ("nob", "no"),
        ("fin", "fi"),
        ("tur", "tr"),
        ("ara", "ar"),
        ("heb", "he"),
        ("hin", "hi"),
        ("ben", "bn"),
        ("cmn", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("vie", "vi"),
        ("ind", "id"),
        ("ell", "el"),
        ("ron", "ro"),
        ("hun", "hu"),
        ("bul", "bg"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("pes", "fa"),
        ("urd", "ur"),
        ("tha", "th"),
        ("cat", "ca"),
        ("afr", "af"),
    ];
    PAIRS
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_and_spanish() {
        let en = "The council voted on Tuesday to extend the harbour works for another two years.";
        assert_eq!(super::detect(en).as_deref(), Some("en"));
        let es =
            "El consejo votó el martes para ampliar las obras del puerto durante dos años más.";
        assert_eq!(super::detect(es).as_deref(), Some("es"));
        assert!(!super::looks_english(&es.repeat(4)));
        let de = "Der Rat hat am Dienstag beschlossen, was die Stadt will: den Hafen weiter auszubauen. ";
        assert!(!super::looks_english(&de.repeat(4)));
        let nl = "De raad besloot dinsdag dat het werk aan de haven twee jaar langer duurt, zo was het plan. ";
        assert!(!super::looks_english(&nl.repeat(4)));
    }
}
