//! `storyline clean`: one article on stdin, cleaned on stdout.

use std::io::Read;
use std::process::ExitCode;

use storyline_clean::{Cleaner, Corpus};

pub fn run(json: bool) -> anyhow::Result<ExitCode> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    if matches!(text, std::borrow::Cow::Owned(_)) {
        eprintln!("warning: <stdin>: invalid UTF-8 replaced with U+FFFD");
    }
    // A single article is its own corpus: words it uses elsewhere count as evidence.
    let mut corpus = Corpus::default();
    corpus.observe(None, &text);
    let cleaned = Cleaner::new().clean(&text, None, &corpus);
    if json {
        let v = serde_json::json!({
            "meta": cleaned.meta, "paragraphs": cleaned.paragraphs, "removed": cleaned.removed,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("{}", cleaned.to_plain());
    }
    Ok(ExitCode::SUCCESS)
}
