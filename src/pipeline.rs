//! The ingest pipeline: sources → corpus evidence → cleaning → store.
//!
//! Articles are processed in chunks. For each chunk: ids whose content is already stored are
//! skipped before any work; corpus evidence (word and line statistics) is gathered from the
//! chunk and merged into what earlier chunks of the run saw; the rest are cleaned in parallel;
//! the chunk is written in one transaction. A killed run therefore loses at most the chunk in
//! flight, and running it again finishes the job.

use std::collections::HashMap;

use rayon::prelude::*;
use storyline_clean::{Cleaned, Cleaner, Corpus};
use storyline_core::{Article, RawArticle};
use storyline_ingest::{Input, Item, Notice, Severity};
use storyline_store::{Outcome, Store, StoreError};

/// Articles per chunk (one transaction each).
pub const CHUNK: usize = 4096;

/// Progress reporting, so the pipeline does not depend on a terminal.
pub trait Progress: Sync {
    /// Called after each input is read, with the number of inputs done and articles so far.
    fn input_done(&self, _inputs_done: usize, _articles: usize) {}
    /// Called after each chunk is stored, with the number of articles read so far.
    fn chunk_done(&self, _articles: usize) {}
}

/// No progress output.
pub struct Quiet;
impl Progress for Quiet {}

/// What an ingest run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestSummary {
    pub ingested: u64,
    pub unchanged: u64,
    pub revised: u64,
    pub rejected: u64,
    pub warnings: u64,
    /// Every rejection and warning, in input order.
    #[serde(serialize_with = "ser_notices")]
    pub notices: Vec<Notice>,
}

fn ser_notices<S: serde::Serializer>(n: &[Notice], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(n.len()))?;
    for notice in n {
        let kind = match notice.severity {
            Severity::Warning => "warning",
            Severity::Rejected => "rejected",
        };
        seq.serialize_element(&serde_json::json!({
            "severity": kind, "origin": notice.origin, "message": notice.message
        }))?;
    }
    seq.end()
}

impl IngestSummary {
    fn notice(&mut self, n: Notice) {
        match n.severity {
            Severity::Warning => self.warnings += 1,
            Severity::Rejected => self.rejected += 1,
        }
        self.notices.push(n);
    }
}

/// Ingest `inputs` into `store`. Bad input is reported in the summary and never stops the
/// run; only a store failure does (and then the chunk in flight is rolled back).
pub fn ingest(
    store: &mut Store,
    inputs: &[Input],
    cleaner: &Cleaner,
    progress: &dyn Progress,
) -> Result<IngestSummary, StoreError> {
    let mut summary = IngestSummary::default();
    let mut corpus = Corpus::default();
    let mut chunk: Vec<RawArticle> = Vec::with_capacity(CHUNK);
    let mut articles = 0usize;
    for (i, input) in inputs.iter().enumerate() {
        let mut failed: Option<StoreError> = None;
        storyline_ingest::read_input(input, &mut |item| match item {
            Item::Notice(n) => summary.notice(n),
            Item::Article(a) => {
                articles += 1;
                chunk.push(a);
                if chunk.len() >= CHUNK && failed.is_none() {
                    let full = std::mem::take(&mut chunk);
                    if let Err(e) = process_chunk(store, full, cleaner, &mut corpus, &mut summary) {
                        failed = Some(e);
                    }
                    progress.chunk_done(articles);
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        progress.input_done(i + 1, articles);
    }
    process_chunk(store, chunk, cleaner, &mut corpus, &mut summary)?;
    Ok(summary)
}

fn process_chunk(
    store: &mut Store,
    chunk: Vec<RawArticle>,
    cleaner: &Cleaner,
    corpus: &mut Corpus,
    summary: &mut IngestSummary,
) -> Result<(), StoreError> {
    if chunk.is_empty() {
        return Ok(());
    }
    let fresh = skip_stored(store, chunk, summary)?;
    let evidence = fresh
        .par_iter()
        .fold(Corpus::default, |mut c, a| {
            c.observe(a.publisher.as_deref(), &a.text);
            c
        })
        .reduce(Corpus::default, |mut a, b| {
            a.merge(b);
            a
        });
    corpus.merge(evidence);
    let corpus = &*corpus;
    let batch: Vec<(RawArticle, Article)> = fresh
        .into_par_iter()
        .map(|raw| {
            let cleaned = cleaner.clean(&raw.text, raw.publisher.as_deref(), corpus);
            let article = build_article(&raw, cleaned);
            (raw, article)
        })
        .collect();
    for outcome in store.put_batch(&batch)? {
        match outcome {
            Outcome::Inserted => summary.ingested += 1,
            Outcome::Unchanged => summary.unchanged += 1,
            Outcome::Revised(_) => summary.revised += 1,
        }
    }
    Ok(())
}

/// Drop articles whose content is already the stored revision (counted as unchanged), and
/// repeats of one (id, content) within the chunk.
fn skip_stored(
    store: &Store,
    chunk: Vec<RawArticle>,
    summary: &mut IngestSummary,
) -> Result<Vec<RawArticle>, StoreError> {
    let mut seen: HashMap<(String, String), ()> = HashMap::new();
    let mut fresh = Vec::with_capacity(chunk.len());
    for raw in chunk {
        let id = raw.effective_id();
        let hash = raw.content_hash();
        let stored = store.current(&id)?.is_some_and(|c| c.content_hash == hash);
        if stored || seen.insert((id, hash), ()).is_some() {
            summary.unchanged += 1;
        } else {
            fresh.push(raw);
        }
    }
    Ok(fresh)
}

/// Combine a raw input with its cleaning result. Fields the source gave win over guesses.
pub fn build_article(raw: &RawArticle, cleaned: Cleaned) -> Article {
    let body = cleaned.body();
    let meta = cleaned.meta;
    let language = raw
        .language
        .clone()
        .or_else(|| crate::language::detect(&body));
    Article {
        id: raw.effective_id(),
        revision: 0,
        content_hash: raw.content_hash(),
        origin: raw.origin.clone(),
        title: raw.title.clone().or(meta.title),
        byline: raw.author.clone().or(meta.byline),
        publisher: raw.publisher.clone().or(meta.publisher),
        agencies: meta.agencies,
        published: raw.published.clone().or(meta.published),
        dateline: meta.dateline,
        language,
        url: raw.url.clone(),
        text: body,
        removed: cleaned.removed,
        extra: raw.extra.clone(),
        event: None,
        storyline: None,
        duplicate_of: None,
    }
}
