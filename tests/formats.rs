//! Integration tests: articles as users have them (HTML pages, RSS / Atom / JSON feeds, WARC
//! archives, and broken files of each kind), through the real binary on files the tests write.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::export;
use serde_json::Value;

fn storyline(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .args(paths)
        .output()
        .expect("binary runs")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A news page: site furniture around an `<article>` of `paragraphs`.
fn news_page(title: &str, published: &str, canonical: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Calder Gazette</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="The Calder Gazette">
<meta name="author" content="Lena Varga">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{canonical}">
<script>window.tracking = {{ on: true }};</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article>
<h1>{title}</h1>
<p class="byline">By Lena Varga</p>
{body}</article>
<aside class="most-read"><h2>Most read</h2><ul>
<li><a href="/a">Ten gardening tips for a dry summer</a></li>
<li><a href="/b">Council agrees new parking charges</a></li>
<li><a href="/c">Local bakery wins national prize</a></li></ul></aside></main>
<footer><p>Copyright 2024 The Calder Gazette. All rights reserved.</p>
<p>Sign up to our newsletter for the latest headlines.</p></footer>
</body></html>"#
    )
}

const HARBOUR: [&str; 4] = [
    "The port of Calder reopened its eastern quay on Monday after three days of repairs that followed the weekend storm, the harbour authority said.",
    "Crews worked through the night to replace two damaged cranes and to clear debris from the berths, allowing the first container ship in almost a week to dock before noon.",
    "Shipping agents said the delays had left more than forty vessels waiting offshore, and that it would take until the end of the month to clear the backlog of cargo.",
    "The harbour master thanked the repair teams and said a review of the storm defences along the quay would begin next month with the regional council.",
];

const FERRY: [&str; 3] = [
    "Ferry services between Calder and the northern islands resumed on Tuesday morning once inspectors had cleared the damaged landing ramp for use by passenger vessels.",
    "The operator said timetables would stay reduced for several days while engineers finished strengthening the ramp, and it urged travellers to check sailings before leaving home.",
    "Islanders had been without a regular crossing since Saturday, when high winds tore part of the ramp loose and forced the cancellation of every scheduled sailing.",
];

const BRIDGE: [&str; 3] = [
    "Engineers closed the old river bridge at Marlow on Wednesday after finding cracks in two of its supporting piers during a routine inspection ordered after the storm.",
    "Drivers face a diversion of about twelve miles through the valley, and the county said buses would run a shuttle service for pedestrians until repairs are complete.",
    "The county's head of highways said the bridge would stay shut for at least a fortnight while specialists assessed how far the damage to the piers extended.",
];

fn rss_feed() -> String {
    let paras: String = FERRY.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Island Courier</title><link>https://courier.example/</link><language>en-gb</language>
<description>News from the islands</description>
<item><title>Ferries sail again after storm</title><link>https://courier.example/ferries</link>
<guid isPermaLink="false">courier-ferries-1</guid><pubDate>Tue, 18 Jun 2024 09:15:00 +0100</pubDate>
<dc:creator>Mairi Ross</dc:creator><description>Services resume.</description>
<content:encoded><![CDATA[{paras}]]></content:encoded></item>
<item><title>Island school reopens</title><link>https://courier.example/school</link>
<guid isPermaLink="false">courier-school-2</guid><pubDate>the day after tomorrow</pubDate>
<description>&lt;p&gt;The island school reopened its doors to pupils on Wednesday after the storm damaged part of its roof, the head teacher said.&lt;/p&gt;</description></item>
</channel></rss>"#
    )
}

fn atom_feed() -> String {
    let paras: String = BRIDGE
        .iter()
        .map(|p| format!("&lt;p&gt;{p}&lt;/p&gt;"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title><id>urn:valley-post</id>
<updated>2024-06-19T18:00:00Z</updated>
<entry><title>Old river bridge shut after cracks found</title><id>urn:valley-post:bridge</id>
<link rel="alternate" href="https://valley.example/bridge"/><link rel="self" href="https://valley.example/feed/bridge"/>
<published>2024-06-19T16:20:00+01:00</published><updated>2024-06-19T17:00:00+01:00</updated>
<author><name>Tom Hale</name></author><content type="html">{paras}</content></entry></feed>"#
    )
}

fn json_feed() -> String {
    let item = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Coast Weekly",
        "items": [{
            "id": "coast-42",
            "url": "https://coast.example/42",
            "title": "Beach cleanup draws hundreds",
            "authors": [{"name": "Priya Shah"}],
            "date_published": "2024-06-20T08:00:00Z",
            "content_html": "<p>Hundreds of volunteers joined a cleanup of Calder beach on Thursday, collecting storm debris washed ashore over the weekend.</p><p>Organisers said more than two tonnes of rubbish had been gathered by lunchtime.</p>"
        }]
    });
    serde_json::to_string_pretty(&item).unwrap()
}

/// One WARC record of `kind` with extra header `fields` and `block`.
fn warc_record(kind: &str, fields: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\n{fields}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn warc_response(id: &str, uri: &str, date: &str, html: &str) -> Vec<u8> {
    let fields = format!(
        "WARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\n"
    );
    let mut block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    block.extend_from_slice(html.as_bytes());
    warc_record("response", &fields, &block)
}

/// Two HTML responses and a request, one gzip member each, then a member cut off half way.
/// Returns the archive and the offset of the cut-off member.
fn warc_gz() -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let first = news_page(
        "Harbour repairs cost revealed",
        "2024-06-21T10:00:00Z",
        "https://gazette.example/harbour-cost",
        &HARBOUR[1..],
    );
    let second = news_page(
        "Storm inquiry to begin",
        "2024-06-22T11:30:00Z",
        "https://gazette.example/inquiry",
        &BRIDGE,
    );
    out.extend(gz(&warc_response(
        "0a1",
        "https://gazette.example/harbour-cost",
        "2024-06-23T08:00:00Z",
        &first,
    )));
    out.extend(gz(&warc_record(
        "request",
        "WARC-Target-URI: https://gazette.example/inquiry\r\nContent-Type: application/http; msgtype=request\r\n",
        b"GET /inquiry HTTP/1.1\r\nHost: gazette.example\r\n\r\n",
    )));
    out.extend(gz(&warc_response(
        "0a2",
        "https://gazette.example/inquiry",
        "2024-06-23T08:00:05Z",
        &second,
    )));
    let tail_at = out.len();
    let tail = gz(&warc_response(
        "0a3",
        "https://gazette.example/late",
        "2024-06-23T08:00:09Z",
        &news_page(
            "Late story",
            "2024-06-22T12:00:00Z",
            "https://gazette.example/late",
            &FERRY,
        ),
    ));
    out.extend(&tail[..tail.len() / 2]);
    (out, tail_at)
}

/// A section front: headlines and teasers, no article.
fn listing_page() -> String {
    let items: String = (1..=15)
        .map(|i| {
            format!(
                r#"<li class="story"><h3><a href="/news/story-{i}">Headline {i} about the council and the storm</a></h3><p>A short teaser for story {i}.</p></li>"#
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>News | The Calder Gazette</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><h1>Latest news</h1><ul class="stories">{items}</ul></main><footer>Copyright</footer></body></html>"#
    )
}

/// Write every kind of input into `dir`; returns the WARC's path and its cut-off offset.
fn write_inputs(dir: &Path) -> (PathBuf, usize) {
    let harbour = news_page(
        "Harbour Cranes Return After Storm",
        "2024-06-17T07:45:00+01:00",
        "https://gazette.example/harbour",
        &HARBOUR,
    );
    write(dir, "harbour.html", harbour.as_bytes());
    let ferry_page = news_page(
        "Ferry Ramp Repaired",
        "2024-06-18",
        "https://gazette.example/ramp",
        &FERRY,
    );
    write(dir, "ramp.html.gz", &gz(ferry_page.as_bytes()));
    write(dir, "front.html", listing_page().as_bytes());
    write(dir, "courier.rss", rss_feed().as_bytes());
    write(dir, "valley.atom", atom_feed().as_bytes());
    write(dir, "coast.json", json_feed().as_bytes());
    let (warc, tail_at) = warc_gz();
    let warc_path = write(dir, "crawl.warc.gz", &warc);
    write(
        dir,
        "junk.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    );
    let mut broken = gz(harbour.as_bytes());
    broken.truncate(broken.len() / 2);
    write(dir, "broken.html.gz", &broken);
    (warc_path, tail_at)
}

fn by_id<'a>(articles: &'a [Value], id: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no article {id} in {articles:#?}"))
}

#[test]
fn ingest_reads_pages_feeds_and_archives_and_reports_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let (warc, tail_at) = write_inputs(&input);
    let db = dir.path().join("s.db");
    let out = storyline(&["ingest", "--db", db.to_str().unwrap()], &[&input]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "rejections give exit 1\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("ingested 9"), "{stdout}\n{stderr}");
    assert!(stdout.contains("rejected 3"), "{stdout}\n{stderr}");
    assert!(stderr.contains("junk.html: binary data"), "{stderr}");
    assert!(stderr.contains("broken.html.gz: broken gzip"), "{stderr}");
    let tail = format!("{}@{tail_at}: truncated", warc.display());
    assert!(stderr.contains(&tail), "{tail}\n{stderr}");
    assert!(
        stderr.contains(
            "courier.rss#entry-2: `published` date \"the day after tomorrow\" is not a date"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("front.html: listing page, not an article"),
        "{stderr}"
    );

    let articles = export(&db);
    assert_eq!(articles.len(), 9, "{articles:#?}");

    let page = by_id(&articles, "harbour");
    assert_eq!(page["url"], "https://gazette.example/harbour");
    assert!(page["title"]
        .as_str()
        .unwrap()
        .starts_with("Harbour Cranes Return After Storm"));
    assert!(page["published"]
        .as_str()
        .unwrap()
        .starts_with("2024-06-17"));
    let text = page["text"].as_str().unwrap();
    assert!(text.contains("eastern quay on Monday"), "{text}");
    assert!(text.contains("review of the storm defences"), "{text}");
    for furniture in [
        "Most read",
        "gardening tips",
        "cookies",
        "All rights reserved",
        "Sport",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} left in:\n{text}");
    }
    assert_eq!(page["extra"]["page_kind"], "article");

    let front = by_id(&articles, "front");
    assert_eq!(
        front["extra"]["page_kind"], "listing",
        "stored, marked as a listing"
    );

    let ramp = by_id(&articles, "ramp");
    assert_eq!(ramp["url"], "https://gazette.example/ramp");
    assert_eq!(ramp["published"], "2024-06-18");

    let ferries = by_id(&articles, "courier-ferries-1");
    assert_eq!(ferries["url"], "https://courier.example/ferries");
    assert_eq!(ferries["title"], "Ferries sail again after storm");
    assert_eq!(ferries["published"], "2024-06-18T09:15:00+01:00");
    assert_eq!(ferries["publisher"], "Island Courier");
    assert_eq!(ferries["byline"], "Mairi Ross");
    assert!(ferries["text"]
        .as_str()
        .unwrap()
        .contains("northern islands"));
    let school = by_id(&articles, "courier-school-2");
    assert_eq!(school["published"], Value::Null);
    assert_eq!(school["extra"]["published_raw"], "the day after tomorrow");

    let bridge = by_id(&articles, "urn:valley-post:bridge");
    assert_eq!(bridge["url"], "https://valley.example/bridge");
    assert_eq!(bridge["published"], "2024-06-19T16:20:00+01:00");
    assert_eq!(bridge["publisher"], "Valley Post");
    assert!(bridge["text"]
        .as_str()
        .unwrap()
        .contains("supporting piers"));

    let coast = by_id(&articles, "coast-42");
    assert_eq!(coast["url"], "https://coast.example/42");
    assert_eq!(coast["byline"], "Priya Shah");
    assert_eq!(coast["published"], "2024-06-20T08:00:00Z");

    let cost = by_id(&articles, "urn:uuid:0a1");
    assert_eq!(cost["url"], "https://gazette.example/harbour-cost");
    assert!(cost["title"]
        .as_str()
        .unwrap()
        .starts_with("Harbour repairs cost revealed"));
    assert!(cost["published"]
        .as_str()
        .unwrap()
        .starts_with("2024-06-21"));
    assert_eq!(cost["extra"]["fetched"], "2024-06-23T08:00:00Z");
    assert!(cost["text"]
        .as_str()
        .unwrap()
        .contains("first container ship"));
    let inquiry = by_id(&articles, "urn:uuid:0a2");
    assert_eq!(inquiry["url"], "https://gazette.example/inquiry");
}

#[test]
fn extract_prints_one_line_an_article_without_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let (warc, tail_at) = write_inputs(dir.path());
    let names = [
        "harbour.html",
        "front.html",
        "courier.rss",
        "valley.atom",
        "coast.json",
        "crawl.warc.gz",
        "junk.html",
        "broken.html.gz",
    ];
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let out = storyline(&["extract", "--json"], &refs);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("junk.html: binary data"), "{stderr}");
    assert!(stderr.contains("broken.html.gz: broken gzip"), "{stderr}");
    assert!(
        stderr.contains(&format!("crawl.warc.gz@{tail_at}")),
        "{stderr}"
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    let d = dir.path().display();
    let warc = warc.display();
    assert_eq!(paths.len(), 8, "{paths:?}");
    assert_eq!(
        paths[0],
        format!("{d}/harbour.html"),
        "inputs keep their order"
    );
    assert_eq!(paths[1], format!("{d}/front.html"));
    assert_eq!(paths[2], format!("{d}/courier.rss#entry-1"));
    assert_eq!(paths[3], format!("{d}/courier.rss#entry-2"));
    assert_eq!(paths[4], format!("{d}/valley.atom#entry-1"));
    assert_eq!(paths[5], format!("{d}/coast.json#entry-1"));
    assert_eq!(paths[6], format!("{warc}@0"));
    assert!(paths[7].starts_with(&format!("{warc}@")), "{}", paths[7]);

    let page = &lines[0];
    for field in [
        "url",
        "title",
        "author",
        "publisher",
        "published",
        "language",
        "is_article",
        "text",
    ] {
        assert!(page.get(field).is_some(), "{field} missing: {page}");
    }
    assert_eq!(page["url"], "https://gazette.example/harbour");
    assert_eq!(page["is_article"], true);
    assert!(page["text"]
        .as_str()
        .unwrap()
        .contains("eastern quay on Monday"));
    assert_eq!(lines[1]["is_article"], false, "the listing page");
    let entry = &lines[2];
    assert_eq!(entry["title"], "Ferries sail again after storm");
    assert_eq!(entry["author"], "Mairi Ross");
    assert_eq!(entry["publisher"], "Island Courier");
    assert_eq!(entry["language"], "en");
    assert_eq!(lines[6]["url"], "https://gazette.example/harbour-cost");

    // Without --json the output is the same; every input good gives exit 0.
    let good = [dir.path().join("coast.json")];
    let plain = storyline(&["extract"], &[good[0].as_path()]);
    assert_eq!(plain.status.code(), Some(0));
    let line: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(line["title"], "Beach cleanup draws hundreds");
    assert_eq!(line["published"], "2024-06-20T08:00:00Z");
}
