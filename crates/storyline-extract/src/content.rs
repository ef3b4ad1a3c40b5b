//! Main content: the page is pruned of what is plainly not the article (navigation, share
//! widgets, related links, newsletter and paywall prompts, comments, captions and credits),
//! `dom_smoothie` (a port of Mozilla's Readability) picks the article's container, and the
//! container is written out as paragraphs, headings and list items separated by blank lines.
//! When readability's pick holds far less prose than the element holding most of the page's
//! paragraphs, that element is taken instead; closing furniture (author box, related
//! articles) is cut from the end.

use std::collections::HashMap;

use dom_query::{Document, NodeId, NodeRef};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::dom::{class_and_id, holds_no_text, matcher, select_within, text_len};
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
            paywall|regwall|promo|
            comments|comment-?list(?:ing)?|disqus|
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

/// Elements that frame the page or the article: their classes describe the whole page
/// (`has-promo-banner` on `body`), so they are never taken for furniture.
fn is_page_frame(n: &NodeRef) -> bool {
    ["html", "body", "main", "article"]
        .iter()
        .any(|t| n.has_name(t))
}

/// Attribute values that name a fold-away panel: accordions, collapsible sections, tabs.
static FOLD_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)accordion|collaps|expand|disclosure|tab-?panel").expect("fold regex")
});

/// React's streamed blocks: `<div hidden id="S:1f">`, sent hidden at the end of the page and
/// moved into place by a script once loaded.
static STREAMED_ID: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^S:[0-9a-f]+$").expect("streamed id regex"));

/// Whether a hidden element holds text the reader does get to see: a collapsed panel of an
/// accordion (a guide or FAQ folded into sections, opened by a click) or a streamed block.
/// Menus fold away too, so a panel must be mostly unlinked text.
fn is_folded_content(n: &NodeRef) -> bool {
    if n.attr("id").is_some_and(|id| STREAMED_ID.is_match(&id)) {
        return true;
    }
    let names_fold = |e: &NodeRef| {
        e.attrs().iter().any(|a| {
            let name: &str = &a.name.local;
            !matches!(name, "style" | "href" | "src")
                && (FOLD_ATTR.is_match(&a.value) || (name == "role" && &*a.value == "region"))
        })
    };
    let folds = names_fold(n) || n.parent().is_some_and(|p| names_fold(&p));
    folds && unlinked_len(n) * 2 > text_len(n)
}

/// Shows a hidden element that holds content (see [`is_folded_content`]), so neither pruning
/// nor readability drops it. Returns whether it did.
fn unfold(n: &NodeRef) -> bool {
    if !is_folded_content(n) {
        return false;
    }
    n.remove_attrs(&["hidden", "aria-hidden", "style"]);
    true
}

/// Whether a list is a table of contents: three or more links, all to places on this page,
/// making up nearly all of its text. The headings it lists are in the article already.
fn is_contents_list(list: &NodeRef) -> bool {
    let (mut links, mut linked) = (0, 0);
    for a in select_within(list, "a") {
        if !a.attr("href").is_some_and(|h| h.starts_with('#')) {
            return false;
        }
        links += 1;
        linked += text_len(&a);
    }
    links >= 3 && linked * 10 >= text_len(list) * 8
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
            .iter()
            .filter(|n| !unfold(n))
            .cloned()
            .collect(),
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
        .filter(|n| !unfold(n))
        .cloned()
        .collect();
    remove_small(hidden);
    let contents: Vec<NodeRef> = doc
        .select_matcher(&matcher("ul, ol"))
        .nodes()
        .iter()
        .filter(|n| is_contents_list(n))
        .cloned()
        .collect();
    remove_small(contents);
    let mut doomed = Vec::new();
    for n in doc.select_matcher(&matcher("[class], [id]")).nodes() {
        if is_page_frame(n) {
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
                n if holds_no_text(n) || matches!(n, "svg" | "head" | "title") => continue,
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
            we\s+use\s+cookies|
            (?:(?:table\s+of\s+)?contents|in\s+this\s+article|on\s+this\s+page|jump\s+to|
               back\s+to\s+top|\d+\s+min(?:ute)?s?\s+read|no\s+posts|leave\s+a\s+(?:comment|reply)|
               (?:read|learn|see)\s+more)\s*:?$
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

/// Paragraph-like elements whose prose decides where the article is.
const PROSE_TAGS: &str = "p, pre";

/// Bytes of prose a paragraph needs to count: shorter ones are menu items, labels and links.
const MIN_PROSE: usize = 60;

/// Bytes of a node's text that are not inside links: what a reader reads there rather than
/// clicks.
fn unlinked_len(n: &NodeRef) -> usize {
    let linked: usize = select_within(n, "a").map(|a| text_len(&a)).sum();
    text_len(n).saturating_sub(linked)
}

/// The innermost paragraph-like elements with at least [`MIN_PROSE`] of unlinked text, each
/// with that length.
fn prose_blocks(doc: &Document) -> Vec<(NodeRef<'_>, usize)> {
    let mut out = Vec::new();
    for p in doc.select_matcher(&matcher(PROSE_TAGS)).nodes() {
        // Only innermost ones: an outer block would count its inner ones again.
        if select_within(p, PROSE_TAGS).next().is_some() {
            continue;
        }
        let len = unlinked_len(p);
        if len >= MIN_PROSE {
            out.push((*p, len));
        }
    }
    out
}

/// The element holding most of the page's prose, found without readability: the deepest
/// element holding more than `DENSE_SHARE` of the prose of all `blocks`. Returns it with
/// the prose it holds. Used to catch readability settling on a header, footer or promotion
/// box instead of the article.
fn densest_container<'a>(
    doc: &'a Document,
    blocks: &[(NodeRef<'a>, usize)],
) -> Option<(NodeRef<'a>, usize)> {
    // Over half, so the elements that qualify are all on one line of descent.
    const DENSE_SHARE: f64 = 0.6;
    let mut held: HashMap<NodeId, (usize, usize)> = HashMap::new();
    let mut total = 0;
    for (p, len) in blocks {
        total += len;
        let ancestors = p.ancestors(None);
        let depth = ancestors.len();
        for (i, a) in ancestors.iter().enumerate() {
            held.entry(a.id).or_insert((0, depth - i)).0 += len;
        }
    }
    let need = (total as f64 * DENSE_SHARE) as usize;
    let (id, (prose, _)) = held
        .into_iter()
        .filter(|(_, (prose, _))| *prose > need)
        .max_by_key(|(_, (_, depth))| *depth)?;
    let node = NodeRef {
        id,
        tree: &doc.tree,
    };
    if !node.is_element() || in_furniture(&node) {
        return None;
    }
    Some((node, prose))
}

/// Whether a node or one of its ancestors is marked as furniture by its class or id. Such
/// blocks survive pruning when they are large (a long comment thread); they are never the
/// article.
fn in_furniture(n: &NodeRef) -> bool {
    std::iter::once(*n)
        .chain(n.ancestors_it(None))
        .any(|a| !is_page_frame(&a) && JUNK_ATTR.is_match(&class_and_id(&a)))
}

/// Whether readability's text is so much shorter than the prose of the densest container
/// that readability must have picked the wrong element.
fn readability_missed(paras: &[String], dense_prose: usize) -> bool {
    let got: usize = paras.iter().map(String::len).sum();
    got * 2 < dense_prose
}

/// Short paragraphs (headings, mostly) that open the closing furniture of an article: the
/// author's box and lists of other articles. Everything from such a heading on is dropped.
static CLOSING_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^(?:
            about\s+the\s+authors?|meet\s+the\s+(?:authors?|testers|team|experts?)|
            (?:written|reviewed|edited|fact[-\s]checked)\s+by\b|
            related\s+(?:articles|posts|stories|reading|content|guides)|
            you\s+(?:may|might)\s+(?:also\s+)?(?:be\s+interested|like|enjoy)|
            more\s+(?:from|articles|stories|posts)\b|explore\s+more|
            recommended\s+(?:for\s+you|reading|articles)
        )",
    )
    .expect("closing heading regex")
});

/// Most words a closing heading has; longer paragraphs are text that merely starts that way.
const CLOSING_HEADING_WORDS: usize = 10;

/// Drops the closing furniture: from the first closing heading in the second half of the
/// text (by words) to the end. The second half only, so that a "related reading" box near
/// the top does not take the article with it.
fn cut_closing_sections(mut paras: Vec<String>) -> Vec<String> {
    let words: Vec<usize> = paras.iter().map(|p| word_count(p)).collect();
    let total: usize = words.iter().sum();
    let mut before = 0;
    for (i, (p, w)) in paras.iter().zip(&words).enumerate() {
        if before * 2 >= total && *w <= CLOSING_HEADING_WORDS && CLOSING_HEADING.is_match(p) {
            paras.truncate(i);
            break;
        }
        before += w;
    }
    paras
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
    let mut paras = filter_paragraphs(paras);
    let blocks = prose_blocks(&doc);
    // No element holds more prose than the whole page: when readability has half of that,
    // there is no need to look for the densest element.
    if readability_missed(&paras, blocks.iter().map(|b| b.1).sum()) {
        if let Some((node, prose)) = densest_container(&doc, &blocks) {
            if readability_missed(&paras, prose) {
                paras = filter_paragraphs(block_text(&node));
            }
        }
    }
    cut_closing_sections(paras).join("\n\n")
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
        // Promotion bars and comment listings are furniture families too.
        for junk in ["promo-bar__carousel", "commentlisting", "comment-listing"] {
            assert!(JUNK_ATTR.is_match(junk), "{junk}");
        }
        assert!(!JUNK_ATTR.is_match("promotional-copy"));
    }

    /// A paragraph of `n` sentences, long enough to count as prose.
    fn prose(n: usize) -> String {
        let s = "The council voted on the new budget after a long debate about the roads. ";
        format!("<p>{}</p>", s.repeat(n))
    }

    /// The class of the densest container of a page, with the prose it holds.
    fn densest_class(html: &str) -> Option<(String, usize)> {
        let doc = Document::from(html);
        let blocks = prose_blocks(&doc);
        let (node, held) = densest_container(&doc, &blocks)?;
        Some((node.attr("class").unwrap_or_default().to_string(), held))
    }

    #[test]
    fn densest_container_is_the_article_body() {
        let html = format!(
            r#"<body><header><p>{}</p></header>
               <div id="story"><div class="body">{}{}{}</div></div>
               <nav><ul><li><a href="/a">A long menu entry that is all link text, nothing else</a></li></ul></nav>
               </body>"#,
            "A short strapline that is only just long enough to count as prose here.",
            prose(2),
            prose(3),
            prose(2)
        );
        let (class, held) = densest_class(&html).expect("a container");
        assert_eq!(class, "body");
        assert!(readability_missed(&["A strapline".to_string()], held));
        assert!(!readability_missed(&["x".repeat(held)], held));
    }

    #[test]
    fn nested_list_items_do_not_make_a_menu_dense() {
        // Only paragraphs count, so a menu of described entries does not outweigh the article.
        let item =
            "<li>A menu entry with a description long enough to be taken for prose text</li>";
        let html = format!(
            r#"<body><ul class="mega"><li><ul>{}</ul></li></ul><div class="post">{}{}</div></body>"#,
            item.repeat(12),
            prose(2),
            prose(2)
        );
        assert_eq!(densest_class(&html).expect("a container").0, "post");
    }

    #[test]
    fn comment_threads_are_never_the_densest_container() {
        let html = format!(
            r#"<body><div class="post">{}</div><ol class="comment-list">{}</ol></body>"#,
            prose(1),
            format!("<li>{}</li>", prose(3)).repeat(6)
        );
        assert!(densest_class(&html).is_none());
        // A furniture-like class on `body` describes the page, not a block of it.
        let html = format!(
            r#"<body class="has-promo-banner"><div>{}</div></body>"#,
            prose(3)
        );
        assert!(densest_class(&html).is_some());
    }

    #[test]
    fn folded_panels_and_streamed_blocks_are_kept() {
        let html = format!(
            r#"<body><article>{}
               <div class="accordion"><div hidden><p>Accordion panel words.</p></div></div>
               <div class="faq"><div style="display:none" role="region"><p>Folded answer.</p></div></div>
               <div class="navbar-collapse"><ul hidden><li><a href="/x">Menu link one</a></li></ul></div>
               <div hidden><p>Plainly hidden words.</p></div>
               </article><div hidden id="S:1f"><p>Streamed block words.</p></div></body>"#,
            prose(2)
        );
        let doc = Document::from(html);
        prune(&doc, Prune::default());
        let t = doc.select("body").text();
        for kept in [
            "Accordion panel words",
            "Folded answer",
            "Streamed block words",
        ] {
            assert!(t.contains(kept), "{kept} missing from {t}");
        }
        assert!(!t.contains("Menu link one"), "{t}");
        assert!(!t.contains("Plainly hidden"), "{t}");
    }

    #[test]
    fn in_page_contents_lists_are_removed() {
        let li = |href: &str, text: &str| format!(r#"<li><a href="{href}">{text}</a></li>"#);
        let list = |id: &str, items: String| format!(r#"<ul id="{id}">{items}</ul>"#);
        let html = format!(
            "<body><div>{}{}{}</div></body>",
            list(
                "a",
                li("#one", "One") + &li("#two", "Two") + &li("#three", "Three")
            ),
            list(
                "b",
                li("/one", "One") + &li("/two", "Two") + &li("/three", "Three")
            ),
            list(
                "c",
                li("#one", "One")
                    + "<li>and a good deal of text that is not a link</li>"
                    + &li("#two", "Two")
                    + &li("#three", "Three")
            ),
        );
        let doc = Document::from(html);
        prune(&doc, Prune::default());
        assert!(doc.select("#a").is_empty());
        assert!(!doc.select("#b").is_empty());
        assert!(!doc.select("#c").is_empty());
    }

    #[test]
    fn closing_sections_are_cut_in_the_second_half_only() {
        let p = |s: &str| s.to_string();
        let body = "A sentence of the article with a fair number of words in it. ".repeat(4);
        let paras = vec![
            p(&body),
            p(&body),
            p("About the Author"),
            p("Jo Smith writes about roads."),
        ];
        assert_eq!(cut_closing_sections(paras.clone()), paras[..2].to_vec());
        let early = vec![p("Related articles"), p(&body), p(&body)];
        assert_eq!(cut_closing_sections(early.clone()), early);
        // A long paragraph that merely starts that way is text.
        let long = vec![p(&body), p(&format!("Written by hand, {body}"))];
        assert_eq!(cut_closing_sections(long.clone()), long);
    }

    #[test]
    fn page_aid_lines_are_dropped() {
        let kept = "Read more about the bridge in our archive of stories";
        let paras: Vec<String> = [
            "Table of Contents",
            "In this article:",
            "5 min read",
            "Read more",
            kept,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(filter_paragraphs(paras), vec![kept.to_string()]);
    }
}
