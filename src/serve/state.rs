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

/// Read connections kept open for reuse.
const POOL: usize = 8;

/// A computed story view and what it was computed from.
pub struct CachedStory {
    pub storyline: String,
    version: i64,
    pub detail: StoryDetail,
    /// `detail` as JSON, serialised once.
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

/// Shared server state.
pub struct App {
    pub db: PathBuf,
    pool: Mutex<Vec<Store>>,
    /// Story views by storyline id.
    stories: Mutex<HashMap<String, Arc<CachedStory>>>,
    listing: Mutex<Option<(i64, Arc<Vec<StorylineView>>)>>,
    /// One ingest at a time from this process (the store's file lock keeps other processes
    /// out), with the grouping state kept between ingests.
    pub writing: Mutex<Option<KeptGrouping>>,
}

impl App {
    pub fn open(db: &Path) -> Result<App, StoreError> {
        // Open once here, so a store that cannot be used fails at start, not on first request.
        let first = Store::open(db)?;
        Ok(App {
            db: db.to_path_buf(),
            pool: Mutex::new(vec![first]),
            stories: Mutex::new(HashMap::new()),
            listing: Mutex::new(None),
            writing: Mutex::new(None),
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
        let cached = self
            .stories
            .lock()
            .expect("stories lock")
            .get(&storyline)
            .cloned();
        if let Some(story) = cached.filter(|s| s.version == version) {
            return Ok(Some(story));
        }
        let Some(detail) = self.read(|s| stories::detail(s, &storyline))? else {
            return Ok(None);
        };
        let json = serde_json::to_vec(&detail).expect("story views serialise");
        let story = Arc::new(CachedStory {
            storyline: storyline.clone(),
            version,
            detail,
            json: json.into(),
            json_gzip: OnceLock::new(),
            page: OnceLock::new(),
        });
        self.stories
            .lock()
            .expect("stories lock")
            .insert(storyline, story.clone());
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
