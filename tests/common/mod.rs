//! Helpers shared by the integration tests: the real binary, and the data kept beside the
//! checkout in `../shared`.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// `storyline eval ARGS --json` (no store), which must succeed: its JSON report.
pub fn eval_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("eval")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// `storyline ARGS --db DB`, which must succeed.
pub fn run_ok(args: &[&str], db: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every stored article, as `storyline export` prints it.
pub fn export(db: &Path) -> Vec<Value> {
    String::from_utf8(run_ok(&["export"], db).stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("export line is JSON"))
        .collect()
}

/// A path under `../shared`, which must exist.
pub fn shared(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(
        path.exists(),
        "{} is expected beside the checkout (../shared)",
        path.display()
    );
    path
}

/// Timeline17 dev articles with text, as (folder name such as `bpoil_bbc`, article), folders
/// in name order.
pub fn t17_articles() -> Vec<(String, Value)> {
    let root = shared("data/timelines/t17-dev");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for folder in folders {
        let Ok(text) = std::fs::read_to_string(folder.join("articles.jsonl")) else {
            continue;
        };
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        for line in text.lines() {
            let a: Value = serde_json::from_str(line).unwrap();
            if a["text"].as_str().is_some_and(|t| !t.trim().is_empty()) {
                out.push((name.clone(), a));
            }
        }
    }
    out
}

/// The write token the test servers are started with.
pub const TOKEN: &str = "test-token";

/// A running `storyline serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub url: String,
}

impl Server {
    /// Serve `db` (extra arguments such as `--watch DIR` after it).
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--warm",
                "0",
                "--token",
                TOKEN,
            ])
            .arg("--db")
            .arg(db)
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("serve printed no address: {line:?}"))
            .to_string();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
