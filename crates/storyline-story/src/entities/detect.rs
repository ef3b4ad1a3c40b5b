//! Finding candidate names in one text: capitalised phrases, split and labelled by titles,
//! gazetteer entries, organisation and place heads, and the words around them.

use super::gazetteer::{norm, Gazetteer, GAZETTEER};
use super::lexicon::*;
use super::names::is_family_first;
use super::tokens::{tokenize, TokKind, Token};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandKind {
    Person,
    Org,
    Place,
    /// A capitalised phrase with no evidence either way.
    Unknown,
}

/// A candidate mention: a byte span of the text with what the rules could tell about it.
#[derive(Debug, Clone)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    /// Token texts of the name's words (possessive endings inside gazetteer phrases kept).
    pub words: Vec<(usize, usize)>,
    pub kind: CandKind,
    /// Gazetteer entry, for places and known organisations.
    pub gaz: Option<usize>,
    /// 0 none, 1 some (a speech verb, "Putin's aide"), 2 strong (a title, a given name, an apposition).
    pub person_ev: u8,
    /// From a headline-like line: only kept when it names something known from elsewhere.
    pub weak: bool,
    /// Preceded by a title or honorific ("Mr. Kim", "President Putin").
    pub titled: bool,
}

impl Cand {
    pub fn word_texts<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.words.iter().map(|&(s, e)| &text[s..e]).collect()
    }
}

/// How often each word is seen in lower case and with a capital in the texts at hand: a
/// capitalised word that is more often written in lower case ("Scores", "Health") is an ordinary
/// word, not a name.
#[derive(Debug, Default)]
pub struct Vocab<'a> {
    lower: HashMap<&'a str, u32>,
    capital: HashMap<String, u32>,
}

impl<'a> Vocab<'a> {
    pub fn add(&mut self, text: &'a str) {
        for t in tokenize(text) {
            if t.kind != TokKind::Word {
                continue;
            }
            let w = t.text(text);
            match w.chars().next() {
                Some(c) if c.is_lowercase() => *self.lower.entry(w).or_insert(0) += 1,
                Some(c) if c.is_uppercase() => {
                    *self.capital.entry(w.to_lowercase()).or_insert(0) += 1
                }
                _ => {}
            }
        }
    }

    pub fn is_common(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let l = self.lower.get(lower.as_str()).copied().unwrap_or(0);
        let c = self.capital.get(&lower).copied().unwrap_or(0);
        l > 0 && l >= c
    }
}

/// First words of named events and vessels (storms, military operations, ships).
const EVENT_WORDS: &[&str] = &[
    "MV",
    "MS",
    "MT",
    "HMS",
    "USS",
    "INS",
    "RMS",
    "SS",
    "USNS",
    "HMAS",
    "HMCS",
    "Hurricane",
    "Tropical",
    "Storm",
    "Typhoon",
    "Cyclone",
    "Operation",
    "Superstorm",
    "Tropical-Storm",
];

/// Role words that are as often adjectives or modifiers ("official Korean Central News Agency"):
/// no evidence when they stand before a name.
const ADJECTIVAL_ROLES: &[&str] = &[
    "official",
    "general",
    "executive",
    "star",
    "host",
    "member",
    "veteran",
    "resident",
    "incumbent",
    "agent",
    "champion",
    "rival",
    "head",
    "owner",
    "worker",
    "employee",
    "partner",
    "founder",
    "chief",
    "manager",
    "operator",
    "player",
    "producer",
    "leader",
    "representative",
];

const MID_PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "della", "der", "den", "van", "von",
    "du", "dos", "das", "ter", "zu",
];

/// Finds the candidate mentions of one text.
pub fn detect(text: &str, vocab: &Vocab) -> Vec<Cand> {
    let toks = tokenize(text);
    let forms = caps_forms(text, &toks, &GAZETTEER);
    let mut d = Detector {
        text,
        toks: &toks,
        forms: &forms,
        vocab,
        gaz: &GAZETTEER,
        out: Vec::new(),
    };
    let mut line_start = 0;
    for i in 1..=toks.len() {
        if i == toks.len() || toks[i].line_start {
            d.line(line_start, i);
            line_start = i;
        }
    }
    d.out
}

struct Detector<'t, 'v> {
    text: &'t str,
    toks: &'t [Token],
    /// Title-case forms of words written in capitals ("WASHINGTON" → "Washington").
    forms: &'t [Option<String>],
    vocab: &'v Vocab<'v>,
    gaz: &'static Gazetteer,
    out: Vec<Cand>,
}

impl<'t, 'v> Detector<'t, 'v> {
    fn w(&self, i: usize) -> &'t str {
        match &self.forms[i] {
            Some(f) => f.as_str(),
            None => self.toks[i].text(self.text),
        }
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == TokKind::Word
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .w(i)
                .chars()
                .next()
                .map(|c| c.is_lowercase())
                .unwrap_or(false)
    }

    /// A word starting with a capital (names, but also "G7").
    fn cap_word(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .w(i)
                .chars()
                .next()
                .map(|c| c.is_uppercase())
                .unwrap_or(false)
    }

    fn words_from(&self, a: usize, b: usize) -> Vec<&'t str> {
        (a..b).map(|i| self.w(i)).collect()
    }

    /// A capitalised word that can be part of a name.
    fn nameish(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let w = self.w(i);
        let mut chars = w.chars();
        let first = chars.next().unwrap_or(' ');
        let cap = if first.is_uppercase() {
            true
        } else {
            // "al-Assad", "el-Sisi"
            (w.starts_with("al-") || w.starts_with("el-"))
                && w[3..]
                    .chars()
                    .next()
                    .map(|c| c.is_uppercase())
                    .unwrap_or(false)
        };
        if !cap || w.chars().any(|c| c.is_ascii_digit()) || CAPS_NOISE.contains(w) {
            return false;
        }
        // Single capital letters without a period ("S E O U L") are no names.
        if w.chars().count() == 1 {
            return false;
        }
        if glued(w) || compound_adjective(w, self.gaz) {
            return false;
        }
        // "Exhibit A. The rig": a capital letter and a period before a sentence opener.
        if w.len() == 2
            && w.ends_with('.')
            && i + 1 < self.toks.len()
            && STOP_WORDS.contains(self.w(i + 1))
        {
            return false;
        }
        true
    }

    fn sentence_initial(&self, i: usize) -> bool {
        let mut j = i;
        loop {
            if self.toks[j].line_start || j == 0 {
                return true;
            }
            j -= 1;
            let t = self.toks[j];
            if t.kind == TokKind::Word {
                return false;
            }
            let p = t.text(self.text);
            match p {
                "." | "!" | "?" | ":" | ";" | "--" | "—" | "–" | "•" | "|" => return true,
                "\"" | "“" | "‘" | "``" | "(" | "[" | "'" | "”" | "''" | "’" | "-" => {
                    continue
                }
                _ => return false,
            }
        }
    }

    /// Headline-like lines (title case, no closing punctuation) yield only weak candidates.
    fn headline_like(&self, a: usize, b: usize) -> bool {
        let last = self.w(b - 1);
        if matches!(last, "." | "!" | "?" | "\"" | "”" | "''" | ":" | ")") && b - a > 3 {
            return false;
        }
        let mut long = 0;
        let mut cap = 0;
        let mut words = 0;
        for i in a..b {
            if !self.is_word(i) {
                continue;
            }
            words += 1;
            let w = self.w(i);
            if w.chars().count() >= 4 || w.chars().all(|c| c.is_uppercase()) {
                long += 1;
                if w.chars().next().map(|c| c.is_uppercase()).unwrap_or(false) {
                    cap += 1;
                }
            }
        }
        words >= 2 && long > 0 && cap * 4 >= long * 3
    }

    fn line(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let weak = self.headline_like(a, b);
        let first_new = self.out.len();
        let mut i = a;
        while i < b {
            let starts = self.nameish(i) || (self.cap_word(i) && self.gaz_at(i, b).is_some());
            if !starts {
                // Hyphenated adjectives: "US-led", "Russian-made" name the place in their first half.
                if self.is_word(i) {
                    self.compound_prefix(i);
                }
                i += 1;
                continue;
            }
            let end = self.run_end(i, b);
            self.run(i, end);
            i = end.max(i + 1);
        }
        if weak {
            for c in &mut self.out[first_new..] {
                if c.gaz.is_none() {
                    c.weak = true;
                }
            }
        }
    }

    fn gaz_at(&self, i: usize, b: usize) -> Option<usize> {
        if !self.is_word(i) {
            return None;
        }
        let end = (i + 8).min(b);
        let ws = self.words_from(i, end);
        self.gaz.longest_match(&ws).map(|p| p.tokens.len())
    }

    fn compound_prefix(&mut self, i: usize) {
        let w = self.w(i);
        if let Some((pre, _)) = w.split_once('-') {
            if pre
                .chars()
                .next()
                .map(|c| c.is_uppercase())
                .unwrap_or(false)
            {
                if let Some(p) = self.gaz.exact(&[pre]) {
                    let start = self.toks[i].start;
                    self.out.push(Cand {
                        start,
                        end: start + pre.len(),
                        words: vec![(start, start + pre.len())],
                        kind: kind_of_gaz(self.gaz, p.entry),
                        gaz: Some(p.entry),
                        person_ev: 0,
                        weak: false,
                        titled: false,
                    });
                }
            }
        }
    }

    /// End (exclusive) of the capitalised run starting at `a`.
    fn run_end(&self, a: usize, b: usize) -> usize {
        let mut j = a;
        let mut after_of = false;
        while j < b {
            if let Some(n) = self.gaz_at(j, b) {
                if self.cap_word(j) {
                    j += n;
                    continue;
                }
            }
            if self.nameish(j) {
                j += 1;
                continue;
            }
            if j == a || (self.toks[j].kind != TokKind::Word && self.w(j) != "&") {
                break;
            }
            let w = self.w(j);
            // "Osama bin Laden", "Ursula von der Leyen"
            if MID_PARTICLES.contains(&w) {
                let mut k = j;
                while k < b && MID_PARTICLES.contains(&self.w(k)) && self.is_word(k) {
                    k += 1;
                }
                if k < b && self.nameish(k) && k - j <= 2 {
                    j = k;
                    continue;
                }
                break;
            }
            // "Ministry of Foreign Affairs", "Secretary of State", "Ministry of Trade and Industry"
            // Connectors join only right after a head ("Ministry of", "Secretary of").
            let pw = self.w(j - 1);
            let has_head =
                ORG_HEADS.contains(pw) || TITLE_HEADS.contains(pw) || PLACE_HEADS.contains(pw);
            let and_org = (w == "and" || w == "&") && {
                // "National Oceanic and Atmospheric Administration": "and" inside an organisation.
                let mut k = j + 1;
                while k < b && self.nameish(k) {
                    k += 1;
                }
                k > j + 1 && ORG_HEADS.contains(self.w(k - 1))
            };
            let connector = (matches!(w, "of" | "for" | "on") && has_head)
                || (w == "and" && after_of)
                || and_org;
            if connector {
                let mut k = j + 1;
                if k < b && self.w(k) == "the" && w != "and" {
                    k += 1;
                }
                if k < b && self.nameish(k) {
                    if w == "of" || w == "for" {
                        after_of = true;
                    }
                    j = k;
                    continue;
                }
            }
            break;
        }
        j
    }

    fn run(&mut self, a: usize, b: usize) {
        let run_end = b;
        // Strip function words, and ordinary words that only start a sentence.
        let mut s = a;
        while s < b {
            if self.cap_word(s) && self.gaz_at(s, b).is_some() {
                break;
            }
            let w = self.w(s);
            let strip = !self.is_word(s)
                || self.is_lower_word(s)
                || STOP_WORDS.contains(w)
                || (s == a
                    && self.sentence_initial(s)
                    && self.vocab.is_common(w)
                    && !self.gaz.is_first_name(w)
                    && !HONORIFICS.contains(w)
                    && !TITLE_HEADS.contains(w)
                    && !EAST_ASIAN_SURNAMES.contains(w));
            if !strip {
                break;
            }
            s += 1;
        }
        // A gazetteer phrase covering the whole run ("Group of Eight") keeps its last word.
        if let Some(len) = self.gaz_at(s, b) {
            if s + len == b && self.cap_word(s) {
                let ws = self.words_from(s, b);
                if let Some(entry) = self.gaz.exact(&ws).map(|p| p.entry) {
                    self.push_gaz(s, b, entry);
                    return;
                }
            }
        }
        let mut e = b;
        while e > s
            && (!self.is_word(e - 1)
                || self.is_lower_word(e - 1)
                || STOP_WORDS.contains(self.w(e - 1)))
        {
            if self.cap_word(e - 1) && self.gaz_at(e - 1, b).is_some() {
                break;
            }
            e -= 1;
        }
        if s >= e {
            return;
        }
        let ws = self.words_from(s, e);
        if let Some(p) = self.gaz.exact(&ws) {
            let entry = p.entry;
            self.push_gaz(s, e, entry);
            return;
        }
        let last = ws[ws.len() - 1];
        let first = ws[0];
        let n = e - s;
        if n >= 2 && ORG_HEADS.contains(last) {
            let s2 = if first == "The" { s + 1 } else { s };
            self.push(s2, e, CandKind::Org, 0, false);
            return;
        }
        // "Ministry of Rural Affairs", "Bank of Korea", "Gulf of Aden": a head followed by "of".
        if n >= 3 {
            let head_of = (s..e - 1).find(|&k| {
                matches!(self.w(k + 1), "of" | "for")
                    && (ORG_HEADS.contains(self.w(k)) || PLACE_HEADS.contains(self.w(k)))
            });
            if let Some(k) = head_of {
                let titled_before = (s..k)
                    .any(|j| TITLE_HEADS.contains(self.w(j)) || HONORIFICS.contains(self.w(j)));
                if !titled_before {
                    let kind = if ORG_HEADS.contains(self.w(k)) {
                        CandKind::Org
                    } else {
                        CandKind::Place
                    };
                    let s2 = if first == "The" { s + 1 } else { s };
                    self.push(s2, e, kind, 0, false);
                    return;
                }
            }
        }
        let strong_head = matches!(
            last,
            "City"
                | "County"
                | "Province"
                | "Prefecture"
                | "Island"
                | "Islands"
                | "River"
                | "Sea"
                | "Ocean"
                | "Strait"
                | "Bay"
                | "Gulf"
                | "Peninsula"
                | "Valley"
                | "Mountains"
                | "Airport"
                | "Square"
                | "Street"
                | "Avenue"
                | "Parish"
                | "Region"
                | "District"
        );
        let named_person_first = n == 2 && self.gaz.is_first_name(first) && !strong_head;
        if n >= 2
            && !named_person_first
            && (PLACE_HEADS.contains(last) || PLACE_PREFIXES.contains(first))
        {
            self.push(s, e, CandKind::Place, 0, false);
            return;
        }
        // Titles: "Russian President Vladimir Putin", "US Deputy Secretary of State Kurt Campbell".
        let mut title_end = s;
        let mut k = s;
        while k < e {
            let w = self.w(k);
            let next_ok = k + 1 < e;
            if next_ok && HONORIFICS.contains(w) {
                title_end = k + 1;
            } else if next_ok
                && TITLE_HEADS.contains(w)
                && (k == s
                    || !self.gaz.is_first_name(self.w(k - 1))
                    || TITLE_MODIFIERS.contains(self.w(k - 1)))
            {
                title_end = k + 1;
                if self.w(title_end) == "of" {
                    let of = title_end;
                    let mut j = title_end + 1;
                    while j < e {
                        let wj = self.w(j);
                        if TITLE_DEPARTMENTS.contains(wj) || wj == "of" {
                            j += 1;
                        } else if let Some(len) = self.gaz_at(j, e) {
                            j += len;
                        } else {
                            break;
                        }
                    }
                    let institution =
                        j < e && (j == of + 1 || (j == of + 2 && self.w(of + 1) == "the"));
                    if institution {
                        // "President of Exxon": what follows names the institution.
                        self.gaz_only(s, of);
                        let ws = self.words_from(j, e);
                        match self.gaz.exact(&ws).map(|p| p.entry) {
                            Some(entry) => self.push_gaz(j, e, entry),
                            None => self.push(j, e, CandKind::Org, 0, false),
                        }
                        return;
                    }
                    title_end = j;
                    k = j;
                    continue;
                }
            }
            k += 1;
        }
        if title_end > s {
            self.gaz_only(s, title_end);
            if title_end < e {
                self.segment(title_end, e, true, run_end);
            }
            return;
        }
        self.segment(s, e, false, run_end);
    }

    /// Places and organisations named inside a title ("Russian" in "Russian President").
    fn gaz_only(&mut self, a: usize, b: usize) {
        let mut p = a;
        while p < b {
            if let Some(len) = self.gaz_at(p, b) {
                let ws = self.words_from(p, p + len);
                let entry = self.gaz.longest_match(&ws).map(|ph| ph.entry);
                if let Some(entry) = entry {
                    self.push_gaz(p, p + len, entry);
                }
                p += len;
            } else {
                p += 1;
            }
        }
    }

    /// Splits a name segment at gazetteer entries; the rest become name candidates.
    fn segment(&mut self, a: usize, b: usize, titled: bool, run_end: usize) {
        let mut p = a;
        let mut chunk = a;
        while p < b {
            let m = if self.cap_word(p) {
                self.gaz_at(p, b)
            } else {
                None
            };
            if let Some(len) = m {
                let w = self.w(p);
                // "Jordan Henderson": a given name that is also a place, followed by a name.
                let name_follows = len == 1
                    && self.gaz.is_first_name(w)
                    && p + 1 < b
                    && self.nameish(p + 1)
                    && self.gaz_at(p + 1, b).is_none();
                // "George Washington": a given name, then a one-word place closing the run.
                let after_given = len == 1
                    && p + 1 == b
                    && p == chunk + 1
                    && self.gaz.is_first_name(self.w(chunk))
                    && self.gaz_at(chunk, b) != Some(1);
                if !(name_follows || after_given) {
                    self.chunk(chunk, p, titled && chunk == a, run_end);
                    let ws = self.words_from(p, p + len);
                    if let Some(entry) = self.gaz.longest_match(&ws).map(|ph| ph.entry) {
                        self.push_gaz(p, p + len, entry);
                    }
                    p += len;
                    chunk = p;
                    continue;
                }
            }
            p += 1;
        }
        self.chunk(chunk, b, titled && chunk == a, run_end);
    }

    /// A name candidate over tokens [a, b), labelled from its words and its context.
    fn chunk(&mut self, mut a: usize, mut b: usize, titled: bool, run_end: usize) {
        while a < b && (self.is_lower_word(a) || !self.is_word(a) || STOP_WORDS.contains(self.w(a)))
        {
            a += 1;
        }
        while b > a
            && (self.is_lower_word(b - 1)
                || !self.is_word(b - 1)
                || STOP_WORDS.contains(self.w(b - 1)))
        {
            b -= 1;
        }
        if a >= b {
            return;
        }
        let ws = self.words_from(a, b);
        let n = ws.len();
        if n == 1 && !titled && LONE_STOP_WORDS.contains(ws[0]) {
            return;
        }
        // "Chief Health, Safety … Officer": a title before an ordinary word names nobody.
        if n == 1
            && titled
            && a > 0
            && !HONORIFICS.contains(self.w(a - 1))
            && self.vocab.is_common(ws[0])
        {
            return;
        }
        // "Marion County Sheriff": a title, whoever holds it.
        if n >= 2 && TITLE_HEADS.contains(ws[n - 1]) {
            return;
        }
        // Storms and operations are events: none of the three kinds.
        if n >= 2 && EVENT_WORDS.contains(&ws[0]) {
            return;
        }
        // "Department of Health" after a title: an organisation all the same.
        let head_of = (0..n.saturating_sub(1))
            .any(|k| ORG_HEADS.contains(ws[k]) && matches!(ws[k + 1], "of" | "for"));
        if n >= 2 && (ORG_HEADS.contains(ws[n - 1]) || head_of) {
            self.push(a, b, CandKind::Org, 0, false);
            return;
        }
        let mut ev: u8 = 0;
        if titled {
            ev = 2;
        }
        // Before: "leader Kim Jong Il", "said Leif-Eric Easley", "according to Ivers", and a
        // role set off by a comma: "the chief executive, Ilse Varga, said".
        if a >= 2 && !titled && self.w(a - 1) == "," && self.is_lower_word(a - 2) {
            let role = self.w(a - 2);
            // After a comma the role is a noun ("chief executive,"), never an adjective.
            if ROLE_WORDS.contains(role) {
                ev = ev.max(2);
            }
        }
        if a > 0 && !titled {
            let pw = self.w(a - 1);
            if self.is_lower_word(a - 1) {
                if ROLE_WORDS.contains(pw) && !ADJECTIVAL_ROLES.contains(&pw) {
                    ev = ev.max(2);
                } else if is_speech_verb(pw)
                    || (pw == "to" && a >= 2 && self.w(a - 2) == "according")
                {
                    ev = ev.max(1);
                }
            }
        }
        // After: "X, a professor at", "X, who", "X, 45,", "X said", "Putin's aide" (not
        // "the president of X, who": the words after belong to the noun before "of").
        let object_of = a > 0 && matches!(self.w(a - 1), "of" | "for");
        if b == run_end && !object_of {
            ev = ev.max(self.after_evidence(b));
        }
        let family_first = is_family_first(&ws);
        if n >= 2 && (self.gaz.is_first_name(ws[0]) || family_first) {
            ev = 2;
        }
        if n >= 3
            && ws[1..n - 1]
                .iter()
                .any(|w| w.ends_with('.') && w.chars().count() <= 3)
        {
            ev = 2;
        }
        // "Osama bin Laden", "Ursula von der Leyen": such particles only stand inside people's names.
        if n >= 3
            && ws[1..n - 1]
                .iter()
                .any(|w| matches!(*w, "bin" | "ibn" | "bint" | "von" | "van" | "der"))
        {
            ev = 2;
        } else if n >= 3 && ws[1..n - 1].iter().any(|w| MID_PARTICLES.contains(w)) {
            ev = ev.max(1);
        }
        let acronym = n == 1 && is_acronym(ws[0]);
        let kind = if acronym && ev < 2 {
            CandKind::Org
        } else if ev > 0 {
            CandKind::Person
        } else {
            CandKind::Unknown
        };
        self.push(a, b, kind, ev, titled);
    }

    fn after_evidence(&self, b: usize) -> u8 {
        let n = self.toks.len();
        if b >= n {
            return 0;
        }
        let t = self.toks[b];
        let w = t.text(self.text);
        if t.kind == TokKind::Possessive {
            if b + 1 < n && self.is_lower_word(b + 1) && ROLE_WORDS.contains(self.w(b + 1)) {
                return 1;
            }
            return 0;
        }
        if t.kind == TokKind::Word {
            if PERSON_FOLLOWERS.contains(w) {
                return if w == "administration" { 2 } else { 1 };
            }
            if is_speech_verb(w) {
                return 1;
            }
            return 0;
        }
        if w != "," || b + 1 >= n {
            return 0;
        }
        let w1 = self.w(b + 1);
        if w1 == "who" {
            return 2;
        }
        // "…, Ilse Varga, said": a name closing an apposition, then speech.
        if self.toks[b + 1].kind == TokKind::Word && is_speech_verb(w1) {
            return 1;
        }
        if w1.chars().all(|c| c.is_ascii_digit()) && b + 2 < n && self.w(b + 2) == "," {
            return 2;
        }
        // An apposition naming a role: ", a professor at ...", ", Putin's aide,", ", the leader of".
        let mut j = b + 1;
        let stop = (b + 12).min(n);
        let opener = matches!(w1, "a" | "an" | "the" | "A" | "An" | "The");
        let mut words = 0;
        while j < stop {
            let tj = self.toks[j];
            let wj = tj.text(self.text);
            if tj.kind == TokKind::Punct {
                break;
            }
            if tj.kind == TokKind::Word {
                words += 1;
                if ROLE_WORDS.contains(wj)
                    && !ADJECTIVAL_ROLES.contains(&wj)
                    && (opener || words <= 4)
                {
                    return if self.clause_follows(j + 1, stop) {
                        0
                    } else {
                        2
                    };
                }
            }
            j += 1;
        }
        0
    }

    /// After a role word: a verb taking an object ("…, a spokesman defended Hayward") shows a
    /// new clause, not an apposition.
    fn clause_follows(&self, mut j: usize, stop: usize) -> bool {
        while j < stop && self.toks[j].kind == TokKind::Word {
            let w = self.w(j);
            if matches!(
                w,
                "is" | "was"
                    | "are"
                    | "were"
                    | "has"
                    | "had"
                    | "have"
                    | "will"
                    | "would"
                    | "said"
                    | "says"
            ) {
                return true;
            }
            if w.ends_with("ed")
                && w.chars().next().map(|c| c.is_lowercase()).unwrap_or(false)
                && j + 1 < self.toks.len()
            {
                let next = self.w(j + 1);
                if matches!(
                    next,
                    "the" | "a" | "an" | "his" | "her" | "their" | "its" | "him" | "them"
                ) || next
                    .chars()
                    .next()
                    .map(|c| c.is_uppercase())
                    .unwrap_or(false)
                {
                    return true;
                }
            }
            j += 1;
        }
        false
    }

    fn push_gaz(&mut self, a: usize, b: usize, entry: usize) {
        let kind = kind_of_gaz(self.gaz, entry);
        let mut c = self.make(a, b, kind, 0, false);
        c.gaz = Some(entry);
        self.out.push(c);
    }

    fn push(&mut self, a: usize, b: usize, kind: CandKind, ev: u8, titled: bool) {
        if a >= b {
            return;
        }
        let c = self.make(a, b, kind, ev, titled);
        self.out.push(c);
    }

    fn make(&self, a: usize, b: usize, kind: CandKind, ev: u8, titled: bool) -> Cand {
        let words = (a..b)
            .filter(|&i| self.toks[i].kind != TokKind::Punct)
            .map(|i| (self.toks[i].start, self.toks[i].end))
            .collect();
        Cand {
            start: self.toks[a].start,
            end: self.toks[b - 1].end,
            words,
            kind,
            gaz: None,
            person_ev: ev,
            weak: false,
            titled,
        }
    }
}

/// Words written in capitals that are no acronyms ("WASHINGTON -LRB- Reuters", "PRESIDENT
/// OBAMA") get their title-case form, so that gazetteers and word lists know them.
fn caps_forms(text: &str, toks: &[Token], g: &Gazetteer) -> Vec<Option<String>> {
    let caps: Vec<bool> = toks
        .iter()
        .map(|t| {
            let w = t.text(text);
            t.kind == TokKind::Word
                && !w.contains('.')
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .collect();
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            if !caps[i] {
                return None;
            }
            let w = t.text(text);
            if g.exact(&[w]).is_some() {
                return None;
            }
            let tc = title_case(w);
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let neighbour = (i > 0 && caps[i - 1]) || (i + 1 < toks.len() && caps[i + 1]);
            let known = g.exact(&[tc.as_str()]).is_some()
                || g.is_first_name(&tc)
                || TITLE_HEADS.contains(tc.as_str())
                || HONORIFICS.contains(tc.as_str())
                || STOP_WORDS.contains(tc.as_str())
                || ORG_HEADS.contains(tc.as_str())
                || PLACE_HEADS.contains(tc.as_str());
            if known || letters >= 5 || neighbour {
                Some(tc)
            } else {
                None
            }
        })
        .collect()
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == '-' || c == '\'' || c == '’';
    }
    out
}

fn kind_of_gaz(g: &Gazetteer, entry: usize) -> CandKind {
    match g.entries[entry].kind {
        super::EntityKind::Organisation => CandKind::Org,
        super::EntityKind::Place => CandKind::Place,
        super::EntityKind::Person => CandKind::Person,
    }
}

/// "KCNA", "U.N.": two to six capitals (periods allowed).
pub fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && !CAPS_NOISE.contains(w)
}

/// A word glued to the next by a lost space ("IconKim", "NorthKorean"): a lower-case letter
/// followed by a capital after the first few letters ("McDonald", "DeSantis" and "YouTube" pass).
fn glued(w: &str) -> bool {
    let mut prev_lower = false;
    let mut since_boundary = 0;
    for c in w.chars() {
        if c == '-' || c == '\'' || c == '’' {
            since_boundary = 0;
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && since_boundary > 3 {
            return true;
        }
        prev_lower = c.is_lowercase();
        since_boundary += 1;
    }
    false
}

/// "US-led", "Soviet-era", "Russian-made", "Communist-governed": adjectives, not names.
fn compound_adjective(w: &str, g: &Gazetteer) -> bool {
    let Some((pre, rest)) = w.split_once('-') else {
        return false;
    };
    let tail = rest.rsplit('-').next().unwrap_or(rest);
    if !tail
        .chars()
        .next()
        .map(|c| c.is_lowercase())
        .unwrap_or(false)
    {
        return false;
    }
    COMPOUND_SUFFIXES.contains(tail) || g.exact(&[norm(pre).as_ref()]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, CandKind, u8, bool)> {
        let mut v = Vocab::default();
        v.add(text);
        detect(text, &v)
            .into_iter()
            .map(|c| {
                (
                    text[c.start..c.end].to_string(),
                    c.kind,
                    c.person_ev,
                    c.weak,
                )
            })
            .collect()
    }

    fn has(f: &[(String, CandKind, u8, bool)], s: &str, k: CandKind) -> bool {
        f.iter().any(|(t, kk, _, _)| t == s && *kk == k)
    }

    #[test]
    fn titles_places_and_people() {
        let f = found("Swedish Prime Minister Ingrid M. Solberg met North Korean leader Pak Yong-chol in Pyongyang on Monday.");
        assert!(has(&f, "Swedish", CandKind::Place), "{f:?}");
        assert!(has(&f, "Ingrid M. Solberg", CandKind::Person), "{f:?}");
        assert!(has(&f, "North Korean", CandKind::Place), "{f:?}");
        assert!(has(&f, "Pak Yong-chol", CandKind::Person), "{f:?}");
        assert!(has(&f, "Pyongyang", CandKind::Place), "{f:?}");
        assert!(!f.iter().any(|(t, ..)| t == "Monday"), "{f:?}");
    }

    #[test]
    fn sentence_initial_words_and_organisations() {
        let f = found("Scores of farmers marched.\nThe farmers met the Ministry of Rural Affairs and the Halvard Growers Association. Officials at the KCNA agency spoke.");
        assert!(!f.iter().any(|(t, ..)| t == "Scores"), "{f:?}");
        assert!(has(&f, "Ministry of Rural Affairs", CandKind::Org), "{f:?}");
        assert!(
            has(&f, "Halvard Growers Association", CandKind::Org),
            "{f:?}"
        );
        assert!(has(&f, "KCNA", CandKind::Org), "{f:?}");
    }

    #[test]
    fn appositions_speech_and_possessives() {
        let f = found("Tomas Vrba, a lecturer at a college, said so. Vrba said more. Ushkin's aide left, and Grel, who ran, stayed.");
        assert!(has(&f, "Tomas Vrba", CandKind::Person), "{f:?}");
        assert!(
            f.iter()
                .any(|(t, k, ev, _)| t == "Vrba" && *k == CandKind::Person && *ev == 1),
            "{f:?}"
        );
        assert!(has(&f, "Ushkin", CandKind::Person), "{f:?}");
        assert!(has(&f, "Grel", CandKind::Person), "{f:?}");
        let f = found("The mill's chief executive, Orla Quist, opened it. The bakery owner Tavin Orre agreed.");
        assert!(has(&f, "Orla Quist", CandKind::Person), "{f:?}");
        assert!(has(&f, "Tavin Orre", CandKind::Person), "{f:?}");
    }

    #[test]
    fn headlines_are_weak_and_compounds_name_places() {
        let f = found("Vrba Makes First Trip To North Korea\nThe US-led talks and the Soviet-era tanks stalled.");
        assert!(
            f.iter()
                .any(|(t, _, _, weak)| t.starts_with("Vrba") && *weak),
            "{f:?}"
        );
        assert!(has(&f, "North Korea", CandKind::Place), "{f:?}");
        assert!(has(&f, "US", CandKind::Place), "{f:?}");
    }

    #[test]
    fn particles_and_glued_words() {
        let f = found(
            "They met Tariq bin Hamdan and Anna van der Berg at noon. The IconKim banner fell.",
        );
        assert!(has(&f, "Tariq bin Hamdan", CandKind::Person), "{f:?}");
        assert!(has(&f, "Anna van der Berg", CandKind::Person), "{f:?}");
        assert!(!f.iter().any(|(t, ..)| t.contains("IconKim")), "{f:?}");
    }
}
