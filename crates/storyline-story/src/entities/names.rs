//! Person names: the keys that let different spellings of one name meet ("Kim Jong-un",
//! "Kim Jong Un", "Kim Jong-Un"; "Vladimir V. Putin", "Vladimir Putin") and the family names a
//! bare reference ("Mr. Kim", "Putin") may use.

use super::lexicon::{EAST_ASIAN_SURNAMES, NAME_PARTICLES, NAME_SUFFIXES, VIETNAMESE_SURNAMES};
use super::tokens::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Folded name parts, hyphenated words split ("kim", "jong", "un").
    pub parts: Vec<String>,
    /// Which parts are initials ("V." in "Vladimir V. Putin").
    pub initials: Vec<bool>,
    /// The key spellings of one name share: parts joined by spaces, middle initials left out.
    pub key: String,
    /// Keys a bare reference to this person may use ("putin"; "kim"; "bin laden" and "laden").
    pub surnames: Vec<String>,
    /// Number of words written in full (not initials): how full a form is.
    pub fullness: usize,
    /// Written family name first (Korean, Chinese, Vietnamese order).
    pub family_first: bool,
    /// Words as written (suffixes left out).
    pub n_words: usize,
    /// Letters of the middle initials ("w" for "George W. Bush", "hw" for "George H.W. Bush"):
    /// forms with different ones name different people.
    pub middle: String,
}

impl PersonName {
    /// One word only: a bare family name (or a lone given name).
    pub fn is_single(&self) -> bool {
        self.n_words == 1
    }

    /// The first part is an initial ("V. Putin").
    pub fn initial_first(&self) -> bool {
        self.initials.first().copied().unwrap_or(false)
    }
}

fn is_initial(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 || (word.ends_with('.') && w.split('.').all(|p| p.chars().count() <= 1))
}

/// Analyses the words of a name as written (titles already removed), e.g. `["Vladimir", "V.",
/// "Putin"]` or `["Kim", "Jong-un"]`. None when nothing is left.
pub fn analyse(words: &[&str]) -> Option<PersonName> {
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !NAME_SUFFIXES.contains(w) && !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let family_first = is_family_first(&words);
    let mut parts = Vec::new();
    let mut initials = Vec::new();
    let last_word = words.len() - 1;
    for (wi, w) in words.iter().enumerate() {
        // "HW" in "George HW Bush": initials written without periods.
        let bare = wi > 0
            && wi < last_word
            && !family_first
            && (1..=2).contains(&w.chars().count())
            && w.chars().all(|c| c.is_uppercase());
        if bare {
            for c in w.chars() {
                parts.push(fold(&c.to_string()));
                initials.push(true);
            }
            continue;
        }
        let init = is_initial(w);
        for p in w.split(['-', '.']).filter(|p| !p.is_empty()) {
            parts.push(fold(p));
            initials.push(init);
            if init && !w.contains('.') {
                break;
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let n = parts.len();
    let key_parts: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| !(initials[*i] && *i != 0 && *i != n - 1))
        .map(|(_, p)| p.as_str())
        .collect();
    let key = key_parts.join(" ");
    let middle: String = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| initials[*i] && *i != 0 && *i != n - 1)
        .map(|(_, p)| p.as_str())
        .collect();
    let fullness = initials.iter().filter(|i| !**i).count();

    let mut surnames = Vec::new();
    let word_key = |w: &str| fold(w).replace('-', " ");
    if words.len() == 1 {
        surnames.push(word_key(words[0]));
    } else if family_first {
        surnames.push(word_key(words[0]));
        let viet = VIETNAMESE_SURNAMES.contains(words[0]);
        if viet || (words.len() == 2 && !words[1].contains('-')) {
            surnames.push(word_key(words[words.len() - 1]));
        }
    } else {
        let last = words[words.len() - 1];
        // "bin Laden", "von der Leyen", "da Silva": the particles belong to the family name.
        let mut first = words.len() - 1;
        while first > 1 && NAME_PARTICLES.contains(words[first - 1]) {
            first -= 1;
        }
        if first < words.len() - 1 {
            surnames.push(
                words[first..]
                    .iter()
                    .map(|w| word_key(w))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        surnames.push(word_key(last));
    }
    surnames.dedup();
    Some(PersonName {
        parts,
        initials,
        key,
        surnames,
        fullness,
        family_first,
        n_words: words.len(),
        middle,
    })
}

/// "Kim Jong Un", "Kim Hong-kyun", "Xi Jinping", "Nguyen Phu Trong": an East Asian family name
/// first, then a hyphenated given name, or short syllables.
pub fn is_family_first(words: &[&str]) -> bool {
    if words.len() < 2 || !EAST_ASIAN_SURNAMES.contains(words[0]) {
        return false;
    }
    let rest = &words[1..];
    if rest.iter().any(|w| w.contains('-')) {
        return true;
    }
    if VIETNAMESE_SURNAMES.contains(words[0]) {
        return true;
    }
    if rest.len() == 1 {
        return true;
    }
    rest.len() == 2 && rest.iter().all(|w| w.chars().count() <= 5)
}

/// Can a form whose key has the first given name written only as an initial ("v putin") or with
/// extra middle names stand for `full`? Both must share the family name.
pub fn compatible(short: &PersonName, full: &PersonName) -> bool {
    if short.key == full.key {
        return true;
    }
    if short.family_first || full.family_first {
        return false;
    }
    let (sp, fp) = (&short.parts, &full.parts);
    if sp.len() < 2 || fp.len() < 2 || sp.last() != fp.last() {
        return false;
    }
    let (s0, f0) = (&sp[0], &fp[0]);
    let first_ok = if short.initial_first() {
        f0.starts_with(s0.as_str())
    } else {
        s0 == f0
    };
    if !first_ok {
        return false;
    }
    // Middle words of the shorter form appear, in order, among the longer one's.
    let smid = &sp[1..sp.len() - 1];
    let fmid = &fp[1..fp.len() - 1];
    let mut it = fmid.iter();
    smid.iter()
        .all(|m| it.any(|f| f == m || (m.chars().count() == 1 && f.starts_with(m.as_str()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> PersonName {
        let w: Vec<&str> = s.split(' ').collect();
        analyse(&w).unwrap()
    }

    #[test]
    fn korean_spellings_share_a_key() {
        let k1 = a("Pak Yong-chol");
        let k2 = a("Pak Yong Chol");
        let k3 = a("Pak Yong-Chol");
        assert_eq!(k1.key, "pak yong chol");
        assert_eq!(k1.key, k2.key);
        assert_eq!(k2.key, k3.key);
        assert!(k1.family_first && k2.family_first);
        assert_eq!(k1.surnames, vec!["pak"]);
        assert_ne!(a("Pak Yong Il").key, k1.key);
    }

    #[test]
    fn middle_initials_drop_out_of_the_key() {
        let full = a("Ingrid M. Solberg");
        assert_eq!(full.key, "ingrid solberg");
        assert_eq!(full.surnames, vec!["solberg"]);
        assert_eq!(full.fullness, 2);
        let short = a("I. Solberg");
        assert!(short.initial_first());
        assert!(compatible(&short, &a("Ingrid Solberg")));
        assert!(!compatible(&short, &a("Harald Solberg")));
        assert!(compatible(&a("Ingrid Solberg"), &a("Ingrid Marit Solberg")));
    }

    #[test]
    fn middle_initials_are_kept_apart() {
        assert_eq!(a("Harold W. Grant").middle, "w");
        assert_eq!(a("Harold H.W. Grant").middle, "hw");
        assert_eq!(a("Harold HW Grant").middle, "hw");
        assert_eq!(a("Harold HW Grant").key, "harold grant");
        assert_eq!(a("Harold Grant").middle, "");
    }

    #[test]
    fn particles_and_suffixes() {
        let n = a("Tariq bin Hamdan");
        assert_eq!(n.surnames, vec!["bin hamdan", "hamdan"]);
        let j = a("Walter Crane Jr.");
        assert_eq!(j.key, "walter crane");
        assert!(a("Crane").is_single());
    }

    #[test]
    fn family_first_needs_a_known_family_name() {
        assert!(is_family_first(&["Wang", "Mingli"]));
        assert!(is_family_first(&["Ri", "Son", "Gwon"]));
        assert!(!is_family_first(&["Lee", "Harvey", "Oswald"]));
        assert!(!is_family_first(&["Pavel", "Orlov"]));
        // Two words, no hyphen: either word may be used alone.
        assert_eq!(a("Wang Mingli").surnames, vec!["wang", "mingli"]);
    }
}
