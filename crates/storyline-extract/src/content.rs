//! Main content: the page is pruned of what is plainly not the article (navigation, share
//! widgets, related links, newsletter and paywall prompts, comments, captions and credits),
//! `dom_smoothie` (a port of Mozilla's Readability) picks the article's container, and the
//! container is written out as paragraphs, headings and list items separated by blank lines.

use dom_query::{Document, NodeRef};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::dom::{matcher, text_len};
use crate::text::{collapse_ws, word_count};

/// Words in a `class` or `id` that mark an element as page furniture rather than article text.
/// Matched as whole parts of the attribute (split at spaces, `-` and `_`), so `share` matches
/// `post-share-bar` but not `shareholders`.
static JUNK_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)(?:^|[\s_-])(?:
            share|sharing|sharebar|social-?share|addthis|sharethis|sharedaddy|
            jp-relatedposts|related-?posts|related-?articles|related-?stories|more-?stories|
            newsletter|newsletter-?signup|subscribe-?box|signup-?form|optin|
            paywall|regwall|
            comments|comment-?list|commentlist|disqus|
            cookie-?banner|cookie-?notice|consent|
            outbrain|taboola|
            figcaption|wp-caption-text|photo-?credit|image-?credit|caption-?credit|
            author-?bio|about-?author|
            screen-?reader-?text|sr-only|visually-?hidden
        )(?:$|[\s_-])",
    )
    .expect("junk regex")
});

/// Tags removed everywhere before the article is looked for.
const DROP_TAGS: &str = "script, style, noscript, template, svg, iframe, object, embed, canvas, \
    button, select, input, textarea, figcaption, dialog";

/// Block-level tags: each starts a new paragraph when the text is written out.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "figure"
            | "form"
            | "fieldset"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "center"
    )
}

/// Tags that are separate cells on one line (table cells): a space between them is enough.
fn is_cell(name: &str) -> bool {
    matches!(name, "td" | "th")
}

/// Options for pruning: forum pages keep their comment-like structure.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Prune {
    pub keep_comments: bool,
}

/// Removes page furniture from the document, in place.
pub(crate) fn prune(doc: &Document, opts: Prune) {
    doc.select_matcher(&matcher(DROP_TAGS)).remove();
    let body_len = doc
        .select_matcher(&matcher("body"))
        .nodes()
        .iter()
        .map(text_len)
        .sum::<usize>()
        .max(1);
    // A container holding a good share of the page is a wrongly marked wrapper, not furniture.
    let remove_small = |nodes: Vec<NodeRef>| {
        for n in nodes {
            let len = text_len(&n);
            if len * 4 > body_len && len > 500 {
                continue;
            }
            n.remove_from_parent();
        }
    };
    remove_small(
        doc.select_matcher(&matcher("[hidden], [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog]"))
            .nodes()
            .to_vec(),
    );
    // Inline `display:none` (readability removes these too).
    let hidden: Vec<NodeRef> = doc
        .select_matcher(&matcher("[style]"))
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("style").is_some_and(|s| {
                let s = s.to_ascii_lowercase().replace(' ', "");
                s.contains("display:none") || s.contains("visibility:hidden")
            })
        })
        .cloned()
        .collect();
    remove_small(hidden);
    let mut doomed = Vec::new();
    for n in doc.select_matcher(&matcher("[class], [id]")).nodes() {
        if ["html", "body", "main", "article"]
            .iter()
            .any(|t| n.has_name(t))
        {
            continue;
        }
        let mut attr = String::new();
        if let Some(c) = n.attr("class") {
            attr.push_str(&c);
        }
        if let Some(i) = n.attr("id") {
            attr.push(' ');
            attr.push_str(&i);
        }
        if attr.len() > 400 {
            continue;
        }
        // The pattern ignores case, so only the word it found needs lower-casing.
        if let Some(m) = JUNK_ATTR.find(&attr) {
            let hit = m
                .as_str()
                .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .to_ascii_lowercase();
            if opts.keep_comments && hit.starts_with("comment") {
                continue;
            }
            doomed.push(*n);
        }
    }
    remove_small(doomed);
}

/// Deepest element nesting kept; anything deeper is replaced by its text. Real pages stay far
/// below this, and the readability pass recurses over the tree.
const MAX_DEPTH: usize = 256;

/// Flattens pathologically deep nesting, in place, without recursion.
pub(crate) fn limit_depth(doc: &Document) {
    let mut stack: Vec<(NodeRef, usize)> = vec![(doc.root(), 0)];
    let mut too_deep = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        if depth >= MAX_DEPTH {
            too_deep.push(node);
            continue;
        }
        for c in node.children() {
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    for n in too_deep {
        let text = n.text().to_string();
        n.remove_children();
        n.set_text(text);
    }
}

/// Picks the article container with `dom_smoothie` and returns its paragraphs, read from the
/// container in place (not from its HTML parsed again).
fn readability_paragraphs(doc: Document, url: Option<&str>) -> Option<Vec<String>> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut r = dom_smoothie::Readability::with_document(doc, url, Some(cfg))
        .or_else(|_| dom_smoothie::Readability::with_document(Document::from(""), None, None))
        .ok()?;
    r.parse().ok()?;
    let root = r.doc.select_single("#readability-page-1");
    root.nodes().first().map(block_text)
}

/// Writes the text of a node as paragraphs: blocks separated by blank lines, `<br>` as a line
/// break inside a paragraph, whitespace collapsed. Iterative, so deep nesting cannot overflow
/// the stack.
pub(crate) fn block_text(root: &NodeRef) -> Vec<String> {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    fn flush(cur: &mut String, paras: &mut Vec<String>) {
        let t = collapse_ws(cur);
        if !t.is_empty() {
            paras.push(t);
        }
        cur.clear();
    }
    // (node, entering)
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        if node.is_text() {
            if entering {
                cur.push_str(&node.text());
            }
            continue;
        }
        if !node.is_element() && !node.is_document() && !node.is_fragment() {
            continue;
        }
        let name = node
            .node_name()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        if entering {
            match name.as_str() {
                "script" | "style" | "noscript" | "template" | "svg" | "head" | "title" => continue,
                "br" => {
                    cur.push(crate::text::BR);
                    continue;
                }
                "img" => continue,
                _ => {}
            }
            if is_block(&name) {
                flush(&mut cur, &mut paras);
            } else if is_cell(&name) {
                cur.push(' ');
            }
            stack.push((node, false));
            let children = node.children();
            for c in children.into_iter().rev() {
                stack.push((c, true));
            }
        } else if is_block(&name) {
            flush(&mut cur, &mut paras);
        } else if is_cell(&name) {
            cur.push(' ');
        }
    }
    flush(&mut cur, &mut paras);
    paras
}

static JUNK_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^(?:
            share\b.{0,40}$|share\s+(?:this|on)\b|tweet\s+this|email\s+this|
            (?:follow|like)\s+us\b|
            (?:sign\s+up|subscribe)\b.{0,120}(?:newsletter|inbox|email|updates)|
            (?:get|join)\s+(?:our|the)\s+.{0,40}newsletter|
            advertisement$|sponsored\s+content$|
            (?:read|see)\s+(?:more|also|next)\s*:|related\s*(?:articles|stories|posts)?\s*:|
            (?:photo|image|picture|video)\s*(?:credit)?\s*:|\(?(?:getty|ap|reuters|afp)\s+images?\)?$|
            click\s+here\s+to\b|
            (?:you\s+have\s+)?\d+\s+(?:free\s+)?articles?\s+(?:left|remaining)|
            already\s+a\s+subscriber|subscribe\s+now|
            this\s+(?:article|story)\s+(?:was\s+)?(?:originally\s+)?(?:appeared|published)\s+(?:on|in)\b.{0,80}$|
            all\s+rights\s+reserved|copyright\s+©|©\s*\d{4}|
            we\s+use\s+cookies
        )",
    )
    .expect("junk line regex")
});

/// Drops paragraphs that are page furniture by their wording (share prompts, newsletter and
/// paywall prompts, credits), and exact repeats.
fn filter_paragraphs(paras: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        let short = word_count(&p) <= 30;
        if short && JUNK_LINE.is_match(&p) {
            continue;
        }
        if p.chars().count() > 20 && !seen.insert(p.clone()) {
            continue;
        }
        out.push(p);
    }
    out
}

/// The article text of a parsed page: paragraphs joined by blank lines.
pub(crate) fn main_text(doc: Document, url: Option<&str>, opts: Prune) -> String {
    prune(&doc, opts);
    let fallback = || {
        let d = &doc;
        let body = d.select("body");
        let root = body.nodes().first().cloned().unwrap_or_else(|| d.root());
        block_text(&root)
    };
    let paras = match readability_paragraphs(doc.clone(), url) {
        Some(p) if !p.is_empty() => p,
        _ => fallback(),
    };
    filter_paragraphs(paras).join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        main_text(Document::from(html), None, Prune::default())
    }

    const ARTICLE: &str = r#"<html><head><title>Harbour bridge reopens</title></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article>
        <h1>Harbour bridge reopens after repairs</h1>
        <div class="share-bar"><a>Share on Facebook</a> <a>Share on X</a></div>
        <p>The harbour bridge reopened to traffic on Monday morning after eleven weeks of repairs
           to its western span, the city's transport office said in a statement.</p>
        <figure><img src="b.jpg"><figcaption>The bridge at dawn. Photo: City Office</figcaption></figure>
        <p>Engineers replaced forty cable anchors and resurfaced the deck, work that had been
           planned for next year but was brought forward after an inspection in the spring.</p>
        <h2>What changes for drivers</h2>
        <ul><li>Two lanes each way from 6am</li><li>A 50 km/h limit on the span</li></ul>
        <p>Cyclists will get a separated lane from September, when the last of the barriers
           are installed along the northern footway of the crossing.</p>
        <div class="newsletter-signup"><p>Sign up for our newsletter to get the morning briefing in your inbox</p></div>
        <section class="related-posts"><h3>Related</h3><a>Tunnel closes for a week</a></section>
      </article>
      <div id="comments"><p>First! This comment is not the article at all, really.</p></div>
      <footer>© 2024 The Example Post</footer>
    </body></html>"#;

    #[test]
    fn keeps_article_drops_furniture() {
        let t = text_of(ARTICLE);
        assert!(t.contains("reopened to traffic on Monday"), "{t}");
        assert!(t.contains("What changes for drivers"), "{t}");
        assert!(
            t.contains("Two lanes each way from 6am\n\nA 50 km/h limit"),
            "{t}"
        );
        for junk in [
            "Share on",
            "Photo: City",
            "Sign up",
            "Tunnel closes",
            "First!",
            "© 2024",
            "Home",
        ] {
            assert!(!t.contains(junk), "{junk} in {t}");
        }
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let t = text_of(ARTICLE);
        assert!(t.contains("statement.\n\nEngineers replaced"), "{t}");
        assert!(!t.contains("\n\n\n"));
    }

    #[test]
    fn block_text_handles_deep_nesting() {
        let mut html = String::new();
        for _ in 0..20_000 {
            html.push_str("<span>");
        }
        html.push_str("deep words");
        let doc = Document::from(html);
        let paras = block_text(&doc.root());
        assert_eq!(paras, vec!["deep words".to_string()]);
    }

    #[test]
    fn junk_attribute_matching_is_by_whole_parts() {
        assert!(JUNK_ATTR.is_match("post-share-bar"));
        assert!(JUNK_ATTR.is_match("jp-relatedposts"));
        assert!(JUNK_ATTR.is_match("newsletter-signup"));
        assert!(!JUNK_ATTR.is_match("shareholders-report"));
        assert!(!JUNK_ATTR.is_match("entry-content"));
        assert!(!JUNK_ATTR.is_match("headline"));
    }
}
