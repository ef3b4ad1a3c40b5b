//! Storylines and events as readers list them: headline, articles, independent sources and
//! date span, most covered first. Built from the store's labels (a read-only view).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use storyline_core::Article;
use storyline_store::{Store, StoreError, StoryRow};
use storyline_story::{Doc, Enrichment, Limits, Shared};

/// One article in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub headline: String,
    pub publisher: Option<String>,
    /// The wire agency the text credits, when it credits one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The keys of the source it is counted under (publisher, else agency, else site; folded,
    /// with initials), empty when unknown.
    #[serde(skip)]
    pub source: Vec<String>,
    pub published: Option<String>,
    /// The canonical article this one copies.
    pub duplicate_of: Option<String>,
    /// Articles this one shares passages with (reused wire copy).
    pub shares_passages_with: Vec<String>,
}

/// An event: articles about one happening.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    pub headline: String,
    pub articles: Vec<ArticleRef>,
    /// Independent sources: distinct sources (the publisher, else the credited wire agency)
    /// among articles that are not copies. Articles of unknown source count as one source
    /// when no other is known, else as none: a lower bound.
    pub sources: usize,
    /// Articles (not copies) whose source is unknown, so whose independence is not known.
    pub unattributed: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// A storyline: events of one topic across time, oldest event first.
#[derive(Debug, Clone, Serialize)]
pub struct StorylineView {
    pub id: String,
    pub headline: String,
    pub events: Vec<EventView>,
    pub articles: usize,
    /// As for [`EventView::sources`].
    pub sources: usize,
    pub unattributed: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Every storyline, most covered first (sources, then articles, then most recent).
pub fn list(store: &Store) -> Result<Vec<StorylineView>, StoreError> {
    build(store.story_rows(None)?, &store.passage_pairs(None)?)
}

/// One storyline.
/// One storyline, named by its id or by the id of one of its events or articles.
pub fn get(store: &Store, id: &str) -> Result<Option<StorylineView>, StoreError> {
    let Some(storyline) = store.storyline_of(id)? else {
        return Ok(None);
    };
    Ok(build(
        store.story_rows(Some(&storyline))?,
        &store.passage_pairs(Some(&storyline))?,
    )?
    .into_iter()
    .next())
}

/// A storyline with its story view: summary, timeline, entities, quotes and facts.
#[derive(Debug, Clone, Serialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub storyline: StorylineView,
    #[serde(flatten)]
    pub view: Enrichment,
}

/// Events one page of a story's JSON lists unless asked otherwise, and at most: a storyline
/// of a year of news holds tens of thousands of events, and its whole JSON hundreds of MB.
pub const EVENTS_PER_PAGE: usize = 100;
pub const MAX_EVENTS_PER_PAGE: usize = 1000;

/// One page of a story's JSON: the storyline with the page's events, and its whole story view
/// (bounded already).
#[derive(Debug, Serialize)]
pub struct StoryJsonPage<'a> {
    pub id: &'a str,
    pub headline: &'a str,
    pub events: &'a [EventView],
    /// Events of the storyline over all pages.
    pub events_total: usize,
    /// This page (from 1) and the events a page.
    pub page: usize,
    pub per_page: usize,
    pub articles: usize,
    pub sources: usize,
    pub unattributed: usize,
    pub first: Option<&'a str>,
    pub last: Option<&'a str>,
    #[serde(flatten)]
    pub view: &'a Enrichment,
}

/// Page `page` (from 1; past the last, no events) of `detail`'s JSON, `per_page` events
/// a page (clamped to 1..=[`MAX_EVENTS_PER_PAGE`]).
pub fn json_page(detail: &StoryDetail, page: usize, per_page: usize) -> StoryJsonPage<'_> {
    let s = &detail.storyline;
    let per_page = per_page.clamp(1, MAX_EVENTS_PER_PAGE);
    let page = page.max(1);
    let from = ((page - 1).saturating_mul(per_page)).min(s.events.len());
    let to = (from + per_page).min(s.events.len());
    StoryJsonPage {
        id: &s.id,
        headline: &s.headline,
        events: &s.events[from..to],
        events_total: s.events.len(),
        page,
        per_page,
        articles: s.articles,
        sources: s.sources,
        unattributed: s.unattributed,
        first: s.first.as_deref(),
        last: s.last.as_deref(),
        view: &detail.view,
    }
}

/// One storyline with its story view (see [`get`] for the ids accepted).
pub fn detail(store: &Store, id: &str) -> Result<Option<StoryDetail>, StoreError> {
    let Some(storyline) = get(store, id)? else {
        return Ok(None);
    };
    let mut articles = Vec::with_capacity(storyline.articles.min(MAX_VIEW_ARTICLES));
    // Passages are stored once a pair; each side gets its span.
    let mut shared: HashMap<String, Vec<Shared>> = HashMap::new();
    for id in view_sample(&storyline, MAX_VIEW_ARTICLES) {
        if let Some(article) = store.get(id)? {
            for p in store.passages(id)? {
                shared.entry(p.other.clone()).or_default().push(Shared {
                    other: p.article.clone(),
                    start: p.other_start as usize,
                    end: p.other_end as usize,
                });
                shared.entry(p.article).or_default().push(Shared {
                    other: p.other,
                    start: p.start as usize,
                    end: p.end as usize,
                });
            }
            articles.push(article);
        }
    }
    let docs = articles
        .into_iter()
        .map(|a| {
            let spans = shared.remove(&a.id).unwrap_or_default();
            doc_of(a, spans)
        })
        .collect();
    let limits = Limits {
        timeline: timeline_entries(storyline.articles),
        ..Limits::default()
    };
    let view = storyline_story::enrich(docs, limits);
    Ok(Some(StoryDetail { storyline, view }))
}

/// Timeline entries a story view gives: one for every [`ARTICLES_AN_ENTRY`] articles, at least
/// the default and at most [`MAX_TIMELINE_ENTRIES`]. A long-running story reported hundreds of
/// times has more dates worth telling than a week's news.
fn timeline_entries(articles: usize) -> usize {
    (articles / ARTICLES_AN_ENTRY).clamp(Limits::default().timeline, MAX_TIMELINE_ENTRIES)
}

const ARTICLES_AN_ENTRY: usize = 6;
const MAX_TIMELINE_ENTRIES: usize = 60;

/// Most articles one story view reads. The view's cost grows faster than its input (about
/// 1 ms an article at 1,000 articles), and a storyline of thousands of reports says little
/// more than a few hundred of them chosen across its events.
pub const MAX_VIEW_ARTICLES: usize = 600;

/// The articles a story view reads: all of them when there are at most `max`, else a round
/// over the events, largest first, taking each event's reports in date order, so every
/// event keeps its earliest reports and no event crowds out the others.
fn view_sample(s: &StorylineView, max: usize) -> Vec<&str> {
    let mut events: Vec<&EventView> = s.events.iter().collect();
    if s.articles > max {
        events.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.id.cmp(&b.id))
        });
    }
    let mut out = Vec::with_capacity(s.articles.min(max));
    for round in 0.. {
        let before = out.len();
        for e in &events {
            if out.len() == max {
                return out;
            }
            if let Some(a) = e.articles.get(round) {
                out.push(a.id.as_str());
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// Search results as the CLI (`search --json`) and the API (`/api/search`) give them: each hit
/// with its snippet unmarked and the byte spans of the matches in it.
pub fn search_json(
    query: &str,
    total: u64,
    pending: u64,
    hits: &[storyline_store::SearchHit],
) -> serde_json::Value {
    let hits: Vec<serde_json::Value> = hits
        .iter()
        .map(|h| {
            let (snippet, highlights) = storyline_store::unmark(&h.snippet);
            serde_json::json!({
                "id": h.id, "title": h.title, "publisher": h.publisher, "published": h.published,
                "event": h.event, "storyline": h.storyline, "score": h.score,
                "snippet": snippet, "highlights": highlights,
            })
        })
        .collect();
    serde_json::json!({"query": query, "total": total, "pending": pending, "hits": hits})
}

/// The export record of one stored article (`storyline export`, the JSON API).
pub fn article_json(a: &Article) -> serde_json::Value {
    serde_json::json!({
        "id": a.id,
        "revision": a.revision,
        "title": a.title,
        "byline": a.byline,
        "publisher": a.publisher,
        "agencies": a.agencies,
        "published": a.published,
        "dateline": a.dateline,
        "language": a.language,
        "url": a.url,
        "text": a.text,
        "event": a.event,
        "storyline": a.storyline,
        "duplicate_of": a.duplicate_of,
        "extra": a.extra,
    })
}

/// The story view's reading of a stored article.
fn doc_of(a: Article, shared: Vec<Shared>) -> Doc {
    Doc {
        published: a
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|p| p.parse().ok()),
        id: a.id,
        title: a.title,
        text: a.text,
        publisher: a.publisher,
        agency: a.agencies.first().cloned(),
        url: a.url,
        duplicate_of: a.duplicate_of,
        dateline: a.dateline,
        event: a.event,
        shared,
    }
}

fn build(
    rows: Vec<StoryRow>,
    pairs: &[(String, String)],
) -> Result<Vec<StorylineView>, StoreError> {
    let mut shares: HashMap<&str, Vec<String>> = HashMap::new();
    for (a, b) in pairs {
        shares.entry(a.as_str()).or_default().push(b.clone());
    }
    let mut by_storyline: BTreeMap<String, BTreeMap<String, Vec<StoryRow>>> = BTreeMap::new();
    for r in rows {
        let (Some(s), Some(e)) = (r.storyline.clone(), r.event.clone()) else {
            continue;
        };
        by_storyline
            .entry(s)
            .or_default()
            .entry(e)
            .or_default()
            .push(r);
    }
    let mut out: Vec<StorylineView> = by_storyline
        .into_iter()
        .map(|(id, events)| {
            let mut events: Vec<EventView> = events
                .into_iter()
                .map(|(eid, rows)| event_view(eid, rows, &shares))
                .collect();
            events.sort_by(|a, b| {
                date_key(&a.first)
                    .cmp(&date_key(&b.first))
                    .then(a.id.cmp(&b.id))
            });
            storyline_view(id, events)
        })
        .collect();
    out.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(b.articles.cmp(&a.articles))
            .then(b.last.cmp(&a.last))
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// Undated sorts last.
fn date_key(d: &Option<String>) -> (bool, Option<String>) {
    (d.is_none(), d.clone())
}

fn event_view(
    id: String,
    mut rows: Vec<StoryRow>,
    shares: &HashMap<&str, Vec<String>>,
) -> EventView {
    rows.sort_by_key(|r| date_key(&r.published));
    let articles: Vec<ArticleRef> = rows
        .iter()
        .map(|r| ArticleRef {
            id: r.id.clone(),
            headline: headline(r),
            publisher: r.publisher.clone(),
            agency: r.agency.clone(),
            source: storyline_core::source::source_keys(
                r.publisher.as_deref(),
                r.agency.as_deref(),
                r.url.as_deref(),
            ),
            published: r.published.clone(),
            duplicate_of: r.duplicate_of.clone(),
            shares_passages_with: shares.get(r.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    let dates: Vec<&String> = rows.iter().filter_map(|r| r.published.as_ref()).collect();
    // The earliest original report with a title names the event.
    let lead = rows
        .iter()
        .find(|r| r.duplicate_of.is_none() && r.title.is_some())
        .or(rows.first())
        .map(headline)
        .unwrap_or_default();
    let (sources, unattributed) = sources(&articles);
    EventView {
        id,
        headline: lead,
        sources,
        unattributed,
        first: dates.iter().min().map(|d| day(d)),
        last: dates.iter().max().map(|d| day(d)),
        articles,
    }
}

fn storyline_view(id: String, events: Vec<EventView>) -> StorylineView {
    let all: Vec<ArticleRef> = events
        .iter()
        .flat_map(|e| e.articles.iter().cloned())
        .collect();
    let headline = events
        .iter()
        .max_by(|a, b| {
            a.sources
                .cmp(&b.sources)
                .then(a.articles.len().cmp(&b.articles.len()))
                .then(b.id.cmp(&a.id))
        })
        .map(|e| e.headline.clone())
        .unwrap_or_default();
    let (sources, unattributed) = sources(&all);
    StorylineView {
        id,
        headline,
        articles: all.len(),
        sources,
        unattributed,
        first: events.iter().filter_map(|e| e.first.clone()).min(),
        last: events.iter().filter_map(|e| e.last.clone()).max(),
        events,
    }
}

/// "3 independent sources", or, when some articles' source is unknown, "at least 1
/// independent source (publisher unknown for 39)": the count is then a lower bound.
pub fn sources_label(sources: usize, unattributed: usize, noun: &str) -> String {
    let counted = format!("{sources} {noun}{}", if sources == 1 { "" } else { "s" });
    match unattributed {
        0 => counted,
        u => format!("at least {counted} (publisher unknown for {u})"),
    }
}

/// Independent sources among the articles that are not copies, and how many of those have no
/// known source (see [`EventView::sources`]).
fn sources(articles: &[ArticleRef]) -> (usize, usize) {
    let originals: Vec<&ArticleRef> = (articles.iter())
        .filter(|a| a.duplicate_of.is_none())
        .collect();
    let mut sets = storyline_core::source::SourceSets::new(originals.len());
    for (i, a) in originals.iter().enumerate() {
        sets.add(i, a.source.clone());
    }
    let unattributed = originals.iter().filter(|a| a.source.is_empty()).count();
    (sets.independent(), unattributed)
}

fn headline(r: &StoryRow) -> String {
    headline_of(r.title.as_deref(), &r.lead)
}

/// What names an article to a reader: its title, else the first words of its text past any
/// stamp (never its id, which means nothing to a reader).
pub fn headline_of(title: Option<&str>, text: &str) -> String {
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    if text.trim().is_empty() {
        return "(nothing left after cleaning)".to_string();
    }
    let lead: String = storyline_story::without_stamp(text)
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ");
    format!("{lead}…")
}

/// The day of a date or timestamp.
pub fn day(d: &str) -> String {
    d.get(..10).unwrap_or(d).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: &str,
        event: &str,
        storyline: &str,
        publisher: Option<&str>,
        published: Option<&str>,
        dup: Option<&str>,
    ) -> StoryRow {
        StoryRow {
            id: id.into(),
            title: Some(format!("Title {id}")),
            publisher: publisher.map(String::from),
            agency: None,
            url: None,
            published: published.map(String::from),
            event: Some(event.into()),
            storyline: Some(storyline.into()),
            duplicate_of: dup.map(String::from),
            lead: String::new(),
        }
    }

    #[test]
    fn storylines_rank_by_independent_sources() {
        let rows = vec![
            row("a", "e1", "s1", Some("X"), Some("2024-06-18"), None),
            row(
                "b",
                "e1",
                "s1",
                Some("X"),
                Some("2024-06-19T08:00:00Z"),
                Some("a"),
            ),
            row("c", "e2", "s2", Some("Y"), Some("2020-01-01"), None),
            row("d", "e2", "s2", Some("Z"), None, None),
            row("e", "e3", "s2", None, Some("2000-07-19"), None),
        ];
        let pairs = vec![("c".to_string(), "d".to_string())];
        let list = build(rows, &pairs).unwrap();
        assert_eq!(list[0].id, "s2", "two sources beat one source with a copy");
        // The article without a publisher may come from Y or Z: it adds no source, and is
        // counted as unattributed.
        assert_eq!((list[0].sources, list[0].unattributed), (2, 1));
        assert_eq!(list[0].events[0].id, "e3", "oldest event first");
        assert_eq!(
            (list[0].first.as_deref(), list[0].last.as_deref()),
            (Some("2000-07-19"), Some("2020-01-01"))
        );
        assert_eq!(list[1].sources, 1, "a copy is not another source");
        assert_eq!(list[1].last.as_deref(), Some("2024-06-19"));
        let c = &list[0].events[1].articles[0];
        assert_eq!(
            (c.id.as_str(), c.shares_passages_with.clone()),
            ("c", vec!["d".to_string()])
        );
    }
}
