//! A run stopped part-way (here by a store failure injected after some batches, as a kill
//! would stop it), then run again on the same inputs, ends with the same cleaned articles
//! as one uninterrupted run: the cleaner's corpus evidence is saved with the articles it came
//! from.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// About 1,500 real news articles (Timeline17 dev) as one JSONL file: three chunks of
/// cleaning evidence.
fn corpus(path: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for (name, mut a) in common::t17_articles().into_iter().take(1500) {
        a["id"] = format!("{name}-{}", a["id"].as_str().unwrap_or("x")).into();
        writeln!(out, "{a}").unwrap();
    }
}

fn texts(db: &Path) -> HashMap<String, String> {
    common::export(db)
        .into_iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_stopped_run_run_again_cleans_as_one_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    corpus(&input);
    let whole = dir.path().join("whole.db");
    common::run_ok(&["ingest", "--ungrouped", input.to_str().unwrap()], &whole);

    // An empty store (a file of nothing creates it) whose writes fail once 800 articles are
    // in: the run stops mid-chunk as a kill would, its committed batches kept.
    let stopped = dir.path().join("stopped.db");
    let blank = dir.path().join("blank.jsonl");
    std::fs::write(&blank, "\n").unwrap();
    let _ = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", blank.to_str().unwrap(), "--db"])
        .arg(&stopped)
        .output()
        .unwrap();
    let sql = |q: &str| {
        rusqlite::Connection::open(&stopped)
            .unwrap()
            .execute_batch(q)
            .unwrap()
    };
    sql("CREATE TRIGGER stop_here BEFORE INSERT ON articles
         WHEN (SELECT COUNT(*) FROM articles) >= 800
         BEGIN SELECT RAISE(ABORT, 'stopped by the test'); END;");
    let first = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", "--ungrouped", input.to_str().unwrap(), "--db"])
        .arg(&stopped)
        .output()
        .unwrap();
    assert_eq!(
        first.status.code(),
        Some(3),
        "the injected failure stops the run"
    );
    let count: i64 = rusqlite::Connection::open(&stopped)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert!(count > 0 && count < 800, "stopped part-way: {count}");
    sql("DROP TRIGGER stop_here");

    common::run_ok(
        &["ingest", "--ungrouped", input.to_str().unwrap()],
        &stopped,
    );
    let (a, b) = (texts(&whole), texts(&stopped));
    assert_eq!(a.len(), b.len());
    let differing = a.iter().filter(|(id, t)| b.get(*id) != Some(t)).count();
    assert_eq!(
        differing, 0,
        "{differing} cleaned texts differ from the whole run"
    );
}
