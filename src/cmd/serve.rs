//! `storyline serve`: the web interface and JSON API (see [`storyline::serve`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `storyline serve` was asked for on the command line.
pub struct Request {
    pub addr: SocketAddr,
    pub watch: Option<PathBuf>,
    pub warm: usize,
    pub token: Option<String>,
    pub allow_hosts: Vec<String>,
}

pub fn run(db: &Path, req: Request) -> anyhow::Result<ExitCode> {
    let Request {
        addr,
        watch,
        warm,
        token,
        allow_hosts,
    } = req;
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
        token,
        allow_hosts,
    })?;
    Ok(ExitCode::SUCCESS)
}
