//! The seed articles (`../shared/seeds`) ingested as a new user would, through the real binary.

mod common;

use serde_json::Value;

fn ingest_seeds() -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("seeds.db");
    let seeds = common::shared("seeds");
    common::run_ok(&["ingest", seeds.to_str().unwrap()], &db);
    common::export(&db)
}

fn by_prefix<'a>(articles: &'a [Value], prefix: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["id"].as_str().unwrap().contains(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"))
}

fn text(a: &Value) -> &str {
    a["text"].as_str().unwrap()
}

#[test]
fn seeds_clean_up_as_a_user_expects() {
    let articles = ingest_seeds();
    assert_eq!(articles.len(), 5);

    let visit2000 = by_prefix(&articles, "27e52b0e");
    assert_eq!(visit2000["title"], "Putin Makes First Visit to N. Korea");
    assert_eq!(visit2000["publisher"], "ABC News");
    assert_eq!(visit2000["published"], "2000-07-19");
    assert_eq!(visit2000["dateline"], "Seoul");
    let t = text(visit2000);
    for phrase in [
        "began a historic",
        "mend strained",
        "North Korean leader",
        "welcome Putin along his",
        "the North's missile capability",
        "hailed Putin's visit",
        "South Korea in 1990",
    ] {
        assert!(t.contains(phrase), "2000 article reads {phrase:?}:\n{t}");
    }
    assert!(
        !t.starts_with("Putin Makes First Visit"),
        "title not left in the body"
    );

    for a in &articles {
        let t = text(a).to_lowercase();
        for prompt in [
            "sign up",
            "add new comment",
            "get the latest news",
            "author-image",
            "new update",
            "camera icon",
            "credit:",
            "also read",
        ] {
            assert!(!t.contains(prompt), "{} still has {prompt:?}", a["id"]);
        }
    }

    let doubled = by_prefix(&articles, "5812b4ca");
    let t = text(doubled);
    let title = doubled["title"].as_str().unwrap();
    assert_eq!(
        t.matches(title).count(),
        0,
        "headline kept once (as the title)"
    );
    // The doubled caption (a line ending in a bracketed credit) goes, as a single one does.
    let captions = (t.lines())
        .filter(|l| l.trim_end().ends_with(')') && !l.trim_end().ends_with(".)"))
        .count();
    assert_eq!(captions, 0, "doubled caption removed:\n{t}");
    assert!(doubled["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Reuters"));

    let wire = by_prefix(&articles, "4043f445");
    assert_eq!(wire["byline"], "Staff Writers");
    let agencies: Vec<&str> = wire["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        agencies.contains(&"Reuters") && agencies.contains(&"AP"),
        "{agencies:?}"
    );

    let repeated = by_prefix(&articles, "bc6acdc5");
    let standfirst = "The visit follows an invitation extended by";
    assert_eq!(
        text(repeated).matches(standfirst).count(),
        1,
        "standfirst kept once"
    );
    let title = repeated["title"].as_str().unwrap();
    assert!(
        !text(repeated).contains(title),
        "repeated title removed from the body"
    );
}
