//! Metadata from the text, and removal of what is not the article.
//!
//! [`extract`] takes the paragraphs of one normalised article and runs these passes, each
//! pure and each removal recorded as a [`Removal`] with its [`RemovalKind`]:
//!
//! 1. **Header metadata** (first paragraphs): author-image markers and the name after them,
//!    byline lines ("By Jane Doe", "ByMetro News", "Staff WritersReuters"), date stamps
//!    ("Published: 3 March 2021"), and lines combining them with `|`. Moved into [`TextMeta`]
//!    (`RemovalKind::Metadata`).
//! 2. **Furniture** ([`boilerplate`]): sign-up prompts, widgets, related links, captions and
//!    credits, markers, promotions; a list of links after a "More from ..." label.
//! 3. **Publisher boilerplate**: lines that [`LineStats`] saw in at least 3 and at least 30% of
//!    the same publisher's articles (never more than half of one article, which would mean the
//!    article itself is repeated rather than its furniture).
//! 4. **Sign-offs and tags** at the end: "with AP", "Additional reporting by Reuters",
//!    "(Reuters)", "Reporting by ..."; one closing line of topic keywords.
//! 5. **Title**: the first remaining paragraph if it is shaped like a headline; it leaves the
//!    body, and every later copy of it is removed (`Repeated`), as is any short line repeated
//!    verbatim or nearly so (case, spacing, punctuation, or one a prefix of the other).
//! 6. **Dateline** of the first body paragraph ("S E O U L, South Korea, July 19 --" -> Seoul,
//!    "WASHINGTON (Reuters) -" -> Washington + Reuters). The dateline prefix is left in the
//!    body text: it is part of the lead sentence as published, and taking it out would change
//!    the first sentence of every wire story.

mod boilerplate;
mod meta;

use std::collections::{HashMap, HashSet};

use storyline_core::{Removal, RemovalKind, TextMeta};

use crate::normalize::ends_sentence;
use boilerplate::Zone;
use storyline_core::hash::{Fnv, HashKeyed};

/// Lines longer than this are prose, never counted as publisher boilerplate.
const MAX_STAT_LINE: usize = 300;
/// A line carried by at least this many of a publisher's articles ...
const MIN_ARTICLES: u32 = 3;
/// ... and at least this share of them (percent) is that publisher's boilerplate.
const MIN_SHARE_PERCENT: u32 = 30;
/// A short line that is no sentence (a widget's headline, a section label) is boilerplate
/// from this share (percent): an outlet's own sentences recur in its follow-ups, its labels
/// stand in whatever page the widget is on.
const MIN_LABEL_SHARE_PERCENT: u32 = 5;
/// Most words of such a label.
const MAX_LABEL_WORDS: usize = 15;
/// Fewest and most words of an opening an outlet runs into the start of its pages (a widget's
/// headline glued to the article in scraped text; shorter ones are kickers such as "Oil
/// spill:", longer ones the shared lead of one story's versions) ...
const MIN_OPENING_WORDS: usize = 6;
const MAX_OPENING_WORDS: usize = 20;
/// ... furniture when at least this many of the outlet's pages ...
const MIN_OPENING_ARTICLES: u32 = 5;
/// ... and this share of them (percent) open with it: versions of one story seldom make up
/// a tenth of an outlet's pages.
const MIN_OPENING_SHARE_PERCENT: u32 = 10;
const OPENING_SEED: u64 = 0x6f70_656e_696e_6773;
/// How many leading paragraphs may hold header metadata.
const HEAD_SCAN: usize = 8;

/// The form in which lines are compared (see [`storyline_core::words_key`]).
pub(crate) use storyline_core::words_key as key;

/// Words separated by whitespace. (Byte scan: normalised text has only ASCII spaces, and a
/// stray Unicode space at worst joins two words; this runs many times per line.)
pub(crate) fn word_count(s: &str) -> usize {
    word_count_upto(s, usize::MAX)
}

/// [`word_count`], but counting stops at `cap` (for tests like "at most 8 words", which
/// need not read a long paragraph to its end).
pub(crate) fn word_count_upto(s: &str, cap: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for block in s.as_bytes().chunks(64) {
        for &b in block {
            // Non-short-circuit tests, so the block loop vectorises.
            let space = (b == b' ') | (b == b'\n') | (b == b'\t') | (b == b'\r') | (b == 0x0c);
            n += usize::from(!space & !in_word);
            in_word = !space;
        }
        if n >= cap {
            return cap;
        }
    }
    n
}

fn publisher_hash(publisher: Option<&str>) -> u64 {
    // Articles without a publisher share the pool of the empty name.
    key_hash(PUBLISHER_SEED, publisher.unwrap_or("")).unwrap_or(PUBLISHER_SEED)
}

const PUBLISHER_SEED: u64 = 0x7075_626c_6973_6865;

/// Too long to be counted as publisher boilerplate.
fn is_long_line(line: &str) -> bool {
    line.len() > MAX_STAT_LINE
        && (line.len() > 4 * MAX_STAT_LINE || line.chars().count() > MAX_STAT_LINE)
}

/// The hash under which a line of `publisher` is counted, from the line's [`key_hash`] (seed
/// 0); `None` for a line too long to count.
fn line_hash_from_key(publisher: u64, line: &str, key: Option<u64>) -> Option<u64> {
    if is_long_line(line) {
        return None;
    }
    key.map(|k| storyline_core::hash::mix(k ^ publisher))
}

/// Calls `f` with each lower-cased alphanumeric character of `s` (the characters of
/// [`key`]), and whether it starts a word.
fn for_each_key_char(s: &str, mut f: impl FnMut(u32, bool)) {
    let mut gap = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            f(c.to_ascii_lowercase() as u32, std::mem::take(&mut gap));
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for l in c.to_lowercase() {
                f(l as u32, std::mem::take(&mut gap));
            }
        } else {
            gap = true;
        }
    }
}

/// A short line that does not end as a sentence does.
fn is_label(line: &str) -> bool {
    !ends_sentence(line) && word_count_upto(line, MAX_LABEL_WORDS + 1) <= MAX_LABEL_WORDS
}

/// Hash of `seed` and [`key`]`(s)` without building the key; `None` when `s` has no words.
pub(crate) fn key_hash(seed: u64, s: &str) -> Option<u64> {
    let mut h = Fnv::seeded(seed);
    let mut any = false;
    for_each_key_char(s, |c, starts_word| {
        if starts_word && any {
            h.push(u32::from(b' '));
        }
        h.push(c);
        any = true;
    });
    any.then(|| h.finish())
}

/// Most distinct lines kept (about 16 bytes each) before the rarest are forgotten.
const LINE_CAP: usize = 1 << 20;

/// How many articles of each publisher carry each line. Only hashes of normalised lines are
/// kept, never the lines. Articles without a known publisher are pooled together.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LineStats {
    /// hash(publisher, line key) -> number of articles carrying the line.
    lines: HashMap<u64, u32, HashKeyed>,
    /// hash(publisher) -> number of articles observed.
    articles: HashMap<u64, u32, HashKeyed>,
}

impl LineStats {
    /// Record one article's paragraphs (each distinct line counted once per article).
    pub fn observe(&mut self, publisher: Option<&str>, paragraphs: &[String]) {
        let facts: Vec<LineFacts> = paragraphs.iter().map(|l| LineFacts::new(l)).collect();
        self.observe_facts(publisher, paragraphs, &facts);
    }

    /// [`LineStats::observe`] with each paragraph's [`LineFacts`] already made.
    pub fn observe_facts(
        &mut self,
        publisher: Option<&str>,
        paragraphs: &[String],
        facts: &[LineFacts],
    ) {
        let p = publisher_hash(publisher);
        *self.articles.entry(p).or_default() += 1;
        let mut seen: HashSet<u64, HashKeyed> = (paragraphs.iter().zip(facts))
            .filter_map(|(l, f)| line_hash_from_key(p, l, f.key))
            .collect();
        if let Some(first) = paragraphs.first() {
            seen.extend(openings(p, first).into_iter().map(|(_, h)| h));
        }
        for h in seen {
            *self.lines.entry(h).or_default() += 1;
        }
    }

    /// Combine counts gathered separately (the smaller set of counts goes into the larger).
    pub fn merge(&mut self, mut other: LineStats) {
        if self.lines.len() < other.lines.len() {
            std::mem::swap(self, &mut other);
        }
        for (k, v) in other.lines {
            *self.lines.entry(k).or_default() += v;
        }
        for (k, v) in other.articles {
            *self.articles.entry(k).or_default() += v;
        }
        if self.lines.len() > LINE_CAP {
            self.prune(LINE_CAP / 2);
        }
    }

    /// Append the counts, in map order (see `WordStats::write`).
    pub(crate) fn write(&self, b: &mut Vec<u8>) {
        use crate::evidence::write_map;
        for map in [&self.lines, &self.articles] {
            let entries = map.iter().map(|(&k, &v)| (k, v));
            write_map(b, entries, |b, c: u32| b.extend(c.to_le_bytes()));
        }
    }

    /// Counts written by [`LineStats::write`].
    pub(crate) fn read(rest: &mut &[u8]) -> Option<LineStats> {
        use crate::evidence::{u32_at, u64_at};
        let mut stats = LineStats::default();
        for map in [&mut stats.lines, &mut stats.articles] {
            for _ in 0..u64_at(rest)? {
                let k = u64_at(rest)?;
                map.insert(k, u32_at(rest)?);
            }
        }
        Some(stats)
    }

    /// Forget the rarest lines until at most `keep` are left. Nearly every paragraph is
    /// unique to its article; a publisher's furniture recurs within a few batches, so its
    /// counts are past the floor long before a prune, and memory stays bounded on long runs.
    fn prune(&mut self, keep: usize) {
        let mut floor = 1;
        while self.lines.len() > keep {
            self.lines.retain(|_, c| *c > floor);
            floor += 1;
        }
    }

    /// Number of articles observed for this publisher.
    pub fn articles(&self, publisher: Option<&str>) -> u32 {
        self.articles
            .get(&publisher_hash(publisher))
            .copied()
            .unwrap_or(0)
    }

    /// Is the line carried by >= 3 and >= 30% of this publisher's articles (>= 5% for a short
    /// line that is no sentence)?
    pub fn is_boilerplate(&self, publisher: Option<&str>, line: &str) -> bool {
        self.boilerplate_test(publisher)
            .is_some_and(|test| test(line, key_hash(0, line)))
    }

    /// The boilerplate test for one publisher's lines, given each line and its
    /// [`key_hash`]; `None` when the publisher has too few articles for any line to count.
    fn boilerplate_test(
        &self,
        publisher: Option<&str>,
    ) -> Option<impl Fn(&str, Option<u64>) -> bool + '_> {
        let n = self.articles(publisher);
        if n < MIN_ARTICLES {
            return None;
        }
        let p = publisher_hash(publisher);
        Some(move |line: &str, key: Option<u64>| {
            let c = line_hash_from_key(p, line, key)
                .and_then(|h| self.lines.get(&h).copied())
                .unwrap_or(0);
            let share = if is_label(line) {
                MIN_LABEL_SHARE_PERCENT
            } else {
                MIN_SHARE_PERCENT
            };
            c >= MIN_ARTICLES && c * 100 >= n * share
        })
    }
}

impl LineStats {
    /// Bytes of `paragraph`'s opening that enough of this publisher's pages open with to be
    /// furniture (see [`MIN_OPENING_WORDS`]); `None` when there is none, or when the shared
    /// opening runs to [`MAX_OPENING_WORDS`] or to the paragraph's end.
    pub fn opening_furniture(&self, publisher: Option<&str>, paragraph: &str) -> Option<usize> {
        let n = self.articles(publisher);
        let floor = MIN_OPENING_ARTICLES.max((n * MIN_OPENING_SHARE_PERCENT).div_ceil(100));
        if n < floor {
            return None;
        }
        let p = publisher_hash(publisher);
        let open = openings(p, paragraph);
        let carried = |h: &u64| self.lines.get(h).is_some_and(|&c| c >= floor);
        let longest = open.iter().rposition(|(_, h)| carried(h))?;
        let (end, _) = open[longest];
        let words_left = paragraph[end..].chars().any(char::is_alphanumeric);
        (longest + MIN_OPENING_WORDS < MAX_OPENING_WORDS && words_left).then_some(end)
    }
}

/// Each opening of `paragraph` of [`MIN_OPENING_WORDS`] to [`MAX_OPENING_WORDS`] words: the
/// byte end of its last word, and its hash for `publisher`.
fn openings(publisher: u64, paragraph: &str) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let mut h = Fnv::seeded(OPENING_SEED);
    let mut words = 0;
    let base = paragraph.as_ptr() as usize;
    for w in paragraph.split_whitespace() {
        let before = h.state();
        for c in w.chars().filter(|c| c.is_alphanumeric()) {
            for l in c.to_lowercase() {
                h.push(l as u32);
            }
        }
        if h.state() == before {
            continue;
        }
        h.push(u32::from(b' '));
        words += 1;
        if words >= MIN_OPENING_WORDS {
            let end = w.as_ptr() as usize - base + w.len();
            out.push((end, storyline_core::hash::mix(h.finish() ^ publisher)));
        }
        if words == MAX_OPENING_WORDS {
            break;
        }
    }
    out
}

/// What [`extract`] knows besides the text.
pub struct Context<'a> {
    pub publisher: Option<&'a str>,
    pub lines: &'a LineStats,
}

/// The article split into metadata, body paragraphs and what was removed.
pub use crate::Cleaned as Structured;

/// One paragraph and what became of it.
struct Item {
    text: String,
    /// `Some` once removed from the body.
    kind: Option<RemovalKind>,
    /// Moved into `meta.title` (not a removal).
    title: bool,
}

impl Item {
    fn new(text: String) -> Item {
        Item {
            text,
            kind: None,
            title: false,
        }
    }

    fn kept(&self) -> bool {
        self.kind.is_none() && !self.title
    }
}

/// Collects metadata, first finding wins (except that a "published" date beats an "updated" one).
#[derive(Default)]
struct MetaBuilder {
    meta: TextMeta,
    updated: Option<String>,
}

impl MetaBuilder {
    fn byline(&mut self, b: meta::Byline) {
        if self.meta.byline.is_none() {
            self.meta.byline = b.author;
        }
        if self.meta.publisher.is_none() {
            self.meta.publisher = b.publisher;
        }
        for a in &b.agencies {
            meta::push_unique(&mut self.meta.agencies, a);
        }
    }

    fn date(&mut self, date: String, label: meta::DateLabel) {
        match label {
            meta::DateLabel::Published if self.meta.published.is_none() => {
                self.meta.published = Some(date)
            }
            meta::DateLabel::Updated if self.updated.is_none() => self.updated = Some(date),
            _ => {}
        }
    }

    fn finish(mut self) -> TextMeta {
        if self.meta.published.is_none() {
            self.meta.published = self.updated;
        }
        self.meta
    }
}

/// A header line made only of metadata parts: "By Jane Doe | March 3, 2021".
fn header_meta(line: &str, first: bool, mb: &mut MetaBuilder) -> bool {
    let parts: Vec<&str> = line
        .split(['|', '•', '·'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return false;
    }
    let mut bylines = Vec::new();
    let mut dates = Vec::new();
    for p in &parts {
        if let Some(d) = meta::parse_date_line(p) {
            dates.push(d);
        } else if let Some(b) =
            meta::parse_byline(p, false).filter(|_| !first || p.starts_with(['B', 'b']))
        {
            bylines.push(b);
        } else if parts.len() > 1
            && boilerplate::classify(p, Zone::Head) == Some(RemovalKind::Marker)
        {
            // "Updated" and similar stamps beside a date.
        } else {
            return false;
        }
    }
    for b in bylines {
        mb.byline(b);
    }
    for (d, l) in dates {
        mb.date(d, l);
    }
    true
}

/// Are two lines (already keyed) the same headline or caption, give or take a little?
fn near_dup(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if s.split(' ').count() >= 4
        && l.starts_with(s)
        && l.as_bytes()[s.len()] == b' '
        && l.len() - s.len() <= (s.len() / 2).max(30)
    {
        return true;
    }
    let (na, nb) = (a.split(' ').count(), b.split(' ').count());
    if na.min(nb) < 6 || na.min(nb) * 10 < na.max(nb) * 8 {
        return false;
    }
    let ta: HashSet<&str> = a.split(' ').collect();
    let tb: HashSet<&str> = b.split(' ').collect();
    let inter = ta.intersection(&tb).count();
    let union = ta.union(&tb).count();
    ta.len().min(tb.len()) >= 6 && inter * 10 >= union * 9
}

/// What repeat detection and the line statistics need to know about a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFacts {
    /// [`key_hash`] of the whole line.
    key: Option<u64>,
    /// Key hash of its first four words.
    start: Option<u64>,
    /// One bit per distinct word (by hash, mod 64): words in only one of two lines set at
    /// most one differing bit each, so many differing bits rule out a near repeat.
    signature: u64,
    words: usize,
}

impl LineFacts {
    /// One pass over the line: the key hash (as [`key_hash`] computes it), per-word hashes for
    /// the signature, and the key hash of the first four words.
    pub fn new(text: &str) -> LineFacts {
        let (mut line, mut word) = (Fnv::new(), Fnv::new());
        let (mut words, mut signature, mut start) = (0usize, 0u64, None);
        let mut end_word = |word: &mut Fnv, words: &mut usize, line: Fnv| {
            signature |= 1 << (word.finish() % 64);
            *word = Fnv::new();
            *words += 1;
            if *words == 4 {
                start = Some(line.finish());
            }
        };
        let mut started = false;
        for_each_key_char(text, |c, starts_word| {
            if starts_word && started {
                end_word(&mut word, &mut words, line);
                line.push(u32::from(b' '));
            }
            started = true;
            line.push(c);
            word.push(c);
        });
        if started {
            end_word(&mut word, &mut words, line);
        }
        let key = started.then(|| line.finish());
        LineFacts {
            key,
            start: start.or(key),
            signature,
            words,
        }
    }
}

/// Is `later` a repeat of `earlier`? Short lines may differ slightly; long ones must match.
fn repeats(a: &str, earlier: &LineFacts, b: &str, later: &LineFacts) -> bool {
    if earlier.key.is_none() {
        return false;
    }
    if earlier.key == later.key {
        return true;
    }
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    // Neither a close prefix nor a 90% word overlap is possible between very different lengths.
    if long > 4 * MAX_STAT_LINE || (long - short > (short / 2).max(30) && short * 3 < long * 2) {
        return false;
    }
    if a.chars().count() > MAX_STAT_LINE || b.chars().count() > MAX_STAT_LINE {
        return false;
    }
    // A headline and a sentence that starts with the same words are different things.
    if ends_sentence(a) != ends_sentence(b) {
        return false;
    }
    // Cheap necessary conditions before keys and word sets are built (this runs for most
    // pairs of neighbouring lines): a near repeat starts with the same words, or shares
    // almost all its words.
    let same_start = earlier.start == later.start;
    let differing = (earlier.signature ^ later.signature).count_ones() as usize;
    if !same_start && differing * 10 > earlier.words + later.words {
        return false;
    }
    near_dup(&key(a), &key(b))
}

/// Split one article's paragraphs into metadata, body and removals.
pub fn extract(paragraphs: Vec<String>, ctx: &Context) -> Structured {
    let unknown = vec![None; paragraphs.len()];
    extract_with(paragraphs, unknown, ctx)
}

/// Passes at most, in [`extract_with`]: each removes lines the one before left, so few are
/// ever needed.
const MAX_PASSES: usize = 8;

/// [`extract`], given the [`LineFacts`] of those paragraphs that are known already (the
/// evidence pass made them, and repair left the paragraph as it was).
///
/// Where a line stands decides some removals (the head and tail of an article hold its
/// furniture), and removing a line moves the others. So the split is repeated on what the
/// last pass kept until a pass removes nothing: cleaning cleaned text then changes nothing.
pub fn extract_with(
    paragraphs: Vec<String>,
    known: Vec<Option<LineFacts>>,
    ctx: &Context,
) -> Structured {
    let (mut out, mut facts) = extract_once(paragraphs, known, ctx);
    for _ in 1..MAX_PASSES {
        if out.removed.is_empty() || out.paragraphs.is_empty() {
            break;
        }
        let title = out.meta.title.clone();
        let lines: Vec<String> = (title.iter().cloned())
            .chain(std::mem::take(&mut out.paragraphs))
            .collect();
        debug_assert_eq!(
            facts.len(),
            lines.len(),
            "the facts of the kept lines, title first"
        );
        let (mut again, kept) = extract_once(lines, facts, ctx);
        facts = kept;
        if again.meta.title.is_none()
            && title.is_some()
            && again.paragraphs.first() == title.as_ref()
        {
            // Not taken for the title this time: it is the same line either way.
            again.paragraphs.remove(0);
        }
        let done = again.removed.is_empty();
        out.paragraphs = again.paragraphs;
        out.removed.append(&mut again.removed);
        merge_meta(&mut out.meta, again.meta);
        if done {
            break;
        }
    }
    out
}

/// Whether the last kept line is a list of topics. One without a label that closes a run of
/// lines shaped like it ("Windproof 6/6", "Durability 5/6") ends the article's own list.
fn closing_tags(items: &[Item], kept_idx: &[usize]) -> bool {
    let [.., before, last] = kept_idx else {
        return false;
    };
    let text = &items[*last].text;
    boilerplate::is_tag_line(text)
        && (boilerplate::is_labelled_tag_line(text)
            || !boilerplate::is_tag_line(&items[*before].text))
}

/// Fill what `meta` lacks from a later pass's findings.
fn merge_meta(meta: &mut TextMeta, later: TextMeta) {
    let fill = |a: &mut Option<String>, b: Option<String>| {
        if a.is_none() {
            *a = b;
        }
    };
    fill(&mut meta.title, later.title);
    fill(&mut meta.byline, later.byline);
    fill(&mut meta.publisher, later.publisher);
    fill(&mut meta.dateline, later.dateline);
    fill(&mut meta.published, later.published);
    for a in &later.agencies {
        meta::push_unique(&mut meta.agencies, a);
    }
}

/// One pass of [`extract_with`], and the facts of the lines it kept (the title first).
fn extract_once(
    paragraphs: Vec<String>,
    known: Vec<Option<LineFacts>>,
    ctx: &Context,
) -> (Structured, Vec<Option<LineFacts>>) {
    let mut known_facts = Vec::with_capacity(paragraphs.len());
    let mut items: Vec<Item> = Vec::with_capacity(paragraphs.len());
    let mut known = known.into_iter();
    for p in paragraphs {
        let facts = known.next().flatten();
        // Normalised paragraphs are mostly trimmed already: those are kept, not copied.
        let text = match p.trim() {
            "" => continue,
            t if t.len() == p.len() => p,
            t => {
                known_facts.push(None);
                items.push(Item::new(t.to_string()));
                continue;
            }
        };
        known_facts.push(facts);
        items.push(Item::new(text));
    }
    // 0. An opening the outlet runs into many of its pages comes off the first paragraph.
    if let Some(end) =
        (items.first()).and_then(|f| ctx.lines.opening_furniture(ctx.publisher, &f.text))
    {
        let rest = items[0].text[end..].trim_start().to_string();
        items[0].text.truncate(end);
        items[0].kind = Some(RemovalKind::PublisherBoilerplate);
        items.insert(1, Item::new(rest));
        known_facts[0] = None;
        known_facts.insert(1, None);
    }
    let n = items.len();
    let mut mb = MetaBuilder::default();

    // 1. Header metadata.
    let mut after_marker = false;
    for (i, item) in items.iter_mut().enumerate().take(HEAD_SCAN) {
        let text = &item.text;
        if boilerplate::is_author_marker(text) {
            item.kind = Some(RemovalKind::Marker);
            after_marker = true;
            continue;
        }
        if std::mem::take(&mut after_marker) {
            if let Some(b) = meta::parse_byline(text, true) {
                mb.byline(b);
                item.kind = Some(RemovalKind::Metadata);
                continue;
            }
        }
        if word_count(text) <= 24 && header_meta(text, i == 0, &mut mb) {
            item.kind = Some(RemovalKind::Metadata);
        }
    }

    // 2. Furniture.
    let first_kept = items.iter().position(Item::kept);
    for (i, item) in items.iter_mut().enumerate() {
        if !item.kept() {
            continue;
        }
        let zone = if i < 3 {
            Zone::Head
        } else if i + 4 >= n {
            Zone::Tail
        } else {
            Zone::Body
        };
        item.kind = boilerplate::classify(&item.text, zone);
        // A headline may open with a label ("Live: ...", "Watch: ...").
        if Some(i) == first_kept
            && i < 4
            && item.kind == Some(RemovalKind::Related)
            && boilerplate::is_labelled_headline(&item.text)
            && meta::is_headline(&item.text)
        {
            item.kind = None;
        }
    }
    // The caption under a bare credit line.
    for i in 1..n {
        if items[i].kept()
            && items[i - 1].kind == Some(RemovalKind::Caption)
            && boilerplate::is_bare_credit(&items[i - 1].text)
            && boilerplate::is_short_sentence(&items[i].text)
        {
            items[i].kind = Some(RemovalKind::Caption);
        }
    }
    // Lists of links after a label in the second half of the article.
    let mut i = n / 2;
    while i < n {
        if boilerplate::is_link_list_header(&items[i].text) {
            items[i].kind.get_or_insert(RemovalKind::Related);
            let mut j = i + 1;
            while j < n && (!items[j].kept() || boilerplate::is_link_title(&items[j].text)) {
                items[j].kind.get_or_insert(RemovalKind::Related);
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }

    // A caption printed twice (image alt text and figure caption) goes as a caption and a
    // repeat, as a caption printed once does.
    for i in 0..n {
        if items[i].kind != Some(RemovalKind::Caption) {
            continue;
        }
        let fi = LineFacts::new(&items[i].text);
        let twin = (i + 1..n.min(i + 4)).find(|&j| {
            let fj = LineFacts::new(&items[j].text);
            items[j].kind == Some(RemovalKind::Caption)
                && repeats(&items[i].text, &fi, &items[j].text, &fj)
        });
        if let Some(j) = twin {
            items[j].kind = Some(RemovalKind::Repeated);
        }
    }

    // 3. Publisher boilerplate.
    let facts: Vec<LineFacts> = (items.iter().zip(known_facts))
        .map(|(it, known)| known.unwrap_or_else(|| LineFacts::new(&it.text)))
        .collect();
    let keys: Vec<Option<u64>> = facts.iter().map(|f| f.key).collect();
    let test = ctx.lines.boilerplate_test(ctx.publisher);
    let kept = items.iter().filter(|it| it.kept()).count();
    let common: Vec<usize> = (0..n)
        .filter(|&i| items[i].kept() && test.as_ref().is_some_and(|t| t(&items[i].text, keys[i])))
        .collect();
    if common.len() * 2 <= kept {
        for i in common {
            items[i].kind = Some(RemovalKind::PublisherBoilerplate);
        }
    }

    // 4. Sign-offs and tags at the end.
    for _ in 0..8 {
        let kept_idx: Vec<usize> = (0..n).filter(|&i| items[i].kept()).collect();
        let Some(&last) = kept_idx.last() else { break };
        if kept_idx.len() < 2 {
            break;
        }
        let text = &items[last].text;
        if let Some(t) = meta::parse_trailer(text) {
            for a in &t.agencies {
                meta::push_unique(&mut mb.meta.agencies, a);
            }
            if mb.meta.byline.is_none() {
                mb.meta.byline = t.reporters;
            }
            items[last].kind = Some(RemovalKind::Metadata);
        } else if let Some(b) = meta::parse_byline(text, false) {
            mb.byline(b);
            items[last].kind = Some(RemovalKind::Metadata);
        } else if kept_idx.len() >= 3 && closing_tags(&items, &kept_idx) {
            items[last].kind = Some(RemovalKind::Tags);
        } else {
            break;
        }
    }

    // 5. Title, its copies, and repeated lines.
    let kept_idx: Vec<usize> = (0..n).filter(|&i| items[i].kept()).collect();
    if let [first, _, ..] = kept_idx[..] {
        if first < 4 && meta::is_headline(&items[first].text) {
            items[first].title = true;
            mb.meta.title = Some(items[first].text.clone());
        }
    }
    if let Some(title) = mb.meta.title.clone() {
        let title_facts = LineFacts::new(&title);
        for (item, f) in items.iter_mut().zip(&facts).filter(|(it, _)| it.kept()) {
            if repeats(&title, &title_facts, &item.text, f) {
                item.kind = Some(RemovalKind::Repeated);
            }
        }
    }
    // Other repeats: a headline- or caption-sized line (5+ words) repeated next to itself or in
    // the header, or a long line repeated anywhere. Short structural lines ("Pros", "Cons",
    // list items) legitimately recur and stay.
    // Exact repeats are found by key lookup; near repeats only among the lines a repeated
    // headline or caption sits by (the previous kept line, the header), so this stays linear.
    let mut seen_keys: HashSet<u64, HashKeyed> = HashSet::default();
    let mut near_pool: Vec<usize> = Vec::new();
    let mut prev: Option<usize> = None;
    for i in 0..n {
        if !items[i].kept() {
            continue;
        }
        let words = facts[i].words;
        let list_item = items[i].text.starts_with(['-', '*', '•']);
        let header = if i < HEAD_SCAN { &near_pool[..] } else { &[] };
        let candidates = header.iter().copied().chain(prev);
        let exact_anywhere = words >= 10 && keys[i].is_some_and(|k| seen_keys.contains(&k));
        let dup = words >= 5
            && !list_item
            && (exact_anywhere
                || candidates
                    .into_iter()
                    .any(|j| repeats(&items[j].text, &facts[j], &items[i].text, &facts[i])));
        if dup {
            items[i].kind = Some(RemovalKind::Repeated);
        } else {
            seen_keys.extend(keys[i]);
            if i < HEAD_SCAN {
                near_pool.push(i);
            }
            prev = Some(i);
        }
    }

    // A standfirst repeated as the opening of a later paragraph is kept once, in the body.
    for i in 0..n.min(HEAD_SCAN) {
        if !items[i].kept() || facts[i].words < 6 || !ends_sentence(&items[i].text) {
            continue;
        }
        let opens_later = (i + 1..n).any(|j| {
            items[j].kept()
                && items[j].text.len() > items[i].text.len()
                && items[j].text.starts_with(items[i].text.as_str())
        });
        if opens_later {
            items[i].kind = Some(RemovalKind::Repeated);
        }
    }

    // 6. Dateline of the first body paragraph (left in the text).
    if let Some(first) = items.iter().find(|it| it.kept()) {
        if word_count(&first.text) >= 6 {
            if let Some(d) = meta::parse_dateline(&first.text) {
                mb.meta.dateline = Some(d.place);
                if let Some(src) = d.source {
                    match meta::agency(&src) {
                        Some(a) => meta::push_unique(&mut mb.meta.agencies, a),
                        None if mb.meta.publisher.is_none() => mb.meta.publisher = Some(src),
                        None => {}
                    }
                }
            }
        }
    }

    let mut out = Structured {
        meta: mb.finish(),
        ..Default::default()
    };
    let mut kept_facts = Vec::with_capacity(n);
    for (item, f) in items.into_iter().zip(facts) {
        match item.kind {
            Some(kind) => out.removed.push(Removal {
                kind,
                text: item.text,
            }),
            None => {
                kept_facts.push(Some(f));
                if !item.title {
                    out.paragraphs.push(item.text);
                }
            }
        }
    }
    (out, kept_facts)
}

#[cfg(test)]
mod tests;
