//! `storyline timeline FILE.jsonl`: a timeline of the articles in a file, without a store.
//! Prints `[["YYYY-MM-DD", ["sentence", ...]], ...]`.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use storyline_story::timeline::{self, Options};
use storyline_story::{Doc, Table};

/// What `timeline` was asked for, beside the file.
pub struct Request {
    pub dates: usize,
    pub per_date: usize,
    pub keywords: Vec<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

pub fn run(file: &Path, req: Request) -> anyhow::Result<ExitCode> {
    let (docs, bad) = read_docs(file)?;
    let mut opts = Options::new(req.dates, req.per_date);
    opts.keywords = req.keywords;
    opts.start = req.start;
    opts.end = req.end;
    let table = Table::build(&docs);
    let entries = timeline::build(&table, &opts);
    println!("{}", serde_json::to_string(&as_pairs(&entries))?);
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A timeline in the Timeline17 form: `[(date, [sentence, ...]), ...]`.
pub fn as_pairs(entries: &[timeline::Entry]) -> Vec<(String, Vec<String>)> {
    entries
        .iter()
        .map(|e| {
            let sentences = e.sentences.iter().map(|p| p.text.clone()).collect();
            (e.date.format("%Y-%m-%d").to_string(), sentences)
        })
        .collect()
}

/// Articles of a JSONL file (`id`, `time` or `published`, `text`). Lines that cannot be read
/// are reported on stderr with their line number and skipped; returns how many were.
pub fn read_docs(path: &Path) -> anyhow::Result<(Vec<Doc>, usize)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut docs = Vec::new();
    let mut bad = 0;
    for (n, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        match doc_of_line(&line, n) {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("storyline: {}:{}: {e}", path.display(), n + 1);
                bad += 1;
            }
        }
    }
    Ok((docs, bad))
}

fn doc_of_line(line: &str, n: usize) -> Result<Doc, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = v["text"].as_str().ok_or("no `text` string")?.to_string();
    let date = v["time"].as_str().or(v["published"].as_str());
    let published = match date {
        Some(d) => Some(
            d.get(..10)
                .and_then(|d| d.parse::<NaiveDate>().ok())
                .ok_or_else(|| format!("unreadable date {d:?}"))?,
        ),
        None => None,
    };
    let id = match &v["id"] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(x) => x.to_string(),
        _ => format!("line{}", n + 1),
    };
    Ok(Doc {
        id,
        published,
        text,
        title: v["title"].as_str().map(String::from),
        publisher: v["publisher"].as_str().map(String::from),
        ..Doc::default()
    })
}
