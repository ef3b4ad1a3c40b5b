//! Properties of `clean` as a whole: it never panics, and cleaning its own output changes
//! nothing (each pass with the evidence of its own text, as `storyline clean` run twice has).
//!
//! On real text from `../shared` (read at test time, never copied: Timeline17 articles, the
//! WCXB main texts of every page type, the seeds) and on generated documents that mix article
//! sentences with the furniture, damage and oddities scraped pages carry.

use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use storyline_clean::{Cleaner, Corpus};

/// `text` cleaned alone, as plain text.
fn clean(cleaner: &Cleaner, text: &str) -> String {
    let mut corpus = Corpus::default();
    corpus.observe(None, text);
    cleaner.clean(text, None, &corpus).to_plain()
}

/// The texts for which a second clean changes the first one's output, with both outputs.
fn not_idempotent<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<(&'a str, String, String)> {
    let cleaner = Cleaner::new();
    texts
        .filter_map(|t| {
            let once = clean(&cleaner, t);
            let twice = clean(&cleaner, &once);
            (once != twice).then_some((t, once, twice))
        })
        .collect()
}

/// The first line where two texts differ, for the failure message.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => return format!("once:  {x:?}\ntwice: {y:?}"),
        }
    }
}

fn assert_idempotent(what: &str, texts: &[String]) {
    let bad = not_idempotent(texts.iter().map(String::as_str));
    let shown: Vec<String> = (bad.iter().take(5))
        .map(|(t, a, b)| {
            let start: String = t.chars().take(600).collect();
            format!("{}\nin a text starting {start:?}", first_difference(a, b))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: cleaning the cleaned text changed {} of {} texts:\n{}",
        bad.len(),
        texts.len(),
        shown.join("\n\n")
    );
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Every `text` field of the JSONL files one level under `dir`.
fn t17_texts(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut topics: Vec<PathBuf> = (std::fs::read_dir(dir).expect("Timeline17 dev folder"))
        .filter_map(|e| e.ok().map(|e| e.path().join("articles.jsonl")))
        .filter(|p| p.is_file())
        .collect();
    topics.sort();
    for file in topics {
        let raw = std::fs::read_to_string(&file).expect("readable articles.jsonl");
        for line in raw.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                out.push(t.to_string());
            }
        }
    }
    out
}

/// The gold main text of every WCXB dev page.
fn wcxb_texts(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = (std::fs::read_dir(dir).expect("WCXB ground-truth folder"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    (files.iter())
        .filter_map(|p| {
            let raw = std::fs::read_to_string(p).expect("readable ground truth");
            let v: serde_json::Value = serde_json::from_str(&raw).expect("ground truth is JSON");
            let body = v.pointer("/ground_truth/main_content")?.as_str()?;
            Some(body.to_string())
        })
        .collect()
}

fn seed_texts(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = (std::fs::read_dir(dir).expect("seeds folder"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable seed"))
        .collect()
}

#[test]
fn cleaning_real_cleaned_text_changes_nothing() {
    let root = shared();
    assert!(
        root.join("data").is_dir(),
        "shared data missing: expected {} beside the checkout",
        root.display()
    );
    let t17 = t17_texts(&root.join("data/timelines/t17-dev"));
    let wcxb = wcxb_texts(&root.join("data/extraction/wcxb-dev/ground-truth"));
    let seeds = seed_texts(&root.join("seeds"));
    assert!(t17.len() > 1000 && wcxb.len() > 1000 && seeds.len() == 5);
    assert_idempotent("Timeline17", &t17);
    assert_idempotent("WCXB main texts", &wcxb);
    assert_idempotent("seeds", &seeds);
}

/// Pieces scraped articles are made of, written here.
const SENTENCES: &[&str] = &[
    "The council approved the harbour budget on Tuesday after a long debate.",
    "Residents said the new ferry timetable left them waiting for hours.",
    "\"We will not stop until the bridge is safe,\" the mayor told reporters.",
    "Officials expect the repairs to take at least three more weeks.",
    "Shares in the shipping company fell 4% in early trading in Oslo.",
    "The minister arrived in Seoul for talks with her counterpart.",
];
const FURNITURE: &[&str] = &[
    "Share this article",
    "Sign up for our newsletter",
    "Advertisement",
    "By Jane Roe, Staff Reporter",
    "March 3, 2024, 4:31pm",
    "Tags: harbour, council, budget",
    "Harbour Council Budget Transport",
    "Read more: Ferry delays anger commuters",
    "Photo: Example Wire",
    "Waves crash over the sea wall on Tuesday morning (Example Wire)",
    "Windproof 6/6",
    "Related Articles",
    "© 2024 Example Daily. All rights reserved.",
    "Reporting by John Doe; Editing by Mary Major",
];
const ODDITIES: &[&str] = &[
    "Talks begana week of meetings toshow resolve in1990 style.",
    "The FamilyCare team shipped a webhook for the roadmap.",
    "Ça va? Der Besuch begann am Mittwoch in Pjöngjang.",
    "😀👩‍👩‍👧 emoji with joiners",
    "x",
    "",
    "   ",
    "\u{feff}\u{200b}zero width",
    "1. First item\n2. Second item",
    "- a list item\n- another",
];

/// One generated document: a title line, then lines drawn from the pieces above, some
/// repeated, some joined or cut, on single or blank-line breaks.
fn document(rng: &mut StdRng) -> String {
    let mut lines: Vec<String> = vec![pick(rng, SENTENCES).trim_end_matches('.').to_string()];
    for _ in 0..rng.random_range(0..30) {
        let line = match rng.random_range(0..10) {
            0..=4 => pick(rng, SENTENCES).to_string(),
            5..=7 => pick(rng, FURNITURE).to_string(),
            8 => pick(rng, ODDITIES).to_string(),
            _ => lines[rng.random_range(0..lines.len())].clone(),
        };
        lines.push(mangle(rng, line));
    }
    let sep = if rng.random_bool(0.5) { "\n\n" } else { "\n" };
    lines.join(sep)
}

fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// Sometimes lose a space, cut the line short or change its case.
fn mangle(rng: &mut StdRng, line: String) -> String {
    match rng.random_range(0..12) {
        0 => line.replacen(' ', "", 1),
        1 => line
            .chars()
            .take(rng.random_range(0..=line.chars().count()))
            .collect(),
        2 => line.to_uppercase(),
        _ => line,
    }
}

/// Generated documents, from a fixed seed (`IDEMPOTENT_SEED` explores others).
#[test]
fn cleaning_generated_cleaned_text_changes_nothing() {
    let seed = std::env::var("IDEMPOTENT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(17);
    let mut rng = StdRng::seed_from_u64(seed);
    let docs: Vec<String> = (0..3000).map(|_| document(&mut rng)).collect();
    assert_idempotent("generated documents", &docs);
}
