//! The title: the visible `<h1>` when it agrees with what the page head says (`og:title`,
//! the JSON-LD headline, `<title>`), the head's spelling when the heading is only styled
//! differently, and `<title>` without its site name as the fallback.

use dom_query::NodeRef;

use super::jsonld::decode_entities;
use super::{Dom, JsonLd, Metas};
use crate::dom::{class_and_id, holds_no_text, select_within, tag_name};
use crate::text::{collapse_ws, fold, word_count};

pub(super) const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / ", " ~ ",
];

/// `<title>` without the site name: the longest part when it splits at a separator into a
/// headline and a short site name (or the site name is known, or the part is a domain name
/// such as "Example.com"). A title with more parts at the same separator ("Headline | Section |
/// Some Hospital Name") sheds a longer tail: that is a breadcrumb.
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = collapse_ws(title);
    let site_f = site.map(fold);
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_is_site = site_f.as_deref().is_some_and(|s| {
                fold(tail) == s || fold(tail).contains(s) || s.contains(&fold(tail))
            }) || is_domain(tail);
            let short = if head.contains(sep) { 6 } else { 4 };
            if tail_is_site || (word_count(tail) <= short && word_count(head) >= 3) {
                return strip_site(head.trim(), site);
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let head_is_site = site_f.as_deref().is_some_and(|s| fold(head) == s);
            if head_is_site && word_count(tail) >= 2 {
                return tail.trim().to_string();
            }
        }
    }
    title
}

/// Entities a page escaped twice ("&#x26;"), and any mojibake their decoding shows.
fn decoded(s: &str) -> String {
    storyline_core::mojibake::repair_mojibake(&decode_entities(s)).into_owned()
}

/// "Newegg.com", "latimes.co.uk": one word with a dot before a short alphabetic ending.
fn is_domain(s: &str) -> bool {
    let s = s.trim();
    let Some((name, tld)) = s.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && !s.contains(char::is_whitespace)
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// A headline that ends with the site's own name ("Headline | Site | Site") loses it; other
/// separated parts stay (a headline is written as the title, not as a page title).
fn drop_known_site(h: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(fold) else {
        return h.to_string();
    };
    let mut h = collapse_ws(h);
    loop {
        let cut = TITLE_SEPARATORS.iter().find_map(|sep| {
            let pos = h.rfind(sep)?;
            (fold(&h[pos + sep.len()..]) == site && word_count(&h[..pos]) >= 2).then_some(pos)
        });
        match cut {
            Some(pos) => h.truncate(pos),
            None => return h.trim().to_string(),
        }
    }
}

/// Letters and digits only, lower-cased: the words of a title without its typography.
pub(super) fn word_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

pub(super) fn same_words(a: &str, b: &str) -> bool {
    let a = word_key(a);
    !a.is_empty() && a == word_key(b)
}

fn contains_words(hay: &str, needle: &str) -> bool {
    let n = word_key(needle);
    n.len() >= 8 && word_key(hay).contains(&n)
}

/// A heading's text with `<br>` and block children read as spaces ("WEEKEND<br>CODING" is two
/// words), scripts and styles skipped.
fn heading_text(n: &NodeRef) -> String {
    fn walk(n: &NodeRef, out: &mut String) {
        for c in n.children_it(false) {
            if c.is_text() {
                out.push_str(&c.text());
                continue;
            }
            let name = tag_name(&c);
            match name.as_str() {
                // A date shown inside the headline is not part of the title.
                n if holds_no_text(n) || n == "svg" || n == "time" => {}
                "br" => out.push(' '),
                "div" | "p" | "li" => {
                    out.push(' ');
                    walk(&c, out);
                    out.push(' ');
                }
                _ => {
                    let at = out.len();
                    walk(&c, out);
                    if glued_at(out, at) {
                        out.insert(at, ' ');
                    }
                }
            }
        }
    }
    let mut out = String::new();
    walk(n, &mut out);
    // Pages that escape twice show "&#x26;" where "&" is meant.
    collapse_ws(&decoded(&out))
}

/// Whether an element's text, starting at byte `at` of `out`, was glued to a word before it
/// by a page that sets the element on a line of its own ("Notion Alternatives<span>Top
/// Tools"): a word of three or more letters ending in lower case, then a capitalised word.
fn glued_at(out: &str, at: usize) -> bool {
    let (before, after) = out.split_at(at);
    // The last three letters before the element, last first.
    let tail: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .take(3)
        .collect();
    let mut next = after.chars();
    tail.len() == 3
        && tail[0].is_lowercase()
        && next.next().is_some_and(char::is_uppercase)
        && next.next().is_some_and(char::is_lowercase)
}

fn is_all_caps(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic()) && !s.chars().any(|c| c.is_lowercase())
}

/// Of two spellings of the same words, the heading's unless the head's is clearly the written
/// form: headings are often set in capitals or lower case by the page design, while a head
/// title in title case ("How to Install Solar Panels") beats a heading in sentence case. Small
/// differences ("and" / "And") keep the heading.
fn better_case(h1: &str, head: &str) -> String {
    if h1 == head || h1.to_lowercase() != head.to_lowercase() {
        return h1.to_string();
    }
    let upper = |s: &str| s.chars().filter(|c| c.is_uppercase()).count();
    let use_head =
        !is_all_caps(head) && (is_all_caps(h1) || upper(h1) == 0 || upper(head) >= upper(h1) + 2);
    if use_head {
        head.to_string()
    } else {
        h1.to_string()
    }
}

/// The title sources in the page head, each as written and without its site part.
struct HeadTitles {
    raw: Vec<String>,
    stripped: Vec<String>,
}

impl HeadTitles {
    fn new(
        og: Option<&String>,
        headline: Option<&String>,
        tag: Option<&String>,
        site: Option<&str>,
    ) -> Self {
        let raw: Vec<String> = [og, headline, tag].into_iter().flatten().cloned().collect();
        let stripped = raw.iter().map(|r| strip_site(r, site)).collect();
        HeadTitles { raw, stripped }
    }

    /// The title when heading `h` agrees with the head: the same words (spelt as [`better_case`]
    /// picks), a heading found whole inside a head title and covering at least half of it, or
    /// a heading that is a head title behind a short kicker ("Blog: …").
    fn agreeing(&self, h: &str, site: Option<&str>) -> Option<String> {
        for (r, s) in self.raw.iter().zip(&self.stripped) {
            if same_words(h, s) {
                return Some(better_case(h, s));
            }
            if same_words(h, r) {
                return Some(strip_piped(&better_case(h, r), site));
            }
        }
        let hk = word_key(h);
        for (r, s) in self.raw.iter().zip(&self.stripped) {
            if contains_words(r, h) && 2 * hk.len() >= word_key(s).len() {
                return Some(strip_piped(h, site));
            }
        }
        if let Some(t) = self.respelt(h) {
            return Some(t);
        }
        // "Blog: Headline" where the head has just the headline.
        let (kicker, rest) = h.split_once(": ")?;
        if word_count(kicker) > 2 {
            return None;
        }
        self.stripped
            .iter()
            .find(|s| word_count(s) >= 3 && same_words(rest, s))
            .map(|s| better_case(rest, s))
    }

    /// A heading set in capitals or in lower case by the page design, spelt as the head
    /// writes it: a head title with the same words but one ("BEST KETTLES IN 2026" for "Best
    /// Kettles 2026"), or that opens with the heading's words ("history of tea" for "History
    /// of tea | Origins, Facts | Encyclopedia").
    fn respelt(&self, h: &str) -> Option<String> {
        let styled = is_all_caps(h) || !h.chars().any(char::is_uppercase);
        if !styled || word_count(h) < 2 {
            return None;
        }
        if let Some(s) = self
            .stripped
            .iter()
            .find(|s| !is_all_caps(s) && one_word_apart(h, s))
        {
            return Some(s.clone());
        }
        let hk = word_key(h);
        let wanted = hk.chars().count();
        self.raw.iter().find_map(|r| {
            // The end of the shortest prefix of `r` with as many letters as the heading.
            let mut seen = 0;
            let end = r.char_indices().find_map(|(i, c)| {
                if c.is_alphanumeric() {
                    seen += c.to_lowercase().count();
                }
                (seen == wanted).then(|| i + c.len_utf8())
            })?;
            let prefix = &r[..end];
            let at_break = r[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            (at_break && word_key(prefix) == hk && !is_all_caps(prefix)).then(|| prefix.to_string())
        })
    }
}

/// Whether two titles have the same words (any case) but for one left out of either.
fn one_word_apart(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 || short.len() < 3 {
        return false;
    }
    let skip = long.iter().zip(&short).take_while(|(x, y)| x == y).count();
    long[skip + 1..] == short[skip..]
}

/// A heading written like a page title ("… | Opinion") loses its section or site part.
fn strip_piped(h: &str, site: Option<&str>) -> String {
    let piped = [" | ", " - ", " \u{2013} ", " \u{2014} "]
        .iter()
        .any(|sep| h.contains(sep));
    if piped {
        strip_site(h, site)
    } else {
        h.to_string()
    }
}

/// Whether an `<h1>` sits in page chrome (navigation, footer, a logo, a sidebar or a modal).
/// `<body>` and `<html>` are not looked at: themes put words like "no-sidebar" on them.
fn heading_in_chrome(n: &NodeRef) -> bool {
    let chrome_attr = |a: &NodeRef| {
        let attr = class_and_id(a).to_ascii_lowercase();
        attr.contains("logo") || attr.contains("sidebar") || attr.contains("modal")
    };
    chrome_attr(n)
        || n.ancestors_it(Some(10)).any(|a| {
            let name = tag_name(&a);
            match name.as_str() {
                "body" | "html" => false,
                "nav" | "footer" | "aside" => true,
                _ => chrome_attr(&a),
            }
        })
}

/// Whether an `<h1>` names the site rather than the page: it is the publisher's name, a part
/// of `<title>` that [`strip_site`] drops, or it is a link to the site's front page.
fn heading_names_site(n: &NodeRef, text: &str, site: Option<&str>, tag: Option<&String>) -> bool {
    if site.is_some_and(|s| same_words(text, s)) {
        return true;
    }
    if let Some(t) = tag {
        let kept = word_key(&strip_site(t, site));
        let dropped = word_key(t).replacen(&kept, " ", 1);
        let k = word_key(text);
        if !k.is_empty() && !kept.is_empty() && dropped.contains(&k) {
            return true;
        }
    }
    select_within(n, "a[href]").any(|a| {
        let href = a.attr("href").unwrap_or_default();
        is_front_page(&href) && same_words(&a.text(), text)
    })
}

fn is_front_page(href: &str) -> bool {
    let h = href.trim();
    let path = match h.find("://") {
        Some(i) => h[i + 3..].find('/').map(|j| &h[i + 3 + j..]).unwrap_or("/"),
        None => h,
    };
    matches!(path, "/" | "" | "./" | "/index.html" | "index.html")
}

pub(super) fn find_title(
    dom: &Dom,
    metas: &Metas,
    ld: &JsonLd,
    site: Option<&str>,
) -> Option<String> {
    let og = metas
        .first(&[
            "og:title",
            "twitter:title",
            "dc.title",
            "parsely-title",
            "sailthru.title",
        ])
        .map(|t| decoded(&t));
    let headline = ld.article_str("headline").filter(|_| ld.has_article());
    let title_tag = dom
        .first("head title")
        .map(|n| collapse_ws(&decoded(&n.text())))
        .filter(|s| !s.is_empty());
    let heads = HeadTitles::new(og.as_ref(), headline.as_ref(), title_tag.as_ref(), site);
    // (text, names the site, in chrome) of the first few headings.
    let h1s: Vec<(String, bool, bool)> = dom
        .select("h1")
        .take(8)
        .map(|n| {
            let t = heading_text(&n);
            let named = heading_names_site(&n, &t, site, title_tag.as_ref());
            (t, named, heading_in_chrome(&n))
        })
        .filter(|(t, _, _)| !t.is_empty() && t.chars().count() <= 400)
        .collect();
    // The visible headline when it agrees with what the head says.
    for (h, named, _) in &h1s {
        if !named {
            if let Some(t) = heads.agreeing(h, site) {
                return Some(t);
            }
        }
    }
    // Else the first visible headline that is not the site's name or in the page chrome.
    for (h, named, chrome) in &h1s {
        if !named && !chrome && word_count(h) <= 40 {
            return Some(h.clone());
        }
    }
    if let Some(h) = headline {
        // Some publishers cut the structured headline short ("… (Including"): a head title
        // that goes on from it is the whole one.
        let whole = heads
            .stripped
            .iter()
            .find(|s| s.len() > h.len() && s.starts_with(h.trim_end()));
        return Some(whole.cloned().unwrap_or_else(|| drop_known_site(&h, site)));
    }
    if let Some(o) = og {
        return Some(strip_site(&o, site));
    }
    if let Some(t) = title_tag {
        let s = strip_site(&t, site);
        if !s.is_empty() {
            return Some(s);
        }
    }
    h1s.into_iter().next().map(|h| h.0)
}

#[cfg(test)]
mod tests {
    use crate::meta::meta_of;

    #[test]
    fn title_without_h1_drops_site_suffix() {
        let m = meta_of("<html><head><title>A long day at the port of Leith | Port News</title></head><body><p>x</p></body></html>", None);
        assert_eq!(m.title.as_deref(), Some("A long day at the port of Leith"));
    }

    #[test]
    fn domains_breadcrumbs_and_doubled_site_names_come_off() {
        let title = |html: &str| meta_of(html, None).title;
        // A short headline before a domain name.
        let html = "<html><head><title>RIVER PUMP | Pumpshop.com</title></head><body><p>x</p></body></html>";
        assert_eq!(title(html).as_deref(), Some("RIVER PUMP"));
        // A breadcrumb of section and a long organisation name.
        let html = "<html><head><title>How to keep seedlings warm in spring | Garden Notes | Northfield Community Allotment Society</title></head><body><p>x</p></body></html>";
        assert_eq!(
            title(html).as_deref(),
            Some("How to keep seedlings warm in spring")
        );
        // A structured headline cut short: the head title goes on.
        let html = r#"<html><head><title>Three ways to fix a squeaky door (one needs no tools) - Home Fixes</title>
            <script type="application/ld+json">{"@type":"BlogPosting","headline":"Three ways to fix a squeaky door (one"}</script>
            </head><body><p>x</p></body></html>"#;
        assert_eq!(
            title(html).as_deref(),
            Some("Three ways to fix a squeaky door (one needs no tools)")
        );
        // A structured headline that repeats the site name.
        let html = r#"<html><head><meta property="og:site_name" content="Tidewater">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry fares rise in May | Tidewater | Tidewater"}</script>
            </head><body><p>Everything you need to know about the new timetable.</p></body></html>"#;
        assert_eq!(title(html).as_deref(), Some("Ferry fares rise in May"));
        // Not a domain: a headline with a version number keeps it.
        assert!(!super::is_domain("v1.2"));
        assert!(!super::is_domain("Acme Co.uk"));
        assert!(super::is_domain("news.example.co.uk"));
    }

    #[test]
    fn styled_headings_take_the_heads_spelling() {
        let title = |html: &str| meta_of(html, None).title;
        let html = r#"<html><head><title>Best Kettles 2026: What Testers Liked</title></head>
            <body><h1>BEST KETTLES IN 2026: WHAT TESTERS LIKED</h1></body></html>"#;
        assert_eq!(
            title(html).as_deref(),
            Some("Best Kettles 2026: What Testers Liked")
        );
        let html = r#"<html><head><title>History of tea | Origins, Trade, Ceremony, Facts | Tea Encyclopedia</title></head>
            <body><h1>history of tea</h1></body></html>"#;
        assert_eq!(title(html).as_deref(), Some("History of tea"));
        // Headings in ordinary case, or whose words the head does not share, stay as they are.
        let html = r#"<html><head><title>History of tea | Tea Encyclopedia</title></head>
            <body><h1>history of teapots</h1></body></html>"#;
        assert_eq!(title(html).as_deref(), Some("history of teapots"));
        assert!(super::one_word_apart("a b c d", "a c d"));
        assert!(!super::one_word_apart("a b c d", "a b x d"));
    }

    #[test]
    fn heading_parts_set_on_lines_of_their_own_are_words_apart() {
        let html = r#"<html><head><title>Page</title></head><body>
            <h1>Best Tide Tables<span class="sub">Free Charts for Every Harbour</span></h1></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Best Tide Tables Free Charts for Every Harbour")
        );
        // Styling inside a word is left alone.
        let html = r#"<html><head><title>Page</title></head><body><h1>The i<b>Pad</b> and Mc<i>Donald</i> shops</h1></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("The iPad and McDonald shops")
        );
    }

    #[test]
    fn entities_escaped_twice_are_decoded() {
        let html = "<html><head><title>Salt &amp;#x26; Pepper Mills Compared | Kitchen Lab</title></head><body><h1>Salt &amp;#x26; Pepper Mills Compared</h1></body></html>";
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Salt & Pepper Mills Compared")
        );
        // A "&" before multi-byte letters is no entity and no trouble.
        assert_eq!(
            super::decode_entities("Café & Crème Brûlée «Ü»"),
            "Café & Crème Brûlée «Ü»"
        );
    }

    #[test]
    fn title_skips_site_name_headings() {
        let html = r#"<html><head><title>Harbour wall to be rebuilt - Shore Weekly</title>
            <meta property="og:title" content="Harbour wall to be rebuilt"></head>
            <body class="single no-sidebar wp-custom-logo"><h1><a href="/">Shore</a></h1>
            <article><h1>Harbour wall to be rebuilt</h1><p>x</p></article></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Harbour wall to be rebuilt")
        );
        // A lone heading that disagrees with the head still wins, even with "sidebar" on <body>.
        let html = r#"<html><head><title>Ten tips for tents | Camp Blog</title></head>
            <body class="no-sidebar"><main><h1>How to pitch a tent in the rain</h1><p>x</p></main></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("How to pitch a tent in the rain")
        );
    }

    #[test]
    fn title_spelling_from_head_when_heading_is_styled() {
        let html = r#"<html><head><title>Tips for Online Success | Web Shop</title></head>
            <body><h1>TIPS FOR ONLINE<br>SUCCESS</h1><p>x</p></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Tips for Online Success")
        );
        // Small case differences keep the heading's own spelling.
        let html = r#"<html><head><title>How To Fix a Bike | Shed</title></head>
            <body><h1>How to Fix a Bike</h1></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("How to Fix a Bike")
        );
    }

    #[test]
    fn title_drops_kickers_and_dates_in_headings() {
        let html = r#"<html><head><meta property="og:title" content="Moving a transition forward"></head>
            <body><h1><time datetime="2025-12-18">Dec 18 2025</time> Moving a transition forward</h1></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Moving a transition forward")
        );
        let html = r#"<html><head><title>Best canoe routes in the north | Paddle Co</title></head>
            <body><h1><strong>Blog:</strong> Best canoe routes in the north</h1></body></html>"#;
        assert_eq!(
            meta_of(html, None).title.as_deref(),
            Some("Best canoe routes in the north")
        );
    }
}
