//! What the server shares between requests: a pool of read connections, the writer, and
//! caches of computed views that know when the store has moved on.
//!
//! A story view costs up to a second to compute, so it is computed once and kept with the
//! version of its storyline; the store raises that version whenever an article joins, leaves
//! or changes in the storyline, so one indexed read says whether the kept view is still right.
//! The listing is kept with the store's change count likewise.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;

use storyline_store::{Store, StoreError};

use crate::pipeline::KeptGrouping;
use crate::stories::{self, StoryDetail, StorylineView};

/// Read connections kept open for reuse: one a worker (see [`super::workers`]), which also
/// bounds how many are open at once.
const POOL: usize = 16;

/// Story views kept, by the size of their JSON; the least recently asked for go first.
/// (A view's page and parsed form take about as much again.)
pub const CACHE_BYTES: usize = 256 << 20;

/// A computed story view and what it was computed from.
pub struct CachedStory {
    version: i64,
    pub detail: StoryDetail,
    /// The first page of `detail`'s JSON (see [`stories::json_page`]), serialised once.
    pub json: Bytes,
    /// `json` gzipped, on first request that accepts it (a storyline of tens of thousands of
    /// articles gives tens of MB of JSON; compressed once, it is sent in a tenth of the time).
    json_gzip: OnceLock<Bytes>,
    /// The story page, rendered on first request.
    pub page: OnceLock<Bytes>,
}

impl CachedStory {
    pub fn json_gzip(&self) -> &Bytes {
        self.json_gzip.get_or_init(|| {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(
                Vec::with_capacity(self.json.len() / 8),
                flate2::Compression::fast(),
            );
            gz.write_all(&self.json).expect("writing to memory");
            gz.finish().expect("writing to memory").into()
        })
    }
}

/// Values by key, bounded by their total size, least recently used evicted first.
struct ViewCache<V> {
    views: HashMap<String, (u64, usize, Arc<V>)>,
    tick: u64,
    bytes: usize,
}

impl<V> Default for ViewCache<V> {
    fn default() -> Self {
        ViewCache {
            views: HashMap::new(),
            tick: 0,
            bytes: 0,
        }
    }
}

impl<V> ViewCache<V> {
    fn get(&mut self, key: &str) -> Option<Arc<V>> {
        self.tick += 1;
        let (used, _, value) = self.views.get_mut(key)?;
        *used = self.tick;
        Some(value.clone())
    }

    /// Keep `value` (`size` bytes), then drop the least recently used values until the rest
    /// fit in `max` bytes (the newest is always kept). Eviction sorts the cache: it runs only
    /// when the cache overflows, which a working set within the bound never does.
    fn insert(&mut self, key: String, value: Arc<V>, size: usize, max: usize) {
        self.tick += 1;
        self.bytes += size;
        if let Some((_, old, _)) = self.views.insert(key.clone(), (self.tick, size, value)) {
            self.bytes -= old;
        }
        if self.bytes <= max {
            return;
        }
        let mut by_use: Vec<(u64, String)> = self
            .views
            .iter()
            .map(|(k, (used, _, _))| (*used, k.clone()))
            .collect();
        by_use.sort_unstable();
        for (_, old_key) in by_use {
            if self.bytes <= max {
                break;
            }
            if old_key != key {
                if let Some((_, old, _)) = self.views.remove(&old_key) {
                    self.bytes -= old;
                }
            }
        }
    }
}

/// Answers to repeated queries (search pages, storylines matching words), kept with the store
/// stamp they were computed at: a popular query is computed once per change of the store.
/// The [`QUERY_CACHE`] most recently used answers are kept.
pub struct QueryCache<T> {
    answers: Mutex<ViewCache<Stamped<T>>>,
}

/// An answer and the store stamp (change count, articles waiting for the index) it is of.
type Stamped<T> = ((i64, u64), Arc<T>);

/// Query answers kept.
const QUERY_CACHE: usize = 1024;

impl<T> Default for QueryCache<T> {
    fn default() -> Self {
        QueryCache {
            answers: Mutex::new(ViewCache::default()),
        }
    }
}

impl<T> QueryCache<T> {
    /// The answer for `key` at `stamp`, computed by `f` when not kept.
    pub fn get_or_compute<E>(
        &self,
        key: &str,
        stamp: (i64, u64),
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let kept = self.answers.lock().expect("cache lock").get(key);
        if let Some(kept) = kept.filter(|k| k.0 == stamp) {
            return Ok(kept.1.clone());
        }
        let answer = Arc::new(f()?);
        // Counted one a query: the bound is on how many are kept.
        self.answers.lock().expect("cache lock").insert(
            key.to_string(),
            Arc::new((stamp, answer.clone())),
            1,
            QUERY_CACHE,
        );
        Ok(answer)
    }
}

/// Shared server state.
pub struct App {
    pub db: PathBuf,
    pool: Mutex<Vec<Store>>,
    /// Story views by storyline id.
    stories: Mutex<ViewCache<CachedStory>>,
    listing: Mutex<Option<(i64, Arc<Vec<StorylineView>>)>>,
    /// One ingest at a time from this process (the store's file lock keeps other processes
    /// out), with the grouping state kept between ingests.
    pub writing: Mutex<Option<KeptGrouping>>,
    /// Search pages by query and page.
    pub searches: QueryCache<crate::serve::query::Found>,
    /// Storylines holding an article that matches, by query.
    pub matching: QueryCache<std::collections::HashSet<String>>,
}

impl App {
    pub fn open(db: &Path) -> Result<App, StoreError> {
        // Open once here, so a store that cannot be used fails at start, not on first request.
        let first = Store::open_reader(db)?;
        Ok(App {
            db: db.to_path_buf(),
            pool: Mutex::new(vec![first]),
            stories: Mutex::new(ViewCache::default()),
            listing: Mutex::new(None),
            writing: Mutex::new(None),
            searches: QueryCache::default(),
            matching: QueryCache::default(),
        })
    }

    /// Run `f` with a read connection from the pool (opened when the pool is empty).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let store = self.pool.lock().expect("pool lock").pop();
        let store = match store {
            Some(s) => s,
            None => Store::open_reader(&self.db)?,
        };
        let out = match super::guard::running(store.interrupt_handle()) {
            Ok(_running) => f(&store),
            Err(e) => Err(e),
        };
        let mut pool = self.pool.lock().expect("pool lock");
        if pool.len() < POOL {
            pool.push(store);
        }
        out
    }

    /// What search answers depend on: the store's change count and the articles not yet
    /// indexed.
    pub fn search_stamp(&self) -> Result<(i64, u64), StoreError> {
        self.read(|s| Ok((s.changes()?, s.search_pending()?)))
    }

    /// Every storyline, most covered first (cached until the store changes).
    pub fn listing(&self) -> Result<Arc<Vec<StorylineView>>, StoreError> {
        let version = self.read(|s| s.changes())?;
        if let Some((v, list)) = &*self.listing.lock().expect("listing lock") {
            if *v == version {
                return Ok(list.clone());
            }
        }
        let list = Arc::new(self.read(stories::list)?);
        *self.listing.lock().expect("listing lock") = Some((version, list.clone()));
        Ok(list)
    }

    /// The story view of the storyline `id` names (a storyline, event or article id).
    pub fn story(&self, id: &str) -> Result<Option<Arc<CachedStory>>, StoreError> {
        let Some((storyline, version)) = self.read(|s| s.storyline_version(id))? else {
            return Ok(None);
        };
        let cached = self.stories.lock().expect("stories lock").get(&storyline);
        if let Some(story) = cached.filter(|s| s.version == version) {
            return Ok(Some(story));
        }
        let Some(detail) = self.read(|s| stories::detail(s, &storyline))? else {
            return Ok(None);
        };
        let first_page = stories::json_page(&detail, 1, stories::EVENTS_PER_PAGE);
        let json = serde_json::to_vec(&first_page).expect("story views serialise");
        let story = Arc::new(CachedStory {
            version,
            detail,
            json: json.into(),
            json_gzip: OnceLock::new(),
            page: OnceLock::new(),
        });
        self.stories.lock().expect("stories lock").insert(
            storyline,
            story.clone(),
            story.json.len(),
            CACHE_BYTES,
        );
        Ok(Some(story))
    }

    /// Compute the views of the `n` most covered storylines ahead of the first reader.
    pub fn warm(&self, n: usize) -> Result<usize, StoreError> {
        let ids: Vec<String> = self
            .listing()?
            .iter()
            .take(n)
            .map(|s| s.id.clone())
            .collect();
        for id in &ids {
            self.story(id)?;
        }
        Ok(ids.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_to_its_size_dropping_the_least_recently_used() {
        let mut c: ViewCache<&str> = ViewCache::default();
        c.insert("a".into(), Arc::new("a"), 40, 100);
        c.insert("b".into(), Arc::new("b"), 40, 100);
        assert!(c.get("a").is_some()); // b is now the least recently used
        c.insert("c".into(), Arc::new("c"), 40, 100);
        assert!(c.get("b").is_none());
        assert!(c.get("a").is_some() && c.get("c").is_some());
        assert_eq!(c.bytes, 80);
        // A value larger than the bound is kept alone.
        c.insert("big".into(), Arc::new("big"), 500, 100);
        assert_eq!((c.views.len(), c.bytes), (1, 500));
        // Replacing a value counts only its new size.
        c.insert("big".into(), Arc::new("big"), 10, 100);
        assert_eq!(c.bytes, 10);
    }
}
