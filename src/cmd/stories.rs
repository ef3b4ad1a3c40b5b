//! `storyline stories` and `storyline story ID`: storylines, their events and articles.

use std::path::Path;
use std::process::ExitCode;

use storyline::stories::{self, EventView, StorylineView};

/// Events listed under each storyline by `stories`.
const EVENTS_LISTED: usize = 5;

pub fn list(db: &Path, json: bool, limit: Option<usize>) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let mut all = stories::list(&store)?;
    all.truncate(limit.unwrap_or(usize::MAX));
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        println!("no storylines yet (ingest some articles first)");
    }
    for s in &all {
        println!("{}  {}", s.id, s.headline);
        println!(
            "    {}",
            summary_line(s.articles, s.sources, s.events.len(), &s.first, &s.last)
        );
        // The most covered events, in time order; `story ID` lists them all.
        let mut shown: Vec<&EventView> = s.events.iter().collect();
        shown.sort_by(|a, b| {
            b.sources
                .cmp(&a.sources)
                .then(b.articles.len().cmp(&a.articles.len()))
        });
        shown.truncate(EVENTS_LISTED);
        shown.sort_by_key(|e| (e.first.is_none(), e.first.clone()));
        for e in shown {
            println!("    {:<8} {}  ({})", e.id, e.headline, event_line(e));
        }
        if s.events.len() > EVENTS_LISTED {
            let more = s.events.len() - EVENTS_LISTED;
            println!("    … and {more} more events (storyline story {})", s.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(id: &str, db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let Some(s) = stories::get(&store, id)? else {
        eprintln!(
            "storyline: no storyline {id:?} in {} (see `storyline stories`)",
            db.display()
        );
        return Ok(ExitCode::from(1));
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print!("{}", render(&s));
    }
    Ok(ExitCode::SUCCESS)
}

fn render(s: &StorylineView) -> String {
    let mut out = format!("{}  {}\n", s.id, s.headline);
    out.push_str(&format!(
        "{}\n",
        summary_line(s.articles, s.sources, s.events.len(), &s.first, &s.last)
    ));
    for e in &s.events {
        out.push_str(&format!(
            "\n{}  {}\n    {}\n",
            e.id,
            e.headline,
            event_line(e)
        ));
        for a in &e.articles {
            let mut marks = Vec::new();
            if let Some(d) = &a.duplicate_of {
                marks.push(format!("copy of {d}"));
            }
            if !a.shares_passages_with.is_empty() {
                marks.push(format!(
                    "shares passages with {}",
                    a.shares_passages_with.join(", ")
                ));
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join("; "))
            };
            out.push_str(&format!(
                "    {:<10} {:<20} {}  {}{}\n",
                a.published
                    .as_deref()
                    .map(|d| d.get(..10).unwrap_or(d))
                    .unwrap_or("undated"),
                a.publisher.as_deref().unwrap_or("-"),
                a.id,
                a.headline,
                marks
            ));
        }
    }
    out
}

fn summary_line(
    articles: usize,
    sources: usize,
    events: usize,
    first: &Option<String>,
    last: &Option<String>,
) -> String {
    format!(
        "{articles} article{}, {sources} source{}, {events} event{}, {}",
        super::plural(articles),
        super::plural(sources),
        super::plural(events),
        span(first, last)
    )
}

fn event_line(e: &EventView) -> String {
    format!(
        "{} article{}, {} source{}, {}",
        e.articles.len(),
        super::plural(e.articles.len()),
        e.sources,
        super::plural(e.sources),
        span(&e.first, &e.last)
    )
}

fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "undated".to_string(),
    }
}
