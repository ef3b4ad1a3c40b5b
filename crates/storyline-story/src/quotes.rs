//! Direct quotes with their speakers, and the same quote carried by several articles merged.
//!
//! Quotes are found between straight, curly, guillemet or PTB (`` … '') marks; a paragraph that
//! ends inside a quote and is followed by one opening with a quote mark continues it (the
//! newspaper convention for quotes running over several paragraphs). The speaker comes from
//! the attribution after the quote (`"…," said X`, `"…," X said`, `"…," X, a professor at …,
//! told Reuters`, `according to X`) or before it (`X said: "…"`, `X told reporters that "…"`);
//! a pronoun goes to the person last named before the quote when only one was (else the quote
//! has no speaker: "he" tells a reader nothing); a paragraph
//! that is nothing but a quote, right after a quote with a known speaker, keeps that speaker.
//! Named speakers are given as the entity's name ("Easley said" → "Leif-Eric Easley" when the
//! article named him in full); descriptions ("a spokesman for the ministry") are kept as written.

use crate::entities::lexicon::{is_speech_verb, STOP_WORDS};
use crate::entities::tokens::{tokenize, TokKind, Token};
use crate::entities::{Entity, EntityKind, PersonIndex};
use std::collections::HashMap;

/// A quote in one article: `start..end` is its byte span in `docs[doc].text`, quote marks
/// included (for a quote over several paragraphs, from the first opening mark to the last
/// closing one); `text` is what was quoted, paragraphs joined by a space.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<String>,
}

/// One quote with every article carrying it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MergedQuote {
    pub text: String,
    pub speaker: Option<String>,
    /// Ids of the articles, in the order of `docs`.
    pub sources: Vec<String>,
}

/// Fewest words a quote must have (shorter ones are mostly scare quotes and titles).
const MIN_WORDS: usize = 3;

/// Finds the quotes of `docs`, in document and text order.
pub fn find(docs: &[crate::Doc], entities: &[Entity]) -> Vec<Quote> {
    let index = PersonIndex::new(entities);
    // Mentions of each document, by start.
    let mut by_doc: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); docs.len()];
    for (i, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            if m.doc < docs.len() {
                by_doc[m.doc].push((m.start, m.end, i));
            }
        }
    }
    for v in &mut by_doc {
        v.sort_unstable();
    }
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let raw = scan(&doc.text);
        let ctx = Ctx {
            text: &doc.text,
            doc: d,
            entities,
            index: &index,
            mentions: &by_doc[d],
            quotes: &raw,
        };
        let mut prev: Option<(usize, Option<String>)> = None; // (end, speaker) of the previous quote
        for q in &raw {
            let text = quote_text(&doc.text, q);
            if !worth_keeping(&text) {
                continue;
            }
            let mut speaker = ctx.attribution(q);
            // No attribution of its own: a quote following one of known speaker in the same
            // paragraph, or alone in the next paragraph, is that speaker's.
            if speaker.is_none() {
                if let Some((end, s)) = &prev {
                    let same = *end <= q.start && !doc.text[*end..q.start].contains('\n');
                    if same || (ctx.bare_paragraph(q) && ctx.adjacent_paragraphs(*end, q.start)) {
                        speaker = s.clone();
                    }
                }
            }
            prev = Some((q.end, speaker.clone()));
            out.push(Quote {
                doc: d,
                start: q.start,
                end: q.end,
                text,
                speaker,
            });
        }
    }
    out
}

/// Merges quotes carried by several articles (the same words, or one a part of the other, or
/// nearly the same words), most sources first.
pub fn merge(docs: &[crate::Doc], quotes: &[Quote]) -> Vec<MergedQuote> {
    let norm: Vec<Vec<String>> = quotes.iter().map(|q| normal_words(&q.text)).collect();
    let shingles: Vec<Vec<u64>> = norm.iter().map(|w| shingle(w)).collect();
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, sh) in shingles.iter().enumerate() {
        for &h in sh {
            let p = postings.entry(h).or_default();
            if p.last() != Some(&i) {
                p.push(i);
            }
        }
    }
    // Quotes of the same words, whatever their length.
    let mut exact: HashMap<&[String], usize> = HashMap::new();
    for (i, w) in norm.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        match exact.get(w.as_slice()) {
            Some(&j) => {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
            None => {
                exact.insert(w.as_slice(), i);
            }
        }
    }
    const MAX_POSTING: usize = 200;
    // Shingles a quote needs before it may merge as part of another (6 words).
    const MIN_PART: usize = 3;
    let bags: Vec<std::collections::HashSet<&str>> = norm
        .iter()
        .map(|w| w.iter().map(|x| x.as_str()).collect())
        .collect();
    for i in 0..quotes.len() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for h in &shingles[i] {
            let p = &postings[h];
            if p.len() > MAX_POSTING {
                continue;
            }
            for &j in p {
                if j > i {
                    *shared.entry(j).or_insert(0) += 1;
                }
            }
        }
        for (j, n) in shared {
            let (a, b) = (shingles[i].len(), shingles[j].len());
            let (smaller, larger) = (a.min(b), a.max(b));
            // One inside the other (not a short phrase inside a long speech), or nearly the
            // same words.
            let contained =
                smaller >= MIN_PART && n * 10 >= smaller * 9 && larger <= smaller * 3 + 10;
            // Nearly the same words: four in five words shared, counted on the longer quote.
            let near = smaller >= MIN_PART && n >= 1 && {
                let common = bags[i].intersection(&bags[j]).count();
                common * 5 >= bags[i].len().max(bags[j].len()) * 4
            };
            if contained || near {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..quotes.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut merged: Vec<(MergedQuote, (usize, usize))> = groups
        .into_values()
        .map(|members| {
            let longest = members
                .iter()
                .copied()
                .max_by(|&a, &b| norm[a].len().cmp(&norm[b].len()).then(b.cmp(&a)))
                .unwrap_or(members[0]);
            let mut votes: Vec<(String, usize, usize)> = Vec::new(); // (speaker, count, first)
            for &m in &members {
                if let Some(s) = &quotes[m].speaker {
                    match votes.iter_mut().find(|v| &v.0 == s) {
                        Some(v) => v.1 += 1,
                        None => votes.push((s.clone(), 1, m)),
                    }
                }
            }
            let named = |s: &str| s.chars().next().map(|c| c.is_uppercase()).unwrap_or(false);
            let speaker = votes
                .into_iter()
                .max_by(|a, b| {
                    named(&a.0)
                        .cmp(&named(&b.0))
                        .then(a.1.cmp(&b.1))
                        .then(b.2.cmp(&a.2))
                })
                .map(|v| v.0);
            let mut doc_idx: Vec<usize> = members.iter().map(|&m| quotes[m].doc).collect();
            doc_idx.sort_unstable();
            doc_idx.dedup();
            let sources = doc_idx
                .into_iter()
                .map(|d| {
                    docs.get(d)
                        .map(|x| x.id.clone())
                        .unwrap_or_else(|| d.to_string())
                })
                .collect();
            let first = members
                .iter()
                .map(|&m| (quotes[m].doc, quotes[m].start))
                .min()
                .unwrap_or((0, 0));
            (
                MergedQuote {
                    text: quotes[longest].text.clone(),
                    speaker,
                    sources,
                },
                first,
            )
        })
        .collect();
    merged.sort_by(|a, b| {
        b.0.sources
            .len()
            .cmp(&a.0.sources.len())
            .then(a.1.cmp(&b.1))
    });
    merged.into_iter().map(|(m, _)| m).collect()
}

// ---------------------------------------------------------------------------------------------
// Finding quote spans.

/// A quote as found: its span and the byte ranges of its content (one per paragraph).
#[derive(Debug, Clone)]
struct RawQuote {
    start: usize,
    end: usize,
    parts: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A straight double quote: opens or closes by position.
    Either,
}

/// The quote mark at byte `i` of `line`, if any, with its length.
fn mark_at(line: &str, i: usize) -> Option<(Mark, usize)> {
    let rest = &line[i..];
    let c = rest.chars().next()?;
    match c {
        '“' | '«' | '„' => Some((Mark::Open, c.len_utf8())),
        '”' | '»' => Some((Mark::Close, c.len_utf8())),
        '"' => Some((Mark::Either, 1)),
        '`' if rest.starts_with("``") => Some((Mark::Open, 2)),
        '\'' if rest.starts_with("''") => Some((Mark::Close, 2)),
        _ => None,
    }
}

/// Non-empty lines of `text` as byte ranges (without the line break), whitespace trimmed.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for l in text.split_inclusive('\n') {
        let start = pos;
        pos += l.len();
        let body = l.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if !trimmed.is_empty() {
            out.push((start + lead, start + lead + trimmed.len()));
        }
    }
    out
}

fn scan(text: &str) -> Vec<RawQuote> {
    let ls = lines(text);
    let mut out = Vec::new();
    // Open quote: (start, content start, parts so far).
    type Open = (usize, usize, Vec<(usize, usize)>);
    let mut open: Option<Open> = None;
    let mut skip_first_mark = false;
    let mut runs_on = false;
    for (li, &(a, b)) in ls.iter().enumerate() {
        let line = &text[a..b];
        let mut i = 0;
        if std::mem::take(&mut runs_on) {
            if let Some(o) = open.as_mut() {
                o.1 = a;
            }
        }
        if skip_first_mark {
            if let Some((_, len)) = mark_at(line, 0) {
                i = len;
                if let Some(o) = open.as_mut() {
                    o.1 = a + len;
                }
            }
            skip_first_mark = false;
        }
        let mut any_double = open.is_some();
        while i < line.len() {
            let Some((mark, len)) = mark_at(line, i) else {
                i += line[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                continue;
            };
            any_double = true;
            let abs = a + i;
            let closing = match mark {
                Mark::Close => true,
                Mark::Open => false,
                Mark::Either => open.is_some(),
            };
            if closing {
                if let Some((s, cs, mut parts)) = open.take() {
                    parts.push((cs, abs));
                    out.push(RawQuote {
                        start: s,
                        end: abs + len,
                        parts,
                    });
                }
            } else {
                if let Some((s, cs, mut parts)) = open.take() {
                    // An opening mark inside an open quote: the last one was never closed.
                    parts.push((cs, abs));
                    out.push(RawQuote {
                        start: s,
                        end: abs,
                        parts,
                    });
                }
                open = Some((abs, abs + len, Vec::new()));
            }
            i += len;
        }
        if !any_double {
            single_quotes(text, a, b, &mut out);
        }
        if let Some(o) = open.as_mut() {
            o.2.push((o.1, b));
            let next_opens = ls
                .get(li + 1)
                .map(|&(na, nb)| {
                    matches!(
                        mark_at(&text[na..nb], 0),
                        Some((Mark::Open | Mark::Either, _))
                    )
                })
                .unwrap_or(false);
            if next_opens {
                skip_first_mark = true;
            } else if runs_on_into(text, &ls[li + 1..]) {
                runs_on = true;
            } else if let Some((s, _, parts)) = open.take() {
                out.push(RawQuote {
                    start: s,
                    end: b,
                    parts,
                });
            }
        }
    }
    if let Some((s, _, parts)) = open.take() {
        let end = parts.last().map(|p| p.1).unwrap_or(s);
        out.push(RawQuote {
            start: s,
            end,
            parts,
        });
    }
    out.sort_by_key(|q| q.start);
    out
}

/// Whether a quote left open at the end of a line runs on into the lines after it: text with
/// a line a sentence (as Timeline17's) breaks a quote of several sentences over lines that
/// do not open with a quote mark. It does when the first quote mark of the next lines (at
/// most [`RUN_ON_LINES`], the first line with one decides) closes a quote.
fn runs_on_into(text: &str, next: &[(usize, usize)]) -> bool {
    for &(a, b) in next.iter().take(RUN_ON_LINES) {
        let line = &text[a..b];
        let first = line
            .char_indices()
            .find_map(|(i, _)| mark_at(line, i).map(|(m, len)| (i, m, len)));
        match first {
            None => continue,
            Some((_, Mark::Close, _)) => return true,
            Some((_, Mark::Open, _)) => return false,
            Some((i, Mark::Either, len)) => {
                // Shaped as a closing mark: after a word or punctuation, before a space or
                // the end.
                let before = line[..i].chars().next_back();
                let after = line[i + len..].chars().next();
                return before.is_some_and(|c| !c.is_whitespace())
                    && after.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
            }
        }
    }
    false
}

/// Lines a quote may run on over without a quote mark.
const RUN_ON_LINES: usize = 3;

/// ‘Single curly quotes’ (British style) in a line without double ones: an opening mark at
/// the start of a word and a closing mark at the end of one, three words or more apart.
fn single_quotes(text: &str, a: usize, b: usize, out: &mut Vec<RawQuote>) {
    let line = &text[a..b];
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        let next = line[i + c.len_utf8()..].chars().next();
        match c {
            '‘' if prev
                .map(|p| p.is_whitespace() || p == '(' || p == '—')
                .unwrap_or(true)
                && next.map(|n| n.is_alphanumeric()).unwrap_or(false) =>
            {
                open = Some(i);
            }
            '’' if open.is_some()
                && prev.map(|p| !p.is_whitespace()).unwrap_or(false)
                && !next.map(|n| n.is_alphanumeric()).unwrap_or(false) =>
            {
                let s = open.take().unwrap_or(0);
                let content = &line[s + '‘'.len_utf8()..i];
                if content.split_whitespace().count() >= MIN_WORDS {
                    out.push(RawQuote {
                        start: a + s,
                        end: a + i + c.len_utf8(),
                        parts: vec![(a + s + '‘'.len_utf8(), a + i)],
                    });
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
}

/// The quoted words: parts trimmed and joined, a trailing comma dropped.
fn quote_text(text: &str, q: &RawQuote) -> String {
    let mut s = String::new();
    for &(a, b) in &q.parts {
        let p = text[a..b].trim();
        if p.is_empty() {
            continue;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(p);
    }
    let t = s.trim_end_matches([',', ' ', ';']).trim_start();
    t.to_string()
}

// ---------------------------------------------------------------------------------------------
// Speakers.

struct Ctx<'a> {
    text: &'a str,
    doc: usize,
    entities: &'a [Entity],
    index: &'a PersonIndex,
    /// (start, end, entity) of this document's mentions, by start.
    mentions: &'a [(usize, usize, usize)],
    quotes: &'a [RawQuote],
}

const PRONOUNS: &[&str] = &["he", "she", "He", "She"];

/// Finite verbs: a speaker description holding one is a clause, not a description.
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "must", "can", "could",
    "should", "may", "might", "did", "does", "do", "says", "said",
];

/// Words left off the end of a speaker phrase.
const TRAILING: &[&str] = &[
    "had",
    "has",
    "have",
    "was",
    "is",
    "were",
    "are",
    "also",
    "then",
    "later",
    "once",
    "again",
    "would",
    "will",
    "could",
    "may",
    "might",
    "just",
    "still",
    "even",
    "earlier",
    "previously",
    "recently",
    "had",
    "later",
    "first",
    "soon",
    "often",
    "always",
    "never",
    "too",
];

impl<'a> Ctx<'a> {
    fn line_bounds(&self, pos: usize) -> (usize, usize) {
        let a = self.text[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let b = self.text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(self.text.len());
        (a, b)
    }

    /// Start of the last character of a quote (its closing mark).
    fn last_char(&self, q: &RawQuote) -> usize {
        self.text[q.start..q.end]
            .char_indices()
            .next_back()
            .map(|(i, _)| q.start + i)
            .unwrap_or(q.start)
    }

    fn attribution(&self, q: &RawQuote) -> Option<String> {
        if let Some(s) = self.after(q) {
            return Some(s);
        }
        self.before(q)
    }

    /// Tokens (absolute offsets) of `a..b`.
    fn toks(&self, a: usize, b: usize) -> Vec<Token> {
        tokenize(&self.text[a..b])
            .into_iter()
            .map(|mut t| {
                t.start += a;
                t.end += a;
                t
            })
            .collect()
    }

    fn w(&self, t: &Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn is_sentence_end(&self, t: &Token) -> bool {
        t.kind == TokKind::Punct && matches!(self.w(t), "." | "!" | "?")
    }

    fn is_quote_mark(&self, t: &Token) -> bool {
        t.kind == TokKind::Punct && matches!(self.w(t), "\"" | "“" | "”" | "``" | "''" | "«" | "»")
    }

    /// `"…," said X` / `"…," X said` / `"…," X, a professor, told Reuters` / `according to X`.
    fn after(&self, q: &RawQuote) -> Option<String> {
        let (_, line_end) = self.line_bounds(self.last_char(q));
        if q.end >= line_end {
            return None;
        }
        let toks = self.toks(q.end, line_end);
        // The clause after the quote: up to a sentence end or the next quote.
        let mut n = 0;
        while n < toks.len() && !self.is_sentence_end(&toks[n]) && !self.is_quote_mark(&toks[n]) {
            n += 1;
        }
        let toks = &toks[..n];
        let mut i = 0;
        while i < toks.len() && toks[i].kind == TokKind::Punct {
            i += 1;
        }
        let toks = &toks[i..];
        if toks.is_empty() {
            return None;
        }
        // said X
        if is_speech_verb(self.w(&toks[0])) && self.w(&toks[0]) != "according" {
            let rest = &toks[1..];
            let end = rest
                .iter()
                .position(|t| t.kind == TokKind::Punct)
                .unwrap_or(rest.len());
            let phrase = &rest[..end];
            if !phrase.is_empty() && !starts_with_preposition(self.w(&phrase[0])) {
                return self.speaker(phrase, q.start);
            }
            return None;
        }
        // according to X
        if let Some(k) = (0..toks.len().saturating_sub(1))
            .find(|&k| self.w(&toks[k]) == "according" && self.w(&toks[k + 1]) == "to")
        {
            let rest = &toks[k + 2..];
            let end = rest
                .iter()
                .position(|t| t.kind == TokKind::Punct)
                .unwrap_or(rest.len());
            if end > 0 {
                return self.speaker(&rest[..end], q.start);
            }
        }
        // X said: the speaker before the first speech verb, an apposition after a comma left out.
        let v = toks
            .iter()
            .take(30)
            .position(|t| t.kind == TokKind::Word && is_speech_verb(self.w(t)))?;
        let subject = &toks[..v];
        let comma = |t: &Token| t.kind == TokKind::Punct && self.w(t) == ",";
        let end = subject.iter().position(comma).unwrap_or(subject.len());
        let phrase = &subject[..end];
        if !phrase.is_empty() && phrase.len() <= 10 && self.speaker_like(&phrase[0]) {
            return self.speaker(phrase, q.start);
        }
        // "…, said Jenny Town, of …": the speaker after the verb.
        let verb = self.w(&toks[v]);
        if !matches!(verb, "told" | "tells" | "telling" | "asked" | "asks") {
            let rest = &toks[v + 1..];
            let e2 = rest
                .iter()
                .position(|t| t.kind == TokKind::Punct)
                .unwrap_or(rest.len());
            let p2 = &rest[..e2];
            if !p2.is_empty() && p2.len() <= 10 && self.speaker_like(&p2[0]) {
                return self.speaker(p2, q.start);
            }
        }
        // "…, in a video posted online, Zarubin said": the words right before the verb.
        let from = subject.iter().rposition(comma).map(|i| i + 1).unwrap_or(0);
        let p3 = &subject[from..];
        if !p3.is_empty() && p3.len() <= 8 && self.speaker_like(&p3[0]) {
            return self.speaker(p3, q.start);
        }
        None
    }

    /// A word that can open a speaker's name or description.
    fn speaker_like(&self, t: &Token) -> bool {
        if t.kind != TokKind::Word {
            return false;
        }
        let w = self.w(t);
        // "Mrs Chan said": an honorific opens a name, though it names nothing alone.
        if crate::entities::lexicon::HONORIFICS.contains(w) {
            return true;
        }
        if STOP_WORDS.contains(w)
            && !matches!(
                w,
                "The"
                    | "A"
                    | "An"
                    | "He"
                    | "She"
                    | "His"
                    | "Her"
                    | "Its"
                    | "Their"
                    | "One"
                    | "Two"
                    | "Three"
                    | "Several"
                    | "Some"
                    | "Many"
            )
        {
            return false;
        }
        w.chars().next().map(|c| c.is_uppercase()).unwrap_or(false)
            || matches!(
                w,
                "a" | "an"
                    | "the"
                    | "one"
                    | "another"
                    | "he"
                    | "she"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "two"
                    | "three"
                    | "several"
                    | "some"
                    | "many"
            )
    }

    /// `X said: "…"`, `X told reporters that "…"`, `According to X, "…"`.
    fn before(&self, q: &RawQuote) -> Option<String> {
        let (line_start, _) = self.line_bounds(q.start);
        if q.start <= line_start {
            return None;
        }
        let toks = self.toks(line_start, q.start);
        // The sentence the quote sits in.
        let from = toks
            .iter()
            .rposition(|t| self.is_sentence_end(t) || self.is_quote_mark(t))
            .map(|i| i + 1)
            .unwrap_or(0);
        let toks = &toks[from..];
        if let Some(k) = (0..toks.len().saturating_sub(1)).find(|&k| {
            let w = self.w(&toks[k]);
            (w == "according" || w == "According") && self.w(&toks[k + 1]) == "to"
        }) {
            let rest = &toks[k + 2..];
            let end = rest
                .iter()
                .position(|t| t.kind == TokKind::Punct)
                .unwrap_or(rest.len());
            if end > 0 {
                return self.speaker(&rest[..end], q.start);
            }
        }
        let v = toks.iter().rposition(|t| {
            t.kind == TokKind::Word && is_speech_verb(self.w(t)) && self.w(t) != "according"
        })?;
        // "…, said Dr Ada Brook of the institute: "…"": the speaker comes after the verb.
        let inverted = v == 0 || self.w(&toks[v - 1]) == ",";
        if inverted {
            let after = &toks[v + 1..];
            let colon = after
                .iter()
                .position(|t| t.kind == TokKind::Punct && matches!(self.w(t), ":" | ","))
                .filter(|&i| self.w(&after[i]) == ":");
            if let Some(end) = colon {
                let phrase = &after[..end];
                if !phrase.is_empty() && phrase.len() <= 10 && self.speaker_like(&phrase[0]) {
                    return self.speaker(phrase, q.start);
                }
            }
        }
        let subject = &toks[..v];
        // The words right before the verb, back to a comma ("Kirby told reporters that …"),
        // else the clause's opening words before an apposition ("Kirby, a spokesman, said: …").
        let comma = |t: &Token| t.kind == TokKind::Punct && matches!(self.w(t), "," | ";" | ":");
        let from = subject.iter().rposition(comma).map(|i| i + 1).unwrap_or(0);
        let mut near = &subject[from..];
        // "But the United Nations said …": a conjunction opening the clause is no part of it.
        if let [first, rest @ ..] = near {
            if matches!(
                self.w(first),
                "But" | "And" | "Yet" | "So" | "Meanwhile" | "However"
            ) {
                near = rest;
            }
        }
        if !near.is_empty()
            && near.len() <= 8
            && self.speaker_like(&near[0])
            && !self.ends_in_relative(near)
        {
            return self.speaker(near, q.start);
        }
        // "The head of the agency, Keiji Fukuda, said …": the person named between the commas.
        if subject.last().map(comma).unwrap_or(false) {
            let inner = &subject[..subject.len() - 1];
            let from = inner.iter().rposition(comma).map(|i| i + 1).unwrap_or(0);
            if let (Some(first), Some(last)) = (inner.get(from), inner.last()) {
                let people: Vec<(usize, usize, usize)> = self
                    .mentions_in(first.start, last.end)
                    .into_iter()
                    .filter(|m| self.entities[m.2].kind == EntityKind::Person)
                    .collect();
                if let [m] = people[..] {
                    // Only titles before the name ("Dr Margaret Chan").
                    let titled = inner[from..]
                        .iter()
                        .take_while(|t| t.start < m.0)
                        .all(|t| crate::entities::lexicon::HONORIFICS.contains(self.w(t)));
                    if titled && m.1 == last.end {
                        return Some(self.entities[m.2].name.clone());
                    }
                }
            }
        }
        // "Kirby, a spokesman for the council, said: …": the verb right after an apposition.
        if subject.last().map(comma).unwrap_or(false) {
            let to = subject.iter().position(comma).unwrap_or(subject.len());
            let opening = &subject[..to];
            if !opening.is_empty()
                && opening.len() <= 8
                && self.speaker_like(&opening[0])
                && !self.ends_in_relative(opening)
            {
                return self.speaker(opening, q.start);
            }
        }
        None
    }

    /// "…, which it said", "…, who he said": a relative clause, no speaker.
    fn ends_in_relative(&self, phrase: &[Token]) -> bool {
        phrase.iter().any(|t| {
            matches!(
                self.w(t),
                "which" | "that" | "who" | "whom" | "what" | "where" | "when"
            )
        })
    }

    /// The speaker a phrase names: a person or organisation mentioned in it, a pronoun's
    /// antecedent, a person resolved from the words, or the phrase itself.
    fn speaker(&self, phrase: &[Token], quote_start: usize) -> Option<String> {
        // "The BP chief had (remarked)", "he famously (said)": auxiliaries and adverbs off the end.
        let mut phrase = phrase;
        while let Some(last) = phrase.last() {
            let w = self.w(last);
            if last.kind != TokKind::Word
                || TRAILING.contains(&w)
                || (w.ends_with("ly")
                    && w.chars().next().map(|c| c.is_lowercase()).unwrap_or(false))
            {
                phrase = &phrase[..phrase.len() - 1];
            } else {
                break;
            }
        }
        let (a, b) = (phrase.first()?.start, phrase.last()?.end);
        let words: Vec<&str> = phrase
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| self.w(t))
            .collect();
        if words.is_empty() {
            return None;
        }
        // "he said", "He later told residents": the person last named before; "he" alone
        // tells a reader nothing, so an unresolved pronoun leaves the quote unattributed.
        if PRONOUNS.contains(&words[0]) {
            return self.antecedent(quote_start);
        }
        if words.len() == 1
            && matches!(
                words[0],
                "they" | "They" | "it" | "It" | "I" | "we" | "We" | "you"
            )
        {
            return None;
        }
        // "Having said that, …": an idiom, no speaker.
        if words.len() == 1 && words[0].ends_with("ing") {
            return None;
        }
        let described = matches!(
            words[0],
            "a" | "an" | "A" | "An" | "one" | "One" | "another" | "Another"
        );
        // Mentions inside the phrase: the last person, else the last organisation or place.
        let inside: Vec<(usize, usize, usize)> = self.mentions_in(a, b);
        if !described {
            let person = inside
                .iter()
                .rev()
                .find(|m| self.entities[m.2].kind == EntityKind::Person);
            // "Reid's rep": the person owns the speaker, and is not the speaker.
            let possessor = person
                .map(|m| self.text[m.1..b].trim_start().starts_with(['\'', '’']))
                .unwrap_or(false);
            if let Some(m) = person.filter(|_| !possessor) {
                return Some(self.entities[m.2].name.clone());
            }
            // An organisation or place heading the phrase ("the Kremlin", "Seoul's foreign
            // ministry" is no such phrase).
            if let Some(m) = inside.last() {
                let mention_words = self.text[m.0..m.1].split_whitespace().count();
                let det = matches!(words[0], "the" | "The");
                if m.1 == b && words.len() <= mention_words + 1 + usize::from(det) {
                    return Some(self.entities[m.2].name.clone());
                }
            }
            if let Some(i) = self
                .index
                .resolve(self.entities, self.doc, &self.text[a..b])
            {
                return Some(self.entities[i].name.clone());
            }
        }
        let phrase_text = self.text[a..b].trim();
        // A description is a noun phrase: a finite verb inside means a clause was caught
        // ("X laughed at the idea, saying"), whose subject opens it when it is a name.
        let past_verb = words.windows(2).any(|w| {
            w[0].len() > 3
                && w[0].ends_with("ed")
                && w[0].starts_with(|c: char| c.is_lowercase())
                && matches!(w[1], "at" | "to" | "with" | "about" | "on" | "off" | "back")
        });
        if past_verb {
            return inside
                .first()
                .filter(|m| m.0 == a && self.entities[m.2].kind != EntityKind::Place)
                .map(|m| self.entities[m.2].name.clone());
        }
        if phrase_text.split_whitespace().count() > 8 || words.iter().any(|w| FINITE.contains(w)) {
            return None;
        }
        Some(phrase_text.to_string())
    }

    fn mentions_in(&self, a: usize, b: usize) -> Vec<(usize, usize, usize)> {
        let from = self.mentions.partition_point(|m| m.0 < a);
        self.mentions[from..]
            .iter()
            .take_while(|m| m.0 < b)
            .filter(|m| m.1 <= b)
            .copied()
            .collect()
    }

    fn inside_quote(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.start <= pos);
        i > 0 && self.quotes[i - 1].end > pos
    }

    /// The person a pronoun before `pos` stands for: the one person named (outside quotes) in
    /// the nearest of the three sentences before it that names any.
    fn antecedent(&self, pos: usize) -> Option<String> {
        // A window of text before the quote is enough for four sentences, and keeps the cost
        // flat however long the article.
        let mut from = pos.saturating_sub(3000);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let sentences = crate::sentences::split(&self.text[from..pos]);
        let mut ranges: Vec<(usize, usize)> = sentences
            .iter()
            .map(|r| (from + r.start, from + r.end))
            .collect();
        if ranges.last().map(|r| r.1 < pos).unwrap_or(true) {
            let s = ranges.last().map(|r| r.1).unwrap_or(from);
            ranges.push((s, pos));
        }
        for &(a, b) in ranges.iter().rev().take(4) {
            let people: Vec<usize> = self
                .mentions_in(a, b.min(pos))
                .into_iter()
                .filter(|m| {
                    self.entities[m.2].kind == EntityKind::Person && !self.inside_quote(m.0)
                })
                .map(|m| m.2)
                .collect();
            if people.is_empty() {
                continue;
            }
            let first = people[0];
            if people.iter().all(|&p| p == first) {
                return Some(self.entities[first].name.clone());
            }
            return None;
        }
        None
    }

    /// The quote is all its paragraph holds (beyond punctuation).
    fn bare_paragraph(&self, q: &RawQuote) -> bool {
        let (a, _) = self.line_bounds(q.start);
        let (_, b) = self.line_bounds(self.last_char(q));
        let before = &self.text[a..q.start];
        let after = &self.text[q.end.min(b)..b];
        !before.chars().any(|c| c.is_alphanumeric()) && !after.chars().any(|c| c.is_alphanumeric())
    }

    /// Position `b` lies in the paragraph right after the one holding position `a` (or in it).
    fn adjacent_paragraphs(&self, a: usize, b: usize) -> bool {
        if b < a {
            return false;
        }
        // What lies between is at most the rest of the first quote's paragraph.
        let between = &self.text[a..b];
        let mut lines = between.split('\n').skip(1).filter(|l| !l.trim().is_empty());
        lines.next().is_none()
    }
}

/// Enough words to be a quote, and not a title ("Meet the Press", "Fox News Sunday").
fn worth_keeping(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .collect();
    if words.len() < MIN_WORDS {
        return false;
    }
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
    let title_like = words.len() <= 6
        && !long.is_empty()
        && long
            .iter()
            .all(|w| w.chars().next().map(|c| c.is_uppercase()).unwrap_or(false));
    !title_like
}

fn starts_with_preposition(w: &str) -> bool {
    matches!(
        w,
        "on" | "in"
            | "at"
            | "during"
            | "after"
            | "before"
            | "that"
            | "from"
            | "to"
            | "this"
            | "last"
            | "earlier"
            | "later"
            | "yesterday"
            | "today"
            | "by"
    )
}

/// Lower-case words of a quote (hyphens and apostrophes split words): the form merging compares.
fn normal_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Hashes of the 4-word shingles of a quote (one hash of all its words when shorter).
fn shingle(words: &[String]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let h = |ws: &[String]| {
        let mut s = std::collections::hash_map::DefaultHasher::new();
        ws.hash(&mut s);
        s.finish()
    };
    const K: usize = 4;
    if words.len() < K {
        return if words.is_empty() {
            Vec::new()
        } else {
            vec![h(words)]
        };
    }
    words.windows(K).map(h).collect()
}

#[cfg(test)]
mod tests;
