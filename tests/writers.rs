//! Writers that cooperate: a second writer waits for the first (with a message, within a
//! timeout, on whatever path it names the store by), and other connections' commits never
//! make an ingest fail.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn articles(prefix: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"{prefix}{i}\", \"published\": \"2024-03-{:02}\", \"text\": \"Crews in district {i} of {prefix} repaired the {} bridge on Monday.\\n\\nThe council said traffic would return by Friday, after {} days of work on the {} span.\"}}\n",
                1 + i % 28,
                ["north", "south", "river", "rail", "old"][i % 5],
                3 + i % 9,
                ["steel", "stone", "timber"][i % 3]
            )
        })
        .collect()
}

fn ingest(db: &Path, input: &Path, wait_secs: u64) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_storyline"));
    c.args(["ingest"])
        .arg(input)
        .arg("--db")
        .arg(db)
        .env("STORYLINE_LOCK_WAIT", wait_secs.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

#[test]
fn a_second_writer_waits_for_the_lock_even_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let input = dir.path().join("a.jsonl");
    std::fs::write(&input, articles("a", 20)).unwrap();
    common::run_ok(&["ingest", input.to_str().unwrap()], &db);
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();

    // Another process holds the writer lock.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("s.db.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let busy = ingest(&link, &input, 0).output().unwrap();
    assert_eq!(busy.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&busy.stderr).contains("another Storyline process"));

    std::fs::write(dir.path().join("b.jsonl"), articles("b", 20)).unwrap();
    let waiting = ingest(&link, &dir.path().join("b.jsonl"), 60)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    lock.unlock().unwrap();
    let out = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("waiting for it"), "{stderr}");
    assert_eq!(common::export(&db).len(), 40);
}

#[test]
fn commits_from_other_connections_never_fail_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let seed = dir.path().join("seed.jsonl");
    std::fs::write(&seed, articles("s", 5)).unwrap();
    common::run_ok(&["ingest", seed.to_str().unwrap()], &db);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute("CREATE TABLE noise (x)", []).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let noise = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let c = rusqlite::Connection::open(&db).unwrap();
            c.busy_timeout(Duration::from_secs(30)).unwrap();
            let started = Instant::now();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst)
                && started.elapsed() < Duration::from_secs(120)
            {
                c.execute("INSERT INTO noise VALUES (?1)", [n]).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
            n
        })
    };
    for round in 0..3 {
        let input = dir.path().join(format!("r{round}.jsonl"));
        std::fs::write(&input, articles(&format!("r{round}-"), 300)).unwrap();
        let out = ingest(&db, &input, 60).output().unwrap();
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(
        noise.join().unwrap() > 10,
        "the other writer committed meanwhile"
    );
    assert_eq!(common::export(&db).len(), 905);
}
