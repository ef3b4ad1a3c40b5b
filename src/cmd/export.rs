//! `storyline export`: every stored article as one JSON line.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use storyline::stories::article_json;

pub fn run(db: &Path) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write_err: Option<std::io::Error> = None;
    store.for_each_article(|a| {
        if write_err.is_none() {
            if let Err(e) = writeln!(out, "{}", article_json(&a)) {
                write_err = Some(e);
            }
        }
        Ok(())
    })?;
    match write_err.or_else(|| out.flush().err()) {
        // A closed pipe (`export | head`) is the reader's choice, not a failure.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Some(e) => Err(e.into()),
        None => Ok(ExitCode::SUCCESS),
    }
}
