//! `storyline regroup`: forget all grouping and group the stored articles again.

use std::path::Path;
use std::process::ExitCode;

use storyline::link::LinkStage;

pub fn run(db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let mut store = super::open_existing_store(db)?;
    super::wait_for_writers(&mut store);
    let _lock = store.writer_lock()?;
    let started = std::time::Instant::now();
    store.clear_links()?;
    let mut stage = LinkStage::load(&store, storyline_cluster::Params::default())?;
    let bar = super::progress_bar(stage.pending() as u64, "articles grouped");
    let articles = stage.group_pending(&mut store, &|done| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    let storylines = storyline::stories::list(&store)?;
    let events: usize = storylines.iter().map(|s| s.events.len()).sum();
    let seconds = started.elapsed().as_secs_f64();
    if json {
        let v = serde_json::json!({"articles": articles, "events": events, "storylines": storylines.len(), "seconds": seconds});
        println!("{v}");
    } else {
        println!(
            "grouped {articles} articles into {events} events and {} storylines in {seconds:.1} s",
            storylines.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
