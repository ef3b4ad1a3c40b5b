//! End-to-end tests of [`extract`] on articles written for these tests.

use super::*;

fn paras(text: &str) -> Vec<String> {
    crate::normalize::paragraphs(&crate::normalize::normalize(text))
}

fn run(text: &str) -> Structured {
    let stats = LineStats::default();
    extract(
        paras(text),
        &Context {
            publisher: None,
            lines: &stats,
        },
    )
}

fn kinds(s: &Structured) -> Vec<RemovalKind> {
    s.removed.iter().map(|r| r.kind).collect()
}

fn body(s: &Structured) -> String {
    s.paragraphs.join("\n\n")
}

const CLEAN: &str = "Harbour Bridge Reopens After Repairs\n\n\
The harbour bridge reopened to traffic on Monday after eight months of repairs, the city said.\n\n\
Engineers replaced the worn cables and resurfaced the deck, work that cost more than the council had planned.\n\n\
A photo of the old deck, shared widely online last year, showed deep cracks near the eastern pier.\n\n\
Residents who want to comment on the new toll can do so at the town hall until the end of the month.\n\n\
The mayor said she would share the final bill with the public once all invoices had arrived.";

#[test]
fn clean_article_is_unchanged() {
    let s = run(CLEAN);
    assert_eq!(
        s.meta.title.as_deref(),
        Some("Harbour Bridge Reopens After Repairs")
    );
    assert_eq!(s.paragraphs, paras(CLEAN)[1..].to_vec());
    assert!(s.removed.is_empty(), "{:?}", s.removed);
}

#[test]
fn article_without_title_keeps_first_paragraph() {
    let t = "The harbour bridge reopened to traffic on Monday after eight months of repairs.\n\nEngineers replaced the cables.";
    let s = run(t);
    assert_eq!(s.meta.title, None);
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn header_byline_date_and_dateline() {
    let t = "Ferry Service Resumes on the Lake\n\nByLakeside News\nMarch 4, 2019, 8:15 AM\n\n\
             L A K E V I E W, Norland, March 4 -- The ferry service across the lake resumed today after a winter pause.\n\n\
             Operators said bookings were strong.";
    let s = run(t);
    assert_eq!(
        s.meta.title.as_deref(),
        Some("Ferry Service Resumes on the Lake")
    );
    assert_eq!(s.meta.publisher.as_deref(), Some("Lakeside News"));
    assert_eq!(s.meta.byline, None);
    assert_eq!(s.meta.published.as_deref(), Some("2019-03-04"));
    assert_eq!(s.meta.dateline.as_deref(), Some("Lakeview"));
    assert_eq!(
        kinds(&s),
        vec![RemovalKind::Metadata, RemovalKind::Metadata]
    );
    // The dateline prefix stays in the body.
    assert!(s.paragraphs[0].starts_with("L A K E V I E W, Norland"));
}

#[test]
fn person_byline_and_combined_line() {
    let t = "Council Votes on Budget\n\nBy Ann Example and Bo Sample | Published: 3 March 2021\n\nThe council voted on the budget on Tuesday night.\n\nIt passed narrowly.";
    let s = run(t);
    assert_eq!(s.meta.byline.as_deref(), Some("Ann Example and Bo Sample"));
    assert_eq!(s.meta.published.as_deref(), Some("2021-03-03"));
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn published_beats_updated() {
    let t = "Council Votes on Budget\n\nUpdated 10:02 AM EST, Tue March 5, 2024\nPublished 9:00 AM EST, Mon March 4, 2024\n\nThe council voted on the budget on Tuesday night.\n\nIt passed.";
    assert_eq!(run(t).meta.published.as_deref(), Some("2024-03-04"));
    let t = "Council Votes on Budget\n\nUpdated 10:02 AM EST, Tue March 5, 2024\n\nThe council voted on the budget on Tuesday night.\n\nIt passed.";
    assert_eq!(run(t).meta.published.as_deref(), Some("2024-03-05"));
}

#[test]
fn dates_in_prose_are_not_publication_dates() {
    let t = "Council Votes on Budget\n\nThe council first discussed the budget on March 4, 2019, and again a year later.\n\nIt passed.";
    let s = run(t);
    assert_eq!(s.meta.published, None);
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn wire_dateline_gives_agency() {
    let t = "Markets Rally\n\nNEW YORK (Reuters) - Stocks rose on Friday as investors cheered upbeat earnings.\n\nBond yields fell.";
    let s = run(t);
    assert_eq!(s.meta.dateline.as_deref(), Some("New York"));
    assert_eq!(s.meta.agencies, vec!["Reuters"]);
    let t = "Markets Rally\n\nNAIROBI — Shares rose on Friday as investors cheered upbeat earnings.\n\nBond yields fell.";
    assert_eq!(run(t).meta.dateline.as_deref(), Some("Nairobi"));
}

#[test]
fn author_image_marker_and_name() {
    let t = "Festival Draws Record Crowds\n\nThe festival ended on Sunday with its largest attendance yet.\n\nauthor-image\nValley Desk Bureau\nNew Update\nFestival Draws Record Crowds\n\nFestival draws record crowds\n\nOrganisers counted more than 40,000 visitors over three days.\n\nVendors said sales were up.";
    let s = run(t);
    assert_eq!(
        s.meta.title.as_deref(),
        Some("Festival Draws Record Crowds")
    );
    assert_eq!(s.meta.byline.as_deref(), Some("Valley Desk Bureau"));
    assert!(
        !body(&s)
            .to_lowercase()
            .contains("festival draws record crowds"),
        "{}",
        body(&s)
    );
    assert!(!body(&s).contains("author-image") && !body(&s).contains("New Update"));
    assert_eq!(s.paragraphs.len(), 3, "{:?}", s.paragraphs);
    let k = kinds(&s);
    assert!(
        k.contains(&RemovalKind::Marker)
            && k.contains(&RemovalKind::Repeated)
            && k.contains(&RemovalKind::Metadata)
    );
}

#[test]
fn staff_byline_with_glued_agency_and_signoff() {
    let t = "Port Strike Ends\n\nStaff WritersAFP\n\nDock workers returned to work on Monday after a two-week strike over pay.\n\nThe union said the deal was fair.\n\nwith AP\n\nGet the latest news from example.org in your inbox.\n\nSign up for our emails";
    let s = run(t);
    assert_eq!(s.meta.byline.as_deref(), Some("Staff Writers"));
    assert_eq!(s.meta.agencies, vec!["AFP", "AP"]);
    assert_eq!(s.paragraphs.len(), 2, "{:?}", s.paragraphs);
    assert_eq!(
        kinds(&s),
        vec![
            RemovalKind::Metadata,
            RemovalKind::Metadata,
            RemovalKind::Newsletter,
            RemovalKind::Newsletter
        ]
    );
}

#[test]
fn additional_reporting_trailer() {
    let t = "Port Strike Ends\n\nDock workers returned to work on Monday.\n\nThe union said the deal was fair.\n\nAdditional reporting by Reuters";
    let s = run(t);
    assert_eq!(s.meta.agencies, vec!["Reuters"]);
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn doubled_title_kept_once_and_doubled_caption_removed() {
    let t =
        "Storm batters the coast for a second day\n\nStorm batters the coast for a second day\n\n\
             Heavy rain and strong winds hit the coast for a second day on Tuesday.\n\n\
             Waves crash over the sea wall at the harbour on Tuesday morning (Example Wire)\n\
             Waves crash over the sea wall at the harbour on Tuesday morning (Example Wire)\n\n\
             Forecasters expect the storm to ease by Thursday.";
    let s = run(t);
    assert_eq!(
        s.meta.title.as_deref(),
        Some("Storm batters the coast for a second day")
    );
    assert_eq!(s.paragraphs.len(), 2, "{:?}", s.paragraphs);
    // A caption printed once goes; printed twice, both copies go.
    assert_eq!(body(&s).matches("Waves crash").count(), 0);
    assert_eq!(
        kinds(&s),
        vec![
            RemovalKind::Repeated,
            RemovalKind::Caption,
            RemovalKind::Repeated
        ]
    );
}

#[test]
fn near_duplicate_headlines() {
    let t = "Storm Batters The Coast\n\nstorm batters the coast!\n\nStorm batters the coast - Example Daily\n\nHeavy rain hit the coast on Tuesday.\n\nIt eased later.";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 2, "{:?}", s.paragraphs);
    assert!(s.removed.iter().all(|r| r.kind == RemovalKind::Repeated));
}

#[test]
fn repeated_short_lines_but_not_sentences_sharing_words() {
    let t = "Budget Talks\n\nThe Fight Over the Budget\n\nThe fight over the budget began in March.\n\nThe Fight Over the Budget\n\nIt is not over.";
    let s = run(t);
    assert_eq!(
        s.paragraphs,
        vec![
            "The Fight Over the Budget",
            "The fight over the budget began in March.",
            "It is not over."
        ]
    );
}

#[test]
fn tags_and_related_at_end() {
    let t = "Festival Draws Record Crowds\n\nThe festival ended on Sunday with its largest attendance yet.\n\nVendors said sales were up.\n\n\
             Also Read: City Plans Second Festival Next Year\n\nValley Festival Music Tourism";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 2);
    assert_eq!(kinds(&s), vec![RemovalKind::Related, RemovalKind::Tags]);
}

#[test]
fn link_list_after_label() {
    let t = "Festival Draws Record Crowds\n\nThe festival ended on Sunday with its largest attendance yet.\n\nVendors said sales were up.\n\nOrganisers plan to return next year.\n\n\
             More from the Valley Courier\n\nCity Plans Second Festival Next Year\n\nMuseum Reopens After Flood";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 3, "{:?}", s.paragraphs);
    assert!(s.removed.iter().all(|r| r.kind == RemovalKind::Related));
}

#[test]
fn captions_in_body() {
    let t = "Royal Visit\n\nThe king visited the town on Friday.\n\n\
             In a photograph provided by the palace, the king greets schoolchildren outside the town hall. Flags line the street.\n\n\
             A crowd waits for the king. (AP PHOTO)\n\n\
             Camera IconA crowd waits for the king. Credit: Example Images\n\n\
             In a photo posted on social media, the mayor is seen greeting the king.\n\n\
             He left in the evening.";
    let s = run(t);
    assert_eq!(
        s.paragraphs,
        vec![
            "The king visited the town on Friday.",
            "In a photo posted on social media, the mayor is seen greeting the king.",
            "He left in the evening."
        ]
    );
    assert!(s.removed.iter().all(|r| r.kind == RemovalKind::Caption));
}

#[test]
fn widgets_and_prompts() {
    let t = "Royal Visit\n\nShare this\n\nThe king visited the town on Friday.\n\nAdvertisement\n\nHe declined to comment on the plans.\n\nAdd new comment\n\nComments";
    let s = run(t);
    assert_eq!(
        s.paragraphs,
        vec![
            "The king visited the town on Friday.",
            "He declined to comment on the plans."
        ]
    );
    assert_eq!(
        kinds(&s),
        vec![
            RemovalKind::Widget,
            RemovalKind::Promo,
            RemovalKind::Widget,
            RemovalKind::Widget
        ]
    );
}

#[test]
fn a_widget_headline_in_a_few_pages_is_boilerplate_a_sentence_is_not() {
    let mut stats = LineStats::default();
    for i in 0..40 {
        let mut p = vec![format!("Report {i} tells of the harbour works.")];
        if i % 10 == 0 {
            p.push("Most read: Ferry timetable changes explained".to_string());
            p.push("The harbour reopened to ferries in May after the works.".to_string());
        }
        stats.observe(None, &p);
    }
    assert!(stats.is_boilerplate(None, "Most read: Ferry timetable changes explained"));
    assert!(!stats.is_boilerplate(
        None,
        "The harbour reopened to ferries in May after the works."
    ));
}

#[test]
fn an_opening_run_into_many_pages_comes_off_and_a_shared_lead_stays() {
    let widget = "Bridge closes after storm, traffic diverted. Full Article";
    let lead = "The city council voted on Monday to rebuild the old harbour bridge";
    const WHO: [&str; 10] = [
        "Farmers", "Growers", "Millers", "Bakers", "Pickers", "Drivers", "Traders", "Cooks",
        "Brewers", "Carters",
    ];
    let page = |i: usize| -> String {
        match i % 4 {
            0 => format!("{widget} {} tell of the harvest in the valley.", WHO[i / 4]),
            1 if i < 12 => format!("{lead} before the winter storms, version {i}."),
            _ => format!("Story {i} is about something else entirely."),
        }
    };
    let mut stats = LineStats::default();
    for i in 0..40 {
        stats.observe(None, &[page(i), "A second paragraph.".to_string()]);
    }
    let ctx = Context {
        publisher: None,
        lines: &stats,
    };
    let s = extract(paras(&format!("{}\n\nMore of it.", page(8))), &ctx);
    assert_eq!(
        body(&s),
        "Millers tell of the harvest in the valley.\n\nMore of it."
    );
    assert!(
        s.removed.iter().any(|r| r.text == widget),
        "{:?}",
        s.removed
    );
    // Three versions of one story share a long lead: too few pages, and it runs on.
    let s = extract(paras(&page(5)), &ctx);
    assert_eq!(body(&s), page(5));
}

#[test]
fn publisher_boilerplate_from_line_stats() {
    let mut stats = LineStats::default();
    for i in 0..10 {
        let mut p = vec![format!("Story number {i} is about something different.")];
        if i < 4 {
            p.push("Hilltown Courier is proudly independent".to_string());
        }
        stats.observe(Some("Hilltown Courier"), &p);
    }
    stats.observe(
        Some("Other Paper"),
        &["Hilltown Courier is proudly independent".to_string()],
    );
    assert!(stats.is_boilerplate(
        Some("Hilltown Courier"),
        "hilltown courier is proudly independent."
    ));
    assert!(!stats.is_boilerplate(
        Some("Other Paper"),
        "Hilltown Courier is proudly independent"
    ));
    let t = "Talks Resume\n\nThe talks resumed on Monday.\n\nThey ended on Tuesday.\n\nHilltown Courier is proudly independent";
    let s = extract(
        paras(t),
        &Context {
            publisher: Some("Hilltown Courier"),
            lines: &stats,
        },
    );
    assert_eq!(kinds(&s), vec![RemovalKind::PublisherBoilerplate]);
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn line_stats_merge_and_threshold() {
    let line = vec!["Read our coverage policy here.".to_string()];
    let mut a = LineStats::default();
    let mut b = LineStats::default();
    for _ in 0..2 {
        a.observe(Some("P"), &line);
    }
    assert!(
        !a.is_boilerplate(Some("P"), "Read our coverage policy here."),
        "needs 3 articles"
    );
    b.observe(Some("P"), &line);
    for _ in 0..7 {
        b.observe(Some("P"), &["x".to_string()]);
    }
    a.merge(b);
    assert_eq!(a.articles(Some("P")), 10);
    assert!(
        a.is_boilerplate(Some("P"), "Read our coverage policy here."),
        "3 of 10 = 30%"
    );
    for _ in 0..1 {
        a.observe(Some("P"), &["y".to_string()]);
    }
    assert!(
        !a.is_boilerplate(Some("P"), "Read our coverage policy here."),
        "3 of 11 < 30%"
    );
}

#[test]
fn pruning_forgets_unique_lines_and_keeps_furniture() {
    let mut stats = LineStats::default();
    for i in 0..20 {
        let mut lines = vec![format!("Unique paragraph number {i} about the harbour")];
        if i % 2 == 0 {
            lines.push("Follow our harbour coverage".to_string());
        }
        stats.observe(Some("P"), &lines);
    }
    stats.prune(5);
    assert!(stats.lines.len() <= 5);
    assert!(stats.is_boilerplate(Some("P"), "Follow our harbour coverage"));
    assert_eq!(
        stats.articles(Some("P")),
        20,
        "article counts are never pruned"
    );
}

#[test]
fn repeated_article_is_not_wiped_by_line_stats() {
    let text = "Talks Resume\n\nThe talks resumed on Monday.\n\nThey ended on Tuesday.";
    let mut stats = LineStats::default();
    for _ in 0..5 {
        stats.observe(None, &paras(text));
    }
    let s = extract(
        paras(text),
        &Context {
            publisher: None,
            lines: &stats,
        },
    );
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn stats_keep_no_text() {
    let mut stats = LineStats::default();
    stats.observe(Some("P"), &["A distinctive secret sentence".to_string()]);
    assert!(!format!("{stats:?}").to_lowercase().contains("distinctive"));
}

#[test]
fn empty_input() {
    let s = run("");
    assert!(s.paragraphs.is_empty() && s.removed.is_empty() && s.meta == TextMeta::default());
}

#[test]
fn reuters_credit_line() {
    let t = "Talks Resume\n\nThe talks resumed on Monday in Geneva.\n\nThey ended on Tuesday.\n\nReporting by Ann Example in Geneva; Editing by Bo Sample";
    let s = run(t);
    assert_eq!(s.meta.byline.as_deref(), Some("Ann Example"));
    assert_eq!(s.paragraphs.len(), 2);
}

#[test]
fn caption_under_bare_credit() {
    let t = "Royal Visit\n\nThe king visited the town on Friday, his first visit in a decade.\n\nCredit: Jo Example/Example Wire\nThe king waves to the crowd outside the town hall.\n\nHe left in the evening after meeting the mayor.\n\nThe visit cost the town very little, officials said.";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 3, "{:?}", s.paragraphs);
    assert_eq!(kinds(&s), vec![RemovalKind::Caption, RemovalKind::Caption]);
}

#[test]
fn syndication_note_removed() {
    let t = "Rates Rise\n\nThis article first appeared in the Example Ledger and is republished with permission.\n\nThe bank raised rates on Thursday.\n\nIt was the seventh rise.";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 2);
    assert_eq!(kinds(&s), vec![RemovalKind::Marker]);
}

#[test]
fn standfirst_repeated_as_an_opening_is_kept_once() {
    let t = "Ferry Service Resumes On The North Route\n\n\
             The ferry line restarted its northern crossings on Monday after a month of repairs.\n\n\
             Passengers queued from early morning at the harbour gates.\n\n\
             The ferry line restarted its northern crossings on Monday after a month of repairs. \
             The operator said two more boats would return by June.";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 2, "{:?}", s.paragraphs);
    assert_eq!(
        body(&s).matches("restarted its northern crossings").count(),
        1
    );
    assert_eq!(kinds(&s), vec![RemovalKind::Repeated]);
}

#[test]
fn a_sentence_that_merely_starts_alike_stays() {
    let t = "Ferry Service Resumes\n\n\
             The ferry line restarted its crossings on Monday.\n\n\
             The ferry line said more boats would follow in June.";
    let s = run(t);
    assert_eq!(s.paragraphs.len(), 2, "{:?}", s.paragraphs);
}

#[test]
fn bounded_word_counts_agree_with_the_plain_count() {
    let long = "word ".repeat(150);
    let texts = [
        "",
        " ",
        "one",
        "  two  words ",
        "tab\tand\nnewline",
        long.as_str(),
        "x y z w v u t s r q p o n m l k j i h g f e d c b a",
    ];
    for t in texts {
        let n = word_count(t);
        for cap in [0, 1, 3, 9, 64, 91, 200] {
            assert_eq!(word_count_upto(t, cap), n.min(cap), "{t:?} capped at {cap}");
        }
    }
}
