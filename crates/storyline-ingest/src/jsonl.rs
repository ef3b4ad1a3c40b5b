//! JSON Lines: one article object a line.
//!
//! `text` is required; `id`, `title`, `url`, `publisher`, `author`, `published`, `language`
//! are understood, and so are the names other tools give them (`headline`, `link`, `source`,
//! `byline`, `date`, `time`, `pubDate`, `published_at`, epoch seconds …: see [`ALIASES`] and
//! [`DATE_FIELDS`]); every other field is kept in `extra`. A line whose date Storyline cannot
//! read, or that has only an unknown date-like field, gets a warning. A bad line is reported
//! with its line number and the rest of the file is read.

use serde_json::{Map, Value};
use storyline_core::RawArticle;

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

/// Other names of the understood fields, tried in order when the field itself is absent.
pub(crate) const ALIASES: [(&str, &[&str]); 4] = [
    ("title", &["headline"]),
    ("url", &["link", "canonical_url"]),
    (
        "publisher",
        &["source", "site_name", "outlet", "source_name"],
    ),
    ("author", &["byline", "authors", "creator"]),
];

/// Fields that may hold the publication date, in the order they are tried.
pub(crate) const DATE_FIELDS: [&str; 16] = [
    "published",
    "published_at",
    "publishedAt",
    "date_published",
    "datePublished",
    "publish_date",
    "publication_date",
    "pubDate",
    "pub_date",
    "date",
    "time",
    "datetime",
    "timestamp",
    "created_at",
    "createdAt",
    "updated_at",
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
    let mut warn = |msg: String| sink(Item::Notice(Notice::warning(origin, msg)));
    let mut field = |key: &str| -> Option<String> {
        let value = obj.remove(key).or_else(|| {
            let names = ALIASES
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(&[][..], |a| a.1);
            names
                .iter()
                .find_map(|n| obj.remove(*n).filter(|v| text_of(v).is_some()))
        })?;
        match value {
            Value::Null => None,
            v => match text_of(&v) {
                Some(s) => (!s.is_empty()).then_some(s),
                None => {
                    warn(format!("field `{key}` is not a string ({v}); ignored"));
                    None
                }
            },
        }
    };
    let title = field("title");
    let url = field("url");
    let publisher = field("publisher");
    let author = field("author");
    let language = field("language");
    let published = publication_date(&mut obj, &mut warn);
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

/// A field's text: a string, a name (`{"name": …}`, as news APIs give a source), or a list of
/// those joined (several authors).
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => match o.get("name") {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            _ => None,
        },
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(text_of).collect();
            Some(
                parts?
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        _ => None,
    }
}

/// The publication date from the first of [`DATE_FIELDS`] that holds one (the field then
/// leaves `extra`). A date field that cannot be read is kept as `published_raw` with a
/// warning; a line with no date but a field whose name looks like one gets a warning too.
fn publication_date(obj: &mut Map<String, Value>, warn: &mut dyn FnMut(String)) -> Option<String> {
    let mut unread: Option<(&str, Value)> = None;
    for name in DATE_FIELDS {
        let Some(v) = obj.get(name) else { continue };
        match date_of(v) {
            Some(date) => {
                obj.remove(name);
                if let Some(("published", raw)) = unread {
                    obj.remove("published");
                    obj.insert("published_raw".to_string(), raw_text(raw));
                }
                return Some(date);
            }
            None if unread.is_none() && !v.is_null() => unread = Some((name, v.clone())),
            None => {}
        }
    }
    if let Some((name, v)) = unread {
        warn(format!(
            "`{name}` {v} is not a date Storyline reads (RFC 3339, RFC 2822, YYYY-MM-DD, \
             \"June 18, 2024\", epoch seconds); kept as `published_raw`, the article is undated"
        ));
        if name == "published" {
            obj.remove(name);
        }
        obj.insert("published_raw".to_string(), raw_text(v));
        return None;
    }
    let date_like = |k: &str| {
        let k = k.to_ascii_lowercase();
        k.contains("date") || k.contains("time") || k.ends_with("_at") || k == "day"
    };
    if let Some(k) = obj.keys().find(|k| date_like(k)) {
        warn(format!(
            "field `{k}` looks like a date but is not one Storyline reads as the publication \
             date (name it `published`); the article is undated"
        ));
    }
    None
}

/// A value as text, for `published_raw`.
fn raw_text(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(s),
        other => Value::String(other.to_string()),
    }
}

/// A date from a JSON value: a string in a form [`crate::feed::parse_date`] reads, or a number of
/// seconds (or milliseconds) since 1970.
fn date_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => crate::feed::parse_date(s),
        Value::Number(n) => {
            let x = n.as_f64()?;
            // Seconds from 1973 to 2096; beyond that, milliseconds.
            let secs = if x >= 1e11 { x / 1000.0 } else { x };
            if !(1e8..4e9).contains(&secs) {
                return None;
            }
            let t = chrono::DateTime::from_timestamp(secs as i64, 0)?;
            Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        }
        _ => None,
    }
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
    fn other_tools_field_names_are_read() {
        let items = run(concat!(
            r#"{"text": "x", "headline": "H", "link": "https://e.example/a", "#,
            r#""source": {"id": "e", "name": "Example News"}, "authors": ["A B", "C D"], "#,
            r#""time": "2010-04-06", "section": "world"}"#
        ));
        let [Item::Article(a)] = &items[..] else {
            panic!("one article and no warning: {items:?}")
        };
        assert_eq!(a.title.as_deref(), Some("H"));
        assert_eq!(a.url.as_deref(), Some("https://e.example/a"));
        assert_eq!(a.publisher.as_deref(), Some("Example News"));
        assert_eq!(a.author.as_deref(), Some("A B, C D"));
        assert_eq!(a.published.as_deref(), Some("2010-04-06"));
        assert!(!a.extra.contains_key("time") && a.extra.contains_key("section"));
    }

    #[test]
    fn dates_in_the_usual_forms_are_read() {
        let date = |field: &str, value: &str| {
            let items = run(&format!(r#"{{"text": "x", "{field}": {value}}}"#));
            match &items[..] {
                [Item::Article(a)] => a.published.clone(),
                other => panic!("{field} {value}: {other:?}"),
            }
        };
        assert_eq!(
            date("pubDate", r#""Tue, 18 Jun 2024 08:30:00 +0200""#).as_deref(),
            Some("2024-06-18T08:30:00+02:00")
        );
        assert_eq!(
            date("published_at", r#""2024-06-18 08:30:00""#).as_deref(),
            Some("2024-06-18")
        );
        assert_eq!(
            date("date", r#""2024/06/18""#).as_deref(),
            Some("2024-06-18")
        );
        assert_eq!(
            date("timestamp", "1718699400").as_deref(),
            Some("2024-06-18T08:30:00Z")
        );
        assert_eq!(
            date("timestamp", "1718699400000").as_deref(),
            Some("2024-06-18T08:30:00Z")
        );
    }

    #[test]
    fn an_unread_date_field_is_named_in_a_warning() {
        for line in [
            r#"{"text": "x", "time": "19:01"}"#,
            r#"{"text": "x", "first_seen_at": "2024-06-18"}"#,
            r#"{"text": "x", "published": "soon", "date": "yesterday"}"#,
        ] {
            let items = run(line);
            let warned = items
                .iter()
                .any(|i| matches!(i, Item::Notice(n) if n.severity == Severity::Warning));
            let undated = items
                .iter()
                .any(|i| matches!(i, Item::Article(a) if a.published.is_none()));
            assert!(warned && undated, "{line}: {items:?}");
        }
        // A bad `published` beside a good `date`: the good one is read, the bad one kept aside.
        let items = run(r#"{"text": "x", "published": "soon", "date": "2024-06-18"}"#);
        let [Item::Article(a)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(a.published.as_deref(), Some("2024-06-18"));
        assert_eq!(a.extra["published_raw"], "soon");
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
