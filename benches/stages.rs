//! Per-stage cost of cleaning, on a JSONL corpus (default `bench-out/corpus-55.jsonl`, made by
//! `bench/make_corpus.py`). Single-threaded; the figures are the thread's CPU time per stage
//! (not wall time, so other load on a shared machine stays out of them), the least of
//! `STAGES_RUNS` runs (default 5):
//!
//!     cargo bench --bench stages [-- FILE]

use storyline_clean::{structure, words, Cleaner, Corpus, Prepared};

// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let runs: usize = std::env::var("STAGES_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let time = |name: &str, f: &mut dyn FnMut()| {
        let s = (0..runs.max(1))
            .map(|_| {
                let t = thread_cpu_seconds();
                f();
                thread_cpu_seconds() - t
            })
            .fold(f64::INFINITY, f64::min);
        println!(
            "{name:<12} {:>8.1} ms  {:>8.0} articles/s/core  {:.3} ms/article",
            s * 1e3,
            texts.len() as f64 / s,
            s * 1e3 / texts.len() as f64
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
        corpus = Corpus::default();
        let mut keys = Vec::new();
        for p in &mut prepared {
            corpus.observe_words(None, p, &mut keys, cleaner.lexicon());
        }
        let wanted = corpus.pair_candidates(cleaner.lexicon());
        corpus.count_pairs(&keys, &wanted);
    });
    let mut repaired = Vec::new();
    // Repair from the words the evidence pass noted, as the pipeline does: each article's
    // paragraphs after repair, with the line facts of those it left alone (the copy of each
    // unchanged paragraph is the bench's, not the pipeline's).
    type Repaired = (Vec<String>, Vec<Option<structure::LineFacts>>);
    time("repair", &mut || {
        repaired = prepared
            .iter()
            .map(|p| -> Repaired {
                let plans = (p.paragraphs().iter().enumerate())
                    .map(|(i, para)| {
                        words::plan_noted(para, p.tokens().of(i), cleaner.lexicon(), &corpus.words)
                    })
                    .collect();
                let repaired = words::carry_out(plans, p.paragraphs());
                (p.paragraphs().iter().zip(repaired).enumerate())
                    .map(|(i, (para, fixed))| match fixed {
                        Some(fixed) => (fixed, None),
                        None => (para.clone(), Some(p.facts()[i])),
                    })
                    .unzip()
            })
            .collect()
    });
    let mut cleaned = Vec::new();
    let mut run_structure = || {
        cleaned = repaired
            .iter()
            .map(|ps| {
                let ctx = structure::Context {
                    publisher: None,
                    lines: &corpus.lines,
                };
                structure::extract_with(ps.0.clone(), ps.1.clone(), &ctx)
            })
            .collect::<Vec<_>>();
    };
    // STAGES_ONLY=structure repeats that stage, for profiling it alone.
    if std::env::var("STAGES_ONLY").is_ok_and(|v| v == "structure") {
        (0..5).for_each(|_| run_structure());
    }
    time("structure", &mut run_structure);
    time("language", &mut || {
        for t in &texts {
            std::hint::black_box(storyline::language::detect(t));
        }
    });
    // Grouping features (tokens, terms, MinHash, fingerprints) of the cleaned articles.
    let articles: Vec<storyline_core::Article> = cleaned
        .iter()
        .map(|c| storyline_core::Article {
            title: c.meta.title.clone(),
            text: c.body(),
            ..Default::default()
        })
        .collect();
    time("features", &mut || {
        for a in &articles {
            std::hint::black_box(storyline_cluster::Features::extract(a));
        }
    });
}

/// CPU time this thread has used, in seconds.
fn thread_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}
