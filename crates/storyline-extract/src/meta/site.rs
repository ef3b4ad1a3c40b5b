//! The site around the page: its publisher name, the names it goes by (which must not pass
//! for an author), the page's language and its canonical URL.

use serde_json::Value;

use super::jsonld::{type_names, value_text};
use super::title::{same_words, strip_site, word_key, TITLE_SEPARATORS};
use super::{looks_like_url, Dom, JsonLd, Metas};
use crate::text::collapse_ws;

/// Names of the site itself (publisher, the site part of `<title>`, organisation names in
/// JSON-LD, the host name), as [`word_key`]s. Many pages put these in the author slot; they are
/// kept only for when no person is named anywhere.
pub(super) struct SiteNames(Vec<String>);

impl SiteNames {
    pub(super) fn read(dom: &Dom, ld: &JsonLd, publisher: Option<&str>, url: Option<&str>) -> Self {
        let mut names: Vec<String> = publisher.into_iter().map(word_key).collect();
        if let Some(t) = dom.first("head title").map(|n| collapse_ws(&n.text())) {
            let kept = strip_site(&t, publisher);
            for part in split_title(&t) {
                if !same_words(part, &kept) && !word_key(&kept).contains(&word_key(part)) {
                    names.push(word_key(part));
                }
            }
        }
        for o in &ld.objects {
            let ty = type_names(&Value::Object(o.clone()));
            if ty.iter().any(|t| is_org_type(t) || t == "website") {
                if let Some(n) = o.get("name").and_then(value_text) {
                    names.push(word_key(&n));
                }
            }
        }
        if let Some(host) = url.and_then(host_label) {
            names.push(host);
        }
        names.retain(|n| n.len() >= 3);
        SiteNames(names)
    }

    pub(super) fn has(&self, name: &str) -> bool {
        let k = word_key(name);
        self.0.contains(&k)
    }
}

pub(super) fn is_org_type(t: &str) -> bool {
    t.ends_with("organization") || matches!(t, "corporation" | "localbusiness" | "brand")
}

/// `<title>` cut at every separator.
fn split_title(t: &str) -> Vec<&str> {
    let mut parts = vec![t];
    for sep in TITLE_SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The main label of a URL's host ("news" of "www.news.example.com" is "news"; of
/// "paperium.net", "paperium").
fn host_label(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    let host = rest.split(['/', ':', '?', '#']).next()?;
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    let main = labels
        .len()
        .checked_sub(2)
        .map(|i| labels[i])
        .or(labels.first().copied())?;
    Some(word_key(main))
}

pub(super) fn find_language(dom: &Dom, metas: &Metas, ld: &JsonLd) -> Option<String> {
    let html = dom.first("html");
    let candidates = [
        html.and_then(|h| h.attr("lang")).map(|s| s.to_string()),
        html.and_then(|h| h.attr("xml:lang")).map(|s| s.to_string()),
        metas.first(&["content-language", "language", "dc.language", "og:locale"]),
        ld.article_str("inLanguage"),
    ];
    candidates.into_iter().flatten().find_map(|l| {
        let code: String = l
            .trim()
            .split(['-', '_', ',', ' '])
            .next()?
            .to_ascii_lowercase();
        (2..=3)
            .contains(&code.len())
            .then_some(code)
            .filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase()))
    })
}

pub(super) fn find_publisher(metas: &Metas, ld: &JsonLd) -> Option<String> {
    metas
        .first(&[
            "og:site_name",
            "application-name",
            "publisher",
            "dc.publisher",
            "twitter:site:name",
        ])
        .or_else(|| {
            ld.ranked()
                .find_map(|o| o.get("publisher").and_then(value_text))
        })
        .or_else(|| {
            ld.objects
                .iter()
                .find(|o| {
                    type_names(&Value::Object((*o).clone())).iter().any(|t| {
                        t == "website" || t == "organization" || t == "newsmediaorganization"
                    })
                })
                .and_then(|o| o.get("name").and_then(value_text))
        })
        .filter(|s| !looks_like_url(s))
}

/// Resolves `href` against the page URL (enough for canonical links: absolute, protocol-relative
/// and root-relative forms).
pub(crate) fn resolve(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let scheme_end = base.find("://")?;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}://{}", &base[..scheme_end], rest));
    }
    let host_end = base[scheme_end + 3..]
        .find('/')
        .map(|i| i + scheme_end + 3)
        .unwrap_or(base.len());
    if href.starts_with('/') {
        return Some(format!("{}{}", &base[..host_end], href));
    }
    let dir_end = base.rfind('/').filter(|&i| i >= host_end).map(|i| i + 1);
    match dir_end {
        Some(e) => Some(format!("{}{}", &base[..e], href)),
        None => Some(format!("{}/{}", &base[..host_end], href)),
    }
}

pub(super) fn find_canonical(dom: &Dom, metas: &Metas, url: Option<&str>) -> Option<String> {
    let link = dom
        .select("link[rel]")
        .find(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|n| n.attr("href").map(|s| s.to_string()));
    link.or_else(|| metas.first(&["og:url", "twitter:url"]))
        .and_then(|h| resolve(&h, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving_links() {
        assert_eq!(
            resolve("//cdn.example/x", Some("https://a.example/p")).as_deref(),
            Some("https://cdn.example/x")
        );
        assert_eq!(
            resolve("y", Some("https://a.example/p/q")).as_deref(),
            Some("https://a.example/p/y")
        );
        assert_eq!(resolve("/z", None), None);
    }
}
