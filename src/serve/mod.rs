//! `storyline serve`: a local web interface and JSON API over one store.
//!
//! axum on tokio. Store reads run on blocking threads with pooled read connections (SQLite WAL
//! lets them read while `storyline ingest` writes); story views are cached until their
//! storyline changes ([`state`]). Every response carries a Content-Security-Policy that allows
//! no script and only this server's stylesheet; every page value is escaped by askama.

mod api;
mod guard;
mod ingest;
mod openapi;
mod pages;
mod query;
mod state;
mod timeline;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use state::App;

/// Largest request body (`POST /api/articles`).
pub const MAX_BODY: usize = 32 * 1024 * 1024;

/// The Content-Security-Policy of every response: nothing but this server's stylesheet.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What `storyline serve` was asked for.
pub struct Options {
    pub db: PathBuf,
    pub addr: SocketAddr,
    pub watch: Option<PathBuf>,
    /// Story views computed at start (the most covered storylines).
    pub warm: usize,
    /// The token writes must carry; a random one is made (and printed) when `None`.
    pub token: Option<String>,
    /// Host names to answer to besides IP literals and `localhost` (a proxy's public name).
    pub allow_hosts: Vec<String>,
}

/// Requests that run at once (store reads and story views: CPU-bound on blocking threads);
/// others wait in the guard's queue.
fn workers() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores * 4).clamp(4, 16)
}

/// Open connections at most; more wait in the kernel's accept queue.
const MAX_CONNECTIONS: usize = 1024;

/// Longest a client may take to send a request's head (a half-sent request is dropped).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The routes, over shared state, behind the guard.
pub fn router(app: Arc<App>, guard: Arc<guard::Guard>) -> Router {
    let api = Router::new()
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles", axum::routing::post(api::post_articles))
        .route("/articles/{id}", get(api::article))
        .route("/search", get(api::search))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::home))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/static/style.css", get(stylesheet))
        .nest("/api", api)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(guard, guard::admit))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("templates/style.css"),
    )
        .into_response()
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// Run store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, api::ApiError> + Send + 'static,
) -> Result<T, api::ApiError> {
    guard::blocking_cancellable(f).await.unwrap_or_else(|e| {
        Err(api::ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("request failed: {e}"),
        ))
    })
}

/// The story view `id` names, or a 404.
async fn story_or_404(app: Arc<App>, id: String) -> Result<Arc<state::CachedStory>, api::ApiError> {
    let key = id.clone();
    blocking(move || Ok(app.story(&key)?))
        .await?
        .ok_or_else(|| api::ApiError::not_found("storyline", &id))
}

/// A stored article with its shared passages, or a 404.
async fn article_or_404(
    app: Arc<App>,
    id: String,
) -> Result<(storyline_core::Article, Vec<storyline_core::SharedPassage>), api::ApiError> {
    let key = id.clone();
    blocking(move || {
        Ok(app.read(|s| {
            let Some(a) = s.get(&key)? else {
                return Ok(None);
            };
            Ok(Some((a, s.passages(&key)?)))
        })?)
    })
    .await?
    .ok_or_else(|| api::ApiError::not_found("article", &id))
}

/// What names each of `ids` to a reader (see [`crate::stories::headline_of`]); ids not stored
/// are left out.
async fn headlines(
    app: Arc<App>,
    ids: Vec<String>,
) -> Result<std::collections::HashMap<String, String>, api::ApiError> {
    blocking(move || {
        Ok(app.read(|s| {
            let mut out = std::collections::HashMap::new();
            for id in ids {
                if let Some(a) = s.get(&id)? {
                    let h = crate::stories::headline_of(a.title.as_deref(), &a.text);
                    out.insert(id, h);
                }
            }
            Ok(out)
        })?)
    })
    .await
}

/// Keep the search index up to date: ingest only notes what changed (see the store's
/// schema), this thread indexes it.
fn index_in_background(db: &std::path::Path) {
    let mut store = loop {
        match storyline_store::Store::open(db) {
            Ok(s) => break s,
            Err(e) => {
                eprintln!("storyline serve: search index: {e}");
                std::thread::sleep(Duration::from_secs(5));
            }
        }
    };
    if let Ok(n @ 1..) = store.search_pending() {
        eprintln!("storyline serve: search index: {n} articles to index");
    }
    loop {
        match store.index_pending(storyline_store::INDEX_BATCH) {
            Ok(0) => std::thread::sleep(Duration::from_millis(500)),
            Ok(_) => {}
            // A busy store (a long ingest transaction): try again shortly.
            Err(e) => {
                eprintln!("storyline serve: search index: {e}");
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

/// Serve until interrupted. Prints `listening on http://ADDR` on stdout once the socket is
/// bound (with the real port when `--addr` asked for port 0), then the write token when it was
/// made here.
pub fn run(options: Options) -> anyhow::Result<()> {
    let app = Arc::new(App::open(&options.db)?);
    let (token, made) = match options.token.clone() {
        Some(t) if !t.trim().is_empty() => (t.trim().to_string(), false),
        _ => (guard::new_token()?, true),
    };
    let guard = Arc::new(guard::Guard::new(
        token.clone(),
        options.allow_hosts.clone(),
        workers(),
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr).await?;
        let addr = listener.local_addr()?;
        println!(
            "storyline: serving {} on http://{addr}",
            options.db.display()
        );
        if made {
            println!("storyline: write token (POST needs `Authorization: Bearer TOKEN`): {token}");
        }
        use std::io::Write;
        std::io::stdout().flush()?;
        if !addr.ip().is_loopback() && made {
            eprintln!(
                "storyline serve: warning: listening on {addr}, beyond this machine: anyone who can reach it reads the store; \
                 writes need the token printed above (set your own with --token)"
            );
        }
        let db = options.db.clone();
        std::thread::spawn(move || index_in_background(&db));
        if let Some(dir) = options.watch {
            let app = app.clone();
            std::thread::spawn(move || ingest::watch(app, dir, Duration::from_secs(2)));
        }
        if options.warm > 0 {
            let app = app.clone();
            tokio::task::spawn_blocking(move || match app.warm(options.warm) {
                Ok(n) => eprintln!("storyline serve: {n} story views ready"),
                Err(e) => eprintln!("storyline serve: warming story views: {e}"),
            });
        }
        accept(listener, router(app, guard)).await;
        Ok(())
    })
}

/// Accept connections until interrupted: at most [`MAX_CONNECTIONS`] open, each given
/// [`HEADER_TIMEOUT`] to send a request's head. On an interrupt, requests in flight finish.
async fn accept(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = open.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = &mut stop => break,
        };
        let (stream, _) = tokio::select! {
            conn = listener.accept() => match conn {
                Ok(c) => c,
                // Out of file descriptors and the like: wait rather than spin.
                Err(e) => {
                    eprintln!("storyline serve: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    // Let requests in flight finish, within a bound.
    let _ = tokio::time::timeout(guard::REQUEST_TIMEOUT, graceful.shutdown()).await;
}
