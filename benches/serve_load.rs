//! Bounded load generator for `storyline serve` on loopback: a fixed number of connections
//! (keep-alive, one thread each) send a fixed number of requests, closed loop, and the
//! latency of every request is kept. Prints, per kind of request, the count, throughput and
//! latency percentiles (p50, p90, p99, max).
//!
//! Run through `bash bench/serve.sh`, or against any server:
//!   STORYLINE_URL=http://127.0.0.1:8080 cargo bench --bench serve_load
//! Settings: LOAD_CONNECTIONS (default 4), LOAD_REQUESTS per kind (default 2000),
//! LOAD_STORIES (how many storylines to spread requests over, default 50), LOAD_MAX_ARTICLES
//! (leave out storylines with more articles than this).
//!
//! With LOAD_SECONDS=N the load is mixed instead (home, story JSON, search API, storylines
//! filtered by a query, in turn on every connection) and bounded by time: every connection
//! sends until N seconds have passed; answers other than 200 (503s included) and broken
//! connections are counted as errors, not fatal (`bash bench/serve.sh --mixed`: 200 × 30 s).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    fn open(host: &str) -> Conn {
        let stream = TcpStream::connect(host).expect("server reachable");
        stream.set_nodelay(true).unwrap();
        Conn {
            reader: BufReader::new(stream),
            host: host.to_string(),
        }
    }

    /// GET `path`; the status and body length, or `None` when the connection broke.
    fn try_get(&mut self, path: &str) -> Option<(u16, usize)> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.get(path))).ok()
    }

    /// GET `path`; the status and body length.
    fn get(&mut self, path: &str) -> (u16, usize) {
        // As browsers and HTTP libraries do: compressed answers are welcome.
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: gzip\r\n\r\n",
            self.host
        );
        self.reader.get_mut().write_all(request.as_bytes()).unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        (status, length)
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// One line of figures: answers, throughput and latency percentiles of sorted `times`.
fn report(name: &str, times: &[Duration], wall: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<11} n={:<6} {:>7.0} req/s  p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms",
        times.len(),
        times.len() as f64 / wall.as_secs_f64(),
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.9)),
        ms(percentile(times, 0.99)),
        ms(*times.last().unwrap()),
    );
}

/// Send `paths` round-robin over `connections` until `requests` are done; all latencies.
fn load(
    host: &str,
    paths: &[String],
    connections: usize,
    requests: usize,
) -> (Vec<Duration>, Duration) {
    let start = Instant::now();
    let per = requests.div_ceil(connections);
    let mut all: Vec<Duration> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..connections)
            .map(|c| {
                s.spawn(move || {
                    let mut conn = Conn::open(host);
                    let mut times = Vec::with_capacity(per);
                    for i in 0..per {
                        let path = &paths[(c * per + i) % paths.len()];
                        let t = Instant::now();
                        let (status, _) = conn.get(path);
                        times.push(t.elapsed());
                        assert_eq!(status, 200, "{path}");
                    }
                    times
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let wall = start.elapsed();
    all.sort();
    (all, wall)
}

/// Mixed load for `seconds` on `connections` connections: each sends the next of `paths` in
/// turn. Latencies of the good answers, the number of errors, and the wall time.
fn mixed(
    host: &str,
    paths: &[String],
    connections: usize,
    seconds: u64,
) -> (Vec<Duration>, usize, Duration) {
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..connections)
            .map(|c| {
                s.spawn(move || {
                    let (mut times, mut errors) = (Vec::new(), 0);
                    let mut conn = Conn::open(host);
                    let mut i = c;
                    while Instant::now() < until {
                        let path = &paths[i % paths.len()];
                        i += 1;
                        let t = Instant::now();
                        match conn.try_get(path) {
                            Some((200, _)) => times.push(t.elapsed()),
                            Some(_) => errors += 1,
                            None => {
                                errors += 1;
                                conn = Conn::open(host);
                            }
                        }
                    }
                    (times, errors)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let wall = start.elapsed();
    let errors = results.iter().map(|r| r.1).sum();
    let mut all: Vec<Duration> = results.into_iter().flat_map(|r| r.0).collect();
    all.sort();
    (all, errors, wall)
}

fn main() {
    let url = std::env::var("STORYLINE_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let connections = env_or("LOAD_CONNECTIONS", 4);
    let requests = env_or("LOAD_REQUESTS", 2000);
    let stories = env_or("LOAD_STORIES", 50);

    // The storylines to ask for: the most covered ones, as the home page lists them.
    let mut conn = Conn::open(&host);
    let listing = {
        let request = format!(
            "GET /api/stories?per_page={} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            stories.min(100)
        );
        conn.reader.get_mut().write_all(request.as_bytes()).unwrap();
        let mut raw = String::new();
        conn.reader.read_to_string(&mut raw).unwrap();
        raw.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    };
    let v: serde_json::Value = serde_json::from_str(&listing).expect("story listing is JSON");
    let max_articles = env_or("LOAD_MAX_ARTICLES", usize::MAX) as u64;
    let listed = v["stories"].as_array().unwrap();
    let ids: Vec<String> = listed
        .iter()
        .filter(|s| s["articles"].as_u64().unwrap_or(0) <= max_articles)
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let largest = listed
        .iter()
        .filter_map(|s| s["articles"].as_u64())
        .filter(|&n| n <= max_articles)
        .max()
        .unwrap_or(0);
    assert!(!ids.is_empty(), "the store has no storylines");
    println!(
        "server {url}: {} storylines asked for (largest {largest} articles), {connections} connections, {requests} requests a kind",
        ids.len()
    );
    let kinds: [(&str, Vec<String>); 4] = [
        (
            "story JSON",
            ids.iter().map(|id| format!("/api/stories/{id}")).collect(),
        ),
        (
            "story page",
            ids.iter().map(|id| format!("/stories/{id}")).collect(),
        ),
        ("home page", vec!["/".to_string()]),
        (
            "search API",
            [
                "ferry",
                "election",
                "earthquake",
                "police",
                "\"prime minister\"",
            ]
            .iter()
            .map(|q| {
                format!(
                    "/api/search?q={}",
                    q.replace(' ', "%20").replace('"', "%22")
                )
            })
            .collect(),
        ),
    ];
    if let Some(seconds) = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        let mut paths: Vec<String> = Vec::new();
        let queries = ["ferry", "election", "earthquake", "police"];
        for (i, id) in ids.iter().enumerate() {
            paths.push("/".to_string());
            paths.push(format!("/api/stories/{id}"));
            paths.push(format!("/api/search?q={}", queries[i % queries.len()]));
            paths.push(format!(
                "/api/stories?q={}",
                queries[(i + 1) % queries.len()]
            ));
        }
        let (times, errors, wall) = mixed(&host, &paths, connections, seconds);
        report(&format!("mixed, {errors} errors:"), &times, wall);
        return;
    }
    for (name, paths) in kinds {
        // A short warm-up round first (first-time views and statement caches).
        load(&host, &paths, connections, paths.len().max(connections));
        let (times, wall) = load(&host, &paths, connections, requests);
        report(name, &times, wall);
    }
}
