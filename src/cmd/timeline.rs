//! `storyline timeline FILE.jsonl`: a timeline of the articles in a file, without a store.
//! Prints `[["YYYY-MM-DD", ["sentence", ...]], ...]`.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use storyline_core::RawArticle;
use storyline_ingest::{read_input, Format, Input, Item, Severity};
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

/// Articles of a JSONL file (`id`, `time` or `published`, `text`), read by the same reader
/// as `ingest`: lines it rejects are reported on stderr with their line number and skipped.
/// Returns the articles and how many lines were rejected.
pub fn read_docs(path: &Path) -> anyhow::Result<(Vec<Doc>, usize)> {
    if !path.is_file() {
        anyhow::bail!("cannot open {}", path.display());
    }
    let input = Input::File {
        path: path.to_path_buf(),
        format: Some(Format::Jsonl),
    };
    let (mut docs, mut bad) = (Vec::new(), 0);
    read_input(&input, &mut |item| match item {
        Item::Article(raw) => docs.push(doc_of(raw)),
        Item::Notice(n) => {
            eprintln!("storyline: {n}");
            bad += usize::from(n.severity == Severity::Rejected);
        }
    });
    Ok((docs, bad))
}

/// The story view's reading of a raw article: Timeline17's `time` stands for `published`.
fn doc_of(raw: RawArticle) -> Doc {
    let day = |d: &str| d.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
    let published = raw
        .published
        .as_deref()
        .and_then(day)
        .or_else(|| raw.extra.get("time").and_then(|t| t.as_str()).and_then(day));
    Doc {
        id: raw.id.clone().unwrap_or_else(|| raw.content_hash()),
        published,
        text: raw.text,
        title: raw.title,
        publisher: raw.publisher,
        ..Doc::default()
    }
}
