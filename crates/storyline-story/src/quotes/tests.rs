use super::*;
use crate::entities::extract;
use crate::Doc;

fn doc(id: &str, text: &str) -> Doc {
    Doc {
        id: id.to_string(),
        text: text.to_string(),
        ..Default::default()
    }
}

fn quotes_of(docs: &[Doc]) -> Vec<Quote> {
    let ents = extract(docs);
    find(docs, &ents)
}

fn speaker_of(qs: &[Quote], starts: &str) -> Option<String> {
    qs.iter()
        .find(|q| q.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no quote starting {starts:?} in {qs:#?}"))
        .speaker
        .clone()
}

#[test]
fn attribution_after_the_quote() {
    let d = doc(
        "a",
        "Harbour pilot Maren Lund, who has worked the strait for years, watched the ferry dock.\n\n\
         \"The tide was higher than anyone expected,\" said Maren Lund, a pilot since 1998.\n\n\
         \u{201C}We will rebuild the pier before winter,\u{201D} Lund told Reuters on Tuesday.\n\n\
         \"Nobody was hurt, and that matters most,\" a spokesman for the port authority said.\n\n\
         \"Repairs will take months,\" the Harbour Safety Board said in a statement.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(qs.len(), 4, "{qs:#?}");
    assert_eq!(speaker_of(&qs, "The tide").as_deref(), Some("Maren Lund"));
    assert_eq!(
        speaker_of(&qs, "We will rebuild").as_deref(),
        Some("Maren Lund")
    );
    assert_eq!(
        speaker_of(&qs, "Nobody was hurt").as_deref(),
        Some("a spokesman for the port authority")
    );
    assert_eq!(
        speaker_of(&qs, "Repairs").as_deref(),
        Some("Harbour Safety Board")
    );
    // The text leaves out the marks and the trailing comma; the span keeps the marks.
    let q = &qs[0];
    assert_eq!(q.text, "The tide was higher than anyone expected");
    assert!(d.text[q.start..q.end].starts_with('"') && d.text[q.start..q.end].ends_with('"'));
}

#[test]
fn attribution_before_the_quote_and_according_to() {
    let d = doc(
        "b",
        "Mayor Tomas Vrba said: \"The bridge opens in May, not a day later.\"\n\n\
         According to the city engineer, \"the steel arrived three weeks late.\"\n\n\
         Vrba told reporters on Monday that the council was \"fully behind the plan\" despite costs.\n\n\
         \"It is the biggest project in decades,\" according to Anna Keller, the council leader.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "The bridge opens").as_deref(),
        Some("Tomas Vrba")
    );
    assert_eq!(
        speaker_of(&qs, "the steel arrived").as_deref(),
        Some("the city engineer")
    );
    assert_eq!(
        speaker_of(&qs, "fully behind").as_deref(),
        Some("Tomas Vrba")
    );
    assert_eq!(
        speaker_of(&qs, "It is the biggest").as_deref(),
        Some("Anna Keller")
    );
}

#[test]
fn pronouns_and_paragraph_continuations() {
    let d = doc(
        "c",
        "Ingrid Solberg left the meeting early.\n\n\
         \u{201C}We have done what we could,\u{201D} she said. \u{201C}The rest is up to them.\u{201D}\n\n\
         \u{201C}I expect an answer by Friday.\u{201D}\n\n\
         Pavel Orlov and Anna Keller disagreed. \"It is far too soon,\" he said.\n\n\
         \"The first paragraph of a long statement runs on,\n\n\
         \"and the second one closes it,\" Orlov said.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "We have done").as_deref(),
        Some("Ingrid Solberg")
    );
    // A quote alone in the next paragraph keeps the speaker of the one before.
    assert_eq!(
        speaker_of(&qs, "I expect an answer").as_deref(),
        Some("Ingrid Solberg")
    );
    // Two people named just before: nobody is named a speaker.
    assert_eq!(speaker_of(&qs, "It is far too soon"), None);
    let long = qs
        .iter()
        .find(|q| q.text.starts_with("The first paragraph"))
        .unwrap();
    assert_eq!(
        long.text,
        "The first paragraph of a long statement runs on, and the second one closes it"
    );
    assert_eq!(long.speaker.as_deref(), Some("Pavel Orlov"));
    assert!(d.text[long.start..long.end].contains("\n\n"));
}

#[test]
fn ptb_quotes_and_scare_quotes() {
    let d = doc(
        "d",
        "Anna Keller spoke in Oslo .\n`` We expect the vote to pass easily , '' Keller said .\nCritics called the plan `` reckless '' .\n",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].text, "We expect the vote to pass easily");
    assert_eq!(qs[0].speaker.as_deref(), Some("Anna Keller"));
}

#[test]
fn single_curly_quotes() {
    let d = doc(
        "e",
        "Tomas Vrba was blunt. \u{2018}We cannot wait any longer,\u{2019} Vrba said on Friday.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Tomas Vrba"));
}

#[test]
fn merge_across_sources() {
    let docs = vec![
        doc("one", "\"The new ferry to Pak-do island will run twice a day from June,\" said Maren Lund, a harbour pilot."),
        doc("two", "\u{201C}The new ferry to Pak-Do Island will run twice a day from June,\u{201D} Maren Lund said.\n\n\"We also need a second pier,\" she added."),
        doc("three", "Maren Lund said the ferry \"will run twice a day from June\" and more in summer."),
        doc("four", "\"The new ferry to Pak-do island will run two times a day from June onwards,\" a harbour pilot said."),
        doc("five", "\"Something else entirely was said here today,\" Anna Keller said."),
    ];
    let ents = extract(&docs);
    let qs = find(&docs, &ents);
    let merged = merge(&docs, &qs);
    let top = &merged[0];
    assert_eq!(
        top.sources,
        vec!["one", "two", "three", "four"],
        "{merged:#?}"
    );
    assert_eq!(top.speaker.as_deref(), Some("Maren Lund"));
    assert!(top.text.starts_with("The new ferry"));
    assert_eq!(merged.len(), 3, "{merged:#?}");
    assert!(merged.iter().any(|m| m.sources == vec!["five"]));
    let pier = merged
        .iter()
        .find(|m| m.text.starts_with("We also need"))
        .unwrap();
    assert_eq!(pier.speaker.as_deref(), Some("Maren Lund"));
    assert_eq!(serde_json::to_value(top).unwrap()["sources"][0], "one");
}

#[test]
fn seed_articles() {
    let docs = crate::testdata::seed_docs();
    let ents = extract(&docs);
    let qs = find(&docs, &ents);
    for q in &qs {
        eprintln!("{} {:?}: {}", docs[q.doc].id, q.speaker, q.text);
    }
    let merged = merge(&docs, &qs);
    let list = merged
        .iter()
        .find(|m| {
            m.text
                .starts_with("The list of countries willing to welcome Putin is shorter than ever")
        })
        .unwrap_or_else(|| panic!("{merged:#?}"));
    assert_eq!(list.speaker.as_deref(), Some("Leif-Eric Easley"));
    assert_eq!(list.sources.len(), 2, "{list:?}");
    // Its follow-up paragraph, a bare quote, is his too, in both reports.
    let next = merged
        .iter()
        .find(|m| m.text.starts_with("Not only does the summit"))
        .unwrap();
    assert_eq!(next.speaker.as_deref(), Some("Leif-Eric Easley"));
    assert_eq!(next.sources.len(), 2);
    // Other speakers of the seeds.
    let sp = |start: &str| {
        merged
            .iter()
            .find(|m| m.text.starts_with(start))
            .and_then(|m| m.speaker.clone())
    };
    assert_eq!(
        sp("We greatly appreciate").as_deref(),
        Some("Vladimir Putin")
    );
    assert_eq!(
        sp("I don’t know any other country").as_deref(),
        Some("Pavel Zarubin")
    );
    assert_eq!(
        sp("At the invitation of the Chairman").as_deref(),
        Some("Kremlin")
    );
    assert_eq!(
        sp("immediate and tangible results").as_deref(),
        Some("Jenny Town")
    );
}

#[test]
fn odd_input_does_not_panic() {
    // Unbalanced marks, lone apostrophes, multi-byte letters, empty lines and PTB marks mixed.
    let pieces = [
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "'",
        "``",
        "''",
        " ",
        "\n",
        "\n\n",
        "é",
        "Ørsted",
        "Mr.",
        "said",
        "Kim",
        "Jong-un",
        "'s",
        ",",
        ".",
        "according to",
        "he",
        "Ms. Lund",
        "told Reuters",
        "—",
        "U.S.",
    ];
    let mut seed: u64 = 7;
    let mut docs = Vec::new();
    for i in 0..60 {
        let mut t = String::new();
        for _ in 0..(i * 7 % 90) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            if seed.is_multiple_of(3) {
                t.push(' ');
            }
        }
        docs.push(doc(&format!("r{i}"), &t));
    }
    docs.push(doc("empty", ""));
    let ents = extract(&docs);
    let qs = find(&docs, &ents);
    for q in &qs {
        assert!(q.start <= q.end && q.end <= docs[q.doc].text.len());
    }
    let _ = merge(&docs, &qs);
    assert!(extract(&[]).is_empty());
    assert!(merge(&[], &[]).is_empty());
}

#[test]
fn a_pronoun_goes_to_the_titled_person_named_before() {
    let d = doc(
        "p",
        "Professor Anna Whitby, an expert on bridges at the Hilltown Institute, says the span \
         will need new cables. \nOther inspections were completed yesterday. \n\
         But Professor Whitby thinks that more faults are hidden: \"Several joints show wear \
         that nobody has measured.\" \nHowever, she said that traffic should carry on. \n\
         \"What we don't want is people avoiding the bridge for no reason,\" she said.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "What we don't want").as_deref(),
        Some("Anna Whitby"),
        "{qs:#?}"
    );
}

#[test]
fn an_unresolved_pronoun_is_no_speaker() {
    let d = doc(
        "q",
        "The bridge closed at noon. \"We will reopen it when the cables are safe,\" he said.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(speaker_of(&qs, "We will reopen"), None);
}

#[test]
fn a_titled_person_named_like_a_city_is_a_person() {
    let d = doc(
        "r",
        "Professor Mark Lincoln, an expert on virology at a London college, says schools \
         reopening would help the virus spread. \nMore cases were confirmed yesterday. \n\
         But Professor Lincoln thinks that many cases go unseen. \n\
         \"The best advice is to carry on as normal,\" he said.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "The best advice").as_deref(),
        Some("Mark Lincoln"),
        "{qs:#?}"
    );
}

#[test]
fn speakers_named_after_long_titles() {
    let d = doc(
        "t",
        "The bridge stays shut. \"We will rebuild it before winter,\" Deputy Transport Minister \
         Ilse Varga said. \"There is no reason to panic about the crossing,\" said Tomas Brenn, \
         the regional roads agency's chief engineer. \"We expect repairs to take a month at \
         least,\" said Harbour Authority chief inspector Marta Olsen.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "We will rebuild").as_deref(),
        Some("Ilse Varga"),
        "{qs:#?}"
    );
    assert_eq!(
        speaker_of(&qs, "There is no reason").as_deref(),
        Some("Tomas Brenn")
    );
    assert_eq!(
        speaker_of(&qs, "We expect repairs").as_deref(),
        Some("Marta Olsen")
    );
}

#[test]
fn a_quote_runs_on_over_lines_a_sentence() {
    let d = doc(
        "l",
        "The council has its own reasons to oppose the name.\n\n\
         \"We will call it the river bridge.\n\n\
         We will not call it the mayor's bridge,\" Deputy Mayor Ilse Varga said.\n\n\
         The vote is on Friday.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(
        qs[0].text,
        "We will call it the river bridge. We will not call it the mayor's bridge"
    );
    assert_eq!(qs[0].speaker.as_deref(), Some("Ilse Varga"));
}

#[test]
fn a_clause_before_a_quote_is_no_speaker_description() {
    let d = doc(
        "c",
        "The minister spoke first. Harald Stein laughed at the minister's plan, saying: \"The \
         bridge will never open on time.\"",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "The bridge will never").as_deref(),
        Some("Harald Stein"),
        "{qs:#?}"
    );
}

#[test]
fn a_name_in_apposition_and_a_clause_opening_with_but() {
    let d = doc(
        "n",
        "The head of the harbour board, Dr Ingrid Solberg, said the delay had \"gone on too long\". \
         But the Harbour Safety Board said the closure was \"a sensible step\".",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "gone on too long").as_deref(),
        Some("Ingrid Solberg"),
        "{qs:#?}"
    );
    assert_eq!(
        speaker_of(&qs, "a sensible step").as_deref(),
        Some("Harbour Safety Board")
    );
}

#[test]
fn an_honorific_and_surname_before_the_verb() {
    let d = doc(
        "m",
        "Ingrid Solberg, the agency's director, spoke on Monday. Speaking after a meeting of the \
         committee, Mrs Solberg said that \"the current events constitute an emergency\".",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(
        speaker_of(&qs, "the current events").as_deref(),
        Some("Ingrid Solberg"),
        "{qs:#?}"
    );
}

#[test]
fn a_speaker_after_the_verb_and_an_idiom_that_is_none() {
    let d = doc(
        "v",
        "Crossings may already have spread it, said Dr Ada Brook of the harbour institute: \
         \"Thousands of people cross every day.\"",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    let speaker = speaker_of(&qs, "Thousands of people").unwrap_or_default();
    assert!(speaker.contains("Ada Brook"), "{qs:#?}");
    let d = doc(
        "w",
        "The bridge is old. Having said that, the \"Cross with care, every time\" campaign \
         launched today can help.",
    );
    let qs = quotes_of(std::slice::from_ref(&d));
    assert_eq!(speaker_of(&qs, "Cross with care"), None);
}
