//! A light HTML-to-text for feed content: tags dropped, block elements and line breaks made
//! paragraph breaks, scripts, styles and comments removed, character references decoded.
//!
//! Feed entries carry the article body as an HTML fragment with no page around it, so there
//! is no boilerplate for a page extractor to find; a page extractor's scoring may even drop a
//! short fragment's paragraphs. Page furniture inside a fragment ("The post … appeared first
//! on …") is left to the cleaner, as for any other input.

/// Elements whose content is never text.
const SKIPPED: [&str; 9] = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head",
];

/// Elements that start or end a paragraph.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "br",
    "hr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "main",
    "address",
    "details",
    "summary",
    "form",
];

/// Plain text of an HTML fragment: paragraphs separated by blank lines.
pub(crate) fn to_text(html: &str) -> String {
    let mut out = Text::default();
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let (decoded, used) = char_ref(rest);
            out.push_str(decoded.as_deref().unwrap_or("&"));
            rest = &rest[used..];
        } else {
            rest = tag(rest, &mut out);
        }
    }
    out.push_str(rest);
    out.finish()
}

/// Handle the markup at the start of `s` (which starts with `<`); returns what follows it.
fn tag<'a>(s: &'a str, out: &mut Text) -> &'a str {
    if let Some(body) = s.strip_prefix("<!--") {
        return body.find("-->").map_or("", |i| &body[i + 3..]);
    }
    if let Some(body) = s.strip_prefix("<![CDATA[") {
        let end = body.find("]]>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        return body.get(end + 3..).unwrap_or("");
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        return s.find('>').map_or("", |i| &s[i + 1..]);
    }
    let after = &s[1..];
    let closing = after.starts_with('/');
    let name: String = after
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // A lone `<` in text ("a < b").
        out.push_str("<");
        return after;
    }
    let Some(end) = tag_end(s) else {
        return ""; // a tag cut off at the end of the fragment
    };
    let rest = &s[end..];
    if !closing && SKIPPED.contains(&name.as_str()) && !s[..end].ends_with("/>") {
        return skip_element(rest, &name);
    }
    if BLOCKS.contains(&name.as_str()) {
        out.paragraph();
    } else if name == "td" || name == "th" {
        out.push_str(" ");
    }
    rest
}

/// Index just past the `>` closing the tag at the start of `s`, minding quoted attributes.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// What follows the closing tag of `name` (or nothing, if it is never closed).
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let lower = s.to_ascii_lowercase();
    let close = format!("</{name}");
    match lower.find(&close) {
        Some(i) => s[i..].find('>').map_or("", |j| &s[i + j + 1..]),
        None => "",
    }
}

/// Decode a character reference at the start of `s` (`&amp;`, `&#8217;`, `&#x2014;`);
/// returns the text (None when it is not one: the `&` is then literal) and bytes used.
fn char_ref(s: &str) -> (Option<String>, usize) {
    let window = &s.as_bytes()[..s.len().min(40)];
    let Some(semi) = window.iter().position(|&b| b == b';') else {
        return (None, 1);
    };
    let name = &s[1..semi];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        code.map(|c| char::from_u32(c).unwrap_or('\u{FFFD}').to_string())
    } else {
        quick_xml::escape::resolve_html5_entity(name).map(str::to_string)
    };
    match decoded {
        Some(text) => (Some(text), semi + 1),
        None => (None, 1),
    }
}

/// Text being built: whitespace collapsed, paragraphs kept apart.
#[derive(Default)]
struct Text {
    done: Vec<String>,
    current: String,
}

impl Text {
    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    fn paragraph(&mut self) {
        let p = self.current.trim();
        if !p.is_empty() {
            self.done.push(p.to_string());
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.paragraph();
        self.done.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_tags_and_references() {
        let html = "<p>The council&#8217;s vote &amp; the <b>mayor</b>&nbsp;spoke.</p>\n<script>var x = '<p>';</script><p>Second\n   line<br/>Third &unknown; a < b</p><!-- note -->";
        assert_eq!(
            to_text(html),
            "The council\u{2019}s vote & the mayor\u{a0}spoke.\n\nSecond line\n\nThird &unknown; a < b"
        );
    }

    #[test]
    fn plain_text_and_broken_markup() {
        assert_eq!(
            to_text("Just words &#x2014; here."),
            "Just words \u{2014} here."
        );
        assert_eq!(
            to_text("<div>cut <a href=\"x>y\">link</a> off <span"),
            "cut link off"
        );
        assert_eq!(to_text("<style>p{}</style>"), "");
    }
}
