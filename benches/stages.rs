//! Per-stage cost of cleaning, on a JSONL corpus (default `bench-out/corpus-55.jsonl`, made by
//! `bench/make_corpus.py`). Single-threaded, so the figures are CPU time per stage:
//!
//!     cargo bench --bench stages [-- FILE]

use std::time::Instant;

use storyline_clean::{normalize, structure, words, Cleaner, Corpus, Prepared};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "bench-out/corpus-55.jsonl".to_string());
    let data = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run bench/make_corpus.py first)"));
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .take(3000)
        .collect();
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    println!("{} articles, {mb:.1} MB", texts.len());
    let time = |name: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        let s = t.elapsed().as_secs_f64();
        println!(
            "{name:<12} {:>8.1} ms  {:>8.0} articles/s/core",
            s * 1e3,
            texts.len() as f64 / s
        );
    };
    let cleaner = Cleaner::new();
    let mut prepared = Vec::new();
    time("prepare", &mut || {
        prepared = texts.iter().map(|t| Prepared::new(t)).collect()
    });
    let mut corpus = Corpus::default();
    time("observe", &mut || {
        // The pipeline's two passes: words and lines (collecting pair keys), then the pairs
        // repair may ask about.
        let mut keys = Vec::new();
        for p in &prepared {
            corpus.observe_words(None, p, &mut keys);
        }
        let wanted = corpus.pair_candidates(cleaner.lexicon());
        corpus.count_pairs(&keys, &wanted);
    });
    let paras: Vec<Vec<String>> = texts
        .iter()
        .map(|t| normalize::paragraphs(&normalize::normalize(t)))
        .collect();
    let mut repaired = Vec::new();
    time("repair", &mut || {
        repaired = paras
            .iter()
            .map(|ps| {
                ps.iter()
                    .map(|p| words::repair(p, cleaner.lexicon(), &corpus.words))
                    .collect::<Vec<_>>()
            })
            .collect()
    });
    let run_structure = || {
        for ps in &repaired {
            let ctx = structure::Context {
                publisher: None,
                lines: &corpus.lines,
            };
            std::hint::black_box(structure::extract(ps.clone(), &ctx));
        }
    };
    // STAGES_ONLY=structure repeats that stage, for profiling it alone.
    if std::env::var("STAGES_ONLY").is_ok_and(|v| v == "structure") {
        (0..5).for_each(|_| run_structure());
    }
    time("structure", &mut || run_structure());
    time("language", &mut || {
        for t in &texts {
            std::hint::black_box(storyline::language::detect(t));
        }
    });
}
