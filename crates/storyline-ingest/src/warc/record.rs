//! One WARC record: its header, and the page its block may hold.

use std::io::{self, BufRead, Read};

use serde_json::{Map, Value};
use storyline_extract::{Page, MAX_PAGE};

use crate::{html, http, Item, Notice};

/// Largest WARC record header read.
const MAX_HEADER: u64 = 64 * 1024;

/// Named fields of a WARC record header.
pub(super) struct Header(Vec<(String, String)>);

impl Header {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(super) enum HeaderError {
    Io(io::Error),
    Bad(String),
}

/// Read a record header: the `WARC/1.x` line and fields up to a blank line.
pub(super) fn read_header(r: &mut impl BufRead) -> Result<Header, HeaderError> {
    let mut r = r.take(MAX_HEADER);
    let mut line = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = r.read_until(b'\n', &mut line).map_err(HeaderError::Io)?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if first && !text.starts_with("WARC/") && !"WARC/".starts_with(text) {
            let shown: String = text.chars().take(40).collect();
            let msg = format!(
                "not a WARC record (expected a WARC/1.x line, found {shown:?}); the rest of the data is skipped"
            );
            return Err(HeaderError::Bad(msg));
        }
        if n == 0 || !line.ends_with(b"\n") {
            let msg = if n > 0 && r.limit() == 0 {
                format!("record header is over {MAX_HEADER} bytes; the rest of the data is skipped")
            } else {
                "truncated record: the data ends inside the record header".to_string()
            };
            return Err(HeaderError::Bad(msg));
        }
        if first {
            first = false;
        } else if text.is_empty() {
            return Ok(Header(fields));
        } else if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            fields.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// What a record holds for us.
pub(super) enum Wanted {
    Skip,
    Page(Pending),
    /// A page that cannot be read, and why.
    Problem(String),
}

/// A page read from a record, to be extracted once the record is known to be whole.
pub(super) struct Pending {
    url: Option<String>,
    id: Option<String>,
    fetched: Option<String>,
    http: Option<http::Head>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Read the page out of a record's block if the record holds one (the block may be left
/// partly unread).
pub(super) fn take_page(header: &Header, block: &mut impl BufRead) -> io::Result<Wanted> {
    let kind = header.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let block_type = header
        .get("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let (http, content_type) = match kind.as_str() {
        "response" if block_type.is_empty() || block_type.starts_with("application/http") => {
            let head = match http::read_head(block) {
                Ok(h) => h,
                Err(e) => return Ok(Wanted::Problem(format!("unreadable HTTP response: {e}"))),
            };
            if !(200..300).contains(&head.status) {
                return Ok(Wanted::Skip);
            }
            let ct = head.get("Content-Type").map(str::to_string);
            (Some(head), ct)
        }
        "resource" => (None, header.get("Content-Type").map(str::to_string)),
        _ => return Ok(Wanted::Skip),
    };
    if !content_type.as_deref().is_some_and(is_html) {
        return Ok(Wanted::Skip);
    }
    let limit = (MAX_PAGE as u64) + http::MAX_HEAD;
    let mut body = Vec::new();
    block.take(limit + 1).read_to_end(&mut body)?;
    if body.len() as u64 > limit {
        return Ok(Wanted::Problem(format!(
            "page is over the limit of {MAX_PAGE} bytes"
        )));
    }
    let field = |n: &str| {
        header
            .get(n)
            .map(|v| v.trim_matches(['<', '>']).to_string())
    };
    let url = field("WARC-Target-URI").filter(|u| !u.is_empty());
    Ok(Wanted::Page(Pending {
        id: field("WARC-Record-ID")
            .filter(|i| !i.is_empty())
            .or_else(|| url.clone()),
        url,
        fetched: field("WARC-Date"),
        http,
        content_type,
        body,
    }))
}

/// An HTML media type (`text/html`, `application/xhtml+xml`, with any parameters).
fn is_html(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "text/html" || essence == "application/xhtml+xml"
}

impl Pending {
    pub(super) fn read(self, at: &str, sink: &mut dyn FnMut(Item)) {
        let body = match &self.http {
            Some(head) => match http::decode_body(head, self.body, MAX_PAGE) {
                Ok(b) => b,
                Err(msg) => return sink(Item::Notice(Notice::rejected(at, msg))),
            },
            None => self.body,
        };
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return sink(Item::Notice(Notice::rejected(at, "response has no body")));
        }
        let mut extra = Map::new();
        if let Some(f) = self.fetched {
            extra.insert("fetched".into(), Value::String(f));
        }
        let page = Page {
            bytes: &body,
            url: self.url.as_deref(),
            content_type: self.content_type.as_deref(),
        };
        html::read_page(at, self.id, &page, extra, sink);
    }
}
