//! Extraction stage of Storyline: an HTML page (bytes as saved or fetched) becomes the
//! article's main text and its metadata, or is recognised as a page that is not an article.
//!
//! One entry point, [`extract`], behind which the content extractor and the metadata readers
//! can be swapped. Pure: no I/O, no network.

use serde::Serialize;

mod bound;
mod content;
mod decode;
mod dom;
pub mod eval;
mod kind;
mod meta;
mod text;

/// A page as the caller has it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    /// Raw bytes (gzip is recognised by its magic number and inflated).
    pub bytes: &'a [u8],
    /// Where the page came from, when known (helps dates and canonical URLs).
    pub url: Option<&'a str>,
    /// `Content-Type` header value, when known (its charset wins over the page's own).
    pub content_type: Option<&'a str>,
}

/// What kind of page it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Article,
    Listing,
    Product,
    Forum,
    Other,
}

/// An extracted page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    pub url: Option<String>,
    pub canonical: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    /// YYYY-MM-DD or RFC 3339.
    pub published: Option<String>,
    pub modified: Option<String>,
    /// ISO 639-1 code, when the page says or the text shows.
    pub language: Option<String>,
    pub kind: PageKind,
    pub is_article: bool,
    /// Main text: paragraphs separated by blank lines.
    pub text: String,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Over the size limit (bytes, after inflating).
    TooLarge(usize),
    /// Not HTML at all (binary data).
    NotHtml(String),
    /// Broken gzip stream.
    BadGzip(String),
    /// Nothing readable in the body.
    Empty,
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::TooLarge(n) => {
                write!(f, "page of {n} bytes is over the {MAX_PAGE} byte limit")
            }
            ExtractError::NotHtml(why) => write!(f, "not an HTML page: {why}"),
            ExtractError::BadGzip(why) => write!(f, "broken gzip data: {why}"),
            ExtractError::Empty => write!(f, "no readable text in the page"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Largest page read (10 MB, after inflating).
pub const MAX_PAGE: usize = 10 * 1024 * 1024;

/// Reads a page: inflates and decodes it, extracts its metadata, decides what kind of page it
/// is, and extracts its main text (paragraphs separated by blank lines).
///
/// Never panics on bad input; errors name why a page could not be read at all. A page that is
/// readable but not an article still comes back, with `is_article` false and its best text.
pub fn extract(page: &Page) -> Result<Extracted, ExtractError> {
    let bytes = decode::inflate(page.bytes)?;
    let decoded = decode::decode(&bytes, page.content_type)?;
    drop(bytes);
    let doc = dom_query::Document::from(bound::bounded(&decoded.text).as_ref());
    drop(decoded);
    content::limit_depth(&doc);
    let dom = dom::Dom::new(&doc);
    let meta = meta::read(&dom, page.url);
    // A date only guessed from the text says nothing about the page being an article.
    let signals = kind::signals(&dom, meta.published.is_some() && !meta.published_guessed);
    drop(dom);
    let kind = kind::classify(&meta, &signals);
    if signals.text_chars == 0 && meta.title.is_none() {
        return Err(ExtractError::Empty);
    }
    let text = content::main_text(
        doc,
        page.url,
        content::Prune {
            keep_comments: kind == PageKind::Forum,
        },
    );
    if text.is_empty() && meta.title.is_none() {
        return Err(ExtractError::Empty);
    }
    Ok(Extracted {
        url: page.url.map(str::to_string),
        canonical: meta.canonical,
        title: meta.title,
        author: meta.author,
        publisher: meta.publisher,
        published: meta.published,
        modified: meta.modified,
        language: meta.language,
        kind,
        is_article: kind == PageKind::Article,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &[u8]) -> Result<Extracted, ExtractError> {
        extract(&Page {
            bytes: html,
            url: Some("https://news.example/2024/03/05/story"),
            content_type: None,
        })
    }

    const STORY: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
      <title>Ferry service resumes on the lake | Lakeside Courier</title>
      <meta property="og:site_name" content="Lakeside Courier"><meta property="og:type" content="article">
      <meta name="author" content="Priya Natarajan">
      <meta property="article:published_time" content="2024-03-05T07:00:00+01:00">
      <link rel="canonical" href="https://news.example/ferry"></head>
      <body><header><a href="/">Lakeside Courier</a></header><article><h1>Ferry service resumes on the lake</h1>
      <p>The lake ferry carried its first passengers in four months on Tuesday, after the operator
      finished replacing the landing stages at both ends of the crossing and passed its safety check.</p>
      <p>Timetables are unchanged from last summer, with sailings every forty minutes from seven in the
      morning until the last boat back at half past nine in the evening, the operator said.</p>
      <p>Season tickets bought before the closure will be extended by four months, and cyclists can
      again take bicycles on board free of charge outside the morning and evening peaks.</p>
      </article></body></html>"#;

    #[test]
    fn reads_a_story() {
        let e = run(STORY.as_bytes()).unwrap();
        assert_eq!(
            e.title.as_deref(),
            Some("Ferry service resumes on the lake")
        );
        assert_eq!(e.author.as_deref(), Some("Priya Natarajan"));
        assert_eq!(e.publisher.as_deref(), Some("Lakeside Courier"));
        assert_eq!(e.published.as_deref().map(|s| &s[..10]), Some("2024-03-05"));
        assert_eq!(e.language.as_deref(), Some("en"));
        assert_eq!(e.canonical.as_deref(), Some("https://news.example/ferry"));
        assert!(e.is_article);
        assert_eq!(e.kind, PageKind::Article);
        assert!(e.text.contains("first passengers in four months"));
        assert_eq!(
            e.text
                .split("\n\n")
                .filter(|p| p.contains("ferry") || p.contains("Timetables") || p.contains("Season"))
                .count(),
            3,
            "{}",
            e.text
        );
    }

    #[test]
    fn truncated_and_malformed_pages_do_not_panic() {
        let bytes = STORY.as_bytes();
        for cut in [10, 100, 400, 900, bytes.len() - 30] {
            let _ = run(&bytes[..cut]);
        }
        let _ = run(b"<html><body><p>unclosed <b><i>tags <table><tr><td>cell</p></div></span>");
        let _ = run(b"<p>no html or body element at all, just a paragraph</p>");
        assert!(matches!(
            run(b"<html><head></head></html>"),
            Err(ExtractError::Empty)
        ));
    }

    #[test]
    fn deeply_nested_junk_does_not_overflow() {
        let mut html = String::from("<html><body>");
        for _ in 0..50_000 {
            html.push_str("<div>");
        }
        html.push_str("<p>Deep inside the nest there is a sentence that should survive.</p>");
        let _ = run(html.as_bytes());
    }

    #[test]
    fn big_pages_are_read_and_bigger_refused() {
        let mut html = String::from("<html><body><article>");
        let para = "<p>Words of a long report on the harbour works that goes on and on for many lines of text.</p>\n";
        while html.len() + para.len() < MAX_PAGE - 100 {
            html.push_str(para);
        }
        html.push_str("</article></body></html>");
        assert!(run(html.as_bytes()).is_ok());
        let big = vec![b' '; MAX_PAGE + 1];
        assert_eq!(run(&big), Err(ExtractError::TooLarge(MAX_PAGE + 1)));
    }

    #[test]
    fn listing_pages_are_not_articles() {
        let mut html =
            String::from("<html><head><title>Latest news</title></head><body><h1>Latest</h1>");
        for i in 0..20 {
            html.push_str(&format!("<div class=teaser><h3><a href=/s{i}>Headline number {i}</a></h3><p>Short blurb {i}.</p></div>"));
        }
        html.push_str("</body></html>");
        let e = run(html.as_bytes()).unwrap();
        assert_eq!(e.kind, PageKind::Listing);
        assert!(!e.is_article);
    }

    #[test]
    fn product_pages_are_recognised() {
        let html = r#"<html><head><title>Kettle</title><script type="application/ld+json">{"@type":"Product","name":"Steel kettle","offers":{"@type":"Offer","price":"29.99"}}</script></head>
            <body><h1>Steel kettle</h1><span class="price">$29.99</span><button>Add to cart</button><p>A kettle.</p></body></html>"#;
        assert_eq!(run(html.as_bytes()).unwrap().kind, PageKind::Product);
        // A shop's category page lists products: a listing.
        let html = r#"<html><head><title>Kettles</title><script type="application/ld+json">{"@type":"CollectionPage","mainEntity":{"@type":"ItemList","itemListElement":[{"@type":"Product","name":"Steel kettle"}]}}</script></head>
            <body><h1>Kettles</h1><span class="price">$29.99</span><button>Add to cart</button><p>Kettles.</p></body></html>"#;
        assert_eq!(run(html.as_bytes()).unwrap().kind, PageKind::Listing);
    }

    /// A page of `n` long paragraphs with `extra` markup in its body and `head` in its head.
    fn prose_page(head: &str, extra: &str, n: usize) -> String {
        let para =
            "<p>The council met on Tuesday to discuss the new harbour works, which residents \
            say have gone on for far too long and cost far more than anyone was promised.</p>";
        format!(
            "<html><head><title>Harbour works</title>{head}</head><body><h1>Harbour works</h1>{extra}{}</body></html>",
            para.repeat(n)
        )
    }

    #[test]
    fn articles_with_faq_markup_contents_links_and_big_scripts_stay_articles() {
        let faq = r#"<script type="application/ld+json">{"@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Why?","acceptedAnswer":{"@type":"Answer","text":"Because."}}]}</script>
            <meta property="og:type" content="article">"#;
        assert_eq!(
            run(prose_page(faq, "", 6).as_bytes()).unwrap().kind,
            PageKind::Article
        );
        // A contents list of in-page links and a large inline script.
        let mut extra = String::from("<script>var state = \"");
        extra.push_str(&"x".repeat(200_000));
        extra.push_str("\";</script>");
        for i in 0..15 {
            extra.push_str(&format!("<h2><a href=\"#part{i}\">Part {i}</a></h2>"));
        }
        let head = r#"<meta property="article:published_time" content="2024-03-05">"#;
        assert_eq!(
            run(prose_page(head, &extra, 6).as_bytes()).unwrap().kind,
            PageKind::Article
        );
        // A question asked on its own is a forum thread.
        let asked =
            r#"<script type="application/ld+json">{"@type":"Question","name":"Why?"}</script>"#;
        assert_eq!(
            run(prose_page(asked, "", 6).as_bytes()).unwrap().kind,
            PageKind::Forum
        );
    }

    #[test]
    fn reference_documentation_is_not_an_article() {
        let code = "<pre><code>let x = 1;</code></pre>".repeat(40);
        let html = prose_page("", &code, 6);
        let undated = Page {
            bytes: html.as_bytes(),
            url: Some("https://docs.example/guide/start"),
            content_type: None,
        };
        assert_eq!(extract(&undated).unwrap().kind, PageKind::Other);
        // Dated, it is a technical post.
        let head = r#"<meta property="article:published_time" content="2024-03-05">"#;
        assert_eq!(
            run(prose_page(head, &code, 6).as_bytes()).unwrap().kind,
            PageKind::Article
        );
    }
}
