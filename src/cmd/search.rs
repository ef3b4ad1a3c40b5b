//! `storyline search QUERY`: stored articles by relevance (SQLite FTS5, BM25, title words
//! weighing three times body words), with the words around each match.
//!
//! Ingest only notes which articles the index lacks (indexing inside ingest would cost as much
//! as cleaning); this command, like a running server, indexes them first. When another process
//! is writing, it searches what is indexed and says how much is not yet.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use storyline::stories::{day, search_json};
use storyline_store::SearchHit;

pub struct Request<'a> {
    pub query: &'a str,
    pub limit: usize,
    pub json: bool,
}

pub fn run(db: &Path, req: &Request) -> anyhow::Result<ExitCode> {
    if let Err(why) = storyline_store::check_query(req.query) {
        eprintln!("storyline search: {why}");
        return Ok(ExitCode::from(2));
    }
    if storyline_store::fts_query(req.query).is_none() {
        eprintln!(
            "storyline search: nothing to search for in {:?}: give at least one word",
            req.query
        );
        return Ok(ExitCode::from(2));
    }
    let mut store = super::open_existing_store(db)?;
    let pending = super::index_for_search(&mut store, "storyline search");
    let total = store.search_count(req.query)?;
    let hits = store.search(req.query, req.limit, 0)?;
    let mut out = std::io::stdout().lock();
    let written = if req.json {
        write_json(&mut out, req.query, total, pending, &hits)
    } else {
        let bold = std::io::stdout().is_terminal();
        write_text(&mut out, req.query, total, pending, &hits, bold)
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_json(
    out: &mut impl Write,
    query: &str,
    total: u64,
    pending: u64,
    hits: &[SearchHit],
) -> std::io::Result<()> {
    let v = search_json(query, total, pending, hits);
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&v).expect("JSON values serialise")
    )
}

fn write_text(
    out: &mut impl Write,
    query: &str,
    total: u64,
    pending: u64,
    hits: &[SearchHit],
    bold: bool,
) -> std::io::Result<()> {
    let s = super::plural(total);
    writeln!(out, "{total} article{s} match {query:?}")?;
    if pending > 0 {
        writeln!(
            out,
            "({pending} more not searchable yet: another process is writing)"
        )?;
    }
    for h in hits {
        writeln!(out)?;
        let date = h.published.as_deref().map(day).unwrap_or_default();
        let title = h.title.as_deref().unwrap_or("(no title)");
        writeln!(out, "{}  {title}", h.id)?;
        let place = joined([h.publisher.as_deref().unwrap_or(""), &date], ", ");
        let group = h
            .storyline
            .as_deref()
            .map(|s| format!("storyline {s}, event {}", h.event.as_deref().unwrap_or("?")))
            .unwrap_or_default();
        let line = joined([&place, &group], "; ");
        if !line.is_empty() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out, "  {}", marked(&h.snippet, bold))?;
    }
    Ok(())
}

/// The parts that are not empty, joined by `sep`.
fn joined(parts: [&str; 2], sep: &str) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// A snippet with its matches in bold on a terminal, else between `[` and `]`.
fn marked(snippet: &str, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    snippet
        .replace(storyline_store::MATCH_START, open)
        .replace(storyline_store::MATCH_END, close)
        .replace('\n', " ")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::marked;

    #[test]
    fn matches_are_marked_for_terminals_and_pipes() {
        let s = "the \u{E000}ferry\u{E001} sailed\nat dawn";
        assert_eq!(marked(s, false), "the [ferry] sailed at dawn");
        assert_eq!(marked(s, true), "the \x1b[1mferry\x1b[0m sailed at dawn");
    }
}
