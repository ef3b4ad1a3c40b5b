//! What the grouping stage keeps: per-article features in placement order, shared passages,
//! and the event / storyline / copy labels on `articles`. Written in the same transaction
//! as the articles they describe, so a killed run never leaves labels without articles.

use rusqlite::{params, OptionalExtension};
use storyline_core::{Article, LabelChange, RawArticle, SharedPassage};

use crate::{put_articles, save_evidence, Outcome, Result, Store};

/// A batch of grouped articles to store.
#[derive(Debug, Default)]
pub struct Linked {
    /// Raw input and cleaned, labelled article.
    pub articles: Vec<(RawArticle, Article)>,
    /// Per article (same order): placement number and encoded features; empty when the
    /// articles are stored ungrouped (they then wait for a later run to group them).
    pub features: Vec<(u32, Vec<u8>)>,
    /// Passages found while placing these articles (recorded from both sides).
    pub passages: Vec<SharedPassage>,
    /// Relabellings by a merge pass after these articles were placed.
    pub relabels: Vec<LabelChange>,
    /// The run's evidence so far, saved with these articles.
    pub checkpoint: Option<Checkpoint>,
    /// After a repair pass: how many articles had been placed when it ran (see
    /// [`Store::repaired_through`]).
    pub repaired_through: Option<u32>,
}

/// The cleaner's corpus evidence in the middle of a run, saved in the same transaction as the
/// articles cleaned with it: a killed run, started again on the same inputs, reloads it and
/// cleans what is left exactly as the whole run would have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Opaque evidence bytes (as [`Store::put_evidence`] takes them).
    pub evidence: Vec<u8>,
    /// Key of the run's inputs.
    pub run: String,
    /// Input articles (counted as read, stored or not) the evidence has seen.
    pub through: u64,
}

/// The stored grouping state of one article, for rebuilding indexes.
#[derive(Debug)]
pub struct LinkState {
    pub id: String,
    pub seq: u32,
    pub features: Vec<u8>,
    pub event: Option<String>,
    pub storyline: Option<String>,
    pub duplicate_of: Option<String>,
}

impl Store {
    /// Store a grouped batch in one transaction: articles (as [`Store::put_batch`]; for an
    /// article already stored unchanged, only its labels are updated), their features,
    /// passages (a revised article's old passages are dropped first) and relabels.
    pub fn put_linked(&mut self, batch: &Linked) -> Result<Vec<Outcome>> {
        let tx = self.write_tx()?;
        let outcomes = put_articles(&tx, &batch.articles)?;
        {
            let mut drop_passages =
                tx.prepare_cached("DELETE FROM passages WHERE article = ?1 OR other = ?1")?;
            let mut put_features = tx.prepare_cached(
                "INSERT OR REPLACE INTO features (id, seq, data) VALUES (?1, ?2, ?3)",
            )?;
            let mut put_labels = tx.prepare_cached(
                "UPDATE articles SET event = ?2, storyline = ?3, duplicate_of = ?4 WHERE id = ?1",
            )?;
            let mut drop_features = tx.prepare_cached("DELETE FROM features WHERE id = ?1")?;
            // Articles stored ungrouped come without features (see `Linked::features`).
            for (i, ((_, a), outcome)) in batch.articles.iter().zip(&outcomes).enumerate() {
                let features = batch.features.get(i);
                match (outcome, features) {
                    (Outcome::Revised(_), _) => drop_passages.execute([&a.id]).map(drop)?,
                    // Stored already (grouping an existing store): only the labels are new.
                    (Outcome::Unchanged, Some(_)) => put_labels
                        .execute(params![a.id, a.event, a.storyline, a.duplicate_of])
                        .map(drop)?,
                    (Outcome::Unchanged, None) | (Outcome::Inserted, _) => {}
                }
                match (features, outcome) {
                    (Some((seq, data)), _) => put_features.execute(params![a.id, seq, data])?,
                    // A new revision stored ungrouped waits to be grouped again.
                    (None, Outcome::Revised(_)) => drop_features.execute([&a.id])?,
                    (None, _) => 0,
                };
            }
            let mut put_passage = tx.prepare_cached(
                "INSERT OR REPLACE INTO passages (article, start, end, other, other_start, other_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in &batch.passages {
                put_passage.execute(params![
                    p.article,
                    p.start,
                    p.end,
                    p.other,
                    p.other_start,
                    p.other_end
                ])?;
            }
            apply_relabels(&tx, &batch.relabels)?;
        }
        if let Some(c) = &batch.checkpoint {
            save_evidence(&tx, &c.evidence, Some((&c.run, c.through)))?;
        }
        if let Some(n) = batch.repaired_through {
            tx.execute("UPDATE grouping SET repaired_through = ?1", [n])?;
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// How many articles, in placement order, the last repair pass of the grouping looked at:
    /// the groups of those placed after it wait for the next pass.
    pub fn repaired_through(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("SELECT repaired_through FROM grouping", [], |r| r.get(0))?)
    }

    /// Every article's grouping state, in placement order (articles without features last,
    /// in storage order, with empty `features`).
    pub fn for_each_link_state(&self, mut f: impl FnMut(LinkState) -> Result<()>) -> Result<()> {
        // Features in placement order (an index walk, no sort of the blobs), then the
        // articles that have none.
        let queries = [
            "SELECT f.id, f.seq, f.data, a.event, a.storyline, a.duplicate_of
             FROM features f JOIN articles a ON a.id = f.id ORDER BY f.seq",
            "SELECT a.id, NULL, NULL, a.event, a.storyline, a.duplicate_of
             FROM articles a WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.id = a.id)
             ORDER BY a.rowid",
        ];
        for sql in queries {
            let mut stmt = self.conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                f(LinkState {
                    id: r.get(0)?,
                    seq: r.get::<_, Option<u32>>(1)?.unwrap_or(u32::MAX),
                    features: r.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default(),
                    event: r.get(3)?,
                    storyline: r.get(4)?,
                    duplicate_of: r.get(5)?,
                })?;
            }
        }
        Ok(())
    }

    /// Forget all grouping (before grouping the store again from scratch).
    pub fn clear_links(&mut self) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute_batch(
            "DELETE FROM features; DELETE FROM passages;
             UPDATE articles SET event = NULL, storyline = NULL, duplicate_of = NULL;
             UPDATE grouping SET repaired_through = 0;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Passages of article `id` shared with other articles, in text order.
    pub fn passages(&self, id: &str) -> Result<Vec<SharedPassage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article, start, end, other, other_start, other_end
             FROM passages WHERE article = ?1 ORDER BY start, other",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SharedPassage {
                article: r.get(0)?,
                start: r.get(1)?,
                end: r.get(2)?,
                other: r.get(3)?,
                other_start: r.get(4)?,
                other_end: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Totals of the store's grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct GroupingCounts {
    pub articles: u64,
    pub events: u64,
    pub storylines: u64,
    /// Articles that copy another.
    pub copies: u64,
    /// Shared passages (each pair of spans once).
    pub passages: u64,
    /// Articles stored without grouping, waiting for a grouping run.
    pub ungrouped: u64,
}

/// What listing stories needs of one article.
#[derive(Debug, Clone)]
pub struct StoryRow {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// The first wire agency the text credits.
    pub agency: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub event: Option<String>,
    pub storyline: Option<String>,
    pub duplicate_of: Option<String>,
    /// First words of the text when the article has no title (a headline for it), else
    /// empty.
    pub lead: String,
}

impl Store {
    /// The listing fields of every grouped article (of one storyline, if given).
    pub fn story_rows(&self, storyline: Option<&str>) -> Result<Vec<StoryRow>> {
        // Two statements, so that one storyline is read from its covering index; for all of
        // them the planner would rather scan the table (every text with it) than the index.
        let from = match storyline {
            Some(_) => "FROM articles WHERE storyline = ?1",
            None => {
                "FROM articles INDEXED BY articles_story_rows
                 WHERE storyline IS NOT NULL AND ?1 IS NULL"
            }
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, title, publisher, published, event, storyline, duplicate_of,
                    coalesce(lead, ''), json_extract(agencies, '$[0]'), url
             {from} ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([storyline], |r| {
            Ok(StoryRow {
                id: r.get(0)?,
                title: r.get(1)?,
                publisher: r.get(2)?,
                published: r.get(3)?,
                event: r.get(4)?,
                storyline: r.get(5)?,
                duplicate_of: r.get(6)?,
                lead: r.get(7)?,
                agency: r.get(8)?,
                url: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The storyline holding `id`, which may name a storyline, an event or an article.
    pub fn storyline_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT storyline FROM articles WHERE storyline = ?1 OR event = ?1 OR id = ?1
                 ORDER BY storyline = ?1 DESC, event = ?1 DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// What grouping found in the whole store.
    pub fn grouping_counts(&self) -> Result<GroupingCounts> {
        // One count a statement, each read from an index: a single statement over all the
        // columns would read every row, text and all (a second at 100,000 articles).
        let count = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, u64>(0));
        let articles = count("SELECT COUNT(*) FROM articles")?;
        let events = count("SELECT COUNT(DISTINCT event) FROM articles")?;
        let storylines = count("SELECT COUNT(DISTINCT storyline) FROM articles")?;
        let copies = count("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")?;
        let grouped = count("SELECT COUNT(event) FROM articles")?;
        let passages = count("SELECT COUNT(*) FROM passages WHERE article < other")?;
        Ok(GroupingCounts {
            articles,
            events,
            storylines,
            copies,
            passages,
            ungrouped: articles - grouped,
        })
    }

    /// Who shares text with whom, as (article, other) pairs: for the articles of one
    /// storyline, or of all.
    pub fn passage_pairs(&self, storyline: Option<&str>) -> Result<Vec<(String, String)>> {
        // Two statements, so that one storyline is found through its index.
        let sql = match storyline {
            Some(_) => {
                "SELECT DISTINCT p.article, p.other FROM articles a JOIN passages p ON p.article = a.id
                 WHERE a.storyline = ?1"
            }
            None => "SELECT DISTINCT article, other FROM passages WHERE ?1 IS NULL",
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([storyline], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn apply_relabels(tx: &rusqlite::Transaction, changes: &[LabelChange]) -> Result<()> {
    let mut event = tx.prepare_cached("UPDATE articles SET event = ?2 WHERE event = ?1")?;
    let mut storyline =
        tx.prepare_cached("UPDATE articles SET storyline = ?2 WHERE storyline = ?1")?;
    let mut article =
        tx.prepare_cached("UPDATE articles SET event = ?2, storyline = ?3 WHERE id = ?1")?;
    let mut copy = tx.prepare_cached("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?;
    for c in changes {
        match c {
            LabelChange::Copy { id, duplicate_of } => copy.execute(params![id, duplicate_of])?,
            LabelChange::Article {
                id,
                event,
                storyline,
            } => article.execute([id, event, storyline])?,
            LabelChange::Event { from, into } => event.execute([from, into])?,
            LabelChange::Storyline { from, into } => storyline.execute([from, into])?,
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, event: &str) -> (RawArticle, Article) {
        let raw = RawArticle {
            id: Some(id.into()),
            text: format!("text of {id}"),
            ..Default::default()
        };
        let a = Article {
            id: id.into(),
            content_hash: raw.content_hash(),
            text: raw.text.clone(),
            event: Some(event.into()),
            storyline: Some("s1".into()),
            ..Default::default()
        };
        (raw, a)
    }

    #[test]
    fn linked_batches_store_features_passages_and_relabels() {
        let mut s = Store::in_memory().unwrap();
        let passage = SharedPassage {
            article: "b".into(),
            start: 0,
            end: 4,
            other: "a".into(),
            other_start: 0,
            other_end: 4,
        };
        let batch = Linked {
            articles: vec![article("a", "e1"), article("b", "e2")],
            features: vec![(0, vec![1, 2]), (1, vec![3])],
            passages: vec![passage.clone()],
            relabels: vec![LabelChange::Event {
                from: "e2".into(),
                into: "e1".into(),
            }],
            checkpoint: Some(Checkpoint {
                evidence: vec![7, 7],
                run: "run-key".into(),
                through: 2,
            }),
            repaired_through: Some(2),
        };
        s.put_linked(&batch).unwrap();
        // The evidence of the run so far went in with the articles; a finished run clears
        // the mark and keeps the evidence.
        assert_eq!(s.run_checkpoint().unwrap(), Some(("run-key".into(), 2)));
        assert_eq!(s.evidence().unwrap(), Some(vec![7, 7]));
        s.finish_run().unwrap();
        assert_eq!(s.run_checkpoint().unwrap(), None);
        // So did the mark of the repair pass; forgetting the grouping resets it.
        assert_eq!(s.repaired_through().unwrap(), 2);
        assert_eq!(s.evidence().unwrap(), Some(vec![7, 7]));
        assert_eq!(s.get("b").unwrap().unwrap().event.as_deref(), Some("e1"));
        assert_eq!(s.passages("b").unwrap(), vec![passage]);
        let mut states = Vec::new();
        s.for_each_link_state(|st| {
            states.push((st.id, st.seq, st.features));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            states,
            vec![("a".into(), 0, vec![1, 2]), ("b".into(), 1, vec![3])]
        );
        s.clear_links().unwrap();
        assert_eq!(s.repaired_through().unwrap(), 0);
        assert_eq!(s.get("a").unwrap().unwrap().event, None);
        assert!(s.passages("b").unwrap().is_empty());
    }
}
