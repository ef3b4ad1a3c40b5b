//! Full-text search (SQLite FTS5, BM25 ranking) and the change stamps readers use to know
//! when what they computed from the store is stale.

use rusqlite::{params, OptionalExtension};

use crate::{Result, Store};

/// One search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub event: Option<String>,
    pub storyline: Option<String>,
    /// Words around the matches; matches are wrapped in U+E000 and U+E001 (private-use marks
    /// that cannot be confused with text), for the caller to render safely.
    pub snippet: String,
    /// BM25 score (title weighs 3x the body); higher is better.
    pub score: f64,
}

/// Start and end marks of a match in [`SearchHit::snippet`].
pub const MATCH_START: char = '\u{E000}';
pub const MATCH_END: char = '\u{E001}';

/// A snippet without its match marks, and the byte spans of the matches in it.
pub fn unmark(snippet: &str) -> (String, Vec<[usize; 2]>) {
    let mut out = String::with_capacity(snippet.len());
    let mut spans = Vec::new();
    let mut start = None;
    for c in snippet.chars() {
        match c {
            MATCH_START => start = Some(out.len()),
            MATCH_END => spans.extend(start.take().map(|s| [s, out.len()])),
            c => out.push(c),
        }
    }
    (out, spans)
}

/// Longest query accepted, in characters: longer ones are refused by [`check_query`].
pub const MAX_QUERY_CHARS: usize = 500;
/// Most distinct words and phrases a query may hold ([`check_query`]).
pub const MAX_QUERY_TERMS: usize = 16;

/// Why a query is refused, if it is: longer than [`MAX_QUERY_CHARS`] or with more than
/// [`MAX_QUERY_TERMS`] distinct terms. The cost of a match grows with the terms (each is a
/// posting list to walk), so callers check before searching and say what is wrong.
pub fn check_query(user: &str) -> std::result::Result<(), String> {
    let chars = user.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(format!(
            "query too long ({chars} characters; at most {MAX_QUERY_CHARS})"
        ));
    }
    let terms = query_terms(user).len();
    if terms > MAX_QUERY_TERMS {
        return Err(format!(
            "query has too many words ({terms} distinct; at most {MAX_QUERY_TERMS})"
        ));
    }
    Ok(())
}

/// The distinct terms of a query, each an FTS5 string: "quoted phrases" stay phrases, every
/// other word stands alone. A repeated term adds nothing to an AND query, so it is kept once.
fn query_terms(user: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !terms.contains(&t) {
            terms.push(t);
        }
    };
    for (i, part) in user.split('"').enumerate() {
        let words: Vec<&str> = part
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if i % 2 == 1 && !words.is_empty() {
            push(format!("\"{}\"", words.join(" ")));
        } else {
            words.iter().for_each(|w| push(format!("\"{w}\"")));
        }
    }
    terms
}

/// A user's query as an FTS5 expression: "quoted phrases" stay phrases, every other word must
/// appear (AND). Operators and syntax characters in user input are never interpreted, so any
/// string is a valid query. `None` when the query has no words. Only the first
/// [`MAX_QUERY_TERMS`] distinct terms of the first [`MAX_QUERY_CHARS`] characters are used
/// (callers refuse longer queries with [`check_query`]).
pub fn fts_query(user: &str) -> Option<String> {
    let end = user
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(user.len(), |(i, _)| i);
    let mut terms = query_terms(&user[..end]);
    terms.truncate(MAX_QUERY_TERMS);
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Articles to index a transaction ([`Store::index_pending`]): short, so a concurrent writer is
/// never kept waiting long.
pub const INDEX_BATCH: usize = 1000;

impl Store {
    /// Index up to `max` of the articles stored or changed since they were last indexed, in
    /// one transaction; returns how many were indexed (0: the index is up to date).
    pub fn index_pending(&mut self, max: usize) -> Result<usize> {
        let tx = self.write_tx()?;
        let n = tx.execute(
            "INSERT INTO articles_fts (rowid, title, text)
             SELECT a.rowid, a.title, a.text FROM search_pending p JOIN articles a ON a.rowid = p.article
             ORDER BY p.article LIMIT ?1",
            [max as i64],
        )?;
        tx.execute(
            "DELETE FROM search_pending WHERE article IN
             (SELECT article FROM search_pending ORDER BY article LIMIT ?1)",
            [max as i64],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Articles not yet in the search index.
    pub fn search_pending(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM search_pending", [], |r| r.get(0))?)
    }

    /// Articles matching `query` (see [`fts_query`]), best first.
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // Ranks every match but makes snippets only for the page: in one flat query SQLite
        // would make a snippet for every match before sorting (49 ms -> 10 ms for a word in
        // 6,653 of 100,000 articles).
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.publisher, a.published, a.event, a.storyline,
                    snippet(articles_fts, 1, char(57344), char(57345), ' … ', 24),
                    -bm25(articles_fts, 3.0, 1.0)
             FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND articles_fts.rowid IN (
                 SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1
                 ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?2 OFFSET ?3)
             ORDER BY bm25(articles_fts, 3.0, 1.0)",
        )?;
        let rows = stmt.query_map(params![q, limit as i64, offset as i64], |r| {
            Ok(SearchHit {
                id: r.get(0)?,
                title: r.get(1)?,
                publisher: r.get(2)?,
                published: r.get(3)?,
                event: r.get(4)?,
                storyline: r.get(5)?,
                snippet: r.get(6)?,
                score: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of articles matching `query`.
    pub fn search_count(&self, query: &str) -> Result<u64> {
        let Some(q) = fts_query(query) else {
            return Ok(0);
        };
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?1",
            [q],
            |r| r.get(0),
        )?)
    }

    /// Storylines with at least one article matching `query`.
    pub fn storylines_matching(&self, query: &str) -> Result<std::collections::HashSet<String>> {
        let Some(q) = fts_query(query) else {
            return Ok(Default::default());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT a.storyline FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND a.storyline IS NOT NULL",
        )?;
        let rows = stmt.query_map([q], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The storyline `id` names (a storyline, event or article id) and its version, which
    /// goes up whenever an article joins, leaves or changes in it: equal versions mean a view
    /// computed from the storyline is still right. One indexed read for a storyline id.
    pub fn storyline_version(&self, id: &str) -> Result<Option<(String, i64)>> {
        let version = |s: &str| -> Result<Option<i64>> {
            Ok(self
                .conn
                .prepare_cached("SELECT version FROM storyline_versions WHERE storyline = ?1")?
                .query_row([s], |r| r.get(0))
                .optional()?)
        };
        if let Some(v) = version(id)? {
            return Ok(Some((id.to_string(), v)));
        }
        let Some(storyline) = self.storyline_of(id)? else {
            return Ok(None);
        };
        Ok(version(&storyline)?.map(|v| (storyline, v)))
    }

    /// Goes up with every article stored, changed, relabelled or removed (not with search
    /// indexing or other bookkeeping).
    pub fn changes(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT n FROM changes WHERE id = 1")?
            .query_row([], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn snippets_lose_their_marks_and_keep_the_spans() {
        let (text, spans) = unmark("a \u{E000}ferry\u{E001} and \u{E000}é\u{E001}");
        assert_eq!(text, "a ferry and é");
        assert_eq!(spans, vec![[2, 7], [12, 14]]);
    }

    use super::*;
    use storyline_core::{Article, RawArticle};

    fn put(s: &mut Store, id: &str, title: &str, text: &str) {
        let raw = RawArticle {
            id: Some(id.into()),
            text: text.into(),
            ..Default::default()
        };
        let a = Article {
            id: id.into(),
            content_hash: raw.content_hash(),
            title: Some(title.into()),
            text: text.into(),
            storyline: Some(format!("s-{id}")),
            ..Default::default()
        };
        s.put_batch(&[(raw, a)]).unwrap();
        while s.index_pending(1).unwrap() > 0 {}
        assert_eq!(s.search_pending().unwrap(), 0);
    }

    #[test]
    fn user_text_never_breaks_the_query_syntax() {
        assert_eq!(fts_query("ferry sinks").unwrap(), "\"ferry\" \"sinks\"");
        assert_eq!(
            fts_query("\"harbour master\" OR x").unwrap(),
            "\"harbour master\" \"OR\" \"x\""
        );
        assert_eq!(fts_query("a* NEAR( \"b").unwrap(), "\"a\" \"NEAR\" \"b\"");
        assert_eq!(fts_query(" -- ()\"\" "), None);
    }

    #[test]
    fn repeated_terms_count_once_and_oversized_queries_are_refused() {
        let oil = "oil ".repeat(120);
        assert_eq!(fts_query(&oil).unwrap(), "\"oil\"");
        assert!(check_query(&oil).is_ok());
        let many: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert!(check_query(&many).unwrap_err().contains("40 distinct"));
        assert_eq!(
            fts_query(&many).unwrap().matches('"').count(),
            2 * MAX_QUERY_TERMS
        );
        let long = "x".repeat(MAX_QUERY_CHARS + 1);
        assert!(check_query(&long).unwrap_err().contains("too long"));
        assert!(fts_query(&long).unwrap().len() <= MAX_QUERY_CHARS + 2);
    }

    #[test]
    fn finds_ranks_and_marks_matches_and_follows_revisions() {
        let mut s = Store::in_memory().unwrap();
        put(
            &mut s,
            "a",
            "Ferry sinks near harbour",
            "The ferry sank at dawn. Crew rescued.",
        );
        put(
            &mut s,
            "b",
            "Budget vote",
            "Parliament voted. A ferry subsidy was cut.",
        );
        let hits = s.search("ferry", 10, 0).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(
            hits[1].snippet.contains("\u{E000}ferry\u{E001}"),
            "{}",
            hits[1].snippet
        );
        assert_eq!(s.search_count("\"ferry subsidy\"").unwrap(), 1);
        assert!(s.storylines_matching("parliament").unwrap().contains("s-b"));
        // Stored but not yet indexed: not found until indexed.
        let raw = RawArticle {
            id: Some("c".into()),
            text: "ferry".into(),
            ..Default::default()
        };
        let c = Article {
            id: "c".into(),
            content_hash: raw.content_hash(),
            text: "ferry".into(),
            ..Default::default()
        };
        s.put_batch(&[(raw, c)]).unwrap();
        assert_eq!(
            (
                s.search_pending().unwrap(),
                s.search_count("ferry").unwrap()
            ),
            (1, 2)
        );
        assert_eq!(s.index_pending(100).unwrap(), 1);
        assert_eq!(s.search_count("ferry").unwrap(), 3);
        // A new revision replaces what is indexed.
        put(&mut s, "b", "Budget vote", "Parliament voted on rail.");
        assert_eq!(s.search_count("ferry").unwrap(), 2);
        assert_eq!(s.search_count("rail").unwrap(), 1);
    }

    #[test]
    fn versions_change_with_membership_revisions_and_labels_only() {
        let mut s = Store::in_memory().unwrap();
        put(&mut s, "a", "T", "one");
        let (storyline, before) = s.storyline_version("a").unwrap().unwrap();
        assert_eq!(storyline, "s-a");
        assert_eq!(
            s.storyline_version("s-a").unwrap(),
            Some(("s-a".into(), before))
        );
        assert_eq!(s.storyline_version("nothing").unwrap(), None);
        let changes = s.changes().unwrap();
        // Search indexing is not a change.
        put(&mut s, "b", "T", "two");
        while s.index_pending(1).unwrap() > 0 {}
        assert_eq!(s.storyline_version("s-a").unwrap().unwrap().1, before);
        assert!(s.changes().unwrap() > changes);
        put(&mut s, "a", "T", "three");
        let after = s.storyline_version("s-a").unwrap().unwrap().1;
        assert!(after > before);
        s.conn
            .execute("UPDATE articles SET storyline = 's-a' WHERE id = 'b'", [])
            .unwrap();
        assert!(s.storyline_version("s-a").unwrap().unwrap().1 > after);
    }
}
