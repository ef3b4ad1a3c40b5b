//! Extractive summary: the claims most central to the storyline and best backed by
//! independent sources, without repeats, told in the order the articles reported them.
//! Every sentence cites the articles that carry it (its near copies included).

use serde::Serialize;

use crate::similar;
use crate::sources;
use crate::table::{dot, normalise, sum, Table};

/// Cosine for two sentences to be one claim.
const SAME_CLAIM: f32 = 0.6;
/// Cosine above which a claim repeats one already in the summary.
const REPEAT: f32 = 0.35;

/// One summary sentence with its sources.
#[derive(Debug, Clone, Serialize)]
pub struct Cited {
    pub text: String,
    pub sources: Vec<String>,
}

/// A summary of at most `max` sentences.
pub fn summary(table: &Table, max: usize) -> Vec<Cited> {
    let candidates: Vec<usize> = (0..table.sentences.len())
        .filter(|&i| {
            let s = &table.sentences[i];
            let t = table.text(i).trim_end();
            !s.furniture && (8..=50).contains(&s.words) && !t.ends_with('?') && !t.ends_with(':')
        })
        .collect();
    let groups = similar::group(table, &candidates, SAME_CLAIM);
    let mut centroid = sum(candidates.iter().map(|&i| &table.sentences[i].vector));
    normalise(&mut centroid);
    let mut scored: Vec<(f32, Vec<usize>)> = groups
        .into_iter()
        .map(|g| {
            let lead = g.members[0];
            let s = &table.sentences[lead];
            let support = sources::independent(table, &g.members) as f32;
            let position = g
                .members
                .iter()
                .map(|&i| table.sentences[i].index)
                .min()
                .unwrap_or(0) as f32;
            let score = dot(&s.vector, &centroid) * (1.0 + support.ln()) / (1.0 + 0.1 * position);
            (score, g.members)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1[0].cmp(&b.1[0])));
    let mut chosen: Vec<Vec<usize>> = Vec::new();
    // First the best claim of each event, largest events first (a storyline spanning years
    // tells each of its happenings), then the best claims left.
    for event in events_by_size(table).into_iter().take(max) {
        let of_event =
            |m: &Vec<usize>| table.docs[table.sentences[m[0]].doc].event.as_deref() == Some(event);
        // Another event's claim may share words with one chosen; only a restatement is left.
        let fresh = |m: &Vec<usize>| !repeats(table, &chosen, m, SAME_CLAIM);
        if let Some(k) = scored.iter().position(|(_, m)| of_event(m) && fresh(m)) {
            chosen.push(scored.remove(k).1);
        }
    }
    for (_, members) in scored {
        if chosen.len() >= max {
            break;
        }
        if !repeats(table, &chosen, &members, REPEAT) {
            chosen.push(members);
        }
    }
    // Reported order: earliest publication among the carriers, then place in the article.
    chosen.sort_by_key(|m| {
        let first = m
            .iter()
            .map(|&i| (table.published(i), table.sentences[i].index))
            .min()
            .unwrap_or((None, 0));
        (first, m[0])
    });
    chosen
        .into_iter()
        .map(|m| Cited {
            text: table.text(m[0]).to_string(),
            sources: sources::ids(table, &m),
        })
        .collect()
}

/// Whether a claim is as like one already chosen as `threshold`.
fn repeats(table: &Table, chosen: &[Vec<usize>], members: &[usize], threshold: f32) -> bool {
    let v = &table.sentences[members[0]].vector;
    chosen
        .iter()
        .any(|c| dot(v, &table.sentences[c[0]].vector) > threshold)
}

/// Event labels of the articles, most articles first (ties by label); none when ungrouped.
fn events_by_size<'t>(table: &Table<'t>) -> Vec<&'t str> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in table.docs {
        if let Some(e) = d.event.as_deref() {
            *counts.entry(e).or_insert(0) += 1;
        }
    }
    let mut events: Vec<(&str, usize)> = counts.into_iter().collect();
    events.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    events.into_iter().map(|e| e.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Doc;

    #[test]
    fn summary_cites_every_sentence_and_drops_repeats() {
        let texts = [
            ("a", "2022-02-01", "The river ferry sank near the northern pier on Monday with twelve passengers aboard. Divers recovered the hull by evening."),
            ("b", "2022-02-01", "A river ferry sank near the northern pier on Monday with twelve passengers aboard. The operator suspended all crossings."),
            ("c", "2022-02-03", "Investigators blamed an overloaded deck for the ferry sinking near the northern pier."),
        ];
        let docs: Vec<Doc> = texts
            .iter()
            .map(|(id, p, t)| Doc {
                id: id.to_string(),
                published: Some(p.parse().unwrap()),
                text: t.to_string(),
                ..Doc::default()
            })
            .collect();
        let table = Table::build(&docs);
        let s = summary(&table, 3);
        assert!(!s.is_empty() && s.len() <= 3);
        assert!(s.iter().all(|c| !c.sources.is_empty()));
        assert!(
            s[0].text.contains("sank"),
            "the claim both reports carry leads"
        );
        assert_eq!(s[0].sources, ["a", "b"]);
        let sank = s
            .iter()
            .filter(|c| c.text.contains("ferry sank near"))
            .count();
        assert_eq!(sank, 1, "the near copy is not repeated");
    }

    #[test]
    fn every_event_of_a_storyline_gets_a_claim() {
        let texts = [
            (
                "a",
                "e1",
                "2022-05-01",
                "Floodwater closed the valley railway line for three days after the storm.",
            ),
            (
                "b",
                "e1",
                "2022-05-01",
                "The valley railway line stayed closed for three days after floodwater rose.",
            ),
            (
                "c",
                "e1",
                "2022-05-02",
                "Engineers inspected the valley railway line bridges after the floodwater fell.",
            ),
            (
                "d",
                "e2",
                "2012-04-03",
                "A landslide blocked the valley railway line for a week, officials said.",
            ),
        ];
        let docs: Vec<Doc> = texts
            .iter()
            .map(|(id, e, p, t)| Doc {
                id: id.to_string(),
                event: Some(e.to_string()),
                published: Some(p.parse().unwrap()),
                text: t.to_string(),
                ..Doc::default()
            })
            .collect();
        let table = Table::build(&docs);
        let s = summary(&table, 2);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].sources,
            ["d"],
            "the older event first, in reported order"
        );
    }
}
