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
            (8..=50).contains(&s.words) && !t.ends_with('?') && !t.ends_with(':')
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
    for (_, members) in scored {
        if chosen.len() >= max {
            break;
        }
        let v = &table.sentences[members[0]].vector;
        if chosen
            .iter()
            .any(|c| dot(v, &table.sentences[c[0]].vector) > REPEAT)
        {
            continue;
        }
        chosen.push(members);
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
}
