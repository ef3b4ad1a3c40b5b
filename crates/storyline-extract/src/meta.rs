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
    Regex::new(r"(?i)^\s*(?:(?:written|posted|published|story|words|text|article|recipe|guide|review|reviewed|photos?|report|reported|authored|created|compiled|recommended|posts?)\s+)?by[:\s]+")
        .expect("by regex")
});

/// Cleans a byline into author names: drops "By" ("Text by", "Written by"), trailing dates and
/// roles after a pipe. A byline of several lines (as [`byline_text`] gives) yields its first
/// line that reads as a name: "Written by / Jane Doe / Tech Reporter" gives "Jane Doe".
pub(crate) fn clean_byline(s: &str) -> Option<String> {
    if !s.contains('\n') {
        return clean_byline_line(s);
    }
    let lines: Vec<&str> = s.split('\n').map(str::trim).collect();
    // A line "By Jane Doe", or the line after a "Written by" label, names the author surely;
    // else the first line that reads as a name.
    let after_label = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| BY_PREFIX.is_match(l) || BY_LABEL.is_match(l))
        .find_map(|(i, l)| {
            let l = if BY_LABEL.is_match(l) {
                lines.get(i + 1)?
            } else {
                l
            };
            clean_byline_line(l).filter(|n| looks_like_name(n))
        });
    after_label.or_else(|| {
        lines
            .iter()
            .filter_map(|l| clean_byline_line(l))
            .find(|n| looks_like_name(n))
    })
}

fn clean_byline_line(s: &str) -> Option<String> {
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
        r"(?i)\s(?:on\s|[-–—]\s|,\s)?(?:updated|published|posted|last\s+updated)?\s*(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\s(?:on\s)?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\s(?:updated|published|posted)\b|\s(?:on\s)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\s\d+\s*min(?:ute)?s?\b",
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

/// Finds the publication date: structured data first, then the update date, then `<time>`, the
/// URL, dates in elements that look like a byline or date line, and last the first date written
/// in the page. The second value tells that the date came from that loose last guess.
///
/// A shown update date does not replace a structured publication date: the two are picked
/// about equally often by readers, and the publication date is what the page declares.
fn find_published(
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    urls: &[&str],
    modified: Option<&str>,
) -> (Option<String>, bool) {
    if let Some(st) = find_structured_published(doc, metas, ld) {
        return (Some(st), false);
    }
    let found = modified
        .and_then(parse_date)
        .map(render_date)
        .or_else(|| find_unstructured_published(doc, urls));
    if found.is_some() {
        return (found, false);
    }
    let first = visible_days(doc)
        .first()
        .map(|d| d.format("%Y-%m-%d").to_string());
    let guessed = first.is_some();
    (first, guessed)
}

/// Days written in the page's visible text, in order (the first hundred of each form).
fn visible_days(doc: &Document) -> Vec<NaiveDate> {
    let text = visible_text(doc, 300_000);
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for re in [&*MDY, &*DMY, &*ISO_DATE, &*SLASHED] {
        for m in re.find_iter(&text).take(100) {
            if let Some((d, _)) = parse_date(m.as_str()) {
                found.push((m.start(), d));
            }
        }
    }
    found.sort_by_key(|x| x.0);
    found.into_iter().map(|x| x.1).collect()
}

/// The body's text without scripts, styles and templates (whose JSON and code are full of
/// dates no reader sees), cut after about `limit` bytes.
fn visible_text(doc: &Document, limit: usize) -> String {
    let mut out = String::new();
    let Some(body) = doc.select("body").nodes().first().copied() else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        if n.is_text() {
            out.push_str(&n.text());
            continue;
        }
        let name = n
            .node_name()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(
            name.as_str(),
            "script" | "style" | "noscript" | "template" | "svg" | "head"
        ) {
            continue;
        }
        out.push(' ');
        let kids: Vec<NodeRef> = n.children_it(false).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
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
fn url_date(u: &str) -> Option<String> {
    let c = URL_DATE.captures(u)?;
    let d = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    plausible(d).then(|| d.format("%Y-%m-%d").to_string())
}

fn find_unstructured_published(doc: &Document, urls: &[&str]) -> Option<String> {
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
    if let Some(d) = urls.iter().find_map(|u| url_date(u)) {
        return Some(d);
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

/// Class or id of a comment section, sidebar or related-links block.
static JUNK_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)comment|sidebar|related|footer|widget|recommend|popular|trending")
        .expect("junky")
});

/// Whether a node sits inside a comment section, sidebar or related-links block.
fn inside_junk(n: &NodeRef) -> bool {
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
        attr.len() < 200 && JUNK_ATTR.is_match(&attr)
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

/// Letters and digits only, lower-cased: the words of a title without its typography.
fn word_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn same_words(a: &str, b: &str) -> bool {
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
            let name = c
                .node_name()
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default();
            match name.as_str() {
                // A date shown inside the headline is not part of the title.
                "script" | "style" | "noscript" | "template" | "svg" | "time" => {}
                "br" => out.push(' '),
                "div" | "p" | "li" => {
                    out.push(' ');
                    walk(&c, out);
                    out.push(' ');
                }
                _ => walk(&c, out),
            }
        }
    }
    let mut out = String::new();
    walk(n, &mut out);
    collapse_ws(&out)
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
        let attr = format!(
            "{} {}",
            a.attr("class").unwrap_or_default(),
            a.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        attr.contains("logo") || attr.contains("sidebar") || attr.contains("modal")
    };
    chrome_attr(n)
        || n.ancestors_it(Some(10)).any(|a| {
            let name = a
                .node_name()
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default();
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
    let links = dom_query::Selection::from(*n).select("a[href]");
    links.nodes().iter().any(|a| {
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
    let heads = HeadTitles::new(og.as_ref(), headline.as_ref(), title_tag.as_ref(), site);
    let h1_nodes = doc.select("h1");
    // (text, names the site, in chrome) of the first few headings.
    let h1s: Vec<(String, bool, bool)> = h1_nodes
        .nodes()
        .iter()
        .take(8)
        .map(|n| {
            let t = heading_text(n);
            let named = heading_names_site(n, &t, site, title_tag.as_ref());
            (t, named, heading_in_chrome(n))
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
    h1s.into_iter().next().map(|h| h.0)
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

/// Names of the site itself (publisher, the site part of `<title>`, organisation names in
/// JSON-LD, the host name), as [`word_key`]s. Many pages put these in the author slot; they are
/// kept only for when no person is named anywhere.
struct SiteNames(Vec<String>);

impl SiteNames {
    fn read(doc: &Document, ld: &JsonLd, publisher: Option<&str>, url: Option<&str>) -> Self {
        let mut names: Vec<String> = publisher.into_iter().map(word_key).collect();
        if let Some(t) = doc
            .select("head title")
            .nodes()
            .first()
            .map(|n| collapse_ws(&n.text()))
        {
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

    fn has(&self, name: &str) -> bool {
        let k = word_key(name);
        self.0.contains(&k)
    }
}

fn is_org_type(t: &str) -> bool {
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

/// Words that fill an author slot without naming anyone.
static NOT_A_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:authors?|admin|administrator|editor|updated|posted|published|written|by|sign\s+in|log\s*in|view\s+(?:all\s+|more\s+)?(?:posts|articles)|read\s+more|more|about|unknown|guest|null|undefined|none|share)$")
        .expect("not a name")
});

/// "Jun 2", "March 14th": a day without its year.
static MONTH_DAY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?$")
        .expect("month day")
});

/// A byline's label without the name: "Written by", "By:", "Author".
static BY_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:(?:written|posted|published|story|words|text|article|recipe|guide|review|reviewed|photos?|report|reported|authored|created|compiled)\s+)?by:?$|^(?:the\s+)?authors?:?$").expect("label")
});

/// Whether a cleaned byline can be a name: not a date, a template key ("page.author.name"),
/// a placeholder word, or mostly digits.
fn looks_like_name(s: &str) -> bool {
    static DOTTED: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\w+(?:\.\w+){3,}$").expect("dotted"));
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    // "NB": the initials on an avatar.
    let initials = letters <= 3 && !s.contains(' ') && !s.chars().any(|c| c.is_lowercase());
    letters >= 2
        && !initials
        && digits * 2 < letters
        && !BY_LABEL.is_match(s)
        && !NOT_A_NAME.is_match(s)
        && !DOTTED.is_match(s)
        && parse_date(s).is_none()
        && !MONTH_DAY.is_match(s)
        && !s.contains(['{', '}', '<', '>'])
}

/// Cleans each name and keeps those that look like names.
fn clean_names(raw: &[String]) -> Vec<String> {
    raw.iter()
        .filter(|v| !looks_like_url(v))
        .filter_map(|v| clean_byline(v))
        .filter(|n| looks_like_name(n))
        .collect()
}

/// The authors of a page, people first: structured data, the `twitter:label`/`data` pairs,
/// marked-up bylines, byline-like elements, then a "By …" line under the headline. A name
/// that is the site's own (or an organisation) is given only when no person is found.
fn find_author(
    doc: &Document,
    metas: &Metas,
    ld: &JsonLd,
    publisher: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    let site = SiteNames::read(doc, ld, publisher, url);
    let mut fallback: Option<String> = None;
    // People are returned; site and organisation names are kept as the fallback.
    let mut take = |names: Vec<String>, mut orgs: Vec<String>| -> Option<String> {
        let (people, sites): (Vec<String>, Vec<String>) =
            names.into_iter().partition(|n| !site.has(n));
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
    if let Some(n) = take(marked_bylines(doc), Vec::new()) {
        return Some(n);
    }
    if let Some(n) = take(byline_elements(doc), Vec::new()) {
        return Some(n);
    }
    if let Some(n) = take(by_line_under_headline(doc), Vec::new()) {
        return Some(n);
    }
    fallback
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
fn marked_bylines(doc: &Document) -> Vec<String> {
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
        let node = inner.nodes().first().copied().unwrap_or(*n);
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

/// The first element whose class or id names a byline or author and whose text is a name.
fn byline_elements(doc: &Document) -> Vec<String> {
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
        let t = byline_text(n);
        if t.len() > 200 {
            continue;
        }
        if let Some(c) = clean_byline(&t).filter(|c| looks_like_name(c) && word_count(c) <= 8) {
            return vec![c];
        }
    }
    Vec::new()
}

/// An element's text with a line break wherever the layout separates its parts: around
/// blocks, `<br>` and `<time>`, and between elements with no text between them ("Jane
/// Doe" and "Tech Reporter" in sibling spans are two lines, not "Jane DoeTech Reporter").
fn byline_text(n: &NodeRef) -> String {
    fn walk(n: &NodeRef, out: &mut String, depth: usize) {
        let mut prev_element = false;
        for c in n.children_it(false) {
            if c.is_text() {
                let t = c.text();
                if !t.trim().is_empty() {
                    prev_element = false;
                }
                out.push_str(&t);
                continue;
            }
            if !c.is_element() {
                continue;
            }
            let name = c
                .node_name()
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default();
            if matches!(
                name.as_str(),
                "script" | "style" | "noscript" | "template" | "svg"
            ) {
                continue;
            }
            let split = prev_element || is_line_tag(&name);
            if split {
                out.push(crate::text::BR);
            }
            if depth < 30 {
                walk(&c, out, depth + 1);
            }
            if is_line_tag(&name) {
                out.push(crate::text::BR);
            }
            prev_element = true;
        }
    }
    let mut out = String::new();
    walk(n, &mut out, 0);
    collapse_ws(&out)
}

fn is_line_tag(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "p"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "time"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "header"
            | "figure"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
    )
}

/// A byline written as text under the headline: a line "By Jane Doe", or a line "Written by"
/// (or "Author") followed by the name. Navigation, footers, sidebars and comments are skipped.
fn by_line_under_headline(doc: &Document) -> Vec<String> {
    static BY_LINE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:written|posted|published|story|words|text|article|recipe|guide|review|reviewed|photos?|report|reported|authored|created|compiled)\s+)?by\b[:\s]*(.*)$").expect("by line")
    });
    let lines = lines_after_headline(doc, 80);
    for (i, line) in lines.iter().enumerate() {
        if line.chars().count() > 80 {
            continue;
        }
        let name = if BY_LABEL.is_match(line) {
            lines.get(i + 1).and_then(|next| clean_byline(next))
        } else if BY_LINE.is_match(line) {
            clean_byline(line)
        } else {
            None
        };
        if let Some(n) = name.filter(|n| looks_like_name(n) && word_count(n) <= 6) {
            return vec![n];
        }
    }
    Vec::new()
}

/// Up to `max` short text lines (layout blocks) that follow the first `<h1>` (or open the
/// body when there is none), outside navigation, footers, sidebars and comments.
fn lines_after_headline(doc: &Document, max: usize) -> Vec<String> {
    let start = doc
        .select("h1")
        .nodes()
        .first()
        .copied()
        .or_else(|| doc.select("body").nodes().first().copied());
    let Some(start) = start else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut cur = String::new();
    // Walk forward in document order from the headline: its following siblings, then its
    // ancestors' following siblings.
    let mut node = Some(start);
    let mut first = true;
    while let Some(n) = node {
        if lines.len() >= max {
            break;
        }
        if !first {
            collect_lines(&n, &mut lines, &mut cur, max, 0);
        }
        first = false;
        node = n.next_sibling().or_else(|| {
            let mut up = n.parent();
            while let Some(u) = up {
                if let Some(s) = u.next_sibling() {
                    return Some(s);
                }
                up = u.parent();
            }
            None
        });
    }
    flush_line(&mut cur, &mut lines);
    lines
}

fn flush_line(cur: &mut String, lines: &mut Vec<String>) {
    let t = collapse_ws(cur);
    if !t.is_empty() {
        lines.push(t);
    }
    cur.clear();
}

fn collect_lines(n: &NodeRef, lines: &mut Vec<String>, cur: &mut String, max: usize, depth: usize) {
    if lines.len() >= max || depth > 40 {
        return;
    }
    if n.is_text() {
        cur.push_str(&n.text());
        return;
    }
    if !n.is_element() {
        return;
    }
    let name = n
        .node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(
        name.as_str(),
        "script" | "style" | "noscript" | "template" | "svg" | "nav" | "footer" | "aside" | "form"
    ) {
        return;
    }
    let attr = format!(
        "{} {}",
        n.attr("class").unwrap_or_default(),
        n.attr("id").unwrap_or_default()
    );
    if attr.len() < 200 && JUNK_ATTR.is_match(&attr) {
        return;
    }
    let block = is_line_tag(&name);
    if block {
        flush_line(cur, lines);
    }
    for c in n.children_it(false) {
        collect_lines(&c, lines, cur, max, depth + 1);
    }
    if block {
        flush_line(cur, lines);
    }
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
    let canonical = find_canonical(doc, &metas, url);
    // The page's address, then the one it names for itself, can carry the day.
    let urls: Vec<&str> = [url, canonical.as_deref()].into_iter().flatten().collect();
    let (published, published_guessed) =
        find_published(doc, &metas, &ld, &urls, modified.as_deref());
    Meta {
        title: find_title(doc, &metas, &ld, publisher.as_deref()),
        author: find_author(doc, &metas, &ld, publisher.as_deref(), url),
        published,
        published_guessed,
        modified,
        language: find_language(doc, &metas, &ld),
        canonical,
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
    fn published_date_from_other_meta_and_from_text() {
        let m = meta_of(
            r#"<html><head><meta name="w-published-date" content="2025-05-27T06:03:43Z"></head><body>x</body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref().map(|s| &s[..10]), Some("2025-05-27"));
        // The first date a reader sees, not one in a script.
        let m = meta_of(
            r#"<html><body><script>var d = "2019-01-01";</script><h1>Notes</h1>
               <p>Written on 17.05.2021 at home.</p><p>See also March 3, 2020.</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2021-05-17"));
        assert!(m.published_guessed);
    }

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
    fn byline_cleaning_drops_roles_and_tails() {
        assert_eq!(
            clean_byline("Recipe by PJ Hamel").as_deref(),
            Some("PJ Hamel")
        );
        assert_eq!(clean_byline("BeauHD on Friday").as_deref(), Some("BeauHD"));
        assert_eq!(
            clean_byline("Kyle Howells 15 min read").as_deref(),
            Some("Kyle Howells")
        );
        assert_eq!(
            clean_byline("NB\nNicole Burke").as_deref(),
            Some("Nicole Burke")
        );
        assert_eq!(
            clean_byline("Jun 2\nWritten By\nPolly Barks").as_deref(),
            Some("Polly Barks")
        );
        assert!(!looks_like_name("Updated"));
        assert!(!looks_like_name("page.head.extra.author"));
        assert!(looks_like_name("sara.r.peter"));
    }
}
