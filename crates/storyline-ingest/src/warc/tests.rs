//! Tests of WARC reading on archives written here.

use super::*;
use crate::Severity;
use std::io::{Cursor, Write};

/// One WARC record with the given type, extra header lines and block.
fn record(kind: &str, fields: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\n{fields}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(id: &str, uri: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
    let fields = format!(
        "WARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-06-18T09:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
    );
    let mut block = http_head.replace('\n', "\r\n").into_bytes();
    block.extend_from_slice(b"\r\n");
    block.extend_from_slice(body);
    record("response", &fields, &block)
}

fn page(words: &str) -> Vec<u8> {
    format!("<html><head><title>{words}</title></head><body><p>{words} in full.</p></body></html>")
        .into_bytes()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn run(bytes: Vec<u8>) -> Vec<Item> {
    let mut items = Vec::new();
    read("a.warc", Box::new(Cursor::new(bytes)), &mut |i| {
        items.push(i)
    });
    items
}

/// Articles and rejections (the extractor's verdicts on these small pages are not the
/// subject here).
fn split(items: &[Item]) -> (Vec<&storyline_core::RawArticle>, Vec<&Notice>) {
    let mut a = Vec::new();
    let mut n = Vec::new();
    for i in items {
        match i {
            Item::Article(x) => a.push(x),
            Item::Notice(x) if x.severity == Severity::Rejected => n.push(x),
            Item::Notice(_) => {}
        }
    }
    (a, n)
}

#[test]
fn html_responses_become_articles_and_the_rest_is_skipped() {
    let html = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n";
    let first = response("1", "https://n.example/a", html, &page("Harbour opens"));
    let mut archive = record("warcinfo", "", b"software: test\r\n");
    let at_first = archive.len();
    archive.extend(&first);
    archive.extend(record(
        "request",
        "WARC-Target-URI: https://n.example/a\r\n",
        b"GET /a HTTP/1.1\r\n\r\n",
    ));
    archive.extend(response(
        "2",
        "https://n.example/i.png",
        "HTTP/1.1 200 OK\nContent-Type: image/png\n",
        b"\x89PNG",
    ));
    archive.extend(response(
        "3",
        "https://n.example/gone",
        "HTTP/1.1 404 Not Found\nContent-Type: text/html\n",
        &page("Missing"),
    ));
    archive.extend(record(
        "resource",
        "WARC-Target-URI: file:///saved.html\r\nContent-Type: text/html\r\n",
        &page("Saved page"),
    ));
    let items = run(archive);
    let (articles, notices) = split(&items);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(articles.len(), 2);
    let a = articles[0];
    assert_eq!(a.origin, format!("a.warc@{at_first}"));
    assert_eq!(a.id.as_deref(), Some("urn:uuid:1"));
    assert_eq!(a.url.as_deref(), Some("https://n.example/a"));
    assert_eq!(a.extra["fetched"], "2024-06-18T09:00:00Z");
    assert!(a.text.contains("Harbour opens in full."), "{}", a.text);
    assert_eq!(articles[1].id.as_deref(), Some("file:///saved.html"));
}

#[test]
fn gzip_members_name_their_offsets_and_a_truncated_tail_is_reported() {
    let html = "HTTP/1.1 200 OK\nContent-Type: text/html\n";
    let one = gz(&response("1", "https://n.example/1", html, &page("One")));
    let two = gz(&response("2", "https://n.example/2", html, &page("Two")));
    // The last record claims more bytes than it has.
    let mut cut = response("3", "https://n.example/3", html, &page("Three"));
    cut.truncate(cut.len() - 40);
    let mut archive = one.clone();
    archive.extend(&two);
    archive.extend(gz(&cut));
    let items = run(archive);
    let (articles, notices) = split(&items);
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].origin, "a.warc@0");
    assert_eq!(articles[1].origin, format!("a.warc@{}", one.len()));
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].severity, Severity::Rejected);
    assert_eq!(
        notices[0].origin,
        format!("a.warc@{}", one.len() + two.len())
    );
    assert!(
        notices[0].message.starts_with("truncated record"),
        "{}",
        notices[0].message
    );

    // A gzip member cut off in the middle: reported at its offset, earlier records kept.
    let mut archive = one.clone();
    let whole = gz(&response("4", "https://n.example/4", html, &page("Four")));
    archive.extend(&whole[..whole.len() / 2]);
    let items = run(archive);
    let (articles, notices) = split(&items);
    assert_eq!(articles.len(), 1);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].origin, format!("a.warc@{}", one.len()));
    assert!(
        notices[0].message.contains("truncated"),
        "{}",
        notices[0].message
    );
}

#[test]
fn one_member_for_the_whole_file_and_a_damaged_member() {
    let html = "HTTP/1.1 200 OK\nContent-Type: text/html\n";
    let first = response("1", "https://n.example/1", html, &page("One"));
    let mut plain = first.clone();
    plain.extend(response("2", "https://n.example/2", html, &page("Two")));
    let items = run(gz(&plain));
    let (articles, _) = split(&items);
    assert_eq!(articles[1].origin, format!("a.warc@0+{}", first.len()));

    let mut archive = gz(b"garbage, not a record\r\n");
    let good_at = archive.len();
    archive.extend(gz(&first));
    let items = run(archive);
    let (articles, notices) = split(&items);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].origin, format!("a.warc@{good_at}"));
    assert!(
        notices[0].message.contains("not a WARC record"),
        "{}",
        notices[0].message
    );
}

#[test]
fn chunked_gzip_body_and_bad_bodies() {
    let zipped = gz(&page("Chunked story"));
    let mut body = format!("{:x}\r\n", zipped.len()).into_bytes();
    body.extend(&zipped);
    body.extend(b"\r\n0\r\n\r\n");
    let head = "HTTP/1.1 200 OK\nContent-Type: text/html\nTransfer-Encoding: chunked\nContent-Encoding: gzip\n";
    let mut archive = response("1", "https://n.example/1", head, &body);
    archive.extend(response(
        "2",
        "https://n.example/2",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        b"",
    ));
    archive.extend(response(
        "3",
        "https://n.example/3",
        "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\n",
        &zipped[..zipped.len() / 2],
    ));
    let items = run(archive);
    let (articles, notices) = split(&items);
    assert_eq!(articles.len(), 1);
    assert!(articles[0].text.contains("Chunked story in full."));
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices[0].message.contains("no body"));
    assert!(notices[1].message.contains("broken gzip"));
}

#[test]
fn empty_and_foreign_files_are_rejected() {
    let cases: [(&[u8], &str); 3] = [
        (b"", "empty"),
        (b"\x00", "not a WARC record"),
        (b"WARC/1.0\r\nWARC-Type: resp", "inside the record header"),
    ];
    for (bytes, want) in cases {
        let items = run(bytes.to_vec());
        let (_, notices) = split(&items);
        assert!(notices[0].message.contains(want), "{notices:?}");
        assert!(notices[0].origin.starts_with("a.warc"));
    }
}
