//! RSS (0.9x, 1.0, 2.0), Atom and JSON Feed documents, parsed with `feed-rs`: one article an
//! entry, named `path#entry-N` (N counts from 1 in document order).
//!
//! Text is the entry's full content when it has some, else its summary; HTML is turned into
//! text by [`crate::fragment`]. The title, the link (the `alternate` one when there are
//! several), authors and categories come from the entry, the publisher is the feed's title,
//! the language the entry's or the feed's. The publication date is the entry's `published`,
//! else its `updated`, with the offset the feed wrote kept. An invalid date is left out with a
//! warning (and kept as `extra.published_raw`). The id is the entry's id or guid; without one
//! the text hash is used, as for JSON lines. An entry with neither content nor summary is
//! stored under its title, with a warning.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use feed_rs::model::{Entry, Link, Text};
use serde_json::{Map, Value};
use storyline_core::{normalize_date, RawArticle};

use crate::{fragment, unusable, Item, Notice};

/// Date tokens are instants from this many seconds before 1970 on, one second a date.
const TOKEN_BASE: i64 = -100_000_000_000;

/// Read one feed document.
pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    if let Some(problem) = unusable(bytes) {
        return sink(Item::Notice(Notice::rejected(name, problem)));
    }
    let dates = Dates::default();
    let seen = dates.clone();
    let parser = feed_rs::parser::Builder::new()
        // No made-up ids: an entry without one is stored under its text hash.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |raw| Some(seen.token(raw)))
        .sanitize_content(false)
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            let msg = format!("not a readable RSS, Atom or JSON feed: {e}");
            return sink(Item::Notice(Notice::rejected(name, msg)));
        }
    };
    if feed.entries.is_empty() {
        return sink(Item::Notice(Notice::warning(name, "feed has no entries")));
    }
    let publisher = feed.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let language = feed.language.as_deref().and_then(language_code);
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let origin = format!("{name}#entry-{}", i + 1);
        let mut ctx = Context {
            origin: &origin,
            dates: &dates,
            sink: &mut *sink,
        };
        match ctx.article(entry, publisher.clone(), language.clone()) {
            Ok(a) => sink(Item::Article(a)),
            Err(msg) => sink(Item::Notice(Notice::rejected(origin, msg))),
        }
    }
}

/// The date strings feed-rs met, in order. Its parser hands each date string to us and keeps
/// what we return; we return a token (see [`TOKEN_BASE`]) and read the string back later, so
/// the offset the feed wrote survives and an invalid date can be reported for its entry.
#[derive(Clone, Default)]
struct Dates(Arc<Mutex<Vec<String>>>);

impl Dates {
    fn token(&self, raw: &str) -> DateTime<Utc> {
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.push(raw.trim().to_string());
        DateTime::from_timestamp(TOKEN_BASE + list.len() as i64 - 1, 0).unwrap_or_default()
    }

    /// The string a token stands for.
    fn raw(&self, token: Option<DateTime<Utc>>) -> Option<String> {
        let index = usize::try_from(token?.timestamp() - TOKEN_BASE).ok()?;
        let list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.get(index).cloned()
    }
}

struct Context<'a> {
    origin: &'a str,
    dates: &'a Dates,
    sink: &'a mut dyn FnMut(Item),
}

impl Context<'_> {
    fn warn(&mut self, msg: String) {
        (self.sink)(Item::Notice(Notice::warning(self.origin, msg)));
    }

    fn article(
        &mut self,
        entry: Entry,
        publisher: Option<String>,
        feed_language: Option<String>,
    ) -> Result<RawArticle, String> {
        let mut extra = Map::new();
        let title = entry.title.as_ref().map(text_of).filter(|t| !t.is_empty());
        let text = match body_of(&entry) {
            Some(text) => text,
            None => match &title {
                Some(t) => {
                    self.warn("entry has no content or summary; its title is the text".into());
                    t.clone()
                }
                None => return Err("entry has no content, summary or title".into()),
            },
        };
        let published = self.date("published", entry.published, &mut extra);
        let updated = if entry.updated == entry.published {
            published.clone()
        } else {
            self.date("updated", entry.updated, &mut extra)
        };
        if let Some(u) = updated.as_ref().filter(|u| published.as_ref() != Some(u)) {
            extra.insert("updated".into(), Value::String(u.clone()));
        }
        let categories: Vec<Value> = entry
            .categories
            .iter()
            .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
            .filter(|c| !c.trim().is_empty())
            .map(Value::String)
            .collect();
        if !categories.is_empty() {
            extra.insert("categories".into(), Value::Array(categories));
        }
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.clone().or_else(|| p.email.clone()))
            .filter(|n| !n.trim().is_empty())
            .collect();
        Ok(RawArticle {
            id: Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()),
            origin: self.origin.to_string(),
            text,
            title,
            url: link_of(&entry.links),
            publisher,
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            published: published.or(updated),
            language: entry
                .language
                .as_deref()
                .and_then(language_code)
                .or(feed_language),
            extra,
        })
    }

    /// A date of the entry as the feed wrote it, or None with a warning when it is not one.
    fn date(
        &mut self,
        field: &str,
        token: Option<DateTime<Utc>>,
        extra: &mut Map<String, Value>,
    ) -> Option<String> {
        let raw = self.dates.raw(token)?;
        let date = parse_date(&raw);
        if date.is_none() {
            self.warn(format!("`{field}` date {raw:?} is not a date; left empty"));
            let key = format!("{field}_raw");
            extra.entry(key).or_insert(Value::String(raw));
        }
        date
    }
}

/// A feed's (or a JSON line's) date as RFC 3339 (keeping its offset) or YYYY-MM-DD: RFC 3339,
/// RFC 2822 (also without seconds), else the day of a few common zone-less forms.
pub(crate) fn parse_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some(d) = normalize_date(raw) {
        return Some(d);
    }
    let with_offset = DateTime::parse_from_rfc2822(raw)
        .or_else(|_| DateTime::parse_from_str(raw, "%a, %d %b %Y %H:%M %z"))
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S%.f%:z"));
    if let Ok(d) = with_offset {
        return Some(d.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
    const TIMES: [&str; 3] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ];
    const DAYS: [&str; 5] = ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"];
    let day = TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok().map(|t| t.date()))
        .or_else(|| {
            DAYS.iter()
                .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
        })?;
    Some(day.format("%Y-%m-%d").to_string())
}

/// Plain text of the entry's content, else its summary.
fn body_of(entry: &Entry) -> Option<String> {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        Some(convert(body, c.content_type.as_ref()))
    });
    content
        .filter(|t| !t.is_empty())
        .or_else(|| entry.summary.as_ref().map(text_of))
        .filter(|t| !t.is_empty())
}

/// Plain text of a feed text construct.
fn text_of(t: &Text) -> String {
    convert(&t.content, t.content_type.as_ref())
}

/// Text of a given media type: HTML and XHTML through [`fragment::to_text`]; plain text keeps
/// its paragraphs.
fn convert(body: &str, media_type: &str) -> String {
    if media_type.contains("html") || media_type.contains("xml") {
        fragment::to_text(body)
    } else {
        body.split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The entry's own page: the `alternate` link (or one without `rel`), else the first.
fn link_of(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// The primary language subtag, lower case (`en-US` → `en`), when it looks like one.
pub(crate) fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn run(doc: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read("f.xml", doc.as_bytes(), &mut |i| items.push(i));
        items
    }

    fn articles(items: &[Item]) -> Vec<&RawArticle> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn rss_items_with_content_dates_and_bad_date() {
        let items = run(r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Courier</title><language>en-GB</language><link>https://vc.example/</link>
<item><title>Bridge reopens</title><link>https://vc.example/bridge</link><guid>vc-1</guid>
<pubDate>Tue, 18 Jun 2024 08:30:00 +0200</pubDate><dc:creator>Ana Ruiz</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The bridge reopened&nbsp;on Tuesday.</p><p>Traffic resumed.</p>]]></content:encoded>
<category>Transport</category></item>
<item><title>Second story</title><link>https://vc.example/two</link>
<pubDate>sometime last week</pubDate><description>&lt;p&gt;Only a summary.&lt;/p&gt;</description></item>
<item><link>https://vc.example/empty</link></item>
</channel></rss>"#);
        let list = articles(&items);
        assert_eq!(list.len(), 2, "{items:?}");
        let a = list[0];
        assert_eq!(a.id.as_deref(), Some("vc-1"));
        assert_eq!(a.origin, "f.xml#entry-1");
        assert_eq!(
            a.text,
            "The bridge reopened\u{a0}on Tuesday.\n\nTraffic resumed."
        );
        assert_eq!(a.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(a.url.as_deref(), Some("https://vc.example/bridge"));
        assert_eq!(a.published.as_deref(), Some("2024-06-18T08:30:00+02:00"));
        assert_eq!(a.publisher.as_deref(), Some("Valley Courier"));
        assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.extra["categories"][0], "Transport");
        let b = list[1];
        assert_eq!(b.id, None, "no guid: the text hash is used");
        assert_eq!(b.text, "Only a summary.");
        assert_eq!(b.published, None);
        assert_eq!(b.extra["published_raw"], "sometime last week");
        let notices: Vec<&Notice> = items
            .iter()
            .filter_map(|i| match i {
                Item::Notice(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert_eq!(notices[0].origin, "f.xml#entry-2");
        assert_eq!(notices[0].severity, Severity::Warning);
        assert!(notices[0]
            .message
            .contains("\"sometime last week\" is not a date"));
        assert_eq!(notices[1].origin, "f.xml#entry-3");
        assert_eq!(notices[1].severity, Severity::Rejected);
    }

    #[test]
    fn atom_and_json_feed() {
        let items = run(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Post</title>
<entry><id>urn:x:1</id><title type="html">A &lt;em&gt;big&lt;/em&gt; day</title>
<link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/1"/>
<updated>2024-05-02T10:00:00Z</updated><author><name>Kim Lee</name></author>
<summary>Summary only.</summary></entry></feed>"#,
        );
        let a = articles(&items)[0];
        assert_eq!(a.title.as_deref(), Some("A big day"));
        assert_eq!(a.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(a.published.as_deref(), Some("2024-05-02T10:00:00Z"));
        assert_eq!(a.author.as_deref(), Some("Kim Lee"));
        assert_eq!(a.publisher.as_deref(), Some("Atom Post"));

        let items = run(
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JF",
 "language": "fr", "items": [{"id": "9", "url": "https://j.example/9", "title": "T",
 "content_text": "Line one.\n\nLine two.", "date_published": "2024-01-05T12:00:00-05:00"}]}"#,
        );
        let a = articles(&items)[0];
        assert_eq!(a.id.as_deref(), Some("9"));
        assert_eq!(a.text, "Line one.\n\nLine two.");
        assert_eq!(a.published.as_deref(), Some("2024-01-05T12:00:00-05:00"));
        assert_eq!(a.language.as_deref(), Some("fr"));
    }

    #[test]
    fn dates_keep_their_offset_or_day() {
        let cases = [
            (
                "Tue, 18 Jun 2024 08:30:00 GMT",
                Some("2024-06-18T08:30:00Z"),
            ),
            (
                "Tue, 18 Jun 2024 08:30 +0100",
                Some("2024-06-18T08:30:00+01:00"),
            ),
            ("2024-06-18 08:30:00", Some("2024-06-18")),
            ("June 18, 2024", Some("2024-06-18")),
            ("2024-06-31", None),
            ("soon", None),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_date(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn unreadable_feed_is_rejected() {
        let items = run("<rss version=\"2.0\"><channel><item><title>cut");
        assert!(
            matches!(&items[..], [Item::Notice(n)] if n.severity == Severity::Rejected && n.origin == "f.xml"),
            "{items:?}"
        );
    }
}
