//! JSON Lines: one article object a line.
//!
//! `text` is required; `id`, `title`, `url`, `publisher`, `author`, `published`, `language`
//! are understood; every other field is kept in `extra`. A bad line is reported with its line
//! number and the rest of the file is read.

use serde_json::{Map, Value};
use storyline_core::{normalize_date, RawArticle};

use std::io::{BufRead, Read};

use crate::{decode, looks_binary, Item, Notice, MAX_JSONL_FILE, MAX_JSONL_LINE};

const KNOWN: [&str; 8] = [
    "id",
    "text",
    "title",
    "url",
    "publisher",
    "author",
    "published",
    "language",
];

/// JSON lines already in memory (a request body).
pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    read_stream(name, bytes, false, sink)
}

/// JSON lines from a stream, a line at a time (memory bounded by the longest line kept), up
/// to [`MAX_JSONL_FILE`] bytes. `gz`: the stream is inflated gzip (for messages).
pub(crate) fn read_stream(
    name: &str,
    mut reader: impl BufRead,
    gz: bool,
    sink: &mut dyn FnMut(Item),
) {
    let broken = |e: std::io::Error, lines: usize| {
        let what = if gz {
            "broken gzip data"
        } else {
            "cannot read"
        };
        let after = if lines > 0 {
            format!(" after line {lines}")
        } else {
            String::new()
        };
        Notice::rejected(name, format!("{what}{after}: {e}"))
    };
    let mut head = Vec::with_capacity(BINARY_SNIFF);
    if let Err(e) = (&mut reader)
        .take(BINARY_SNIFF as u64)
        .read_to_end(&mut head)
    {
        return sink(Item::Notice(broken(e, 0)));
    }
    if looks_binary(&head) {
        return sink(Item::Notice(Notice::rejected(
            name,
            "binary data, not JSON lines",
        )));
    }
    let mut reader = std::io::Cursor::new(head).chain(reader);
    let (mut line, mut number, mut total, mut any) = (Vec::new(), 0, 0u64, false);
    loop {
        // Blank lines are passed over in bulk (a stream of nothing else inflates fast).
        match skip_blank(&mut reader) {
            Ok((lines, bytes)) => {
                number += lines;
                total += bytes;
            }
            Err(e) => return sink(Item::Notice(broken(e, number))),
        }
        let len = match next_line(&mut reader, &mut line, MAX_JSONL_LINE) {
            Ok(Some(len)) => len,
            Ok(None) => break,
            Err(e) => return sink(Item::Notice(broken(e, number))),
        };
        number += 1;
        total += len as u64 + 1;
        if total > MAX_JSONL_FILE + 1 {
            let msg = format!(
                "over the limit of {MAX_JSONL_FILE} bytes: lines from {number} on not read"
            );
            return sink(Item::Notice(Notice::rejected(name, msg)));
        }
        any |= !line.iter().all(|b| b.is_ascii_whitespace());
        read_line(name, number, &line, len, sink);
    }
    if !any {
        sink(Item::Notice(Notice::rejected(name, "empty: no JSON lines")));
    }
}

/// Consume the blank bytes (newlines, carriage returns, spaces, tabs) at the reader's position;
/// returns how many line ends and how many bytes were passed.
fn skip_blank(reader: &mut impl BufRead) -> std::io::Result<(usize, u64)> {
    let (mut lines, mut bytes) = (0, 0u64);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((lines, bytes));
        }
        let blank = buf
            .iter()
            .position(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
            .unwrap_or(buf.len());
        lines += memchr::memchr_iter(b'\n', &buf[..blank]).count();
        bytes += blank as u64;
        let more = blank == buf.len();
        reader.consume(blank);
        if !more {
            return Ok((lines, bytes));
        }
    }
}

/// Bytes at the start of a stream that decide whether it is binary (see [`looks_binary`]).
const BINARY_SNIFF: usize = 8192;

/// The next line (without its newline) into `line`, keeping at most `max + 1` of its bytes;
/// its full length, or `None` at the end of the input.
fn next_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<usize>> {
    line.clear();
    let (mut len, mut any) = (0, false);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(any.then_some(len));
        }
        any = true;
        let end = memchr::memchr(b'\n', buf);
        let chunk = &buf[..end.unwrap_or(buf.len())];
        let room = (max + 1).saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        len += chunk.len();
        let used = end.map_or(buf.len(), |e| e + 1);
        reader.consume(used);
        if end.is_some() {
            return Ok(Some(len));
        }
    }
}

/// One line (number `number`, `len` bytes long, of which `line` holds at least the first
/// `MAX_JSONL_LINE + 1`): an article, a rejection, or nothing for a blank line.
fn read_line(name: &str, number: usize, line: &[u8], len: usize, sink: &mut dyn FnMut(Item)) {
    let (line, len) = match line.strip_suffix(b"\r") {
        Some(rest) => (rest, len - 1),
        None => (line, len),
    };
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return;
    }
    let origin = format!("{name}:{number}");
    if len > MAX_JSONL_LINE {
        let msg = format!("line is {len} bytes, over the limit of {MAX_JSONL_LINE} bytes");
        return sink(Item::Notice(Notice::rejected(origin, msg)));
    }
    let text = decode(&origin, line, sink);
    match parse_line(&origin, &text, sink) {
        Ok(article) => sink(Item::Article(article)),
        Err(msg) => sink(Item::Notice(Notice::rejected(origin, msg))),
    }
}

/// The `id` of a JSON line exactly as written (a number's digits).
fn raw_id(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: &'a serde_json::value::RawValue,
    }
    let id: Id = serde_json::from_str(line).ok()?;
    Some(id.id.get().to_string())
}

/// Parse one line into an article, or say why it cannot be one.
pub(crate) fn parse_line(
    origin: &str,
    line: &str,
    sink: &mut dyn FnMut(Item),
) -> Result<RawArticle, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("not a JSON object".to_string());
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err("field `text` is empty".to_string()),
        Some(_) => return Err("field `text` is not a string".to_string()),
        None => return Err("missing required field `text`".to_string()),
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        // A whole number beyond 64 bits was read as a float: take its digits from the line,
        // or two long ids would become one.
        Some(Value::Number(n)) if n.is_f64() => Some(raw_id(line).unwrap_or_else(|| n.to_string())),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err("field `id` must be a string or a number".to_string()),
    };
    let mut field = |key: &str| -> Option<String> {
        match obj.remove(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::String(_)) | Some(Value::Null) | None => None,
            Some(other) => {
                let msg = format!("field `{key}` is not a string ({other}); ignored");
                sink(Item::Notice(Notice::warning(origin, msg)));
                None
            }
        }
    };
    let title = field("title");
    let url = field("url");
    let publisher = field("publisher");
    let author = field("author");
    let language = field("language");
    let published_raw = field("published");
    let published = published_raw.as_deref().and_then(normalize_date);
    if let (Some(raw), None) = (&published_raw, &published) {
        let msg = format!(
            "`published` {raw:?} is neither RFC 3339 nor YYYY-MM-DD; kept as `published_raw`"
        );
        sink(Item::Notice(Notice::warning(origin, msg)));
        obj.insert("published_raw".to_string(), Value::String(raw.clone()));
    }
    debug_assert!(KNOWN.iter().all(|k| !obj.contains_key(*k)));
    let extra: Map<String, Value> = obj;
    Ok(RawArticle {
        id,
        origin: origin.to_string(),
        text,
        title,
        url,
        publisher,
        author,
        published,
        language,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn run(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read("f.jsonl", input.as_bytes(), &mut |i| items.push(i));
        items
    }

    #[test]
    fn numeric_ids_beyond_64_bits_keep_their_digits() {
        let items = run("{\"id\": 12345678901234567890123, \"text\": \"A.\"}\n\
                         {\"id\": 12345678901234567890124, \"text\": \"B.\"}\n\
                         {\"id\": 42, \"text\": \"C.\"}\n");
        let ids: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => a.id.clone(),
                Item::Notice(_) => None,
            })
            .collect();
        assert_eq!(
            ids,
            ["12345678901234567890123", "12345678901234567890124", "42"]
        );
    }

    /// [`read_stream`] over `bytes`, read a few bytes at a time (lines cross buffer ends).
    fn stream(bytes: Vec<u8>, gz: bool) -> Vec<Item> {
        let reader = std::io::BufReader::with_capacity(7, std::io::Cursor::new(bytes));
        let mut items = Vec::new();
        read_stream("f.jsonl", Box::new(reader), gz, &mut |i| items.push(i));
        items
    }

    #[test]
    fn a_stream_reads_as_the_whole_file_does() {
        let mut text = String::from("{\"id\": \"a\", \"text\": \"One\"}\r\n\n   \n{bad\n");
        text.push_str(&format!(
            "{{\"text\": \"{}\"}}\n",
            "x".repeat(MAX_JSONL_LINE)
        ));
        text.push_str("{\"text\": \"Last\", \"title\": \"T\"}");
        let whole = run(&text);
        assert_eq!(
            format!("{:?}", stream(text.into_bytes(), false)),
            format!("{whole:?}")
        );
        assert!(matches!(&whole[0], Item::Article(a) if a.text == "One"));
        assert!(matches!(&whole[1], Item::Notice(n) if n.origin == "f.jsonl:4"));
        assert!(matches!(&whole[2], Item::Notice(n) if n.message.contains("over the limit")));
        assert!(matches!(&whole[3], Item::Article(a) if a.text == "Last"));
        for (bytes, message) in [
            (&b" \n\n"[..], "empty"),
            (b"\x00\x01{\"text\":1}", "binary"),
        ] {
            let items = stream(bytes.to_vec(), false);
            assert!(
                matches!(&items[..], [Item::Notice(n)] if n.message.contains(message)),
                "{items:?}"
            );
        }
    }

    #[test]
    fn a_broken_stream_keeps_the_lines_before_the_break() {
        struct Breaks(std::io::Cursor<Vec<u8>>);
        impl std::io::Read for Breaks {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(std::io::Error::other("corrupt deflate stream")),
                    n => Ok(n),
                }
            }
        }
        // More than the binary sniff reads, then a line cut short by the break.
        let mut lines: String = (0..400)
            .map(|i| format!("{{\"text\": \"Line {i}\"}}\n"))
            .collect();
        lines.push_str("{\"text\": \"Thr");
        let reader = std::io::BufReader::new(Breaks(std::io::Cursor::new(lines.into_bytes())));
        let mut items = Vec::new();
        read_stream("s.jsonl.gz", Box::new(reader), true, &mut |i| items.push(i));
        assert_eq!(items.len(), 401, "{:?}", items.last());
        assert!(matches!(&items[399], Item::Article(a) if a.text == "Line 399"));
        let Item::Notice(n) = &items[400] else {
            panic!("{:?}", items[400])
        };
        assert_eq!(n.severity, Severity::Rejected);
        assert!(
            n.message.starts_with("broken gzip data after line 400"),
            "{}",
            n.message
        );
    }

    #[test]
    fn fields_and_extras() {
        let items = run(
            r#"{"id": 7, "text": "Body", "title": "T", "published": "2024-06-19", "section": "world"}"#,
        );
        let Item::Article(a) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.published.as_deref(), Some("2024-06-19"));
        assert_eq!(a.extra["section"], "world");
        assert_eq!(a.origin, "f.jsonl:1");
    }

    #[test]
    fn bad_lines_named_by_number_and_rest_read() {
        let items = run("{\"text\": \"ok\"}\n{broken\n\n[1,2]\n{\"title\": \"no text\"}\n{\"text\": \"fine\"}\n");
        let rejected: Vec<&Notice> = items
            .iter()
            .filter_map(|i| match i {
                Item::Notice(n) if n.severity == Severity::Rejected => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(rejected.len(), 3);
        assert_eq!(rejected[0].origin, "f.jsonl:2");
        assert!(rejected[0].message.contains("malformed JSON"));
        assert_eq!(rejected[1].origin, "f.jsonl:4");
        assert!(rejected[2]
            .message
            .contains("missing required field `text`"));
        let articles = items
            .iter()
            .filter(|i| matches!(i, Item::Article(_)))
            .count();
        assert_eq!(articles, 2);
    }

    #[test]
    fn oversized_line_and_binary_file_are_rejected() {
        let mut big = String::from("{\"text\": \"");
        big.push_str(&"x".repeat(MAX_JSONL_LINE));
        big.push_str("\"}\n{\"text\": \"after\"}\n");
        let items = run(&big);
        assert!(
            matches!(&items[0], Item::Notice(n) if n.origin == "f.jsonl:1" && n.message.contains("over the limit"))
        );
        assert!(matches!(&items[1], Item::Article(a) if a.text == "after"));
        let mut items = Vec::new();
        read("b.jsonl", b"\x00\x01{\"text\":1}", &mut |i| items.push(i));
        assert!(matches!(&items[..], [Item::Notice(n)] if n.message.contains("binary")));
    }

    #[test]
    fn invalid_date_is_kept_aside_with_warning() {
        let items = run(r#"{"text": "x", "published": "last Tuesday"}"#);
        assert!(matches!(&items[0], Item::Notice(n) if n.severity == Severity::Warning));
        let Item::Article(a) = &items[1] else {
            panic!()
        };
        assert_eq!(a.published, None);
        assert_eq!(a.extra["published_raw"], "last Tuesday");
    }
}
