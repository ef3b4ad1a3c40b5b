//! A run stopped part-way (here by a store failure injected after some batches, as a kill
//! would stop it), then run again on the same inputs, ends with the same cleaned articles
//! (and, before a repair pass, the same grouping) as one uninterrupted run: the cleaner's
//! corpus evidence and the grouping's last repair mark are saved with the articles.

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

/// Exports (id → record) of one whole run of `ingest FLAGS` over about 1,500 articles and of
/// a run stopped part-way (a store failure once 800 articles are in, mid-chunk, as a kill
/// would stop it, its committed batches kept) and then run again to the end.
fn whole_and_resumed(flags: &[&str]) -> (Records, Records) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    corpus(&input);
    let input = input.to_str().unwrap();
    let args: Vec<&str> = ["ingest"]
        .into_iter()
        .chain(flags.iter().copied())
        .chain([input])
        .collect();
    let whole = dir.path().join("whole.db");
    common::run_ok(&args, &whole);

    // An empty store (a file of nothing creates it) whose writes fail past 800 articles.
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
        .args(&args)
        .arg("--db")
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
    common::run_ok(&args, &stopped);
    (records(&whole), records(&stopped))
}

type Records = HashMap<String, serde_json::Value>;

fn records(db: &Path) -> Records {
    common::export(db)
        .into_iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a))
        .collect()
}

/// How many records differ in `field`.
fn differing(a: &Records, b: &Records, field: &str) -> usize {
    assert_eq!(a.len(), b.len());
    a.iter()
        .filter(|(id, r)| b.get(*id).map(|o| &o[field]) != Some(&r[field]))
        .count()
}

#[test]
fn a_stopped_run_run_again_cleans_as_one_whole_run() {
    let (whole, resumed) = whole_and_resumed(&["--ungrouped"]);
    let n = differing(&whole, &resumed, "text");
    assert_eq!(n, 0, "{n} cleaned texts differ from the whole run");
}

/// Before the first repair pass (every 4,096 placements) a resumed run also groups exactly
/// as the whole run: the groups of articles placed since the last pass wait for the next.
#[test]
fn a_stopped_run_run_again_groups_as_one_whole_run() {
    let (whole, resumed) = whole_and_resumed(&[]);
    for field in ["text", "event", "storyline", "duplicate_of"] {
        let n = differing(&whole, &resumed, field);
        assert_eq!(n, 0, "{n} articles differ in {field} from the whole run");
    }
}
