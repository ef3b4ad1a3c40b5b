//! New articles while the server runs: request bodies (`POST /api/articles`) and a watched
//! folder (`--watch DIR`). Both go through the same pipeline as `storyline ingest`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::http::StatusCode;
use storyline_clean::Cleaner;
use storyline_core::RawArticle;
use storyline_ingest::{discover, Input, Item, Notice};
use storyline_store::Store;

use super::api::ApiError;
use super::state::App;
use crate::pipeline::{ingest_keeping, IngestSummary, Quiet, Source};

/// How long a write from the server waits for another process writing to the store.
const WRITER_WAIT: Duration = Duration::from_secs(5);

/// Name under which problems of a request body are reported (`request:N` is its Nth article).
const REQUEST: &str = "request";

/// Parse a request body and ingest its articles. The body is one article object, an array of
/// them, or JSON lines; each bad article is rejected in the summary, the others are stored.
pub fn ingest_body(app: &App, body: &[u8]) -> Result<IngestSummary, ApiError> {
    let (raws, notices) = read_body(body)?;
    let mut summary = if raws.is_empty() {
        IngestSummary::default()
    } else {
        store_articles(app, raws)?
    };
    for n in notices.into_iter().rev() {
        summary.rejected += u64::from(n.severity == storyline_ingest::Severity::Rejected);
        summary.warnings += u64::from(n.severity == storyline_ingest::Severity::Warning);
        summary.notices.insert(0, n);
    }
    Ok(summary)
}

/// The articles of a request body and the problems found in it.
fn read_body(body: &[u8]) -> Result<(Vec<RawArticle>, Vec<Notice>), ApiError> {
    let lines = body_as_lines(body)?;
    let (mut raws, mut notices) = (Vec::new(), Vec::new());
    storyline_ingest::read_jsonl(REQUEST, &lines, &mut |item| match item {
        Item::Article(a) => raws.push(a),
        Item::Notice(n) => notices.push(n),
    });
    Ok((raws, notices))
}

/// The body as JSON lines: an object becomes one line, an array one line an element; text
/// that is not one JSON value is taken as JSON lines already.
fn body_as_lines(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "empty body: send an article object, an array of them, or JSON lines",
        ));
    }
    // Elements are kept as written (a long numeric id keeps its digits); a raw newline in
    // JSON can only be whitespace between tokens, so each becomes one line.
    use serde_json::value::RawValue;
    let elements: Vec<Box<RawValue>> = match serde_json::from_slice::<Box<RawValue>>(body) {
        Ok(v) if v.get().starts_with('[') => match serde_json::from_str(v.get()) {
            Ok(items) => items,
            Err(_) => return Ok(body.to_vec()),
        },
        Ok(v) if v.get().starts_with('{') => vec![v],
        Ok(_) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "expected an article object, an array of them, or JSON lines",
            ))
        }
        Err(_) => return Ok(body.to_vec()),
    };
    let mut lines = Vec::with_capacity(body.len());
    for v in elements {
        lines.extend(
            v.get()
                .bytes()
                .map(|b| if b == b'\n' || b == b'\r' { b' ' } else { b }),
        );
        lines.push(b'\n');
    }
    Ok(lines)
}

fn store_articles(app: &App, raws: Vec<RawArticle>) -> Result<IngestSummary, ApiError> {
    ingest(app, Source::Articles(raws))
}

/// Ingest `source` with the grouping state the server keeps between ingests.
fn ingest(app: &App, source: Source<'_>) -> Result<IngestSummary, ApiError> {
    let mut kept = app.writing.lock().expect("writer lock");
    let mut store = Store::open(&app.db)?;
    // Another process's write batch is short: wait a little for it rather than fail at once.
    store.wait_for_writers(WRITER_WAIT, |_, _| {});
    let params = storyline_cluster::Params::default();
    let cleaner = Cleaner::new();
    Ok(ingest_keeping(
        &mut store, source, &cleaner, &Quiet, &params, &mut kept,
    )?)
}

/// Size and modification time: a file whose pair changes is read again.
type Stamp = (SystemTime, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Ingest files that appear or change in `dir`, checking every `every`. A file is read once
/// it has kept its size and time for one whole interval, so half-written files wait.
pub fn watch(app: Arc<App>, dir: PathBuf, every: Duration) {
    let mut seen: HashMap<PathBuf, Stamp> = HashMap::new();
    let mut done: HashMap<PathBuf, Stamp> = HashMap::new();
    loop {
        let (inputs, missing) = discover(std::slice::from_ref(&dir));
        for n in missing {
            eprintln!("storyline serve: watch: {n}");
        }
        let mut ready = Vec::new();
        for input in inputs {
            let Input::File { path, .. } = &input else {
                continue;
            };
            let Some(now) = stamp(path) else { continue };
            let stable = seen.insert(path.clone(), now) == Some(now);
            if stable && done.get(path) != Some(&now) {
                ready.push((input, now));
            }
        }
        if !ready.is_empty() {
            match ingest_files(&app, &ready) {
                Ok(()) => done.extend(ready.into_iter().filter_map(|(i, s)| match i {
                    Input::File { path, .. } => Some((path, s)),
                    Input::Stdin => None,
                })),
                // Another writer holds the store: the files stay ready for the next round.
                Err(e) => eprintln!("storyline serve: watch: {}", e.message),
            }
        }
        std::thread::sleep(every);
    }
}

fn ingest_files(app: &App, ready: &[(Input, Stamp)]) -> Result<(), ApiError> {
    let inputs: Vec<Input> = ready.iter().map(|(i, _)| i.clone()).collect();
    let summary = ingest(app, Source::Inputs(&inputs))?;
    for n in &summary.notices {
        eprintln!("storyline serve: watch: {n}");
    }
    eprintln!(
        "storyline serve: watch: {} files: {} ingested, {} revised, {} unchanged, {} rejected",
        inputs.len(),
        summary.ingested,
        summary.revised,
        summary.unchanged,
        summary.rejected
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_arrays_and_lines_are_articles() {
        let (a, n) = read_body(br#"{"id": "x", "text": "Body."}"#).unwrap();
        assert_eq!((a.len(), n.len()), (1, 0));
        let (a, n) = read_body(br#"[{"text": "One."}, {"title": "no text"}, 7]"#).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(
            n.iter().map(|n| n.origin.as_str()).collect::<Vec<_>>(),
            ["request:2", "request:3"]
        );
        let (a, n) = read_body(b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n{broken\n").unwrap();
        assert_eq!((a.len(), n.len()), (2, 1));
        assert_eq!(n[0].origin, "request:3");
    }

    #[test]
    fn long_numeric_ids_and_pretty_printed_objects_survive_the_body() {
        let body = b"[{\"id\": 12345678901234567890123,\n \"text\": \"One.\"},\n {\"id\": 12345678901234567890124, \"text\": \"Two.\"}]";
        let (a, n) = read_body(body).unwrap();
        assert!(n.is_empty(), "{n:?}");
        let ids: Vec<_> = a.iter().map(|a| a.id.clone().unwrap()).collect();
        assert_eq!(ids, ["12345678901234567890123", "12345678901234567890124"]);
    }

    #[test]
    fn bodies_that_are_not_articles_are_refused() {
        for body in [&b""[..], b"  \n", b"42", b"\"text\""] {
            assert_eq!(read_body(body).unwrap_err().status, StatusCode::BAD_REQUEST);
        }
    }
}
