//! JSON Lines: one article object a line.
//!
//! `text` is required; `id`, `title`, `url`, `publisher`, `author`, `published`, `language`
//! are understood; every other field is kept in `extra`. A bad line is reported with its line
//! number and the rest of the file is read.

use serde_json::{Map, Value};
use storyline_core::{normalize_date, RawArticle};

use crate::{decode, looks_binary, Item, Notice, MAX_JSONL_LINE};

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

pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return sink(Item::Notice(Notice::rejected(name, "empty: no JSON lines")));
    }
    if looks_binary(bytes) {
        return sink(Item::Notice(Notice::rejected(
            name,
            "binary data, not JSON lines",
        )));
    }
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let origin = format!("{name}:{}", i + 1);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if line.len() > MAX_JSONL_LINE {
            let msg = format!(
                "line is {} bytes, over the limit of {MAX_JSONL_LINE} bytes",
                line.len()
            );
            sink(Item::Notice(Notice::rejected(origin, msg)));
            continue;
        }
        let text = decode(&origin, line, sink);
        match parse_line(&origin, &text, sink) {
            Ok(article) => sink(Item::Article(article)),
            Err(msg) => sink(Item::Notice(Notice::rejected(origin, msg))),
        }
    }
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
