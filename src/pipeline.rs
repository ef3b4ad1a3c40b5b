//! The ingest pipeline: sources → corpus evidence → cleaning → grouping → store.
//!
//! Four stages overlap on their own threads: a reader parses inputs into chunks, the cleaner
//! works on one chunk at a time (in parallel with rayon), the grouper places cleaned articles
//! in copies, events and storylines ([`crate::link`]), and a writer stores each batch in one
//! transaction. For each chunk, ids whose content is already stored are skipped
//! before any work (the store's id → hash map is read once at the start), and corpus evidence
//! (word and line statistics) is gathered and added to what earlier chunks and earlier runs
//! saw (the store keeps it between runs) before the chunk is cleaned. A killed run loses at most the chunks in flight, and running
//! it again finishes the job.

use std::collections::HashMap;

use rayon::prelude::*;
use storyline_clean::{Cleaned, Cleaner, Corpus, Prepared};
use storyline_cluster::Params;
use storyline_core::{Article, RawArticle};
use storyline_ingest::{Input, Item, Notice, Severity};
use storyline_store::{Checkpoint, Linked, Outcome, Store, StoreError};

use crate::link::LinkStage;

/// Most articles a chunk (one round of corpus evidence). The first chunk is
/// [`FIRST_CHUNK`] and sizes double up to this, so the cores start work early.
pub const CHUNK: usize = 2048;
/// Size of the first chunk.
pub const FIRST_CHUNK: usize = 512;
/// Articles per store transaction. Chunk sizes are multiples of it. Cleaned articles go to
/// the writer this many at a time, so storing overlaps the cleaning of the rest of the chunk
/// and the run does not end waiting for one large transaction.
pub const WRITE_BATCH: usize = 512;

/// Progress reporting, so the pipeline does not depend on a terminal.
pub trait Progress: Sync {
    /// Called after each input is read, with the number of inputs done and articles so far.
    fn input_done(&self, _inputs_done: usize, _articles: usize) {}
    /// Called after each chunk is read, with the number of articles read so far.
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

/// Where articles come from.
pub enum Source<'a> {
    /// Files, folders and stdin, read by [`storyline_ingest`].
    Inputs(&'a [Input]),
    /// Articles already in memory (evaluations, tests).
    Articles(Vec<RawArticle>),
}

/// Ingest `inputs` into `store` with the default grouping parameters.
pub fn ingest(
    store: &mut Store,
    inputs: &[Input],
    cleaner: &Cleaner,
    progress: &dyn Progress,
) -> Result<IngestSummary, StoreError> {
    ingest_from(
        store,
        Source::Inputs(inputs),
        cleaner,
        progress,
        &Params::default(),
    )
}

/// Ingest `source` into `store`. Bad input is reported in the summary and never stops the
/// run; only a store failure does (and then the batch in flight is rolled back).
///
/// Reading, grouping and writing run on their own threads while this thread cleans (in
/// parallel with rayon), so the cores are not idle during parsing or SQLite writes.
pub fn ingest_from(
    store: &mut Store,
    source: Source<'_>,
    cleaner: &Cleaner,
    progress: &dyn Progress,
    params: &Params,
) -> Result<IngestSummary, StoreError> {
    ingest_keeping(store, source, cleaner, progress, params, &mut None)
}

/// Grouping state a long-lived writer (the server) keeps between runs, so a small ingest
/// into a large store does not rebuild it from the stored features (seconds at 100,000
/// articles). Valid while the store's change count is the one this process left it at.
pub struct KeptGrouping {
    changes: i64,
    stage: LinkStage,
    /// The corpus evidence as last saved (so it need not be read back and parsed).
    corpus: Corpus,
}

/// [`ingest_from`], reusing `kept` grouping state when nobody else has written to the store
/// since, and leaving the state there afterwards (nothing, after a failed run).
pub fn ingest_keeping(
    store: &mut Store,
    source: Source<'_>,
    cleaner: &Cleaner,
    progress: &dyn Progress,
    params: &Params,
    kept: &mut Option<KeptGrouping>,
) -> Result<IngestSummary, StoreError> {
    let _lock = store.writer_lock()?;
    let changes = store.changes()?;
    let (mut stage, corpus) = match kept.take() {
        Some(k) if k.changes == changes => (k.stage, k.corpus),
        _ => (
            LinkStage::load(store, params.clone())?,
            saved_evidence(store)?,
        ),
    };
    stage.group_pending(store, &|_| {})?;
    let (summary, done) = run(store, source, cleaner, progress, Some(stage), corpus)?;
    if let Some((stage, corpus)) = done {
        *kept = Some(KeptGrouping {
            changes: store.changes()?,
            stage: stage.expect("grouping was asked for"),
            corpus,
        });
    }
    Ok(summary)
}

/// Clean and store without grouping: a bulk load that skips the grouping stage (about two
/// fifths of ingest's work). The articles wait, ungrouped, until `storyline regroup` or the
/// next grouping ingest places them.
pub fn ingest_ungrouped(
    store: &mut Store,
    inputs: &[Input],
    cleaner: &Cleaner,
    progress: &dyn Progress,
) -> Result<IngestSummary, StoreError> {
    let _lock = store.writer_lock()?;
    let corpus = saved_evidence(store)?;
    let source = Source::Inputs(inputs);
    Ok(run(store, source, cleaner, progress, None, corpus)?.0)
}

/// Evidence from earlier runs: a publisher's furniture shows even in small batches.
fn saved_evidence(store: &Store) -> Result<Corpus, StoreError> {
    Ok(store
        .evidence()?
        .and_then(|b| Corpus::from_bytes(&b))
        .unwrap_or_default())
}

/// What a run leaves for the next: the grouping state (when it grouped) and the evidence.
type Done = Option<(Option<LinkStage>, Corpus)>;

/// The threads of one run (the caller holds the writer lock). Returns the summary and, unless
/// the writer failed, what it leaves for a later run.
fn run(
    store: &mut Store,
    source: Source<'_>,
    cleaner: &Cleaner,
    progress: &dyn Progress,
    stage: Option<LinkStage>,
    corpus: Corpus,
) -> Result<(IngestSummary, Done), StoreError> {
    let mut summary = IngestSummary::default();
    let known = Known::open(store)?;
    let run = RunMark::of(store, &source)?;
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Read>(2);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Sent>(2);
    let (linked_tx, linked_rx) = std::sync::mpsc::sync_channel::<Linked>(2);
    let (summary, corpus, stage) = std::thread::scope(|scope| {
        scope.spawn(move || read_chunks(source, progress, &chunks_tx));
        let linker = scope.spawn(move || link_batches(stage, rx, &linked_tx));
        let writer = scope.spawn(|| write_batches(store, linked_rx));
        let corpus = clean_chunks(chunks_rx, cleaner, known, corpus, run, &tx, &mut summary);
        drop(tx);
        let counts = writer.join().expect("writer thread does not panic")?;
        let stage = linker.join().expect("grouping thread does not panic");
        summary.ingested += counts.ingested;
        summary.unchanged += counts.unchanged;
        summary.revised += counts.revised;
        Ok::<_, StoreError>((summary, corpus, stage))
    })?;
    let Some((corpus, cleaned_any)) = corpus else {
        return Ok((summary, None));
    };
    if cleaned_any {
        store.put_evidence(&corpus.to_bytes())?;
    } else {
        store.finish_run()?;
    }
    Ok((summary, Some((stage, corpus))))
}

/// Group cleaned batches as they arrive (or pass them on ungrouped, without a stage); a
/// last merge pass when the cleaner is done. Returns the grouping state for the next run
/// (meaningless if the writer failed: the caller then drops it).
fn link_batches(
    mut stage: Option<LinkStage>,
    rx: std::sync::mpsc::Receiver<Sent>,
    tx: &std::sync::mpsc::SyncSender<Linked>,
) -> Option<LinkStage> {
    for Sent { batch, checkpoint } in rx {
        let mut linked = match &mut stage {
            Some(stage) => stage.link(batch),
            // Stored ungrouped: no features, no labels.
            None => Linked {
                articles: batch,
                ..Default::default()
            },
        };
        linked.checkpoint = checkpoint;
        // A closed channel means the writer failed; its error is reported by `ingest_from`.
        if tx.send(linked).is_err() {
            return stage;
        }
    }
    // The last repair pass, and how far it looked (sent even with nothing to relabel).
    if let Some(merged) = stage.as_mut().map(LinkStage::merge) {
        drop(tx.send(merged));
    }
    stage
}

/// What the reader thread sends: notices as they come, articles a chunk at a time.
enum Read {
    Notice(Notice),
    /// A chunk, and how many articles the run has read with it.
    Chunk(Vec<RawArticle>, u64),
}

/// Read every input (on its own thread, so parsing overlaps cleaning), in chunks.
fn read_chunks(
    source: Source<'_>,
    progress: &dyn Progress,
    tx: &std::sync::mpsc::SyncSender<Read>,
) {
    let mut size = FIRST_CHUNK;
    let mut chunk: Vec<RawArticle> = Vec::with_capacity(size);
    let articles = std::cell::Cell::new(0usize);
    let mut take = |item: Item| match item {
        // A closed channel means the cleaner stopped (the store failed): nothing to do.
        Item::Notice(n) => drop(tx.send(Read::Notice(n))),
        Item::Article(a) => {
            articles.set(articles.get() + 1);
            chunk.push(a);
            if chunk.len() >= size {
                size = (size * 2).min(CHUNK);
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(size));
                drop(tx.send(Read::Chunk(full, articles.get() as u64)));
                progress.chunk_done(articles.get());
            }
        }
    };
    match source {
        Source::Inputs(inputs) => {
            for (i, input) in inputs.iter().enumerate() {
                storyline_ingest::read_input(input, &mut take);
                progress.input_done(i + 1, articles.get());
            }
        }
        Source::Articles(list) => list.into_iter().for_each(|a| take(Item::Article(a))),
    }
    drop(tx.send(Read::Chunk(chunk, articles.get() as u64)));
}

type Batch = Vec<(RawArticle, Article)>;

/// A cleaned batch on its way to grouping and the store, with the run's evidence to save
/// beside it (the first batch of each chunk carries it).
struct Sent {
    batch: Batch,
    checkpoint: Option<Checkpoint>,
}

/// What a run of files knows of itself for resuming: the key of its inputs, and how far a
/// killed run on the same inputs got (its evidence is then the saved one).
struct RunMark {
    key: String,
    resume_through: Option<u64>,
}

impl RunMark {
    /// The mark of a run over files (stdin and in-memory articles cannot be read twice the
    /// same, so their runs have none): a hash of each file's path, size and time.
    fn of(store: &Store, source: &Source<'_>) -> Result<Option<RunMark>, StoreError> {
        let Source::Inputs(inputs) = source else {
            return Ok(None);
        };
        let mut hasher = blake3::Hasher::new();
        for input in inputs.iter() {
            let Input::File { path, .. } = input else {
                return Ok(None);
            };
            let Ok(meta) = std::fs::metadata(path) else {
                return Ok(None);
            };
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let time = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            hasher.update(path.as_os_str().as_encoded_bytes());
            hasher.update(&[0]);
            hasher.update(&meta.len().to_le_bytes());
            hasher.update(&time.to_le_bytes());
        }
        let key = hasher.finalize().to_hex().to_string();
        let resume_through = store
            .run_checkpoint()?
            .filter(|(run, _)| *run == key)
            .map(|(_, through)| through);
        Ok(Some(RunMark {
            key,
            resume_through,
        }))
    }
}

/// Outcome counts of the writer thread.
#[derive(Default)]
struct Written {
    ingested: u64,
    unchanged: u64,
    revised: u64,
}

/// Store batches as they arrive, one transaction each. Stops at the first store error (the
/// reader then fails to send and stops too).
fn write_batches(
    store: &mut Store,
    rx: std::sync::mpsc::Receiver<Linked>,
) -> Result<Written, StoreError> {
    let mut w = Written::default();
    for batch in rx {
        for outcome in store.put_linked(&batch)? {
            match outcome {
                Outcome::Inserted => w.ingested += 1,
                Outcome::Unchanged => w.unchanged += 1,
                Outcome::Revised(_) => w.revised += 1,
            }
        }
    }
    Ok(w)
}

/// Clean each chunk as it arrives and send it to the writer; collect notices in order.
/// Returns the corpus evidence and whether anything new was cleaned (then it is to be saved
/// for later runs); nothing when the writer failed.
fn clean_chunks(
    rx: std::sync::mpsc::Receiver<Read>,
    cleaner: &Cleaner,
    mut known: Known,
    mut corpus: Corpus,
    run: Option<RunMark>,
    tx: &std::sync::mpsc::SyncSender<Sent>,
    summary: &mut IngestSummary,
) -> Option<(Corpus, bool)> {
    let mut cleaned_any = false;
    for read in rx {
        match read {
            Read::Notice(n) => summary.notice(n),
            Read::Chunk(chunk, through) => {
                let fresh = skip_known(chunk, &mut known, summary);
                cleaned_any |= !fresh.is_empty();
                // A chunk a killed run on these inputs had seen is in the saved evidence
                // already: what is left of it is cleaned with that evidence as it stands.
                let seen = run
                    .as_ref()
                    .and_then(|r| r.resume_through)
                    .is_some_and(|t| through <= t);
                let mark = run
                    .as_ref()
                    .filter(|_| !seen)
                    .map(|r| (r.key.as_str(), through));
                let chunk = Chunk {
                    fresh,
                    observe: !seen,
                    mark,
                };
                // Once the writer has failed, its error is what matters: stop doing work.
                if clean_chunk(chunk, cleaner, &mut corpus, tx, summary).is_err() {
                    return None;
                }
            }
        }
    }
    Some((corpus, cleaned_any))
}

/// The current content hash of each id: those sent earlier in this run, else the stored one,
/// asked a chunk at a time on a reading connection of its own (the writer thread holds the
/// store). Loading every stored hash up front read the whole articles table, most of the time
/// of a small ingest into a large store. In-memory stores (tests, evaluations) cannot be opened
/// twice: theirs are loaded up front.
struct Known {
    /// key(id) -> key(content hash) of what this run sent (or, for an in-memory store, of
    /// everything stored): fixed-size keys, as a run may send millions.
    sent: HashMap<u128, u128>,
    stored: Option<Store>,
}

/// The key [`Known`] keeps for an id or a content hash: 128 bits of BLAKE3, so that no
/// input can be crafted to pass for another (16 bytes an entry).
fn known_key(s: &str) -> u128 {
    let digest = blake3::hash(s.as_bytes());
    u128::from_le_bytes(digest.as_bytes()[..16].try_into().expect("16 bytes"))
}

impl Known {
    fn open(store: &Store) -> Result<Known, StoreError> {
        if store.path() == ":memory:" {
            let sent = store.current_hashes()?;
            return Ok(Known {
                sent: (sent.iter())
                    .map(|(id, hash)| (known_key(id), known_key(hash)))
                    .collect(),
                stored: None,
            });
        }
        Ok(Known {
            sent: HashMap::new(),
            stored: Some(Store::open(store.path())?),
        })
    }

    /// The stored hashes of the ids (with their keys) not sent yet in this run, asked in one
    /// query. A failed lookup counts as unknown: the writer still finds unchanged content
    /// unchanged.
    fn stored_of<'a>(&self, ids: impl Iterator<Item = (&'a str, u128)>) -> HashMap<String, String> {
        let unsent: Vec<&str> = ids
            .filter(|(_, key)| !self.sent.contains_key(key))
            .map(|(id, _)| id)
            .collect();
        match &self.stored {
            Some(s) if !unsent.is_empty() => s.content_hashes_of(&unsent).unwrap_or_default(),
            _ => HashMap::new(),
        }
    }
}

/// One chunk to clean: its articles not stored yet, whether its evidence is still to be
/// gathered, and the run key and read position to save that evidence under.
struct Chunk<'a> {
    fresh: Vec<Keyed>,
    observe: bool,
    mark: Option<(&'a str, u64)>,
}

/// Gather corpus evidence from the chunk, then clean it in parallel and send it to the
/// writer in batches (the first with the evidence to save). Fails only when the writer has
/// stopped.
fn clean_chunk(
    chunk: Chunk<'_>,
    cleaner: &Cleaner,
    corpus: &mut Corpus,
    tx: &std::sync::mpsc::SyncSender<Sent>,
    summary: &mut IngestSummary,
) -> Result<(), std::sync::mpsc::SendError<Sent>> {
    let Chunk {
        fresh,
        observe,
        mark,
    } = chunk;
    if fresh.is_empty() {
        return Ok(());
    }
    let prepared: Vec<Prepared> = fresh
        .par_iter()
        .map(|k| Prepared::new(&k.raw.text))
        .collect();
    let prepared = if observe {
        observe_chunk(&fresh, prepared, cleaner, corpus)
    } else {
        prepared
    };
    let mut checkpoint = mark.map(|(run, through)| Checkpoint {
        evidence: corpus.to_bytes(),
        run: run.to_string(),
        through,
    });
    let corpus = &*corpus;
    let mut fresh = fresh.into_iter();
    let mut prepared = prepared.into_iter();
    loop {
        let keyed: Vec<Keyed> = fresh.by_ref().take(WRITE_BATCH).collect();
        if keyed.is_empty() {
            return Ok(());
        }
        let batch = keyed
            .into_par_iter()
            .zip(prepared.by_ref().take(WRITE_BATCH).collect::<Vec<_>>())
            .map(|(k, p)| {
                let cleaned = cleaner.clean_prepared(p, k.raw.publisher.as_deref(), corpus);
                let article = build_article(&k.raw, k.id, k.hash, cleaned);
                (k.raw, article)
            })
            .collect::<Batch>();
        warn_emptied(&batch, summary);
        tx.send(Sent {
            batch,
            checkpoint: checkpoint.take(),
        })?;
    }
}

/// Note each article that cleaning left empty.
fn warn_emptied(batch: &Batch, summary: &mut IngestSummary) {
    for (raw, a) in batch {
        if a.text.trim().is_empty() {
            let msg = format!(
                "nothing left after cleaning: all {} piece(s) were page furniture (stored; see `storyline show {}`)",
                a.removed.len(),
                a.id
            );
            summary.notice(Notice::warning(raw.origin.clone(), msg));
        }
    }
}

/// Add the chunk's words, lines and the word pairs its tokens may need to `corpus`; gives the
/// prepared articles back with what the scan noted in them.
fn observe_chunk(
    fresh: &[Keyed],
    mut prepared: Vec<Prepared>,
    cleaner: &Cleaner,
    corpus: &mut Corpus,
) -> Vec<Prepared> {
    // Two passes: words and lines first (collecting pair keys); then only the word pairs
    // that spell a token repair may ask about are counted (see `WordStats::count_pairs`).
    // Each parallel leaf keeps its own list of pair keys: lists are gathered, not concatenated.
    // Leaves of 64 articles: larger ones left a core waiting on the last leaf (1.5% of an
    // ungrouped ingest against 256, measured; 32 was no better).
    type Evidence = (Corpus, Vec<Vec<u64>>);
    let lexicon = cleaner.lexicon();
    let (words, pair_keys): Evidence = fresh
        .par_iter()
        .zip(&mut prepared)
        .with_min_len(64)
        .fold(
            || (Corpus::default(), Vec::new()),
            |(mut c, mut keys), (k, p)| {
                c.observe_words(k.raw.publisher.as_deref(), p, &mut keys, lexicon);
                (c, keys)
            },
        )
        .map(|(c, keys)| (c, vec![keys]))
        .reduce(Evidence::default, |(a, mut ka), (b, kb)| {
            ka.extend(kb);
            (merged(a, b), ka)
        });
    // Only this chunk's tokens are repaired next, so only their spellings are wanted; adding
    // the chunk's words to the run's evidence overlaps with counting the pairs.
    let wanted = words.pair_candidates(cleaner.lexicon());
    let ((), pairs) = rayon::join(
        || corpus.merge(words),
        || {
            pair_keys
                .par_iter()
                .fold(Corpus::default, |mut c, keys| {
                    c.count_pairs(keys, &wanted);
                    c
                })
                .reduce(Corpus::default, merged)
        },
    );
    corpus.merge(pairs);
    prepared
}

/// Two pieces of corpus evidence as one.
fn merged(mut a: Corpus, b: Corpus) -> Corpus {
    a.merge(b);
    a
}

/// A raw article with its store id and content hash, computed once.
struct Keyed {
    raw: RawArticle,
    id: String,
    hash: String,
}

/// Drop articles whose content is already the current revision (stored before the run, or
/// sent earlier in it), counting them as unchanged.
fn skip_known(
    chunk: Vec<RawArticle>,
    known: &mut Known,
    summary: &mut IngestSummary,
) -> Vec<Keyed> {
    // Hashing every text (and keying ids and hashes) is most of this step: in parallel.
    let keys: Vec<(String, String, u128, u128)> = chunk
        .par_iter()
        .map(|raw| {
            let (id, hash) = (raw.effective_id(), raw.content_hash());
            let (id_key, hash_key) = (known_key(&id), known_key(&hash));
            (id, hash, id_key, hash_key)
        })
        .collect();
    let mut stored = known.stored_of(keys.iter().map(|k| (k.0.as_str(), k.2)));
    let mut fresh = Vec::with_capacity(chunk.len());
    for (raw, (id, hash, id_key, key)) in chunk.into_iter().zip(keys) {
        let previous =
            (known.sent.insert(id_key, key)).or_else(|| stored.remove(&id).map(|h| known_key(&h)));
        match previous {
            Some(previous) if previous == key => summary.unchanged += 1,
            _ => fresh.push(Keyed { raw, id, hash }),
        }
    }
    fresh
}

/// Combine a raw input (stored under `id`, with content hash `hash`) with its cleaning
/// result. Fields the source gave win over guesses.
pub fn build_article(raw: &RawArticle, id: String, hash: String, cleaned: Cleaned) -> Article {
    let body = cleaned.body();
    let meta = cleaned.meta;
    let language = raw
        .language
        .clone()
        .or_else(|| crate::language::detect(&body));
    Article {
        id,
        revision: 0,
        content_hash: hash,
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
