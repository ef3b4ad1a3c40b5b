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
