//! The story view through the real binary: the seeds' storyline gives its timeline, quotes,
//! entities and a cited summary; `timeline` builds a timeline from a JSONL file.

mod common;

use std::path::Path;

use serde_json::Value;

fn json(args: &[&str], db: &Path) -> Value {
    serde_json::from_slice(&common::run_ok(args, db).stdout).expect("JSON output")
}

fn seed_story() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let seeds = common::shared("seeds");
    common::run_ok(&["ingest", seeds.to_str().unwrap()], &db);
    let stories = json(&["stories", "--json"], &db);
    let id = stories[0]["id"].as_str().unwrap().to_string();
    json(&["story", &id, "--json"], &db)
}

fn texts(entries: &Value) -> Vec<(String, Option<String>, String)> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["until"].as_str().map(String::from),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn seeds_story_has_its_timeline_quotes_entities_and_cited_summary() {
    let story = seed_story();
    let timeline = texts(&story["timeline"]);
    let has = |date: &str, word: &str| {
        timeline
            .iter()
            .any(|(d, _, t)| d.starts_with(date) && t.contains(word))
    };
    assert!(
        has("2000-07", "2000") || has("2000-07", "Putin"),
        "{timeline:#?}"
    );
    assert!(has("2023-09", "September"), "{timeline:#?}");
    assert!(
        timeline
            .iter()
            .any(|(d, u, _)| d == "2024-06-18" && u.as_deref() == Some("2024-06-19")),
        "{timeline:#?}"
    );
    assert!(has("2024-06-19", "Vietnam"), "{timeline:#?}");
    let dates: Vec<&String> = timeline.iter().map(|e| &e.0).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first");

    let quotes = story["quotes"].as_array().unwrap();
    let easley = quotes
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .contains("list of countries willing to welcome Putin is shorter than ever")
        })
        .expect("the Easley quote");
    assert_eq!(easley["speaker"], "Leif-Eric Easley");
    assert_eq!(easley["sources"].as_array().unwrap().len(), 2);

    let entities = story["entities"].as_array().unwrap();
    let named = |name: &'static str| -> Vec<&Value> {
        entities
            .iter()
            .filter(|e| {
                e["name"] == name || e["aliases"].as_array().unwrap().iter().any(|a| a == name)
            })
            .collect()
    };
    let un: Vec<&Value> = [named("Kim Jong Un"), named("Kim Jong-un")].concat();
    assert!(!un.is_empty(), "{entities:#?}");
    assert!(
        un.iter().all(|e| e["name"] == un[0]["name"]),
        "one entity: {un:#?}"
    );
    let il: Vec<&Value> = named("Kim Jong Il");
    assert_eq!(il.len(), 1, "{entities:#?}");
    assert_ne!(il[0]["name"], un[0]["name"]);
    assert_eq!(un[0]["type"], "person");

    let summary = story["summary"].as_array().unwrap();
    assert!(!summary.is_empty());
    for s in summary {
        assert!(!s["sources"].as_array().unwrap().is_empty(), "{s}");
    }
    for f in story["facts"].as_array().unwrap() {
        let n = f["independent"].as_u64().unwrap();
        assert!(n >= 1 && n as usize <= f["sources"].as_array().unwrap().len());
    }
}

#[test]
fn timeline_command_prints_dated_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("topic.jsonl");
    let lines = [
        r#"{"id": "1", "time": "2019-03-02", "text": "The tunnel flooded on March 1 , 2019 after a storm . Workers escaped unhurt ."}"#,
        r#"{"id": "2", "time": "2019-03-03", "text": "Engineers said the tunnel that flooded on March 1 , 2019 will stay shut for weeks ."}"#,
        r#"{"id": "3", "published": "2019-04-10", "text": "The tunnel reopened on April 9 , 2019 after repairs costing $ 4 million ."}"#,
        "not json",
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args([
            "timeline",
            file.to_str().unwrap(),
            "--dates",
            "2",
            "--per-date",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one bad line");
    assert!(String::from_utf8_lossy(&out.stderr).contains("topic.jsonl:4"));
    let tl: Vec<(String, Vec<String>)> = serde_json::from_slice(&out.stdout).unwrap();
    let dates: Vec<&str> = tl.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(dates, ["2019-03-01", "2019-04-09"]);
    assert!(tl.iter().all(|e| e.1.len() == 1));
    assert!(tl[0].1[0].contains("flooded"));
}

/// Articles without a publisher are one source between them, however many they are, and the
/// view says that their independence is unknown.
#[test]
fn articles_of_unknown_publisher_are_not_independent_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = dir.path().join("one-outlet.jsonl");
    let lines: Vec<String> = (0..6)
        .map(|i| {
            serde_json::json!({
                "id": format!("a{i}"),
                "published": format!("2024-03-0{}", i + 1),
                "text": format!(
                    "Harbour Ferry Strike Day {i}\n\nThe ferry strike at Port Calder entered day {i} \
                     on Monday as the union and the harbour board met again. The harbour board said \
                     the ferry strike had cost the port 2 million pounds. Union leader Ada Brenn said \
                     the ferry crews would stay out until the board raised pay."
                ),
            })
            .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    common::run_ok(&["ingest", file.to_str().unwrap()], &db);
    let stories = json(&["stories", "--json"], &db);
    for s in stories.as_array().unwrap() {
        assert_eq!(s["sources"], 1, "{s}");
        assert!(s["unattributed"].as_u64().unwrap() >= 1, "{s}");
        let id = s["id"].as_str().unwrap();
        let story = json(&["story", id, "--json"], &db);
        for k in ["facts", "timeline"] {
            for e in story[k].as_array().unwrap() {
                assert_eq!(e["independent"], 1, "{k}: {e}");
            }
        }
    }
    let text = common::run_ok(&["stories"], &db).stdout;
    let text = String::from_utf8_lossy(&text);
    assert!(
        text.contains("at least 1 source (publisher unknown for"),
        "{text}"
    );
}

/// On the one-outlet Timeline17 collections (no publisher given), nothing in the biggest
/// storyline's view claims more than two independent sources, the story is one storyline and
/// its events stay apart.
#[test]
fn one_outlet_collections_claim_no_independent_sources() {
    let t17 = common::shared("data/timelines/t17-dev");
    let report = common::eval_json(&["story".as_ref(), "--dir".as_ref(), t17.as_os_str()]);
    let topics = report["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 8);
    for t in topics {
        assert!(t["max_sources"].as_u64().unwrap() <= 2, "{t}");
        // The story's reports of months stay apart as happenings: no event swallows them.
        let (articles, events) = (
            t["articles"].as_u64().unwrap(),
            t["biggest_events"].as_u64().unwrap(),
        );
        assert!(events * 10 >= articles, "{t}");
    }
    // One story, one storyline: on the held-out story (H1N1; bpoil was tuned on), the biggest
    // storyline holds at least half of each collection on average.
    let groups = report["groups"].as_array().unwrap();
    let h1n1 = groups.iter().find(|g| g["group"] == "H1N1").unwrap();
    assert!(h1n1["biggest_share"].as_f64().unwrap() >= 0.5, "{h1n1}");
}

/// A scraped one-outlet collection as plain text: a widget's headline run into the start of a
/// fifth of the pages, reader comments under some, transcript turns in others.
fn furnished_collection() -> String {
    const PLACES: [&str; 6] = [
        "Riverton",
        "Oakdale",
        "Millbrook",
        "Ashford",
        "Kelby",
        "Dunmore",
    ];
    let mut out = String::new();
    for i in 0..40 {
        let place = PLACES[i % PLACES.len()];
        let day = 1 + i % 28;
        let mut text = String::new();
        if i % 5 == 0 {
            text.push_str("Ferry timetable changes explained in five charts. Full Article ");
        }
        text.push_str(&format!(
            "Floodwater reached the centre of {place} on day {i} of the river crisis, officials \
             said. Crews in {place} stacked sandbags along the embankment through the night. \
             The water board said pumping stations number {i} were running at full capacity."
        ));
        if i % 7 == 0 {
            text.push_str(&format!(
                "\n\nAt 10:{:02} am on {day} March 2021, riverfan{i} wrote: \"The council \
                 should have acted years ago,\" my neighbour Ada Brook said.",
                i % 60
            ));
        }
        if i % 9 == 0 {
            text.push_str(
                "\n\nMARA QUILL, HOST: The river is rising again tonight across the valley.\
                 \n\nTOM ESK, REPORTER: Crews expect the crest on Friday near the old mill.",
            );
        }
        let line = serde_json::json!({
            "id": format!("r{i}"),
            "date": format!("2021-03-{day:02}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn furniture_of_scraped_text_reaches_no_headline_summary_fact_or_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let input = dir.path().join("river.jsonl");
    std::fs::write(&input, furnished_collection()).unwrap();
    common::run_ok(&["ingest", input.to_str().unwrap()], &db);
    for a in common::export(&db) {
        let text = a["text"].as_str().unwrap();
        assert!(!text.contains("Full Article"), "widget left in {text}");
    }
    let stories = json(&["stories", "--json"], &db);
    let listing = stories.to_string();
    assert!(!listing.contains("Ferry timetable"), "{listing}");
    for s in stories.as_array().unwrap() {
        let story = json(&["story", s["id"].as_str().unwrap(), "--json"], &db);
        let mut shown: Vec<&str> = Vec::new();
        for part in ["summary", "facts", "timeline"] {
            shown.extend(
                story[part]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["text"].as_str().unwrap()),
            );
        }
        for q in story["quotes"].as_array().unwrap() {
            let text = q["text"].as_str().unwrap();
            assert!(
                !text.contains("acted years ago"),
                "a reader comment quoted: {text}"
            );
        }
        for text in shown {
            assert!(
                !text.contains("wrote") && !text.contains("HOST") && !text.contains("REPORTER"),
                "furniture in the story view: {text}"
            );
        }
    }
}
