//! Helpers shared by the integration tests: the real binary, and the data kept beside the
//! checkout in `../shared`.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

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
