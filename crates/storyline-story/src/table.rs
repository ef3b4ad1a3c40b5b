//! Every sentence of a set of articles, with what the later stages ask of it: its words as a
//! TF-IDF vector, the dates it mentions, and the article it comes from. Built once per story
//! (articles in parallel), read by the timeline, facts and summary.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;
use storyline_cluster::text::{term_hash, term_id, term_into, tokens};

use crate::time::{self, DateMention};
use crate::{furniture, sentences, Doc};

/// Sparse unit vector over 32-bit term ids, sorted by id.
pub type Vector = Vec<(u32, f32)>;

/// One sentence of one article.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of the article in the docs the table was built from.
    pub doc: usize,
    /// Position of the sentence in its article (0 = first).
    pub index: usize,
    /// Byte span in the article's text.
    pub span: Range<usize>,
    /// Number of word tokens.
    pub words: usize,
    /// TF-IDF weights, unit length (empty for sentences without content words).
    pub vector: Vector,
    /// Date expressions inside the sentence, spans relative to the article text.
    pub dates: Vec<DateMention>,
    /// Not the story's news (see [`crate::furniture`]): no summary, fact or timeline entry
    /// is taken from it.
    pub furniture: bool,
}

/// The sentences of a set of articles.
pub struct Table<'a> {
    pub docs: &'a [Doc],
    pub sentences: Vec<Sentence>,
}

impl<'a> Table<'a> {
    /// Split, date and weigh every sentence of `docs`. Relative dates resolve against each
    /// article's publication day.
    pub fn build(docs: &'a [Doc]) -> Table<'a> {
        let per_doc: Vec<Vec<(Sentence, Vec<u32>)>> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| doc_sentences(i, d))
            .collect();
        let mut df: HashMap<u32, u32> = HashMap::new();
        let mut count = 0usize;
        for (_, terms) in per_doc.iter().flatten() {
            count += 1;
            let mut seen = terms.clone();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        let n = count.max(1) as f32;
        let idf: HashMap<u32, f32> = df
            .into_iter()
            .map(|(t, c)| (t, (n / c as f32).ln() + 1.0))
            .collect();
        let mut sentences: Vec<Sentence> = per_doc
            .into_iter()
            .flatten()
            .map(|(mut s, terms)| {
                s.vector = weigh(&terms, &idf);
                s
            })
            .collect();
        let recycled = furniture::recurring(
            docs,
            sentences
                .iter()
                .map(|s| (s.doc, &docs[s.doc].text[s.span.clone()])),
        );
        for (s, r) in sentences.iter_mut().zip(recycled) {
            s.furniture |= r;
        }
        Table { docs, sentences }
    }

    /// The text of sentence `i`.
    pub fn text(&self, i: usize) -> &'a str {
        let s = &self.sentences[i];
        &self.docs[s.doc].text[s.span.clone()]
    }

    /// The article id of sentence `i`.
    pub fn doc_id(&self, i: usize) -> &'a str {
        &self.docs[self.sentences[i].doc].id
    }

    /// The sentence among `members` most like the others (ties: the earlier one).
    pub fn central(&self, members: &[usize]) -> usize {
        let centroid = sum(members.iter().map(|&i| &self.sentences[i].vector));
        let score = |i: usize| dot(&self.sentences[i].vector, &centroid);
        members
            .iter()
            .copied()
            .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
            .unwrap_or(members[0])
    }

    /// Whether byte `at` of article `doc` lies in a sentence that is furniture (a reader
    /// comment, a transcript turn, a recycled line).
    pub fn is_furniture(&self, doc: usize, at: usize) -> bool {
        let first = self.sentences.partition_point(|s| s.doc < doc);
        self.sentences[first..]
            .iter()
            .take_while(|s| s.doc == doc)
            .any(|s| s.furniture && s.span.start <= at && at < s.span.end)
    }

    /// Publication day of the article of sentence `i`.
    pub fn published(&self, i: usize) -> Option<NaiveDate> {
        self.docs[self.sentences[i].doc].published
    }
}

fn doc_sentences(doc: usize, d: &Doc) -> Vec<(Sentence, Vec<u32>)> {
    let mentions = time::mentions(&d.text, d.published);
    let mut m = mentions.into_iter().peekable();
    let spans = sentences::split(&d.text);
    let marks = furniture::within_article(&d.text, &spans);
    spans
        .into_iter()
        .zip(marks)
        .enumerate()
        .map(|(index, (mut span, furniture))| {
            if index == 0 {
                span.start += dateline_len(&d.text[span.clone()], d.dateline.as_deref());
            }
            span.start += furniture::stamp_len(&d.text[span.clone()]);
            let mut dates = Vec::new();
            while let Some(x) = m.peek() {
                if x.start >= span.end {
                    break;
                }
                let x = m.next().expect("peeked");
                if x.start >= span.start {
                    dates.push(x);
                }
            }
            let text = &d.text[span.clone()];
            let terms = terms_of(text);
            let words = tokens(text).len();
            let s = Sentence {
                doc,
                index,
                span,
                words,
                vector: Vec::new(),
                dates,
                furniture,
            };
            (s, terms)
        })
        .collect()
}

/// Separators between a dateline and the story.
const DATELINE_ENDS: [&str; 4] = [" -- ", " \u{2014} ", " \u{2013} ", " - "];

/// Bytes of `sentence` taken by a leading dateline naming `place` ("S E O U L, South Korea,
/// July 19 -- "), else 0.
fn dateline_len(sentence: &str, place: Option<&str>) -> usize {
    let Some(place) = place else { return 0 };
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = letters(place);
    let head = &sentence[..sentence.floor_char_boundary(100)];
    DATELINE_ENDS
        .iter()
        .filter_map(|sep| head.find(sep).map(|at| (at, sep.len())))
        .min()
        .filter(|&(at, _)| !want.is_empty() && letters(&sentence[..at]).contains(&want))
        .map_or(0, |(at, len)| at + len)
}

/// Term ids of the content words of `text` (stop words dropped, light stemming), in order.
pub fn terms_of(text: &str) -> Vec<u32> {
    let mut buf = String::new();
    let mut out = Vec::new();
    for t in tokens(text) {
        if term_into(t.raw, &mut buf) {
            out.push(term_id(term_hash(&buf)));
        }
    }
    out
}

/// Unit TF-IDF vector of a bag of term ids (log-scaled counts).
fn weigh(terms: &[u32], idf: &HashMap<u32, f32>) -> Vector {
    let mut sorted = terms.to_vec();
    sorted.sort_unstable();
    let mut v: Vector = Vec::new();
    for t in sorted {
        match v.last_mut() {
            Some((last, c)) if *last == t => *c += 1.0,
            _ => v.push((t, 1.0)),
        }
    }
    for (t, w) in &mut v {
        *w = (1.0 + w.ln()) * idf.get(t).copied().unwrap_or(1.0);
    }
    normalise(&mut v);
    v
}

/// Scale `v` to unit length (no-op for the zero vector).
pub fn normalise(v: &mut Vector) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Dot product of two sorted sparse vectors (the cosine when both are unit length).
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    // A sentence against a centroid of a whole storyline: look each of its terms up rather
    // than walk both. The products are added in the same order either way.
    if a.len().saturating_mul(16) < b.len() {
        return looked_up(a, b);
    }
    if b.len().saturating_mul(16) < a.len() {
        return looked_up(b, a);
    }
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// [`dot`] of a short vector with a long one, by binary search in the long one.
fn looked_up(short: &[(u32, f32)], long: &[(u32, f32)]) -> f32 {
    short.iter().fold(0.0, |s, &(t, w)| {
        match long.binary_search_by_key(&t, |&(k, _)| k) {
            Ok(j) => s + w * long[j].1,
            Err(_) => s,
        }
    })
}

/// Sum of vectors, as a sorted sparse vector (not normalised).
pub fn sum<'v>(vectors: impl IntoIterator<Item = &'v Vector>) -> Vector {
    let mut acc: HashMap<u32, f32> = HashMap::new();
    for v in vectors {
        for &(t, w) in v {
            *acc.entry(t).or_insert(0.0) += w;
        }
    }
    let mut out: Vector = acc.into_iter().collect();
    out.sort_unstable_by_key(|e| e.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_vector_looked_up_in_a_long_one_gives_the_walked_dot() {
        let long: Vec<(u32, f32)> = (0..400).map(|t| (t * 3, 1.0 / (t + 1) as f32)).collect();
        let short = [(3, 0.5), (4, 0.25), (300, 0.125), (1197, 2.0)];
        let walked = short.iter().fold(0.0, |s, &(t, w)| {
            s + long
                .iter()
                .find(|&&(k, _)| k == t)
                .map_or(0.0, |&(_, v)| w * v)
        });
        assert_eq!(dot(&short, &long), walked);
        assert_eq!(dot(&long, &short), walked);
        assert_eq!(dot(&short, &[]), 0.0);
    }

    fn doc(id: &str, text: &str, published: Option<&str>) -> Doc {
        Doc {
            id: id.into(),
            text: text.into(),
            published: published.map(|p| p.parse().unwrap()),
            ..Doc::default()
        }
    }

    #[test]
    fn a_dateline_is_not_part_of_the_first_sentence() {
        let mut d = doc(
            "a",
            "O S L O, Norway, May 2 -- The ferry sank. Nobody was hurt.",
            None,
        );
        d.dateline = Some("Oslo".into());
        let docs = vec![d];
        let t = Table::build(&docs);
        assert_eq!(t.text(0), "The ferry sank.");
        assert_eq!(dateline_len("A plan - in short - failed.", Some("Oslo")), 0);
    }

    #[test]
    fn sentences_carry_their_dates_and_vectors() {
        let docs = vec![
            doc(
                "a",
                "The bridge opened on March 3, 2021. Traffic was light.",
                Some("2021-03-04"),
            ),
            doc("b", "Officials praised the bridge.", None),
        ];
        let t = Table::build(&docs);
        assert_eq!(t.sentences.len(), 3);
        assert_eq!(t.text(0), "The bridge opened on March 3, 2021.");
        assert_eq!(t.sentences[0].dates.len(), 1);
        assert_eq!(t.sentences[0].dates[0].date.to_string(), "2021-03-03");
        assert!(t.sentences[1].dates.is_empty());
        assert_eq!(t.doc_id(2), "b");
        let (a, c) = (&t.sentences[0].vector, &t.sentences[2].vector);
        assert!((dot(a, a) - 1.0).abs() < 1e-5);
        assert!(dot(a, c) > 0.0, "both mention the bridge");
        assert!(dot(a, &t.sentences[1].vector) < 1e-6);
    }
}
