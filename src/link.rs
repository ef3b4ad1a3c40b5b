//! The grouping stage of the pipeline: features in parallel, then each article placed in
//! order (copies, shared passages, event, storyline), with a merge pass after every
//! [`MERGE_EVERY`] placements (counted over the store, not the run) and at the end of a run.
//!
//! State is rebuilt from the store at the start of a run ([`LinkStage::load`]); articles
//! stored before grouping existed (or after `clear_links`) are grouped then, in storage order.

use rayon::prelude::*;
use storyline_cluster::{Features, Linker, Params};
use storyline_core::{Article, RawArticle};
use storyline_store::{Linked, Store, StoreError};

/// Articles between merge passes.
pub const MERGE_EVERY: usize = 4096;

/// Grouping state of a run.
pub struct LinkStage {
    linker: Linker,
    /// Stored articles that have no grouping yet, by id.
    pending: Vec<String>,
}

impl LinkStage {
    /// Rebuild the grouping state of `store`.
    pub fn load(store: &Store, params: Params) -> Result<LinkStage, StoreError> {
        let mut linker = Linker::new(params);
        let mut pending = Vec::new();
        let repaired_through = store.repaired_through()?;
        store.for_each_link_state(|st| {
            match Features::decode(&st.features) {
                Some(f) => linker.restore(
                    &st.id,
                    &f,
                    st.event.as_deref(),
                    st.storyline.as_deref(),
                    st.duplicate_of.as_deref(),
                    st.seq < repaired_through,
                ),
                None => pending.push(st.id),
            }
            Ok(())
        })?;
        linker.finish_restore();
        Ok(LinkStage { linker, pending })
    }

    /// Stored articles waiting to be grouped.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Group the stored articles that have no grouping yet; returns how many. `progress` is
    /// told how many are done after each batch.
    pub fn group_pending(
        &mut self,
        store: &mut Store,
        progress: &dyn Fn(usize),
    ) -> Result<usize, StoreError> {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            // Nothing placed: a merge pass here would make a resumed run differ from one
            // that was never interrupted.
            return Ok(0);
        }
        for (i, ids) in pending.chunks(crate::pipeline::WRITE_BATCH).enumerate() {
            let mut batch = Vec::with_capacity(ids.len());
            for id in ids {
                // Stored unchanged, so only the labels are written: the raw input is not needed.
                if let Some(a) = store.get(id)? {
                    batch.push((RawArticle::default(), a));
                }
            }
            let linked = self.link(batch);
            store.put_linked(&linked)?;
            progress(i * crate::pipeline::WRITE_BATCH + ids.len());
        }
        store.put_linked(&self.merge())?;
        Ok(pending.len())
    }

    /// Group a batch of cleaned articles (labels are set on the articles).
    pub fn link(&mut self, articles: Vec<(RawArticle, Article)>) -> Linked {
        let features: Vec<Features> = articles
            .par_iter()
            .map(|(_, a)| Features::extract(a))
            .collect();
        let mut out = Linked {
            features: Vec::with_capacity(articles.len()),
            ..Default::default()
        };
        for ((raw, mut a), f) in articles.into_iter().zip(features) {
            let placed_before = self.linker.number_of(&a.id).is_some();
            let linked = self.linker.link(&a.id, &f);
            a.event = Some(linked.event);
            a.storyline = Some(linked.storyline);
            a.duplicate_of = linked.duplicate_of;
            out.passages.extend(linked.shared);
            out.relabels.extend(linked.relabels);
            let seq = self.linker.number_of(&a.id).expect("just linked");
            out.features.push((seq, f.encode()));
            out.articles.push((raw, a));
            // Merge passes fall at fixed placement numbers, not counts within a run, so a
            // killed run started again merges where one whole run would have (a revision
            // keeps its number and places nothing new).
            if !placed_before && (seq as usize + 1).is_multiple_of(MERGE_EVERY) {
                let merged = self.merge();
                out.relabels.extend(merged.relabels);
                out.repaired_through = merged.repaired_through;
            }
        }
        out
    }

    /// A repair pass now (the end of a run): its relabellings, and the mark of how far it
    /// looked, to store.
    pub fn merge(&mut self) -> Linked {
        Linked {
            relabels: self.linker.merge_pass(),
            repaired_through: Some(self.linker.placed()),
            ..Default::default()
        }
    }
}
