//! Timelines: which dates matter, and which sentences tell what happened on each.
//!
//! Dates are ranked by how often the collection refers to them: every sentence that names a
//! day votes for it (more when it is on topic), and every article votes for its publication
//! day. For each chosen date the candidates are the sentences that name it plus the undated
//! sentences of articles published that day; the ones nearest the candidates' centroid are
//! taken, skipping near repeats. Near copies of a chosen sentence in other articles become
//! its sources. Linear in the number of sentences apart from sorting.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::sources;
use crate::table::{dot, sum, terms_of, Table, Vector};
use crate::time::Granularity;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// At most this many dates.
    pub dates: usize,
    /// At most this many sentences a date.
    pub per_date: usize,
    /// Words that mark on-topic sentences (empty: every sentence is on topic).
    pub keywords: Vec<String>,
    /// Only dates in this range (inclusive), when given.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Tuning (see [`Weights`]).
    pub weights: Weights,
}

/// Tuning of date ranking and sentence choice.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Vote of an article for its publication day, against 1 for a sentence naming a day.
    pub published: f32,
    /// Vote of an off-topic sentence (no keyword), against 1 for an on-topic one.
    pub off_topic: f32,
    /// Score factor for a candidate that names the date rather than being published on it.
    pub names_date: f32,
    /// Cosine above which a candidate repeats one already chosen.
    pub redundancy: f32,
    /// Cosine above which a sentence in another article is a source of a chosen one.
    pub same_claim: f32,
    /// Candidates shorter or longer than this (in words) are skipped.
    pub min_words: usize,
    pub max_words: usize,
    /// Topic words taken from the collection itself (its most widespread terms).
    pub auto_keywords: usize,
    /// Days after which an article's mention of a date counts as looking back.
    pub back_days: i64,
    /// Weight of likeness to the whole topic beside likeness to the day's candidates.
    pub topical: f32,
    /// Weight of the word pairs a candidate shares with the day's other candidates.
    pub phrases: f32,
    /// Vote of a mention from an article published more than a day after the date.
    pub looking_back: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            published: 1.0,
            off_topic: 0.3,
            names_date: 1.0,
            redundancy: 0.5,
            same_claim: 0.6,
            min_words: 10,
            max_words: 60,
            auto_keywords: 15,
            back_days: 7,
            topical: 1.0,
            phrases: 0.5,
            looking_back: 10.0,
        }
    }
}

impl Weights {
    /// Set one weight by name (experiments: `storyline eval timeline --set name=value`).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let float = || value.parse::<f32>().map_err(|e| format!("{name}: {e}"));
        let int = || value.parse::<usize>().map_err(|e| format!("{name}: {e}"));
        match name {
            "published" => self.published = float()?,
            "off_topic" => self.off_topic = float()?,
            "names_date" => self.names_date = float()?,
            "redundancy" => self.redundancy = float()?,
            "same_claim" => self.same_claim = float()?,
            "min_words" => self.min_words = int()?,
            "max_words" => self.max_words = int()?,
            "auto_keywords" => self.auto_keywords = int()?,
            "back_days" => self.back_days = value.parse().map_err(|e| format!("{name}: {e}"))?,
            "topical" => self.topical = float()?,
            "phrases" => self.phrases = float()?,
            "looking_back" => self.looking_back = float()?,
            _ => return Err(format!("no weight `{name}`")),
        }
        Ok(())
    }
}

impl Options {
    pub fn new(dates: usize, per_date: usize) -> Options {
        Options {
            dates,
            per_date,
            keywords: Vec::new(),
            start: None,
            end: None,
            weights: Weights::default(),
        }
    }

    fn in_range(&self, d: NaiveDate) -> bool {
        self.start.is_none_or(|s| d >= s) && self.end.is_none_or(|e| d <= e)
    }
}

/// One chosen sentence with the articles that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Pick {
    /// Table index of the sentence shown.
    #[serde(skip)]
    pub sentence: usize,
    pub text: String,
    /// Article ids carrying it (the chosen one and its near copies).
    pub sources: Vec<String>,
}

/// One date of a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    pub sentences: Vec<Pick>,
}

/// A timeline of at most `opts.dates` dates with at most `opts.per_date` sentences each,
/// oldest first.
pub fn build(table: &Table, opts: &Options) -> Vec<Entry> {
    let on_topic = topic_filter(table, &opts.keywords, opts.weights.auto_keywords);
    let (votes, candidates) = collect(table, opts, &on_topic);
    // The collection's centroid: what the whole topic is about.
    let mut topic = sum(table
        .sentences
        .iter()
        .zip(&on_topic)
        .filter(|(_, &t)| t)
        .map(|(s, _)| &s.vector));
    crate::table::normalise(&mut topic);
    let mut ranked: Vec<(NaiveDate, f32)> = votes.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut entries: Vec<Entry> = Vec::new();
    for (date, _) in ranked {
        if entries.len() >= opts.dates {
            break;
        }
        let Some(cands) = candidates.get(&date) else {
            continue;
        };
        let picks = choose(table, cands, &topic, opts);
        if !picks.is_empty() {
            entries.push(Entry {
                date,
                sentences: picks,
            });
        }
    }
    entries.sort_by_key(|e| e.date);
    entries
}

/// Share of sentences that must carry a keyword for the keywords to be used: a topic name
/// the articles never write ("bpoil") would otherwise leave nothing on topic.
const MIN_KEYWORD_SHARE: f32 = 0.01;

/// Which sentences are on topic: those with one of the given keywords or of the
/// collection's `auto` most widespread terms (off-topic asides and page furniture rarely
/// carry them). A topic's own words widen a narrow keyword list ("H1N1" beside "swine flu").
/// Every sentence is on topic when there are no such words or they hardly occur.
fn topic_filter(table: &Table, keywords: &[String], auto: usize) -> Vec<bool> {
    let mut wanted: HashSet<u32> = terms_of(&keywords.join(" ")).into_iter().collect();
    if auto > 0 {
        let mut df: HashMap<u32, usize> = HashMap::new();
        let mut seen: HashSet<(usize, u32)> = HashSet::new();
        for s in &table.sentences {
            for &(t, _) in &s.vector {
                if seen.insert((s.doc, t)) {
                    *df.entry(t).or_insert(0) += 1;
                }
            }
        }
        let mut top: Vec<(u32, usize)> = df.into_iter().collect();
        top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        wanted.extend(top.into_iter().take(auto).map(|e| e.0));
    }
    let marked = carrying(table, &wanted);
    let share = marked.iter().filter(|&&m| m).count() as f32 / marked.len().max(1) as f32;
    if wanted.is_empty() || share < MIN_KEYWORD_SHARE {
        return vec![true; marked.len()];
    }
    marked
}

/// Whether each sentence carries one of `terms`.
fn carrying(table: &Table, terms: &HashSet<u32>) -> Vec<bool> {
    table
        .sentences
        .iter()
        .map(|s| s.vector.iter().any(|(t, _)| terms.contains(t)))
        .collect()
}

/// A candidate sentence for a date, and whether it names the date.
type Candidate = (usize, bool);

/// Votes per day, and the candidate sentences of each day.
fn collect(
    table: &Table,
    opts: &Options,
    on_topic: &[bool],
) -> (HashMap<NaiveDate, f32>, HashMap<NaiveDate, Vec<Candidate>>) {
    let w = &opts.weights;
    let mut votes: HashMap<NaiveDate, f32> = HashMap::new();
    let mut candidates: HashMap<NaiveDate, Vec<Candidate>> = HashMap::new();
    let mut doc_on_topic: HashMap<usize, bool> = HashMap::new();
    for (i, s) in table.sentences.iter().enumerate() {
        *doc_on_topic.entry(s.doc).or_insert(false) |= on_topic[i];
        let mut named: Vec<NaiveDate> = s
            .dates
            .iter()
            .filter(|m| m.granularity == Granularity::Day)
            .map(|m| m.date)
            .filter(|&d| opts.in_range(d))
            .collect();
        named.sort_unstable();
        named.dedup();
        let vote = if on_topic[i] { 1.0 } else { w.off_topic };
        let published = table.published(i);
        for &d in &named {
            // A later article looking back at a day says the day mattered.
            let back = published.is_some_and(|p| (p - d).num_days() > w.back_days);
            *votes.entry(d).or_insert(0.0) += if back { vote * w.looking_back } else { vote };
            if on_topic[i] {
                candidates.entry(d).or_default().push((i, true));
            }
        }
        if s.dates.is_empty() && on_topic[i] {
            if let Some(p) = table.published(i).filter(|&p| opts.in_range(p)) {
                candidates.entry(p).or_default().push((i, false));
            }
        }
    }
    for (doc, topical) in doc_on_topic {
        if let Some(p) = table.docs[doc].published.filter(|&p| opts.in_range(p)) {
            let vote = if topical { 1.0 } else { w.off_topic };
            *votes.entry(p).or_insert(0.0) += w.published * vote;
        }
    }
    (votes, candidates)
}

/// The best `per_date` candidates of one date, nearest the candidates' centroid first.
fn choose(table: &Table, cands: &[Candidate], topic: &[(u32, f32)], opts: &Options) -> Vec<Pick> {
    let w = &opts.weights;
    let usable: Vec<Candidate> = cands
        .iter()
        .copied()
        .filter(|&(i, _)| {
            let s = &table.sentences[i];
            !s.furniture
                && (w.min_words..=w.max_words).contains(&s.words)
                && !s.vector.is_empty()
                && reads_as_statement(table.text(i))
        })
        .collect();
    if usable.is_empty() {
        return Vec::new();
    }
    let centroid = sum(usable.iter().map(|&(i, _)| &table.sentences[i].vector));
    let norm = dot(&centroid, &centroid).sqrt().max(1e-6);
    // Word pairs the day's reports share: the phrasing of what happened.
    let pairs: Vec<Vector> = usable
        .iter()
        .map(|&(i, _)| pair_vector(table.text(i)))
        .collect();
    let pair_centroid = sum(pairs.iter());
    let pair_norm = dot(&pair_centroid, &pair_centroid).sqrt().max(1e-6);
    let mut scored: Vec<(f32, usize)> = usable
        .iter()
        .zip(&pairs)
        .map(|(&(i, names), pv)| {
            let sentence = &table.sentences[i];
            let mut s = dot(&sentence.vector, &centroid) / norm
                + w.topical * dot(&sentence.vector, topic)
                + w.phrases * dot(pv, &pair_centroid) / pair_norm;
            if names {
                s *= w.names_date;
            }
            (s, i)
        })
        .collect();
    scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut picks: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if picks.len() >= opts.per_date {
            break;
        }
        let v = &table.sentences[i].vector;
        if picks
            .iter()
            .any(|&p| dot(v, &table.sentences[p].vector) > w.redundancy)
        {
            continue;
        }
        picks.push(i);
    }
    let all: Vec<usize> = usable.iter().map(|c| c.0).collect();
    picks
        .into_iter()
        .map(|p| cite(table, p, &all, w.same_claim))
        .collect()
}

/// Unit vector of the adjacent content-word pairs of a text.
fn pair_vector(text: &str) -> Vector {
    let terms = terms_of(text);
    let mut v: Vector = terms
        .windows(2)
        .map(|p| (p[0].rotate_left(13) ^ p[1], 1.0))
        .collect();
    v.sort_unstable_by_key(|e| e.0);
    v.dedup_by_key(|e| e.0);
    crate::table::normalise(&mut v);
    v
}

/// Whether a sentence reads as a statement of news: not a question, not a fragment starting
/// mid-sentence, not a page header ("CITY | Mon May 3 , 2010 3:13 pm EDT").
fn reads_as_statement(text: &str) -> bool {
    let first = text.chars().next().unwrap_or(' ');
    // A comment header ("At 2:59 pm on 28 May 2010 , X wrote :") introduces, not states.
    if text.trim_end().ends_with(':') || text.contains(" wrote :") || text.contains(" wrote:") {
        return false;
    }
    let starts_well = first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(
            first,
            '"' | '`' | '\'' | '\u{201C}' | '*' | '-' | '\u{2022}'
        );
    starts_well && !text.trim_end().ends_with('?') && !text.contains(" | ")
}

/// Sentence `p` with the articles among `pool` that say nearly the same.
fn cite(table: &Table, p: usize, pool: &[usize], threshold: f32) -> Pick {
    let v = &table.sentences[p].vector;
    let mut carriers: Vec<usize> = vec![p];
    carriers.extend(
        pool.iter()
            .copied()
            .filter(|&j| j != p && dot(v, &table.sentences[j].vector) >= threshold),
    );
    Pick {
        sentence: p,
        text: table.text(p).to_string(),
        sources: sources::ids(table, &carriers),
    }
}

/// A dated entry of a storyline's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct StoryEntry {
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY" by granularity.
    pub date: String,
    /// Last day of a range ("June 18-19"), when the text gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub text: String,
    /// Articles that mention this date.
    pub sources: Vec<String>,
    /// Independent sources among them.
    pub independent: usize,
    /// Articles among them whose source is unknown: independence is not known for these.
    #[serde(skip_serializing_if = "is_zero")]
    pub unattributed: usize,
    /// Told as background: no article reporting it was published near the date.
    pub background: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Days after a date beyond which an article naming it looks back rather than reports.
const NEWS_WINDOW: i64 = 30;

/// A storyline's timeline: every date (day, month or year) its articles mention, ranked by
/// independent sources and then by [`salience`], the best `max` of them kept and told oldest
/// first, each by the mentioning sentence nearest the others and citing every article that
/// mentions it. An entry only named by articles written more than a month after it is background.
pub fn story(table: &Table, max: usize) -> Vec<StoryEntry> {
    type Key = (NaiveDate, Option<NaiveDate>, Granularity);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, s) in table.sentences.iter().enumerate() {
        // Fragments and page furniture ("…, told reporters on Friday .") tell nothing.
        let usable =
            !s.furniture && (6..=80).contains(&s.words) && reads_as_statement(table.text(i));
        for m in s.dates.iter().filter(|_| usable) {
            let key = (m.date, m.end_date, m.granularity);
            let list = by_key.entry(key).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut entries: Vec<(f32, StoryEntry)> = by_key
        .into_iter()
        .map(|((date, until, g), members)| {
            let independent = sources::independent(table, &members);
            // A sentence that lists several dates is about none of them in particular.
            let single: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| table.sentences[i].dates.len() == 1)
                .collect();
            let best = table.central(if single.is_empty() { &members } else { &single });
            // Background: every dated article naming it was written well after it.
            let mut dated = members
                .iter()
                .filter_map(|&i| table.published(i))
                .peekable();
            let background =
                dated.peek().is_some() && dated.all(|p| (p - date).num_days() > NEWS_WINDOW);
            let entry = StoryEntry {
                date: format_date(date, g),
                until: until.map(|u| format_date(u, g)),
                text: table.text(best).to_string(),
                sources: sources::ids(table, &members),
                independent,
                unattributed: sources::unattributed(table, &members),
                background,
            };
            (salience(table, &members, date), entry)
        })
        .collect();
    // Best backed first; at equal backing news before background, days before months and
    // years (the longer date string is the finer one), then the most salient.
    entries.sort_by(|a, b| {
        b.1.independent
            .cmp(&a.1.independent)
            .then(a.1.background.cmp(&b.1.background))
            .then(b.1.date.len().cmp(&a.1.date.len()))
            .then(b.0.total_cmp(&a.0))
            .then(a.1.date.cmp(&b.1.date))
    });
    // One sentence naming several dates ("in 1961, 2000 and 2001") tells only its best one.
    let mut told: HashSet<String> = HashSet::new();
    entries.retain(|e| told.insert(e.1.text.clone()));
    entries.truncate(max);
    let mut out: Vec<StoryEntry> = entries.into_iter().map(|e| e.1).collect();
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.until.cmp(&b.until)));
    out
}

/// Days after a date from which an article naming it looks back at it.
const LOOKING_BACK_DAYS: i64 = 14;
/// Vote of an article looking back at a date, against 1 for one reporting it: a day that
/// later reports still recall mattered.
const LOOKING_BACK_VOTE: f32 = 2.0;

/// How much the articles naming a date make of it: one vote an article (however often it
/// names the date), more from articles written well after it.
fn salience(table: &Table, members: &[usize], date: NaiveDate) -> f32 {
    let mut votes: HashMap<usize, f32> = HashMap::new();
    for &i in members {
        let back = table
            .published(i)
            .is_some_and(|p| (p - date).num_days() > LOOKING_BACK_DAYS);
        let vote = votes.entry(table.sentences[i].doc).or_insert(0.0);
        *vote = vote.max(if back { LOOKING_BACK_VOTE } else { 1.0 });
    }
    votes.values().sum()
}

fn format_date(d: NaiveDate, g: Granularity) -> String {
    match g {
        Granularity::Day => d.format("%Y-%m-%d").to_string(),
        Granularity::Month => d.format("%Y-%m").to_string(),
        Granularity::Year => d.format("%Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Doc;

    fn doc(id: &str, published: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            published: Some(published.parse().unwrap()),
            text: text.into(),
            publisher: Some(format!("pub-{id}")),
            ..Doc::default()
        }
    }

    fn docs() -> Vec<Doc> {
        vec![
            doc("a", "2021-05-04", "The dam burst on May 3, 2021, flooding three valley villages. Rescue teams arrived from the capital."),
            doc("b", "2021-05-05", "The dam burst on May 3, 2021, flooding three villages in the valley. Officials promised an inquiry into the dam."),
            doc("c", "2021-05-20", "An inquiry into the burst dam opened on May 19, 2021 in the capital. The dam had been inspected in 2015."),
            doc("d", "2021-05-21", "Engineers told the inquiry on May 19, 2021 that dam cracks were ignored."),
        ]
    }

    #[test]
    fn most_referred_dates_win_and_entries_cite_their_articles() {
        let docs = docs();
        let table = Table::build(&docs);
        let tl = build(&table, &Options::new(2, 1));
        let dates: Vec<String> = tl.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(dates, ["2021-05-03", "2021-05-19"]);
        assert_eq!(tl[0].sentences.len(), 1);
        assert!(tl[0].sentences[0].text.contains("burst"));
        assert_eq!(tl[0].sentences[0].sources, ["a", "b"]);
    }

    #[test]
    fn keywords_and_range_limit_the_timeline() {
        let docs = docs();
        let table = Table::build(&docs);
        let mut opts = Options::new(5, 2);
        opts.start = Some("2021-05-10".parse().unwrap());
        let tl = build(&table, &opts);
        assert!(tl
            .iter()
            .all(|e| e.date.to_string().as_str() >= "2021-05-10"));
        opts.keywords = vec!["engineers".into()];
        opts.weights.auto_keywords = 0;
        let tl = build(&table, &opts);
        assert_eq!(tl.len(), 1);
        assert!(tl[0].sentences[0].text.starts_with("Engineers"));
    }

    #[test]
    fn story_timeline_keeps_background_apart() {
        let docs = docs();
        let table = Table::build(&docs);
        let tl = story(&table, 10);
        let inspected = tl.iter().find(|e| e.date == "2015").expect("year entry");
        assert!(inspected.background);
        let burst = tl
            .iter()
            .find(|e| e.date == "2021-05-03")
            .expect("day entry");
        assert!(!burst.background);
        assert_eq!(burst.sources, ["a", "b"]);
        assert_eq!(burst.independent, 2);
    }
}
