//! One module a subcommand; each returns the process exit code.

pub mod clean;
pub mod demo;
pub mod eval;
mod eval_story;
mod eval_timeline;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod regroup;
pub mod search;
pub mod serve;
pub mod show;
pub mod stories;
pub mod timeline;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use storyline_store::Store;

/// Open the store, naming the file in any error.
pub fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open store {}", path.display()))
}

/// How long a writing command waits for another process writing to the same store (seconds;
/// `STORYLINE_LOCK_WAIT` overrides it).
const LOCK_WAIT_SECS: u64 = 600;

/// Open the store for a command that writes: it waits for another writer (saying so on
/// stderr) instead of failing at once.
pub fn open_writer_store(path: &Path) -> anyhow::Result<Store> {
    let mut store = open_store(path)?;
    wait_for_writers(&mut store);
    Ok(store)
}

/// Let `store`'s writer lock wait for another writer, saying so on stderr.
pub fn wait_for_writers(store: &mut Store) {
    let secs = std::env::var("STORYLINE_LOCK_WAIT")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(LOCK_WAIT_SECS);
    store.wait_for_writers(std::time::Duration::from_secs(secs), |path, patience| {
        eprintln!(
            "storyline: another process is writing to {path}; waiting for it to finish (up to {} s)",
            patience.as_secs()
        );
    });
}

/// Open a store that must already exist (commands that only read): a missing file is an
/// error rather than a new empty store.
pub fn open_existing_store(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!(
            "no store at {} (create one with `storyline ingest`)",
            path.display()
        );
    }
    open_store(path)
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{elapsed_precise}} [{{bar:30}}] {{pos}}/{{len}} {what} {{msg}}"
    ))
    .expect("valid template");
    bar.set_style(style.progress_chars("=> "));
    bar
}

/// "s" unless there is exactly one.
pub fn plural(n: impl TryInto<u64>) -> &'static str {
    if n.try_into().ok() == Some(1) {
        ""
    } else {
        "s"
    }
}

/// Bring the search index up to date with what was stored (ingest ends with it, so that no
/// user's first search pays for it); returns how many articles are still not searchable
/// (some stay so when another process holds the store).
pub fn index_for_search(store: &mut storyline_store::Store, who: &str) -> u64 {
    // About 0.1 ms an article: a large ingest shows it.
    let todo = store.search_pending().unwrap_or(0);
    let bar = progress_bar(todo, "articles indexed for search");
    loop {
        match store.index_pending(storyline_store::INDEX_BATCH) {
            Ok(0) => {
                bar.finish_and_clear();
                return 0;
            }
            Ok(n) => bar.inc(n as u64),
            Err(e) => {
                bar.abandon();
                eprintln!("{who}: the search index could not be brought up to date: {e}");
                return store.search_pending().unwrap_or(0);
            }
        }
    }
}
