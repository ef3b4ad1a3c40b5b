//! Web pages: HTML bytes become an article through `storyline-extract`.
//!
//! Used for `.html` / `.htm` files (id = file stem) and for the pages in WARC archives. A page
//! the extractor judges not to be an article (a listing, product or forum page, …) is still
//! stored, with a warning naming its kind, and `extra.page_kind` says what it is, so it can be
//! told apart later; only a page with no readable text at all is rejected.

use serde_json::{Map, Value};
use storyline_core::{normalize_date, RawArticle};
use storyline_extract::{extract, Extracted, Page, PageKind};

use crate::{looks_binary, Item, Notice};

/// Read one HTML file.
pub(crate) fn read(id: Option<String>, name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    let page = Page {
        bytes,
        url: None,
        content_type: None,
    };
    read_page(name, id, &page, Map::new(), sink);
}

/// Extract `page` and hand its article to `sink` under `id` (with `extra` added), or a
/// rejection saying why there is none.
pub(crate) fn read_page(
    origin: &str,
    id: Option<String>,
    page: &Page<'_>,
    extra: Map<String, Value>,
    sink: &mut dyn FnMut(Item),
) {
    if let Some(problem) = unusable(page.bytes) {
        return sink(Item::Notice(Notice::rejected(origin, problem)));
    }
    let extracted = match extract(page) {
        Ok(x) => x,
        Err(e) => return sink(Item::Notice(Notice::rejected(origin, e.to_string()))),
    };
    if extracted.text.trim().is_empty() {
        let msg = "no readable text in the page";
        return sink(Item::Notice(Notice::rejected(origin, msg)));
    }
    if cut_short(page.bytes) {
        let msg = "page seems cut short (no closing </body> or </html>); read what is there";
        sink(Item::Notice(Notice::warning(origin, msg)));
    }
    if !extracted.is_article {
        let msg = format!(
            "{} page, not an article (stored anyway)",
            page_kind(&extracted)
        );
        sink(Item::Notice(Notice::warning(origin, msg)));
    }
    let article = to_article(origin, id, page.url, extracted, extra, sink);
    sink(Item::Article(article));
}

/// Why these bytes cannot be a page, if they cannot: empty, or binary (UTF-16 with a byte
/// order mark is left to the extractor).
fn unusable(bytes: &[u8]) -> Option<&'static str> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Some("empty: no HTML");
    }
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if !utf16 && looks_binary(bytes) {
        return Some("binary data, not an HTML page");
    }
    None
}

/// A document that opens `<html` but never closes its body or itself was probably cut off.
fn cut_short(bytes: &[u8]) -> bool {
    let has = |hay: &[u8], needle: &[u8]| {
        hay.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    let head = &bytes[..bytes.len().min(4096)];
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    has(head, b"<html") && !has(tail, b"</body") && !has(tail, b"</html")
}

/// The kind of an extracted page, as kept in `extra.page_kind`: `article` exactly when the
/// extractor judged it one, so the kind alone tells.
fn page_kind(x: &Extracted) -> &'static str {
    if x.is_article {
        return "article";
    }
    match x.kind {
        PageKind::Article | PageKind::Other => "other",
        PageKind::Listing => "listing",
        PageKind::Product => "product",
        PageKind::Forum => "forum",
    }
}

/// The raw article of an extracted page. The URL is the canonical one, else the page's own;
/// an invalid publication date is kept as `extra.published_raw` with a warning.
fn to_article(
    origin: &str,
    id: Option<String>,
    page_url: Option<&str>,
    x: Extracted,
    mut extra: Map<String, Value>,
    sink: &mut dyn FnMut(Item),
) -> RawArticle {
    let published = x.published.as_deref().and_then(normalize_date);
    if let (Some(raw), None) = (&x.published, &published) {
        let msg =
            format!("publication date {raw:?} of the page is not a date; kept as `published_raw`");
        sink(Item::Notice(Notice::warning(origin, msg)));
        extra.insert("published_raw".into(), Value::String(raw.clone()));
    }
    let mut put = |key: &str, value: Option<&String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            extra.insert(key.into(), Value::String(v.trim().to_string()));
        }
    };
    put("modified", x.modified.as_ref());
    put("canonical", x.canonical.as_ref());
    extra.insert("page_kind".into(), Value::String(page_kind(&x).into()));
    let url = x
        .canonical
        .or(x.url)
        .or_else(|| page_url.map(str::to_string));
    RawArticle {
        id,
        origin: origin.to_string(),
        text: x.text,
        title: x.title,
        url,
        publisher: x.publisher,
        author: x.author,
        published,
        language: x.language,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_short_pages_are_noticed() {
        assert!(cut_short(b"<!doctype html><html><body><p>Half a"));
        assert!(!cut_short(b"<html><body><p>Whole</p></body></html>"));
        assert!(!cut_short(b"<p>A fragment without html</p>"));
    }

    #[test]
    fn binary_and_empty_are_not_pages() {
        assert_eq!(unusable(b" \n "), Some("empty: no HTML"));
        assert_eq!(
            unusable(b"\x89PNG\r\n\x1a\n\x00\x00"),
            Some("binary data, not an HTML page")
        );
        assert_eq!(unusable(b"\xff\xfe<\x00h\x00"), None);
    }
}
