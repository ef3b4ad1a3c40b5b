//! The extraction measure on a WCXB-style directory (`html/NNNN.html.gz` beside
//! `ground-truth/NNNN.json`): word F1 of the main text, title, publication date and author
//! accuracy on article pages, page-kind accuracy on every page, and pages per second.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use once_cell::sync::Lazy;
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;
use serde_json::Value;

use crate::text::collapse_ws;
use crate::{extract, Page, PageKind};

/// One page's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    pub id: String,
    /// Time spent extracting, in milliseconds.
    pub ms: f64,
    pub gold_kind: String,
    pub kind: Option<PageKind>,
    pub error: Option<String>,
    /// Word precision, recall and F1 (article pages only).
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub title_ok: Option<bool>,
    pub date_ok: Option<bool>,
    pub author_ok: Option<bool>,
    pub title: Option<String>,
    pub gold_title: Option<String>,
    pub date: Option<String>,
    pub gold_date: Option<String>,
    pub author: Option<String>,
    pub gold_author: Option<String>,
}

/// Aggregate figures.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub pages: usize,
    pub articles: usize,
    pub errors: usize,
    pub word_precision: f64,
    pub word_recall: f64,
    pub word_f1: f64,
    /// Articles whose title matched / were scored.
    pub title_acc: f64,
    pub title_n: usize,
    pub date_acc: f64,
    pub date_n: usize,
    /// Articles with no gold date for which a date was still given.
    pub date_extra: usize,
    pub author_acc: f64,
    pub author_n: usize,
    pub author_extra: usize,
    pub kind_acc: f64,
    /// Article-vs-not accuracy over all pages.
    pub is_article_acc: f64,
    /// (gold, predicted) → count.
    pub confusion: Vec<(String, String, usize)>,
    pub seconds: f64,
    pub pages_per_sec: f64,
    /// Mean time for one page on one thread, in milliseconds.
    pub ms_per_page: f64,
    pub threads: usize,
    pub results: Vec<PageResult>,
}

static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"\w+").expect("word regex"));

fn bag(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in WORD.find_iter(s) {
        *m.entry(w.as_str().to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// Word-level precision, recall and F1 of `pred` against `gold`, as bags of lower-cased `\w+`
/// tokens.
pub fn word_prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (bag(pred), bag(gold));
    let (np, ng): (usize, usize) = (p.values().sum(), g.values().sum());
    if np == 0 && ng == 0 {
        return (1.0, 1.0, 1.0);
    }
    if np == 0 || ng == 0 {
        return (0.0, 0.0, 0.0);
    }
    let common: usize = p
        .iter()
        .map(|(k, v)| (*v).min(g.get(k).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return (0.0, 0.0, 0.0);
    }
    let (pr, rc) = (common as f64 / np as f64, common as f64 / ng as f64);
    (pr, rc, 2.0 * pr * rc / (pr + rc))
}

/// The gold page type mapped onto [`PageKind`].
pub fn gold_kind(t: &str) -> PageKind {
    match t {
        "article" => PageKind::Article,
        "product" => PageKind::Product,
        "forum" => PageKind::Forum,
        "listing" | "collection" => PageKind::Listing,
        _ => PageKind::Other,
    }
}

/// Author names for comparison: case- and whitespace-folded, split at commas, "and", "&" and
/// ";" (the ground truth writes several authors either way).
pub fn author_key(s: &str) -> Vec<String> {
    let f = collapse_ws(s).to_lowercase();
    let f = f
        .replace(" & ", ",")
        .replace(" and ", ",")
        .replace(';', ",");
    f.split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A title for comparison: whitespace folded and typographic characters read as their
/// typewriter stand-ins (curly quotes as straight ones, "…" as "...", "—" as "--", full-width
/// "？" as "?"). The ground truth writes "We've" for a page that shows "We’ve" about as often
/// as not, and a reader takes both for the same title; nothing else (case, words) is forgiven.
pub fn title_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in collapse_ws(s).chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => out.push('"'),
            '\u{2026}' => out.push_str("..."),
            '\u{2014}' => out.push_str("--"),
            // Full-width forms of ASCII ("？") are the same characters.
            '\u{ff01}'..='\u{ff5e}' => out.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
            c => out.push(c),
        }
    }
    out
}

fn kind_name(k: PageKind) -> &'static str {
    match k {
        PageKind::Article => "article",
        PageKind::Listing => "listing",
        PageKind::Product => "product",
        PageKind::Forum => "forum",
        PageKind::Other => "other",
    }
}

struct Case {
    id: String,
    bytes: Vec<u8>,
    gold: Value,
}

fn str_field(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(|x| x.as_str())
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

/// Runs the measure over `dir` (at most `limit` pages, in file-name order).
pub fn run(dir: &Path, limit: Option<usize>) -> Result<Report> {
    let gt_dir = dir.join("ground-truth");
    let mut names: Vec<_> = std::fs::read_dir(&gt_dir)
        .with_context(|| format!("reading {}", gt_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    if let Some(l) = limit {
        names.truncate(l);
    }
    let cases: Vec<Case> = names
        .par_iter()
        .map(|p| -> Result<Case> {
            let id = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let gold: Value = serde_json::from_slice(&std::fs::read(p)?)
                .with_context(|| format!("parsing {}", p.display()))?;
            let html = dir.join("html").join(format!("{id}.html.gz"));
            let bytes =
                std::fs::read(&html).with_context(|| format!("reading {}", html.display()))?;
            Ok(Case { id, bytes, gold })
        })
        .collect::<Result<_>>()?;

    let start = Instant::now();
    let outputs: Vec<_> = cases
        .par_iter()
        .map(|c| {
            let url = c.gold.get("url").and_then(|u| u.as_str());
            let t = Instant::now();
            let out = extract(&Page {
                bytes: &c.bytes,
                url,
                content_type: None,
            });
            (out, t.elapsed().as_secs_f64() * 1000.0)
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();

    let mut results = Vec::with_capacity(cases.len());
    for (c, (out, ms)) in cases.iter().zip(outputs) {
        let gold_type = c
            .gold
            .pointer("/_internal/page_type/primary")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let gt = c.gold.get("ground_truth").cloned().unwrap_or(Value::Null);
        let is_art = gold_type == "article";
        let mut r = PageResult {
            id: c.id.clone(),
            ms,
            gold_kind: gold_type,
            kind: None,
            error: None,
            precision: None,
            recall: None,
            f1: None,
            title_ok: None,
            date_ok: None,
            author_ok: None,
            title: None,
            gold_title: str_field(&gt, "title"),
            date: None,
            gold_date: str_field(&gt, "publish_date"),
            author: None,
            gold_author: str_field(&gt, "author"),
        };
        let (text, title, date, author) = match out {
            Ok(e) => {
                r.kind = Some(e.kind);
                (e.text, e.title, e.published, e.author)
            }
            Err(e) => {
                r.error = Some(e.to_string());
                (String::new(), None, None, None)
            }
        };
        if is_art {
            let gold_text = str_field(&gt, "main_content").unwrap_or_default();
            let (p, rc, f) = word_prf(&text, &gold_text);
            r.precision = Some(p);
            r.recall = Some(rc);
            r.f1 = Some(f);
            if let Some(gtitle) = &r.gold_title {
                r.title_ok = Some(title.as_deref().map(title_key) == Some(title_key(gtitle)));
            }
            if let Some(gd) = &r.gold_date {
                let day = |s: &str| s.chars().take(10).collect::<String>();
                r.date_ok = Some(date.as_deref().map(day) == Some(day(gd)));
            }
            if let Some(ga) = &r.gold_author {
                r.author_ok = Some(author.as_deref().map(author_key) == Some(author_key(ga)));
            }
        }
        r.title = title;
        r.date = date;
        r.author = author;
        results.push(r);
    }

    let arts: Vec<&PageResult> = results
        .iter()
        .filter(|r| r.gold_kind == "article")
        .collect();
    let mean = |f: &dyn Fn(&PageResult) -> Option<f64>| -> f64 {
        let v: Vec<f64> = arts.iter().filter_map(|r| f(r)).collect();
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let acc = |f: &dyn Fn(&PageResult) -> Option<bool>| -> (f64, usize) {
        let v: Vec<bool> = arts.iter().filter_map(|r| f(r)).collect();
        let n = v.len();
        (
            if n == 0 {
                0.0
            } else {
                v.iter().filter(|b| **b).count() as f64 / n as f64
            },
            n,
        )
    };
    let (title_acc, title_n) = acc(&|r| r.title_ok);
    let (date_acc, date_n) = acc(&|r| r.date_ok);
    let (author_acc, author_n) = acc(&|r| r.author_ok);
    let mut conf: HashMap<(String, String), usize> = HashMap::new();
    let (mut kind_ok, mut art_ok) = (0usize, 0usize);
    for r in &results {
        let g = gold_kind(&r.gold_kind);
        let p = r.kind.unwrap_or(PageKind::Other);
        if g == p {
            kind_ok += 1;
        }
        if (g == PageKind::Article) == (p == PageKind::Article) {
            art_ok += 1;
        }
        *conf
            .entry((r.gold_kind.clone(), kind_name(p).to_string()))
            .or_insert(0) += 1;
    }
    let mut confusion: Vec<(String, String, usize)> =
        conf.into_iter().map(|((g, p), n)| (g, p, n)).collect();
    confusion.sort();
    let n = results.len();
    Ok(Report {
        pages: n,
        articles: arts.len(),
        errors: results.iter().filter(|r| r.error.is_some()).count(),
        word_precision: mean(&|r| r.precision),
        word_recall: mean(&|r| r.recall),
        word_f1: mean(&|r| r.f1),
        title_acc,
        title_n,
        date_acc,
        date_n,
        date_extra: arts
            .iter()
            .filter(|r| r.gold_date.is_none() && r.date.is_some())
            .count(),
        author_acc,
        author_n,
        author_extra: arts
            .iter()
            .filter(|r| r.gold_author.is_none() && r.author.is_some())
            .count(),
        kind_acc: if n == 0 {
            0.0
        } else {
            kind_ok as f64 / n as f64
        },
        is_article_acc: if n == 0 {
            0.0
        } else {
            art_ok as f64 / n as f64
        },
        confusion,
        seconds,
        pages_per_sec: if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        },
        ms_per_page: if n == 0 {
            0.0
        } else {
            results.iter().map(|r| r.ms).sum::<f64>() / n as f64
        },
        threads: rayon::current_num_threads(),
        results,
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "pages {} (articles {}), unreadable {}",
            self.pages, self.articles, self.errors
        )?;
        writeln!(
            f,
            "main text (articles)   word F1 {:.4}  precision {:.4}  recall {:.4}",
            self.word_f1, self.word_precision, self.word_recall
        )?;
        writeln!(
            f,
            "title exact            {:.4}  ({} pages)",
            self.title_acc, self.title_n
        )?;
        writeln!(
            f,
            "publish date (day)     {:.4}  ({} pages; {} dated without a gold date)",
            self.date_acc, self.date_n, self.date_extra
        )?;
        writeln!(
            f,
            "author                 {:.4}  ({} pages; {} given without a gold author)",
            self.author_acc, self.author_n, self.author_extra
        )?;
        writeln!(
            f,
            "page kind              {:.4}  (article vs not {:.4}; {} pages)",
            self.kind_acc, self.is_article_acc, self.pages
        )?;
        writeln!(
            f,
            "speed                  {:.1} pages/s ({:.2} s, {} threads; {:.2} ms a page on one thread)",
            self.pages_per_sec, self.seconds, self.threads, self.ms_per_page
        )?;
        writeln!(f, "kind confusion (gold -> predicted):")?;
        let mut last = "";
        for (g, p, n) in &self.confusion {
            if g != last {
                write!(f, "{}  {g:<14}", if last.is_empty() { "" } else { "\n" })?;
                last = g;
            }
            write!(f, " {p}={n}")?;
        }
        writeln!(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_f1_is_a_bag_measure() {
        let (p, r, f) = word_prf("the cat the hat", "The cat sat");
        assert!((p - 0.5).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
        assert!((f - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(word_prf("", ""), (1.0, 1.0, 1.0));
        assert_eq!(word_prf("a", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn title_keys_forgive_only_typographic_stand_ins() {
        assert_eq!(title_key("We\u{2019}ve  “won”"), title_key("We've \"won\""));
        assert_eq!(
            title_key("A guide to… X—Y？"),
            title_key("A guide to... X--Y?")
        );
        assert_ne!(title_key("A \u{2013} B"), title_key("A - B"));
        assert_ne!(title_key("Tips"), title_key("TIPS"));
    }

    #[test]
    fn author_keys_fold_list_styles() {
        assert_eq!(
            author_key("Jane  Doe, Ann Lee, and Bo Ek"),
            author_key("jane doe, ann lee and bo ek")
        );
        assert_eq!(author_key("A & B"), vec!["a".to_string(), "b".to_string()]);
    }
}
