//! Server-rendered pages: home, story, article, search. Templates (askama, HTML-escaping every
//! value) get view models of ready strings; no page carries script.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::query::{self, Paging, SearchPage, Sort, StoriesQuery};
use super::state::App;
use super::{blocking, timeline};
use crate::stories::{sources_label, StoryDetail, StorylineView};

/// A page could not be shown: rendered as a page, not JSON.
pub struct PageError(super::api::ApiError);

impl From<super::api::ApiError> for PageError {
    fn from(e: super::api::ApiError) -> PageError {
        PageError(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            title: format!(
                "{} {}",
                self.0.status.as_u16(),
                self.0.status.canonical_reason().unwrap_or("")
            ),
            message: self.0.message,
        };
        (self.0.status, render(&page)).into_response()
    }
}

fn render(t: &impl Template) -> Html<String> {
    Html(
        t.render()
            .unwrap_or_else(|e| format!("template error: {e}")),
    )
}

type Params = Query<HashMap<String, String>>;

/// "2024-06-18 – 2024-06-20", one day, or "undated".
fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
        (Some(f), _) => f.clone(),
        _ => "undated".into(),
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

struct HomeItem {
    id: String,
    headline: String,
    facts: String,
    span: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    total: usize,
    items: Vec<HomeItem>,
    prev: Option<String>,
    next: Option<String>,
    filters: Filters,
}

/// Link to another page of a listing at `path`, keeping the request's other parameters.
fn page_link(path: &str, params: &HashMap<String, String>, page: usize) -> String {
    let mut pairs: Vec<(&str, String)> = params
        .iter()
        .filter(|(k, v)| k.as_str() != "page" && !v.trim().is_empty())
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    pairs.sort();
    pairs.push(("page", page.to_string()));
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// The filters a listing form shows again, as the reader typed them.
struct Filters {
    q: String,
    publisher: String,
    from: String,
    to: String,
    sort: String,
}

impl Filters {
    fn of(p: &HashMap<String, String>) -> Filters {
        let get = |k: &str| p.get(k).cloned().unwrap_or_default();
        Filters {
            q: get("q"),
            publisher: get("publisher"),
            from: get("from"),
            to: get("to"),
            sort: p.get("sort").cloned().unwrap_or_else(|| "rank".into()),
        }
    }
}

/// `GET /`: storylines ranked by coverage and recency.
pub async fn home(
    State(app): State<Arc<App>>,
    Query(p): Params,
) -> Result<Html<String>, PageError> {
    let mut q = StoriesQuery::parse(&p)?;
    if !p.contains_key("sort") {
        q.sort = Sort::Rank;
    }
    let paging = q.paging;
    let (total, page) = blocking(move || query::stories(&app, &q)).await?;
    let items = page
        .items()
        .map(|s: &StorylineView| HomeItem {
            id: s.id.clone(),
            headline: s.headline.clone(),
            facts: format!(
                "{} · {} · {}",
                count(s.sources, "source"),
                count(s.articles, "article"),
                count(s.events.len(), "event")
            ),
            span: span(&s.first, &s.last),
        })
        .collect();
    let has_next = paging.page * paging.per_page < total;
    Ok(render(&HomePage {
        title: "Storyline".into(),
        total,
        items,
        prev: (paging.page > 1).then(|| page_link("/", &p, paging.page - 1)),
        next: has_next.then(|| page_link("/", &p, paging.page + 1)),
        filters: Filters::of(&p),
    }))
}

/// The storyline's date span, widened by the publication dates the story view inferred for
/// undated articles (marked "≈").
fn story_span(d: &StoryDetail) -> String {
    let s = &d.storyline;
    let inferred = d.view.inferred_dates.iter().map(|i| i.date.as_str());
    let (Some(lo), Some(hi)) = (inferred.clone().min(), inferred.max()) else {
        return span(&s.first, &s.last);
    };
    let first = match &s.first {
        Some(f) if f.as_str() <= lo => f.clone(),
        _ => format!("≈{lo}"),
    };
    let last = match &s.last {
        Some(l) if l.as_str() >= hi => l.clone(),
        _ => format!("≈{hi}"),
    };
    span(&Some(first), &Some(last))
}

/// A citation: the number of a source in the story's source list.
struct Cite {
    n: usize,
    id: String,
}

/// The citations of one text: the first few shown, the rest counted (a one-outlet story may
/// carry a sentence in dozens of articles; the JSON lists them all).
struct Cites {
    shown: Vec<Cite>,
    more: usize,
}

/// Citations shown beside one text.
const CITES_SHOWN: usize = 6;

struct Cited {
    text: String,
    cites: Cites,
}

struct Entry {
    /// The break before it ("5 months later"), when one is due.
    gap: Option<String>,
    /// Size of its dot (0 to `timeline::MAX_DOT`; larger with more independent sources).
    dot: usize,
    date: String,
    text: String,
    cites: Cites,
    /// "2 independent sources", or a lower bound when some sources are unknown.
    sources: String,
    background: bool,
}

struct FactItem {
    text: String,
    sources: String,
    cites: Cites,
    variants: Vec<String>,
}

struct QuoteItem {
    text: String,
    speaker: String,
    cites: Cites,
}

struct EntityItem {
    name: String,
    kind: String,
    detail: String,
}

struct SourceItem {
    n: usize,
    id: String,
    headline: String,
    meta: String,
    copy_of: Option<String>,
    /// Articles of the storyline this one shares wire passages with.
    shares: Vec<Cite>,
}

struct EventItem {
    /// Articles of the event not listed on the page.
    more: usize,
    id: String,
    headline: String,
    facts: String,
    sources: Vec<SourceItem>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    title: String,
    id: String,
    facts: String,
    summary: Vec<Cited>,
    timeline: Vec<Entry>,
    events: Vec<EventItem>,
    /// Events not listed on the page.
    more_events: usize,
    entities: Vec<EntityItem>,
    quotes: Vec<QuoteItem>,
    fact_items: Vec<FactItem>,
}

/// `GET /stories/{id}` (rendered once a story view, then served from the cache).
pub async fn story(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let story = super::story_or_404(app, id).await?;
    let html = story
        .page
        .get_or_init(|| render(&story_page(&story.detail)).0.into());
    Ok(Html(html.clone()).into_response())
}

fn story_page(d: &StoryDetail) -> StoryPage {
    let s = &d.storyline;
    // Sources are numbered in the order the events list them.
    let numbers: HashMap<&str, usize> = s
        .events
        .iter()
        .flat_map(|e| &e.articles)
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();
    let cites = |ids: &[String]| -> Cites {
        let mut c: Vec<Cite> = ids
            .iter()
            .filter_map(|id| {
                numbers
                    .get(id.as_str())
                    .map(|&n| Cite { n, id: id.clone() })
            })
            .collect();
        c.sort_by_key(|c| c.n);
        let more = c.len().saturating_sub(CITES_SHOWN);
        c.truncate(CITES_SHOWN);
        Cites { shown: c, more }
    };
    let v = &d.view;
    let cited = cited(v);
    let listed = listed_events(s, &cited);
    StoryPage {
        title: s.headline.clone(),
        id: s.id.clone(),
        facts: format!(
            "{} · {} · {} · {}",
            sources_label(s.sources, s.unattributed, "independent source"),
            count(s.articles, "article"),
            count(s.events.len(), "event"),
            story_span(d)
        ),
        summary: v
            .summary
            .iter()
            .map(|c| Cited {
                text: c.text.clone(),
                cites: cites(&c.sources),
            })
            .collect(),
        timeline: (v.timeline.iter())
            .zip(timeline::rows(&v.timeline))
            .map(|(e, row)| Entry {
                gap: row.gap,
                dot: row.dot,
                date: match &e.until {
                    Some(u) => format!("{} to {}", e.date, u),
                    None => e.date.clone(),
                },
                text: e.text.clone(),
                cites: cites(&e.sources),
                sources: sources_label(e.independent, e.unattributed, "independent source"),
                background: e.background,
            })
            .collect(),
        more_events: s.events.len() - listed.len(),
        events: listed
            .into_iter()
            .map(|e| event_item(e, &numbers, &cited))
            .collect(),
        entities: v
            .entities
            .iter()
            .map(|e| EntityItem {
                name: e.name.clone(),
                kind: format!("{:?}", e.kind).to_lowercase(),
                detail: {
                    let mut d = format!(
                        "{} in {}",
                        count(e.mentions, "mention"),
                        count(e.articles.len(), "article")
                    );
                    if !e.aliases.is_empty() {
                        d.push_str(&format!("; also {}", e.aliases.join(", ")));
                    }
                    d
                },
            })
            .collect(),
        quotes: v
            .quotes
            .iter()
            .map(|q| QuoteItem {
                text: q.text.clone(),
                speaker: q.speaker.clone().unwrap_or_else(|| "unattributed".into()),
                cites: cites(&q.sources),
            })
            .collect(),
        fact_items: v
            .facts
            .iter()
            .map(|f| FactItem {
                text: f.text.clone(),
                sources: sources_label(f.independent, f.unattributed, "independent source"),
                cites: cites(&f.sources),
                variants: f.variants.iter().map(|x| x.text.clone()).collect(),
            })
            .collect(),
    }
}

/// Articles an event lists on the page besides those the story view cites (the JSON has all).
const LISTED_PER_EVENT: usize = 12;

/// Events a page lists in full besides those holding cited articles (the JSON has all).
const LISTED_EVENTS: usize = 30;

/// The events a page lists, in time order: the most covered ones and every event holding an
/// article the story view cites.
fn listed_events<'a>(
    s: &'a crate::stories::StorylineView,
    cited: &HashSet<&str>,
) -> Vec<&'a crate::stories::EventView> {
    if s.events.len() <= LISTED_EVENTS {
        return s.events.iter().collect();
    }
    let mut by_coverage: Vec<usize> = (0..s.events.len()).collect();
    by_coverage.sort_by_key(|&i| {
        let e = &s.events[i];
        (
            std::cmp::Reverse(e.sources),
            std::cmp::Reverse(e.articles.len()),
            i,
        )
    });
    let mut keep = vec![false; s.events.len()];
    for &i in by_coverage.iter().take(LISTED_EVENTS) {
        keep[i] = true;
    }
    for (i, e) in s.events.iter().enumerate() {
        keep[i] |= e.articles.iter().any(|a| cited.contains(a.id.as_str()));
    }
    // The storyline lists its events oldest first; keep that order.
    s.events
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(e, _)| e)
        .collect()
}

/// Every article the story view cites.
fn cited(v: &storyline_story::Enrichment) -> HashSet<&str> {
    let summary = v.summary.iter().flat_map(|c| &c.sources);
    let timeline = v.timeline.iter().flat_map(|e| &e.sources);
    let quotes = v.quotes.iter().flat_map(|q| &q.sources);
    let facts = v.facts.iter().flat_map(|f| &f.sources);
    summary
        .chain(timeline)
        .chain(quotes)
        .chain(facts)
        .map(String::as_str)
        .collect()
}

fn event_item(
    e: &crate::stories::EventView,
    numbers: &HashMap<&str, usize>,
    cited: &HashSet<&str>,
) -> EventItem {
    let listed: Vec<&crate::stories::ArticleRef> = e
        .articles
        .iter()
        .enumerate()
        .filter(|(i, a)| *i < LISTED_PER_EVENT || cited.contains(a.id.as_str()))
        .map(|(_, a)| a)
        .collect();
    EventItem {
        more: e.articles.len() - listed.len(),
        id: e.id.clone(),
        headline: e.headline.clone(),
        facts: format!(
            "{} · {} · {}",
            sources_label(e.sources, e.unattributed, "independent source"),
            count(e.articles.len(), "article"),
            span(&e.first, &e.last)
        ),
        sources: listed
            .iter()
            .map(|a| SourceItem {
                n: numbers.get(a.id.as_str()).copied().unwrap_or(0),
                id: a.id.clone(),
                headline: a.headline.clone(),
                meta: [
                    a.publisher.clone(),
                    a.published
                        .as_ref()
                        .map(|p| p.get(..10).unwrap_or(p).to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
                copy_of: a.duplicate_of.clone(),
                shares: a
                    .shares_passages_with
                    .iter()
                    .map(|id| Cite {
                        n: numbers.get(id.as_str()).copied().unwrap_or(0),
                        id: id.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A run of text, marked when it is shared with other articles or matches a search.
struct Segment {
    text: String,
    marked: bool,
    note: String,
}

struct Meta {
    label: &'static str,
    value: String,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    title: String,
    meta: Vec<Meta>,
    url: Option<String>,
    storyline: Option<String>,
    copy_of: Option<String>,
    paragraphs: Vec<Vec<Segment>>,
    /// The articles sharing passages with it, by their titles.
    shared_with: Vec<Linked>,
    /// Share (percent) of the text that other articles carry too, when most of it is: then
    /// what only this article says is highlighted instead.
    mostly_shared: Option<usize>,
    copy_title: Option<String>,
}

/// An article named by its title, linked by its id.
struct Linked {
    id: String,
    title: String,
}

/// From this share (percent) of a text carried by other articles, the page highlights what
/// is the article's own: marking nearly the whole body would tell the reader nothing.
const MOSTLY_SHARED_PERCENT: usize = 50;

/// `GET /articles/{id}`.
pub async fn article(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let (a, passages) = super::article_or_404(app.clone(), id).await?;
    let spans: Vec<(usize, usize, String)> = passages
        .iter()
        .map(|p| (p.start as usize, p.end as usize, p.other.clone()))
        .collect();
    let mut others: Vec<String> = passages.iter().map(|p| p.other.clone()).collect();
    others.sort();
    others.dedup();
    let mut wanted = others.clone();
    wanted.extend(a.duplicate_of.clone());
    let titles = super::headlines(app, wanted).await?;
    let title_of = |id: &str| titles.get(id).cloned().unwrap_or_else(|| id.to_string());
    let shared_with: Vec<Linked> = (others.iter())
        .map(|id| Linked {
            id: id.clone(),
            title: title_of(id),
        })
        .collect();
    let share = shared_percent(a.text.len(), &spans);
    let mostly_shared = (share >= MOSTLY_SHARED_PERCENT).then_some(share);
    let meta = [
        ("Publisher", a.publisher.clone()),
        ("Byline", a.byline.clone()),
        ("Published", a.published.clone()),
        ("Dateline", a.dateline.clone()),
        ("Language", a.language.clone()),
        ("Event", a.event.clone()),
        ("Id", Some(a.id.clone())),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|value| Meta { label, value }))
    .collect();
    Ok(render(&ArticlePage {
        title: crate::stories::headline_of(a.title.as_deref(), &a.text),
        meta,
        url: a.url.clone().filter(|u| safe_link(u)),
        storyline: a.storyline.clone(),
        copy_title: a.duplicate_of.as_deref().map(title_of),
        copy_of: a.duplicate_of.clone(),
        paragraphs: paragraphs(&a.text, &spans, mostly_shared.is_some()),
        shared_with,
        mostly_shared,
    }))
}

/// Share (percent, rounded down) of a text of `len` bytes that the spans cover.
fn shared_percent(len: usize, spans: &[(usize, usize, String)]) -> usize {
    let mut ranges: Vec<(usize, usize)> =
        spans.iter().map(|(s, e, _)| (*s, (*e).min(len))).collect();
    ranges.sort_unstable();
    let (mut covered, mut reach) = (0, 0);
    for (s, e) in ranges {
        let s = s.max(reach);
        if e > s {
            covered += e - s;
            reach = e;
        }
    }
    covered * 100 / len.max(1)
}

/// Only web links are links: a stored `javascript:` or `data:` URL is shown as text.
fn safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Paragraphs of `text` cut into segments at the edges of the shared spans; the shared
/// segments are marked, or with `own` the others.
fn paragraphs(text: &str, spans: &[(usize, usize, String)], own: bool) -> Vec<Vec<Segment>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for para in text.split("\n\n") {
        let (start, end) = (offset, offset + para.len());
        offset = end + 2;
        if para.trim().is_empty() {
            continue;
        }
        // Cut points: paragraph edges and every span edge inside it.
        let mut cuts: Vec<usize> = vec![start, end];
        for (s, e, _) in spans {
            cuts.extend(
                [*s, *e]
                    .into_iter()
                    .filter(|&c| c > start && c < end && text.is_char_boundary(c)),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        let segments = cuts
            .windows(2)
            .map(|w| {
                let others: Vec<&str> = spans
                    .iter()
                    .filter(|(s, e, _)| *s <= w[0] && w[1] <= *e)
                    .map(|(_, _, o)| o.as_str())
                    .collect();
                let note = match (others.is_empty(), own) {
                    (false, false) => format!("also in {}", others.join(", ")),
                    (true, true) => "only in this article".to_string(),
                    _ => String::new(),
                };
                Segment {
                    text: text[w[0]..w[1]].to_string(),
                    marked: others.is_empty() == own,
                    note,
                }
            })
            .collect();
        out.push(segments);
    }
    out
}

struct Hit {
    id: String,
    title: String,
    meta: String,
    storyline: Option<String>,
    snippet: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchResults {
    title: String,
    q: String,
    total: u64,
    /// Articles not yet searchable.
    pending: u64,
    hits: Vec<Hit>,
    prev: Option<String>,
    next: Option<String>,
}

/// `GET /search?q=`.
pub async fn search(
    State(app): State<Arc<App>>,
    Query(p): Params,
) -> Result<Html<String>, PageError> {
    let paging = Paging::parse(&p)?;
    let Some(q) = p
        .get("q")
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
    else {
        return Ok(render(&SearchResults {
            title: "Search".into(),
            q: String::new(),
            total: 0,
            pending: 0,
            hits: vec![],
            prev: None,
            next: None,
        }));
    };
    let request = SearchPage {
        q: query::checked_query(q.clone())?,
        paging,
    };
    let found = blocking(move || query::search(&app, &request)).await?;
    let (total, pending) = (found.total, found.pending);
    let hits = found
        .hits
        .iter()
        .map(|h| {
            let (text, spans) = storyline_store::unmark(&h.snippet);
            Hit {
                title: crate::stories::headline_of(h.title.as_deref(), &text),
                meta: [h.publisher.clone(), h.published.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
                storyline: h.storyline.clone(),
                snippet: marked(&text, &spans),
                id: h.id.clone(),
            }
        })
        .collect();
    Ok(render(&SearchResults {
        title: format!("Search: {q}"),
        q: q.clone(),
        total,
        pending,
        hits,
        prev: (paging.page > 1).then(|| page_link("/search", &p, paging.page - 1)),
        next: ((paging.page * paging.per_page) < total as usize)
            .then(|| page_link("/search", &p, paging.page + 1)),
    }))
}

/// `text` cut into plain and matching segments.
fn marked(text: &str, spans: &[[usize; 2]]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for &[s, e] in spans {
        if s > at {
            out.push(Segment {
                text: text[at..s].to_string(),
                marked: false,
                note: String::new(),
            });
        }
        out.push(Segment {
            text: text[s..e].to_string(),
            marked: true,
            note: String::new(),
        });
        at = e;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_string(),
            marked: false,
            note: String::new(),
        });
    }
    out
}

/// Any other path.
pub async fn not_found() -> PageError {
    PageError(super::api::ApiError::new(
        StatusCode::NOT_FOUND,
        "There is no page here.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_spans_become_marked_segments_within_paragraphs() {
        let text = "One two three.\n\nFour five six.";
        // "two three." and "Four" shared with b.
        let spans = vec![(4, 14, "b".to_string()), (16, 20, "b".to_string())];
        let p = paragraphs(text, &spans, false);
        assert_eq!(p.len(), 2);
        let first: Vec<(&str, bool)> = p[0].iter().map(|s| (s.text.as_str(), s.marked)).collect();
        assert_eq!(first, [("One ", false), ("two three.", true)]);
        assert_eq!(p[1][0].text, "Four");
        assert_eq!(p[1][0].note, "also in b");
        // Mostly shared: the article's own words are the marked ones.
        let own = paragraphs(text, &spans, true);
        let first: Vec<(&str, bool)> = own[0].iter().map(|s| (s.text.as_str(), s.marked)).collect();
        assert_eq!(first, [("One ", true), ("two three.", false)]);
        assert_eq!(own[0][0].note, "only in this article");
    }

    #[test]
    fn shared_share_counts_overlapping_spans_once() {
        let spans = vec![
            (0, 50, "b".to_string()),
            (25, 75, "c".to_string()),
            (90, 120, "d".to_string()),
        ];
        assert_eq!(shared_percent(100, &spans), 85);
        assert_eq!(shared_percent(0, &[]), 0);
    }

    #[test]
    fn page_links_keep_the_filters_and_escape_them() {
        let p: HashMap<String, String> =
            [("q", "a&b"), ("page", "2"), ("sort", "recency"), ("to", "")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(page_link("/", &p, 3), "/?q=a%26b&sort=recency&page=3");
    }

    #[test]
    fn only_web_links_are_links() {
        assert!(safe_link("https://example.org/a"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link(" data:text/html,x"));
    }

    #[test]
    fn hostile_text_is_escaped_in_every_page() {
        let page = ErrorPage {
            title: "<script>alert(1)</script>".into(),
            message: "<img src=x onerror=alert(1)>".into(),
        };
        let html = page.render().unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(html.contains("&#60;script&#62;"));
    }
}
