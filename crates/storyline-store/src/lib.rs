//! Embedded SQLite store of Storyline.
//!
//! One file (WAL mode), a versioned schema migrated on open, and two tables that matter:
//! `revisions` keeps every distinct input ever ingested under an id (so nothing is silently
//! overwritten) and `articles` keeps the cleaned current revision of each id. Writes happen in
//! one transaction per batch, so a killed ingest leaves either all or none of a batch, and
//! re-running it finishes the job without duplicates (identical content is a no-op by hash).

mod links;
mod raw;
mod schema;
mod search;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;
use storyline_core::{Article, RawArticle, Removal};

pub use links::{Checkpoint, GroupingCounts, LinkState, Linked, StoryRow};
pub use search::{
    check_query, fts_query, unmark, SearchHit, INDEX_BATCH, MATCH_END, MATCH_START,
    MAX_QUERY_CHARS, MAX_QUERY_TERMS,
};

pub use schema::SCHEMA_VERSION;

/// Pages in the write-ahead log after which a commit copies it into the database file
/// (SQLite's default).
const WAL_AUTOCHECKPOINT: i64 = 1000;

/// Page cache of a read connection ([`Store::open_reader`]), in KiB as SQLite's negative
/// `cache_size` takes it.
const READER_CACHE_KIB: i64 = -4096;

/// How long one statement waits for another connection's write transaction to end. Write
/// transactions are kept short (one batch), so this is only reached when a writer is stuck.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database {path} was written by a newer Storyline (schema {found}, this build knows {known})")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("corrupt stored value in article {id}: {message}")]
    Corrupt { id: String, message: String },
    #[error("another Storyline process is writing to {path}; try again when it has finished")]
    Busy { path: String },
    #[error("the work was cancelled (its client went away or it ran too long)")]
    Cancelled,
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

/// Held while a process writes articles and grouping to a store file: grouping state lives
/// in the writing process, so two writers at once would hand out clashing labels. Readers
/// (export, show, stories) never need it. Released when dropped.
pub struct WriterLock {
    _file: Option<std::fs::File>,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What storing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new id.
    Inserted,
    /// Same content as the current revision: nothing written.
    Unchanged,
    /// New content under a known id: stored as this revision number.
    Revised(u32),
}

/// Stops the running statement of one store connection ([`Store::interrupt_handle`]).
pub struct Interrupt(rusqlite::InterruptHandle);

impl Interrupt {
    /// Stop the statement running now, if any (a no-op otherwise).
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// A SQLite-backed article store.
pub struct Store {
    conn: Connection,
    path: String,
    /// How long [`Store::writer_lock`] waits for another writer, and what it says first.
    lock_wait: (std::time::Duration, fn(&str, std::time::Duration)),
}

/// How often a waiting writer tries the lock again.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl Store {
    /// Open (creating if needed) and migrate the store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path_str = path.as_ref().display().to_string();
        let conn = Connection::open(path.as_ref())?;
        Self::setup(conn, path_str)
    }

    /// A private in-memory store (tests, scratch evaluations).
    pub fn in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, ":memory:".to_string())
    }

    fn setup(mut conn: Connection, path: String) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Bulk loads write about 14 KB of text an article (raw and cleaned): 16 KiB pages keep
        // most articles out of overflow chains, and a 32 MiB page cache holds a whole batch's
        // transaction, so pages are not spilled to the WAL and read back mid-transaction.
        // Together they cut the write and read calls of an ingest by about 4x. (The page size
        // applies when the file is created; an existing store keeps its own.)
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "cache_size", -32768)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn, &path)?;
        Ok(Store {
            conn,
            path,
            lock_wait: (std::time::Duration::ZERO, |_, _| {}),
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Open a store for reading only, with a small page cache: a server keeps one such
    /// connection a worker, and the 32 MiB cache a bulk write wants would multiply by them.
    pub fn open_reader(path: impl AsRef<Path>) -> Result<Store> {
        let store = Store::open(path)?;
        store
            .conn
            .pragma_update(None, "cache_size", READER_CACHE_KIB)?;
        Ok(store)
    }

    /// A handle that stops the statement this store's connection is running (it then fails
    /// with an "interrupted" error): a server cancels a query whose client has gone away.
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }

    /// Every write goes through one of these: an immediate transaction takes SQLite's write
    /// lock before its first read, so a writer that finds the store busy waits (the busy
    /// timeout) instead of failing when another connection committed since it began reading.
    fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// Take the writer lock (`FILE.lock` beside the store, named after the store's canonical
    /// path so a symlink or another spelling of the path finds the same lock). When another
    /// process holds it, wait as [`Store::wait_for_writers`] allows (no wait by default), then
    /// fail with [`StoreError::Busy`]. In-memory stores need no lock.
    pub fn writer_lock(&self) -> Result<WriterLock> {
        if self.path == ":memory:" {
            return Ok(WriterLock { _file: None });
        }
        let canonical = std::fs::canonicalize(&self.path)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| self.path.clone());
        let path = format!("{canonical}.lock");
        let lock_err = |source| StoreError::Lock {
            path: path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(lock_err)?;
        let started = std::time::Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriterLock { _file: Some(file) }),
                Err(std::fs::TryLockError::Error(e)) => return Err(lock_err(e)),
                Err(std::fs::TryLockError::WouldBlock) => {}
            }
            let (patience, notice) = self.lock_wait;
            if started.elapsed() >= patience {
                return Err(StoreError::Busy {
                    path: self.path.clone(),
                });
            }
            if !told {
                notice(&self.path, patience);
                told = true;
            }
            std::thread::sleep(LOCK_POLL);
        }
    }

    /// Let [`Store::writer_lock`] wait up to `patience` for another writer, calling `notice`
    /// (with the store path and the patience) once when it starts waiting.
    pub fn wait_for_writers(
        &mut self,
        patience: std::time::Duration,
        notice: fn(&str, std::time::Duration),
    ) {
        self.lock_wait = (patience, notice);
    }

    /// Every stored id with its current content hash (for skipping unchanged input before any
    /// work is done; about 60 bytes an article).
    pub fn current_hashes(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self.conn.prepare("SELECT id, content_hash FROM articles")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(StoreError::from)
    }

    /// The current content hashes of those of `ids` that are stored, in one query (one read
    /// transaction for the lot).
    pub fn content_hashes_of(
        &self,
        ids: &[&str],
    ) -> Result<std::collections::HashMap<String, String>> {
        let list = serde_json::to_string(ids).expect("strings serialise");
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Store a batch in one transaction. Each pair is the raw input and its cleaned article
    /// (the article's `id` and `content_hash` must be the raw input's). Returns one outcome a pair.
    pub fn put_batch(&mut self, batch: &[(RawArticle, Article)]) -> Result<Vec<Outcome>> {
        let tx = self.write_tx()?;
        let outcomes = put_articles(&tx, batch)?;
        tx.commit()?;
        Ok(outcomes)
    }

    /// One article by id.
    pub fn get(&self, id: &str) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT {} FROM articles WHERE id = ?1",
            schema::ARTICLE_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(row) => Ok(Some(article_from_row(row)?)),
            None => Ok(None),
        }
    }

    /// Every article in id order, streamed to `f` (so export does not hold the corpus in memory).
    pub fn for_each_article(&self, mut f: impl FnMut(Article) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {} FROM articles ORDER BY id",
            schema::ARTICLE_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(article_from_row(row)?)?;
        }
        Ok(())
    }

    /// All stored revisions of `id`: (revision, content hash, raw input, ingested at).
    pub fn revisions(&self, id: &str) -> Result<Vec<(u32, String, RawArticle, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.revision, r.content_hash, r.raw, r.ingested_at, a.text
             FROM revisions r LEFT JOIN articles a ON a.id = r.id
             WHERE r.id = ?1 ORDER BY r.revision",
        )?;
        let corrupt = |message: String| StoreError::Corrupt {
            id: id.to_string(),
            message,
        };
        let mut rows = stmt.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: Option<String> = r.get(4)?;
            let json = raw::decode(r.get_ref(2)?, text.as_deref()).map_err(corrupt)?;
            let raw: RawArticle =
                serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))?;
            out.push((r.get(0)?, r.get(1)?, raw, r.get(3)?));
        }
        Ok(out)
    }

    /// The cleaner's corpus evidence saved by the last run, if any (opaque bytes).
    pub fn evidence(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT data FROM evidence WHERE id = 1", [], |r| r.get(0))
            .optional()?)
    }

    /// The run whose evidence is saved mid-way (its key, and how many input articles the
    /// evidence has seen), if the last run that saved evidence did not finish.
    pub fn run_checkpoint(&self) -> Result<Option<(String, u64)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT run, through FROM evidence WHERE id = 1 AND run IS NOT NULL",
                [],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)),
            )
            .optional()?)
    }

    /// Mark the saved evidence as that of finished runs (no run to resume).
    pub fn finish_run(&mut self) -> Result<()> {
        self.conn.execute(
            "UPDATE evidence SET run = NULL, through = NULL WHERE id = 1 AND run IS NOT NULL",
            [],
        )?;
        Ok(())
    }

    /// Replace the saved corpus evidence (at the end of a run: no run to resume).
    pub fn put_evidence(&mut self, data: &[u8]) -> Result<()> {
        // Written at the end of a run: the copy of the log into the database file is left to
        // the checkpoint on close (or after the next commit), rather than one here (waiting for
        // the disk twice) and another moments later on close.
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let put = save_evidence(&self.conn, data, None);
        self.conn
            .pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
        put
    }

    /// Number of stored articles.
    pub fn count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?)
    }

    /// Number of stored revisions (all ids).
    pub fn revision_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM revisions", [], |r| r.get(0))?)
    }
}

/// Insert or revise each article of `batch` (see [`Store::put_batch`]).
fn put_articles(
    tx: &rusqlite::Transaction,
    batch: &[(RawArticle, Article)],
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut current =
        tx.prepare_cached("SELECT revision, content_hash FROM articles WHERE id = ?1")?;
    let mut add_revision = tx.prepare_cached(
        "INSERT INTO revisions (id, revision, content_hash, raw, ingested_at)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
    )?;
    let mut upsert = tx.prepare_cached(schema::UPSERT_ARTICLE)?;
    for (raw, article) in batch {
        let found: Option<(u32, String)> = current
            .query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (revision, outcome) = match found {
            Some((_, hash)) if hash == article.content_hash => {
                outcomes.push(Outcome::Unchanged);
                continue;
            }
            Some((rev, _)) => {
                settle_revision(tx, &article.id, rev)?;
                (rev + 1, Outcome::Revised(rev + 1))
            }
            None => (1, Outcome::Inserted),
        };
        let raw_json = serde_json::to_string(raw).expect("raw article serialises");
        add_revision.execute(params![
            article.id,
            revision,
            article.content_hash,
            raw::encode_against(&raw_json, &article.text)
        ])?;
        upsert.execute(rusqlite::params_from_iter(article_params(
            article, revision,
        )))?;
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// Revision `revision` of `id` stops being current: its raw input, kept against the
/// article's text that is about to be replaced, is compressed on its own.
fn settle_revision(tx: &rusqlite::Transaction, id: &str, revision: u32) -> Result<()> {
    let mut read = tx.prepare_cached(
        "SELECT r.raw, a.text FROM revisions r JOIN articles a ON a.id = r.id
         WHERE r.id = ?1 AND r.revision = ?2",
    )?;
    let json = read
        .query_row(params![id, revision], |r| {
            let value = r.get_ref(0)?;
            if !raw::needs_text(value) {
                return Ok(None);
            }
            let text: String = r.get(1)?;
            Ok(Some(raw::decode(value, Some(&text))))
        })
        .optional()?
        .flatten();
    let Some(json) = json else {
        return Ok(());
    };
    let json = json.map_err(|message| StoreError::Corrupt {
        id: id.to_string(),
        message,
    })?;
    tx.prepare_cached("UPDATE revisions SET raw = ?3 WHERE id = ?1 AND revision = ?2")?
        .execute(params![id, revision, raw::encode_alone(&json)])?;
    Ok(())
}

/// Write the corpus evidence, with the run it is part way through (`None` once runs are
/// finished): the one statement [`Store::put_evidence`] and checkpoints share.
fn save_evidence(conn: &Connection, data: &[u8], run: Option<(&str, u64)>) -> Result<()> {
    conn.execute(
        "INSERT INTO evidence (id, data, run, through) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET data = excluded.data, run = excluded.run,
            through = excluded.through",
        params![data, run.map(|r| r.0), run.map(|r| r.1 as i64)],
    )?;
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable")
}

fn article_params(a: &Article, revision: u32) -> Vec<Box<dyn rusqlite::ToSql + '_>> {
    vec![
        Box::new(&a.id),
        Box::new(revision),
        Box::new(&a.content_hash),
        Box::new(&a.origin),
        Box::new(&a.title),
        Box::new(&a.byline),
        Box::new(&a.publisher),
        Box::new(to_json(&a.agencies)),
        Box::new(&a.published),
        Box::new(&a.dateline),
        Box::new(&a.language),
        Box::new(&a.url),
        Box::new(&a.text),
        Box::new(to_json(&a.removed)),
        Box::new(to_json(&a.extra)),
        Box::new(&a.event),
        Box::new(&a.storyline),
        Box::new(&a.duplicate_of),
    ]
}

fn article_from_row(r: &Row) -> Result<Article> {
    let id: String = r.get(0)?;
    let corrupt = |e: serde_json::Error| StoreError::Corrupt {
        id: id.clone(),
        message: e.to_string(),
    };
    let agencies: Vec<String> = serde_json::from_str(&r.get::<_, String>(7)?).map_err(corrupt)?;
    let removed: Vec<Removal> = serde_json::from_str(&r.get::<_, String>(13)?).map_err(corrupt)?;
    let extra: Value = serde_json::from_str(&r.get::<_, String>(14)?).map_err(corrupt)?;
    let extra = match extra {
        Value::Object(m) => m,
        _ => Default::default(),
    };
    Ok(Article {
        revision: r.get(1)?,
        content_hash: r.get(2)?,
        origin: r.get(3)?,
        title: r.get(4)?,
        byline: r.get(5)?,
        publisher: r.get(6)?,
        agencies,
        published: r.get(8)?,
        dateline: r.get(9)?,
        language: r.get(10)?,
        url: r.get(11)?,
        text: r.get(12)?,
        removed,
        extra,
        event: r.get(15)?,
        storyline: r.get(16)?,
        duplicate_of: r.get(17)?,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, text: &str) -> (RawArticle, Article) {
        let raw = RawArticle {
            id: Some(id.into()),
            text: text.into(),
            ..Default::default()
        };
        let article = Article {
            id: id.into(),
            content_hash: raw.content_hash(),
            text: text.to_uppercase(),
            agencies: vec!["Reuters".into()],
            ..Default::default()
        };
        (raw, article)
    }

    #[test]
    fn content_hashes_are_looked_up_by_id() {
        let mut s = Store::in_memory().unwrap();
        let (a, b) = (pair("a", "one"), pair("b \"quoted\"", "two"));
        s.put_batch(&[a.clone(), b.clone()]).unwrap();
        let found = s
            .content_hashes_of(&["a", "b \"quoted\"", "missing"])
            .unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found["a"], a.1.content_hash);
        assert_eq!(found["b \"quoted\""], b.1.content_hash);
        assert!(s.content_hashes_of(&[]).unwrap().is_empty());
    }

    #[test]
    fn insert_unchanged_revise() {
        let mut s = Store::in_memory().unwrap();
        let out = s.put_batch(&[pair("a", "one"), pair("b", "two")]).unwrap();
        assert_eq!(out, vec![Outcome::Inserted, Outcome::Inserted]);
        let out = s
            .put_batch(&[pair("a", "one"), pair("b", "two, edited")])
            .unwrap();
        assert_eq!(out, vec![Outcome::Unchanged, Outcome::Revised(2)]);
        assert_eq!(s.count().unwrap(), 2);
        assert_eq!(s.revision_count().unwrap(), 3);
        let b = s.get("b").unwrap().unwrap();
        assert_eq!(b.revision, 2);
        assert_eq!(b.text, "TWO, EDITED");
        assert_eq!(b.agencies, vec!["Reuters".to_string()]);
        let revs = s.revisions("b").unwrap();
        assert_eq!(revs[0].2.text, "two");
        assert_eq!(revs[1].2.text, "two, edited");
    }

    #[test]
    fn same_id_twice_in_one_batch_is_a_revision() {
        let mut s = Store::in_memory().unwrap();
        let out = s
            .put_batch(&[pair("a", "one"), pair("a", "one"), pair("a", "uno")])
            .unwrap();
        assert_eq!(
            out,
            vec![Outcome::Inserted, Outcome::Unchanged, Outcome::Revised(2)]
        );
    }

    #[test]
    fn one_writer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let a = Store::open(&path).unwrap();
        let b = Store::open(&path).unwrap();
        let held = a.writer_lock().unwrap();
        assert!(matches!(b.writer_lock(), Err(StoreError::Busy { .. })));
        drop(held);
        assert!(b.writer_lock().is_ok());
    }

    #[test]
    fn reopen_keeps_data_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        Store::open(&path)
            .unwrap()
            .put_batch(&[pair("a", "one")])
            .unwrap();
        let s = Store::open(&path).unwrap();
        assert_eq!(s.count().unwrap(), 1);
        assert!(s.get("missing").unwrap().is_none());
    }
}
