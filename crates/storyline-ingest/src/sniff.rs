//! Telling formats apart by their first bytes, for files whose name does not say and stdin.

use std::io::Read;

use crate::Format;

/// How much of the start is looked at.
pub(crate) const HEAD: usize = 8192;

/// Whether the bytes start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The format of a file starting with `bytes` (gzip data is inflated first).
pub(crate) fn sniff(bytes: &[u8]) -> Format {
    let inflated;
    let head = if is_gzip(bytes) {
        inflated = inflate_head(bytes);
        &inflated[..]
    } else {
        &bytes[..bytes.len().min(HEAD)]
    };
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"WARC/1.") {
        Format::Warc
    } else if head.starts_with(b"{") {
        if is_json_feed(head) {
            Format::Feed
        } else {
            Format::Jsonl
        }
    } else if head.starts_with(b"<") {
        markup(head)
    } else {
        Format::Text
    }
}

/// The first [`HEAD`] bytes of a gzip stream, as far as they can be inflated.
fn inflate_head(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    // A cut-off or broken stream still yields what was inflated before the error.
    let _ = flate2::read::MultiGzDecoder::new(bytes)
        .take(HEAD as u64)
        .read_to_end(&mut out);
    out
}

/// A JSON object whose `"version"` is a `https://jsonfeed.org/version/…` URL.
fn is_json_feed(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = &text[..];
    while let Some(i) = rest.find("\"version\"") {
        rest = &rest[i + "\"version\"".len()..];
        let value = rest.trim_start();
        if let Some(value) = value.strip_prefix(':') {
            if value
                .trim_start()
                .starts_with("\"https://jsonfeed.org/version/")
            {
                return true;
            }
        }
    }
    false
}

/// Markup: a feed if its root element is `rss`, `feed` or `rdf:RDF` (or any root after an XML
/// declaration other than `html`), else HTML.
fn markup(head: &[u8]) -> Format {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    let mut xml_prolog = false;
    loop {
        rest = rest.trim_start();
        let skip_to = |rest: &str, end: &str| rest.find(end).map(|i| i + end.len());
        let skipped = if rest.starts_with("<?") {
            xml_prolog |= rest.starts_with("<?xml");
            skip_to(rest, "?>")
        } else if rest.starts_with("<!--") {
            skip_to(rest, "-->")
        } else if rest.starts_with("<!doctype html") {
            return Format::Html;
        } else if rest.starts_with("<!") {
            skip_to(rest, ">")
        } else {
            break;
        };
        match skipped {
            Some(n) => rest = &rest[n..],
            None => return Format::Html,
        }
    }
    let name: String = rest
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect();
    match name.as_str() {
        "rss" | "feed" | "rdf:rdf" => Format::Feed,
        "html" | "head" | "body" => Format::Html,
        _ if xml_prolog => Format::Feed,
        _ => Format::Html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn formats_by_first_bytes() {
        let cases: [(&[u8], Format); 11] = [
            (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Format::Warc),
            (
                b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
                Format::Feed,
            ),
            (
                b"<?xml version=\"1.0\"?><!-- hi --><feed xmlns=\"http://www.w3.org/2005/Atom\">",
                Format::Feed,
            ),
            (b"<rdf:RDF xmlns:rdf=\"x\">", Format::Feed),
            (b"<!DOCTYPE html><html><body>x", Format::Html),
            (b"  <html lang=en>", Format::Html),
            (b"<div>fragment</div>", Format::Html),
            (
                b"{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": []}",
                Format::Feed,
            ),
            (
                b"{\"text\": \"the version\", \"version\": 3}\n",
                Format::Jsonl,
            ),
            (b"Plain words.", Format::Text),
            (b"", Format::Text),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), want, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn gzip_is_looked_through() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"WARC/1.1\r\nWARC-Type: response\r\n")
            .unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(sniff(&bytes), Format::Warc);
        // Cut short: what inflates still tells.
        assert_eq!(sniff(&bytes[..bytes.len() - 6]), Format::Warc);
    }
}
