//! What the server shares between requests: a pool of read connections, the writer, and
//! caches of computed views that know when the store has moved on.
//!
//! A story view costs up to a second to compute, so it is computed once and kept. Whether it
//! is still right is checked in two steps: SQLite's `data_version` on one watcher connection
//! says whether anything at all was committed since (a few microseconds); only then is the
//! storyline's own stamp (its members, revisions and labels) read and compared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;

use storyline_store::{Store, StoreError};

use crate::stories::{self, StoryDetail, StorylineView};

/// Read connections kept open for reuse.
const POOL: usize = 8;

/// A computed story view and what it was computed from.
pub struct CachedStory {
    pub storyline: String,
    stamp: u64,
    pub detail: StoryDetail,
    /// `detail` as JSON, serialised once.
    pub json: Bytes,
    /// The story page, rendered on first request.
    pub page: OnceLock<Bytes>,
}

struct Entry {
    checked_at: i64,
    story: Arc<CachedStory>,
}

/// Shared server state.
pub struct App {
    pub db: PathBuf,
    pool: Mutex<Vec<Store>>,
    watcher: Mutex<Store>,
    stories: Mutex<HashMap<String, Entry>>,
    listing: Mutex<Option<(i64, Arc<Vec<StorylineView>>)>>,
    /// One ingest at a time from this process (the store's file lock keeps other processes out).
    pub writing: Mutex<()>,
}

impl App {
    pub fn open(db: &Path) -> Result<App, StoreError> {
        let watcher = Store::open(db)?;
        Ok(App {
            db: db.to_path_buf(),
            pool: Mutex::new(Vec::new()),
            watcher: Mutex::new(watcher),
            stories: Mutex::new(HashMap::new()),
            listing: Mutex::new(None),
            writing: Mutex::new(()),
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
            None => Store::open(&self.db)?,
        };
        let out = f(&store);
        let mut pool = self.pool.lock().expect("pool lock");
        if pool.len() < POOL {
            pool.push(store);
        }
        out
    }

    /// Changes whenever anything is committed to the store by anyone.
    fn version(&self) -> Result<i64, StoreError> {
        self.watcher.lock().expect("watcher lock").data_version()
    }

    /// Every storyline, most covered first (cached until the store changes).
    pub fn listing(&self) -> Result<Arc<Vec<StorylineView>>, StoreError> {
        let version = self.version()?;
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
        let version = self.version()?;
        let cached = self
            .stories
            .lock()
            .expect("stories lock")
            .get(id)
            .map(|e| (e.checked_at, e.story.clone()));
        if let Some((checked_at, story)) = &cached {
            if *checked_at == version {
                return Ok(Some(story.clone()));
            }
        }
        let Some((storyline, stamp)) = self.read(|s| {
            let Some(storyline) = s.storyline_of(id)? else {
                return Ok(None);
            };
            let stamp = s.storyline_stamp(&storyline)?;
            Ok(Some((storyline, stamp)))
        })?
        else {
            self.stories.lock().expect("stories lock").remove(id);
            return Ok(None);
        };
        let story = match cached {
            Some((_, story)) if story.storyline == storyline && story.stamp == stamp => story,
            _ => match self.compute(&storyline, stamp)? {
                Some(story) => story,
                None => return Ok(None),
            },
        };
        self.stories.lock().expect("stories lock").insert(
            id.to_string(),
            Entry {
                checked_at: version,
                story: story.clone(),
            },
        );
        Ok(Some(story))
    }

    fn compute(&self, storyline: &str, stamp: u64) -> Result<Option<Arc<CachedStory>>, StoreError> {
        let Some(detail) = self.read(|s| stories::detail(s, storyline))? else {
            return Ok(None);
        };
        let json = serde_json::to_vec(&detail).expect("story views serialise");
        Ok(Some(Arc::new(CachedStory {
            storyline: storyline.to_string(),
            stamp,
            detail,
            json: json.into(),
            page: OnceLock::new(),
        })))
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
