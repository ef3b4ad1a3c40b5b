use super::*;
use crate::Doc;

fn doc(id: &str, text: &str) -> Doc {
    Doc {
        id: id.to_string(),
        text: text.to_string(),
        ..Default::default()
    }
}

fn find<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
    ents.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", names(ents)))
}

fn names(ents: &[Entity]) -> Vec<(String, EntityKind, Vec<String>)> {
    ents.iter()
        .map(|e| (e.name.clone(), e.kind, e.aliases.clone()))
        .collect()
}

fn owner(ents: &[Entity], d: &Doc, doc: usize, surface: &str, nth: usize) -> String {
    let start = d
        .text
        .match_indices(surface)
        .nth(nth)
        .expect("surface in text")
        .0;
    let i = mention_at(ents, doc, start, start + surface.len())
        .unwrap_or_else(|| panic!("no mention at {surface:?} in {:#?}", names(ents)));
    ents[i].name.clone()
}

#[test]
fn korean_spellings_merge_and_namesakes_stay_apart() {
    let d = doc(
        "a",
        "North Korean leader Pak Yong-chol inspected a dam on Tuesday, state media said.\n\n\
         Pak Yong Chol was joined by his uncle, Pak Yong Il, who ran the province for years.\n\n\
         Mr. Pak praised the workers. Vice minister Pak Sun-hee later visited the site.\n\n\
         Mr. Pak said the dam would open soon. Pak Yong-Chol's visit was his third this year.",
    );
    let ents = extract(std::slice::from_ref(&d));
    let chol = find(&ents, "Pak Yong-chol");
    assert_eq!(chol.kind, EntityKind::Person);
    assert!(
        chol.aliases.iter().any(|a| a == "Pak Yong Chol"),
        "{:?}",
        chol.aliases
    );
    assert!(
        chol.aliases.iter().any(|a| a == "Pak Yong-Chol"),
        "{:?}",
        chol.aliases
    );
    let il = find(&ents, "Pak Yong Il");
    let hee = find(&ents, "Pak Sun-hee");
    assert_ne!(il.mentions, chol.mentions);
    assert_eq!(hee.kind, EntityKind::Person);
    // The first "Mr. Pak" follows the uncle's mention but the article's subject is named last
    // before it? No: the uncle is named last, so recency gives the uncle.
    assert_eq!(owner(&ents, &d, 0, "Pak", 3), "Pak Yong Il");
    // The second follows "Pak Sun-hee".
    assert_eq!(owner(&ents, &d, 0, "Pak said", 0), "Pak Sun-hee");
    // Possessive: the span leaves out "'s".
    let poss = d.text.find("Pak Yong-Chol's").unwrap();
    assert!(chol
        .mentions
        .iter()
        .any(|m| m.start == poss && m.end == poss + "Pak Yong-Chol".len()));
    let nk = find(&ents, "North Korea");
    assert_eq!(nk.kind, EntityKind::Place);
}

#[test]
fn initials_titles_and_bare_family_names() {
    let d = doc(
        "b",
        "Prime Minister Ingrid M. Solberg arrived in Oslo late on Friday.\n\n\
         Ingrid Solberg told reporters she was tired. Ms. Solberg then left.\n\n\
         Solberg's aides said Prime Minister Solberg would speak on Saturday, and Solberg did.",
    );
    let ents = extract(std::slice::from_ref(&d));
    let s = find(&ents, "Ingrid Solberg");
    assert_eq!(s.kind, EntityKind::Person);
    assert!(
        s.aliases.iter().any(|a| a == "Ingrid M. Solberg"),
        "{:?}",
        s.aliases
    );
    assert_eq!(s.mentions.len(), 6, "{:?}", names(&ents));
    assert_eq!(ents[0].name, "Ingrid Solberg", "most mentioned first");
    assert_eq!(find(&ents, "Oslo").kind, EntityKind::Place);
    assert!(
        !ents
            .iter()
            .any(|e| e.name == "Friday" || e.name == "Prime Minister"),
        "{:?}",
        names(&ents)
    );
}

#[test]
fn place_aliases_and_demonyms() {
    let d = doc(
        "c",
        "Officials in N. Korea and the DPRK's envoys met U.S. diplomats. The North Korean side \
         asked the United States for talks, and America agreed. Russian and Chinese observers \
         watched from Moscow.",
    );
    let ents = extract(std::slice::from_ref(&d));
    let nk = find(&ents, "North Korea");
    assert_eq!(nk.mentions.len(), 3, "{:?}", nk.aliases);
    let us = find(&ents, "United States");
    assert_eq!(us.mentions.len(), 3, "{:?}", us.aliases);
    assert!(find(&ents, "Russia")
        .aliases
        .contains(&"Russian".to_string()));
    find(&ents, "China");
    find(&ents, "Moscow");
}

#[test]
fn organisations_by_head_list_and_acronym() {
    let d = doc(
        "d",
        "The Ministry of Coastal Affairs blamed the Varnholm Shipping Corp. for the spill, the \
         Korean Central News Agency reported. KCNA later said the Nordvik Fishers League agreed. \
         Reuters could not confirm it; a spokesman for the Harbour Safety Board, Lena Brisk, \
         declined to comment.",
    );
    let ents = extract(std::slice::from_ref(&d));
    for org in [
        "Ministry of Coastal Affairs",
        "Varnholm Shipping Corp.",
        "Nordvik Fishers League",
        "Harbour Safety Board",
        "Reuters",
    ] {
        assert_eq!(find(&ents, org).kind, EntityKind::Organisation, "{org}");
    }
    let kcna = find(&ents, "Korean Central News Agency");
    assert_eq!(kcna.mentions.len(), 2);
    assert_eq!(find(&ents, "Lena Brisk").kind, EntityKind::Person);
}

#[test]
fn across_articles_a_family_name_resolves_only_when_unambiguous() {
    let docs = vec![
        doc(
            "one",
            "Foreign minister Tomas Vrba met Anna Keller in Prague on Monday.",
        ),
        doc(
            "two",
            "Vrba said the meeting went well. Keller declined to comment.",
        ),
        doc(
            "three",
            "Environment minister Jana Keller opened a park. Keller said it mattered.",
        ),
        doc("four", "Keller was not there."),
    ];
    let ents = extract(&docs);
    let vrba = find(&ents, "Tomas Vrba");
    assert_eq!(vrba.docs, vec!["one", "two"]);
    let anna = find(&ents, "Anna Keller");
    let jana = find(&ents, "Jana Keller");
    // In "two" no Keller is named in full and two Kellers exist: it stays apart.
    assert_eq!(anna.docs, vec!["one"]);
    assert_eq!(jana.docs, vec!["three"]);
    assert_eq!(jana.mentions.len(), 2);
    assert!(!ents.iter().any(|e| e.docs.contains(&"four".to_string())
        && e.name.contains("Keller")
        && e.name.contains(' ')));
    // resolve_person by surface form.
    let vi = ents.iter().position(|e| e.name == "Tomas Vrba").unwrap();
    assert_eq!(resolve_person(&ents, 1, "Vrba"), Some(vi));
    assert_eq!(resolve_person(&ents, 1, "Mr. Vrba's"), Some(vi));
    assert_eq!(
        resolve_person(&ents, 0, "Foreign Minister Tomas Vrba"),
        Some(vi)
    );
    let ji = ents.iter().position(|e| e.name == "Jana Keller").unwrap();
    assert_eq!(resolve_person(&ents, 2, "Ms. Keller"), Some(ji));
    assert_eq!(
        resolve_person(&ents, 3, "Keller"),
        ents.iter().position(|e| e.name == "Keller")
    );
}

#[test]
fn sentence_starts_headlines_and_particles() {
    let d = doc(
        "e",
        "Vrba Opens New Bridge Over Lake Mjosa\n\n\
         Tomas Vrba opened a bridge on Sunday. Hundreds of people came. Despite rain, Vrba spoke.\n\n\
         Later, Tariq bin Hamdan and Luis de Almeida joined him at the Kessler Institute.",
    );
    let ents = extract(std::slice::from_ref(&d));
    let v = find(&ents, "Tomas Vrba");
    assert_eq!(v.mentions.len(), 3, "{:?}", v);
    assert!(
        !ents
            .iter()
            .any(|e| e.name == "Hundreds" || e.name == "Despite" || e.name == "Later"),
        "{:?}",
        names(&ents)
    );
    assert_eq!(find(&ents, "Tariq bin Hamdan").kind, EntityKind::Person);
    assert_eq!(find(&ents, "Luis de Almeida").kind, EntityKind::Person);
    assert_eq!(
        find(&ents, "Kessler Institute").kind,
        EntityKind::Organisation
    );
}

#[test]
fn kind_serialises_lowercase() {
    assert_eq!(
        serde_json::to_string(&EntityKind::Organisation).unwrap(),
        "\"organisation\""
    );
    assert_eq!(
        serde_json::to_string(&EntityKind::Person).unwrap(),
        "\"person\""
    );
}

#[test]
fn cost_is_about_linear() {
    // 2,000 articles of about 5 KB, built from a few sentences with varied names.
    let given = [
        "Anna", "Tomas", "Ingrid", "Pavel", "Luis", "Maria", "Jonas", "Elena",
    ];
    let family = [
        "Vrba", "Keller", "Solberg", "Orlov", "Almeida", "Brisk", "Lund", "Novak",
    ];
    let mut docs = Vec::new();
    for i in 0..2000 {
        let mut t = String::new();
        while t.len() < 5000 {
            let k = t.len() / 97 + i;
            let g = given[k % given.len()];
            let f = family[(k / 3) % family.len()];
            t.push_str(&format!(
                "Foreign minister {g} {f}{n} met officials of the Ministry of Coastal Affairs in Oslo. \
                 \"We will keep talking,\" {f}{n} said, according to Reuters. Mr. {f}{n} left for \
                 North Korea on Friday.\n\n",
                n = k % 50
            ));
        }
        docs.push(doc(&format!("d{i}"), &t));
    }
    let t0 = std::time::Instant::now();
    let ents = extract(&docs);
    let took = t0.elapsed();
    eprintln!(
        "entities: {} entities from {} docs in {:?}",
        ents.len(),
        docs.len(),
        took
    );
    assert!(!ents.is_empty());
    assert!(took.as_secs_f64() < 30.0, "took {took:?}");
}

#[test]
fn seed_articles() {
    let docs = crate::testdata::seed_docs();
    let ents = extract(&docs);
    let persons: Vec<&Entity> = ents
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .collect();
    let with = |form: &str| -> Vec<&Entity> {
        persons
            .iter()
            .copied()
            .filter(|e| e.name == form || e.aliases.iter().any(|a| a == form))
            .collect()
    };
    // Kim Jong Un: one entity holding every spelling.
    let kju = with("Kim Jong Un");
    assert_eq!(kju.len(), 1, "{:#?}", names(&ents));
    for form in ["Kim Jong-un", "Kim Jong Un"] {
        assert!(
            with(form).iter().all(|e| std::ptr::eq(*e, kju[0])),
            "{form}"
        );
    }
    // Kim Jong Il and Kim Hong-kyun are other people.
    let kji = with("Kim Jong Il");
    assert_eq!(kji.len(), 1);
    assert!(!std::ptr::eq(kji[0], kju[0]));
    let khk = with("Kim Hong-kyun");
    assert_eq!(khk.len(), 1);
    assert!(!std::ptr::eq(khk[0], kju[0]) && !std::ptr::eq(khk[0], kji[0]));
    // Putin: one entity for all forms.
    let putin = with("Vladimir Putin");
    assert_eq!(putin.len(), 1);
    for form in ["Vladimir V. Putin", "Putin"] {
        let w = with(form);
        assert_eq!(w.len(), 1, "{form}: {:#?}", names(&ents));
        assert!(std::ptr::eq(w[0], putin[0]), "{form}");
    }
    assert_eq!(putin[0].docs.len(), 5);
    assert_eq!(ents[0].name, putin[0].name, "Putin is the most mentioned");
    // "Mr. Kim" in the 2024 report is Kim Jong Un; "Kim" in the 2000 report is Kim Jong Il.
    let p = |name: &str| docs.iter().position(|d| d.id.starts_with(name)).unwrap();
    let nyt = p("001_");
    let abc = p("000_");
    let ki = ents.iter().position(|e| std::ptr::eq(e, kju[0])).unwrap();
    assert_eq!(resolve_person(&ents, nyt, "Mr. Kim"), Some(ki));
    let kii = ents.iter().position(|e| std::ptr::eq(e, kji[0])).unwrap();
    assert_eq!(resolve_person(&ents, abc, "Kim"), Some(kii));
    assert_eq!(
        owner(&ents, &docs[abc], abc, "Kim, focusing", 0),
        kji[0].name
    );
    // Easley is named in full where quoted.
    let easley = with("Leif-Eric Easley");
    assert_eq!(easley.len(), 1);
    assert_eq!(easley[0].docs.len(), 2);
    // Places: North Korea with its aliases and demonym.
    let nk = ents.iter().find(|e| e.name == "North Korea").unwrap();
    assert!(nk.aliases.iter().any(|a| a == "N. Korea"));
    assert!(nk.aliases.iter().any(|a| a == "North Korean"));
    assert!(nk.aliases.iter().any(|a| a == "DPRK"));
    assert_eq!(nk.docs.len(), 5);
}
