//! `storyline ingest`: read inputs, clean, store; print a summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storyline::pipeline::{ingest, ingest_ungrouped, IngestSummary, Progress};
use storyline_clean::Cleaner;
use storyline_ingest::{discover, Notice, Severity};
use storyline_store::Store;

struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn input_done(&self, inputs_done: usize, articles: usize) {
        self.0.set_position(inputs_done as u64);
        self.0.set_message(format!("({articles} articles)"));
    }
    fn chunk_done(&self, articles: usize) {
        self.0.set_message(format!("({articles} articles)"));
    }
}

pub fn run(paths: &[PathBuf], db: &Path, json: bool, ungrouped: bool) -> anyhow::Result<ExitCode> {
    let (inputs, missing) = discover(paths);
    if inputs.is_empty() && !missing.is_empty() {
        // Nothing to read: say why, and leave no new empty store behind.
        for n in &missing {
            eprintln!("{n}");
        }
        eprintln!("storyline: no input could be read; nothing was ingested");
        return Ok(ExitCode::from(1));
    }
    let (summary, mut store) = ingest_discovered(inputs, missing, db, ungrouped)?;
    let unsearchable = super::index_for_search(&mut store, "storyline ingest");
    let store = store.grouping_counts()?;
    if json {
        let mut v = serde_json::to_value(&summary)?;
        v["store"] = serde_json::to_value(store)?;
        v["store"]["search_pending"] = unsearchable.into();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_summary(&summary);
        let n = |count: u64, what: &str| match (what, count) {
            ("copy", 1) => "1 copy".to_string(),
            ("copy", _) => format!("{count} copies"),
            _ => format!("{count} {what}{}", super::plural(count)),
        };
        println!(
            "store: {} in {} and {}; {}, {}",
            n(store.articles, "article"),
            n(store.events, "event"),
            n(store.storylines, "storyline"),
            n(store.copies, "copy"),
            n(store.passages, "shared passage")
        );
        if store.ungrouped > 0 {
            println!(
                "{} not grouped yet: `storyline regroup` or the next ingest without --ungrouped groups them",
                n(store.ungrouped, "article")
            );
        }
    }
    Ok(if summary.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Discover, ingest, and report notices on stderr as they are known; returns the summary
/// and the open store. Shared with `demo`.
pub fn ingest_paths(
    paths: &[PathBuf],
    db: &Path,
    ungrouped: bool,
) -> anyhow::Result<(IngestSummary, Store)> {
    let (inputs, missing) = discover(paths);
    ingest_discovered(inputs, missing, db, ungrouped)
}

/// [`ingest_paths`] after discovery.
fn ingest_discovered(
    inputs: Vec<storyline_ingest::Input>,
    missing: Vec<Notice>,
    db: &Path,
    ungrouped: bool,
) -> anyhow::Result<(IngestSummary, Store)> {
    // The lexicon loads while the store opens and the first chunk is read.
    storyline_clean::words::Lexicon::preload();
    let mut store = super::open_writer_store(db)?;
    let bar = Bar(super::progress_bar(inputs.len() as u64, "inputs"));
    bar.0
        .enable_steady_tick(std::time::Duration::from_millis(200));
    let mut summary = if ungrouped {
        ingest_ungrouped(&mut store, &inputs, &Cleaner::new(), &bar)?
    } else {
        ingest(&mut store, &inputs, &Cleaner::new(), &bar)?
    };
    bar.0.finish_and_clear();
    for n in missing.into_iter().rev() {
        summary.rejected += 1;
        summary.notices.insert(0, n);
    }
    for n in &summary.notices {
        eprintln!("{n}");
    }
    Ok((summary, store))
}

fn print_summary(s: &IngestSummary) {
    println!(
        "ingested {}, unchanged {}, revised {}, rejected {}, warnings {}",
        s.ingested, s.unchanged, s.revised, s.rejected, s.warnings
    );
    let rejected: Vec<&Notice> = s
        .notices
        .iter()
        .filter(|n| n.severity == Severity::Rejected)
        .collect();
    if !rejected.is_empty() {
        println!("rejected:");
        for n in rejected {
            println!("  {}: {}", n.origin, n.message);
        }
    }
}
