//! Metadata: title, author, publisher, dates, language and canonical URL, read from the
//! page's `<meta>` tags, JSON-LD, microdata and visible bylines, plus the structural signals
//! that [`crate::kind`] uses to tell an article from other pages.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use dom_query::{Document, NodeRef};
use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use crate::text::{collapse_ws, fold, word_count};

/// What the metadata readers found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
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
    fn read(doc: &Document) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for n in doc.select("meta").nodes() {
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

/// JSON-LD objects on the page, flattened out of arrays and `@graph`s.
struct JsonLd {
    objects: Vec<serde_json::Map<String, Value>>,
}

fn type_names(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str())
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("article")
        || matches!(
            t,
            "blogposting"
                | "liveblogposting"
                | "report"
                | "posting"
                | "socialmediaposting"
                | "analysisnewsarticle"
        )
}

impl JsonLd {
    fn read(doc: &Document, types: &mut Vec<String>) -> Self {
        let mut objects = Vec::new();
        for n in doc.select("script").nodes() {
            let is_ld = n
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let raw = n.text();
            let cleaned = raw
                .trim()
                .trim_start_matches("<!--")
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("-->")
                .trim_end_matches("//]]>")
                .trim();
            let parsed: Option<Value> = serde_json::from_str(cleaned).ok().or_else(|| {
                // Raw control characters inside strings are a common fault.
                let fixed: String = cleaned
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                serde_json::from_str(&fixed).ok()
            });
            if let Some(v) = parsed {
                flatten(v, &mut objects, types, 0);
            }
        }
        JsonLd { objects }
    }

    /// Objects of an article-like type first, then the rest.
    fn ranked(&self) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
        let art = self.objects.iter().filter(|o| {
            type_names(&Value::Object((*o).clone()))
                .iter()
                .any(|t| is_article_type(t))
        });
        let rest = self.objects.iter().filter(|o| {
            !type_names(&Value::Object((*o).clone()))
                .iter()
                .any(|t| is_article_type(t))
        });
        art.chain(rest)
    }

    fn article_str(&self, key: &str) -> Option<String> {
        self.ranked().find_map(|o| o.get(key).and_then(value_text))
    }

    fn has_article(&self) -> bool {
        self.objects.iter().any(|o| {
            type_names(&Value::Object(o.clone()))
                .iter()
                .any(|t| is_article_type(t))
        })
    }
}

fn flatten(
    v: Value,
    out: &mut Vec<serde_json::Map<String, Value>>,
    types: &mut Vec<String>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                flatten(x, out, types, depth + 1);
            }
        }
        Value::Object(mut o) => {
            for t in type_names(&Value::Object(o.clone())) {
                types.push(t);
            }
            // Nested typed things (mainEntity, itemListElement, offers...) count for the kind.
            for (k, val) in o.iter() {
                if k == "@graph" {
                    continue;
                }
                collect_types(val, types, depth + 1);
            }
            if let Some(g) = o.remove("@graph") {
                flatten(g, out, types, depth + 1);
            }
            if let Some(me) = o.get("mainEntity").cloned() {
                if me.is_object() && type_names(&me).iter().any(|t| is_article_type(t)) {
                    flatten(me, out, &mut Vec::new(), depth + 1);
                }
            }
            out.push(o);
        }
        _ => {}
    }
}

fn collect_types(v: &Value, types: &mut Vec<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_types(x, types, depth + 1)),
        Value::Object(o) => {
            types.extend(type_names(v));
            for x in o.values() {
                collect_types(x, types, depth + 1);
            }
        }
        _ => {}
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse_ws(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(value_text),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@value"))
            .and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// JSON-LD strings sometimes carry HTML entities (named basics and numeric forms).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(num) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = ent.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

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

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("www.")
        || s.starts_with('/')
}

/// Joins author names as a byline writes them: "A", "A and B", "A, B and C".
pub(crate) fn join_names(names: &[String]) -> Option<String> {
    let mut uniq: Vec<&String> = Vec::new();
    for n in names {
        if !uniq.iter().any(|u| fold(u) == fold(n)) {
            uniq.push(n);
        }
    }
    match uniq.len() {
        0 => None,
        1 => Some(uniq[0].clone()),
        k => {
            let head: Vec<&str> = uniq[..k - 1].iter().map(|s| s.as_str()).collect();
            Some(format!("{} and {}", head.join(", "), uniq[k - 1]))
        }
    }
}

static BY_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(?:written\s+|posted\s+|published\s+|story\s+|words\s+)?by[:\s]+")
        .expect("by regex")
});

/// Cleans a byline into author names: drops "By", trailing dates and roles after a pipe.
pub(crate) fn clean_byline(s: &str) -> Option<String> {
    let s = collapse_ws(s);
    let s = BY_PREFIX.replace(&s, "").to_string();
    let s = UNGLUE.replace_all(&s, "$1 $2").to_string();
    let s = GLUED.replace(&s, "$1").to_string();
    let s = s
        .split(['|', '\n', '•', '·'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    // "Jane Doe on March 3, 2024" / "Jane Doe - March 3".
    let s = match DATE_TAIL.find(&s) {
        Some(m) if m.start() > 0 => s[..m.start()].trim().to_string(),
        _ => s,
    };
    let s = s
        .trim_matches(|c: char| c == ',' || c == '-' || c == '–' || c.is_whitespace())
        .to_string();
    let wc = word_count(&s);
    if s.is_empty()
        || wc > 24
        || looks_like_url(&s)
        || !s.chars().next().is_some_and(|c| c.is_alphabetic())
    {
        return None;
    }
    Some(s)
}

/// "BySam Ng", "Author Sam Ng", "Sam NgPublished on ...": words glued on by missing spaces.
static GLUED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:By|Author:?\s*|Written by\s*|Posted by\s*)?(\p{Lu}.*?)(?:(?:Published|Updated|Posted|Last updated|Reviewed|Fact checked)\b.*)?$").expect("glued regex")
});

static UNGLUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\p{Ll})(January|February|March|April|May|June|July|August|September|October|November|December|Published|Updated|Posted)").expect("unglue regex")
});

static DATE_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\s(?:on\s|[-–—]\s|,\s)?(?:updated|published|posted|last\s+updated)?\s*(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\s(?:on\s)?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\s(?:updated|published|posted)\b",
    )
    .expect("date tail regex")
});

// ---------------------------------------------------------------------------------------------
// Dates

static MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month_of(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .find(|(m, _)| l.starts_with(m))
        .map(|&(_, n)| n)
}

static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(\d{4})-(\d{1,2})-(\d{1,2})").expect("iso"));
static ISO_FULL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$",
    )
    .expect("iso full")
});
static MDY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").expect("mdy")
});
static DMY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b").expect("dmy")
});
static SLASHED: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b").expect("slashed"));
static COMPACT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)").expect("compact"));
static URL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|\.html?|$)",
    )
    .expect("url date")
});

fn plausible(d: NaiveDate) -> bool {
    let this_year = chrono::Utc::now().year();
    (1995..=this_year + 1).contains(&d.year())
}

/// Reads a date from a string in the common machine and human forms. Returns the day and,
/// when the string is a full timestamp with an offset, its RFC 3339 form.
pub(crate) fn parse_date(s: &str) -> Option<(NaiveDate, Option<String>)> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if ISO_FULL.is_match(s) {
        let norm = s.replace(' ', "T");
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&norm) {
            let d = dt.date_naive();
            return plausible(d).then(|| (d, Some(dt.to_rfc3339())));
        }
    }
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            .filter(|d| plausible(*d))
    };
    if let Some(c) = ISO_DATE.captures(s) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some((d, None));
        }
    }
    if let Some(c) = MDY.captures(s) {
        let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_of(&c[1])?, c[2].parse().ok()?)
            .filter(|d| plausible(*d));
        if let Some(d) = d {
            return Some((d, None));
        }
    }
    if let Some(c) = DMY.captures(s) {
        let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_of(&c[2])?, c[1].parse().ok()?)
            .filter(|d| plausible(*d));
        if let Some(d) = d {
            return Some((d, None));
        }
    }
    if let Some(c) = COMPACT.captures(s) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some((d, None));
        }
    }
    if let Some(c) = SLASHED.captures(s) {
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[2].parse().ok()?;
        let y: i32 = c[3].parse().ok()?;
        // Day-first when the first number cannot be a month, else month-first (US style).
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        if let Some(d) = NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d)) {
            return Some((d, None));
        }
    }
    // Unix timestamps (seconds or milliseconds).
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let dt = chrono::DateTime::from_timestamp(secs, 0)?;
        let d = dt.date_naive();
        return plausible(d).then_some((d, None));
    }
    None
}

fn render_date(d: (NaiveDate, Option<String>)) -> String {
    d.1.unwrap_or_else(|| d.0.format("%Y-%m-%d").to_string())
}

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

/// Finds the publication date: structured data first, then `<time>`, the URL, then dates in
/// elements that look like a byline or date line.
fn find_published(
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    url: Option<&str>,
    modified: Option<&str>,
) -> Option<String> {
    let structured = find_structured_published(doc, metas, ld);
    // The page's own shown date: when the update date is what the page displays (and the first
    // publication date is not, or comes later on the page), that is the date readers see.
    if let Some(m) = modified.and_then(parse_date) {
        let shown = visible_days(doc);
        let pos = |d: NaiveDate| shown.iter().position(|x| *x == d);
        let p = structured.as_deref().and_then(parse_date).map(|d| d.0);
        match (pos(m.0), p.and_then(pos)) {
            (Some(mi), Some(pi)) if mi < pi => return Some(render_date(m)),
            (Some(_), None) => return Some(render_date(m)),
            _ => {}
        }
        if structured.is_none() {
            return Some(render_date(m));
        }
    }
    if structured.is_some() {
        return structured;
    }
    find_unstructured_published(doc, url)
}

/// Days written in the page's visible text, in order (the first hundred).
fn visible_days(doc: &Document) -> Vec<NaiveDate> {
    let text = doc.select("body").text();
    let text: &str = &text;
    let cut = text
        .char_indices()
        .nth(300_000)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let text = &text[..cut];
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for re in [&*MDY, &*DMY, &*ISO_DATE] {
        for m in re.find_iter(text).take(100) {
            if let Some((d, _)) = parse_date(m.as_str()) {
                found.push((m.start(), d));
            }
        }
    }
    found.sort_by_key(|x| x.0);
    found.into_iter().map(|x| x.1).collect()
}

fn find_structured_published(doc: &Document, metas: &Metas, ld: &JsonLd) -> Option<String> {
    structured_date(
        doc,
        metas,
        ld,
        "datePublished",
        PUBLISHED_KEYS,
        "[itemprop=datePublished], [itemprop=dateCreated]",
    )
    .or_else(|| ld_date(ld, "dateCreated"))
}

fn find_unstructured_published(doc: &Document, url: Option<&str>) -> Option<String> {
    // <time>: one marked as the publication time, else the first in the body.
    let times = doc.select("time");
    let mut first_time = None;
    for n in times.nodes() {
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
        if first_time.is_none() && !inside_junk(n) {
            first_time = Some(d);
        }
    }
    if let Some(d) = first_time {
        return Some(render_date(d));
    }
    if let Some(u) = url {
        if let Some(c) = URL_DATE.captures(u) {
            if let Some(d) =
                NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
            {
                if plausible(d) {
                    return Some(d.format("%Y-%m-%d").to_string());
                }
            }
        }
    }
    // Date lines and bylines in the text: "Published March 3, 2024", "By Jane Doe | 3 May 2024".
    for n in doc.select("[class], [id]").nodes().iter().take(20_000) {
        let attr = format!(
            "{} {}",
            n.attr("class").unwrap_or_default(),
            n.attr("id").unwrap_or_default()
        );
        if attr.len() > 200 || !DATEISH_ATTR.is_match(&attr) || inside_junk(n) {
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

fn find_modified(doc: &Document, metas: &Metas, ld: &JsonLd) -> Option<String> {
    structured_date(
        doc,
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
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    ld_key: &str,
    meta_keys: &[&str],
    itemprop: &str,
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
    for n in doc.select(itemprop).nodes() {
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

/// Whether a node sits inside a comment section, sidebar or related-links block.
fn inside_junk(n: &NodeRef) -> bool {
    static JUNKY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)comment|sidebar|related|footer|widget|recommend|popular|trending")
            .expect("junky")
    });
    n.ancestors_it(Some(12)).any(|a| {
        let name = a.node_name().map(|s| s.to_string()).unwrap_or_default();
        if matches!(name.as_str(), "aside" | "footer" | "nav") {
            return true;
        }
        let attr = format!(
            "{} {}",
            a.attr("class").unwrap_or_default(),
            a.attr("id").unwrap_or_default()
        );
        attr.len() < 200 && JUNKY.is_match(&attr)
    })
}

// ---------------------------------------------------------------------------------------------
// Title

const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / ", " ~ ",
];

/// `<title>` without the site name: the longest part when it splits at a separator into a
/// headline and a short site name (or the site name is known).
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = collapse_ws(title);
    let site_f = site.map(fold);
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_is_site = site_f.as_deref().is_some_and(|s| {
                fold(tail) == s || fold(tail).contains(s) || s.contains(&fold(tail))
            });
            if tail_is_site || (word_count(tail) <= 4 && word_count(head) >= 3) {
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

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

fn contains_words(hay: &str, needle: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let (h, n) = (norm(hay), norm(needle));
    n.len() >= 8 && h.contains(&n)
}

fn find_title(doc: &Document, metas: &Metas, ld: &JsonLd, site: Option<&str>) -> Option<String> {
    let og = metas.first(&[
        "og:title",
        "twitter:title",
        "dc.title",
        "parsely-title",
        "sailthru.title",
    ]);
    let headline = ld.article_str("headline").filter(|_| ld.has_article());
    let title_tag = doc
        .select("head title")
        .nodes()
        .first()
        .map(|n| collapse_ws(&n.text()))
        .filter(|s| !s.is_empty());
    let h1s: Vec<String> = doc
        .select("h1")
        .nodes()
        .iter()
        .take(8)
        .map(|n| collapse_ws(&n.text()))
        .filter(|s| !s.is_empty() && s.chars().count() <= 400)
        .collect();
    let refs: Vec<&String> = [&og, &headline, &title_tag].into_iter().flatten().collect();
    // The visible headline when it agrees with what the head says; a headline written like a
    // page title ("… | Opinion") loses its section or site part too.
    for h in &h1s {
        if refs
            .iter()
            .any(|r| same_words(h, r) || contains_words(r, h))
        {
            let piped = [" | ", " - ", " \u{2013} ", " \u{2014} "]
                .iter()
                .any(|sep| h.contains(sep));
            return Some(if piped {
                strip_site(h, site)
            } else {
                h.clone()
            });
        }
    }
    // Else the first visible headline that is not the site's name or logo.
    let site_f = site.map(fold);
    for n in doc.select("h1").nodes().iter().take(8) {
        let t = collapse_ws(&n.text());
        let wc = word_count(&t);
        if wc == 0 || wc > 40 || site_f.as_deref().is_some_and(|s| fold(&t) == s) {
            continue;
        }
        let in_chrome = n.ancestors_it(Some(10)).any(|a| {
            let name = a.node_name().map(|s| s.to_string()).unwrap_or_default();
            let attr = format!(
                "{} {}",
                a.attr("class").unwrap_or_default(),
                a.attr("id").unwrap_or_default()
            )
            .to_ascii_lowercase();
            matches!(name.as_str(), "nav" | "footer" | "aside")
                || attr.contains("logo")
                || attr.contains("sidebar")
                || attr.contains("modal")
        }) || n
            .attr("class")
            .is_some_and(|c| c.to_ascii_lowercase().contains("logo"));
        if !in_chrome {
            return Some(t);
        }
    }
    if let Some(h) = headline {
        return Some(h);
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
    h1s.into_iter().next()
}

// ---------------------------------------------------------------------------------------------
// Author

static BYLINE_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)byline|author|writer|contributor|posted-?by|reporter").expect("byline attr")
});
static NOT_BYLINE_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)bio|avatar|image|img|photo|box|about|desc|comment|label|more|related|social|follow",
    )
    .expect("not byline")
});

fn find_author(
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    publisher: Option<&str>,
) -> Option<String> {
    let site = publisher.map(fold);
    // Site names and logins are what many pages (and readers) take as the author, so they are
    // kept, but only after every person-like byline has been tried.
    let _ = &site;
    let ok = |n: &String| -> bool { !n.is_empty() };
    // Structured data: JSON-LD on the article object, then meta tags.
    let mut names = Vec::new();
    if let Some(o) = ld
        .ranked()
        .find(|o| o.contains_key("author") || o.contains_key("creator"))
    {
        if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
            person_names(a, &mut names);
        }
    }
    let names: Vec<String> = names
        .into_iter()
        .filter_map(|n| clean_byline(&n))
        .filter(|n| ok(n))
        .collect();
    if let Some(a) = join_names(&names) {
        return Some(a);
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
        let vals: Vec<String> = metas
            .all(key)
            .iter()
            .filter(|v| !looks_like_url(v))
            .filter_map(|v| clean_byline(v))
            .filter(|n| ok(n))
            .collect();
        if let Some(a) = join_names(&vals) {
            return Some(a);
        }
    }
    // Visible bylines: the page's own words.
    let mut names = Vec::new();
    for n in doc
        .select("[itemprop=author], a[rel=author], [rel=author]")
        .nodes()
        .iter()
        .take(10)
    {
        if inside_junk(n) {
            continue;
        }
        let inner = dom_query::Selection::from(*n).select("[itemprop=name]");
        let t = if let Some(m) = inner.nodes().first() {
            m.attr("content")
                .map(|s| s.to_string())
                .unwrap_or_else(|| m.text().to_string())
        } else {
            n.attr("content")
                .map(|s| s.to_string())
                .unwrap_or_else(|| n.text().to_string())
        };
        if let Some(c) = clean_byline(&t).filter(|c| ok(c) && word_count(c) <= 8) {
            names.push(c);
        }
    }
    if let Some(a) = join_names(&names) {
        return Some(a);
    }
    for n in doc.select("[class], [id]").nodes().iter().take(20_000) {
        let attr = format!(
            "{} {}",
            n.attr("class").unwrap_or_default(),
            n.attr("id").unwrap_or_default()
        );
        if attr.len() > 200
            || !BYLINE_ATTR.is_match(&attr)
            || NOT_BYLINE_ATTR.is_match(&attr)
            || inside_junk(n)
        {
            continue;
        }
        let t = n.text();
        if t.len() > 200 {
            continue;
        }
        if let Some(c) = clean_byline(&t).filter(|c| ok(c) && word_count(c) <= 8) {
            return Some(c);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Language, publisher, canonical URL

fn find_language(doc: &Document, metas: &Metas, ld: &JsonLd) -> Option<String> {
    let candidates = [
        doc.select("html").attr("lang").map(|s| s.to_string()),
        doc.select("html").attr("xml:lang").map(|s| s.to_string()),
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

fn find_publisher(metas: &Metas, ld: &JsonLd) -> Option<String> {
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

fn find_canonical(doc: &Document, metas: &Metas, url: Option<&str>) -> Option<String> {
    let link = doc
        .select("link[rel]")
        .nodes()
        .iter()
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

/// Reads all metadata from a parsed page (before any pruning).
pub(crate) fn read(doc: &Document, url: Option<&str>) -> Meta {
    let metas = Metas::read(doc);
    let mut types = Vec::new();
    let ld = JsonLd::read(doc, &mut types);
    for n in doc.select("[itemtype]").nodes().iter().take(200) {
        if let Some(t) = n.attr("itemtype") {
            types.extend(
                t.split_whitespace()
                    .map(|s| s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase()),
            );
        }
    }
    let publisher = find_publisher(&metas, &ld);
    let modified = find_modified(doc, &metas, &ld);
    Meta {
        title: find_title(doc, &metas, &ld, publisher.as_deref()),
        author: find_author(doc, &metas, &ld, publisher.as_deref()),
        published: find_published(doc, &metas, &ld, url, modified.as_deref()),
        modified,
        language: find_language(doc, &metas, &ld),
        canonical: find_canonical(doc, &metas, url),
        og_type: metas.first(&["og:type"]).map(|s| s.to_ascii_lowercase()),
        publisher,
        types,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str, url: Option<&str>) -> Meta {
        read(&Document::from(html), url)
    }

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

    #[test]
    fn title_without_h1_drops_site_suffix() {
        let m = meta_of("<html><head><title>A long day at the port of Leith | Port News</title></head><body><p>x</p></body></html>", None);
        assert_eq!(m.title.as_deref(), Some("A long day at the port of Leith"));
    }

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
    fn date_parsing_forms() {
        let day = |s: &str| parse_date(s).map(|d| d.0.format("%Y-%m-%d").to_string());
        assert_eq!(day("September 4, 2025"), Some("2025-09-04".into()));
        assert_eq!(day("4 Sept. 2025"), Some("2025-09-04".into()));
        assert_eq!(day("2025-09-04T23:10:00-05:00"), Some("2025-09-04".into()));
        assert_eq!(day("25/12/2020"), Some("2020-12-25".into()));
        assert_eq!(day("20200101"), Some("2020-01-01".into()));
        assert_eq!(day("no date here"), None);
        assert_eq!(day("1850-01-01"), None);
    }

    #[test]
    fn byline_cleaning() {
        assert_eq!(clean_byline("By JANE DOE").as_deref(), Some("JANE DOE"));
        assert_eq!(
            clean_byline("Written by Sam Ng on March 2, 2021").as_deref(),
            Some("Sam Ng")
        );
        assert_eq!(clean_byline("https://example.com/people/sam"), None);
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]).as_deref(),
            Some("A, B and C")
        );
    }

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
