//! Sentences that say the same thing, grouped without comparing every pair: each sentence is
//! compared only with the group leaders that share one of its heaviest terms (an inverted
//! index over leaders), so the cost grows with the number of sentences, not its square.

use std::collections::HashMap;

use crate::table::{dot, Table, Vector};

/// Terms of a sentence used to look up leaders.
const QUERY_TERMS: usize = 4;
/// Leaders scanned per term (the newest ones): bounds the cost on very common terms.
const POSTING_SCAN: usize = 64;

/// A group of similar sentences (indexes into the table), leader first.
#[derive(Debug, Clone)]
pub struct Group {
    pub members: Vec<usize>,
}

/// Group `sentences` (table indexes, in the order given) so that each member's cosine with
/// its group's leader is at least `threshold`.
pub fn group(table: &Table, sentences: &[usize], threshold: f32) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut leaders: Vec<&Vector> = Vec::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for &i in sentences {
        let v = &table.sentences[i].vector;
        if v.is_empty() {
            continue;
        }
        let keys = heaviest(v);
        let mut best: Option<(usize, f32)> = None;
        for k in &keys {
            let Some(list) = postings.get(k) else {
                continue;
            };
            for &g in list.iter().rev().take(POSTING_SCAN) {
                let s = dot(v, leaders[g as usize]);
                if s >= threshold && best.is_none_or(|(_, b)| s > b) {
                    best = Some((g as usize, s));
                }
            }
        }
        match best {
            Some((g, _)) => groups[g].members.push(i),
            None => {
                let g = groups.len() as u32;
                groups.push(Group { members: vec![i] });
                leaders.push(v);
                for k in keys {
                    postings.entry(k).or_default().push(g);
                }
            }
        }
    }
    groups
}

/// Ids of the heaviest terms of a vector.
fn heaviest(v: &Vector) -> Vec<u32> {
    let mut by_weight: Vec<&(u32, f32)> = v.iter().collect();
    by_weight.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    by_weight.iter().take(QUERY_TERMS).map(|e| e.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Doc;

    #[test]
    fn near_copies_group_and_others_stay_apart() {
        let docs: Vec<Doc> = [
            "The harbour crane collapsed during the storm, injuring four dock workers.",
            "A harbour crane collapsed in the storm, injuring four dock workers.",
            "The city council approved a new budget for libraries.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Doc {
            id: format!("d{i}"),
            text: t.to_string(),
            ..Doc::default()
        })
        .collect();
        let table = Table::build(&docs);
        let groups = group(&table, &[0, 1, 2], 0.6);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members, vec![0, 1]);
    }
}
