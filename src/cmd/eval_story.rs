//! `storyline eval story`: the story view of one-story collections, measured as a reader
//! would judge it. Each topic folder (`articles.jsonl` with `id`, `time`, PTB-tokenised `text`;
//! `timelines.jsonl`, journalists' timelines) is one story followed by one outlet. Its articles
//! (tokens undone, no publisher) go through the real pipeline into a scratch store; then:
//! the biggest storyline's share of the articles (one story should be one storyline), the
//! Date-F1 of that storyline's timeline days against the reference timelines, the most
//! independent sources anything in the view claims (one outlet is one source), and the view's
//! texts that stand verbatim in 5% or more of the collection's articles (page furniture).

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;
use storyline_core::RawArticle;
use storyline_eval::tls;

/// What one topic's story view gave.
#[derive(Serialize)]
pub struct TopicScore {
    pub topic: String,
    pub articles: usize,
    pub storylines: usize,
    /// Share of the articles in the biggest storyline.
    pub biggest_share: f64,
    /// Events in the biggest storyline (one story of months has many happenings).
    pub biggest_events: usize,
    /// Date-F1 of the biggest storyline's day-dated timeline entries, mean over the topic's
    /// reference timelines.
    pub date_f1: f64,
    /// Most independent sources claimed by the storyline, an event, a fact or a timeline entry.
    pub max_sources: usize,
    /// Summary, fact and timeline texts found verbatim in 5% or more of the articles.
    pub furniture: usize,
    /// Those texts (at most five).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub furniture_examples: Vec<String>,
}

#[derive(Serialize)]
pub struct Report {
    pub dir: String,
    pub topics: Vec<TopicScore>,
    /// Means by topic group (the name before `_`: the story), then over all topics.
    pub groups: Vec<GroupMean>,
    pub seconds: f64,
}

#[derive(Serialize)]
pub struct GroupMean {
    pub group: String,
    pub topics: usize,
    pub biggest_share: f64,
    pub date_f1: f64,
    pub max_sources: f64,
    pub furniture: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}: {} topics ({:.1} s)",
            self.dir,
            self.topics.len(),
            self.seconds
        )?;
        writeln!(
            f,
            "{:<24} {:>8} {:>10} {:>8} {:>7} {:>8} {:>8} {:>9}",
            "topic",
            "articles",
            "storylines",
            "biggest",
            "events",
            "date-F1",
            "sources",
            "furniture"
        )?;
        for t in &self.topics {
            writeln!(
                f,
                "{:<24} {:>8} {:>10} {:>8.3} {:>7} {:>8.4} {:>8} {:>9}",
                t.topic,
                t.articles,
                t.storylines,
                t.biggest_share,
                t.biggest_events,
                t.date_f1,
                t.max_sources,
                t.furniture
            )?;
            for x in &t.furniture_examples {
                writeln!(f, "    furniture: {x}")?;
            }
        }
        for g in &self.groups {
            writeln!(
                f,
                "{:<24} {:>8} {:>10} {:>8.3} {:>7} {:>8.4} {:>8.1} {:>9.1}",
                format!("mean {}", g.group),
                g.topics,
                "",
                g.biggest_share,
                "",
                g.date_f1,
                g.max_sources,
                g.furniture
            )?;
        }
        Ok(())
    }
}

/// Measure every topic folder under `dir`.
pub fn run(dir: &Path, params: &storyline_cluster::Params) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let mut topics: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("articles.jsonl").is_file())
        .collect();
    topics.sort();
    anyhow::ensure!(
        !topics.is_empty(),
        "no topic folders with articles.jsonl in {}",
        dir.display()
    );
    let scores = topics
        .iter()
        .map(|t| topic(t, params))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let groups = group_means(&scores);
    Ok(Report {
        dir: dir.display().to_string(),
        topics: scores,
        groups,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn topic(dir: &Path, params: &storyline_cluster::Params) -> anyhow::Result<TopicScore> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let articles = load_articles(&dir.join("articles.jsonl"))?;
    let references = tls::load_timelines(dir.join("timelines.jsonl"))?;
    let texts: Vec<String> = articles.iter().map(|a| a.text.clone()).collect();
    let (_scratch, store, _) = super::eval::scratch_store(articles, params)?;
    let list = storyline::stories::list(&store)?;
    let stored: usize = list.iter().map(|s| s.articles).sum();
    let biggest = list
        .iter()
        .max_by_key(|s| (s.articles, std::cmp::Reverse(s.id.clone())));
    let mut score = TopicScore {
        topic: name,
        articles: stored,
        storylines: list.len(),
        biggest_share: 0.0,
        biggest_events: 0,
        date_f1: 0.0,
        max_sources: 0,
        furniture: 0,
        furniture_examples: Vec::new(),
    };
    let Some(biggest) = biggest else {
        return Ok(score);
    };
    score.biggest_share = biggest.articles as f64 / stored.max(1) as f64;
    score.biggest_events = biggest.events.len();
    let detail = storyline::stories::detail(&store, &biggest.id)?
        .context("the biggest storyline has no view")?;
    let view = &detail.view;
    // Day-dated entries only: a month or a year is no day of a reference timeline.
    let predicted: tls::Timeline = (view.timeline.iter())
        .filter_map(|e| Some((e.date.parse().ok()?, vec![e.text.clone()])))
        .collect();
    score.date_f1 = mean(references.iter().map(|r| tls::date_f1(&predicted, r).f));
    score.max_sources = max_sources(&detail);
    let view_texts = (view.summary.iter().map(|c| &c.text))
        .chain(view.facts.iter().map(|f| &f.text))
        .chain(view.timeline.iter().map(|e| &e.text));
    for text in view_texts {
        let carrying = texts.iter().filter(|t| t.contains(text.as_str())).count();
        if carrying * 20 >= texts.len().max(1) && carrying > 1 {
            score.furniture += 1;
            if score.furniture_examples.len() < 5 {
                score
                    .furniture_examples
                    .push(format!("{text} ({carrying} articles)"));
            }
        }
    }
    Ok(score)
}

fn max_sources(detail: &storyline::stories::StoryDetail) -> usize {
    let view = &detail.view;
    let claimed = (view.facts.iter().map(|f| f.independent))
        .chain(view.timeline.iter().map(|e| e.independent));
    let events = detail.storyline.events.iter().map(|e| e.sources);
    (claimed.chain(events))
        .max()
        .unwrap_or(0)
        .max(detail.storyline.sources)
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// The topic's articles: id, publication day from `time`, text with tokens undone, and no
/// publisher (as scraped text arrives).
fn load_articles(path: &Path) -> anyhow::Result<Vec<RawArticle>> {
    let rows = storyline_eval::cluster::read_jsonl(path)?;
    let articles = rows.iter().enumerate().filter_map(|(i, v)| {
        let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Some(RawArticle {
            id: field("id"),
            origin: format!("{}:{}", path.display(), i + 1),
            text: storyline_eval::ptb::detokenize(&field("text")?),
            published: field("time"),
            ..Default::default()
        })
    });
    Ok(articles.collect())
}

fn group_means(scores: &[TopicScore]) -> Vec<GroupMean> {
    let mut names: Vec<String> = scores
        .iter()
        .map(|s| s.topic.split('_').next().unwrap_or("").to_string())
        .collect();
    names.sort();
    names.dedup();
    names.push(String::from("all"));
    names
        .into_iter()
        .map(|g| {
            let members: Vec<&TopicScore> = (scores.iter())
                .filter(|s| g == "all" || s.topic.split('_').next() == Some(g.as_str()))
                .collect();
            let m = |f: fn(&TopicScore) -> f64| mean(members.iter().map(|s| f(s)));
            GroupMean {
                topics: members.len(),
                biggest_share: m(|s| s.biggest_share),
                date_f1: m(|s| s.date_f1),
                max_sources: m(|s| s.max_sources as f64),
                furniture: m(|s| s.furniture as f64),
                group: g,
            }
        })
        .collect()
}
