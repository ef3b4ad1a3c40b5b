//! Runs the extraction measure: `cargo run --release -p storyline-extract --example extract_eval -- [DIR] [LIMIT] [--dump FILE]`.
//! With `--dump FILE`, every page's outcome is written as JSON lines for study.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args.iter().position(|a| a == "--dump").map(|i| {
        let f = args
            .get(i + 1)
            .cloned()
            .unwrap_or_else(|| "extract-eval.jsonl".into());
        args.drain(i..(i + 2).min(args.len()));
        f
    });
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/extraction/wcxb-dev")
    });
    let limit = args.get(1).and_then(|s| s.parse().ok());
    let report = storyline_extract::eval::run(&dir, limit)?;
    print!("{report}");
    if let Some(f) = dump {
        let lines: Vec<String> = report
            .results
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        std::fs::write(&f, lines.join("\n"))?;
    }
    Ok(())
}
