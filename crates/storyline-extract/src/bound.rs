//! Bounds what the HTML parser is given, in one linear pass over the markup.
//!
//! A standard tree builder checks element scopes by walking its stack of open elements, and a
//! tokenizer looks for duplicate attributes among those already read: both are linear per tag,
//! so a page of 100,000 unclosed `<div>`s or one tag with 200,000 attributes costs quadratic
//! time. No real page comes near the limits here, and such a page comes back unchanged (the
//! fast path borrows it); past them, start tags deeper than [`MAX_OPEN`] are dropped (their
//! text is kept, as is any text inside them) with their matching end tags, and attributes after
//! the first [`MAX_ATTRIBUTES`] of a tag are dropped.

use std::borrow::Cow;
use std::collections::HashMap;

/// Open elements (not counting those whose end tag may be left out) beyond which start tags
/// are dropped. Above the depth the extractor keeps anyway.
pub const MAX_OPEN: usize = 512;
/// Attributes kept on one tag.
pub const MAX_ATTRIBUTES: usize = 256;

/// `html` with its nesting and attributes bounded (see the module doc).
pub fn bounded(html: &str) -> Cow<'_, str> {
    let mut scan = Scan::new(html);
    scan.run();
    match scan.out {
        None => Cow::Borrowed(html),
        Some(out) => Cow::Owned(out),
    }
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose end tag may be left out: closed by their siblings, so never deep.
const OPTIONAL_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

struct Scan<'a> {
    html: &'a str,
    /// The rewritten page, once anything had to change (everything before `copied` is in it).
    out: Option<String>,
    copied: usize,
    open: Vec<String>,
    /// Start tags dropped and not yet matched by an end tag, by name.
    dropped: HashMap<String, usize>,
}

/// One tag as read: its name (lower case), whether an end tag, where its attributes end
/// (byte offset of the attribute after the last kept one, if some were cut), where it ends.
struct Tag {
    name: String,
    end_tag: bool,
    self_closing: bool,
    cut_attributes_at: Option<usize>,
    end: usize,
}

impl<'a> Scan<'a> {
    fn new(html: &'a str) -> Scan<'a> {
        Scan {
            html,
            out: None,
            copied: 0,
            open: Vec::new(),
            dropped: HashMap::new(),
        }
    }

    fn run(&mut self) {
        let bytes = self.html.as_bytes();
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
            let at = i + off;
            i = match bytes.get(at + 1) {
                Some(b'!') => skip_declaration(bytes, at),
                Some(b'?') => find(bytes, at, b">").map_or(bytes.len(), |e| e + 1),
                Some(b'/') | Some(b'a'..=b'z') | Some(b'A'..=b'Z') => match read_tag(bytes, at) {
                    Some(tag) => self.tag(at, tag),
                    None => at + 1,
                },
                _ => at + 1,
            };
        }
        if let Some(out) = &mut self.out {
            out.push_str(&self.html[self.copied..]);
        }
    }

    /// Act on the tag at `at`; returns where scanning goes on.
    fn tag(&mut self, at: usize, tag: Tag) -> usize {
        let name = tag.name.as_str();
        if tag.end_tag {
            if let Some(n) = self.dropped.get_mut(name).filter(|n| **n > 0) {
                *n -= 1;
                self.replace(at, tag.end, "");
            } else if let Some(pos) = self.open.iter().rposition(|o| o == name) {
                self.open.truncate(pos);
            }
            return tag.end;
        }
        if let Some(cut) = tag.cut_attributes_at {
            self.replace(cut, tag.end, if tag.self_closing { "/>" } else { ">" });
        }
        let mut next = tag.end;
        if RAW_TEXT.contains(&name) {
            // Skip to the end tag: nothing inside is markup.
            let close = format!("</{name}");
            next = find_ignore_case(self.html.as_bytes(), tag.end, close.as_bytes())
                .unwrap_or(self.html.len());
        }
        if tag.self_closing || VOID.contains(&name) || OPTIONAL_END.contains(&name) {
            return next;
        }
        if self.open.len() >= MAX_OPEN {
            *self.dropped.entry(tag.name).or_default() += 1;
            self.replace(at, tag.end, "");
        } else {
            self.open.push(tag.name);
        }
        next
    }

    /// Write `with` in place of `html[from..to]`.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied..from]);
        out.push_str(with);
        self.copied = to;
    }
}

/// Past a comment, doctype or CDATA section starting at `at`.
fn skip_declaration(bytes: &[u8], at: usize) -> usize {
    if bytes[at..].starts_with(b"<!--") {
        return find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3);
    }
    find(bytes, at, b">").map_or(bytes.len(), |e| e + 1)
}

/// The tag starting at `at` (`<name ...>` or `</name ...>`), or `None` when it is not one.
fn read_tag(bytes: &[u8], at: usize) -> Option<Tag> {
    let end_tag = bytes[at + 1] == b'/';
    let mut i = at + 1 + usize::from(end_tag);
    let start = i;
    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'>')
    {
        i += 1;
    }
    if i == start || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let name = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
    let mut attributes = 0;
    let mut cut_attributes_at = None;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                let self_closing = bytes[i - 1] == b'/';
                return Some(Tag {
                    name,
                    end_tag,
                    self_closing,
                    cut_attributes_at,
                    end: i + 1,
                });
            }
            Some(_) => {}
        }
        if attributes == MAX_ATTRIBUTES && cut_attributes_at.is_none() {
            cut_attributes_at = Some(i);
        }
        attributes += 1;
        i = skip_attribute(bytes, i);
    }
}

/// Past one attribute (`name`, `name=value`, `name="value"`) starting at `i`.
fn skip_attribute(bytes: &[u8], mut i: usize) -> usize {
    // The name: at least one byte, so a stray `=` or quote cannot stall the scan.
    i += 1;
    while i < bytes.len()
        && !matches!(
            bytes[i],
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'>' | b'='
        )
    {
        i += 1;
    }
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return i;
    }
    i += 1;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
        i += 1;
    }
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e + 1)
        }
        _ => {
            while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'>')
            {
                i += 1;
            }
            i
        }
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&bytes[from.min(bytes.len())..], needle).map(|e| from + e)
}

fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = [needle[0], needle[1]];
    let mut i = from;
    while let Some(e) = find(bytes, i, &first) {
        let hit = &bytes[e..];
        if hit.len() >= needle.len() && hit[..needle.len()].eq_ignore_ascii_case(needle) {
            return Some(e);
        }
        i = e + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_as_they_are() {
        let page = "<!doctype html><html><head><title>a < b</title><script>if (a<b) x='</div>';</script></head>\
            <body><ul><li>one<li>two</ul><p>Text<p>more <img src=x alt='>'> <br/>\
            <!-- <div><div> --><div class=\"a\" data-x=1>in</div></body></html>";
        assert!(matches!(bounded(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_keeping_the_text() {
        let deep = format!(
            "<body>{}<p>Kept text.</p>{}</body>",
            "<div>".repeat(2000),
            "</div>".repeat(2000)
        );
        let out = bounded(&deep);
        assert_eq!(out.matches("<div>").count(), MAX_OPEN);
        assert_eq!(out.matches("</div>").count(), MAX_OPEN);
        assert!(out.contains("<p>Kept text.</p>"));
    }

    #[test]
    fn attributes_past_the_limit_are_dropped() {
        let attrs: String = (0..1000).map(|i| format!(" a{i}=\"x>y\"")).collect();
        let page = format!("<div{attrs}>text</div><img{attrs}/>");
        let out = bounded(&page);
        assert_eq!(out.matches("=\"x>y\"").count(), 2 * MAX_ATTRIBUTES);
        assert!(out.contains(" >text</div>"));
        assert!(out.ends_with(" />"));
    }

    #[test]
    fn broken_markup_never_stalls_or_panics() {
        for page in [
            "<",
            "<a",
            "<a b=",
            "<a b='",
            "</",
            "<!--",
            "<!",
            "<?",
            "<script>",
            "<div =>",
            "<é>",
            "<a\u{e9}=1>",
        ] {
            let _ = bounded(page);
        }
    }
}
