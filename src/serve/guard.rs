//! What keeps the server safe to expose and standing under load: who may write (a token and a
//! JSON body), which names it answers to (DNS rebinding), how much work it takes on at once (a
//! bounded queue in front of a fixed number of workers, 503 with Retry-After beyond it), how
//! long a request may take, and work stopped when its client has gone away.

use std::cell::RefCell;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use storyline_store::Interrupt;

use super::api::ApiError;

/// Requests admitted beyond the busy workers, waiting for one; more are turned away at once.
const QUEUE: usize = 1024;
/// Longest wait in the queue before a request is turned away.
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// Longest a request may run once a worker has it (a cold story view of a huge storyline
/// takes seconds; nothing should take this long).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Seconds a client is told to wait before trying again after a 503.
pub const RETRY_AFTER: &str = "2";

/// The server's security and load settings, shared by every request.
pub struct Guard {
    /// Bearer token every write must carry.
    token: String,
    /// Host names (besides IP literals and `localhost`) the server answers to.
    hosts: Vec<String>,
    /// One permit a worker: requests that do store or CPU work hold one.
    workers: Arc<tokio::sync::Semaphore>,
    /// Requests admitted and not yet finished (working or queued).
    admitted: AtomicUsize,
    capacity: usize,
}

impl Guard {
    /// `workers` requests run at once, [`QUEUE`] more wait.
    pub fn new(token: String, hosts: Vec<String>, workers: usize) -> Guard {
        Guard {
            token,
            hosts: hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect(),
            workers: Arc::new(tokio::sync::Semaphore::new(workers)),
            admitted: AtomicUsize::new(0),
            capacity: workers + QUEUE,
        }
    }

    /// Whether `Host` names this server: an IP literal (a rebinding attack needs a DNS name),
    /// `localhost`, or a name given with `--allow-host`. No `Host` (HTTP/1.0) is accepted.
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST) else {
            return true;
        };
        let Ok(host) = host.to_str() else {
            return false;
        };
        let name = host_name(host).to_ascii_lowercase();
        name.parse::<IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.hosts.contains(&name)
    }

    /// A write must carry the token, and, when a browser sends it, come from this server's own
    /// pages (`Origin` naming the `Host` it was sent to).
    fn write_allowed(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if !bearer.is_some_and(|t| constant_time_eq(t.as_bytes(), self.token.as_bytes())) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "writes need the server's token: `Authorization: Bearer TOKEN` (printed at start, or set with --token)",
            ));
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let same = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .is_some_and(|(_, rest)| Some(rest) == host);
            if !same {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "cross-origin writes are refused",
                ));
            }
        }
        Ok(())
    }
}

/// The host of a `Host` header, without its port (`[::1]:80` → `::1`).
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Equality whose time does not depend on where the first difference is.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A 503 (with Retry-After, as every 503).
fn unavailable(message: &str) -> Response {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message).into_response()
}

/// Middleware: the host check, the write check, then admission to a worker within the queue
/// bound, and the request timeout. A request dropped here (its client went away, or it timed
/// out) cancels its store work through [`blocking_cancellable`].
pub async fn admit(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    if !guard.host_allowed(req.headers()) {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "unknown Host: start the server with --allow-host NAME to answer to NAME",
        )
        .into_response();
    }
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes {
        if let Err(e) = guard.write_allowed(req.headers()) {
            return e.into_response();
        }
    }
    if guard.admitted.fetch_add(1, Ordering::SeqCst) >= guard.capacity {
        guard.admitted.fetch_sub(1, Ordering::SeqCst);
        return unavailable("the server is busy; try again shortly");
    }
    let _admitted = Admitted(&guard.admitted);
    let permit = tokio::time::timeout(QUEUE_WAIT, guard.workers.clone().acquire_owned()).await;
    let Ok(Ok(_permit)) = permit else {
        return unavailable("the server is busy; try again shortly");
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => unavailable("the request took too long and was stopped"),
    }
}

/// Counts a request out when it ends, however it ends.
struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The cancellation of one request's blocking work: set when its future is dropped, with
/// the store statement to stop.
#[derive(Default)]
pub struct Cancel {
    cancelled: AtomicBool,
    running: Mutex<Option<Interrupt>>,
}

impl Cancel {
    fn cancel(&self) {
        let running = self.running.lock().expect("cancel lock");
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(i) = &*running {
            i.interrupt();
        }
    }
}

thread_local! {
    /// The cancellation of the request this blocking thread works for.
    static CURRENT: RefCell<Option<Arc<Cancel>>> = const { RefCell::new(None) };
}

/// Note that the current request's store work runs on the connection `interrupt` stops, until
/// the returned value is dropped. Fails when the request is already cancelled.
pub fn running(interrupt: Interrupt) -> Result<Running, storyline_store::StoreError> {
    let Some(cancel) = CURRENT.with(|c| c.borrow().clone()) else {
        return Ok(Running(None));
    };
    let mut slot = cancel.running.lock().expect("cancel lock");
    if cancel.cancelled.load(Ordering::SeqCst) {
        return Err(storyline_store::StoreError::Cancelled);
    }
    *slot = Some(interrupt);
    drop(slot);
    Ok(Running(Some(cancel)))
}

/// While alive, the request's store statement can be interrupted.
pub struct Running(Option<Arc<Cancel>>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            *c.running.lock().expect("cancel lock") = None;
        }
    }
}

/// Run `f` on a blocking thread; if the awaiting future is dropped first (the client went
/// away, the request timed out), the store statement it runs is interrupted.
pub async fn blocking_cancellable<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    let cancel = Arc::new(Cancel::default());
    let mut on_drop = CancelOnDrop(Some(cancel.clone()));
    let out = tokio::task::spawn_blocking(move || {
        CURRENT.with(|c| *c.borrow_mut() = Some(cancel));
        let out = f();
        CURRENT.with(|c| *c.borrow_mut() = None);
        out
    })
    .await;
    on_drop.0 = None;
    out
}

struct CancelOnDrop(Option<Arc<Cancel>>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.cancel();
        }
    }
}

/// A fresh random token for writes (hex of 16 bytes from the system's random source).
pub fn new_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_ip_literals_localhost_and_allowed_names_are_answered() {
        let g = Guard::new("t".into(), vec!["News.Example".into()], 2);
        for ok in [
            "127.0.0.1:8080",
            "[::1]:80",
            "localhost:1",
            "news.example",
            "10.1.2.3",
        ] {
            assert!(g.host_allowed(&headers(&[(header::HOST, ok)])), "{ok}");
        }
        for bad in ["attacker.example:8080", "localhost.attacker.example"] {
            assert!(!g.host_allowed(&headers(&[(header::HOST, bad)])), "{bad}");
        }
    }

    #[test]
    fn writes_need_the_token_and_the_same_origin() {
        let g = Guard::new("s3cret".into(), vec![], 2);
        let host = (header::HOST, "127.0.0.1:8080");
        let auth = (header::AUTHORIZATION, "Bearer s3cret");
        assert!(g
            .write_allowed(&headers(&[host.clone(), auth.clone()]))
            .is_ok());
        let wrong = (header::AUTHORIZATION, "Bearer s3creT");
        let e = g
            .write_allowed(&headers(&[host.clone(), wrong]))
            .unwrap_err();
        assert_eq!(e.status, StatusCode::UNAUTHORIZED);
        assert!(g
            .write_allowed(&headers(std::slice::from_ref(&host)))
            .is_err());
        let same = (header::ORIGIN, "http://127.0.0.1:8080");
        assert!(g
            .write_allowed(&headers(&[host.clone(), auth.clone(), same]))
            .is_ok());
        let cross = (header::ORIGIN, "http://evil.example");
        let e = g.write_allowed(&headers(&[host, auth, cross])).unwrap_err();
        assert_eq!(e.status, StatusCode::FORBIDDEN);
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
