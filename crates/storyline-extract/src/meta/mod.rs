//! Metadata: title, author, publisher, dates, language and canonical URL, read from the
//! page's `<meta>` tags, JSON-LD, microdata and visible bylines, plus the structural signals
//! that [`crate::kind`] uses to tell an article from other pages.
//!
//! This file holds the entry point, [`read`], and what the readers share: the `<meta>` tags by
//! name and the test for page furniture (comments, sidebars, related links). Each field has
//! its own reader beside it.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use dom_query::NodeRef;

use crate::dom::{class_and_id, Dom};
use crate::text::collapse_ws;

mod author;
mod byline;
mod date_parse;
mod dates;
mod jsonld;
mod site;
mod title;
mod visible_date;

use author::find_author;
use dates::{find_modified, find_published};
use jsonld::JsonLd;
use site::{find_canonical, find_language, find_publisher};
use title::find_title;

/// What the metadata readers found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    /// The publication date is only the first date written in the page (no markup names it).
    pub published_guessed: bool,
    pub modified: Option<String>,
    pub language: Option<String>,
    pub canonical: Option<String>,
    /// Every JSON-LD / microdata `@type` seen, lower-cased.
    pub types: Vec<String>,
    pub og_type: Option<String>,
}

/// `<meta>` values by lower-cased `name` / `property` / `itemprop` / `http-equiv`.
struct Metas(HashMap<String, Vec<String>>);

impl Metas {
    fn read(dom: &Dom) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for n in dom.select("meta") {
            let Some(content) = n.attr("content") else {
                continue;
            };
            let content = collapse_ws(&content);
            if content.is_empty() {
                continue;
            }
            for key in ["name", "property", "itemprop", "http-equiv"] {
                if let Some(k) = n.attr(key) {
                    for k in k.split_whitespace() {
                        map.entry(k.to_ascii_lowercase())
                            .or_default()
                            .push(content.clone());
                    }
                }
            }
        }
        Metas(map)
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|k| self.0.get(*k).and_then(|v| v.first().cloned()))
    }

    fn all(&self, key: &str) -> &[String] {
        self.0.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("www.")
        || s.starts_with('/')
}

/// Words in the class or id of a block about other posts: comments, sidebars, related links.
const OTHER_POSTS_WORDS: &str = "comment|sidebar|related|recommend|popular|trending";

/// Class or id of a comment section, sidebar or related-links block, or of page furniture
/// ("footer", "widget").
static JUNK_ATTR: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!("(?i){OTHER_POSTS_WORDS}|footer|widget")).expect("junky"));

/// Whether a node sits inside a comment section, sidebar or related-links block.
fn inside_junk(n: &NodeRef) -> bool {
    inside_junk_by(n, &JUNK_ATTR)
}

/// [`JUNK_ATTR`] without the words page builders put on every block ("widget", "footer").
static OTHER_POSTS_ATTR: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!("(?i){OTHER_POSTS_WORDS}")).expect("other posts"));

/// [`inside_junk`] for blocks that page builders wrap in widgets (author boxes).
fn inside_other_posts(n: &NodeRef) -> bool {
    inside_junk_by(n, &OTHER_POSTS_ATTR)
}

fn inside_junk_by(n: &NodeRef, junk: &Regex) -> bool {
    let ancestors: Vec<NodeRef> = n.ancestors_it(Some(12)).collect();
    let is = |n: &NodeRef, tags: &[&str]| n.node_name().is_some_and(|t| tags.contains(&&*t));
    // Ancestors run from the nearest out: the outermost `<article>`, the nearest main content.
    let outer_article = ancestors.iter().rposition(|b| is(b, &["article"]));
    let inner_main = ancestors.iter().position(|b| is(b, &["article", "main"]));
    let main_has_headline = || {
        inner_main.is_some_and(|k| {
            crate::dom::select_within(&ancestors[k], "h1")
                .next()
                .is_some()
        })
    };
    ancestors.iter().enumerate().any(|(i, a)| {
        let name = a.node_name().map(|s| s.to_string()).unwrap_or_default();
        // An article's own footer or aside holds its byline; the page's are furniture. One
        // that wraps the main content is a markup slip (an unclosed banner), not a sidebar.
        let in_article = outer_article.is_some_and(|k| k > i);
        let articles_own = matches!(name.as_str(), "footer" | "aside") && in_article;
        let wraps_main = inner_main.is_some_and(|k| k < i);
        if matches!(name.as_str(), "aside" | "footer" | "nav") && !articles_own && !wraps_main {
            return true;
        }
        // The page's own classes describe its layout ("no-sidebar", "has-comments").
        if matches!(name.as_str(), "body" | "html") {
            return false;
        }
        let attr = class_and_id(a);
        attr.len() < 200
            && attr.split_whitespace().any(|w| {
                junk.is_match(w)
                    && !["no-", "has-", "with-", "without-"]
                        .iter()
                        .any(|p| w.starts_with(p))
                    && !(in_article && w.contains("footer"))
                    // "sidebar_content" around the page's article (the one with its
                    // headline) names a layout, as on <body>.
                    && !(wraps_main && w.contains("content") && main_has_headline())
            })
    })
}

/// Reads all metadata from a parsed page (before any pruning).
pub(crate) fn read(dom: &Dom, url: Option<&str>) -> Meta {
    let metas = Metas::read(dom);
    let mut types = Vec::new();
    let ld = JsonLd::read(dom, &mut types);
    for n in dom.select("[itemtype]").take(200) {
        if let Some(t) = n.attr("itemtype") {
            types.extend(
                t.split_whitespace()
                    .map(|s| s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase()),
            );
        }
    }
    let publisher = find_publisher(&metas, &ld);
    let modified = find_modified(dom, &metas, &ld);
    let canonical = find_canonical(dom, &metas, url);
    // The page's address, then the one it names for itself, can carry the day.
    let urls: Vec<&str> = [url, canonical.as_deref()].into_iter().flatten().collect();
    let (published, published_guessed) =
        find_published(dom, &metas, &ld, &urls, modified.as_deref());
    Meta {
        title: find_title(dom, &metas, &ld, publisher.as_deref()),
        author: find_author(dom, &metas, &ld, publisher.as_deref(), url),
        published,
        published_guessed,
        modified,
        language: find_language(dom, &metas, &ld),
        canonical,
        og_type: metas.first(&["og:type"]).map(|s| s.to_ascii_lowercase()),
        publisher,
        types,
    }
}

/// Reads the metadata of a page given as HTML (for tests).
#[cfg(test)]
fn meta_of(html: &str, url: Option<&str>) -> Meta {
    let doc = dom_query::Document::from(html);
    read(&Dom::new(&doc), url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_for_dates_and_authors() {
        let html = r#"<html lang="en-GB"><head>
            <title>Council votes on budget | The Riverside Herald</title>
            <meta property="og:site_name" content="The Riverside Herald">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Riverside Herald"},
              {"@type":"NewsArticle","headline":"Council votes on budget","datePublished":"2023-11-05T08:15:00+00:00",
               "dateModified":"2023-11-06T10:00:00Z","author":[{"@type":"Person","name":"Ana Lima"},{"@type":"Person","name":"Tom Brook"}]}]}
            </script></head><body><h1>Council votes on budget</h1><p>Text.</p></body></html>"#;
        let m = meta_of(html, Some("https://herald.example/news/budget"));
        assert_eq!(m.title.as_deref(), Some("Council votes on budget"));
        assert_eq!(m.author.as_deref(), Some("Ana Lima and Tom Brook"));
        assert_eq!(m.published.as_deref().map(|s| &s[..10]), Some("2023-11-05"));
        assert_eq!(m.modified.as_deref().map(|s| &s[..10]), Some("2023-11-06"));
        assert_eq!(m.publisher.as_deref(), Some("The Riverside Herald"));
        assert_eq!(m.language.as_deref(), Some("en"));
        assert!(m.types.iter().any(|t| t == "newsarticle"));
    }

    #[test]
    fn meta_tags_and_byline() {
        let html = r#"<html><head><title>Storm hits coast - Coastal Times</title>
            <meta property="article:published_time" content="2022-02-14">
            <link rel="canonical" href="/2022/storm">
            </head><body><div class="byline">By Maria Perez | February 14, 2022</div>
            <h1>Storm hits coast</h1><p>Words.</p></body></html>"#;
        let m = meta_of(html, Some("https://coastal.example/a/b?x=1"));
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.author.as_deref(), Some("Maria Perez"));
        assert_eq!(m.published.as_deref(), Some("2022-02-14"));
        assert_eq!(
            m.canonical.as_deref(),
            Some("https://coastal.example/2022/storm")
        );
    }
}
