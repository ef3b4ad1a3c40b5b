//! `storyline serve`: the web interface and JSON API (see [`storyline::serve`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(
    db: &Path,
    addr: SocketAddr,
    watch: Option<PathBuf>,
    warm: usize,
) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &watch {
        if !dir.is_dir() {
            anyhow::bail!("--watch {}: not a folder", dir.display());
        }
    }
    // A missing store is created empty: articles can arrive by POST or --watch.
    super::open_store(db)?;
    storyline::serve::run(storyline::serve::Options {
        db: db.to_path_buf(),
        addr,
        watch,
        warm,
    })?;
    Ok(ExitCode::SUCCESS)
}
