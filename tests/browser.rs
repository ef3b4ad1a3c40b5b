//! The web pages in a real browser: headless Chromium driven by playwright-core
//! (`tests/e2e/story.mjs`) over a store built from `../shared/seeds` plus one hostile article.
//! Needs Debian's `chromium` and `npm ci --prefix tests/e2e` (both done by `.ci/run`).

mod common;

use std::path::Path;
use std::process::Command;

fn e2e_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e"))
}

#[test]
fn story_page_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM"
    );
    assert!(
        e2e_dir().join("node_modules/playwright-core").exists(),
        "playwright-core missing: run `npm ci --prefix tests/e2e`"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let seeds = common::shared("seeds");
    common::run_ok(&["ingest", seeds.to_str().unwrap()], &db);
    let hostile = dir.path().join("hostile.jsonl");
    let line = serde_json::json!({
        "id": "hostile-1",
        "title": "<script>alert('title')</script> Storm warning",
        "text": "Forecasters issued a storm warning <img src=x onerror=alert('body')> for the coast on Friday.\n\nResidents were told to secure boats and stay indoors until the wind eases.",
        "url": "javascript:alert('url')",
    });
    std::fs::write(&hostile, format!("{line}\n")).unwrap();
    common::run_ok(&["ingest", hostile.to_str().unwrap()], &db);

    let server = common::Server::start(&db, &[]);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&out).unwrap();
    let run = Command::new("node")
        .arg(e2e_dir().join("story.mjs"))
        .args([server.url.as_str(), out.to_str().unwrap(), "hostile-1"])
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "browser walk failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    for shot in ["story.png", "article.png", "hostile.png"] {
        let size = std::fs::metadata(out.join(shot))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(size > 10_000, "{shot}: {size} bytes");
    }
}
