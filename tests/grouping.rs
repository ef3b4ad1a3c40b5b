//! Copies, shared passages, events and storylines through the real binary: the seeds, the
//! bundled sample corpus against its answer key, incremental runs, revisions and regrouping.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::run_ok as run;
use serde_json::Value;

fn json(args: &[&str], db: &Path) -> Value {
    serde_json::from_slice(&run(args, db).stdout).unwrap()
}

/// id → (event, storyline, duplicate_of)
fn labels(db: &Path) -> HashMap<String, (String, String, Option<String>)> {
    common::export(db)
        .into_iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().map(String::from);
            (
                s("id").unwrap(),
                (
                    s("event").unwrap(),
                    s("storyline").unwrap(),
                    s("duplicate_of"),
                ),
            )
        })
        .collect()
}

fn seeds() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::shared("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn seed_id(labels: &HashMap<String, (String, String, Option<String>)>, part: &str) -> String {
    labels
        .keys()
        .find(|k| k.contains(part))
        .unwrap_or_else(|| panic!("no seed {part}"))
        .clone()
}

/// One event for the four 2024 reports, another for 2000, one storyline for both.
fn assert_seed_grouping(db: &Path) {
    let l = labels(db);
    let old = &l[&seed_id(&l, "27e52b0e")];
    let new: Vec<_> = ["5febc2bc", "5812b4ca", "bc6acdc5", "4043f445"]
        .iter()
        .map(|p| &l[&seed_id(&l, p)])
        .collect();
    assert!(
        new.iter().all(|n| n.0 == new[0].0),
        "the 2024 reports are one event: {l:?}"
    );
    assert_ne!(old.0, new[0].0, "the 2000 visit is another event");
    assert!(
        new.iter().all(|n| n.1 == old.1),
        "one storyline for both: {l:?}"
    );
    assert!(l.values().all(|v| v.2.is_none()), "no seed copies another");
}

#[test]
fn seeds_group_into_two_events_of_one_storyline_with_shared_wire_passages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let folder = seeds()[0].parent().unwrap().to_str().unwrap().to_string();
    run(&["ingest", &folder], &db);
    assert_seed_grouping(&db);

    let l = labels(&db);
    let a = seed_id(&l, "5812b4ca");
    let b = seed_id(&l, "4043f445");
    let shown = json(&["show", &a, "--json"], &db);
    let passages = shown["shared_passages"].as_array().unwrap();
    let with_b: Vec<&str> = passages
        .iter()
        .filter(|p| p["other"] == b.as_str())
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        with_b
            .iter()
            .any(|t| t.contains("list of countries willing to welcome Putin")),
        "{with_b:?}"
    );
    assert!(
        with_b
            .iter()
            .any(|t| t.contains("Russia has gone out of its way")),
        "{with_b:?}"
    );
    let back = json(&["show", &b, "--json"], &db);
    assert!(back["shared_passages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["other"] == a.as_str()));

    let stories = json(&["stories", "--json"], &db);
    assert_eq!(stories.as_array().unwrap().len(), 1);
    let s = &stories[0];
    assert_eq!(
        (
            s["articles"].as_u64(),
            s["events"].as_array().unwrap().len()
        ),
        (Some(5), 2)
    );
    let id = s["id"].as_str().unwrap();
    let story = json(&["story", id, "--json"], &db);
    assert_eq!(
        story["events"][0]["first"], "2000-07-19",
        "the older event is listed first"
    );
    // An event or article id names the storyline holding it.
    let by_article = json(&["story", &a, "--json"], &db);
    assert_eq!(by_article["id"], story["id"]);
    let event = story["events"][1]["id"].as_str().unwrap();
    assert_eq!(json(&["story", event, "--json"], &db)["id"], story["id"]);
    let human = String::from_utf8(run(&["story", id], &db).stdout).unwrap();
    assert!(human.contains("shares passages with"), "{human}");
}

#[test]
fn seeds_one_at_a_time_in_reverse_group_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    for f in seeds().iter().rev() {
        run(&["ingest", f.to_str().unwrap()], &db);
    }
    assert_seed_grouping(&db);
    // Regrouping from scratch is deterministic and agrees.
    let before = labels(&db);
    run(&["regroup"], &db);
    run(&["regroup"], &db);
    let after = labels(&db);
    assert_seed_grouping(&db);
    assert_eq!(partition(&before, |v| &v.0), partition(&after, |v| &v.0));
}

/// Groups of ids under a labelling, independent of label names.
fn partition<V>(l: &HashMap<String, V>, key: impl Fn(&V) -> &String) -> Vec<Vec<String>> {
    let mut groups: HashMap<&String, Vec<String>> = HashMap::new();
    for (id, v) in l {
        groups.entry(key(v)).or_default().push(id.clone());
    }
    let mut out: Vec<Vec<String>> = groups
        .into_values()
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

#[test]
fn sample_corpus_matches_its_answer_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let key: HashMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("labels.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    run(&["ingest", root.to_str().unwrap()], &db);
    let got = labels(&db);
    let english: Vec<&String> = got
        .keys()
        .filter(|id| !id.starts_with("diarioaustral"))
        .collect();
    assert!(english.len() >= 18);
    for a in &english {
        for b in &english {
            let same_gold = key[*a]["event"] == key[*b]["event"];
            assert_eq!(same_gold, got[*a].0 == got[*b].0, "event of {a} and {b}");
            let same_gold = key[*a]["storyline"] == key[*b]["storyline"];
            assert_eq!(
                same_gold,
                got[*a].1 == got[*b].1,
                "storyline of {a} and {b}"
            );
        }
    }
    // The syndicated copy is found (either may be the canonical one: both ran the same day).
    let copies: Vec<(&String, &String)> = got
        .iter()
        .filter_map(|(id, v)| v.2.as_ref().map(|d| (id, d)))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let gold_copy = key
        .iter()
        .find(|(_, v)| v["duplicate_of"].is_string())
        .unwrap();
    let pair = [copies[0].0.as_str(), copies[0].1.as_str()];
    assert!(
        pair.contains(&gold_copy.0.as_str())
            && pair.contains(&gold_copy.1["duplicate_of"].as_str().unwrap())
    );
}

/// Two unrelated reports for the revision tests.
const FLOOD: &str = "Flood waters rose across the Harlow valley as the Senn river burst its banks near \
    Tallow Mill, forcing hundreds of families from their homes. Emergency crews from Harlow worked through the night.";
const MATCH_REPORT: &str =
    "Brannagh scored twice as Calder beat Fenwick in the Northland Cup semi-final at \
    Riverside Park, and the fans sang long after the whistle about the final to come.";

#[test]
fn a_revised_article_is_placed_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (flood, match_report) = (FLOOD, MATCH_REPORT);
    let line = |id: &str, text: &str| {
        format!(
            "{}\n",
            serde_json::json!({"id": id, "text": text, "published": "2024-03-01"})
        )
    };
    let file = dir.path().join("a.jsonl");
    std::fs::write(
        &file,
        line("a", flood)
            + &line("b", flood.replace("hundreds", "dozens").as_str())
            + &line("c", match_report),
    )
    .unwrap();
    run(&["ingest", file.to_str().unwrap()], &db);
    let l = labels(&db);
    assert_eq!(l["b"].2.as_deref(), Some("a"), "b is a near copy of a");
    assert_ne!(l["a"].0, l["c"].0);
    // c now reports the flood: it moves to the flood's event.
    std::fs::write(
        &file,
        line("c", &flood.replace("Emergency crews", "Volunteers")),
    )
    .unwrap();
    run(&["ingest", file.to_str().unwrap()], &db);
    let l = labels(&db);
    assert_eq!(l["c"].0, l["a"].0);
}

#[test]
fn ungrouped_ingest_waits_for_a_grouping_run_and_groups_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (grouped, ungrouped) = (dir.path().join("g.db"), dir.path().join("u.db"));
    let mut args = vec!["ingest".to_string()];
    args.extend(seeds().iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, &grouped);
    let mut bulk = args.clone();
    bulk.push("--ungrouped");
    let out = String::from_utf8(run(&bulk, &ungrouped).stdout).unwrap();
    assert!(out.contains("5 articles not grouped yet"), "{out}");
    let waiting = common::export(&ungrouped);
    assert!(waiting
        .iter()
        .all(|a| a["event"].is_null() && a["storyline"].is_null()));
    assert!(
        waiting
            .iter()
            .all(|a| !a["text"].as_str().unwrap().is_empty()),
        "cleaned and stored"
    );
    run(&["regroup"], &ungrouped);
    assert_eq!(
        labels(&ungrouped),
        labels(&grouped),
        "regroup places them as ingest would"
    );
    assert_seed_grouping(&ungrouped);
}

#[test]
fn a_revision_stored_ungrouped_is_grouped_by_the_next_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (flood, match_report) = (FLOOD, MATCH_REPORT);
    let line = |id: &str, text: &str| format!("{}\n", serde_json::json!({"id": id, "text": text}));
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, line("a", flood) + &line("c", match_report)).unwrap();
    run(&["ingest", file.to_str().unwrap()], &db);
    assert_ne!(labels(&db)["a"].0, labels(&db)["c"].0);
    // c now reports the flood, stored without grouping: it waits, unlabelled.
    std::fs::write(
        &file,
        line("c", &flood.replace("Emergency crews", "Volunteers")),
    )
    .unwrap();
    run(&["ingest", "--ungrouped", file.to_str().unwrap()], &db);
    let c = common::export(&db)
        .into_iter()
        .find(|a| a["id"] == "c")
        .unwrap();
    assert!(c["event"].is_null(), "{c}");
    // The next grouping ingest (of anything) places it first.
    let other = dir.path().join("b.jsonl");
    std::fs::write(&other, line("d", match_report)).unwrap();
    run(&["ingest", other.to_str().unwrap()], &db);
    let l = labels(&db);
    assert_eq!(l["c"].0, l["a"].0, "c joined the flood's event");
}

#[test]
fn the_earliest_publication_of_a_text_is_the_canonical_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let text =
        "The Harlow ferry service will stop for three weeks in March while engineers replace \
                the landing ramps at both ends of the crossing, the operator said on Monday.";
    let line = |id: &str, day: &str| {
        format!(
            "{}\n",
            serde_json::json!({"id": id, "text": text, "published": day})
        )
    };
    let first = dir.path().join("first.jsonl");
    std::fs::write(
        &first,
        line("late", "2024-03-05") + &line("later", "2024-03-06"),
    )
    .unwrap();
    run(&["ingest", first.to_str().unwrap()], &db);
    assert_eq!(labels(&db)["later"].2.as_deref(), Some("late"));
    // The original, published first, arrives last: it becomes the canonical article.
    let second = dir.path().join("second.jsonl");
    std::fs::write(&second, line("original", "2024-03-04")).unwrap();
    run(&["ingest", second.to_str().unwrap()], &db);
    let l = labels(&db);
    assert_eq!(l["original"].2, None);
    assert_eq!(l["late"].2.as_deref(), Some("original"));
    assert_eq!(l["later"].2.as_deref(), Some("original"));
    assert!(
        l.values().all(|v| v.0 == l["original"].0),
        "copies share one event"
    );
}

#[test]
fn a_canonical_copy_that_took_over_survives_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let text =
        "Council workers began clearing the flooded underpass on Harrow Road after two days of \
                heavy rain left cars stranded and the bus depot closed to traffic.";
    let line = |id: &str, day: &str| {
        format!(
            "{}\n",
            serde_json::json!({"id": id, "text": text, "published": day})
        )
    };
    let ingest = |name: &str, body: String| {
        let f = dir.path().join(name);
        std::fs::write(&f, body).unwrap();
        run(&["ingest", f.to_str().unwrap()], &db);
    };
    ingest("a.jsonl", line("second", "2024-05-02"));
    ingest("b.jsonl", line("first", "2024-05-01"));
    // A new run restores the takeover; the next copy names the true original.
    ingest("c.jsonl", line("third", "2024-05-03"));
    let l = labels(&db);
    assert_eq!(l["second"].2.as_deref(), Some("first"));
    assert_eq!(l["third"].2.as_deref(), Some("first"));
    assert_eq!(l["first"].2, None);
}
