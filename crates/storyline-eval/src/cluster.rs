//! Clustering measures: labelled articles from JSONL or CSV, and BCubed and pairwise
//! precision, recall and F1 of a predicted clustering against gold labels.
//!
//! The loader understands the shapes of the shared sets without special cases: text from
//! `text`, else `sentences` (a list, one a line), else the title; a publication time from
//! `published`, `time`, `date` or `timestamp` (RFC 3339, YYYY-MM-DD, or epoch seconds or
//! milliseconds); field names match case-insensitively.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::{Map, Value};
use storyline_core::RawArticle;

/// A labelled article.
pub struct Labelled {
    pub article: RawArticle,
    pub gold: String,
}

/// Read a labelled JSONL (`.jsonl`, `.ndjson`, `.json`) or CSV file; `gold` names the label field.
pub fn load(path: &Path, gold: &str) -> anyhow::Result<Vec<Labelled>> {
    let records = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(e) if e == "csv" => read_csv(path)?,
        _ => read_jsonl(path)?,
    };
    let mut out = Vec::with_capacity(records.len());
    for (i, rec) in records.into_iter().enumerate() {
        let origin = format!("{}:{}", path.display(), i + 2 - usize::from(!is_csv(path)));
        let Some(label) = field(&rec, gold).and_then(scalar) else {
            bail!("{origin}: no `{gold}` label");
        };
        let Some(article) = to_article(&rec, origin.clone()) else {
            bail!("{origin}: no text, sentences or title");
        };
        out.push(Labelled {
            article,
            gold: label,
        });
    }
    if out.is_empty() {
        bail!("{}: no labelled records", path.display());
    }
    Ok(out)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The JSON objects of a JSONL file, one a non-blank line; a line that is not one is an
/// error naming the file and line.
pub fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Map<String, Value>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str(line) {
            Ok(Value::Object(m)) => out.push(m),
            Ok(_) => bail!("{}:{}: not a JSON object", path.display(), i + 1),
            Err(e) => bail!("{}:{}: malformed JSON: {e}", path.display(), i + 1),
        }
    }
    Ok(out)
}

fn read_csv(path: &Path) -> anyhow::Result<Vec<Map<String, Value>>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}: bad CSV record {}", path.display(), i + 2))?;
        out.push(
            headers
                .iter()
                .zip(row.iter())
                .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                .collect(),
        );
    }
    Ok(out)
}

/// A field by name, case-insensitively.
fn field<'a>(rec: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    rec.get(name).or_else(|| {
        rec.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text_of(rec: &Map<String, Value>) -> Option<String> {
    if let Some(t) = field(rec, "text").and_then(scalar) {
        return Some(t);
    }
    if let Some(Value::Array(list)) = field(rec, "sentences") {
        let lines: Vec<String> = list.iter().filter_map(scalar).collect();
        if !lines.is_empty() {
            return Some(lines.join("\n"));
        }
    }
    field(rec, "title").and_then(scalar)
}

fn to_article(rec: &Map<String, Value>, origin: String) -> Option<RawArticle> {
    let text = text_of(rec)?;
    let get = |names: &[&str]| names.iter().find_map(|n| field(rec, n).and_then(scalar));
    Some(RawArticle {
        id: get(&["id"]),
        origin,
        title: get(&["title"]),
        url: get(&["url"]),
        publisher: get(&["publisher"]),
        author: get(&["author"]),
        published: get(&["published", "time", "date", "timestamp"]).and_then(|t| parse_time(&t)),
        language: get(&["language"]),
        text,
        extra: Map::new(),
    })
}

/// RFC 3339 or YYYY-MM-DD as given; epoch seconds or milliseconds as RFC 3339 UTC.
fn parse_time(s: &str) -> Option<String> {
    if let Some(d) = storyline_core::normalize_date(s) {
        return Some(d);
    }
    let n: i64 = s.parse().ok()?;
    let secs = if n > 100_000_000_000 { n / 1000 } else { n };
    let t = chrono::DateTime::from_timestamp(secs, 0)?;
    Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Counts of items by predicted cluster, by gold class and by both.
struct Contingency {
    pred: HashMap<String, f64>,
    gold: HashMap<String, f64>,
    both: HashMap<(String, String), f64>,
    n: f64,
}

fn contingency(pred: &[String], gold: &[String]) -> Contingency {
    assert_eq!(pred.len(), gold.len(), "one prediction an item");
    let mut c = Contingency {
        pred: HashMap::new(),
        gold: HashMap::new(),
        both: HashMap::new(),
        n: pred.len() as f64,
    };
    for (p, g) in pred.iter().zip(gold) {
        *c.pred.entry(p.clone()).or_default() += 1.0;
        *c.gold.entry(g.clone()).or_default() += 1.0;
        *c.both.entry((p.clone(), g.clone())).or_default() += 1.0;
    }
    c
}

/// BCubed precision and recall (per item, averaged): for an item, the share of its predicted
/// cluster that shares its gold class, and the share of its gold class in its cluster.
pub fn bcubed(pred: &[String], gold: &[String]) -> Prf {
    let c = contingency(pred, gold);
    if c.n == 0.0 {
        return Prf::new(0.0, 0.0);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for ((pc, gc), &k) in &c.both {
        p += k * k / c.pred[pc];
        r += k * k / c.gold[gc];
    }
    Prf::new(p / c.n, r / c.n)
}

/// Pairwise precision and recall over all pairs of items.
pub fn pairwise(pred: &[String], gold: &[String]) -> Prf {
    let c = contingency(pred, gold);
    let pairs = |k: f64| k * (k - 1.0) / 2.0;
    let both: f64 = c.both.values().map(|&k| pairs(k)).sum();
    let pred_pairs: f64 = c.pred.values().map(|&k| pairs(k)).sum();
    let gold_pairs: f64 = c.gold.values().map(|&k| pairs(k)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    Prf::new(ratio(both, pred_pairs), ratio(both, gold_pairs))
}

/// A predicted cluster that mixes gold classes, or a gold class spread over clusters: the
/// worst ones first, for finding what a change broke.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Confusion {
    /// The predicted cluster (merges) or the gold class (splits).
    pub label: String,
    pub size: usize,
    /// Items outside its largest part.
    pub stray: usize,
    /// Its parts, largest first: (gold class or predicted cluster, items).
    pub parts: Vec<(String, usize)>,
}

/// The `n` worst merges (predicted clusters holding several gold classes) and splits (gold
/// classes spread over several predicted clusters).
pub fn confusions(pred: &[String], gold: &[String], n: usize) -> (Vec<Confusion>, Vec<Confusion>) {
    let worst = |by: &[String], other: &[String]| {
        let mut groups: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
        for (a, b) in by.iter().zip(other) {
            *groups.entry(a).or_default().entry(b).or_default() += 1;
        }
        let mut out: Vec<Confusion> = groups
            .into_iter()
            .filter(|(_, parts)| parts.len() > 1)
            .map(|(label, parts)| {
                let mut parts: Vec<(String, usize)> =
                    parts.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                parts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let size: usize = parts.iter().map(|p| p.1).sum();
                Confusion {
                    label: label.to_string(),
                    stray: size - parts[0].1,
                    size,
                    parts,
                }
            })
            .collect();
        out.sort_by(|a, b| b.stray.cmp(&a.stray).then(a.label.cmp(&b.label)));
        out.truncate(n);
        out
    };
    (worst(pred, gold), worst(gold, pred))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn perfect_and_known_scores() {
        let gold = s(&["a", "a", "b", "b"]);
        assert_eq!(bcubed(&s(&["x", "x", "y", "y"]), &gold).f1, 1.0);
        // Everything in one cluster: precision 0.5, recall 1.
        let one = bcubed(&s(&["x", "x", "x", "x"]), &gold);
        assert_eq!((one.precision, one.recall), (0.5, 1.0));
        let pw = pairwise(&s(&["x", "x", "x", "x"]), &gold);
        assert!((pw.precision - 2.0 / 6.0).abs() < 1e-12 && pw.recall == 1.0);
        // Singletons: precision 1, recall 0.5 (BCubed), 0 pairs found (pairwise).
        let single = bcubed(&s(&["1", "2", "3", "4"]), &gold);
        assert_eq!((single.precision, single.recall), (1.0, 0.5));
        assert_eq!(pairwise(&s(&["1", "2", "3", "4"]), &gold).recall, 0.0);
    }

    #[test]
    fn confusions_rank_merges_and_splits() {
        let gold = s(&["a", "a", "b", "b", "c"]);
        let pred = s(&["x", "x", "x", "y", "z"]);
        let (merged, split) = confusions(&pred, &gold, 5);
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].label.as_str(), merged[0].stray), ("x", 1));
        assert_eq!(merged[0].parts[0], ("a".to_string(), 2));
        assert_eq!(split.len(), 1);
        assert_eq!((split[0].label.as_str(), split[0].size), ("b", 2));
    }

    #[test]
    fn loads_sentences_csv_and_epoch_times() {
        let dir = tempfile::tempdir().unwrap();
        let j = dir.path().join("x.jsonl");
        std::fs::write(
            &j,
            "{\"id\":\"1\",\"topic\":3,\"sentences\":[\"One.\",\"Two.\"]}\n",
        )
        .unwrap();
        let got = load(&j, "topic").unwrap();
        assert_eq!(
            (got[0].gold.as_str(), got[0].article.text.as_str()),
            ("3", "One.\nTwo.")
        );
        let c = dir.path().join("x.csv");
        std::fs::write(
            &c,
            "ID,TITLE,STORY,TIMESTAMP\n7,\"Fed, banks\",s1,1394470370698\n",
        )
        .unwrap();
        let got = load(&c, "STORY").unwrap();
        let a = &got[0].article;
        assert_eq!(
            (a.id.as_deref(), a.text.as_str()),
            (Some("7"), "Fed, banks")
        );
        assert_eq!(a.published.as_deref(), Some("2014-03-10T16:52:50Z"));
        assert!(load(&c, "missing").is_err());
    }
}
