//! `storyline stories` and `storyline story ID`: storylines, their events and articles.

use std::path::Path;
use std::process::ExitCode;

use storyline::stories::{self, sources_label, EventView, StoryDetail, StorylineView};

/// Events listed under each storyline by `stories`.
const EVENTS_LISTED: usize = 5;

pub fn list(db: &Path, json: bool, limit: Option<usize>) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let mut all = stories::list(&store)?;
    let stored = all.len();
    all.truncate(limit.unwrap_or(usize::MAX));
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::SUCCESS);
    }
    if stored == 0 {
        println!("no storylines yet (ingest some articles first)");
    } else if all.len() < stored {
        println!("{stored} storylines stored; showing {}", all.len());
    }
    for s in &all {
        println!("{}  {}", s.id, s.headline);
        println!("    {}", summary_line(s, &s.first, &s.last));
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

/// `json`: the page and events a page of the JSON, else text.
pub fn show(id: &str, db: &Path, json: Option<(usize, usize)>) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let Some(s) = stories::detail(&store, id)? else {
        eprintln!(
            "storyline: no storyline {id:?} in {} (see `storyline stories`)",
            db.display()
        );
        return Ok(ExitCode::from(1));
    };
    if let Some((page, per_page)) = json {
        let page = stories::json_page(&s, page, per_page);
        println!("{}", serde_json::to_string_pretty(&page)?);
    } else {
        print!("{}", render(&s.storyline));
        print!("{}", render_view(&s));
    }
    Ok(ExitCode::SUCCESS)
}

/// The story view under the events: summary, timeline, entities, quotes, facts.
fn render_view(s: &StoryDetail) -> String {
    let v = &s.view;
    let mut out = String::new();
    section(&mut out, "Summary", &v.summary, |c| {
        format!("{} {}", c.text, cite(&c.sources))
    });
    section(&mut out, "Timeline", &v.timeline, |e| {
        let date = match &e.until {
            Some(u) => format!("{} to {}", e.date, u),
            None => e.date.clone(),
        };
        let mark = if e.background { "  (background)" } else { "" };
        format!(
            "{date:<12} {} {} {}{mark}",
            e.text,
            cite(&e.sources),
            sources_label(e.independent, e.unattributed, "source")
        )
    });
    section(&mut out, "Who and where", &v.entities, |e| {
        let aliases = if e.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", e.aliases.join(", "))
        };
        let kind = format!("{:?}", e.kind).to_lowercase();
        let n = e.mentions;
        format!(
            "{kind:<14} {}{aliases}: {n} mention{}",
            e.name,
            super::plural(n)
        )
    });
    section(&mut out, "Quotes", &v.quotes, |q| {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        format!("\u{201C}{}\u{201D} ({who}) {}", q.text, cite(&q.sources))
    });
    section(&mut out, "Facts", &v.facts, |f| {
        let mut line = format!(
            "{} {} {}",
            f.text,
            cite(&f.sources),
            sources_label(f.independent, f.unattributed, "independent source")
        );
        for variant in &f.variants {
            line.push_str(&format!(
                "\n      version: {} {}",
                variant.text,
                cite(&variant.sources)
            ));
        }
        line
    });
    for d in &v.inferred_dates {
        out.push_str(&format!(
            "\nnote: {} has no publication date; inferred {} ({}, confidence {:.2})\n",
            d.article, d.date, d.reason, d.confidence
        ));
    }
    out
}

/// A titled list, one line an item; nothing when the list is empty.
fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for item in items {
        out.push_str(&format!("  {}\n", line(item)));
    }
}

/// Article ids as a citation.
fn cite(ids: &[String]) -> String {
    format!("[{}]", ids.join(", "))
}

fn render(s: &StorylineView) -> String {
    let mut out = format!("{}  {}\n", s.id, s.headline);
    out.push_str(&format!("{}\n", summary_line(s, &s.first, &s.last)));
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

fn summary_line(s: &StorylineView, first: &Option<String>, last: &Option<String>) -> String {
    let (articles, events) = (s.articles, s.events.len());
    format!(
        "{articles} article{}, {}, {events} event{}, {}",
        super::plural(articles),
        sources_label(s.sources, s.unattributed, "source"),
        super::plural(events),
        span(first, last)
    )
}

fn event_line(e: &EventView) -> String {
    format!(
        "{} article{}, {}, {}",
        e.articles.len(),
        super::plural(e.articles.len()),
        sources_label(e.sources, e.unattributed, "source"),
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
