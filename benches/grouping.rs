//! Speed and memory of dedup plus clustering (the grouping stage without the store), on a
//! JSONL corpus read as a stream (default `/tmp/cc-100k.jsonl`, made by
//! `bench/make_cluster_corpus.py`). Features are computed in parallel while the previous batch
//! is placed in order, with a merge pass every 4,096 articles, as ingest does. Prints, near 10k,
//! 20k, 50k and 100k articles: articles per second so far, peak RSS, live events.
//!
//!     cargo bench --bench grouping [-- FILE]

use std::io::BufRead;
use std::time::Instant;

use rayon::prelude::*;
use storyline_cluster::{Features, Linker, Params};
use storyline_core::Article;

const BATCH: usize = 2048;
const CHECKPOINTS: [usize; 5] = [10_000, 20_000, 50_000, 100_000, 200_000];

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "/tmp/cc-100k.jsonl".to_string());
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run bench/make_cluster_corpus.py first)"));
    let mut lines = std::io::BufReader::new(file).lines();
    let mut linker = Linker::new(Params::default());
    let (mut done, mut busy) = (0usize, 0f64);
    let rss_before = peak_rss_mib();
    println!("{path}: base peak RSS {rss_before:.0} MiB");
    println!(
        "{:>9} {:>10} {:>12} {:>14} {:>9}",
        "articles", "seconds", "articles/s", "peak RSS MiB", "events"
    );
    // As in ingest, features of the next batch are computed (in parallel) while the current
    // batch is placed (in order): the two overlap.
    let mut read = || -> Vec<Article> {
        lines
            .by_ref()
            .take(BATCH)
            .map_while(Result::ok)
            .filter_map(|l| article(&l))
            .collect()
    };
    let mut batch = read();
    let started = Instant::now();
    let mut features: Vec<Features> = batch.par_iter().map(Features::extract).collect();
    busy += started.elapsed().as_secs_f64();
    while !batch.is_empty() {
        // Reading and parsing the JSON is not grouping: only the stage is timed.
        let next = read();
        let started = Instant::now();
        let (next_features, ()) = rayon::join(
            || {
                next.par_iter()
                    .map(Features::extract)
                    .collect::<Vec<Features>>()
            },
            || {
                for (a, f) in batch.iter().zip(&features) {
                    linker.link(&a.id, f);
                    done += 1;
                    if done % storyline::link::MERGE_EVERY == 0 {
                        linker.merge_pass();
                    }
                }
            },
        );
        busy += started.elapsed().as_secs_f64();
        if CHECKPOINTS
            .iter()
            .any(|&c| done >= c && done - batch.len() < c)
        {
            report(done, busy, linker.event_count());
        }
        batch = next;
        features = next_features;
    }
    linker.merge_pass();
    report(done, busy, linker.event_count());
}

fn report(done: usize, seconds: f64, events: usize) {
    println!(
        "{done:>9} {seconds:>10.2} {:>12.0} {:>14.0} {events:>9}",
        done as f64 / seconds,
        peak_rss_mib()
    );
}

fn article(line: &str) -> Option<Article> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let s = |k: &str| v[k].as_str().map(String::from);
    Some(Article {
        id: s("id")?,
        text: s("text")?,
        title: s("title"),
        publisher: s("publisher"),
        published: s("published"),
        language: Some("en".into()),
        ..Default::default()
    })
}

/// Peak resident set size of this process (Linux), MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
