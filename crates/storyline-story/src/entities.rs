//! People, organisations and places named in the articles of a storyline, with their spellings
//! and references merged within and across articles.
//!
//! Found by rules and gazetteers, no model:
//! - capitalised phrases, with ordinary words that only start a sentence left out, initials
//!   ("Vladimir V. Putin"), hyphenated and Korean-style names ("Kim Jong-un"), particles ("bin",
//!   "de") and possessives ("Putin's" names Putin);
//! - titles and honorifics ("Mr.", "President", "Prime Minister", "leader", "spokesman"), given
//!   names, appositions (", a professor at"), speech verbs and East Asian family names mark people;
//! - organisation heads ("Ministry", "Agency", "Party", "News"), known organisations ("Reuters",
//!   "KCNA") and acronyms mark organisations; countries, cities, regions, their aliases ("N.
//!   Korea" = "DPRK") and demonyms ("North Korean", "Russian") come from the place gazetteer.
//!
//! Spellings of one name share a key ("Kim Jong-un" = "Kim Jong Un"; "Vladimir V. Putin" =
//! "Vladimir Putin"; "Ken" = "Kenneth"), different people sharing a family name stay apart (and
//! so do different middle initials: "George W." and "George H.W."), and a bare family name
//! ("Putin", "Mr. Kim") goes to the person of that name last named before it in the same article
//! (else the one named most there; across articles only when one person bears it, or holds nine
//! in ten of the full-name mentions with it). Whether a phrase of several words names a person
//! is voted over all its mentions, so one stray sign does not turn a ship or a company into one.
//! Cost is about linear in the text: hash maps throughout, nothing compares all mentions with
//! all others.

mod detect;
mod gazetteer;
pub(crate) mod lexicon;
mod names;
pub(crate) mod tokens;

use detect::{detect, Cand, CandKind, Vocab};
use gazetteer::GAZETTEER;
use names::{analyse, compatible, PersonName};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
}

/// A byte span of `docs[doc].text` naming an entity (titles and possessive endings left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Mention {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entity {
    /// The fullest common form ("Vladimir Putin"; a place's gazetteer name).
    pub name: String,
    pub kind: EntityKind,
    /// Other forms seen in the text, most frequent first.
    pub aliases: Vec<String>,
    /// Sorted by document, then position.
    pub mentions: Vec<Mention>,
    /// Ids of the documents that mention it, in document order.
    pub docs: Vec<String>,
}

impl Entity {
    /// Number of mentions in document `doc`.
    pub fn mentions_in(&self, doc: usize) -> usize {
        let a = self.mentions.partition_point(|m| m.doc < doc);
        let b = self.mentions.partition_point(|m| m.doc <= doc);
        b - a
    }
}

/// Finds the entities of `docs`, most mentioned first.
pub fn extract(docs: &[crate::Doc]) -> Vec<Entity> {
    let mut vocab = Vocab::default();
    for d in docs {
        vocab.add(&d.text);
    }
    let mut cands: Vec<Vec<Cand>> = docs.iter().map(|d| detect(&d.text, &vocab)).collect();
    for c in &mut cands {
        c.sort_by_key(|c| (c.start, c.end));
        c.dedup_by_key(|c| (c.start, c.end));
    }
    let mut b = Builder::default();
    b.build(docs, &cands, &vocab)
}

/// The entity (index into `entities`) a surface form denotes in document `doc`: a full name
/// ("Leif-Eric Easley", "Kim Jong-Un") or a bare or titled family name ("Easley", "Mr. Kim").
/// A family name goes to the person of that name mentioned most in `doc`, else to the only person
/// bearing it anywhere.
pub fn resolve_person(entities: &[Entity], doc: usize, surface: &str) -> Option<usize> {
    PersonIndex::new(entities).resolve(entities, doc, surface)
}

/// The entity with a mention covering (or inside) the byte span `start..end` of document `doc`,
/// people first.
pub fn mention_at(entities: &[Entity], doc: usize, start: usize, end: usize) -> Option<usize> {
    let mut best: Option<(usize, bool)> = None;
    for (i, e) in entities.iter().enumerate() {
        let a = e.mentions.partition_point(|m| m.doc < doc);
        for m in e.mentions[a..].iter().take_while(|m| m.doc == doc) {
            if m.start < end && start < m.end {
                let person = e.kind == EntityKind::Person;
                if best.map(|(_, p)| !p && person).unwrap_or(true) {
                    best = Some((i, person));
                }
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Lookup of people by the keys of their names and by their family names.
pub struct PersonIndex {
    by_key: HashMap<String, Vec<usize>>,
    by_surname: HashMap<String, Vec<usize>>,
}

impl PersonIndex {
    pub fn new(entities: &[Entity]) -> PersonIndex {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for form in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let Some(pn) = analyse_surface(form) else {
                    continue;
                };
                push_unique(by_key.entry(pn.key.clone()).or_default(), i);
                if !pn.is_single() {
                    for s in &pn.surnames {
                        push_unique(by_surname.entry(s.clone()).or_default(), i);
                    }
                }
            }
        }
        PersonIndex { by_key, by_surname }
    }

    pub fn resolve(&self, entities: &[Entity], doc: usize, surface: &str) -> Option<usize> {
        let pn = analyse_surface(surface)?;
        let pick = |cands: &[usize]| -> Option<usize> {
            let best = cands
                .iter()
                .map(|&i| (entities[i].mentions_in(doc), i))
                .filter(|(n, _)| *n > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((_, i)) => Some(i),
                None if cands.len() == 1 => Some(cands[0]),
                None => None,
            }
        };
        if !pn.is_single() {
            if let Some(c) = self.by_key.get(&pn.key) {
                return pick(c);
            }
            return None;
        }
        let mut cands: Vec<usize> = self.by_surname.get(&pn.key).cloned().unwrap_or_default();
        if let Some(solo) = self.by_key.get(&pn.key) {
            for &i in solo {
                push_unique(&mut cands, i);
            }
        }
        pick(&cands)
    }
}

fn push_unique(v: &mut Vec<usize>, i: usize) {
    if !v.contains(&i) {
        v.push(i);
    }
}

/// A name as written in running text or passed by a caller: honorifics, titles and a
/// possessive ending are dropped ("President Putin's" → "Putin").
fn analyse_surface(surface: &str) -> Option<PersonName> {
    let toks = tokens::tokenize(surface);
    let mut words: Vec<&str> = Vec::new();
    for t in &toks {
        match t.kind {
            tokens::TokKind::Possessive => break,
            tokens::TokKind::Punct => {
                if !words.is_empty() {
                    break;
                }
            }
            tokens::TokKind::Word => {
                let w = t.text(surface);
                let lower = w.chars().next().map(|c| c.is_lowercase()).unwrap_or(true);
                if words.is_empty()
                    && (lower
                        || lexicon::HONORIFICS.contains(w)
                        || lexicon::TITLE_HEADS.contains(w)
                        || lexicon::TITLE_MODIFIERS.contains(w)
                        || lexicon::STOP_WORDS.contains(w)
                        || GAZETTEER.exact(&[w]).is_some())
                {
                    continue;
                }
                if lower && !lexicon::NAME_PARTICLES.contains(w) {
                    break;
                }
                words.push(w);
            }
        }
    }
    analyse(&words)
}

// ---------------------------------------------------------------------------------------------
// Building the entities.

#[derive(Debug, Default)]
struct Cluster {
    kind: Option<EntityKind>,
    gaz: Option<usize>,
    /// Surface form → (count, first place seen).
    forms: HashMap<String, (u32, (usize, usize))>,
    mentions: Vec<Mention>,
}

#[derive(Debug, Default)]
struct Builder {
    clusters: Vec<Cluster>,
    parent: Vec<usize>,
    person_keys: HashMap<String, usize>,
    /// Parsed full names by cluster (first seen form), for variant merging.
    person_names: HashMap<usize, Vec<PersonName>>,
    solo_keys: HashMap<String, usize>,
    org_keys: HashMap<String, usize>,
    place_keys: HashMap<String, usize>,
    gaz_keys: HashMap<usize, usize>,
    /// Full-name mentions of each person (by root cluster), for telling who bears a family name.
    full_count: HashMap<usize, usize>,
}

/// A full-name mention, for resolving bare family names by recency.
#[derive(Debug, Clone, Copy)]
struct FullMention {
    start: usize,
    cluster: usize,
}

impl Builder {
    fn new_cluster(&mut self, kind: EntityKind) -> usize {
        self.clusters.push(Cluster {
            kind: Some(kind),
            ..Default::default()
        });
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[gone] = keep;
        }
    }

    fn add(&mut self, cluster: usize, doc: usize, text: &str, c: &Cand) {
        let cl = &mut self.clusters[cluster];
        cl.mentions.push(Mention {
            doc,
            start: c.start,
            end: c.end,
        });
        let f = cl
            .forms
            .entry(text[c.start..c.end].to_string())
            .or_insert((0, (doc, c.start)));
        f.0 += 1;
        f.1 = f.1.min((doc, c.start));
    }

    fn keyed(&mut self, map: Map, key: String, kind: EntityKind) -> usize {
        let existing = match map {
            Map::Person => self.person_keys.get(&key),
            Map::Solo => self.solo_keys.get(&key),
            Map::Org => self.org_keys.get(&key),
            Map::Place => self.place_keys.get(&key),
        }
        .copied();
        if let Some(c) = existing {
            return c;
        }
        let c = self.new_cluster(kind);
        match map {
            Map::Person => self.person_keys.insert(key, c),
            Map::Solo => self.solo_keys.insert(key, c),
            Map::Org => self.org_keys.insert(key, c),
            Map::Place => self.place_keys.insert(key, c),
        };
        c
    }

    fn gaz_cluster(&mut self, entry: usize) -> usize {
        if let Some(&c) = self.gaz_keys.get(&entry) {
            return c;
        }
        let kind = GAZETTEER.entries[entry].kind;
        let c = self.new_cluster(kind);
        self.clusters[c].gaz = Some(entry);
        self.gaz_keys.insert(entry, c);
        c
    }

    fn build(&mut self, docs: &[crate::Doc], cands: &[Vec<Cand>], vocab: &Vocab) -> Vec<Entity> {
        // Pass 1a: does a capitalised phrase of several words name a person? Votes over all its
        // mentions: one strong sign (a title, a given name, an apposition) per twenty mentions,
        // or weak signs (a speech verb) in a fifth of them.
        let mut tally: HashMap<String, (u32, u32, u32)> = HashMap::new(); // (strong, weak, all)
        let mut titled_singles: std::collections::HashSet<String> =
            std::collections::HashSet::new();
        for (d, list) in cands.iter().enumerate() {
            for c in list {
                if c.gaz.is_some()
                    || c.weak
                    || !matches!(c.kind, CandKind::Person | CandKind::Unknown)
                {
                    continue;
                }
                let words = c.word_texts(&docs[d].text);
                if words.len() < 2 {
                    // "Mr. Klitschko": a family name that somewhere stands with a title.
                    if words.len() == 1 && (c.titled || c.person_ev >= 2) {
                        titled_singles.insert(tokens::fold(words[0]));
                    }
                    continue;
                }
                if let Some(pn) = analyse(&words).filter(|p| !p.is_single() && !p.initial_first()) {
                    let t = tally.entry(pn.key).or_insert((0, 0, 0));
                    match c.person_ev {
                        0 => {}
                        1 => t.1 += 1,
                        _ => t.0 += 1,
                    }
                    t.2 += 1;
                }
            }
        }
        let is_person = |key: &str| {
            let voted = tally
                .get(key)
                .map(|&(strong, weak, all)| {
                    (strong >= 1 && strong * 20 >= all) || (weak >= 2 && weak * 5 >= all)
                })
                .unwrap_or(false);
            // "Wladimir Klitschko" where "Mr. Klitschko" is written too.
            voted
                || key
                    .rsplit(' ')
                    .next()
                    .map(|last| titled_singles.contains(last))
                    .unwrap_or(false)
        };

        // Pass 1b: places and organisations, and people written with a full name.
        let mut deferred: Vec<(usize, usize)> = Vec::new();
        let mut full: Vec<Vec<(usize, usize)>> = vec![Vec::new(); docs.len()]; // (cand, cluster)
        for (d, list) in cands.iter().enumerate() {
            let text = &docs[d].text;
            for (ci, c) in list.iter().enumerate() {
                if let Some(entry) = c.gaz {
                    let cl = self.gaz_cluster(entry);
                    self.add(cl, d, text, c);
                    continue;
                }
                let words = c.word_texts(text);
                match c.kind {
                    CandKind::Org if !c.weak => {
                        let cl = self.keyed(Map::Org, org_key(&words), EntityKind::Organisation);
                        self.add(cl, d, text, c);
                    }
                    CandKind::Place if !c.weak => {
                        let cl = self.keyed(Map::Place, org_key(&words), EntityKind::Place);
                        self.add(cl, d, text, c);
                    }
                    CandKind::Person | CandKind::Unknown if !c.weak && words.len() >= 2 => {
                        match analyse(&words) {
                            Some(pn)
                                if !pn.is_single() && !pn.initial_first() && is_person(&pn.key) =>
                            {
                                let cl =
                                    self.keyed(Map::Person, person_key(&pn), EntityKind::Person);
                                self.person_names.entry(cl).or_default().push(pn);
                                self.add(cl, d, text, c);
                                full[d].push((ci, cl));
                            }
                            _ => deferred.push((d, ci)),
                        }
                    }
                    _ => deferred.push((d, ci)),
                }
            }
        }

        // Pass 2: spellings of one person with more or fewer middle names or initials.
        self.merge_person_variants();

        // Family-name indexes: per document (with positions) and global.
        let mut global_surname: HashMap<String, Vec<usize>> = HashMap::new();
        let mut doc_surname: Vec<HashMap<String, Vec<FullMention>>> =
            vec![HashMap::new(); docs.len()];
        for (d, list) in full.iter().enumerate() {
            for &(ci, cl) in list {
                let c = &cands[d][ci];
                let words = c.word_texts(&docs[d].text);
                let Some(pn) = analyse(&words) else { continue };
                let root = self.find(cl);
                for s in pn.surnames {
                    doc_surname[d]
                        .entry(s.clone())
                        .or_default()
                        .push(FullMention {
                            start: c.start,
                            cluster: root,
                        });
                    let g = global_surname.entry(s).or_default();
                    if !g.contains(&root) {
                        g.push(root);
                    }
                }
            }
        }
        for list in &full {
            for &(_, cl) in list {
                let r = self.find(cl);
                *self.full_count.entry(r).or_insert(0) += 1;
            }
        }
        // Several keys may have merged into one person: count roots, not keys.
        for v in global_surname.values_mut() {
            let mut roots: Vec<usize> = v.iter().map(|&c| self.find(c)).collect();
            roots.sort_unstable();
            roots.dedup();
            *v = roots;
        }

        // Pass 3: everything else, in text order within each document.
        for &(d, ci) in &deferred {
            let text = &docs[d].text;
            let c = &cands[d][ci];
            let words = c.word_texts(text);
            if words.len() >= 2 {
                self.resolve_multi(d, text, c, &words, &doc_surname[d], &global_surname, vocab);
            } else if let Some(cl) =
                self.resolve_single(words[0], c, &doc_surname[d], &global_surname, vocab)
            {
                self.add(cl, d, text, c);
            }
        }

        self.merge_acronyms();
        self.finish(docs)
    }

    /// "KCNA" and "Korean Central News Agency" in one storyline: one organisation, when the
    /// initials point to just one.
    fn merge_acronyms(&mut self) {
        let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
        let keys: Vec<(String, usize)> =
            self.org_keys.iter().map(|(k, &c)| (k.clone(), c)).collect();
        for (k, c) in &keys {
            let words: Vec<&str> = k.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            let initials: String = words
                .iter()
                .filter(|w| !matches!(**w, "of" | "the" | "and" | "for" | "on" | "de" | "&"))
                .filter_map(|w| w.chars().next())
                .collect();
            if initials.chars().count() >= 2 {
                by_initials.entry(initials).or_default().push(*c);
            }
        }
        let mut unions = Vec::new();
        for (k, c) in &keys {
            if k.contains(' ') {
                continue;
            }
            if let Some(v) = by_initials.get(k) {
                let mut roots: Vec<usize> = v.iter().map(|&x| self.find(x)).collect();
                roots.sort_unstable();
                roots.dedup();
                // Only when both are written in one article at least ("… News Agency (KCNA)").
                if roots.len() == 1 && self.share_a_doc(*c, v) {
                    unions.push((*c, roots[0]));
                }
            }
        }
        for (a, b) in unions {
            self.union(a, b);
        }
    }

    fn merge_person_variants(&mut self) {
        // "Vladimir Putin" and "Vladimir V. Putin": one person when only one set of middle
        // initials goes with the name ("George Bush" stays apart from "George W." and "George H.W.").
        let mut by_plain: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (k, &cl) in &self.person_keys {
            let (plain, middle) = k.split_once('|').unwrap_or((k.as_str(), ""));
            by_plain
                .entry(plain.to_string())
                .or_default()
                .push((cl, middle.to_string()));
        }
        let mut unions = Vec::new();
        for list in by_plain.values() {
            let plain: Vec<usize> = list
                .iter()
                .filter(|(_, m)| m.is_empty())
                .map(|(c, _)| *c)
                .collect();
            let variants: Vec<usize> = list
                .iter()
                .filter(|(_, m)| !m.is_empty())
                .map(|(c, _)| *c)
                .collect();
            if variants.len() == 1 {
                for &p in &plain {
                    unions.push((p, variants[0]));
                }
            }
        }
        for (a, b) in unions {
            self.union(a, b);
        }
        // "Ken Feinberg" and "Kenneth Feinberg": a short given name and its full form.
        let mut by_nick: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (k, &cl) in &self.person_keys {
            let (plain, middle) = k.split_once('|').unwrap_or((k.as_str(), ""));
            let Some((first, rest)) = plain.split_once(' ') else {
                continue;
            };
            let full = lexicon::NICKNAMES.get(first).copied().unwrap_or(first);
            by_nick
                .entry(format!("{full} {rest}"))
                .or_default()
                .push((cl, middle.to_string()));
        }
        let mut unions = Vec::new();
        for list in by_nick.values() {
            let mut middles: Vec<&str> = list
                .iter()
                .map(|(_, m)| m.as_str())
                .filter(|m| !m.is_empty())
                .collect();
            middles.sort_unstable();
            middles.dedup();
            if list.len() > 1 && middles.len() <= 1 {
                for w in list.windows(2) {
                    unions.push((w[0].0, w[1].0));
                }
            }
        }
        for (a, b) in unions {
            self.union(a, b);
        }
        // Group full names by the last part (family name last) and compare within the group.
        let mut by_last: HashMap<String, Vec<(usize, PersonName)>> = HashMap::new();
        let mut pairs: Vec<(usize, PersonName)> = Vec::new();
        for (&cl, names) in &self.person_names {
            if let Some(pn) = names.first() {
                pairs.push((cl, pn.clone()));
            }
        }
        pairs.sort_by_key(|(cl, _)| *cl);
        for (cl, pn) in pairs {
            if pn.family_first {
                continue;
            }
            if let Some(last) = pn.parts.last() {
                by_last.entry(last.clone()).or_default().push((cl, pn));
            }
        }
        let mut unions = Vec::new();
        for group in by_last.values() {
            if group.len() < 2 {
                continue;
            }
            for (i, (cl, pn)) in group.iter().enumerate() {
                // A form with extra middle names joins the one plain form it extends.
                if pn.parts.len() < 3 {
                    continue;
                }
                let matches: Vec<usize> = group
                    .iter()
                    .enumerate()
                    .filter(|(j, (_, other))| {
                        *j != i
                            && other.parts.len() < pn.parts.len()
                            && other.key != pn.key
                            && other.middle.is_empty()
                            && compatible(other, pn)
                    })
                    .map(|(_, (c, _))| *c)
                    .collect();
                if matches.len() == 1 {
                    unions.push((*cl, matches[0]));
                }
            }
        }
        for (a, b) in unions {
            self.union(a, b);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_multi(
        &mut self,
        d: usize,
        text: &str,
        c: &Cand,
        words: &[&str],
        doc_surname: &HashMap<String, Vec<FullMention>>,
        global: &HashMap<String, Vec<usize>>,
        vocab: &Vocab,
    ) {
        // A full name written elsewhere ("Vladimir Putin" in a headline) or with an initial first.
        if let Some(pn) = analyse(words) {
            if let Some(&cl) = self.person_keys.get(&person_key(&pn)) {
                self.add(cl, d, text, c);
                return;
            }
            if pn.initial_first() && !c.weak {
                let last = pn.parts.last().cloned().unwrap_or_default();
                let found: Vec<usize> = self
                    .person_names
                    .iter()
                    .filter(|(_, names)| {
                        names
                            .iter()
                            .any(|n| n.parts.last() == Some(&last) && compatible(&pn, n))
                    })
                    .map(|(&cl, _)| cl)
                    .collect();
                let mut roots: Vec<usize> = found.into_iter().map(|cl| self.find(cl)).collect();
                roots.sort_unstable();
                roots.dedup();
                if roots.len() == 1 {
                    self.add(roots[0], d, text, c);
                    return;
                }
            }
        }
        if !c.weak && c.kind == CandKind::Person && c.person_ev >= 2 {
            if let Some(pn) = analyse(words).filter(|p| p.initial_first()) {
                let cl = self.keyed(Map::Person, person_key(&pn), EntityKind::Person);
                self.person_names.entry(cl).or_default().push(pn);
                self.add(cl, d, text, c);
                return;
            }
        }
        if !c.weak {
            let key = org_key(words);
            if let Some(&cl) = self.org_keys.get(&key) {
                self.add(cl, d, text, c);
                return;
            }
            // Nothing tells what it is: most such phrases name organisations or publications.
            let cl = self.keyed(Map::Org, key, EntityKind::Organisation);
            self.add(cl, d, text, c);
            return;
        }
        // Headline: the longest known names inside it.
        let mut i = 0;
        while i < c.words.len() {
            let mut matched = 0;
            for len in (2..=4.min(c.words.len() - i)).rev() {
                let ws = &words[i..i + len];
                if let Some(pn) = analyse(ws) {
                    if let Some(&cl) = self.person_keys.get(&person_key(&pn)) {
                        let sub = sub_cand(c, i, i + len);
                        self.add(cl, d, text, &sub);
                        matched = len;
                        break;
                    }
                }
            }
            if matched == 0 {
                let sub = sub_cand(c, i, i + 1);
                if let Some(cl) = self.resolve_single(words[i], &sub, doc_surname, global, vocab) {
                    self.add(cl, d, text, &sub);
                }
                matched = 1;
            }
            i += matched;
        }
    }

    /// A one-word name: a family name of someone named in full (here before, here at all, or
    /// anywhere when only one person bears it), someone only ever called by one name, or nothing.
    fn resolve_single(
        &mut self,
        word: &str,
        c: &Cand,
        doc_surname: &HashMap<String, Vec<FullMention>>,
        global: &HashMap<String, Vec<usize>>,
        vocab: &Vocab,
    ) -> Option<usize> {
        if lexicon::STOP_WORDS.contains(word)
            || (!c.titled && lexicon::LONE_STOP_WORDS.contains(word))
        {
            return None;
        }
        let key = tokens::fold(word).replace('-', " ");
        if let Some(cl) = self.by_surname(&key, c.start, doc_surname, global) {
            return Some(cl);
        }
        if c.kind == CandKind::Org && !c.weak {
            let k = org_key(&[word]);
            let cl = self.keyed(Map::Org, k, EntityKind::Organisation);
            return Some(cl);
        }
        if let Some(&cl) = self.solo_keys.get(&key) {
            return Some(cl);
        }
        if (c.person_ev >= 2 || c.titled) && !c.weak {
            return Some(self.keyed(Map::Solo, key, EntityKind::Person));
        }
        // "Putins", "Russias": a possessive that lost its apostrophe.
        if let Some(stem) = word.strip_suffix('s') {
            if stem.chars().count() >= 3 && !vocab.is_common(word) {
                if let Some(p) = GAZETTEER.exact(&[stem]) {
                    if !p.demonym {
                        return Some(self.gaz_cluster(p.entry));
                    }
                }
                let k = tokens::fold(stem);
                if let Some(cl) = self.by_surname(&k, c.start, doc_surname, global) {
                    return Some(cl);
                }
            }
        }
        None
    }

    fn by_surname(
        &mut self,
        key: &str,
        pos: usize,
        doc_surname: &HashMap<String, Vec<FullMention>>,
        global: &HashMap<String, Vec<usize>>,
    ) -> Option<usize> {
        if let Some(list) = doc_surname.get(key) {
            // The person of that name named last before this point.
            let before = list
                .iter()
                .filter(|m| m.start < pos)
                .max_by_key(|m| m.start);
            if let Some(m) = before {
                return Some(self.find(m.cluster));
            }
            // Else the one named most in this article.
            let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
            for m in list {
                let r = self.find(m.cluster);
                let e = counts.entry(r).or_insert((0, m.start));
                e.0 += 1;
            }
            return counts
                .into_iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(r, _)| r);
        }
        match global.get(key) {
            Some(v) if v.len() == 1 => Some(self.find(v[0])),
            Some(v) => {
                // Practically unambiguous: one bearer holds nine in ten full-name mentions.
                let counts: Vec<(usize, usize)> = v
                    .iter()
                    .map(|&c| (self.full_count.get(&c).copied().unwrap_or(0), c))
                    .collect();
                let total: usize = counts.iter().map(|c| c.0).sum();
                let best = counts.iter().max()?;
                if total > 0 && best.0 * 10 >= total * 9 {
                    Some(self.find(best.1))
                } else {
                    None
                }
            }
            None => None,
        }
    }

    fn share_a_doc(&self, a: usize, others: &[usize]) -> bool {
        let docs: std::collections::HashSet<usize> =
            self.clusters[a].mentions.iter().map(|m| m.doc).collect();
        others.iter().any(|&o| {
            self.clusters[o]
                .mentions
                .iter()
                .any(|m| docs.contains(&m.doc))
        })
    }

    fn finish(&mut self, docs: &[crate::Doc]) -> Vec<Entity> {
        let n = self.clusters.len();
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let r = self.find(i);
            groups.entry(r).or_default().push(i);
        }
        let mut out = Vec::with_capacity(groups.len());
        for (_, members) in groups {
            let mut forms: HashMap<String, (u32, (usize, usize))> = HashMap::new();
            let mut mentions = Vec::new();
            let mut kind = None;
            let mut gaz = None;
            for &m in &members {
                let cl = std::mem::take(&mut self.clusters[m]);
                if kind.is_none() || cl.gaz.is_some() {
                    kind = cl.kind.or(kind);
                }
                gaz = gaz.or(cl.gaz);
                for (f, (c, first)) in cl.forms {
                    let e = forms.entry(f).or_insert((0, first));
                    e.0 += c;
                    e.1 = e.1.min(first);
                }
                mentions.extend(cl.mentions);
            }
            if mentions.is_empty() {
                continue;
            }
            let kind = kind.unwrap_or(EntityKind::Organisation);
            mentions.sort();
            mentions.dedup();
            let mut ranked: Vec<(String, u32, (usize, usize))> =
                forms.into_iter().map(|(f, (c, p))| (f, c, p)).collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            let name = match gaz {
                Some(entry) => GAZETTEER.entries[entry].name.clone(),
                None => canonical(kind, &ranked),
            };
            let aliases: Vec<String> = ranked
                .into_iter()
                .map(|(f, _, _)| f)
                .filter(|f| *f != name)
                .collect();
            let mut doc_idx: Vec<usize> = mentions.iter().map(|m| m.doc).collect();
            doc_idx.dedup();
            let ids = doc_idx.into_iter().map(|d| docs[d].id.clone()).collect();
            out.push(Entity {
                name,
                kind,
                aliases,
                mentions,
                docs: ids,
            });
        }
        out.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        out
    }
}

#[derive(Clone, Copy)]
enum Map {
    Person,
    Solo,
    Org,
    Place,
}

/// The fullest common form: for people the form with most words written out, then the fewest
/// initials ("Vladimir Putin" over "Vladimir V. Putin"); for other things the most words; then
/// the most frequent, then the first seen. `ranked` is most frequent first, then first seen.
fn canonical(kind: EntityKind, ranked: &[(String, u32, (usize, usize))]) -> String {
    let score = |f: &str| -> (usize, i64) {
        match kind {
            EntityKind::Person => analyse_surface(f)
                .map(|p| {
                    (
                        p.fullness,
                        -(p.initials.iter().filter(|i| **i).count() as i64),
                    )
                })
                .unwrap_or((0, 0)),
            _ => (
                f.split_whitespace()
                    .filter(|w| *w != "The" && *w != "the")
                    .count(),
                0,
            ),
        }
    };
    // Common: seen at least a quarter as often as the most frequent form of several words.
    let top = ranked
        .iter()
        .filter(|f| f.0.contains(' '))
        .map(|f| f.1)
        .max()
        .unwrap_or(0);
    ranked
        .iter()
        .enumerate()
        .filter(|(_, f)| f.1 * 4 >= top)
        .max_by(|(ia, a), (ib, b)| {
            score(&a.0)
                .cmp(&score(&b.0))
                .then(a.1.cmp(&b.1))
                .then(ib.cmp(ia))
        })
        .map(|(_, (f, _, _))| {
            let f = f
                .strip_prefix("The ")
                .filter(|_| kind != EntityKind::Person)
                .unwrap_or(f);
            f.to_string()
        })
        .unwrap_or_default()
}

/// Key of a person's cluster: the name's key, with middle initials when written.
fn person_key(pn: &PersonName) -> String {
    if pn.middle.is_empty() {
        pn.key.clone()
    } else {
        format!("{}|{}", pn.key, pn.middle)
    }
}

/// Key of an organisation or unlisted place: folded words without a leading "the" or periods.
fn org_key(words: &[&str]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i == 0 && (*w == "The" || *w == "the") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&tokens::fold(w).replace('.', ""));
    }
    out
}

/// The part of a candidate covering its words `a..b`.
fn sub_cand(c: &Cand, a: usize, b: usize) -> Cand {
    Cand {
        start: c.words[a].0,
        end: c.words[b - 1].1,
        words: c.words[a..b].to_vec(),
        ..c.clone()
    }
}

#[cfg(test)]
mod tests;
