//! Metadata and boilerplate. (Placeholder: replaced by the full rules.)

use std::collections::HashMap;
use storyline_core::{Removal, TextMeta};

/// How many articles of each publisher carry each line.
#[derive(Debug, Default, Clone)]
pub struct LineStats {
    counts: HashMap<(String, u64), u32>,
    articles: HashMap<String, u32>,
}

impl LineStats {
    pub fn observe(&mut self, publisher: Option<&str>, paragraphs: &[String]) {
        let p = publisher.unwrap_or("").to_string();
        *self.articles.entry(p.clone()).or_default() += 1;
        let _ = paragraphs;
    }
    pub fn merge(&mut self, other: LineStats) {
        for (k, v) in other.counts {
            *self.counts.entry(k).or_default() += v;
        }
        for (k, v) in other.articles {
            *self.articles.entry(k).or_default() += v;
        }
    }
}

pub struct Context<'a> {
    pub publisher: Option<&'a str>,
    pub lines: &'a LineStats,
}

pub struct Structured {
    pub meta: TextMeta,
    pub paragraphs: Vec<String>,
    pub removed: Vec<Removal>,
}

pub fn extract(paragraphs: Vec<String>, _ctx: &Context) -> Structured {
    Structured { meta: TextMeta::default(), paragraphs, removed: vec![] }
}
