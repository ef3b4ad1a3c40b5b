//! Hostile and oversized inputs through the real binary, each under a memory and time budget
//! that fails loudly: cost must stay about linear in the input.

mod common;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Address space a bounded run may map. The binary reserves little beyond its heap, so a
/// quadratic allocation on the inputs below fails well before this.
const MEMORY_BUDGET: u64 = 1 << 30;

/// `storyline ARGS` with `stdin` fed in, killed (and the test failed) past `secs` seconds;
/// its address space is capped at [`MEMORY_BUDGET`].
fn run_bounded(args: &[&str], stdin: &[u8], secs: u64) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_storyline"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_BUDGET,
                rlim_max: MEMORY_BUDGET,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("binary runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    // Output is drained on its own thread (a full pipe would stall the child), so the
    // budget is kept by killing the process by id.
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            // SAFETY: plain kill(2) on the child we spawned, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("storyline {args:?} ran over its {secs} s budget");
        }
    };
    feeder.join().unwrap();
    assert!(
        out.status.code().is_some(),
        "storyline {args:?} was killed by a signal (out of memory?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn db_arg(db: &Path) -> String {
    db.to_str().unwrap().to_string()
}

#[test]
fn one_long_word_is_cleaned_in_bounded_memory() {
    // 16·n² bytes for the split search would be 160 GB here.
    let word = "abcdefghij".repeat(100_000);
    let out = run_bounded(&["clean"], word.as_bytes(), 30);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), word);
}

#[test]
fn one_long_word_in_a_jsonl_line_is_ingested_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let line = format!(
        "{{\"id\": \"w\", \"text\": \"Opening words. {}\"}}\n",
        "Abcdefghij".repeat(500_000)
    );
    let out = run_bounded(&["ingest", "-", "--db", &db_arg(&db)], line.as_bytes(), 60);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_gzip_stream_of_blank_lines_is_passed_over_quickly() {
    use flate2::write::GzEncoder;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.jsonl.gz");
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b'\n'; 1 << 20];
    for _ in 0..512 {
        gz.write_all(&chunk).unwrap();
    }
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let db = dir.path().join("s.db");
    let out = run_bounded(
        &["ingest", path.to_str().unwrap(), "--db", &db_arg(&db)],
        b"",
        20,
    );
    assert_eq!(out.status.code(), Some(1), "rejected as empty");
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty: no JSON lines"));
}

#[test]
fn numeric_ids_beyond_64_bits_stay_two_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let lines = "{\"id\": 12345678901234567890123, \"text\": \"The council met on Monday to vote on the budget.\"}\n\
                 {\"id\": 12345678901234567890124, \"text\": \"A storm closed the coastal road on Tuesday night.\"}\n";
    let out = run_bounded(&["ingest", "-", "--db", &db_arg(&db)], lines.as_bytes(), 60);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<String> = common::export(&db)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["12345678901234567890123", "12345678901234567890124"]);
}

#[test]
fn pathological_html_is_parsed_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let attrs: String = (0..200_000).map(|i| format!(" a{i}=x")).collect();
    let pages = [
        (
            "attributes.html",
            format!("<html><body><div{attrs}>Harbour news.</div></body></html>"),
        ),
        (
            "unclosed.html",
            format!(
                "<html><body>{}<p>Harbour news.</p></body></html>",
                "<div>".repeat(100_000)
            ),
        ),
        (
            "nested.html",
            format!(
                "<html><body>{}<p>Harbour news.</p></body></html>",
                "<span><a href=x>".repeat(100_000)
            ),
        ),
    ];
    for (name, html) in pages {
        let path = dir.path().join(name);
        std::fs::write(&path, html).unwrap();
        let out = run_bounded(&["extract", path.to_str().unwrap()], b"", 10);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Harbour news."), "{name}: {text:.200}");
    }
}

#[test]
fn a_missing_input_creates_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let missing = dir.path().join("nope.jsonl");
    let out = run_bounded(
        &["ingest", missing.to_str().unwrap(), "--db", &db_arg(&db)],
        b"",
        30,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));
    assert!(!db.exists(), "an empty store was created");
    assert!(!dir.path().join("s.db.lock").exists());
}

#[test]
fn a_named_pipe_without_a_writer_does_not_hang_and_odd_names_are_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let db = dir.path().join("s.db");
    let out = run_bounded(
        &["ingest", fifo.to_str().unwrap(), "--db", &db_arg(&db)],
        b"",
        20,
    );
    assert_eq!(out.status.code(), Some(1));

    // A file name that is not UTF-8, inside a folder, is read like any other.
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(
        folder.join(name),
        "Harbour reopens\n\nThe harbour reopened on Monday after repairs, officials said.\n",
    )
    .unwrap();
    let out = run_bounded(
        &["ingest", folder.to_str().unwrap(), "--db", &db_arg(&db)],
        b"",
        60,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ingested 1"));
}
