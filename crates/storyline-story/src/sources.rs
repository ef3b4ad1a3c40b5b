//! How many independent sources back a set of sentences. Two carriers count once when one
//! article copies the other, when they come from the same source (the publisher, else the wire
//! agency the text credits, else the site of the URL), or when the sentence sits in a passage the two articles share
//! word for word (reused wire copy). Carriers whose source is unknown are never counted as
//! independent of each other or of a known one: the count is a lower bound, and
//! [`unattributed`] says how many carriers it could not place.

use std::collections::{BTreeSet, HashMap};

use crate::table::Table;

/// Article ids of the sentences, sorted and distinct.
pub fn ids(table: &Table, sentences: &[usize]) -> Vec<String> {
    let set: BTreeSet<&str> = sentences.iter().map(|&i| table.doc_id(i)).collect();
    set.into_iter().map(String::from).collect()
}

/// The source an article is counted under: its publisher, else the agency it credits, else
/// the site of its URL (see [`storyline_core::source`]).
pub fn source_of(doc: &crate::Doc) -> Vec<String> {
    storyline_core::source::source_keys(
        doc.publisher.as_deref(),
        doc.agency.as_deref(),
        doc.url.as_deref(),
    )
}

/// Articles (not copies) among the carriers of `sentences` whose source is unknown.
pub fn unattributed(table: &Table, sentences: &[usize]) -> usize {
    let docs: BTreeSet<usize> = sentences.iter().map(|&i| table.sentences[i].doc).collect();
    (docs.into_iter().map(|d| &table.docs[d]))
        .filter(|d| d.duplicate_of.is_none() && source_of(d).is_empty())
        .count()
}

/// Number of independent sources among the carriers of `sentences` (at least one when there
/// are any). Linear in their number: carriers are joined through maps keyed by canonical
/// article, source and article id.
pub fn independent(table: &Table, sentences: &[usize]) -> usize {
    // One carrier per article: its first sentence in the list.
    let mut carrier_of_doc: HashMap<usize, usize> = HashMap::new();
    let mut carriers: Vec<usize> = Vec::new();
    for &i in sentences {
        let doc = table.sentences[i].doc;
        if let std::collections::hash_map::Entry::Vacant(e) = carrier_of_doc.entry(doc) {
            e.insert(carriers.len());
            carriers.push(i);
        }
    }
    let mut sets = storyline_core::source::SourceSets::new(carriers.len());
    let mut by_canonical: HashMap<&str, usize> = HashMap::new();
    let by_id: HashMap<&str, usize> = carriers
        .iter()
        .enumerate()
        .map(|(c, &i)| (table.doc_id(i), c))
        .collect();
    for (c, &i) in carriers.iter().enumerate() {
        let s = &table.sentences[i];
        let d = &table.docs[s.doc];
        let canonical = d.duplicate_of.as_deref().unwrap_or(&d.id);
        let first = *by_canonical.entry(canonical).or_insert(c);
        sets.join(c, first);
        sets.add(c, source_of(d));
        for p in &d.shared {
            let covered = p.start < s.span.end && s.span.start < p.end && {
                let overlap = p.end.min(s.span.end) - p.start.max(s.span.start);
                overlap * 2 >= s.span.len()
            };
            if let Some(&other) = by_id.get(p.other.as_str()).filter(|_| covered) {
                sets.join(c, other);
            }
        }
    }
    sets.independent()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Doc, Shared};

    fn doc(id: &str, publisher: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            publisher: Some(publisher.into()),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn copies_publishers_and_wire_passages_count_once() {
        let line = "The ferry service resumed after a two-week strike.";
        let mut docs = vec![
            doc("a", "Daily One", line),
            doc("b", "Daily One", line),
            doc("c", "Evening Post", line),
            doc("d", "Coast Radio", line),
            doc("e", "Hill Times", line),
        ];
        docs[3].duplicate_of = Some("c".into());
        docs[4].shared = vec![Shared {
            other: "a".into(),
            start: 0,
            end: line.len(),
        }];
        let table = Table::build(&docs);
        let all: Vec<usize> = (0..5).collect();
        // a+b (publisher), c+d (copy), e+a (wire passage): two sources.
        assert_eq!(independent(&table, &all), 2);
        assert_eq!(ids(&table, &all), ["a", "b", "c", "d", "e"]);
        assert_eq!(independent(&table, &[2, 4]), 2);
        assert_eq!(unattributed(&table, &all), 0);
    }

    #[test]
    fn unknown_sources_never_count_as_independent() {
        let line = "The ferry service resumed after a two-week strike.";
        let unknown = |id: &str| Doc {
            id: id.into(),
            text: line.into(),
            ..Doc::default()
        };
        let mut wire = unknown("w");
        wire.agency = Some("Reuters".into());
        let docs = vec![
            unknown("a"),
            unknown("b"),
            unknown("c"),
            wire,
            doc("k", "Hill Times", line),
        ];
        let table = Table::build(&docs);
        // Three articles of unknown source: one source, and three unattributed.
        assert_eq!(independent(&table, &[0, 1, 2]), 1);
        assert_eq!(unattributed(&table, &[0, 1, 2]), 3);
        // The wire agency is a known source; the unknown ones may be either.
        assert_eq!(independent(&table, &[0, 1, 3]), 1);
        assert_eq!(independent(&table, &[3, 4]), 2);
        assert_eq!(independent(&table, &[0, 3, 4]), 2);
    }

    #[test]
    fn a_wire_named_in_full_and_by_its_initials_is_one_source() {
        let line = "The ferry service resumed after a two-week strike.";
        let mut credit = doc("c", "x", line);
        credit.publisher = None;
        credit.agency = Some("CWS".into());
        let docs = vec![
            doc("w", "Continental Wire Service", line),
            credit,
            doc("h", "Harbour Daily", line),
        ];
        let table = Table::build(&docs);
        assert_eq!(independent(&table, &[0, 1, 2]), 2);
    }
}
