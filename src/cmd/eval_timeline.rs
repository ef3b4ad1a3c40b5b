//! `storyline eval timeline`: timelines built from each topic's articles, scored against the
//! topic's reference timelines.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use storyline_eval::tls::{self, TlsScores};
use storyline_story::timeline::{self, Options, Weights};
use storyline_story::Table;

/// Scores of one reference timeline.
#[derive(Serialize)]
pub struct TimelineScore {
    pub topic: String,
    pub index: usize,
    pub dates: usize,
    pub per_date: usize,
    pub align_r1: f64,
    pub align_r2: f64,
    pub concat_r1: f64,
    pub concat_r2: f64,
    pub date_f1: f64,
}

#[derive(Serialize)]
pub struct Report {
    pub dir: String,
    pub timelines: Vec<TimelineScore>,
    /// Means over the timelines (each timeline weighs the same, as in news-tls).
    pub mean: Means,
    pub seconds: f64,
}

#[derive(Serialize, Default)]
pub struct Means {
    pub align_r1: f64,
    pub align_r2: f64,
    pub concat_r1: f64,
    pub concat_r2: f64,
    pub date_f1: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}: {} timelines ({:.1} s)",
            self.dir,
            self.timelines.len(),
            self.seconds
        )?;
        writeln!(
            f,
            "{:<24} {:>5} {:>3}  {:>8} {:>8}  {:>8} {:>8}  {:>7}",
            "timeline", "T", "N", "align-R1", "align-R2", "cat-R1", "cat-R2", "date-F1"
        )?;
        let row =
            |f: &mut std::fmt::Formatter<'_>, name: &str, t: String, n: String, m: [f64; 5]| {
                writeln!(
                    f,
                    "{name:<24} {t:>5} {n:>3}  {:>8.4} {:>8.4}  {:>8.4} {:>8.4}  {:>7.4}",
                    m[0], m[1], m[2], m[3], m[4]
                )
            };
        for t in &self.timelines {
            let name = format!("{}#{}", t.topic, t.index);
            let m = [t.align_r1, t.align_r2, t.concat_r1, t.concat_r2, t.date_f1];
            row(f, &name, t.dates.to_string(), t.per_date.to_string(), m)?;
        }
        let m = &self.mean;
        let all = [m.align_r1, m.align_r2, m.concat_r1, m.concat_r2, m.date_f1];
        row(f, "mean", String::new(), String::new(), all)
    }
}

/// Score every reference timeline of every topic under `dir`.
pub fn run(dir: &Path, keywords: bool, weights: &Weights) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let mut topics: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("articles.jsonl").exists() && p.join("timelines.jsonl").exists())
        .collect();
    topics.sort();
    if topics.is_empty() {
        anyhow::bail!(
            "{}: no topic folders with articles.jsonl and timelines.jsonl",
            dir.display()
        );
    }
    let mut timelines = Vec::new();
    for topic in topics {
        let name = topic
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let (docs, _) = super::timeline::read_docs(&topic.join("articles.jsonl"))?;
        let words = if keywords {
            read_keywords(&topic.join("keywords.json"))?
        } else {
            Vec::new()
        };
        let table = Table::build(&docs);
        for (index, reference) in tls::load_timelines(topic.join("timelines.jsonl"))?
            .iter()
            .enumerate()
        {
            let Some(shape) = tls::reference_shape(reference) else {
                continue;
            };
            let mut opts = Options::new(shape.dates, shape.sentences_per_date);
            opts.keywords = words.clone();
            opts.start = Some(shape.first);
            opts.end = Some(shape.last);
            opts.weights = weights.clone();
            let predicted: tls::Timeline = timeline::build(&table, &opts)
                .into_iter()
                .map(|e| (e.date, e.sentences.into_iter().map(|p| p.text).collect()))
                .collect();
            let s: TlsScores = tls::score(&predicted, reference);
            timelines.push(TimelineScore {
                topic: name.clone(),
                index,
                dates: shape.dates,
                per_date: shape.sentences_per_date,
                align_r1: s.align_r1.f,
                align_r2: s.align_r2.f,
                concat_r1: s.concat_r1.f,
                concat_r2: s.concat_r2.f,
                date_f1: s.date_f1.f,
            });
        }
    }
    let n = timelines.len().max(1) as f64;
    let mean = |get: fn(&TimelineScore) -> f64| timelines.iter().map(get).sum::<f64>() / n;
    let means = Means {
        align_r1: mean(|t| t.align_r1),
        align_r2: mean(|t| t.align_r2),
        concat_r1: mean(|t| t.concat_r1),
        concat_r2: mean(|t| t.concat_r2),
        date_f1: mean(|t| t.date_f1),
    };
    Ok(Report {
        dir: dir.display().to_string(),
        timelines,
        mean: means,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A topic's keywords (a JSON array of strings); none when the file is missing.
fn read_keywords(path: &Path) -> anyhow::Result<Vec<String>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON list of words", path.display()))
}
