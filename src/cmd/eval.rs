//! `storyline eval …`: quality measures.

use std::path::PathBuf;
use std::process::ExitCode;

use storyline_eval::cluster::{Confusion, Prf};
use storyline_eval::words::Pages;

/// A half of the WCXB sites, split by host (see [`storyline_eval::words::Sites`]).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SitesArg {
    All,
    Tuning,
    HeldOut,
}

impl From<SitesArg> for storyline_eval::words::Sites {
    fn from(s: SitesArg) -> Self {
        match s {
            SitesArg::All => Self::All,
            SitesArg::Tuning => Self::Tuning,
            SitesArg::HeldOut => Self::HeldOut,
        }
    }
}

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Word repair: delete a share of the spaces between words in real article text, clean,
    /// and score the spaces restored (precision, recall, F1).
    Words {
        /// Data folder holding extraction/wcxb-dev/ground-truth.
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Share of eligible spaces to delete.
        #[arg(long, default_value_t = 0.03)]
        rate: f64,
        /// Random seed (the measure is deterministic for a seed).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Use at most this many articles.
        #[arg(long)]
        limit: Option<usize>,
        /// Use every WCXB page type (docs, products, forums...), not only article pages.
        #[arg(long)]
        all_pages: bool,
        /// Which half of the sites: `tuning` (rules may be tuned on it), `held-out` (nothing
        /// is), or `all`.
        #[arg(long, value_enum, default_value = "all")]
        sites: SitesArg,
        /// Print up to this many wrong and missed splits.
        #[arg(long, default_value_t = 0)]
        examples: usize,
        #[arg(long)]
        json: bool,
    },
    /// Clustering: ingest a labelled JSONL or CSV into a scratch store and score its events
    /// and storylines against the gold labels (BCubed and pairwise precision, recall, F1).
    Cluster {
        /// Labelled articles (JSONL with `text` or `sentences`, or CSV with a title column).
        file: PathBuf,
        /// The gold label field.
        #[arg(long, default_value = "event")]
        gold: String,
        /// Override a grouping parameter (experiments), e.g. `--set event_threshold=0.35`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Also list this many of the worst merged and split events.
        #[arg(long, default_value_t = 0)]
        examples: usize,
        /// Keep the store the articles were grouped in at this path (a new file), to read its
        /// events and storylines with the other commands.
        #[arg(long, value_name = "DB")]
        keep: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// HTML extraction on WCXB dev: word-level F1 of the main text (article pages), title,
    /// publication day and author accuracy, page-kind accuracy (all pages), pages per second.
    Extract {
        /// The WCXB folder (html/NNNN.html.gz, ground-truth/NNNN.json).
        #[arg(long, default_value = "../shared/data/extraction/wcxb-dev")]
        dir: PathBuf,
        /// Use at most this many pages.
        #[arg(long)]
        limit: Option<usize>,
        /// JSON report (without per-page results unless `--pages`).
        #[arg(long)]
        json: bool,
        /// With `--json`, include every page's result.
        #[arg(long)]
        pages: bool,
    },
    /// Timelines: build one per reference timeline (its number of dates, sentences a date
    /// and date range, the topic's keywords) and score it: alignment ROUGE-1/2 (date-aligned,
    /// many-to-one), concatenation ROUGE-1/2 (both Porter-stemmed, stop words removed) and
    /// Date-F1.
    Timeline {
        /// Folder of topics, each with `articles.jsonl`, `timelines.jsonl` and optionally
        /// `keywords.json`.
        #[arg(long, default_value = "../shared/data/timelines/t17-dev")]
        dir: PathBuf,
        /// Ignore the topics' keywords.
        #[arg(long)]
        no_keywords: bool,
        /// Override a tuning weight (experiments), e.g. `--set published=0.3`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Story views of one-story collections (Timeline17 layout: a folder a topic with
    /// `articles.jsonl` and `timelines.jsonl`): the biggest storyline's share of the articles,
    /// its timeline's Date-F1, the most independent sources claimed, texts of the view that
    /// stand in 5% or more of the articles.
    Story {
        #[arg(long, default_value = "../shared/data/timelines/t17-dev")]
        dir: PathBuf,
        /// Override a grouping parameter (experiments), e.g. `--set storyline_threshold=0.25`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(what: EvalCommand) -> anyhow::Result<ExitCode> {
    match what {
        EvalCommand::Words {
            data,
            rate,
            seed,
            limit,
            all_pages,
            sites,
            examples,
            json,
        } => {
            let pages = if all_pages {
                Pages::All
            } else {
                Pages::Articles
            };
            let measure = storyline_eval::words::Measure {
                rate,
                seed,
                limit,
                pages,
                sites: sites.into(),
                examples,
            };
            let report = storyline_eval::words::run(&data, &measure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Cluster {
            file,
            gold,
            set,
            examples,
            keep,
            json,
        } => {
            let params = grouping_params(&set)?;
            let report = cluster_report(&file, &gold, &params, examples, keep.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Extract {
            dir,
            limit,
            json,
            pages,
        } => {
            let mut report = storyline_extract::eval::run(&dir, limit)?;
            if json {
                if !pages {
                    report.results.clear();
                }
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Story { dir, set, json } => {
            let report = super::eval_story::run(&dir, &grouping_params(&set)?)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Timeline {
            dir,
            no_keywords,
            set,
            json,
        } => {
            let mut weights = storyline_story::timeline::Weights::default();
            for s in &set {
                let (k, v) = s
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--set wants NAME=VALUE, got {s}"))?;
                weights.set(k, v).map_err(anyhow::Error::msg)?;
            }
            let report = super::eval_timeline::run(&dir, !no_keywords, &weights)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Scores of one clustering level.
#[derive(serde::Serialize)]
struct LevelScore {
    level: &'static str,
    clusters: usize,
    /// Share of the articles in the largest cluster.
    biggest: f64,
    bcubed: Prf,
    pairwise: Prf,
}

#[derive(serde::Serialize)]
struct ClusterReport {
    file: String,
    gold: String,
    articles: usize,
    gold_classes: usize,
    levels: Vec<LevelScore>,
    seconds: f64,
    /// Worst events holding several gold classes, and gold classes spread over events.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    merged: Vec<Confusion>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    split: Vec<Confusion>,
}

impl std::fmt::Display for ClusterReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}: {} articles, {} gold `{}` classes ({:.1} s)",
            self.file, self.articles, self.gold_classes, self.gold, self.seconds
        )?;
        writeln!(
            f,
            "level      clusters  biggest  BCubed P / R / F1        pairwise P / R / F1"
        )?;
        for l in &self.levels {
            writeln!(
                f,
                "{:<10} {:>8}  {:>7.4}  {:.4} / {:.4} / {:.4}  {:.4} / {:.4} / {:.4}",
                l.level,
                l.clusters,
                l.biggest,
                l.bcubed.precision,
                l.bcubed.recall,
                l.bcubed.f1,
                l.pairwise.precision,
                l.pairwise.recall,
                l.pairwise.f1
            )?;
        }
        for (title, list) in [
            ("events holding several gold classes", &self.merged),
            ("gold classes spread over events", &self.split),
        ] {
            if !list.is_empty() {
                writeln!(f, "{title}:")?;
                for c in list {
                    let parts: Vec<String> = c
                        .parts
                        .iter()
                        .take(4)
                        .map(|(k, v)| format!("{k} {v}"))
                        .collect();
                    writeln!(
                        f,
                        "  {} ({} items, {} stray): {}",
                        c.label,
                        c.size,
                        c.stray,
                        parts.join(", ")
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// Grouping parameters with the `--set NAME=VALUE` overrides made.
fn grouping_params(set: &[String]) -> anyhow::Result<storyline_cluster::Params> {
    let mut params = storyline_cluster::Params::default();
    for s in set {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("--set wants NAME=VALUE, got {s}"))?;
        params.set(k, v).map_err(anyhow::Error::msg)?;
    }
    Ok(params)
}

/// A scratch store (gone with the returned folder) holding `articles` as the real pipeline
/// ingests them, and what the ingest reported.
pub(super) fn scratch_store(
    articles: Vec<storyline_core::RawArticle>,
    params: &storyline_cluster::Params,
) -> anyhow::Result<(
    tempfile::TempDir,
    storyline_store::Store,
    storyline::pipeline::IngestSummary,
)> {
    let dir = tempfile::tempdir()?;
    let (store, summary) = store_at(&dir.path().join("eval.db"), articles, params)?;
    Ok((dir, store, summary))
}

/// Ingest `articles` with the real pipeline into a new store at `path`.
fn store_at(
    path: &std::path::Path,
    articles: Vec<storyline_core::RawArticle>,
    params: &storyline_cluster::Params,
) -> anyhow::Result<(storyline_store::Store, storyline::pipeline::IngestSummary)> {
    let mut store = storyline_store::Store::open(path)?;
    let summary = storyline::pipeline::ingest_from(
        &mut store,
        storyline::pipeline::Source::Articles(articles),
        &storyline_clean::Cleaner::new(),
        &storyline::pipeline::Quiet,
        params,
    )?;
    Ok((store, summary))
}

/// Ingest the labelled file into a scratch store with the real pipeline, then score the
/// stored event and storyline labels.
fn cluster_report(
    file: &std::path::Path,
    gold: &str,
    params: &storyline_cluster::Params,
    examples: usize,
    keep: Option<&std::path::Path>,
) -> anyhow::Result<ClusterReport> {
    let started = std::time::Instant::now();
    let labelled = storyline_eval::cluster::load(file, gold)?;
    let mut ids = Vec::with_capacity(labelled.len());
    let mut golds = Vec::with_capacity(labelled.len());
    let mut articles = Vec::with_capacity(labelled.len());
    for (i, l) in labelled.into_iter().enumerate() {
        // Ids must be unique for scoring: records without one are numbered.
        let mut a = l.article;
        let id =
            a.id.get_or_insert_with(|| format!("record-{}", i + 1))
                .clone();
        ids.push(id);
        golds.push(l.gold);
        articles.push(a);
    }
    let (_scratch, store, summary) = match keep {
        Some(path) => {
            anyhow::ensure!(
                !path.exists(),
                "{} exists: --keep makes a new store",
                path.display()
            );
            let (store, summary) = store_at(path, articles, params)?;
            (None, store, summary)
        }
        None => {
            let (dir, store, summary) = scratch_store(articles, params)?;
            (Some(dir), store, summary)
        }
    };
    if summary.rejected > 0 {
        anyhow::bail!("{} records were rejected by ingest", summary.rejected);
    }
    let mut events = Vec::with_capacity(ids.len());
    let mut storylines = Vec::with_capacity(ids.len());
    for id in &ids {
        let a = store
            .get(id)?
            .ok_or_else(|| anyhow::anyhow!("record {id} was not stored (duplicate id?)"))?;
        events.push(a.event.unwrap_or_default());
        storylines.push(a.storyline.unwrap_or_default());
    }
    let (merged, split) = storyline_eval::cluster::confusions(&events, &golds, examples);
    let level = |level, pred: &[String]| LevelScore {
        level,
        clusters: pred.iter().collect::<std::collections::HashSet<_>>().len(),
        biggest: biggest_share(pred),
        bcubed: storyline_eval::cluster::bcubed(pred, &golds),
        pairwise: storyline_eval::cluster::pairwise(pred, &golds),
    };
    Ok(ClusterReport {
        file: file.display().to_string(),
        gold: gold.to_string(),
        articles: ids.len(),
        gold_classes: golds.iter().collect::<std::collections::HashSet<_>>().len(),
        levels: vec![level("events", &events), level("storylines", &storylines)],
        seconds: started.elapsed().as_secs_f64(),
        merged,
        split,
    })
}

/// Share of the labels held by the most common one.
fn biggest_share(labels: &[String]) -> f64 {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for l in labels {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    counts.values().max().copied().unwrap_or(0) as f64 / labels.len().max(1) as f64
}
