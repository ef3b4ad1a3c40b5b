//! Word-repair measure (`storyline eval words`).
//!
//! Takes the article bodies of the WCXB dev set (`extraction/wcxb-dev/ground-truth/*.json`,
//! `ground_truth.main_content`; article pages by default, every page type on request), normalises them, and deletes a seeded
//! random fraction (`rate`, 3% by default) of the single spaces whose neighbours on both sides
//! are letters. Corpus evidence ([`WordStats`]) is gathered over all damaged texts, as a real
//! batch would have it, then each article is repaired with [`storyline_clean::words::repair_document`], line by line.
//! The output is aligned with the damaged text (the repair only inserts spaces and
//! apostrophes; apostrophes are skipped) and restored spaces are scored against the original.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rayon::prelude::*;
use serde::Serialize;
use storyline_clean::words::{repair_document, Lexicon, WordStats};

/// Result of the word-repair measure.
#[derive(Debug, Clone, Serialize)]
pub struct WordRepairReport {
    pub articles: usize,
    /// Spaces deleted from the originals.
    pub deleted: usize,
    /// Spaces the repair inserted.
    pub added: usize,
    /// Inserted spaces that were in the original.
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Lines whose output could not be aligned with the input (should be 0).
    pub misaligned: usize,
    /// Some wrong insertions and missed spaces, for inspection (`token -> output`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub false_splits: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<String>,
    /// The same bodies undamaged: how many repair changes.
    pub fidelity: Fidelity,
}

/// Repair run on correct text, where every change is a corruption.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fidelity {
    /// Correct bodies repaired.
    pub bodies: usize,
    /// Of which changed, with evidence from the whole batch (as `ingest` has it).
    pub changed_in_batch: usize,
    /// Of which changed, each body its own evidence (as `storyline clean` has it).
    pub changed_alone: usize,
    /// Some changes (`before -> after`), batch evidence first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// Repair the undamaged bodies with batch evidence and each alone; count those changed.
fn fidelity(originals: &[String], keep: usize) -> Fidelity {
    let stats = batch_stats(originals);
    let (batch, alone): (Vec<_>, Vec<_>) = originals
        .par_iter()
        .map(|body| {
            let own = batch_stats(std::slice::from_ref(body));
            (
                changed_lines(body, &stats, keep),
                changed_lines(body, &own, keep),
            )
        })
        .unzip();
    let mut examples: Vec<String> = batch.iter().flat_map(|(_, e)| e.clone()).collect();
    examples.extend(
        alone
            .iter()
            .flat_map(|(_, e)| e.iter().map(|x| format!("alone: {x}"))),
    );
    examples.truncate(keep);
    Fidelity {
        bodies: originals.len(),
        changed_in_batch: batch.iter().filter(|(c, _)| *c).count(),
        changed_alone: alone.iter().filter(|(c, _)| *c).count(),
        examples,
    }
}

impl fmt::Display for WordRepairReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "word repair over {} articles", self.articles)?;
        writeln!(f, "  spaces deleted  {}", self.deleted)?;
        writeln!(
            f,
            "  spaces added    {} ({} correct)",
            self.added, self.correct
        )?;
        writeln!(f, "  precision       {:.4}", self.precision)?;
        writeln!(f, "  recall          {:.4}", self.recall)?;
        write!(f, "  F1              {:.4}", self.f1)?;
        let fid = &self.fidelity;
        write!(
            f,
            "\n  correct bodies changed  {} of {} (batch evidence), {} (each alone)",
            fid.changed_in_batch, fid.bodies, fid.changed_alone
        )?;
        if self.misaligned > 0 {
            write!(f, "\n  misaligned lines {}", self.misaligned)?;
        }
        Ok(())
    }
}

/// Directory of the ground-truth files under a data directory.
pub fn ground_truth_dir(data_dir: &Path) -> PathBuf {
    data_dir
        .join("extraction")
        .join("wcxb-dev")
        .join("ground-truth")
}

/// Which half of the WCXB sites to take pages from. Pages are split by their site (the URL's
/// host without `www.`), never page by page, so no site's template sits on both sides: rules
/// are tuned on [`Sites::Tuning`] and reported on [`Sites::HeldOut`] as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sites {
    /// Every page.
    #[default]
    All,
    /// Sites whose host hashes even: the half rules may be tuned on.
    Tuning,
    /// Sites whose host hashes odd: the half nothing is tuned on.
    HeldOut,
}

impl Sites {
    /// Whether a page at `url` belongs to this half.
    pub fn holds(self, url: &str) -> bool {
        let host = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['/', '?', '#', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        // Plain FNV-1a state: stable across builds and platforms, unlike the std hasher.
        let mut fnv = storyline_core::hash::Fnv::new();
        host.bytes().for_each(|b| fnv.push(u32::from(b)));
        let hash = fnv.state();
        match self {
            Sites::All => true,
            Sites::Tuning => hash.is_multiple_of(2),
            Sites::HeldOut => hash % 2 == 1,
        }
    }
}

/// Which WCXB pages to take bodies from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pages {
    /// Pages whose primary type is `article` (news and blog articles): the default.
    #[default]
    Articles,
    /// Every page type (also docs, products, forums, listings).
    All,
}

/// Load bodies (sorted by file name) of the pages `pages` selects.
pub fn load_bodies(
    data_dir: &Path,
    limit: Option<usize>,
    pages: Pages,
    sites: Sites,
) -> Result<Vec<String>> {
    let dir = ground_truth_dir(data_dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {} (the shared WCXB data)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no ground-truth *.json files in {}", dir.display());
    }
    let mut out = Vec::new();
    for p in files {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let raw =
            std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&raw).with_context(|| format!("parsing {}", p.display()))?;
        let primary = v
            .pointer("/_internal/page_type/primary")
            .and_then(|t| t.as_str());
        if pages == Pages::Articles && primary != Some("article") {
            continue;
        }
        if !sites.holds(v.get("url").and_then(|u| u.as_str()).unwrap_or("")) {
            continue;
        }
        if let Some(body) = v
            .pointer("/ground_truth/main_content")
            .and_then(|b| b.as_str())
        {
            let body = storyline_clean::normalize::normalize(body);
            if !body.is_empty() {
                out.push(body);
            }
        }
    }
    Ok(out)
}

/// Delete each single space between two letters with probability `rate`.
pub fn damage(text: &str, rate: f64, rng: &mut impl Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' '
            && i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphabetic()
            && chars[i + 1].is_alphabetic()
            && rng.random::<f64>() < rate
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// Positions of whitespace runs, as counts of non-whitespace characters before them.
fn space_positions(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut n = 0;
    let mut in_ws = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_ws && n > 0 {
                out.push(n);
            }
            in_ws = true;
        } else {
            n += 1;
            in_ws = false;
        }
    }
    out
}

/// Positions (in the damaged text's non-whitespace stream) where `repaired` inserted a space,
/// or None if `repaired` is not `damaged` plus spaces and apostrophes.
fn inserted_spaces(damaged: &str, repaired: &str) -> Option<Vec<usize>> {
    let d: Vec<char> = damaged.chars().collect();
    let mut i = 0;
    let mut n = 0; // non-whitespace chars of `damaged` consumed
    let mut out = Vec::new();
    for c in repaired.chars() {
        if i < d.len() && d[i] == c {
            if !c.is_whitespace() {
                n += 1;
            }
            i += 1;
        } else if c == ' ' {
            out.push(n);
        } else if c == '\'' {
            // inserted apostrophe: not scored
        } else {
            return None;
        }
    }
    (i == d.len()).then_some(out)
}

struct ArticleScore {
    deleted: usize,
    added: usize,
    correct: usize,
    misaligned: usize,
    false_splits: Vec<String>,
    missed: Vec<String>,
}

/// Byte offset of the `pos`-th non-whitespace character (text length if there is none).
fn byte_at(text: &str, pos: usize) -> usize {
    text.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(pos)
        .map_or(text.len(), |(b, _)| b)
}

fn context_at(text: &str, pos: usize) -> String {
    // `pos` counts non-whitespace chars; show the chunk around it.
    let byte = byte_at(text, pos);
    let start = text[..byte].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[byte..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| byte + i);
    let start = text[..start.saturating_sub(1)]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let end = text[(end + 1).min(text.len())..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + 1 + i);
    text[start..end].to_string()
}

/// The damaged text around non-whitespace position `pos`, with `|` at the position.
fn mark(text: &str, pos: usize) -> String {
    let byte = byte_at(text, pos);
    let start = text[..byte].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[byte..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| byte + i);
    format!("{}|{}", &text[start..byte], &text[byte..end])
}

fn score_article(original: &str, damaged: &str, lex: &Lexicon, stats: &WordStats) -> ArticleScore {
    let orig: std::collections::HashSet<usize> = space_positions(original).into_iter().collect();
    let dam: std::collections::HashSet<usize> = space_positions(damaged).into_iter().collect();
    let deleted_set: std::collections::HashSet<usize> = orig.difference(&dam).copied().collect();
    let mut s = ArticleScore {
        deleted: deleted_set.len(),
        added: 0,
        correct: 0,
        misaligned: 0,
        false_splits: Vec::new(),
        missed: Vec::new(),
    };
    let mut found = std::collections::HashSet::new();
    let mut offset = 0; // non-whitespace chars of earlier lines
    let lines: Vec<&str> = damaged.split('\n').collect();
    let repaired = repair_document(&lines, lex, stats);
    for (line, fixed) in lines.into_iter().zip(repaired) {
        match inserted_spaces(line, &fixed) {
            Some(ins) => {
                for p in ins {
                    let p = p + offset;
                    s.added += 1;
                    if deleted_set.contains(&p) {
                        s.correct += 1;
                        found.insert(p);
                    } else if s.false_splits.len() < 50 {
                        s.false_splits.push(format!(
                            "{}  ->  {}",
                            context_at(original, p),
                            mark(damaged, p)
                        ));
                    }
                }
            }
            None => s.misaligned += 1,
        }
        offset += line.chars().filter(|c| !c.is_whitespace()).count();
    }
    for p in &deleted_set {
        if !found.contains(p) && s.missed.len() < 50 {
            s.missed.push(mark(damaged, *p));
        }
    }
    s
}

/// What [`run`] measures on.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Share of eligible spaces deleted.
    pub rate: f64,
    /// Seed of the deletions (the measure is deterministic for a seed).
    pub seed: u64,
    /// Cap on the ground-truth files read (sorted by name).
    pub limit: Option<usize>,
    pub pages: Pages,
    pub sites: Sites,
    /// Wrong, missed and fidelity examples kept in the report.
    pub examples: usize,
}

impl Default for Measure {
    fn default() -> Self {
        Measure {
            rate: 0.03,
            seed: 1,
            limit: None,
            pages: Pages::Articles,
            sites: Sites::All,
            examples: 0,
        }
    }
}

/// Corpus evidence over a batch of texts, gathered as the ingest pipeline does: words first,
/// then the two-word spellings repair may ask about.
fn batch_stats<'a>(texts: impl IntoParallelIterator<Item = &'a String>) -> WordStats {
    let merge = |mut a: WordStats, b: WordStats| {
        a.merge(b);
        a
    };
    let (mut stats, pair_keys) = texts
        .into_par_iter()
        .fold(
            || (WordStats::default(), Vec::new()),
            |(mut st, mut keys), t| {
                st.observe_words(t, &mut keys);
                (st, keys)
            },
        )
        .reduce(
            || (WordStats::default(), Vec::new()),
            |(a, mut ka), (b, kb)| {
                ka.extend(kb);
                (merge(a, b), ka)
            },
        );
    let wanted = stats.pair_candidates(Lexicon::bundled());
    stats.count_pairs(&pair_keys, &wanted);
    stats
}

/// The lines repair changes in a correct body (`before -> after`), at most `keep` of them, and
/// whether it changed any.
fn changed_lines(body: &str, stats: &WordStats, keep: usize) -> (bool, Vec<String>) {
    let lex = Lexicon::bundled();
    let mut changed = false;
    let mut examples = Vec::new();
    let lines: Vec<&str> = body.split('\n').collect();
    let repaired = repair_document(&lines, lex, stats);
    for (line, fixed) in lines.into_iter().zip(repaired) {
        if fixed != line {
            changed = true;
            if examples.len() < keep {
                examples.push(changed_words(line, &fixed));
            }
        }
    }
    (changed, examples)
}

/// The words around the first difference between a line and its repair.
fn changed_words(before: &str, after: &str) -> String {
    let lead = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len(), |((i, _), _)| i);
    let from = before[..lead].rfind(' ').map_or(0, |i| i + 1);
    let end = |t: &str| {
        t[lead..]
            .find(' ')
            .map_or(t.len(), |i| lead + i + 6)
            .min(t.len())
    };
    let cut = |t: &str, e: usize| {
        let mut e = e;
        while !t.is_char_boundary(e) {
            e -= 1;
        }
        t[from..e].to_string()
    };
    format!(
        "{}  ->  {}",
        cut(before, end(before)),
        cut(after, end(after))
    )
}

/// Run the measure: damage a share of letter-letter spaces (seeded), repair, score; and
/// repair the undamaged bodies, counting those changed.
pub fn run(data_dir: &Path, m: &Measure) -> Result<WordRepairReport> {
    let originals = load_bodies(data_dir, m.limit, m.pages, m.sites)?;
    let (seed, rate, examples) = (m.seed, m.rate, m.examples);
    let damaged: Vec<String> = originals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut rng =
                StdRng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            damage(t, rate, &mut rng)
        })
        .collect();
    let lex = Lexicon::bundled();
    let stats = batch_stats(&damaged);
    let fidelity = fidelity(&originals, examples);
    let scores: Vec<ArticleScore> = originals
        .par_iter()
        .zip(damaged.par_iter())
        .map(|(o, d)| score_article(o, d, lex, &stats))
        .collect();
    let mut r = WordRepairReport {
        articles: originals.len(),
        deleted: 0,
        added: 0,
        correct: 0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        misaligned: 0,
        false_splits: Vec::new(),
        missed: Vec::new(),
        fidelity,
    };
    for s in scores {
        r.deleted += s.deleted;
        r.added += s.added;
        r.correct += s.correct;
        r.misaligned += s.misaligned;
        for x in s.false_splits {
            if r.false_splits.len() < examples {
                r.false_splits.push(x);
            }
        }
        for x in s.missed {
            if r.missed.len() < examples {
                r.missed.push(x);
            }
        }
    }
    r.precision = if r.added > 0 {
        r.correct as f64 / r.added as f64
    } else {
        1.0
    };
    r.recall = if r.deleted > 0 {
        r.correct as f64 / r.deleted as f64
    } else {
        1.0
    };
    r.f1 = if r.precision + r.recall > 0.0 {
        2.0 * r.precision * r.recall / (r.precision + r.recall)
    } else {
        0.0
    };
    Ok(r)
}
