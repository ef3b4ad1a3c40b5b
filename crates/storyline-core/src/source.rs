//! Who an article comes from, as one key for counting independent sources: the publisher's
//! name, else the wire agency the text credits, else the site of its URL. Names and sites are
//! folded so that one outlet written several ways counts once ("The Guardian",
//! "theguardian.com"; "BBC News", "bbc.co.uk"; "CNN", "edition.cnn.com").

use std::collections::HashMap;

/// Articles grouped into independent sources: those sharing a source key are one source, as
/// are any two the caller joins (a copy and its original, two sharing a wire passage). Those
/// whose source is unknown are never independent of each other or of a known one, so the count
/// is a lower bound.
pub struct SourceSets {
    parent: Vec<usize>,
    first_with: HashMap<String, usize>,
    /// The first article of unknown source, and the first of a known one.
    unknown: Option<usize>,
    known: Option<usize>,
}

impl SourceSets {
    /// Sets over articles `0..n`, each its own source until [`SourceSets::add`] says more.
    pub fn new(n: usize) -> SourceSets {
        SourceSets {
            parent: (0..n).collect(),
            first_with: HashMap::new(),
            unknown: None,
            known: None,
        }
    }

    /// Article `i` is known by `keys` ([`source_keys`]; empty when its source is unknown).
    pub fn add(&mut self, i: usize, keys: Vec<String>) {
        if keys.is_empty() {
            let u = *self.unknown.get_or_insert(i);
            self.join(i, u);
        }
        for key in keys {
            let first = *self.first_with.entry(key).or_insert(i);
            self.join(i, first);
            self.known.get_or_insert(i);
        }
    }

    /// Articles `a` and `b` are one source.
    pub fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        self.parent[ra] = rb;
    }

    /// The number of independent sources.
    pub fn independent(mut self) -> usize {
        if let (Some(u), Some(k)) = (self.unknown, self.known) {
            self.join(u, k);
        }
        (0..self.parent.len())
            .filter(|&i| self.root(i) == i)
            .count()
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
}

/// The source key of an article, or `None` when nothing says where it comes from.
pub fn source_key(
    publisher: Option<&str>,
    agency: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    let named = publisher.or(agency).map(name_key);
    named
        .or_else(|| url.and_then(site_name).map(|s| name_key(&s)))
        .filter(|k| !k.is_empty())
}

/// Every key an article's source is known by: [`source_key`], and for a name of several
/// capitalised words its initials too, so that "Continental Wire Service" and a credit to
/// "CWS" count as one source.
pub fn source_keys(
    publisher: Option<&str>,
    agency: Option<&str>,
    url: Option<&str>,
) -> Vec<String> {
    let Some(key) = source_key(publisher, agency, url) else {
        return Vec::new();
    };
    let initials = publisher.or(agency).and_then(initials);
    std::iter::once(key).chain(initials).collect()
}

/// "cws" for "Continental Wire Service": the first letters of its capitalised words (small
/// words skipped), when there are at least two.
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = (name.split_whitespace())
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "the" | "of" | "and" | "&" | "for"
            )
        })
        .collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (words.len() >= 2 && capitalised).then(|| {
        (words.iter())
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// A name folded: letters and digits, lower-cased, without a leading "the" or a trailing
/// "news" or "online" (when something is left).
fn name_key(name: &str) -> String {
    let mut k: String = (name.chars().filter(|c| c.is_alphanumeric()))
        .flat_map(char::to_lowercase)
        .collect();
    if k.len() > 5 && k.starts_with("the") {
        k.drain(..3);
    }
    for suffix in ["news", "online"] {
        if k.len() > suffix.len() + 1 && k.ends_with(suffix) {
            k.truncate(k.len() - suffix.len());
        }
    }
    k
}

/// The name part of a URL's host: "https://edition.cnn.com/…" gives "cnn", and
/// "www.bbc.co.uk" gives "bbc" (a two-letter country domain under a generic second level).
fn site_name(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 || labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n = labels.len();
    const GENERIC: &[&str] = &[
        "co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go",
    ];
    let country_under_generic = labels[n - 1].len() == 2 && GENERIC.contains(&labels[n - 2]);
    let at = if country_under_generic && n >= 3 {
        n - 3
    } else {
        n - 2
    };
    Some(labels[at].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_outlet_written_several_ways_is_one_key() {
        let k = |p: Option<&str>, u: Option<&str>| source_key(p, None, u);
        assert_eq!(
            k(Some("The Guardian"), None),
            k(None, Some("https://www.theguardian.com/x"))
        );
        assert_eq!(
            k(Some("BBC News"), None),
            k(None, Some("http://news.bbc.co.uk/2/hi/1.stm"))
        );
        assert_eq!(
            k(Some("CNN"), None),
            k(None, Some("https://edition.cnn.com/2011/a.html"))
        );
        assert_eq!(
            k(Some("Fox News"), None),
            k(None, Some("foxnews.com/us/2010/05/01/a"))
        );
        assert_ne!(k(Some("CNN"), None), k(Some("BBC"), None));
        assert_eq!(
            source_key(None, Some("Reuters"), None).as_deref(),
            Some("reuters")
        );
        assert_eq!(
            source_key(None, None, Some("http://127.0.0.1:8080/a")),
            None
        );
        assert_eq!(source_key(None, None, None), None);
        assert_eq!(
            source_keys(Some("Continental Wire Service"), None, None),
            ["continentalwireservice", "cws"]
        );
        assert_eq!(source_keys(None, Some("CWS"), None), ["cws"]);
        assert_eq!(source_keys(Some("Reuters"), None, None), ["reuters"]);
        assert_eq!(source_key(Some("   "), None, None), None);
    }
}
