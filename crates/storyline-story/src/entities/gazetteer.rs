//! Places, organisations and given names read from the data files under `data/` (built into the
//! binary). See the header of each file for its source and licence.

use super::tokens::{tokenize, TokKind};
use super::EntityKind;
use once_cell::sync::Lazy;
use std::collections::{HashMap, HashSet};

const PLACES: &str = include_str!("../../data/places.tsv");
const PLACES_EXTRA: &str = include_str!("../../data/places_extra.tsv");
const ORGS: &str = include_str!("../../data/orgs.tsv");
const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");

#[derive(Debug, Clone)]
pub struct GazEntry {
    pub name: String,
    pub kind: EntityKind,
}

/// One way of writing an entry, as token texts (apostrophes folded to ').
#[derive(Debug, Clone)]
pub struct Phrase {
    pub tokens: Vec<String>,
    pub entry: usize,
    /// A demonym ("North Korean") rather than a name.
    pub demonym: bool,
}

#[derive(Debug)]
pub struct Gazetteer {
    pub entries: Vec<GazEntry>,
    /// First token → the phrases it opens, longest first.
    pub phrases: HashMap<String, Vec<Phrase>>,
    pub first_names: HashSet<String>,
}

pub static GAZETTEER: Lazy<Gazetteer> = Lazy::new(Gazetteer::load);

/// A token's text with curly apostrophes made straight, for comparing with phrases.
pub fn norm(tok: &str) -> std::borrow::Cow<'_, str> {
    if tok.contains('’') {
        std::borrow::Cow::Owned(tok.replace('’', "'"))
    } else {
        std::borrow::Cow::Borrowed(tok)
    }
}

fn phrase_tokens(s: &str) -> Vec<String> {
    tokenize(s)
        .iter()
        .filter(|t| t.kind != TokKind::Punct || t.text(s) != ",")
        .map(|t| norm(t.text(s)).into_owned())
        .collect()
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::new(),
            phrases: HashMap::new(),
            first_names: HashSet::new(),
        };
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut seen: HashSet<(String, bool)> = HashSet::new();
        for (file, is_org) in [(PLACES, false), (PLACES_EXTRA, false), (ORGS, true)] {
            for line in file.lines() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                let (name, aliases, demonyms) = if is_org {
                    (cols[0], cols.get(1).copied().unwrap_or(""), "")
                } else {
                    (
                        cols.get(1).copied().unwrap_or(""),
                        cols.get(2).copied().unwrap_or(""),
                        cols.get(3).copied().unwrap_or(""),
                    )
                };
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                let kind = if is_org {
                    EntityKind::Organisation
                } else {
                    EntityKind::Place
                };
                let id = *by_name.entry(name.to_string()).or_insert_with(|| {
                    g.entries.push(GazEntry {
                        name: name.to_string(),
                        kind,
                    });
                    g.entries.len() - 1
                });
                // Plural demonyms name the place too ("Americans", "North Koreans", "Israelis").
                let plurals: Vec<String> = demonyms
                    .split('|')
                    .map(str::trim)
                    .filter(|d| d.ends_with('n') || d.ends_with('i'))
                    .map(|d| format!("{d}s"))
                    .collect();
                let forms = std::iter::once((name, false))
                    .chain(aliases.split('|').map(|a| (a, false)))
                    .chain(demonyms.split('|').map(|d| (d, true)))
                    .chain(plurals.iter().map(|p| (p.as_str(), true)));
                for (form, demonym) in forms {
                    let form = form.trim();
                    if form.is_empty() {
                        continue;
                    }
                    // The first entry to claim a way of writing keeps it.
                    if !seen.insert((form.to_string(), demonym)) {
                        continue;
                    }
                    let tokens = phrase_tokens(form);
                    if tokens.is_empty() {
                        continue;
                    }
                    g.phrases
                        .entry(tokens[0].clone())
                        .or_default()
                        .push(Phrase {
                            tokens,
                            entry: id,
                            demonym,
                        });
                }
            }
        }
        for list in g.phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.tokens.len()));
        }
        for line in FIRST_NAMES.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('#') {
                g.first_names.insert(l.to_string());
            }
        }
        g
    }

    /// The longest phrase matching the token texts `words` from their start.
    pub fn longest_match(&self, words: &[&str]) -> Option<&Phrase> {
        let first = words.first()?;
        let list = self.phrases.get(norm(first).as_ref())?;
        list.iter().find(|p| {
            p.tokens.len() <= words.len()
                && p.tokens
                    .iter()
                    .zip(words.iter())
                    .all(|(a, b)| a == norm(b).as_ref())
        })
    }

    /// The entry a whole phrase names, if the gazetteer knows it exactly.
    pub fn exact(&self, words: &[&str]) -> Option<&Phrase> {
        self.longest_match(words)
            .filter(|p| p.tokens.len() == words.len())
    }

    pub fn is_first_name(&self, word: &str) -> bool {
        if self.first_names.contains(word) {
            return true;
        }
        // "Leif-Eric", "Jean-Luc": the first half decides.
        match word.split_once('-') {
            Some((a, _)) => self.first_names.contains(a),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_places_aliases_demonyms_and_orgs() {
        let g = &*GAZETTEER;
        let nk = g.exact(&["N.", "Korea"]).expect("N. Korea");
        assert_eq!(g.entries[nk.entry].name, "North Korea");
        let dprk = g.exact(&["DPRK"]).unwrap();
        assert_eq!(dprk.entry, nk.entry);
        let long = g
            .exact(&["Democratic", "People", "'s", "Republic", "of", "Korea"])
            .unwrap();
        assert_eq!(long.entry, nk.entry);
        let curly = g
            .exact(&["Democratic", "People", "’s", "Republic", "of", "Korea"])
            .unwrap();
        assert_eq!(curly.entry, nk.entry);
        let dem = g.exact(&["North", "Korean"]).unwrap();
        assert!(dem.demonym);
        assert_eq!(dem.entry, nk.entry);
        for us in [&["U.S."][..], &["US"], &["America"], &["United", "States"]] {
            assert_eq!(
                g.entries[g.exact(us).unwrap().entry].name,
                "United States",
                "{us:?}"
            );
        }
        assert_eq!(
            g.entries[g.exact(&["Russian"]).unwrap().entry].name,
            "Russia"
        );
        assert_eq!(
            g.entries[g.exact(&["KCNA"]).unwrap().entry].kind,
            EntityKind::Organisation
        );
        assert_eq!(
            g.entries[g.exact(&["Pyongyang"]).unwrap().entry].kind,
            EntityKind::Place
        );
        // Longest first: "North Korea" wins over a shorter phrase starting with "North".
        assert_eq!(
            g.longest_match(&["North", "Korea", "said"])
                .unwrap()
                .tokens
                .len(),
            2
        );
        assert!(g.is_first_name("Vladimir") && g.is_first_name("John") && !g.is_first_name("Kim"));
    }
}
