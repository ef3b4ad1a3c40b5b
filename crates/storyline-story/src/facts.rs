//! Facts: sentences that carry numbers, dates or reported claims, grouped across sources
//! (near-identical and reworded sentences together), each with how many independent sources
//! back it. When grouped sentences give different numbers, each version is shown with its
//! own sources, side by side.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::similar;
use crate::sources;
use crate::table::Table;

/// Cosine for two sentences to state the same fact.
const SAME_FACT: f32 = 0.55;

/// Words that mark a reported claim.
const CLAIM_WORDS: &[&str] = &[
    "said",
    "says",
    "announced",
    "confirmed",
    "reported",
    "according",
    "agreed",
    "signed",
    "killed",
    "died",
    "arrested",
    "charged",
    "approved",
    "rejected",
    "declared",
    "denied",
    "estimated",
    "pledged",
    "promised",
    "warned",
    "accused",
    "admitted",
];

/// One version of a fact that sources disagree on.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub text: String,
    pub sources: Vec<String>,
}

/// A fact with its backing.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub text: String,
    /// Articles carrying it.
    pub sources: Vec<String>,
    /// Independent sources among them (copies and shared wire passages count once; sources
    /// not known count as none beyond the first).
    pub independent: usize,
    /// Articles among them whose source is unknown: independence is not known for these.
    #[serde(skip_serializing_if = "is_zero")]
    pub unattributed: usize,
    /// Versions with different numbers, when the sources disagree.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// The best-backed `max` facts of a table, most independent sources first.
pub fn facts(table: &Table, max: usize) -> Vec<Fact> {
    let candidates: Vec<usize> = (0..table.sentences.len())
        .filter(|&i| is_fact(table, i))
        .collect();
    let mut out: Vec<(usize, Fact)> = similar::group(table, &candidates, SAME_FACT)
        .into_iter()
        .map(|g| {
            let first = g.members.iter().copied().min().unwrap_or(0);
            (first, fact_of(table, &g.members))
        })
        .collect();
    out.sort_by(|a, b| {
        b.1.independent
            .cmp(&a.1.independent)
            .then(b.1.sources.len().cmp(&a.1.sources.len()))
            .then(a.0.cmp(&b.0))
    });
    out.into_iter().take(max).map(|(_, f)| f).collect()
}

fn is_fact(table: &Table, i: usize) -> bool {
    let s = &table.sentences[i];
    let text = table.text(i);
    if s.furniture || !(6..=60).contains(&s.words) || text.trim_end().ends_with('?') {
        return false;
    }
    !s.dates.is_empty()
        || text.bytes().any(|b| b.is_ascii_digit())
        || text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| CLAIM_WORDS.contains(&w.to_lowercase().as_str()))
}

fn fact_of(table: &Table, members: &[usize]) -> Fact {
    let best = table.central(members);
    // Members by the numbers they state (dates excluded: they are not the disputed part).
    let mut versions: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for &i in members {
        let numbers = numbers_of(table, i);
        if !numbers.is_empty() {
            versions.entry(numbers).or_default().push(i);
        }
    }
    let variants = if versions.len() > 1 {
        versions
            .values()
            .map(|m| Variant {
                text: table.text(m[0]).to_string(),
                sources: sources::ids(table, m),
            })
            .collect()
    } else {
        Vec::new()
    };
    Fact {
        text: table.text(best).to_string(),
        sources: sources::ids(table, members),
        independent: sources::independent(table, members),
        unattributed: sources::unattributed(table, members),
        variants,
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Numbers written in sentence `i` outside its date expressions, sorted.
fn numbers_of(table: &Table, i: usize) -> Vec<String> {
    let s = &table.sentences[i];
    let text = &table.docs[s.doc].text;
    let in_date = |pos: usize| s.dates.iter().any(|m| (m.start..m.end).contains(&pos));
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (p, c) in text[s.span.clone()].char_indices() {
        let pos = s.span.start + p;
        let part = c.is_ascii_digit() || (start.is_some() && matches!(c, '.' | ','));
        match (part, start) {
            (true, None) => start = Some(pos),
            (false, Some(b)) => {
                push_number(text, b, pos, &in_date, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        push_number(text, b, s.span.end, &in_date, &mut out);
    }
    out.sort();
    out
}

fn push_number(
    text: &str,
    from: usize,
    to: usize,
    in_date: &dyn Fn(usize) -> bool,
    out: &mut Vec<String>,
) {
    let n = text[from..to].trim_end_matches(['.', ',']);
    if !n.is_empty() && !in_date(from) {
        out.push(n.replace(',', ""));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Doc;

    fn doc(id: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            publisher: Some(format!("pub-{id}")),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn facts_group_across_sources_and_show_disagreements() {
        let docs = vec![
            doc("a", "The landslide destroyed 40 homes in the hill town, officials said. The weather was grey."),
            doc("b", "Officials said the landslide destroyed 40 homes in the hill town."),
            doc("c", "The landslide destroyed 45 homes in the hill town, officials said."),
            doc("d", "A school reopened with 300 pupils after repairs."),
        ];
        let table = Table::build(&docs);
        let f = facts(&table, 10);
        assert_eq!(f[0].sources, ["a", "b", "c"]);
        assert_eq!(f[0].independent, 3);
        assert_eq!(f[0].variants.len(), 2, "40 against 45 homes");
        let forty = f[0]
            .variants
            .iter()
            .find(|v| v.text.contains("40"))
            .unwrap();
        assert_eq!(forty.sources, ["a", "b"]);
        assert!(f
            .iter()
            .any(|x| x.text.contains("300 pupils") && x.independent == 1));
        assert!(
            !f.iter().any(|x| x.text.contains("grey")),
            "no number, date or claim"
        );
    }
}
