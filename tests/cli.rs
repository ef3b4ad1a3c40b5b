//! Integration tests: the real `storyline` binary on files the tests write.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::export;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

fn run(args: &[&str], db: &Path) -> Output {
    bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("binary runs")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

const STORY: &str = "Harbour Cranes Return After Storm\n\nBy Lena Varga\n\n\
The port of Calder reopened its eastern quay on Monday after three days of repairs.\n\n\
Crews replaced two damaged cranes, the harbour master said in a statement.\n";

#[test]
fn bad_input_is_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "good.txt", STORY.as_bytes());
    write(&input, "empty.txt", b"");
    write(&input, "junk.txt", b"\x00\x01\x02\x03binary\x00");
    write(
        &input,
        "latin1.txt",
        b"Caf\xe9 owners protest\n\nThe owners met on Friday.",
    );
    write(
        &input,
        "feed.jsonl",
        b"{\"id\": \"j1\", \"text\": \"First line article body.\", \"section\": \"local\"}\n{not json\n{\"id\": \"j2\"}\n{\"id\": \"j3\", \"text\": \"Third body.\", \"published\": \"2023-03-04\"}\n",
    );
    let db = dir.path().join("s.db");
    let out = bin()
        .arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "rejections give exit 1\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("ingested 4"), "{stdout}");
    assert!(stdout.contains("rejected 4"), "{stdout}");
    assert!(stderr.contains("empty.txt: empty"), "{stderr}");
    assert!(stderr.contains("junk.txt: binary"), "{stderr}");
    assert!(stderr.contains("feed.jsonl:2: malformed JSON"), "{stderr}");
    assert!(
        stderr.contains("feed.jsonl:3: missing required field `text`"),
        "{stderr}"
    );
    assert!(stderr.contains("latin1.txt: invalid UTF-8"), "{stderr}");

    let articles = export(&db);
    let ids: Vec<&str> = articles.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["good", "j1", "j3", "latin1"]);
    let j1 = &articles[1];
    assert_eq!(j1["extra"]["section"], "local", "extra fields are kept");
    assert_eq!(articles[2]["published"], "2023-03-04");
    for key in [
        "title",
        "byline",
        "publisher",
        "published",
        "dateline",
        "language",
        "text",
        "event",
        "storyline",
        "duplicate_of",
    ] {
        assert!(j1.get(key).is_some(), "export has {key}");
    }
}

#[test]
fn reingest_is_a_no_op_and_changes_are_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = write(dir.path(), "story.txt", STORY.as_bytes());
    let first = run(&["ingest", file.to_str().unwrap()], &db);
    assert!(first.status.success());
    let again = run(&["ingest", file.to_str().unwrap()], &db);
    assert!(String::from_utf8_lossy(&again.stdout).contains("ingested 0, unchanged 1, revised 0"));
    std::fs::write(&file, STORY.replace("three days", "four days")).unwrap();
    let edited = run(&["ingest", file.to_str().unwrap()], &db);
    assert!(String::from_utf8_lossy(&edited.stdout).contains("revised 1"));
    let shown = run(&["show", "story", "--json"], &db);
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["revision"], 2);
    assert_eq!(v["revisions"].as_array().unwrap().len(), 2);
    assert!(v["text"].as_str().unwrap().contains("four days"));
    assert_eq!(export(&db).len(), 1);
}

/// Run the binary with `input` on stdin.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_jsonl_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db_arg = db.to_str().unwrap();
    let out = run_with_stdin(
        &["ingest", "-", "--db", db_arg],
        b"{\"id\":\"s1\",\"text\":\"Body from stdin.\"}\n",
    );
    assert!(out.status.success());
    let out = run_with_stdin(&["ingest", "-", "--db", db_arg], STORY.as_bytes());
    assert!(out.status.success());
    let articles = export(&db);
    assert_eq!(articles.len(), 2);
    assert!(articles.iter().any(|a| a["id"] == "s1"));
    assert!(articles
        .iter()
        .any(|a| a["title"] == "Harbour Cranes Return After Storm"));
}

#[test]
fn missing_path_and_unknown_article_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = run(&["ingest", dir.path().join("nope").to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    assert!(!db.exists(), "nothing to read creates no store");
    let story = write(dir.path(), "a.txt", STORY.as_bytes());
    common::run_ok(&["ingest", story.to_str().unwrap()], &db);
    let out = run(&["show", "nope"], &db);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn reading_a_missing_store_is_an_error_not_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let out = run(&["export"], &db);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at"));
    assert!(!db.exists());
}

#[test]
fn unusable_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = write(
        dir.path(),
        "not-a-db.db",
        b"this is not a sqlite file at all, just text padding it out",
    );
    let out = run(&["export"], &db);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not-a-db.db"));
}

#[test]
fn clean_leaves_clean_text_alone() {
    let clean = "Harbour Cranes Return After Storm\n\n\
The port of Calder reopened its eastern quay on Monday after three days of repairs.\n\n\
Crews replaced two damaged cranes, the harbour master said in a statement.";
    let out = run_with_stdin(&["clean"], clean.as_bytes());
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim_end(), clean);
}

#[test]
fn demo_runs_on_the_bundled_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = bin().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let articles = export(&db);
    assert!(
        articles.len() >= 15,
        "sample corpus stored: {}",
        articles.len()
    );
    assert!(
        articles.iter().all(|a| a["title"].is_string()),
        "every sample article has a title"
    );
}

/// kill -9 in the middle of an ingest leaves a consistent store, and running the same ingest
/// again completes it without duplicates.
#[test]
fn killed_ingest_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let n = 30_000;
    let (file, mut child) = spawn_big_ingest(dir.path(), &db, n, "a");
    // Kill once the first chunk is on disk (or after a bounded wait).
    for _ in 0..200 {
        std::thread::sleep(std::time::Duration::from_millis(25));
        if std::fs::metadata(dir.path().join("s.db-wal"))
            .map(|m| m.len() > 64 * 1024)
            .unwrap_or(false)
        {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (check, stored) = rusqlite_check(&db);
    assert_eq!(check, "ok");
    assert!(
        stored < n as u64,
        "the kill landed mid-ingest ({stored} of {n} stored)"
    );
    assert_eq!(
        stored % storyline::pipeline::WRITE_BATCH as u64,
        0,
        "whole transactions only"
    );
    let out = run(&["ingest", file.to_str().unwrap()], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let articles = export(&db);
    assert_eq!(articles.len(), n);
    let shown = run(&["show", "a7", "--json"], &db);
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        v["revisions"].as_array().unwrap().len(),
        1,
        "no duplicate revision after re-run"
    );
}

/// Write `n` short numbered articles (ids `{prefix}0`...) and start ingesting them in the
/// background; returns the file and the running ingest.
fn spawn_big_ingest(
    dir: &Path,
    db: &Path,
    n: usize,
    prefix: &str,
) -> (PathBuf, std::process::Child) {
    let mut jsonl = String::new();
    for i in 0..n {
        jsonl.push_str(&format!(
            "{{\"id\":\"{prefix}{i}\",\"text\":\"Council meeting number {i} approved the budget for the harbour district. The vote was close.\"}}\n"
        ));
    }
    let file = write(dir, "big.jsonl", jsonl.as_bytes());
    let child = bin()
        .arg("ingest")
        .arg(&file)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (file, child)
}

/// Integrity check result and number of stored articles.
fn rusqlite_check(db: &Path) -> (String, u64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let count = conn
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    (check, count)
}

/// Two writers at once: a second that will not wait (`STORYLINE_LOCK_WAIT=0`) is refused with a
/// clear message while the first finishes (waiting is `tests/writers.rs`).
#[test]
fn a_second_writer_is_refused_while_an_ingest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (_, mut first) = spawn_big_ingest(dir.path(), &db, 20_000, "w");
    // Wait until the first ingest holds the lock (its lock file appears), then try a second.
    let lock = dir.path().join("s.db.lock");
    for _ in 0..400 {
        if lock.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let small = write(
        dir.path(),
        "one.jsonl",
        b"{\"id\":\"x\",\"text\":\"One more article about the ward budget.\"}\n",
    );
    let second = bin()
        .args(["ingest", small.to_str().unwrap(), "--db"])
        .arg(&db)
        .env("STORYLINE_LOCK_WAIT", "0")
        .output()
        .unwrap();
    let still_running = first.try_wait().unwrap().is_none();
    assert!(first.wait().unwrap().success());
    assert!(
        still_running,
        "20,000 articles take longer than one small ingest"
    );
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("another Storyline process is writing"),
        "{err}"
    );
    // Nothing is lost: the refused article goes in on a retry.
    let retry = run(&["ingest", small.to_str().unwrap()], &db);
    assert!(
        retry.status.success(),
        "{}",
        String::from_utf8_lossy(&retry.stderr)
    );
    assert_eq!(export(&db).len(), 20_001);
}

/// An article that is all page furniture is stored (its removals are kept) with a warning.
#[test]
fn an_article_of_only_furniture_is_stored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = write(
        dir.path(),
        "f.jsonl",
        b"{\"id\":\"f\",\"text\":\"Sign up for our newsletter\"}\n{\"id\":\"g\",\"text\":\"Share this article\"}\n",
    );
    let out = run(&["ingest", file.to_str().unwrap()], &db);
    assert!(out.status.success(), "warnings do not fail the run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("f.jsonl:1: nothing left after cleaning"),
        "{err}"
    );
    let articles = export(&db);
    assert_eq!(articles.len(), 2);
    assert!(
        articles.iter().all(|a| a["duplicate_of"].is_null()),
        "empty texts copy nothing"
    );
}

/// Corpus evidence carries across runs: a publisher's furniture line is recognised when its
/// articles arrive one run at a time.
#[test]
fn publisher_furniture_is_recognised_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let furniture = "The Harbour Daily is owned by Calder Media Group and printed in Port Meridian";
    let bodies = [
        "Dockers at the eastern quay stopped work on Monday over a new shift pattern.",
        "The council approved money for two new ferries after a long debate.",
        "A storm closed the coast road for most of Tuesday and flooded three shops.",
        "Fishing crews said the new quotas would halve their catch this winter.",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let line = serde_json::json!({"id": format!("hd{i}"), "publisher": "Harbour Daily", "text": format!("{body}\n\n{furniture}")});
        let file = write(
            dir.path(),
            &format!("run{i}.jsonl"),
            format!("{line}\n").as_bytes(),
        );
        let out = run(&["ingest", file.to_str().unwrap()], &db);
        assert!(out.status.success());
    }
    let last = export(&db).into_iter().find(|a| a["id"] == "hd3").unwrap();
    let text = last["text"].as_str().unwrap();
    assert!(
        !text.contains("Calder Media Group"),
        "the fourth run knows the line: {text}"
    );
    assert!(text.contains("Fishing crews"));
}

#[test]
fn search_indexes_what_ingest_left_and_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let lines = [
        r#"{"id": "a1", "title": "Cranes return to the harbour", "text": "The port of Calder reopened its eastern quay on Monday after the storm. Two cranes were replaced."}"#,
        r#"{"id": "a2", "title": "Library extends its hours", "text": "The town library will open on Sundays from March, the council said, and the harbour museum too."}"#,
        r#"{"id": "a3", "title": "Orchard harvest begins", "text": "Pickers started on the apple rows at dawn; the cider press runs all week."}"#,
    ];
    let file = write(dir.path(), "in.jsonl", lines.join("\n").as_bytes());
    let out = run(&["ingest", file.to_str().unwrap(), "--json"], &db);
    assert!(out.status.success());
    // Ingest ends with the search index up to date: no first search pays for it.
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["store"]["search_pending"], 0);

    // Title words weigh more: the article titled with the word comes first.
    let out = run(&["search", "harbour", "--json"], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["pending"], 0);
    assert_eq!(v["hits"][0]["id"], "a1");
    let snippet = v["hits"][1]["snippet"].as_str().unwrap();
    let [s, e] = [0, 1].map(|i| v["hits"][1]["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(&snippet[s..e], "harbour");

    // Readable output marks the matches; a phrase must appear as written.
    let out = run(&["search", "cider", "press"], &db);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 article match"), "{text}");
    assert!(text.contains("[cider] [press]"), "{text}");
    let out = run(&["search", "\"press cider\""], &db);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 articles match"));

    // No words at all is a usage error; a missing store an error that creates nothing.
    assert_eq!(run(&["search", "?!"], &db).status.code(), Some(2));
    let absent = dir.path().join("absent.db");
    assert_eq!(run(&["search", "x"], &absent).status.code(), Some(3));
    assert!(!absent.exists());
}

/// `eval cluster --keep DB` leaves the store it grouped in, with the events it scored, and
/// never overwrites an existing file.
#[test]
fn eval_cluster_keeps_its_store_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labelled.jsonl");
    let lines: Vec<String> = (0..4)
        .map(|i| {
            let text = if i < 2 {
                "Rescuers pulled twelve miners from the flooded shaft near Orlovka on Monday."
            } else {
                "The central bank raised its main lending rate by half a point on Thursday."
            };
            serde_json::json!({"id": format!("a{i}"), "text": text, "event": i / 2}).to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let db = dir.path().join("kept.db");
    let report = common::eval_json(&[
        "cluster".as_ref(),
        file.as_os_str(),
        "--keep".as_ref(),
        db.as_os_str(),
    ]);
    assert_eq!(report["articles"], 4);
    let stored = common::export(&db);
    assert_eq!(stored.len(), 4, "the kept store holds the scored articles");
    assert_eq!(stored[0]["event"], stored[1]["event"]);
    let again = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "cluster"])
        .arg(&file)
        .arg("--keep")
        .arg(&db)
        .output()
        .unwrap();
    assert!(!again.status.success(), "an existing store is not reused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    assert_eq!(common::export(&db).len(), 4);
}
