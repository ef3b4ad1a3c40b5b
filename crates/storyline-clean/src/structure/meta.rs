//! Metadata found in the text itself: title shape, bylines, agencies, date lines, datelines.
//!
//! Each function looks at one line (or the start of one paragraph) and either recognises it
//! completely or returns `None`; none of them guesses from prose in the middle of a sentence.

use regex::Regex;

use crate::pattern::Pattern;

use super::{key, word_count};
use crate::normalize::ends_sentence;

/// News agencies: (canonical name, normalised spellings). A closed, well-known set; anything
/// else organisation-like becomes a publisher instead.
const AGENCIES: &[(&str, &[&str])] = &[
    ("AP", &["ap", "associated press", "the associated press"]),
    ("Reuters", &["reuters", "thomson reuters"]),
    (
        "AFP",
        &["afp", "agence france presse", "agence france-presse"],
    ),
    ("AAP", &["aap", "australian associated press"]),
    ("Bloomberg", &["bloomberg"]),
    ("dpa", &["dpa", "deutsche presse agentur"]),
    ("Xinhua", &["xinhua", "xinhua news agency"]),
    ("Kyodo", &["kyodo", "kyodo news"]),
    ("Yonhap", &["yonhap", "yonhap news agency"]),
    ("ANI", &["ani", "asian news international"]),
    ("PTI", &["pti", "press trust of india"]),
    ("IANS", &["ians"]),
    ("TASS", &["tass", "itar tass"]),
    ("Interfax", &["interfax"]),
    ("RIA Novosti", &["ria novosti", "ria"]),
    ("EFE", &["efe"]),
    ("ANSA", &["ansa"]),
    ("UPI", &["upi", "united press international"]),
    ("PA", &["pa", "pa media", "press association"]),
    (
        "Canadian Press",
        &["cp", "canadian press", "the canadian press"],
    ),
    ("Anadolu", &["anadolu", "anadolu agency"]),
    ("KCNA", &["kcna", "korean central news agency"]),
    ("Bernama", &["bernama"]),
    ("Antara", &["antara"]),
    ("CNA", &["cna"]),
];

/// The canonical name of a news agency, if `s` names one.
pub(crate) fn agency(s: &str) -> Option<&'static str> {
    let k = key(s);
    AGENCIES
        .iter()
        .find(|(_, names)| names.contains(&k.as_str()))
        .map(|(c, _)| *c)
}

/// Words that make a name an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "news",
    "press",
    "times",
    "post",
    "agency",
    "bureau",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "daily",
    "weekly",
    "network",
    "media",
    "broadcasting",
    "radio",
    "television",
    "tv",
    "channel",
    "online",
    "chronicle",
    "telegraph",
    "guardian",
    "observer",
    "express",
    "mirror",
    "standard",
    "magazine",
    "digital",
    "corporation",
    "wire",
    "newswire",
    "service",
    "desk",
    "report",
];

pub(crate) fn is_org(name: &str) -> bool {
    key(name).split(' ').any(|w| ORG_WORDS.contains(&w))
}

/// Words of a byline that name a role, not a person ("Staff Writers", "Our Correspondent").
const ROLE_WORDS: &[&str] = &[
    "staff",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "desk",
    "bureau",
    "editor",
    "editors",
    "team",
    "contributor",
    "contributors",
];

/// "Staff Writers", "Hilltown Bureau", "Special Correspondent" (but not "Editor's Note").
fn ends_with_role_word(name: &str) -> bool {
    key(name)
        .rsplit(' ')
        .next()
        .is_some_and(|w| ROLE_WORDS.contains(&w))
}

/// Small words allowed inside names ("Ana de la Cruz", "Jane Doe and John Roe").
const NAME_CONNECTORS: &[&str] = &[
    "and", "&", "de", "la", "le", "van", "von", "der", "den", "da", "del", "di", "du", "bin", "al",
    "el", "of", "the", "y",
];

/// Does the text read as a short list of names (capitalised words, connectors, commas)?
fn looks_like_names(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 9 {
        return false;
    }
    if !words[0].chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if s.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '!' | '?' | ';' | '"' | '“' | '”' | ':'))
    {
        return false;
    }
    words.iter().all(|w| {
        let w = w.trim_end_matches(',');
        NAME_CONNECTORS.contains(&w.to_lowercase().as_str())
            || w.chars().next().is_some_and(|c| c.is_uppercase())
    }) && !s.trim_end().ends_with('.')
        || words.iter().all(|w| w.len() <= 2 && w.ends_with('.')) // initials only
}

/// What a byline line says.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Byline {
    /// Person or role names ("Jane Doe and John Roe", "Staff Writers").
    pub author: Option<String>,
    /// An organisation named as the author ("ABC News").
    pub publisher: Option<String>,
    pub agencies: Vec<String>,
}

static BY_PREFIX: Pattern = Pattern::new(|| {
    Regex::new(r"^(?:(?:[Ww]ritten|[Ss]tory|[Ww]ords|[Rr]eported|[Pp]osted)\s+by\s+|By\s+|BY\s+|by\s+|By)(\p{Lu}.*)$")
        .unwrap()
});

/// Split a run-together agency off the end of a word: "WritersReuters" -> "Writers Reuters".
fn split_glued_agency(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        let chars: Vec<(usize, char)> = w.char_indices().collect();
        let mut split_at = None;
        for pair in chars.windows(2) {
            let ((_, a), (j, b)) = (pair[0], pair[1]);
            let rest = &w[j..];
            let short_ok = rest.chars().count() > 3 || rest.chars().all(char::is_uppercase);
            if a.is_lowercase() && b.is_uppercase() && short_ok && agency(rest).is_some() {
                split_at = Some(j);
                break;
            }
        }
        match split_at {
            Some(j) => {
                out.push(w[..j].to_string());
                out.push(w[j..].to_string());
            }
            None => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// Take a trailing agency off a list of words ("Staff Writers Reuters").
fn take_trailing_agency(words: &mut Vec<String>) -> Option<&'static str> {
    for n in (1..=3).rev() {
        if words.len() > n {
            let tail = words[words.len() - n..].join(" ");
            let tail = tail.trim_start_matches(['-', '—', '|', ',']);
            // Short agency names ("AP", "PA") only in capitals, so that names are not cut.
            let short_ok = tail.chars().count() > 3 || tail.chars().all(char::is_uppercase);
            if let Some(a) = agency(tail).filter(|_| short_ok) {
                words.truncate(words.len() - n);
                if let Some(last) = words.last_mut() {
                    *last = last.trim_end_matches([',', '-', '|']).to_string();
                    if last.is_empty() {
                        words.pop();
                    }
                }
                return Some(a);
            }
        }
    }
    None
}

/// Parse a byline line. `after_marker` is true when the line follows an author-image marker,
/// where a bare name is enough; otherwise the line needs "By ..." or a role word
/// ("Staff Writers") to count.
pub(crate) fn parse_byline(line: &str, after_marker: bool) -> Option<Byline> {
    let line = line.trim();
    if line.is_empty() || word_count(line) > 14 || line.chars().count() > 120 {
        return None;
    }
    // "By the CNN Wire Staff": an organisation's staff, never a person.
    if let Some(rest) = line
        .strip_prefix("By the ")
        .or_else(|| line.strip_prefix("by the "))
    {
        return staff_of(rest).map(|org| staff_byline(&org));
    }
    let (explicit, rest) = match BY_PREFIX.captures(line) {
        Some(c) => (true, c.get(1).unwrap().as_str().trim().to_string()),
        None => (false, line.to_string()),
    };
    let mut by = Byline::default();
    // Segments: "Jane Doe | Reuters", "Jane Doe - Staff Writer", "Jane Doe, Reuters".
    let segments: Vec<&str> = rest
        .split(['|', '•', '·', '—', '–'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let first = *segments.first()?;
    for seg in &segments[1..] {
        if let Some(a) = agency(seg) {
            push_unique(&mut by.agencies, a);
        }
    }
    // Comma parts after the names: "Jane Doe, Reuters" / "Jane Doe, Staff Writer".
    let mut parts: Vec<&str> = first
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    while parts.len() > 1 {
        let last = parts[parts.len() - 1];
        if let Some(a) = agency(last) {
            push_unique(&mut by.agencies, a);
            parts.pop();
        } else if is_org_name(last) && ends_with_role_word(&parts[..parts.len() - 1].join(" ")) {
            // "Staff Writers, Examplewire": a role, then the organisation it writes for.
            push_unique(&mut by.agencies, last);
            parts.pop();
        } else if ends_with_role_word(last) && word_count(last) <= 4 {
            // "Jane Doe, Sports Editor": the role is not part of the name.
            parts.pop();
        } else {
            break;
        }
    }
    let names = parts.join(", ");
    let names = split_glued_agency(&names);
    let mut words: Vec<String> = names.split_whitespace().map(str::to_string).collect();
    let whole_agency = agency(&names);
    if whole_agency.is_none() {
        if let Some(a) = take_trailing_agency(&mut words) {
            push_unique(&mut by.agencies, a);
        }
    }
    let names = words.join(" ");
    if explicit {
        if let Some(org) = staff_of(&names) {
            let mut staff = staff_byline(&org);
            for a in by.agencies {
                push_unique(&mut staff.agencies, &a);
            }
            return Some(staff);
        }
    }
    if let Some(a) = whole_agency {
        if !explicit && !after_marker {
            return None;
        }
        push_unique(&mut by.agencies, a);
        return Some(by);
    }
    if names.is_empty() || !looks_like_names(&names) {
        return None;
    }
    let glued_or_split = !by.agencies.is_empty();
    if explicit {
        if is_org(&names) && !has_role_word_only(&names) {
            by.publisher = Some(names);
        } else {
            by.author = Some(names);
        }
        Some(by)
    } else if after_marker
        || ends_with_role_word(&names) && (word_count(&names) <= 4 || glued_or_split)
    {
        by.author = Some(names);
        Some(by)
    } else {
        None
    }
}

/// The byline of an organisation's staff: its publisher, or its agency when it is one.
fn staff_byline(org: &str) -> Byline {
    let mut by = Byline::default();
    match agency(org) {
        Some(a) => push_unique(&mut by.agencies, a),
        None => by.publisher = Some(org.to_string()),
    }
    by
}

/// The organisation whose staff a byline names: "the CNN Wire Staff" and "BBC News Staff"
/// give "CNN" and "BBC". Its words are capitalised; role and desk words around them go.
fn staff_of(names: &str) -> Option<String> {
    const DESK_WORDS: &[&str] = &["wire", "news", "web", "online", "digital"];
    let mut words: Vec<&str> = names.split_whitespace().collect();
    if words.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        words.remove(0);
    }
    let lower = |w: &str| w.to_lowercase();
    let is_role = |w: &&str| ROLE_WORDS.contains(&lower(w).as_str());
    let is_desk = |w: &&str| DESK_WORDS.contains(&lower(w).as_str());
    let org_len = words.iter().position(|w| is_role(w) || is_desk(w))?;
    let (org, rest) = words.split_at(org_len);
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    // An acronym ("CNN") or a name with an organisation word ("Harbour Herald"); "Jane Doe
    // Staff Writer" names a person.
    let acronym = |w: &&str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase())
    };
    let org_ok = (1..=3).contains(&org.len())
        && org.iter().all(capitalised)
        && (org.iter().any(acronym)
            || is_org(&org.join(" "))
            || agency(&org.join(" ")).is_some()
            || rest.iter().any(is_desk));
    let staff = rest.iter().all(|w| is_role(w) || is_desk(w)) && rest.iter().any(is_role);
    (org_ok && staff).then(|| org.join(" "))
}

/// "Staff Writers", "News Desk": role words only, which is still an author, not a publisher.
fn has_role_word_only(name: &str) -> bool {
    let k = key(name);
    let words: Vec<&str> = k.split(' ').collect();
    words.iter().all(|w| {
        ROLE_WORDS.contains(w)
            || matches!(
                *w,
                "our" | "the" | "special" | "senior" | "news" | "web" | "online"
            )
    })
}

pub(crate) fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x.eq_ignore_ascii_case(s)) {
        v.push(s.to_string());
    }
}

static TRAILER: Pattern = Pattern::new(|| {
    Regex::new(
        r"(?i)^(?:[-—–]+\s*)?(?P<intro>with\s+(?:additional\s+)?(?:reporting\s+(?:by|from)\s+)?|additional\s+reporting\s+(?:by|from)\s+|reporting\s+by\s+|compiled\s+by\s+|(?:news\s+)?sources?\s*:\s*|agencies?\s*:\s*|courtesy\s+(?:of\s+)?)?(?P<what>.+?)[.]?$",
    )
    .unwrap()
});

/// What a sign-off line at the end of an article says.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Trailer {
    pub agencies: Vec<String>,
    /// People named by "Reporting by ...".
    pub reporters: Option<String>,
}

/// Recognise a sign-off: "with AP", "Additional reporting by Reuters", "(Reuters)",
/// "-- Reuters", "Reporting by Jane Doe; Editing by John Roe", "Reuters".
pub(crate) fn parse_trailer(line: &str) -> Option<Trailer> {
    let line = line.trim();
    if word_count(line) > 25 || line.chars().count() > 200 {
        return None;
    }
    let lower = line.to_lowercase();
    let mut t = Trailer::default();
    // Reuters-style credits: "Reporting by A in B; Editing by C".
    if lower.starts_with("reporting by")
        || lower.starts_with("additional reporting")
        || lower.starts_with("writing by")
        || lower.starts_with("editing by")
    {
        let mut any = false;
        for clause in line.split(';') {
            let clause = clause.trim().trim_end_matches('.');
            let cl = clause.to_lowercase();
            let Some(pos) = cl.find(" by ") else { continue };
            let what = &clause[pos + 4..];
            for name in split_list(what) {
                let name = strip_place(&name);
                if let Some(a) = agency(&name) {
                    push_unique(&mut t.agencies, a);
                    any = true;
                } else if is_org_name(&name) {
                    push_unique(&mut t.agencies, &name);
                    any = true;
                } else if cl.starts_with("reporting") && looks_like_names(&name) {
                    t.reporters = Some(match t.reporters.take() {
                        Some(r) => format!("{r}, {name}"),
                        None => name.clone(),
                    });
                    any = true;
                } else if looks_like_names(&name) {
                    any = true;
                }
            }
        }
        return any.then_some(t);
    }
    // "(Reuters)" or "(AP)" alone.
    let inner = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(line);
    let caps = TRAILER.captures(inner)?;
    let what = caps.name("what")?.as_str();
    let introduced = caps.name("intro").is_some();
    let items = split_list(what);
    if items.is_empty() {
        return None;
    }
    for item in &items {
        match agency(item) {
            Some(a) => push_unique(&mut t.agencies, a),
            // After "with"/"additional reporting by", an organisation is a contributor too.
            None if introduced && is_org_name(item) => push_unique(&mut t.agencies, item),
            None => return None,
        }
    }
    Some(t)
}

/// A name that is an organisation: organisation words ("Hilltown Press"), or a single
/// capitalised word (people are named with two or more: "Norpress", not "Jane").
fn is_org_name(s: &str) -> bool {
    looks_like_names(s) && (is_org(s) || (word_count(s) == 1 && s.chars().count() >= 3))
}

fn split_list(s: &str) -> Vec<String> {
    s.replace(" and ", ",")
        .replace(" & ", ",")
        .split([',', '/'])
        .map(|x| x.trim().trim_end_matches('.').to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// "Jane Doe in Seoul" -> "Jane Doe".
fn strip_place(s: &str) -> String {
    match s.find(" in ") {
        Some(i) => s[..i].trim().to_string(),
        None => s.trim().to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_lowercase();
    if l.len() < 3 {
        return None;
    }
    const FULL: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (0..12)
        .find(|&i| l == MONTHS[i] || l == FULL[i] || (l == "sept" && i == 8))
        .map(|i| i as u32 + 1)
}

fn is_weekday(s: &str) -> bool {
    let l = s.trim_end_matches('.').to_lowercase();
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .any(|d| l == *d || (l.len() >= 3 && d.starts_with(l.as_str()) && l.len() <= 4))
}

static TIME_TOKEN: Pattern = Pattern::new(|| {
    Regex::new(r"(?i)^\d{1,2}[:.]\d{2}(?::\d{2})?(?:am|pm|a\.m\.|p\.m\.|h)?$").unwrap()
});
static TZ_TOKEN: Pattern = Pattern::new(|| {
    Regex::new(r"^(?:UTC|GMT|Z|[ECMP][SD]?T|BST|CES?T|EES?T|IST|JST|KST|HKT|SGT|AE[SD]T|AC[SD]T|AW[SD]T|NZ[SD]T|MSK|WIB|PHT)(?:[+-]\d{1,2}(?::?\d{2})?)?$|^[+-]\d{2}:?\d{2}$")
        .unwrap()
});
static ISO_DATE: Pattern = Pattern::new(|| {
    Regex::new(r"(?-u:\b)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?-u:\b)").unwrap()
});
static MDY: Pattern = Pattern::new(|| {
    Regex::new(r"(?i)(?-u:\b)([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?-u:\b)")
        .unwrap()
});
static DMY: Pattern = Pattern::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})(?-u:\b)",
    )
    .unwrap()
});
static NUMERIC: Pattern =
    Pattern::new(|| Regex::new(r"(?-u:\b)(\d{1,2})[./](\d{1,2})[./](\d{4})(?-u:\b)").unwrap());

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The first full calendar date (day, month and year) written in `s`, as YYYY-MM-DD.
pub(crate) fn find_date(s: &str) -> Option<String> {
    if let Some(c) = ISO_DATE.captures(s) {
        if let Some(d) = ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?) {
            return Some(d);
        }
    }
    for c in MDY.captures_iter(s) {
        if let Some(m) = month_number(&c[1]) {
            if let Some(d) = ymd(c[3].parse().ok()?, m, c[2].parse().ok()?) {
                return Some(d);
            }
        }
    }
    for c in DMY.captures_iter(s) {
        if let Some(m) = month_number(&c[2]) {
            if let Some(d) = ymd(c[3].parse().ok()?, m, c[1].parse().ok()?) {
                return Some(d);
            }
        }
    }
    if let Some(c) = NUMERIC.captures(s) {
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        let y: i32 = c[3].parse().ok()?;
        // Only when the order is unambiguous.
        if a > 12 && b <= 12 {
            return ymd(y, b, a);
        }
        if b > 12 && a <= 12 {
            return ymd(y, a, b);
        }
    }
    None
}

/// Whether a date line says when the article was published or when it was updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateLabel {
    Published,
    Updated,
}

const DATE_LABELS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "first",
    "modified",
    "on",
    "at",
    "date",
    "created",
    "uploaded",
    "|",
    "-",
    "—",
    "–",
    "•",
    "·",
    "/",
];

/// Recognise a line that is nothing but a date stamp: "July 19, 2000, 12:51 PM",
/// "Published: 3 March 2021", "2021-03-03", "Updated 10:02 AM EST, Tue March 5, 2024".
/// Every word must be part of a date, a time, a zone, a weekday or a label.
pub(crate) fn parse_date_line(line: &str) -> Option<(String, DateLabel)> {
    let line = line.trim();
    if line.chars().count() > 90 || word_count(line) > 14 {
        return None;
    }
    let date = find_date(line)?;
    for raw in line.split([' ', ',']) {
        let tok = raw.trim_matches(|c: char| matches!(c, ':' | '(' | ')' | '[' | ']'));
        if tok.is_empty() {
            continue;
        }
        let lower = tok.to_lowercase();
        let ok = DATE_LABELS.contains(&lower.as_str())
            || month_number(tok).is_some()
            || is_weekday(tok)
            || tok
                .trim_end_matches(['.'])
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .chars()
                .all(|c| c.is_ascii_digit())
                && tok.chars().next().is_some_and(|c| c.is_ascii_digit())
                && tok.len() <= 6
            || ISO_DATE.is_match(tok)
            || NUMERIC.is_match(tok)
            || TIME_TOKEN.is_match(tok)
            || matches!(
                lower.as_str(),
                "am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m"
            )
            || TZ_TOKEN.is_match(tok);
        if !ok {
            return None;
        }
    }
    let lower = line.to_lowercase();
    let label = if (lower.contains("updated") || lower.contains("modified"))
        && !lower.contains("published")
        && !lower.contains("posted")
    {
        DateLabel::Updated
    } else {
        DateLabel::Published
    };
    Some((date, label))
}

// ---------------------------------------------------------------------------------------------
// Datelines

static DATELINE: Pattern = Pattern::new(|| {
    Regex::new(concat!(
        r"^(?P<place>(?:\p{Lu} ){2,}\p{Lu}(?-u:\b)|\p{Lu}[\p{Lu}'.\-]+(?: \p{Lu}[\p{Lu}'.\-]+){0,3}|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2})",
        r"(?P<region>(?:, ?\p{Lu}[\p{L}.'\-]*(?: \p{Lu}[\p{L}.'\-]*){0,3}){0,2})",
        r"(?P<date>, ?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, ?\d{4})?)?",
        r" ?(?:\((?P<agency>[^()]{1,40})\))?",
        r"(?P<sep> ?(?:--|—|–)| -) ",
    ))
    .unwrap()
});

/// A dateline at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dateline {
    /// The place, normalised: spaced letters collapsed, all-caps title-cased.
    pub place: String,
    /// "(Reuters)" in "WASHINGTON (Reuters) -".
    pub source: Option<String>,
}

/// Find a dateline: "S E O U L, South Korea, July 19 --", "WASHINGTON (Reuters) -",
/// "LONDON —", "Kyiv, Ukraine (AP) —". A mixed-case place needs a region, a date or a source
/// in brackets to count, so that ordinary sentences with a dash are not taken.
pub(crate) fn parse_dateline(paragraph: &str) -> Option<Dateline> {
    let c = DATELINE.captures(paragraph)?;
    let place_raw = c.name("place")?.as_str();
    let has_region = !c.name("region").map_or("", |m| m.as_str()).is_empty();
    let has_date = c.name("date").is_some();
    let source = c.name("agency").map(|m| m.as_str().trim().to_string());
    let spaced = place_raw.len() >= 5 && place_raw.split(' ').all(|w| w.chars().count() == 1);
    let letters = place_raw.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = place_raw
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let accept = if spaced {
        true
    } else if all_caps {
        letters >= 4 || has_region || has_date || source.is_some()
    } else {
        has_region || has_date || source.is_some()
    };
    if !accept {
        return None;
    }
    if let Some(s) = &source {
        // "(Reuters)" is a source; "(file)" or a long aside is not.
        if word_count(s) > 4 || !s.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
    }
    let place = if spaced {
        title_case(&place_raw.replace(' ', ""))
    } else if all_caps {
        title_case(place_raw)
    } else {
        place_raw.to_string()
    };
    Some(Dateline { place, source })
}

/// "NEW YORK" -> "New York", "WINSTON-SALEM" -> "Winston-Salem", "ST. LOUIS" -> "St. Louis".
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = matches!(c, ' ' | '-' | '.');
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Titles

/// Is this line shaped like a headline: short, one line, starting with a capital, not ending
/// like a sentence or a clause?
pub(crate) fn is_headline(s: &str) -> bool {
    let n = s.chars().count();
    let words = word_count(s);
    if !(8..=200).contains(&n) || !(2..=30).contains(&words) {
        return false;
    }
    let first = s.chars().next().unwrap();
    if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '‘' | '\''))
    {
        return false;
    }
    let t = s.trim_end_matches(['"', '”', '’', '\'']);
    if t.ends_with(['.', ',', ';', ':', '-', '—']) && !t.ends_with("...") {
        return false;
    }
    // A long line ending in sentence punctuation other than ?/! is prose, not a headline.
    if words > 20 && ends_sentence(s) {
        return false;
    }
    !BY_PREFIX.is_match(s) && parse_date_line(s).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_are_canonical() {
        assert_eq!(agency("The Associated Press"), Some("AP"));
        assert_eq!(agency("reuters"), Some("Reuters"));
        assert_eq!(agency("Agence France-Presse"), Some("AFP"));
        assert_eq!(agency("Daily Planet"), None);
    }

    #[test]
    fn byline_person() {
        let b = parse_byline("By Jane Doe", false).unwrap();
        assert_eq!(b.author.as_deref(), Some("Jane Doe"));
        let b = parse_byline("By Jane Doe, Sports Editor", false).unwrap();
        assert_eq!(b.author.as_deref(), Some("Jane Doe"));
        let b = parse_byline("By Jane Doe and John Roe", false).unwrap();
        assert_eq!(b.author.as_deref(), Some("Jane Doe and John Roe"));
        let b = parse_byline("BY MARIA DE LA CRUZ", false).unwrap();
        assert_eq!(b.author.as_deref(), Some("MARIA DE LA CRUZ"));
    }

    #[test]
    fn byline_organisation_is_publisher() {
        let b = parse_byline("ByMetro Daily News", false).unwrap();
        assert_eq!(b.publisher.as_deref(), Some("Metro Daily News"));
        assert_eq!(b.author, None);
        let b = parse_byline("By Hilltown Press", false).unwrap();
        assert_eq!(b.publisher.as_deref(), Some("Hilltown Press"));
    }

    #[test]
    fn byline_agency_only() {
        let b = parse_byline("By Reuters", false).unwrap();
        assert_eq!(b.agencies, vec!["Reuters"]);
        assert_eq!(b.author, None);
    }

    #[test]
    fn byline_with_agency_segments() {
        let b = parse_byline("By Jane Doe | AFP", false).unwrap();
        assert_eq!(b.author.as_deref(), Some("Jane Doe"));
        assert_eq!(b.agencies, vec!["AFP"]);
        let b = parse_byline("By Jane Doe, Associated Press", false).unwrap();
        assert_eq!(b.agencies, vec!["AP"]);
    }

    #[test]
    fn role_byline_with_glued_agency() {
        for line in [
            "Staff WritersReuters",
            "Staff Writers Reuters",
            "Staff Writers",
        ] {
            let b = parse_byline(line, false).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(b.author.as_deref(), Some("Staff Writers"), "{line}");
        }
        assert_eq!(
            parse_byline("Staff WritersAAP", false).unwrap().agencies,
            vec!["AAP"]
        );
        for (line, publisher) in [
            ("By the CNN Wire Staff", "CNN"),
            ("By Harbour Herald Staff", "Harbour Herald"),
            ("By the Examplewire News Desk", "Examplewire"),
        ] {
            let b = parse_byline(line, false).unwrap();
            assert_eq!(
                (b.publisher.as_deref(), b.author),
                (Some(publisher), None),
                "{line}"
            );
        }
        assert_eq!(
            parse_byline("By Reuters Staff", false).unwrap().agencies,
            ["Reuters"]
        );
        let person = parse_byline("By Jane Doe Staff Writer", false).unwrap();
        assert_eq!(
            (person.author.as_deref(), person.publisher),
            (Some("Jane Doe Staff Writer"), None)
        );
        assert_eq!(
            parse_byline("By Jane Doe, Staff Writer", false)
                .unwrap()
                .author
                .as_deref(),
            Some("Jane Doe")
        );
        let b = parse_byline("Staff Writers, Examplewire", false).unwrap();
        assert_eq!(
            (b.author.as_deref(), b.agencies),
            (Some("Staff Writers"), vec!["Examplewire".to_string()])
        );
    }

    #[test]
    fn bare_name_needs_marker() {
        assert_eq!(parse_byline("Editor's Note", false), None);
        assert_eq!(
            parse_byline("Hilltown Bureau", true)
                .unwrap()
                .author
                .as_deref(),
            Some("Hilltown Bureau")
        );
        assert_eq!(parse_byline("Ann Example", false), None);
    }

    #[test]
    fn prose_is_not_a_byline() {
        assert_eq!(
            parse_byline("By the time the ferry docked, the storm had passed.", false),
            None
        );
        assert_eq!(parse_byline("By noon", false), None);
        assert_eq!(parse_byline("Byron Bay Council Meets", false), None);
    }

    #[test]
    fn trailers() {
        assert_eq!(parse_trailer("with AP").unwrap().agencies, vec!["AP"]);
        assert_eq!(
            parse_trailer("Additional reporting by Reuters")
                .unwrap()
                .agencies,
            vec!["Reuters"]
        );
        assert_eq!(
            parse_trailer("(Reuters)").unwrap().agencies,
            vec!["Reuters"]
        );
        assert_eq!(
            parse_trailer("-- Reuters").unwrap().agencies,
            vec!["Reuters"]
        );
        assert_eq!(
            parse_trailer("— With AFP and dpa").unwrap().agencies,
            vec!["AFP", "dpa"]
        );
        assert_eq!(
            parse_trailer("With Hilltown Press").unwrap().agencies,
            vec!["Hilltown Press"]
        );
        assert_eq!(
            parse_trailer("Additional reporting by Examplewire")
                .unwrap()
                .agencies,
            vec!["Examplewire"]
        );
        let t = parse_trailer("Additional reporting by Ann Example and Reuters").unwrap();
        assert_eq!(t.agencies, vec!["Reuters"]);
        assert_eq!(t.reporters, None);
        let t = parse_trailer("Reporting by Ann Example in Lisbon; Editing by Bo Sample").unwrap();
        assert_eq!(t.reporters.as_deref(), Some("Ann Example"));
        assert!(t.agencies.is_empty());
    }

    #[test]
    fn sentences_are_not_trailers() {
        assert_eq!(parse_trailer("With that, the meeting ended."), None);
        assert_eq!(parse_trailer("The ministry told Reuters."), None);
        assert_eq!(parse_trailer("With thanks to everyone who came"), None);
    }

    #[test]
    fn date_lines() {
        let d = |s: &str| parse_date_line(s).map(|(d, _)| d);
        assert_eq!(d("March 4, 2019, 8:15 AM").as_deref(), Some("2019-03-04"));
        assert_eq!(d("Published: 3 March 2021").as_deref(), Some("2021-03-03"));
        assert_eq!(d("2021-03-03").as_deref(), Some("2021-03-03"));
        assert_eq!(
            d("Posted on 2021-03-03T10:00:00Z").as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            d("Updated 10:02 AM EST, Tue March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            parse_date_line("Updated 10:02 AM EST, Tue March 5, 2024")
                .unwrap()
                .1,
            DateLabel::Updated
        );
        assert_eq!(
            d("Mon 14 Oct 2019 09.30 BST").as_deref(),
            Some("2019-10-14")
        );
        assert_eq!(d("14/10/2019").as_deref(), Some("2019-10-14"));
        assert_eq!(d("Sept. 9, 2022").as_deref(), Some("2022-09-09"));
    }

    #[test]
    fn prose_with_dates_is_not_a_date_line() {
        assert_eq!(
            parse_date_line("The ferry sank on March 4, 2019, near the harbour."),
            None
        );
        assert_eq!(parse_date_line("Published 3 hours ago"), None);
        assert_eq!(parse_date_line("February 30, 2021"), None);
        assert_eq!(parse_date_line("05/06/2021"), None, "ambiguous order");
    }

    #[test]
    fn datelines() {
        let p = |s: &str| parse_dateline(s).map(|d| d.place);
        assert_eq!(
            p("L I S B O N, Portugal, May 2 -- The mayor said.").as_deref(),
            Some("Lisbon")
        );
        assert_eq!(
            p("NEW YORK (Reuters) - Stocks rose.").as_deref(),
            Some("New York")
        );
        assert_eq!(
            parse_dateline("NEW YORK (Reuters) - Stocks rose.")
                .unwrap()
                .source
                .as_deref(),
            Some("Reuters")
        );
        assert_eq!(p("NAIROBI — Rain fell.").as_deref(), Some("Nairobi"));
        assert_eq!(
            p("Kyiv, Ukraine (AP) — Sirens sounded.").as_deref(),
            Some("Kyiv")
        );
        assert_eq!(
            p("WINSTON-SALEM, N.C. -- A plant closed.").as_deref(),
            Some("Winston-Salem")
        );
    }

    #[test]
    fn ordinary_sentences_have_no_dateline() {
        assert_eq!(
            parse_dateline("Meanwhile — and this matters — prices rose."),
            None
        );
        assert_eq!(
            parse_dateline("The mayor — who was re-elected — spoke."),
            None
        );
        assert_eq!(parse_dateline("UN — the body said nothing."), None);
        assert_eq!(parse_dateline("Prices rose sharply in May."), None);
    }

    #[test]
    fn headline_shapes() {
        assert!(is_headline("Mayor Opens New Bridge Across the River"));
        assert!(is_headline("Storm to reach the coast by Friday"));
        assert!(is_headline("Will the bridge open on time?"));
        assert!(is_headline("Talks Resume in St. Louis"));
        assert!(!is_headline("The storm reached the coast on Friday."));
        assert!(!is_headline("By Jane Doe"));
        assert!(!is_headline("March 4, 2019"));
        assert!(!is_headline("and then it rained"));
    }
}
