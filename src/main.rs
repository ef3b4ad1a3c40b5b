//! The `storyline` command: a thin layer over the library crates.
//!
//! Exit codes: 0 success; 1 some input was rejected (the rest was processed) or an article was
//! not found; 2 usage error; 3 the store or an output could not be used.

mod cmd;

// Cleaning allocates many small strings on every core; mimalloc's per-thread heaps keep that
// cheap (measured with bench/ingest.sh). Built without transparent huge pages (`no_thp`): the
// kernel zeroed a 2 MiB page at each fault, a tenth of an ingest's CPU time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc keeps freed pages for 10 ms before it gives them back; a long ingest frees a chunk's
/// worth at a time, and the delay kept a fifth of its resident memory on pages already free
/// (measured with bench/scale.sh). `mi_option_purge_delay` in the bundled mimalloc 2.x header
/// (libmimalloc-sys names no constant for it).
fn return_freed_memory_at_once() {
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an allocator option is thread-safe; no other thread has started yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Turn piles of news articles into clean, linked stories"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every store-backed command takes.
#[derive(clap::Args, Clone)]
struct DbArg {
    /// SQLite store file (`ingest`, `serve` and `demo` create it when missing; the other
    /// commands need an existing store).
    #[arg(long, env = "STORYLINE_DB", default_value = "storyline.db")]
    db: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest files (.txt, .jsonl, HTML pages, RSS/Atom/JSON feeds, WARC archives; gzipped
    /// too), folders (recursive) or `-` for stdin into the store.
    Ingest {
        /// Files, folders, or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Clean and store only, leaving grouping (events, storylines, copies) for later:
        /// a bulk load about 1.8 times as fast. `storyline regroup` or the next grouping
        /// ingest (this command without the flag, or the server's) groups the waiting articles.
        #[arg(long)]
        ungrouped: bool,
    },
    /// Extract articles from HTML pages, RSS/Atom/JSON feeds and WARC archives (and .txt /
    /// .jsonl) without a store: one JSON line an article on stdout (path, id, url, title,
    /// author, publisher, published, language, is_article, text); problems on stderr.
    Extract {
        /// Files or folders (recursive), or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output is JSON lines with or without this flag (accepted for symmetry).
        #[arg(long)]
        json: bool,
    },
    /// Print every stored article as one JSON line.
    Export {
        #[command(flatten)]
        db: DbArg,
    },
    /// Clean one plain-text article from stdin; print title line and body on stdout.
    Clean {
        /// Print the cleaning result (metadata, removals) as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Show one stored article: metadata, text, what cleaning removed, revisions.
    Show {
        id: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// List storylines with their events: headline, articles, sources, date span; most
    /// covered first.
    Stories {
        #[command(flatten)]
        db: DbArg,
        /// Show at most this many storylines.
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// One storyline: its events and articles (copies and shared passages marked), then its
    /// story view: summary, dated timeline, entities, quotes with speakers, facts with their
    /// independent sources.
    Story {
        /// Storyline id (as `storyline stories` prints it, e.g. s1), or an event or article
        /// id: the storyline holding it.
        id: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// With `--json`: this page of the storyline's events (from 1)
        #[arg(long, default_value_t = 1, requires = "json")]
        page: usize,
        /// With `--json`: events a page
        #[arg(long, default_value_t = storyline::stories::EVENTS_PER_PAGE, requires = "json")]
        per_page: usize,
    },
    /// Search the stored articles: best matches first (title words weigh more), with the
    /// words around each match. Words are matched whole, in any order; "quoted words" as a
    /// phrase.
    Search {
        /// Words to look for.
        #[arg(required = true)]
        query: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        /// Show at most this many articles.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Group every stored article again from scratch (after an upgrade or to compare
    /// settings): copies, passages, events and storylines, in storage order.
    Regroup {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Ingest the bundled sample corpus into a fresh store and print what was found.
    Demo {
        /// Store to (re)create for the demo.
        #[arg(long, default_value = "storyline-demo.db")]
        db: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Build a timeline from the articles of a JSONL file (fields `id`, `time` or
    /// `published`, `text`) and print it as JSON: `[["YYYY-MM-DD", ["sentence", ...]], ...]`.
    Timeline {
        file: PathBuf,
        /// At most this many dates.
        #[arg(long, default_value_t = 10)]
        dates: usize,
        /// At most this many sentences a date.
        #[arg(long, default_value_t = 2)]
        per_date: usize,
        /// Words that mark on-topic sentences, comma or space separated.
        #[arg(long)]
        keywords: Option<String>,
        /// Only dates from this day (YYYY-MM-DD).
        #[arg(long)]
        start: Option<chrono::NaiveDate>,
        /// Only dates up to this day (YYYY-MM-DD).
        #[arg(long)]
        end: Option<chrono::NaiveDate>,
    },
    /// Serve the web interface and JSON API over the store (http://127.0.0.1:8080 by
    /// default; the API is described at /api/openapi.json).
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address to listen on (port 0 picks a free port; the address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Ingest files that appear or change in this folder while serving.
        #[arg(long)]
        watch: Option<PathBuf>,
        /// Compute the story views of this many top storylines at start.
        #[arg(long, default_value_t = 50)]
        warm: usize,
        /// Token that writes (`POST /api/articles`) must carry as `Authorization: Bearer
        /// TOKEN`; without it a random one is made and printed at start.
        #[arg(long, env = "STORYLINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Answer to this host name too (a proxy's public name; repeatable). IP addresses and
        /// localhost are always answered; other names are refused against DNS rebinding.
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
    },
    /// Quality measures on labelled data.
    Eval {
        #[command(subcommand)]
        what: cmd::eval::EvalCommand,
    },
}

fn main() -> ExitCode {
    // Die quietly on a closed pipe (`storyline export | head`) like other Unix tools.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    return_freed_memory_at_once();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest {
            paths,
            db,
            json,
            ungrouped,
        } => cmd::ingest::run(&paths, &db.db, json, ungrouped),
        Command::Extract { paths, json: _ } => cmd::extract::run(&paths),
        Command::Export { db } => cmd::export::run(&db.db),
        Command::Clean { json } => cmd::clean::run(json),
        Command::Show { id, db, json } => cmd::show::run(&id, &db.db, json),
        Command::Stories { db, limit, json } => cmd::stories::list(&db.db, json, limit),
        Command::Story {
            id,
            db,
            json,
            page,
            per_page,
        } => cmd::stories::show(&id, &db.db, json.then_some((page, per_page))),
        Command::Search {
            query,
            db,
            limit,
            json,
        } => cmd::search::run(
            &db.db,
            &cmd::search::Request {
                query: &query.join(" "),
                limit,
                json,
            },
        ),
        Command::Regroup { db, json } => cmd::regroup::run(&db.db, json),
        Command::Demo { db, json } => cmd::demo::run(&db, json),
        Command::Timeline {
            file,
            dates,
            per_date,
            keywords,
            start,
            end,
        } => cmd::timeline::run(
            &file,
            cmd::timeline::Request {
                dates,
                per_date,
                keywords: keywords
                    .unwrap_or_default()
                    .split([',', ' '])
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect(),
                start,
                end,
            },
        ),
        Command::Serve {
            db,
            addr,
            watch,
            warm,
            token,
            allow_hosts,
        } => cmd::serve::run(
            &db.db,
            cmd::serve::Request {
                addr,
                watch,
                warm,
                token,
                allow_hosts,
            },
        ),
        Command::Eval { what } => cmd::eval::run(what),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("storyline: error: {e:#}");
            ExitCode::from(3)
        }
    }
}
