//! Shared data types of the Storyline pipeline.
//!
//! Every stage speaks in these types: sources produce [`RawArticle`]s, the cleaner turns
//! them into [`Article`]s, the store keeps them. Keeping the types here (with only the few
//! pure helpers several stages share: content hashing, mojibake repair) lets each stage be
//! tested and swapped without touching its neighbours.

pub mod hash;
pub mod mojibake;
pub mod source;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An article as a source delivered it: text plus whatever fields the source knew.
/// Fields given here win over anything the cleaner guesses from the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Stable id: file stem, JSONL `id`, or `None` (then the content hash is used).
    pub id: Option<String>,
    /// Where it came from, for messages: `path` or `path:line`.
    pub origin: String,
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// RFC 3339 or YYYY-MM-DD, already validated by the source.
    pub published: Option<String>,
    pub language: Option<String>,
    /// Fields the source carried that Storyline does not interpret; kept verbatim.
    pub extra: Map<String, Value>,
}

impl RawArticle {
    /// Hash of everything that defines this input, so re-ingesting identical content is a no-op.
    pub fn content_hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        let fields = [
            Some(self.text.as_str()),
            self.title.as_deref(),
            self.url.as_deref(),
            self.publisher.as_deref(),
            self.author.as_deref(),
            self.published.as_deref(),
            self.language.as_deref(),
        ];
        for f in fields {
            // A tag byte keeps `None` distinct from `Some("")` and fields from running together.
            match f {
                Some(s) => {
                    h.update(&[1]);
                    h.update(&(s.len() as u64).to_le_bytes());
                    h.update(s.as_bytes());
                }
                None => {
                    h.update(&[0]);
                }
            }
        }
        h.update(
            serde_json::to_string(&self.extra)
                .unwrap_or_default()
                .as_bytes(),
        );
        h.finalize().to_hex()[..32].to_string()
    }

    /// The id to store under: the given id, else a hash of the text alone.
    pub fn effective_id(&self) -> String {
        match &self.id {
            Some(id) if !id.trim().is_empty() => id.trim().to_string(),
            _ => blake3::hash(self.text.as_bytes()).to_hex()[..16].to_string(),
        }
    }
}

/// Why a piece of text was removed by cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    /// Newsletter, sign-up, subscription prompts.
    Newsletter,
    /// Share, comment, follow widgets.
    Widget,
    /// "Also read", "related", "more from" links.
    Related,
    /// Image credits and captions.
    Caption,
    /// Lists of tags or topics.
    Tags,
    /// Author images, update markers and similar page furniture.
    Marker,
    /// Promotions for the site itself.
    Promo,
    /// A line repeated verbatim or nearly so (kept once).
    Repeated,
    /// A line repeated across many articles of one publisher.
    PublisherBoilerplate,
    /// Metadata lines moved out of the body (byline, date line).
    Metadata,
}

/// A piece of text cleaning took out of the body, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    pub kind: RemovalKind,
    pub text: String,
}

/// Metadata as found in the text (every field a guess; source fields win over these).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextMeta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub publisher: Option<String>,
    /// Contributing agencies ("Reuters" from "with Reuters", "Additional reporting by AP").
    pub agencies: Vec<String>,
    /// Place of the dateline, normalised ("Seoul").
    pub dateline: Option<String>,
    /// Publication date stated in the text, YYYY-MM-DD or RFC 3339.
    pub published: Option<String>,
}

/// A cleaned, stored article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub revision: u32,
    pub content_hash: String,
    pub origin: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub publisher: Option<String>,
    pub agencies: Vec<String>,
    pub published: Option<String>,
    pub dateline: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    /// Cleaned body: paragraphs separated by blank lines.
    pub text: String,
    /// What cleaning removed.
    pub removed: Vec<Removal>,
    pub extra: Map<String, Value>,
    /// Filled by the clustering stage; `None` until then.
    pub event: Option<String>,
    pub storyline: Option<String>,
    pub duplicate_of: Option<String>,
}

/// A passage an article shares word for word with another article (reused wire copy), by
/// byte spans in each article's cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPassage {
    pub article: String,
    pub start: u32,
    pub end: u32,
    pub other: String,
    pub other_start: u32,
    pub other_end: u32,
}

/// A relabelling by the grouping stage: every article labelled `from` is now `into`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelChange {
    /// One article moved to another event and storyline.
    Article {
        id: String,
        event: String,
        storyline: String,
    },
    /// One article now copies another (canonical) article.
    Copy {
        id: String,
        duplicate_of: Option<String>,
    },
    Event {
        from: String,
        into: String,
    },
    Storyline {
        from: String,
        into: String,
    },
}

/// Lower-case words of `s` (letters and digits only), single-spaced: the form in which lines
/// and sentences are compared across articles, so case, spacing and punctuation do not matter.
pub fn words_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Validate and normalise a publication date: RFC 3339 stays as given, YYYY-MM-DD must be a real day.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Some(s.to_string());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_changes_with_any_field() {
        let a = RawArticle {
            text: "x".into(),
            ..Default::default()
        };
        let mut b = a.clone();
        b.title = Some(String::new());
        assert_ne!(a.content_hash(), b.content_hash());
        let mut c = a.clone();
        c.origin = "elsewhere".into();
        assert_eq!(a.content_hash(), c.content_hash(), "origin is not content");
    }

    #[test]
    fn effective_id_falls_back_to_text_hash() {
        let a = RawArticle {
            text: "hello".into(),
            ..Default::default()
        };
        assert_eq!(a.effective_id().len(), 16);
        let b = RawArticle {
            id: Some(" x1 ".into()),
            ..a
        };
        assert_eq!(b.effective_id(), "x1");
    }

    #[test]
    fn dates_validate() {
        assert_eq!(normalize_date("2000-07-19").as_deref(), Some("2000-07-19"));
        assert_eq!(normalize_date("2000-02-30"), None);
        assert!(normalize_date("2024-06-19T08:00:00Z").is_some());
        assert_eq!(normalize_date("yesterday"), None);
    }
}
