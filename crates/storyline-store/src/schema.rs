//! Versioned schema. Each migration runs in its own transaction and bumps `user_version`;
//! a database newer than this build is refused rather than guessed at.

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Migrations in order; index + 1 is the schema version each one produces.
const MIGRATIONS: &[&str] = &[
    // 1: articles (current cleaned revision) and revisions (every distinct input).
    "CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        revision      INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,
        origin        TEXT NOT NULL,
        title         TEXT,
        byline        TEXT,
        publisher     TEXT,
        agencies      TEXT NOT NULL DEFAULT '[]',
        published     TEXT,
        dateline      TEXT,
        language      TEXT,
        url           TEXT,
        text          TEXT NOT NULL,
        removed       TEXT NOT NULL DEFAULT '[]',
        extra         TEXT NOT NULL DEFAULT '{}',
        event         TEXT,
        storyline     TEXT,
        duplicate_of  TEXT
    );
    CREATE TABLE revisions (
        id            TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,
        raw           TEXT NOT NULL,
        ingested_at   TEXT NOT NULL,
        PRIMARY KEY (id, revision)
    );
    CREATE INDEX revisions_by_hash ON revisions (content_hash);
    CREATE INDEX articles_by_published ON articles (published);",
    // 2: grouping: per-article features (in placement order), shared passages, label indexes.
    "CREATE TABLE features (
        id    TEXT PRIMARY KEY,
        seq   INTEGER NOT NULL,
        data  BLOB NOT NULL
    );
    CREATE TABLE passages (
        article      TEXT NOT NULL,
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        other        TEXT NOT NULL,
        other_start  INTEGER NOT NULL,
        other_end    INTEGER NOT NULL,
        PRIMARY KEY (article, start, other)
    );
    CREATE INDEX passages_by_other ON passages (other);
    CREATE INDEX articles_by_event ON articles (event);
    CREATE INDEX articles_by_storyline ON articles (storyline);",
    // 3: the cleaner's corpus evidence (word and line counts), one blob, carried across runs.
    "CREATE TABLE evidence (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        data  BLOB NOT NULL
    );",
    // 4: features are read back in placement order at the start of every run.
    "CREATE INDEX features_by_seq ON features (seq);",
    // 5: full-text search over title and text (FTS5, BM25). Indexing costs about as much as
    // cleaning, so ingest only notes which rows need it (`search_pending`) and readers bring
    // the index up to date off the ingest path (`Store::index_pending`). A row that changes
    // after it was indexed leaves the index at once, with the old values it was indexed by.
    // (No `OR IGNORE` in the triggers: an upsert's own conflict handling would override it.)
    "CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TABLE search_pending (article INTEGER PRIMARY KEY);
    INSERT INTO search_pending (article) SELECT rowid FROM articles;
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO search_pending (article) SELECT new.rowid
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE article = new.rowid);
    END;
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        SELECT 'delete', old.rowid, old.title, old.text
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE article = old.rowid);
        INSERT INTO search_pending (article) SELECT new.rowid
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE article = new.rowid);
    END;
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        SELECT 'delete', old.rowid, old.title, old.text
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE article = old.rowid);
        DELETE FROM search_pending WHERE article = old.rowid;
    END;",
    // 6: change counters, so readers that cache views (the server) can tell in one indexed
    // read whether a storyline changed: its version goes up whenever an article joins, leaves
    // or changes in it; `changes` counts every such event in the store.
    "CREATE TABLE storyline_versions (storyline TEXT PRIMARY KEY, version INTEGER NOT NULL);
    CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
    INSERT INTO changes (id, n) VALUES (1, 0);
    INSERT INTO storyline_versions (storyline, version)
        SELECT DISTINCT storyline, 1 FROM articles WHERE storyline IS NOT NULL;
    CREATE TRIGGER articles_version_insert AFTER INSERT ON articles BEGIN
        UPDATE changes SET n = n + 1;
        UPDATE storyline_versions SET version = version + 1 WHERE storyline = new.storyline;
        INSERT INTO storyline_versions (storyline, version) SELECT new.storyline, 1
        WHERE new.storyline IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM storyline_versions WHERE storyline = new.storyline);
    END;
    CREATE TRIGGER articles_version_update
    AFTER UPDATE OF revision, title, text, event, storyline, duplicate_of ON articles BEGIN
        UPDATE changes SET n = n + 1;
        UPDATE storyline_versions SET version = version + 1
        WHERE storyline IN (old.storyline, new.storyline);
        INSERT INTO storyline_versions (storyline, version) SELECT new.storyline, 1
        WHERE new.storyline IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM storyline_versions WHERE storyline = new.storyline);
    END;
    CREATE TRIGGER articles_version_delete AFTER DELETE ON articles BEGIN
        UPDATE changes SET n = n + 1;
        UPDATE storyline_versions SET version = version + 1 WHERE storyline = old.storyline;
    END;",
    // 7: copies counted from an index of their own (only copies are in it), so the counts
    // printed after every ingest read indexes, never the articles' text.
    "CREATE INDEX articles_copies ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;",
    // 8: the evidence of a run still in progress is saved with its articles, marked with the
    // run (a key of its inputs) and how far into them it reached, so a killed run, re-run,
    // carries on where it stopped (see `Checkpoint`).
    // The grouping's last repair pass (articles placed before it were looked at by it), so a
    // resumed run repairs what a whole run would have: stores from before start as repaired.
    "ALTER TABLE evidence ADD COLUMN run TEXT;
     ALTER TABLE evidence ADD COLUMN through INTEGER;
     CREATE TABLE grouping (id INTEGER PRIMARY KEY CHECK (id = 1), repaired_through INTEGER NOT NULL);
     INSERT INTO grouping VALUES (1, (SELECT COALESCE(MAX(seq) + 1, 0) FROM features));",
    // 9: a storyline's listing is read from one index that holds every field it shows (the
    // first words of the text only for articles without a title), never from the rows,
    // whose text would be read with them (a second for a storyline of 40,000 articles).
    "ALTER TABLE articles ADD COLUMN lead TEXT GENERATED ALWAYS AS (
        CASE WHEN length(trim(coalesce(title, ''), ' ' || char(9, 10, 13))) = 0
        THEN substr(text, 1, 200) END) VIRTUAL;
     DROP INDEX articles_by_storyline;
     CREATE INDEX articles_story_rows ON articles
        (storyline, event, id, title, lead, publisher, published, duplicate_of, agencies, url);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) const ARTICLE_COLUMNS: &str = "id, revision, content_hash, origin, title, byline, publisher, \
     agencies, published, dateline, language, url, text, removed, extra, event, storyline, duplicate_of";

pub(crate) const UPSERT_ARTICLE: &str = "INSERT INTO articles (id, revision, content_hash, origin, title, byline, publisher,
        agencies, published, dateline, language, url, text, removed, extra, event, storyline, duplicate_of)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
     ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, content_hash = excluded.content_hash,
        origin = excluded.origin, title = excluded.title, byline = excluded.byline,
        publisher = excluded.publisher, agencies = excluded.agencies, published = excluded.published,
        dateline = excluded.dateline, language = excluded.language, url = excluded.url,
        text = excluded.text, removed = excluded.removed, extra = excluded.extra,
        event = excluded.event, storyline = excluded.storyline, duplicate_of = excluded.duplicate_of";

pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Immediate, and the version read again inside: two processes opening a new store at
        // once take turns, and the second finds the step done.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn, "x"),
            Err(StoreError::TooNew { .. })
        ));
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, "x").unwrap();
        migrate(&mut conn, "x").unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }
}
