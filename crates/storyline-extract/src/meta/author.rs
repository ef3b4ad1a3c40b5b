//! The author: which sources are asked, in which order (structured data, meta tags, marked-up
//! bylines, byline-like elements, a "By" line under the headline), and how people are preferred
//! to the site's own name.

use dom_query::NodeRef;
use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use super::byline::{
    by_line_under_headline, byline_text, clean_byline, clean_names, join_names, looks_like_name,
};
use super::jsonld::{decode_entities, type_names};
use super::site::{is_org_type, SiteNames};
use super::{inside_junk, inside_other_posts, looks_like_url, Dom, JsonLd, Metas};
use crate::dom::{class_and_id, select_within};
use crate::text::{collapse_ws, word_count};

/// Names of the authors in a JSON-LD `author` / `creator` value.
fn person_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = collapse_ws(&decode_entities(s));
            if !s.is_empty() && !looks_like_url(&s) {
                out.push(s);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| person_names(x, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                person_names(n, out);
            }
        }
        _ => {}
    }
}

static BYLINE_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)byline|author|writer|contributor|posted-?by|reporter").expect("byline attr")
});

static NOT_BYLINE_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)bio|avatar|image|img|photo|box|about|desc|comment|label|more|related|social|follow",
    )
    .expect("not byline")
});

/// Author names in a JSON-LD `author` / `creator` value, split into people and
/// organisations.
fn ld_author_names(v: &Value, people: &mut Vec<String>, orgs: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| ld_author_names(x, people, orgs)),
        Value::Object(o) => {
            let is_org = type_names(v).iter().any(|t| is_org_type(t));
            if let Some(n) = o.get("name") {
                person_names(n, if is_org { orgs } else { people });
            }
        }
        _ => person_names(v, people),
    }
}

/// The authors of a page, people first: structured data, the `twitter:label`/`data` pairs,
/// marked-up bylines, byline-like elements, author-page links, byline text under the headline,
/// names beside person icons, then author boxes. A name that is the site's own (or an
/// organisation) is given only when no person is found.
pub(super) fn find_author(
    dom: &Dom,
    metas: &Metas,
    ld: &JsonLd,
    publisher: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    let site = SiteNames::read(dom, ld, publisher, url);
    let mut fallback: Option<String> = None;
    // People are returned; site and organisation names are kept as the fallback.
    let mut take = |names: Vec<String>, mut orgs: Vec<String>| -> Option<String> {
        let single = names.len() == 1;
        let (people, sites): (Vec<String>, Vec<String>) = names
            .into_iter()
            .partition(|n| !(site.has(n) || single && is_handle(n)));
        orgs.extend(sites);
        if fallback.is_none() {
            fallback = join_names(&orgs);
        }
        join_names(&people)
    };
    for o in ld.ranked() {
        let Some(a) = o.get("author").or_else(|| o.get("creator")) else {
            continue;
        };
        let (mut people, mut orgs) = (Vec::new(), Vec::new());
        ld_author_names(a, &mut people, &mut orgs);
        if let Some(n) = take(clean_names(&people), clean_names(&orgs)) {
            return Some(n);
        }
    }
    for key in [
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "sailthru.author",
        "byl",
        "citation_author",
    ] {
        if let Some(n) = take(clean_names(metas.all(key)), Vec::new()) {
            return Some(n);
        }
    }
    if let Some(n) = take(clean_names(&twitter_written_by(metas)), Vec::new()) {
        return Some(n);
    }
    // Then the page itself, surest first; author boxes last, as sidebars hold others' too.
    let page_sources: [fn(&Dom) -> Vec<String>; 6] = [
        marked_bylines,
        byline_elements,
        author_page_links,
        by_line_under_headline,
        names_beside_person_icons,
        author_box_names,
    ];
    for source in page_sources {
        if let Some(n) = take(source(dom), Vec::new()) {
            return Some(n);
        }
    }
    fallback
}

/// The name beside a person icon or avatar picture (`<i class="fa-user">`, `<img
/// class="avatar">`): the text of the icon's parent, when it is a name.
fn names_beside_person_icons(dom: &Dom) -> Vec<String> {
    static ICON_ATTR: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:^|[-_\s])(?:user|person|author|avatar)(?:$|[-_\s])").expect("icon")
    });
    static POST_META_ATTR: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:post|entry|article|blog)[-_]?(?:meta|info|details)").expect("meta")
    });
    for n in dom
        .select("i[class], span[class], img[class], svg[class]")
        .take(5_000)
    {
        let attr = class_and_id(&n);
        if attr.len() > 200 || !ICON_ATTR.is_match(&attr) || inside_junk(&n) {
            continue;
        }
        // Account menus show the same icons: only a post's meta line counts.
        let in_meta = n
            .ancestors_it(Some(4))
            .any(|a| POST_META_ATTR.is_match(&class_and_id(&a)));
        let Some(parent) = n.parent().filter(|_| in_meta) else {
            continue;
        };
        let t = byline_text(&parent);
        if t.is_empty() || t.len() > 120 {
            continue;
        }
        let name = clean_byline(&t).filter(|c| looks_like_name(c) && word_count(c) <= 5);
        if let Some(c) = name {
            return vec![c];
        }
    }
    Vec::new()
}

/// The name in an "about the author" box ("author-box__name", "post_author_name"): the
/// article's author when nothing above named one. Asked last, since such boxes also sit in
/// sidebars of pages by others.
fn author_box_names(dom: &Dom) -> Vec<String> {
    static NAME_ATTR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)author.{0,12}name|name.{0,12}author").expect("name attr"));
    let wanted = |attr: &str, n: &NodeRef| NAME_ATTR.is_match(attr) && !inside_other_posts(n);
    first_named_element(dom, wanted, 120, 6)
}

/// The name in the first element (of class or id `attr`) that `wanted` accepts and whose text,
/// at most `max_len` bytes, cleans into a name of at most `max_words` words.
fn first_named_element(
    dom: &Dom,
    wanted: impl Fn(&str, &NodeRef) -> bool,
    max_len: usize,
    max_words: usize,
) -> Vec<String> {
    for n in dom.select("[class], [id]").take(20_000) {
        let attr = class_and_id(&n);
        if attr.len() > 200 || !wanted(&attr, &n) {
            continue;
        }
        let t = byline_text(&n);
        if t.len() > max_len {
            continue;
        }
        let name = clean_byline(&t).filter(|c| looks_like_name(c) && word_count(c) <= max_words);
        if let Some(c) = name {
            return vec![c];
        }
    }
    Vec::new()
}

/// An account handle rather than a name ("andrew.keaveney", "kffjsmith"): one lower-case
/// token. Given only when no name is found.
fn is_handle(n: &str) -> bool {
    !n.contains(' ') && n.chars().all(|c| !c.is_uppercase()) && n.chars().count() >= 4
}

/// `twitter:labelN` "Written by" with its `twitter:dataN`.
fn twitter_written_by(metas: &Metas) -> Vec<String> {
    (1..=4)
        .filter(|i| {
            metas.all(&format!("twitter:label{i}")).iter().any(|l| {
                l.to_lowercase().contains("written by") || l.eq_ignore_ascii_case("author")
            })
        })
        .flat_map(|i| metas.all(&format!("twitter:data{i}")).to_vec())
        .collect()
}

/// Names in `itemprop=author` and `rel=author` elements outside comments and sidebars.
fn marked_bylines(dom: &Dom) -> Vec<String> {
    let mut names = Vec::new();
    for n in dom
        .select("[itemprop=author], a[rel=author], [rel=author]")
        .take(10)
    {
        if inside_junk(&n) {
            continue;
        }
        let node = select_within(&n, "[itemprop=name]").next().unwrap_or(n);
        let t = node
            .attr("content")
            .map(|s| s.to_string())
            .unwrap_or_else(|| byline_text(&node));
        if let Some(c) = clean_byline(&t).filter(|c| looks_like_name(c) && word_count(c) <= 8) {
            names.push(c);
        }
    }
    names
}

/// A link to an author's page ("/author/jane-doe", "/contributors/jd") names its author in its
/// text: the first such name outside comments, sidebars and related links.
fn author_page_links(dom: &Dom) -> Vec<String> {
    static AUTHOR_PATH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)/(?:authors?|contributors?|writers?)/[^/?#]").expect("author path")
    });
    for n in dom.select("a[href]").take(3000) {
        if !n.attr("href").is_some_and(|h| AUTHOR_PATH.is_match(&h)) || inside_junk(&n) {
            continue;
        }
        let t = byline_text(&n);
        if let Some(c) = clean_byline(&t).filter(|c| looks_like_name(c) && word_count(c) <= 6) {
            return vec![c];
        }
    }
    Vec::new()
}

/// The first element whose class or id names a byline or author and whose text is a name.
fn byline_elements(dom: &Dom) -> Vec<String> {
    let wanted = |attr: &str, n: &NodeRef| {
        BYLINE_ATTR.is_match(attr) && !NOT_BYLINE_ATTR.is_match(attr) && !inside_junk(n)
    };
    first_named_element(dom, wanted, 200, 8)
}

#[cfg(test)]
mod tests {
    use crate::meta::meta_of;

    #[test]
    fn author_prefers_people_to_site_names() {
        let html = r#"<html><head><title>Budget meals | Heart Help</title>
            <meta property="og:site_name" content="Heart Help">
            <meta name="author" content="Heart Help"></head>
            <body><h1>Budget meals</h1><div class="post-byline"><span>Tracy Parker</span><span>Dietitian</span></div>
            <p>x</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Tracy Parker"));
        // With no person anywhere, the site's name is still given.
        let html = r#"<html><head><title>Budget meals | Heart Help</title>
            <meta name="author" content="Heart Help"></head><body><h1>Budget meals</h1></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Heart Help"));
    }

    #[test]
    fn author_from_author_pages_and_article_footers() {
        let html = r#"<html><body><h1>T</h1><div class="x"><span>Written by</span>
            <a href="/blog/author/moses-kim">Moses Kim</a></div><p>Text.</p>
            <aside><a href="/author/other">Side Person</a></aside></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Moses Kim"));
        let html = r#"<html><body><article><h1>T</h1><p>Text.</p><footer class="meta">
            <a href="/p/hg" rel="author">Halina Goetz</a></footer></article>
            <footer><a rel="author" href="/">Site Owner</a></footer></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Halina Goetz"));
    }

    #[test]
    fn author_from_labels_and_by_lines() {
        let html = r#"<html><head><meta name="twitter:label1" content="Written by">
            <meta name="twitter:data1" content="Albert Swann"></head><body><h1>T</h1></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Albert Swann"));
        let html = r#"<html><body><nav><p>By Menu Person</p></nav><h1>Title</h1>
            <div><p>Written by</p><p>Edzel Tabing</p></div><p>Body text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Edzel Tabing"));
        let html = r#"<html><body><h1>Title</h1><p class="meta">By <a href="/p/sofia">Sofia Gonzalez</a></p></body></html>"#;
        assert_eq!(
            meta_of(html, None).author.as_deref(),
            Some("Sofia Gonzalez")
        );
    }

    #[test]
    fn author_from_boxes_meta_lines_and_article_asides() {
        // An author box that a page builder wraps in a widget, asked after everything else.
        let html = r#"<html><body><h1>T</h1><p>Text.</p><div class="builder-widget">
            <div class="author-box"><img alt="Picture of Noor Aziz"><h4 class="author-box__name">
            Noor Aziz</h4><div class="author-box__bio">Writes about gardens.</div></div></div>
            <div class="related-posts"><span class="author-name">Other Writer</span></div></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Noor Aziz"));
        // A name beside the day under the headline.
        let html = r#"<html><body><h1>How soil works</h1><p>Ivo Marek | Senior Writer | July 2, 2025</p>
            <p>Text of the story.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Ivo Marek"));
        // The article's own aside holds its byline; the page's layout classes are not junk.
        let html = r#"<html><body class="single no-sidebar"><article><h1>T</h1><aside>
            <a rel="author" href="/profile/lena-holt">Lena Holt</a></aside><p>Text.</p></article></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Lena Holt"));
    }

    #[test]
    fn author_beside_icons_and_in_closing_notes() {
        // A person icon in a post's meta line names the author; one in an account menu does not.
        let html = r#"<html><body><div class="header"><i class="fa-user"></i> My Account</div>
            <h1>T</h1><ul class="entry-meta"><li><i class="bi bi-person"></i> Ola Berg</li>
            <li>May 2, 2025</li></ul><p>Text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Ola Berg"));
        let html = r#"<html><body><div class="header"><i class="fa-user"></i> My Account</div>
            <h1>T</h1><p>Text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), None);
        // A closing author note, however far down; a bare "By" that far down is not enough.
        let mut body = "<p>A paragraph of the story.</p>".repeat(100);
        body.push_str("<p>By clicking Yes you agree to our terms.</p>");
        body.push_str("<p>This post was written by Dana Pell, head of research.</p>");
        let html = format!("<html><body><h1>T</h1>{body}</body></html>");
        assert_eq!(meta_of(&html, None).author.as_deref(), Some("Dana Pell"));
        // The note in a page builder's text block (its blocks are all "widgets"); a theme's
        // widget is still skipped.
        let html = r#"<html><body><div class="elementor-widget elementor-widget-heading"><h1>T</h1></div>
            <div class="widget widget_text">Written by Someone Else</div>
            <div class="elementor-widget elementor-widget-text-editor"><p>Story text.</p>
            <h3>Written by Rafe Olsson</h3></div></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Rafe Olsson"));
        // A layout class around the article ("sidebar_content") is no sidebar; a sidebar's
        // own teasers still are.
        let html = r#"<html><body><div class="sidebar_content"><article><h1>T</h1>
            <p class="post-meta"><a rel="author" href="/a/ib">Ines Barra</a></p><p>Story.</p></article></div>
            <div class="sidebar"><article><a rel="author" href="/a/x">Other Writer</a></article></div></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Ines Barra"));
        let html = r#"<html><body><h1>T</h1><p>Story.</p><div class="sidebar-content"><article>
            <a rel="author" href="/a/x">Other Writer</a></article></div></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), None);
        // A closing biography names its writer; one of somebody else's trade does not.
        let html = r#"<html><body><h1>T</h1><p>Story text.</p>
            <p>Mira Kovac is a freelance travel writer based in Split.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Mira Kovac"));
        let html = r#"<html><body><h1>T</h1><p>Story text.</p>
            <p>Mira Kovac is a marine biologist based in Split.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), None);
    }

    #[test]
    fn author_handles_yield_to_names() {
        let html = r#"<html><head><meta name="author" content="jo.ngwriter"></head><body><h1>T</h1>
            <div class="byline">By Jo Ng</div><p>Text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Jo Ng"));
        // With nothing better, the handle is still given.
        let html = r#"<html><head><meta name="author" content="jo.ngwriter"></head><body><h1>T</h1>
            <p>Text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("jo.ngwriter"));
    }

    #[test]
    fn author_in_article_footer_blocks_and_glued_by_spans() {
        let html = r#"<html><body><article><h1>T</h1><p>Text.</p><div class="article-footer">
            <span itemprop="author">Rosa Vance</span></div></article></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Rosa Vance"));
        let html = r#"<html><body><h1>T</h1><div><span>By</span><span>Kurt Ilves</span></div>
            <p>Text of the story.</p></body></html>"#;
        assert_eq!(meta_of(html, None).author.as_deref(), Some("Kurt Ilves"));
    }
}
