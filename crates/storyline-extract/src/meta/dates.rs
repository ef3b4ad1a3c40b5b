//! The publication and update dates of a page, from the most to the least trusted source:
//! JSON-LD, `<meta>` tags, microdata, `<time>`, the URL, date lines in the page, and last the
//! first date written in the text.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use super::date_parse::{parse_date, plausible, render_date};
use super::jsonld::value_text;
use super::visible_date::{first_visible_day, headline_days};
use super::{inside_junk, Dom, JsonLd, Metas};
use crate::dom::class_and_id;

static URL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|\.html?|$)",
    )
    .expect("url date")
});

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "og:published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "originalpublicationdate",
    "rnews:datepublished",
    "cxenseparse:recs:publishtime",
    "date",
    "displaydate",
    "creation_date",
    "created",
    "release_date",
    "article_date_original",
    "og:pubdate",
    "timestamp",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "modified_time",
    "og:modified_time",
    "article:modified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
    "revised",
];

static DATEISH_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)date|time|publish|posted|byline|meta|timestamp|dateline|entry-?info")
        .expect("dateish")
});

/// Finds the publication date: structured data first, then the update date, then `<time>`, the
/// URL, dates in elements that look like a byline or date line, and last the first date written
/// in the page. The second value tells that the date came from that loose last guess.
///
/// A shown update date does not replace a structured publication date: the two are picked
/// about equally often by readers, and the publication date is what the page declares. A
/// plain day shown under the headline far from the structured one does (see
/// [`shown_day_over`]).
pub(super) fn find_published(
    dom: &Dom,
    metas: &Metas,
    ld: &JsonLd,
    urls: &[&str],
    modified: Option<&str>,
) -> (Option<String>, bool) {
    if let Some(st) = find_structured_published(dom, metas, ld) {
        return (Some(shown_day_over(dom, urls, st)), false);
    }
    let found = modified
        .and_then(parse_date)
        .map(|d| shown_day_over(dom, urls, render_date(d)))
        .or_else(|| find_unstructured_published(dom, urls));
    if found.is_some() {
        return (found, false);
    }
    let first = first_visible_day(dom).map(|d| d.format("%Y-%m-%d").to_string());
    let guessed = first.is_some();
    (first, guessed)
}

/// The day a reader is shown, when it is not the structured one `st`: the gold of a page is
/// the day as the page shows it.
///
/// - A day in the URL one off a timestamp: the timestamp is in UTC, the URL in the site's day.
/// - A day under the headline that is not an update and not within a day of `st`: the
///   structured date is then often the record's creation or a re-save, not the story's day.
fn shown_day_over(dom: &Dom, urls: &[&str], st: String) -> String {
    let Some((day, _)) = parse_date(&st) else {
        return st;
    };
    let near = |d: NaiveDate| (d - day).num_days().abs() <= 1;
    if let Some(u) = urls.iter().find_map(|u| url_day(u)) {
        if near(u) && u != day {
            return u.format("%Y-%m-%d").to_string();
        }
    }
    // Updates shown under the headline are left out: they are not the day of publication.
    let shown: Vec<NaiveDate> = headline_days(dom)
        .into_iter()
        .filter(|s| !s.update)
        .map(|s| s.day)
        .collect();
    match shown.first() {
        Some(first) if !shown.iter().any(|d| near(*d)) => first.format("%Y-%m-%d").to_string(),
        _ => st,
    }
}

fn find_structured_published(dom: &Dom, metas: &Metas, ld: &JsonLd) -> Option<String> {
    structured_date(
        dom,
        metas,
        ld,
        "datePublished",
        PUBLISHED_KEYS,
        "[itemprop=datePublished], [itemprop=dateCreated]",
    )
    .or_else(|| ld_date(ld, "dateCreated"))
    .or_else(|| any_publish_meta(metas))
}

/// A date in any other `<meta>` whose name speaks of publishing ("published",
/// "w-published-date"), names in sorted order so the choice does not depend on hashing.
fn any_publish_meta(metas: &Metas) -> Option<String> {
    let mut keys: Vec<&String> = metas
        .0
        .keys()
        .filter(|k| k.contains("publish") && !k.contains("publisher"))
        .collect();
    keys.sort();
    keys.iter()
        .flat_map(|k| metas.all(k))
        .find_map(|v| parse_date(v))
        .map(render_date)
}

/// A day written in a URL's path ("/2024/03/05/", "/2024-03-05-").
fn url_day(u: &str) -> Option<NaiveDate> {
    let c = URL_DATE.captures(u)?;
    let d = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    plausible(d).then_some(d)
}

fn url_date(u: &str) -> Option<String> {
    url_day(u).map(|d| d.format("%Y-%m-%d").to_string())
}

fn find_unstructured_published(dom: &Dom, urls: &[&str]) -> Option<String> {
    // <time>: one marked as the publication time, else the first in the body.
    let mut first_time = None;
    for n in dom.select("time") {
        let v = n
            .attr("datetime")
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.text().to_string());
        let Some(d) = parse_date(&v) else { continue };
        let marked = n.has_attr("pubdate")
            || n.attr("class")
                .is_some_and(|c| c.to_ascii_lowercase().contains("publish"))
            || n.attr("itemprop")
                .is_some_and(|c| c.to_ascii_lowercase().contains("published"));
        if marked {
            return Some(render_date(d));
        }
        if first_time.is_none() && !inside_junk(&n) {
            first_time = Some(d);
        }
    }
    if let Some(d) = first_time {
        return Some(render_date(d));
    }
    if let Some(d) = headline_days(dom).first() {
        return Some(d.day.format("%Y-%m-%d").to_string());
    }
    if let Some(d) = urls.iter().find_map(|u| url_date(u)) {
        return Some(d);
    }
    // Date lines and bylines in the text: "Published March 3, 2024", "By Jane Doe | 3 May 2024".
    for n in dom.select("[class], [id]").take(20_000) {
        let attr = class_and_id(&n);
        if attr.len() > 200 || !DATEISH_ATTR.is_match(&attr) || inside_junk(&n) {
            continue;
        }
        let t = n.text();
        if t.len() > 300 {
            continue;
        }
        if let Some(d) = parse_date(&t) {
            return Some(render_date(d));
        }
    }
    None
}

pub(super) fn find_modified(dom: &Dom, metas: &Metas, ld: &JsonLd) -> Option<String> {
    structured_date(
        dom,
        metas,
        ld,
        "dateModified",
        MODIFIED_KEYS,
        "[itemprop=dateModified]",
    )
}

/// A date from structured data, in order of trust: JSON-LD `ld_key`, then the meta tags
/// `meta_keys`, then microdata elements matching `itemprop`.
fn structured_date(
    dom: &Dom,
    metas: &Metas,
    ld: &JsonLd,
    ld_key: &str,
    meta_keys: &[&str],
    itemprop: &'static str,
) -> Option<String> {
    if let Some(d) = ld_date(ld, ld_key) {
        return Some(d);
    }
    for key in meta_keys {
        for v in metas.all(key) {
            if let Some(d) = parse_date(v) {
                return Some(render_date(d));
            }
        }
    }
    for n in dom.select(itemprop) {
        let v = n
            .attr("content")
            .or_else(|| n.attr("datetime"))
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.text().to_string());
        if let Some(d) = parse_date(&v) {
            return Some(render_date(d));
        }
    }
    None
}

/// The first readable JSON-LD date under `key`, most trusted object first.
fn ld_date(ld: &JsonLd, key: &str) -> Option<String> {
    ld.ranked()
        .find_map(|o| o.get(key).and_then(value_text))
        .and_then(|s| parse_date(&s))
        .map(render_date)
}

#[cfg(test)]
mod tests {
    use crate::meta::meta_of;

    #[test]
    fn dates_from_url_and_text() {
        let m = meta_of(
            "<html><body><p>x</p></body></html>",
            Some("https://x.example/2021/07/09/some-story/"),
        );
        assert_eq!(m.published.as_deref(), Some("2021-07-09"));
        let m = meta_of(
            r#"<html><body><span class="post-date">Posted on 3rd March 2020</span><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-03-03"));
        let m = meta_of(
            r#"<html><body><article><time datetime="2019-05-01T10:00:00-04:00">May 1</time></article></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref().map(|s| &s[..10]), Some("2019-05-01"));
    }

    #[test]
    fn published_date_is_not_replaced_by_update() {
        let html = r#"<html><head>
            <meta property="article:published_time" content="2022-03-01T10:00:00+00:00">
            <meta property="article:modified_time" content="2025-06-18T10:00:00+00:00">
            </head><body><h1>T</h1><p>Updated June 18, 2025</p></body></html>"#;
        assert_eq!(
            meta_of(html, None).published.as_deref().map(|s| &s[..10]),
            Some("2022-03-01")
        );
    }

    #[test]
    fn the_day_shown_under_the_headline_wins() {
        // A structured date far from the one shown under the headline is a re-save.
        let html = r#"<html><head><meta property="article:published_time" content="2025-06-12T10:00:00Z">
            </head><body><h1>Fitness protocol</h1><p>November 2, 2022</p><p>Long text.</p></body></html>"#;
        assert_eq!(meta_of(html, None).published.as_deref(), Some("2022-11-02"));
        // An update shown there does not replace it.
        let html = r#"<html><head><meta property="article:published_time" content="2025-06-12T10:00:00Z">
            </head><body><h1>T</h1><p>By Jo Ng</p><p>Last updated:</p><p>Nov 2, 2025</p></body></html>"#;
        assert_eq!(
            meta_of(html, None).published.as_deref().map(|s| &s[..10]),
            Some("2025-06-12")
        );
        // A UTC timestamp a day after the URL's day: the URL has the day the site shows.
        let html = r#"<html><head><meta property="article:published_time" content="2025-12-19T02:41:41+00:00">
            </head><body><h1>T</h1></body></html>"#;
        let m = meta_of(html, Some("https://blog.example/2025/12/18/a-post/"));
        assert_eq!(m.published.as_deref(), Some("2025-12-18"));
    }

    #[test]
    fn published_date_from_other_meta_and_from_text() {
        let m = meta_of(
            r#"<html><head><meta name="w-published-date" content="2025-05-27T06:03:43Z"></head><body>x</body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref().map(|s| &s[..10]), Some("2025-05-27"));
        // The first date a reader sees, not one in a script (in the story's text, not in a
        // date line under the headline, so only guessed).
        let m = meta_of(
            r#"<html><body><script>var d = "2019-01-01";</script><h1>Notes</h1>
               <p>These notes were written on 17.05.2021 at home, on a rainy day, after a long walk
               along the river and a talk with the neighbours about the garden, the weather, the
               coming harvest and the price of seeds this year.</p>
               <p>See also March 3, 2020.</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2021-05-17"));
        assert!(m.published_guessed);
    }
}
