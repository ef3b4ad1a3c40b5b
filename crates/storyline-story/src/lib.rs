//! Story view of Storyline: what a reader wants from a storyline.
//!
//! Pure functions over the cleaned articles of one storyline (no store, no I/O):
//! - [`sentences`]: sentence spans of cleaned or PTB-tokenised text;
//! - [`time`]: absolute and relative date expressions resolved against a publication date,
//!   and a publication date inferred from the text when none is given;
//! - [`entities`]: people, organisations and places with their aliases merged;
//! - [`quotes`]: direct quotes with their speakers, merged across sources;
//! - [`timeline`]: dated entries chosen from the sentences of many articles (also the
//!   `storyline timeline` command);
//! - [`facts`] and [`summary`]: claims grouped across sources with independent-source counts,
//!   and an extractive summary whose every sentence cites its articles.

mod dating;
pub mod entities;
pub mod facts;
mod furniture;
pub mod quotes;
pub mod sentences;
pub mod similar;
pub mod sources;
pub mod summary;
pub mod table;
#[cfg(test)]
mod testdata;
pub mod time;
pub mod timeline;

use serde::Serialize;

pub use facts::Fact;
pub use quotes::MergedQuote;
pub use summary::Cited;
pub use table::Table;
pub use timeline::StoryEntry;

/// One article of a storyline as the story view reads it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub id: String,
    pub title: Option<String>,
    /// Cleaned body (paragraphs separated by blank lines), or PTB-tokenised text.
    pub text: String,
    pub publisher: Option<String>,
    /// The wire agency the text credits ("(Reuters) -", "with AP"), first of them: who wrote
    /// it when the publisher is unknown.
    pub agency: Option<String>,
    /// Where the article was published (its site counts as the source when nothing else
    /// names one).
    pub url: Option<String>,
    /// Publication day, when known.
    pub published: Option<chrono::NaiveDate>,
    /// The dateline place ("Seoul"), when the cleaner found one; the dateline is not part of
    /// the first sentence's text in the story view.
    pub dateline: Option<String>,
    /// The event the article belongs to, when grouped.
    pub event: Option<String>,
    /// The canonical article this one copies, if it is a copy.
    pub duplicate_of: Option<String>,
    /// Byte spans of `text` shared word for word with other articles (reused wire copy).
    pub shared: Vec<Shared>,
}

/// A span of a [`Doc`]'s text that another article carries too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    pub other: String,
    pub start: usize,
    pub end: usize,
}

/// Entries of each part of a story view.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeline: usize,
    pub facts: usize,
    pub summary: usize,
    pub entities: usize,
    pub quotes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeline: 20,
            facts: 12,
            summary: 5,
            entities: 25,
            quotes: 12,
        }
    }
}

/// An entity as the story view lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: entities::EntityKind,
    pub aliases: Vec<String>,
    /// Times it is mentioned, over all articles.
    pub mentions: usize,
    /// Articles mentioning it.
    pub articles: Vec<String>,
}

/// A publication date the text gave away (the article came without one).
#[derive(Debug, Clone, Serialize)]
pub struct InferredDate {
    pub article: String,
    pub date: String,
    pub confidence: f32,
    pub reason: String,
    /// Whether the guess was firm enough to resolve the article's relative dates.
    pub anchors: bool,
}

/// What the story view adds to a storyline.
#[derive(Debug, Clone, Serialize)]
pub struct Enrichment {
    pub summary: Vec<Cited>,
    pub timeline: Vec<StoryEntry>,
    pub entities: Vec<EntityView>,
    pub quotes: Vec<MergedQuote>,
    pub facts: Vec<Fact>,
    /// Articles whose publication date was inferred from their text.
    pub inferred_dates: Vec<InferredDate>,
}

/// `text` without a live-blog or byline stamp or a heading in capitals run into its first
/// sentence ("6 March 2011 Last updated at 17:03 GMT Help The ferry…" → "The ferry…"): what
/// a listing shows of an article without a title.
pub fn without_stamp(text: &str) -> &str {
    let start = text.len() - text.trim_start().len();
    &text[start + furniture::stamp_len(&text[start..])..]
}

/// Build the story view of one storyline's articles. Articles without a publication date get
/// one inferred from their text (reported in `inferred_dates`), so their relative dates
/// resolve too.
pub fn enrich(mut docs: Vec<Doc>, limits: Limits) -> Enrichment {
    let inferred_dates = dating::infer_dates(&mut docs);
    let table = Table::build(&docs);
    let found = entities::extract(&docs);
    let found_quotes: Vec<quotes::Quote> = quotes::find(&docs, &found)
        .into_iter()
        .filter(|q| !table.is_furniture(q.doc, q.start))
        .collect();
    let quotes = quotes::merge(&docs, &found_quotes);
    let entities = found
        .iter()
        .take(limits.entities)
        .map(|e| EntityView {
            name: e.name.clone(),
            kind: e.kind,
            aliases: e.aliases.clone(),
            mentions: e.mentions.len(),
            articles: e.docs.clone(),
        })
        .collect();
    Enrichment {
        summary: summary::summary(&table, limits.summary),
        timeline: timeline::story(&table, limits.timeline),
        entities,
        quotes: quotes.into_iter().take(limits.quotes).collect(),
        facts: facts::facts(&table, limits.facts),
        inferred_dates,
    }
}
