//! `storyline serve` through real HTTP: the JSON API, the pages, errors, security headers,
//! new articles by POST and by a watched folder, and reads while `ingest` writes.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Server;
use serde_json::{json, Value};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status, content type, CSP header and body of a GET.
fn get(url: &str) -> (u16, String, String, String) {
    let mut r = agent().get(url).call().unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (ctype, csp) = (header("content-type"), header("content-security-policy"));
    let body = r.body_mut().read_to_string().unwrap();
    (r.status().as_u16(), ctype, csp, body)
}

fn get_json(url: &str) -> (u16, Value) {
    let (status, ctype, _, body) = get(url);
    assert!(ctype.starts_with("application/json"), "{url}: {ctype}");
    (status, serde_json::from_str(&body).unwrap())
}

fn post(url: &str, body: &str) -> (u16, Value) {
    let mut r = agent()
        .post(url)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", common::TOKEN))
        .send(body)
        .unwrap();
    let text = r.body_mut().read_to_string().unwrap();
    (
        r.status().as_u16(),
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

fn seeds_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("s.db");
    let seeds = common::shared("seeds");
    common::run_ok(&["ingest", seeds.to_str().unwrap()], &db);
    db
}

#[test]
fn api_serves_stories_articles_and_search_as_the_cli_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_store(dir.path());
    let server = Server::start(&db, &[]);
    // Searching (and the listing's `q`) reads the index the server builds in the background.
    wait_indexed(&server);
    let (status, list) = get_json(&format!(
        "{}/api/stories?sort=recency&per_page=5",
        server.url
    ));
    assert_eq!(status, 200);
    assert_eq!(list["total"], 1);
    let id = list["stories"][0]["id"].as_str().unwrap().to_string();

    // The story JSON is what `storyline story ID --json` prints.
    let (status, story) = get_json(&format!("{}/api/stories/{id}", server.url));
    assert_eq!(status, 200);
    let cli: Value =
        serde_json::from_slice(&common::run_ok(&["story", &id, "--json"], &db).stdout).unwrap();
    assert_eq!(story, cli);
    // Clients that accept gzip get the same JSON compressed.
    let mut r = agent()
        .get(&format!("{}/api/stories/{id}", server.url))
        .header("accept-encoding", "gzip")
        .call()
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let gz = r.body_mut().read_to_vec().unwrap();
    let unzipped: Value = serde_json::from_reader(flate2::read::GzDecoder::new(&gz[..])).unwrap();
    assert_eq!(unzipped, cli);
    assert_eq!(story["events"].as_array().unwrap().len(), 2);
    assert_eq!(story["events_total"], 2);
    // The events come a page at a time; the story view is on every page.
    let (status, second) = get_json(&format!(
        "{}/api/stories/{id}?page=2&per_page=1",
        server.url
    ));
    assert_eq!(status, 200);
    assert_eq!(second["events"].as_array().unwrap().len(), 1);
    assert_eq!(second["events"][0], story["events"][1]);
    assert_eq!(
        (second["page"].as_u64(), second["events_total"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(second["summary"], story["summary"]);
    let cli_page: Value = serde_json::from_slice(
        &common::run_ok(
            &["story", &id, "--json", "--page", "2", "--per-page", "1"],
            &db,
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(cli_page, second);

    // Filters: a date range before any report, a publisher nobody has, entity and words.
    let count = |q: &str| {
        get_json(&format!("{}/api/stories?{q}", server.url)).1["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("to=1999-12-31"), 0);
    assert_eq!(count("from=2000-07-01&to=2000-07-31"), 1);
    assert_eq!(count("publisher=no%20such%20paper"), 0);
    assert_eq!(count("entity=Kim%20Jong%20Il"), 1);
    assert_eq!(count("entity=Angela%20Merkel"), 0);
    assert_eq!(count("q=Pyongyang&sort=rank"), 1);

    let article = story["events"][1]["articles"][0]["id"].as_str().unwrap();
    let (status, a) = get_json(&format!("{}/api/articles/{article}", server.url));
    assert_eq!(status, 200);
    assert_eq!(a["id"], article);
    assert!(a["passages"].is_array());

    let (status, found) = get_json(&format!("{}/api/search?q=Pyongyang&per_page=2", server.url));
    assert_eq!(status, 200);
    assert!(found["total"].as_u64().unwrap() >= 2);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    let [s, e] = [0, 1].map(|i| hits[0]["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(&snippet[s..e], "Pyongyang");
    assert!(hits[0]["score"].as_f64().unwrap() >= hits[1]["score"].as_f64().unwrap());
}

#[test]
fn errors_are_json_with_a_status_and_every_response_has_a_policy() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_store(dir.path());
    let server = Server::start(&db, &[]);
    for (path, status) in [
        ("/api/stories/nope", 404),
        ("/api/articles/nope", 404),
        ("/api/nothing-here", 404),
        ("/api/stories?page=0", 400),
        ("/api/stories/s1?per_page=0", 400),
        ("/api/stories?sort=best", 400),
        ("/api/stories?from=2024-13-01", 400),
        ("/api/search", 400),
    ] {
        let (got, v) = get_json(&format!("{}{path}", server.url));
        assert_eq!(got, status, "{path}");
        assert_eq!(v["error"]["status"], status, "{path}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
    for path in ["/", "/stories/nope", "/api/stories", "/static/style.css"] {
        let (_, _, csp, _) = get(&format!("{}{path}", server.url));
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{path}: {csp}"
        );
    }
    let (status, ctype, _, body) = get(&format!("{}/no/such/page", server.url));
    assert_eq!(status, 404);
    assert!(ctype.starts_with("text/html") && body.contains("There is no page here"));

    // The OpenAPI document names every API route.
    let (_, doc) = get_json(&format!("{}/api/openapi.json", server.url));
    for path in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/openapi.json",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from openapi.json"
        );
    }
    assert_eq!(doc["openapi"], "3.1.0");
}

#[test]
fn posted_articles_are_stored_grouped_and_hostile_text_renders_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let server = Server::start(&db, &[]);
    let hostile = json!([
        {"id": "x1", "title": "<script>alert('t')</script> Harbour fire",
         "text": "A fire broke out at the harbour <img src=x onerror=alert(1)> on Monday night, officials said.\n\nFirefighters fought the blaze for six hours before it was contained, the harbour authority said.",
         "url": "javascript:alert(2)", "publisher": "Coast Times", "published": "2025-03-03"},
        {"title": "missing text"},
    ]);
    let (status, summary) = post(
        &format!("{}/api/articles", server.url),
        &hostile.to_string(),
    );
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["ingested"], 1);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["notices"][0]["origin"], "request:2");

    // Posting the same again changes nothing; a body of nothing but bad articles is a 422.
    let (_, again) = post(
        &format!("{}/api/articles", server.url),
        &hostile.to_string(),
    );
    assert_eq!(again["unchanged"], 1);
    assert_eq!(
        post(
            &format!("{}/api/articles", server.url),
            r#"[{"title": "x"}]"#
        )
        .0,
        422
    );
    assert_eq!(post(&format!("{}/api/articles", server.url), "42").0, 400);

    let (status, a) = get_json(&format!("{}/api/articles/x1", server.url));
    assert_eq!(status, 200);
    let storyline = a["storyline"]
        .as_str()
        .expect("grouped on arrival")
        .to_string();
    for path in [
        "/articles/x1".to_string(),
        format!("/stories/{storyline}"),
        "/".to_string(),
        "/search?q=harbour".to_string(),
    ] {
        let (status, _, _, page) = get(&format!("{}{path}", server.url));
        assert_eq!(status, 200, "{path}");
        assert!(
            !page.contains("<script>alert"),
            "{path} carries the title's script tag"
        );
        assert!(
            !page.contains("<img src=x"),
            "{path} carries the body's image tag"
        );
        assert!(
            !page.contains("href=\"javascript:"),
            "{path} links to a javascript: URL"
        );
    }
    let (_, _, _, page) = get(&format!("{}/articles/x1", server.url));
    assert!(
        page.contains("&#60;script&#62;alert(&#39;t&#39;)&#60;/script&#62; Harbour fire"),
        "{page}"
    );

    // An article without a title is named by its first words, never by its id.
    let untitled = json!([{"id": "u-7f3a", "text": "Ferry crews at Port Calder voted on Tuesday to end their strike after nine days."}]);
    assert_eq!(
        post(
            &format!("{}/api/articles", server.url),
            &untitled.to_string()
        )
        .0,
        200
    );
    let (_, _, _, page) = get(&format!("{}/articles/u-7f3a", server.url));
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(title.starts_with("Ferry crews at Port Calder"), "{title}");
    wait_indexed(&server);
    let (_, _, _, page) = get(&format!("{}/search?q=ferry", server.url));
    assert!(page.contains("Ferry crews at Port Calder voted"), "{page}");
}

#[test]
fn oversized_bodies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("e.db"), &[]);
    let big = format!("{{\"text\": \"{}\"}}", "a".repeat(33 * 1024 * 1024));
    let status = agent()
        .post(&format!("{}/api/articles", server.url))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", common::TOKEN))
        .send(&big)
        .map(|r| r.status().as_u16())
        .unwrap_or(413);
    assert_eq!(status, 413);
}

/// Wait until the server's background indexer has made every stored article searchable.
fn wait_indexed(server: &Server) {
    let pending = || get_json(&format!("{}/api/search?q=x", server.url)).1["pending"].as_u64();
    assert!(
        eventually(30, || pending() == Some(0)),
        "search index never caught up"
    );
}

/// Poll `f` until it holds or `secs` pass.
fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

#[test]
fn watched_folders_and_concurrent_ingests_reach_the_readers() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeds_store(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let server = Server::start(&db, &["--watch", inbox.to_str().unwrap()]);
    let total = || {
        get_json(&format!("{}/api/search?q=lighthouse", server.url)).1["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(), 0);
    let story_url = format!("{}/api/stories/s1", server.url);
    let before = get_json(&story_url).1;

    std::fs::write(
        inbox.join("light.jsonl"),
        "{\"id\": \"w1\", \"text\": \"The old lighthouse on the north cape was relit on Saturday after a restoration that took four years.\"}\n",
    )
    .unwrap();
    assert!(
        eventually(30, || total() == 1),
        "the watched file was not ingested"
    );

    // Another process writes while the server reads; the server sees it and keeps answering.
    let more = dir.path().join("more.jsonl");
    std::fs::write(
        &more,
        "{\"id\": \"c1\", \"text\": \"A second lighthouse, on the south cape, will be relit next spring, the trust said.\"}\n",
    )
    .unwrap();
    let writer = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", more.to_str().unwrap(), "--db"])
        .arg(&db)
        .spawn()
        .unwrap();
    for _ in 0..20 {
        assert_eq!(get_json(&story_url).0, 200);
    }
    // A busy store (the watcher ingesting) is retried until the write gets through.
    let status = writer.wait_with_output().unwrap().status;
    if !status.success() {
        common::run_ok(&["ingest", more.to_str().unwrap()], &db);
    }
    assert!(eventually(10, || total() == 2));
    assert_eq!(
        get_json(&story_url).1,
        before,
        "unrelated articles left the story alone"
    );
}

/// One raw HTTP/1.1 exchange (so `Host` and `Origin` are exactly what an attacker sends):
/// the status code, or `None` when the server closed the connection without answering.
fn raw(url: &str, head: &str, body: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
}

#[test]
fn writes_need_the_token_json_and_the_same_origin_and_unknown_hosts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("w.db"), &["--allow-host", "news.example"]);
    let host = server.url.trim_start_matches("http://").to_string();
    let article = r#"{"id": "w1", "text": "The ferry ran again on Monday, the operator said."}"#;
    let post = |extra: &str| {
        raw(
            &server.url,
            &format!("POST /api/articles HTTP/1.1\r\nHost: {host}{extra}"),
            article,
        )
    };
    let auth = format!("\r\nAuthorization: Bearer {}", common::TOKEN);
    // A cross-site form or text/plain POST carries no token: refused, nothing stored.
    assert_eq!(post("\r\nContent-Type: text/plain"), Some(401));
    assert_eq!(
        post("\r\nContent-Type: application/x-www-form-urlencoded"),
        Some(401)
    );
    assert_eq!(
        post("\r\nAuthorization: Bearer wrong\r\nContent-Type: application/json"),
        Some(401)
    );
    assert_eq!(
        post(&format!("{auth}\r\nContent-Type: text/plain")),
        Some(415)
    );
    let cross = format!("{auth}\r\nContent-Type: application/json\r\nOrigin: http://evil.example");
    assert_eq!(post(&cross), Some(403));
    let (status, _) = get_json(&format!("{}/api/articles/w1", server.url));
    assert_eq!(status, 404, "a refused write stored nothing");
    assert_eq!(
        post(&format!("{auth}\r\nContent-Type: application/json")),
        Some(200)
    );

    // DNS rebinding: a name the server was not told to answer to is refused.
    let get = |h: &str| {
        raw(
            &server.url,
            &format!("GET /api/stories HTTP/1.1\r\nHost: {h}"),
            "",
        )
    };
    assert_eq!(get("attacker.example"), Some(421));
    assert_eq!(get("news.example:8080"), Some(200));
    assert_eq!(get("localhost"), Some(200));
    assert_eq!(get(&host), Some(200));
}

#[test]
fn a_half_sent_request_is_dropped() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("h.db"), &[]);
    let mut s = std::net::TcpStream::connect(server.url.trim_start_matches("http://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    s.write_all(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a request head that never ends held its connection {:?}",
        started.elapsed()
    );
}

#[test]
fn a_server_beyond_loopback_without_a_token_warns() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["serve", "--addr", "0.0.0.0:0", "--warm", "0", "--db"])
        .arg(dir.path().join("o.db"))
        .env_remove("STORYLINE_TOKEN")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    out.read_line(&mut first).unwrap();
    out.read_line(&mut second).unwrap();
    let mut err = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut err)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.contains("write token"), "{second}");
    assert!(
        err.contains("warning") && err.contains("beyond this machine"),
        "{err}"
    );
}
