//! Repair of run-together words ("begana historic" -> "began a historic") and of lost
//! possessive apostrophes ("Putins swing" -> "Putin's swing").
//!
//! Evidence used, in order:
//!
//! * the bundled English word-frequency [`Lexicon`] (unigram and bigram counts, from the
//!   symspellpy frequency dictionaries, MIT): a token the lexicon knows is never split;
//! * the corpus itself ([`WordStats`], gathered over the whole batch before cleaning): a token
//!   seen elsewhere as a standalone word counts as a word, and a joined token is compared with
//!   how often the corpus has the same letters written as two words;
//! * case changes inside a token ("NorthKorean", "WritersReuters", "ByABC");
//! * bigram association of the halves with each other and with the neighbouring words
//!   ("to mend" + "strained relations" beats "mends trained").
//!
//! Tokens that look like URLs, e-mail addresses, hashtags, handles, domains or identifiers
//! (letters next to digits) are left alone. Text without evidence of damage comes back
//! byte-identical.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use storyline_core::hash::{Fnv, HashKeyed};

// The bundled word lists (data/*.txt.gz), unpacked by build.rs into (word, count) records.
static UNIGRAMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/unigrams-en.bin"));
static BIGRAMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bigrams-en.bin"));

// ---------------------------------------------------------------------------------------------
// Hashing: words are keyed by a 64-bit hash of their lower-cased form, so that lookups never
// allocate and the maps stay small.

type IdMap<V> = HashMap<u64, V, HashKeyed>;

/// Incremental hash of lower-cased text (typographic apostrophes read as `'`).
#[derive(Clone, Copy)]
struct KeyHasher(Fnv);

impl KeyHasher {
    fn new() -> Self {
        KeyHasher(Fnv::new())
    }
    #[inline]
    fn push_char(&mut self, c: char) {
        self.0.push(fold_char(c));
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        for_each_folded(s, |c| self.0.push(c));
    }
    fn finish(self) -> u64 {
        self.0.finish()
    }

    /// [`KeyHasher::push_str`] into two hashers at once: one pass, and the two multiply
    /// chains run side by side.
    #[inline]
    fn push_str_both(&mut self, other: &mut KeyHasher, s: &str) {
        for_each_folded(s, |c| {
            self.0.push(c);
            other.0.push(c);
        });
    }
}

/// A character as keys read it: lower case, typographic apostrophes as `'`.
#[inline]
fn fold_char(c: char) -> u32 {
    let c = match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    };
    c as u32
}

/// [`fold_char`] of each character of `s`; most words are ASCII, lower-cased a byte at a
/// time without decoding characters.
#[inline]
fn for_each_folded(s: &str, mut f: impl FnMut(u32)) {
    if s.is_ascii() {
        for &b in s.as_bytes() {
            f(u32::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in s.chars() {
            f(fold_char(c));
        }
    }
}

fn key(s: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.push_str(s);
    h.finish()
}

/// Key of `a` and `b` written together.
fn key_cat(a: &str, b: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.push_str(a);
    h.push_str(b);
    h.finish()
}

fn key2(a: &str, b: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.push_str(a);
    h.push_char(' ');
    h.push_str(b);
    h.finish()
}

// ---------------------------------------------------------------------------------------------
// Lexicon

/// English word and bigram frequencies (lower-case keys).
pub struct Lexicon {
    unigrams: IdMap<u64>,
    bigrams: IdMap<u64>,
    /// log10 of the unigram total.
    log_uni_total: f64,
    /// log10 of the bigram total.
    log_bi_total: f64,
    /// Count of the 150th most frequent word: anything at least as frequent is a function word.
    function_word_count: u64,
}

impl Lexicon {
    /// The bundled English lexicon (its maps built once, then shared).
    pub fn bundled() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::from_records(UNIGRAMS, BIGRAMS))
    }

    /// Every word of the bundled unigram list with its count (web text, about 10^12 words):
    /// what a general-language prior needs.
    pub fn bundled_words() -> impl Iterator<Item = (&'static str, u64)> {
        records(UNIGRAMS)
    }

    /// Start loading the bundled lexicon on a background thread (about 15 ms), so that a
    /// caller can read its input meanwhile; [`Lexicon::bundled`] waits for it.
    pub fn preload() {
        std::thread::spawn(Lexicon::bundled);
    }

    fn from_records(uni: &'static [u8], bi: &'static [u8]) -> Lexicon {
        // The two lists load in parallel: this is most of a small run's start-up time.
        let load_bigrams = || {
            let mut bigrams: IdMap<u64> = IdMap::default();
            bigrams.reserve(250_000);
            let mut bi_total = 0u64;
            for (pair, c) in records(bi) {
                // "a b": the key of the two words with one space between.
                *bigrams.entry(key(pair)).or_insert(0) += c;
                bi_total += c;
            }
            (bigrams, bi_total)
        };
        let ((unigrams, total, function_word_count), (bigrams, bi_total)) =
            std::thread::scope(|s| {
                let bi = s.spawn(load_bigrams);
                let mut unigrams: IdMap<u64> = IdMap::default();
                unigrams.reserve(90_000);
                let mut total = 0u64;
                let mut counts = Vec::with_capacity(90_000);
                for (w, c) in records(uni) {
                    *unigrams.entry(key(w)).or_insert(0) += c;
                    total += c;
                    counts.push(c);
                }
                counts.sort_unstable_by(|a, b| b.cmp(a));
                let function_word_count = counts.get(150).copied().unwrap_or(u64::MAX);
                (
                    (unigrams, total, function_word_count),
                    bi.join().expect("bigram loader"),
                )
            });
        Lexicon {
            unigrams,
            bigrams,
            log_uni_total: (total.max(1) as f64).log10(),
            log_bi_total: (bi_total.max(1) as f64).log10(),
            function_word_count,
        }
    }

    /// Count of a word (any case) in the lexicon, 0 if unknown.
    pub fn count(&self, word: &str) -> u64 {
        self.unigrams.get(&key(word)).copied().unwrap_or(0)
    }

    /// True if the lexicon knows the word (any case).
    pub fn contains(&self, word: &str) -> bool {
        self.unigrams.contains_key(&key(word))
    }

    fn bigram(&self, a: &str, b: &str) -> u64 {
        self.bigrams.get(&key2(a, b)).copied().unwrap_or(0)
    }

    /// A frequent closed-class word ("the", "of", "was"): among the most frequent words of
    /// the lexicon, and not one of the web's frequent content words ("home", "page", "time",
    /// "data") or particles that start compounds ("up", "over", "back").
    fn is_function_word(&self, word: &str) -> bool {
        word.len() <= 6
            && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word))
            && self.count(word) >= self.function_word_count
    }

    /// log10 P(b | a) / P(b): how much more likely `b` is after `a` than anywhere (0 if the
    /// bigram list does not have the pair).
    fn assoc(&self, a: &str, b: &str) -> f64 {
        let ab = self.bigram(a, b);
        if ab == 0 {
            return 0.0;
        }
        let (ca, cb) = (self.count(a), self.count(b));
        if ca == 0 || cb == 0 {
            return 0.0;
        }
        let p_ab = (ab as f64).log10() - self.log_bi_total;
        let p_a = (ca as f64).log10() - self.log_uni_total;
        let p_b = (cb as f64).log10() - self.log_uni_total;
        p_ab - p_a - p_b
    }
}

/// The (word, count) records build.rs writes: `u16` length, the word, `u64` count (LE).
fn records(mut b: &'static [u8]) -> impl Iterator<Item = (&'static str, u64)> {
    std::iter::from_fn(move || {
        let (len, rest) = b.split_first_chunk::<2>()?;
        let (word, rest) = rest.split_at(usize::from(u16::from_le_bytes(*len)));
        let (count, rest) = rest.split_first_chunk::<8>()?;
        b = rest;
        let word = std::str::from_utf8(word).expect("build.rs writes UTF-8 words");
        Some((word, u64::from_le_bytes(*count)))
    })
}

// ---------------------------------------------------------------------------------------------
// Corpus evidence

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Seen {
    /// Occurrences as a standalone word (any case).
    all: u32,
    /// Of which capitalised.
    cap: u32,
}

/// Evidence about words gathered from the whole batch before cleaning.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WordStats {
    /// Standalone words by lower-case key.
    words: IdMap<Seen>,
    /// Adjacent word pairs (separated by whitespace only) keyed by their lower-cased
    /// concatenation: how often the letters of a joined token appear written as two words.
    pairs: IdMap<u32>,
    /// Number of words observed.
    total: u64,
}

/// Closed-class words (see [`Lexicon::is_function_word`]).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "as", "of",
    "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "upon", "about", "after",
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it",
    "its", "they", "them", "their", "this", "that", "these", "those", "there", "here", "what",
    "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were",
    "be", "been", "am", "do", "does", "did", "have", "has", "had", "can", "could", "will", "would",
    "shall", "may", "might", "must", "not", "no", "all", "any", "some", "each", "both", "more",
    "most", "other", "such", "only", "also", "just", "now", "very", "should", "along", "against",
    "among", "between", "during", "through", "toward", "towards", "until", "without", "across",
    "around", "before", "since",
];

/// Lexicon count of a very common word (about the 1,000 commonest: "along", "country").
const COMMON_WORD: u64 = 50_000_000;

/// Score of a lone "a" cut off before a number ("a 72-hour strike"): usual English, but
/// without a bigram to back it.
const A_BEFORE_NUMBER: f64 = -0.5;

/// Lexicon words rarer than this may still be split when the corpus says so.
const RARE_KNOWN: u64 = 10_000_000;

/// An -s form the lexicon counts this often is a word of its own, not a name with a lost
/// apostrophe ("News", "States"). Repair skips every word known at least [`RARE_KNOWN`]
/// times without asking, which is right only while that is no rarer than this.
const COMMON_S_FORM: u64 = 1_000_000;
const _: () = assert!(RARE_KNOWN >= COMMON_S_FORM);

/// A word the corpus also writes as two words is taken for a lost space only when the
/// two-word form is this many times more frequent: a few percent of damaged spaces leave
/// "ina" for "in a" about once per 30 "in a", while real words ("overtime" beside "over
/// time", "anew" beside "a new") are seen far more often than that.
const SPLIT_RATIO: u32 = 10;

/// Pairs kept before rare ones are pruned (bounded memory on big batches).
const PAIR_CAP: usize = 1 << 21;

/// Joined tokens whose two-word spellings are worth counting (see [`WordStats::observe_pairs`]).
#[derive(Debug, Default, Clone)]
pub struct PairCandidates(HashSet<u64, HashKeyed>);

/// What a scan does with adjacent word pairs.
enum Pairs<'a> {
    /// Count every pair.
    Count,
    /// Only collect the keys of the pairs (their letters written together), for
    /// [`WordStats::count_pairs`] once the batch's candidates are known.
    Collect(&'a mut Vec<u64>),
    /// Count nothing at all, words included: the text is only noted.
    Ignore,
}

/// The letter runs of an article's paragraphs as the evidence scan found them, with what the
/// lexicon knows of each: handed to [`repair_noted`] so that repair does not split, hash and
/// look up every word a second time. (About 12 bytes a word.)
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tokens {
    runs: Vec<RunInfo>,
    /// Where each paragraph's runs end in `runs`.
    ends: Vec<u32>,
}

impl Tokens {
    /// Room for the runs of about `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Tokens {
        Tokens {
            runs: Vec::with_capacity(bytes / 5),
            ends: Vec::new(),
        }
    }

    /// Number of paragraphs noted.
    pub fn paragraphs(&self) -> usize {
        self.ends.len()
    }

    /// The runs of paragraph `i`.
    pub fn of(&self, i: usize) -> ParagraphTokens<'_> {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        ParagraphTokens(&self.runs[start..self.ends[i] as usize])
    }
}

/// The runs of one paragraph (see [`Tokens`]).
#[derive(Clone, Copy)]
pub struct ParagraphTokens<'a>(&'a [RunInfo]);

/// A [`Run`] without its text (offsets into the paragraph, which the input limits keep far
/// below 4 GiB), and its [`Known`] class.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RunInfo {
    start: u32,
    len: u32,
    /// [`Run`]'s flags: chunk start, chunk end, space before, skip (bits 0-3).
    flags: u8,
    known: Known,
}

impl RunInfo {
    fn new(run: &Run, known: Known) -> RunInfo {
        let flags = run.chunk_start as u8
            | (run.chunk_end as u8) << 1
            | (run.space_before as u8) << 2
            | (run.skip as u8) << 3;
        RunInfo {
            start: run.start as u32,
            len: run.text.len() as u32,
            flags,
            known,
        }
    }

    fn skip(&self) -> bool {
        self.flags & 8 != 0
    }

    fn run<'a>(&self, paragraph: &'a str) -> Run<'a> {
        let start = self.start as usize;
        Run {
            text: &paragraph[start..start + self.len as usize],
            start,
            chunk_start: self.flags & 1 != 0,
            chunk_end: self.flags & 2 != 0,
            space_before: self.flags & 4 != 0,
            skip: self.flags & 8 != 0,
        }
    }
}

/// A paragraph's runs, read as [`Run`]s where needed.
struct Runs<'a> {
    paragraph: &'a str,
    infos: &'a [RunInfo],
}

impl<'a> Runs<'a> {
    fn at(&self, i: usize) -> Run<'a> {
        self.infos[i].run(self.paragraph)
    }

    fn get(&self, i: usize) -> Option<Run<'a>> {
        self.infos.get(i).map(|r| r.run(self.paragraph))
    }
}

/// What the lexicon knows of a word, as far as repair cares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    /// Not at all.
    No,
    /// Rarer than [`RARE_KNOWN`]: may still be split when the corpus says so.
    Rare,
    /// A word repair leaves whole.
    Common,
}

impl Known {
    fn of(key: u64, lex: &Lexicon) -> Known {
        match lex.unigrams.get(&key).copied().unwrap_or(0) {
            0 => Known::No,
            c if c < RARE_KNOWN => Known::Rare,
            _ => Known::Common,
        }
    }
}

impl WordStats {
    /// Record the words of one (normalised) text, and every adjacent pair of words.
    pub fn observe(&mut self, text: &str) {
        self.scan(text, Pairs::Count, None);
    }

    /// First of two passes over a batch: record the words, and push the keys of adjacent
    /// word pairs to `pair_keys` for [`WordStats::count_pairs`].
    pub fn observe_words(&mut self, text: &str, pair_keys: &mut Vec<u64>) {
        self.scan(text, Pairs::Collect(pair_keys), None);
    }

    /// [`WordStats::observe_words`], also noting the paragraph's runs (as the next
    /// paragraph of `tokens`) for [`repair_noted`].
    pub fn observe_words_noting(
        &mut self,
        text: &str,
        pair_keys: &mut Vec<u64>,
        lex: &Lexicon,
        tokens: &mut Tokens,
    ) {
        self.scan(text, Pairs::Collect(pair_keys), Some((lex, &mut *tokens)));
        tokens.ends.push(tokens.runs.len() as u32);
    }

    /// Note a paragraph's runs (as the next paragraph of `tokens`) without counting them as
    /// evidence: for a paragraph its article has already shown.
    pub fn note_words(&mut self, text: &str, lex: &Lexicon, tokens: &mut Tokens) {
        self.scan(text, Pairs::Ignore, Some((lex, &mut *tokens)));
        tokens.ends.push(tokens.runs.len() as u32);
    }

    /// Tokens seen so far that repair may want to split, and so ask how often their letters
    /// appear as two words: those the lexicon does not know or knows as rare.
    pub fn pair_candidates(&self, lex: &Lexicon) -> PairCandidates {
        let rare = |k: &u64| lex.unigrams.get(k).is_none_or(|&c| c < RARE_KNOWN);
        PairCandidates(self.words.keys().copied().filter(rare).collect())
    }

    /// Second pass: count the collected pairs that spell a candidate. Counting only these
    /// keeps the pair table small (most pairs are never asked about).
    pub fn count_pairs(&mut self, pair_keys: &[u64], wanted: &PairCandidates) {
        for k in pair_keys.iter().filter(|k| wanted.0.contains(k)) {
            *self.pairs.entry(*k).or_insert(0) += 1;
        }
        if self.pairs.len() > PAIR_CAP {
            self.prune();
        }
    }

    fn scan(&mut self, text: &str, mut pairs: Pairs, mut tokens: Option<(&Lexicon, &mut Tokens)>) {
        // The previous run's hash state, if it ended its chunk: a pair's key continues it
        // over the next word, in the same pass that hashes that word.
        let mut prev: Option<KeyHasher> = None;
        for_each_run(text, |run| {
            if run.skip {
                if let Some((_, tokens)) = &mut tokens {
                    // Never repaired: what the lexicon knows of it does not matter.
                    tokens.runs.push(RunInfo::new(&run, Known::Common));
                }
                prev = None;
                return;
            }
            let w = run.text;
            let mut h = KeyHasher::new();
            let mut pair = prev.filter(|_| run.chunk_start && run.space_before);
            match &mut pair {
                Some(pair) => h.push_str_both(pair, w),
                None => h.push_str(w),
            }
            let k = h.finish();
            if let Some((lex, tokens)) = &mut tokens {
                tokens.runs.push(RunInfo::new(&run, Known::of(k, lex)));
            }
            if !matches!(pairs, Pairs::Ignore) {
                self.count_word(w, k);
            }
            if let Some(pair) = pair {
                match &mut pairs {
                    Pairs::Count => *self.pairs.entry(pair.finish()).or_insert(0) += 1,
                    Pairs::Collect(keys) => keys.push(pair.finish()),
                    Pairs::Ignore => {}
                }
            }
            prev = run.chunk_end.then_some(h);
        });
        if self.pairs.len() > PAIR_CAP {
            self.prune();
        }
    }

    fn count_word(&mut self, w: &str, k: u64) {
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        let e = self.words.entry(k).or_default();
        e.all = e.all.saturating_add(1);
        e.cap = e.cap.saturating_add(cap as u32);
        if let Some(stem) = possessive_stem(w) {
            let e = self.words.entry(key(stem)).or_default();
            e.all = e.all.saturating_add(1);
            e.cap = e.cap.saturating_add(cap as u32);
        }
        self.total += 1;
    }

    /// Combine evidence gathered in parallel.
    pub fn merge(&mut self, other: WordStats) {
        if self.words.len() < other.words.len() {
            let mine = std::mem::replace(self, other);
            return self.merge(mine);
        }
        for (k, s) in other.words {
            let e = self.words.entry(k).or_default();
            e.all = e.all.saturating_add(s.all);
            e.cap = e.cap.saturating_add(s.cap);
        }
        for (k, c) in other.pairs {
            let e = self.pairs.entry(k).or_insert(0);
            *e = e.saturating_add(c);
        }
        self.total += other.total;
        if self.pairs.len() > PAIR_CAP {
            self.prune();
        }
    }

    /// Append the counts, in map order: the same runs give the same bytes, and not sorting
    /// 1.5 million keys is most of what saving costs at 100,000 articles.
    pub(crate) fn write(&self, b: &mut Vec<u8>) {
        use crate::evidence::write_map;
        write_map(b, self.words.iter().map(|(&k, &v)| (k, v)), |b, s: Seen| {
            b.extend(s.all.to_le_bytes());
            b.extend(s.cap.to_le_bytes());
        });
        let pairs = self.pairs.iter().map(|(&k, &v)| (k, v));
        write_map(b, pairs, |b, c: u32| b.extend(c.to_le_bytes()));
        b.extend(self.total.to_le_bytes());
    }

    /// Counts written by [`WordStats::write`].
    pub(crate) fn read(rest: &mut &[u8]) -> Option<WordStats> {
        use crate::evidence::{u32_at, u64_at};
        let mut stats = WordStats::default();
        for _ in 0..u64_at(rest)? {
            let k = u64_at(rest)?;
            let (all, cap) = (u32_at(rest)?, u32_at(rest)?);
            stats.words.insert(k, Seen { all, cap });
        }
        for _ in 0..u64_at(rest)? {
            let k = u64_at(rest)?;
            stats.pairs.insert(k, u32_at(rest)?);
        }
        stats.total = u64_at(rest)?;
        Some(stats)
    }

    fn prune(&mut self) {
        let mut floor = 1;
        while self.pairs.len() > PAIR_CAP / 2 {
            self.pairs.retain(|_, c| *c > floor);
            floor += 1;
        }
    }

    fn seen(&self, w: &str) -> Seen {
        self.words.get(&key(w)).copied().unwrap_or_default()
    }

    /// The corpus has these letters (by key) as two words much more often than as one.
    fn split_dominates_key(&self, k: u64) -> bool {
        let p = self.pairs.get(&k).copied().unwrap_or(0);
        p >= 3 && p > SPLIT_RATIO * self.words.get(&k).map_or(0, |s| s.all)
    }

    /// A lexicon word (by key) the corpus does not mostly write as two words.
    fn whole_word(&self, k: u64, lex: &Lexicon) -> bool {
        if !lex.unigrams.contains_key(&k) {
            return false;
        }
        let p = self.pairs.get(&k).copied().unwrap_or(0);
        let seen = self.words.get(&k).map_or(0, |s| s.all);
        !(p >= 3 && p > SPLIT_RATIO * seen)
    }

    fn pair_count(&self, joined: &str) -> u32 {
        self.pairs.get(&key(joined)).copied().unwrap_or(0)
    }

    /// log10 of the corpus size used to turn counts into probabilities; small corpora are
    /// treated as a million words so that one sighting in a tiny batch is not overwhelming.
    fn log_total(&self) -> f64 {
        (self.total.max(1_000_000) as f64).log10()
    }
}

fn possessive_stem(w: &str) -> Option<&str> {
    for suf in ["'s", "\u{2019}s"] {
        if let Some(stem) = w.strip_suffix(suf) {
            if !stem.is_empty() {
                return Some(stem);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Tokenisation: letter runs inside whitespace-separated chunks.

struct Run<'a> {
    text: &'a str,
    /// Byte offset in the scanned text.
    start: usize,
    /// The run starts / ends its chunk (nothing but whitespace on that side).
    chunk_start: bool,
    chunk_end: bool,
    /// A plain space (not a line break) precedes the chunk.
    space_before: bool,
    /// Part of a URL, address, handle, identifier...: never split, not counted.
    skip: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Chunks that are not prose: URLs, e-mail addresses, hashtags, handles, domains, paths.
fn chunk_is_special(chunk: &str) -> bool {
    // Fast path (this runs for every token): every pattern below needs one of these bytes,
    // or starts with "www".
    // Sentence punctuation at the end of a word ("said.", "this:") is not a mark.
    let mark = |b: &u8| {
        matches!(
            b,
            b':' | b'@' | b'#' | b'_' | b'\\' | b'=' | b'>' | b'(' | b'.'
        )
    };
    // Most chunks have no mark at all, not even at the end.
    if !chunk.as_bytes().iter().any(mark) {
        return false;
    }
    let body = chunk.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '\u{201D}']);
    if !body.as_bytes().iter().any(mark) {
        return false;
    }
    if chunk.contains("://") || chunk.contains('@') || chunk.starts_with('#') {
        return true;
    }
    let lower_www = chunk.len() >= 4 && chunk.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
    if lower_www || chunk.contains('_') || chunk.contains('\\') || chunk.contains('=') {
        return true;
    }
    // Code: paths ("a::b"), arrows, calls ("f(x)").
    if chunk.contains("::") || chunk.contains("->") || chunk.contains("=>") {
        return true;
    }
    if let Some(i) = chunk.find('(') {
        if i > 0
            && chunk[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return true;
        }
    }
    // An inner dot between word characters: a domain ("example.com.au") or file name.
    chunk.match_indices('.').any(|(i, _)| {
        chunk[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && chunk[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The character at byte `i` of `text` (a character boundary), decoded only when not ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        char::from(b)
    } else {
        text[i..].chars().next().expect("a character boundary")
    }
}

/// ASCII whitespace as [`char::is_whitespace`] reads it (vertical tab included).
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Length of the run of ASCII letters `b` starts with. Eight bytes at a time: most words end
/// inside their first eight bytes, so this is about one step a word instead of one a letter.
#[inline]
fn ascii_letters(b: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(block) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        // Setting bit 5 folds upper case onto lower case: a letter is then 0x61..=0x7a.
        // Each test sets the high bit of its byte and carries no further (7-bit sums).
        let y = (x | 0x2020_2020_2020_2020) & LOW7;
        let at_least_a = (y + 0x1f1f_1f1f_1f1f_1f1f) & HIGH;
        let above_z = (y + 0x0505_0505_0505_0505) & HIGH;
        let letter = at_least_a & !above_z & !x;
        let other = !letter & HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count()
}

fn for_each_run<'a>(text: &'a str, mut f: impl FnMut(Run<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace.
        let c = char_at(text, i);
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let chunk_start = i;
        let space_before = chunk_start > 0 && bytes[chunk_start - 1] == b' ';
        // Most chunks are ASCII letters, perhaps with closing punctuation ("said,"): one run,
        // not special, nothing glued. Only other chunks take the general path.
        let letters = ascii_letters(&bytes[i..]);
        let mut j = i + letters;
        while j < bytes.len()
            && matches!(
                bytes[j],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\''
            )
        {
            j += 1;
        }
        if letters > 0 && (j == bytes.len() || is_ascii_space(bytes[j])) {
            f(Run {
                text: &text[i..i + letters],
                start: i,
                chunk_start: true,
                chunk_end: i + letters == j,
                space_before,
                skip: false,
            });
            i = j;
            continue;
        }
        let mut j = i + c.len_utf8();
        while j < bytes.len() {
            let c = char_at(text, j);
            if c.is_whitespace() {
                break;
            }
            j += c.len_utf8();
        }
        runs_of_chunk(&text[chunk_start..j], chunk_start, space_before, &mut f);
        i = j;
    }
}

/// The letter runs of one whitespace-separated chunk starting at byte `chunk_start`
/// (letters, with apostrophes inside: "Putin's").
#[inline]
fn runs_of_chunk<'a>(
    chunk: &'a str,
    chunk_start: usize,
    space_before: bool,
    f: &mut impl FnMut(Run<'a>),
) {
    let special = chunk_is_special(chunk);
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_numeric() || c == '_');
    let len = chunk.len();
    let mut before: Option<char> = None;
    let mut s = 0;
    while s < len {
        let c = char_at(chunk, s);
        if !c.is_alphabetic() {
            before = Some(c);
            s += c.len_utf8();
            continue;
        }
        let mut e = s + c.len_utf8();
        while e < len {
            let c2 = char_at(chunk, e);
            if c2.is_alphabetic() {
                e += c2.len_utf8();
                continue;
            }
            let k3 = e + c2.len_utf8();
            if is_apostrophe(c2) && k3 < len {
                let c3 = char_at(chunk, k3);
                if c3.is_alphabetic() {
                    e = k3 + c3.len_utf8();
                    continue;
                }
            }
            break;
        }
        let after = (e < len).then(|| char_at(chunk, e));
        f(Run {
            text: &chunk[s..e],
            start: chunk_start + s,
            chunk_start: s == 0,
            chunk_end: e == len,
            space_before,
            skip: special || glued(before) || glued(after),
        });
        before = None;
        s = e;
    }
}

// ---------------------------------------------------------------------------------------------
// Repair

/// Tunable weights of the split decision (log10 units).
struct Params {
    /// A split is made when its score exceeds this.
    threshold: f64,
    /// Bonus for a split at a lower->Upper case change.
    case_bonus: f64,
    /// Bonus when the corpus has the letters written as two words.
    pair_bonus: f64,
    /// Weight of bigram association (halves with each other and with neighbours).
    assoc_weight: f64,
    /// Penalty per extra piece beyond two.
    piece_penalty: f64,
    /// Penalty for prefix + stem / stem + suffix cuts.
    affix_penalty: f64,
    /// Penalty for two content words without bigram support.
    content_penalty: f64,
    /// Extra penalty for that in a capitalised token whose halves the corpus does not know.
    name_penalty: f64,
    /// Context association (with the neighbouring words) above which the content penalty
    /// is waived.
    context_support: f64,
}

const PARAMS: Params = Params {
    threshold: -10.8,
    case_bonus: 3.0,
    pair_bonus: 2.0,
    assoc_weight: 1.0,
    piece_penalty: 0.5,
    affix_penalty: 3.0,
    content_penalty: 1.5,
    name_penalty: 2.0,
    context_support: 1.0,
};

/// Sure signs of lost spaces (see [`Plan::sure`]) a document must show before any of its words
/// is repaired. Correct text has a few tokens that look joined (a user name, a code word, a
/// dialect spelling), so one sign is not enough.
const SURE_SIGNS: usize = 3;

/// The repair one paragraph would get: its edits, made only when the document they belong to
/// shows damage ([`shows_damage`]). Correct text is left alone: the splits that compounds,
/// brands and names invite ("bodyweight", "HuggingFace") are guesses, and a guess is made only
/// where the document is known to have lost spaces.
#[derive(Debug, Default)]
pub struct Plan {
    edits: Vec<Edit>,
    /// The keys of the tokens whose repair is sure (see [`Plan::sure`]).
    sure: Vec<u64>,
}

impl Plan {
    /// How many edits restore a space no correct English text goes without: a lower-case
    /// token unknown to the lexicon, cut into a common word pair with a function word in it
    /// ("begana", "toshow"), or a preposition glued to a year ("in1990").
    pub fn sure(&self) -> usize {
        self.sure.len()
    }

    /// The paragraph with the planned edits made, or `None` when there are none.
    pub fn apply(self, paragraph: &str) -> Option<String> {
        (!self.edits.is_empty()).then(|| apply(paragraph, self.edits))
    }
}

/// Whether the plans of one document's paragraphs show enough sure signs of lost spaces for
/// any of them to be carried out.
pub fn shows_damage(plans: &[Plan]) -> bool {
    // Distinct tokens: an author's habit ("atleast" three times) is one sign, not three.
    let mut signs: Vec<u64> = plans.iter().flat_map(|p| p.sure.iter().copied()).collect();
    signs.sort_unstable();
    signs.dedup();
    signs.len() >= SURE_SIGNS
}

/// Plan the repair of one paragraph: run-together words split, lost possessive apostrophes
/// restored.
pub fn plan(paragraph: &str, lex: &Lexicon, stats: &WordStats) -> Plan {
    let mut runs: Vec<RunInfo> = Vec::new();
    for_each_run(paragraph, |r| {
        runs.push(RunInfo::new(&r, Known::of(key(r.text), lex)))
    });
    edits_of_runs(paragraph, &runs, lex, stats)
}

/// [`plan`] from the runs the evidence scan noted in the paragraph
/// ([`WordStats::observe_words_noting`]), without tokenising it again.
pub fn plan_noted(
    paragraph: &str,
    tokens: ParagraphTokens,
    lex: &Lexicon,
    stats: &WordStats,
) -> Plan {
    edits_of_runs(paragraph, tokens.0, lex, stats)
}

/// Carry out one document's plans (see [`shows_damage`]): each paragraph repaired, or `None`
/// where it stays as it is.
pub fn carry_out<S: AsRef<str>>(plans: Vec<Plan>, paragraphs: &[S]) -> Vec<Option<String>> {
    let damaged = shows_damage(&plans);
    (plans.into_iter().zip(paragraphs))
        .map(|(plan, p)| damaged.then(|| plan.apply(p.as_ref())).flatten())
        .collect()
}

/// Repair one document given as its paragraphs (or lines): each comes back repaired when the
/// document [`shows_damage`], else unchanged.
pub fn repair_document<S: AsRef<str>>(
    paragraphs: &[S],
    lex: &Lexicon,
    stats: &WordStats,
) -> Vec<String> {
    let plans = (paragraphs.iter())
        .map(|p| plan(p.as_ref(), lex, stats))
        .collect();
    (carry_out(plans, paragraphs).into_iter().zip(paragraphs))
        .map(|(fixed, p)| fixed.unwrap_or_else(|| p.as_ref().to_string()))
        .collect()
}

/// Repair one paragraph taken as a whole document (see [`repair_document`]).
pub fn repair(paragraph: &str, lex: &Lexicon, stats: &WordStats) -> String {
    repair_document(&[paragraph], lex, stats).swap_remove(0)
}

#[derive(Debug)]
enum Edit {
    /// Insert a space at this byte offset.
    Space(usize),
    /// Insert an apostrophe at this byte offset.
    Apostrophe(usize),
}

/// A cut no correct English text needs: a lower-case token the lexicon does not know, cut
/// into pieces one of which is a function word and each pair of which English writes side
/// by side ("began|a", "to|show"; not "do|nut" or "lab|or", spellings the lexicon lacks).
fn sure_join(w: &str, cuts: &[usize], lex: &Lexicon) -> bool {
    if !w.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(cuts);
    bounds.push(w.len());
    let pieces: Vec<&str> = bounds.windows(2).map(|b| &w[b[0]..b[1]]).collect();
    pieces.iter().any(|p| lex.is_function_word(p))
        && pieces
            .windows(2)
            .all(|pair| lex.bigram(pair[0], pair[1]) > 0)
}

/// The [`Plan`] of one paragraph, given its runs and their [`Known`] classes.
fn edits_of_runs(paragraph: &str, infos: &[RunInfo], lex: &Lexicon, stats: &WordStats) -> Plan {
    let runs = Runs { paragraph, infos };
    let mut edits: Vec<Edit> = Vec::new();
    let mut sure = Vec::new();
    // Share of words the lexicon knows: low in other languages, where the English lexicon
    // must not drive splits.
    let in_lexicon = infos
        .iter()
        .filter(|r| !r.skip() && r.known != Known::No)
        .count();
    let english = infos.len() < 6 || in_lexicon * 10 >= infos.len() * 6;
    for (idx, info) in infos.iter().enumerate() {
        // A common word (most of them) is neither split nor given an apostrophe: `possessive`
        // wants an -s form rarer than any common word (see `COMMON_S_FORM`).
        if info.skip() || info.known == Known::Common {
            continue;
        }
        let run = &info.run(paragraph);
        // A lexicon word stays whole, unless it is a rare one ("ina", "asa") the corpus writes
        // far more often as two words ("in a", "as a").
        let may_split = info.known == Known::No || stats.split_dominates_key(key(run.text));
        if may_split && !looks_like_code(paragraph, run) {
            let before = idx.checked_sub(1).map(|i| runs.at(i));
            let prev = before
                .filter(|b| run.chunk_start && b.chunk_end && !b.skip)
                .map(|b| b.text);
            let next = runs
                .get(idx + 1)
                .filter(|n| run.chunk_end && n.chunk_start && !n.skip)
                .map(|n| n.text)
                .or_else(|| number_after(paragraph, run));
            if let Some(cuts) = best_split(run.text, prev, next, english, lex, stats) {
                if info.known == Known::No && sure_join(run.text, &cuts, lex) {
                    sure.push(key(run.text));
                }
                edits.extend(cuts.into_iter().map(|c| Edit::Space(run.start + c)));
                continue;
            }
        }
        let next_word = runs
            .get(idx + 1)
            .filter(|n| run.chunk_end && n.chunk_start && !n.skip)
            .map(|n| n.text);
        // Only tokens the lexicon does not know (most words skip this).
        let glued =
            (info.known == Known::No).then(|| glued_possessive(run.text, next_word, lex, stats));
        if let Some((space, apostrophe)) = glued.flatten() {
            edits.push(Edit::Apostrophe(run.start + apostrophe));
            edits.push(Edit::Space(run.start + space));
            continue;
        }
        if let Some(at) = possessive(run, idx, &runs, paragraph, lex, stats) {
            edits.push(Edit::Apostrophe(at));
        }
    }
    glued_years(paragraph, &mut edits, &mut sure);
    edits.sort_by_key(|e| match e {
        Edit::Space(at) | Edit::Apostrophe(at) => *at,
    });
    Plan { edits, sure }
}

/// `paragraph` with `edits` (in text order) made.
fn apply(paragraph: &str, edits: Vec<Edit>) -> String {
    if edits.is_empty() {
        return paragraph.to_string();
    }
    let mut out = String::with_capacity(paragraph.len() + edits.len() * 2);
    let mut last = 0;
    for e in edits {
        let (at, s) = match e {
            Edit::Space(at) => (at, " "),
            Edit::Apostrophe(at) => (at, "'"),
        };
        out.push_str(&paragraph[last..at]);
        out.push_str(s);
        last = at;
    }
    out.push_str(&paragraph[last..]);
    out
}

/// A space lost before a year: "in1990" -> "in 1990" (a preposition glued to a year). (A
/// space after a comma between two words is not restored: scraped text has too many lists
/// and identifiers written that way.)
fn glued_years(paragraph: &str, edits: &mut Vec<Edit>, sure: &mut Vec<u64>) {
    const BEFORE_YEAR: &[&str] = &[
        "in", "on", "since", "by", "of", "from", "until", "till", "to", "after", "before",
        "during", "around", "early", "late", "mid",
    ];
    // A byte scan: the words and digits looked for are ASCII, and every byte of a non-ASCII
    // character ends a word just as the character does.
    // Only a digit right after a lower-case letter can start a glued year; the word is the
    // run of lower-case letters before it.
    let bytes = paragraph.as_bytes();
    for i in 1..bytes.len() {
        if !(bytes[i].is_ascii_digit() && bytes[i - 1].is_ascii_lowercase()) {
            continue;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_lowercase())
            .map_or(0, |p| p + 1);
        let word = &paragraph[start..i];
        let boundary = start == 0 || !paragraph[..start].ends_with(|c: char| c.is_alphanumeric());
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if boundary
            && digits == 4
            && BEFORE_YEAR.contains(&word)
            && matches!(&paragraph[i..i + 2], "19" | "20")
        {
            edits.push(Edit::Space(i));
            // Always a lost space: a sure sign, keyed by the glued token ("in1990").
            sure.push(key(&paragraph[start..i + 4]));
        }
    }
}

/// A lost possessive glued to its neighbour, when the batch knows the name: "Northsmissile"
/// -> "North's missile" (name, s, common word) and "hailedPutins visit" -> "hailed Putin's
/// visit" (word, name, s, before a lower-case word). Returns (space, apostrophe) offsets in
/// `w`. The token itself must be unknown, the name used capitalised in the batch at least
/// twice, and the word an ordinary English one.
fn glued_possessive(
    w: &str,
    next: Option<&str>,
    lex: &Lexicon,
    stats: &WordStats,
) -> Option<(usize, usize)> {
    // The caller has checked that the lexicon does not know `w`.
    if !w.is_ascii() || stats.seen(w).all >= 2 {
        return None;
    }
    // A name the batch writes capitalised, whose "s" form is no word of its own (so the "s"
    // is no plural: "Processors keep", "Vendors and" stay plural).
    let known_name = |name: &str| {
        name.len() >= 3
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name[1..].bytes().all(|b| b.is_ascii_lowercase())
            && stats.seen(name).cap >= 2
            && lex.count(&format!("{name}s")) < 200_000
    };
    // An ordinary English content word (about the 30,000 commonest: "hailed", "missile").
    let common =
        |word: &str| word.len() >= 4 && lex.count(word) >= 500_000 && !lex.is_function_word(word);
    // Name first: "Northsmissile" (not before another name: "Wolfsberg Group" is one).
    let before_name = next.is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()));
    for (i, _) in w
        .match_indices('s')
        .filter(|&(i, _)| i >= 3 && !before_name)
    {
        let (name, word) = (&w[..i], &w[i + 1..]);
        if known_name(name) && word.bytes().all(|b| b.is_ascii_lowercase()) && common(word) {
            return Some((i + 1, i));
        }
    }
    // Word first: "hailedPutins" before a lower-case word.
    let cut = w
        .find(|c: char| c.is_ascii_uppercase())
        .filter(|&c| c >= 3)?;
    let (word, name_s) = (&w[..cut], &w[cut..]);
    let name = name_s.strip_suffix('s')?;
    let followed = next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_lowercase()));
    (followed && known_name(name) && common(word) && word.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some((cut, w.len() - 1))
}

/// Code: "digitalWrite(", "obj.method", "x=y".
/// The number that follows a run's chunk after a space ("72-hour" in "begana 72-hour"),
/// which the letter runs leave out.
fn number_after<'a>(paragraph: &'a str, run: &Run) -> Option<&'a str> {
    if !run.chunk_end {
        return None;
    }
    let rest = paragraph[run.start + run.text.len()..].strip_prefix(' ')?;
    let chunk = rest.split_whitespace().next()?;
    chunk
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(chunk)
}

fn looks_like_code(paragraph: &str, run: &Run) -> bool {
    let after = paragraph[run.start + run.text.len()..].chars().next();
    let before = paragraph[..run.start].chars().next_back();
    matches!(after, Some('(' | '=' | '[' | '{' | '<'))
        || matches!(before, Some('.' | '=' | '$' | '<' | '/' | '&'))
}

/// log10 probability of a piece as a word, or None if it is not a word.
fn piece_score(piece: &str, lex: &Lexicon, stats: &WordStats) -> Option<f64> {
    let n = piece.chars().count();
    if n == 1 {
        // Only the one-letter words "a" and "I".
        return match piece {
            "a" | "A" => Some((lex.count("a") as f64).log10() - lex.log_uni_total),
            "I" => Some((lex.count("i") as f64).log10() - lex.log_uni_total),
            _ => None,
        };
    }
    if piece.starts_with(is_apostrophe) || piece.ends_with(is_apostrophe) {
        return None;
    }
    if possessive_stem(piece).is_some_and(|s| s.chars().count() < 2) {
        return None;
    }
    if !well_cased(piece) {
        return None;
    }
    let lc = lex.count(piece);
    if n == 2 && lc < TWO_LETTER_COUNT {
        return None;
    }
    let seen = stats.seen(piece);
    let from_lex = (lc > 0).then(|| (lc as f64).log10() - lex.log_uni_total);
    let from_corpus =
        (n >= 3 && seen.all >= 1).then(|| (seen.all as f64).log10() - stats.log_total());
    match (from_lex, from_corpus) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// lower, Capitalised or ALL CAPS (a piece with inner capitals needs a cut of its own).
fn well_cased(piece: &str) -> bool {
    let mut letters = piece.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return true;
    };
    let rest_upper = piece
        .chars()
        .skip(1)
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let rest_lower = piece
        .chars()
        .skip(1)
        .filter(|c| c.is_alphabetic())
        .all(char::is_lowercase);
    if rest_lower || (first.is_uppercase() && rest_upper) {
        return true;
    }
    // "McCartney", "MacArthur".
    ["Mc", "Mac"].iter().any(|p| {
        piece
            .strip_prefix(p)
            .is_some_and(|rest| well_cased(rest) && rest.starts_with(char::is_uppercase))
    })
}

fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

/// Case-change bonus for a cut between `l` and `r` (original case).
fn case_score(l: &str, r: &str) -> f64 {
    let (Some(lc), Some(rc)) = (l.chars().last(), r.chars().next()) else {
        return 0.0;
    };
    let r_all_upper = r.chars().all(is_upper);
    let l_all_upper = l.chars().all(is_upper);
    if lc.is_lowercase() && rc.is_uppercase() {
        // "iPhone", "eBay": a single lower-case letter is a prefix, not a word ("a" is).
        if l.chars().count() == 1 {
            return if l == "a" { 0.0 } else { f64::NEG_INFINITY };
        }
        // "McDonald", "MacArthur", "DeSantis"-style name prefixes.
        if matches!(
            l,
            "Mc" | "Mac" | "De" | "Di" | "La" | "Le" | "Van" | "Von" | "Du"
        ) {
            return f64::NEG_INFINITY;
        }
        return PARAMS.case_bonus;
    }
    if lc.is_uppercase() && rc.is_lowercase() {
        if matches!(l, "A" | "I") || l.ends_with(" A") {
            return 0.0;
        }
        // Cutting "NorthKorean" as "NorthK orean", or an acronym from its lower-case tail.
        // An acronym before a lower-case word ("SFwill"); "URLs", "PDFs" have no word after.
        if l_all_upper
            && l.chars().count() >= 2
            && r.chars().count() >= 3
            && r.chars().all(char::is_lowercase)
        {
            return 0.0;
        }
        return f64::NEG_INFINITY;
    }
    if lc.is_uppercase() && rc.is_uppercase() {
        // Inside an all-caps stretch: only if the whole token is upper case ("THEHOUSE").
        if l_all_upper && r_all_upper {
            return 0.0;
        }
        // "ABCNews": cut before the capital that starts a lower-case word.
        if r.chars().nth(1).is_some_and(char::is_lowercase) && l_all_upper && r.chars().count() >= 3
        {
            return PARAMS.case_bonus;
        }
        return f64::NEG_INFINITY;
    }
    // lower | lower
    if r.chars().skip(1).any(is_upper) && !r_all_upper {
        // "theNorthKorean": leave inner capitals to their own cut.
        return 0.0;
    }
    0.0
}

/// A cut at a lower->Upper change ("toKim", "NorthKorean") needs more than the case change,
/// since brands and code are written that way ("HomeShield", "userInput"): a very common
/// lower-case word on the left, or a right half the corpus uses capitalised on its own, or a
/// known bigram.
fn camel_ok(l: &str, r: &str, title: bool, lex: &Lexicon, stats: &WordStats) -> bool {
    let (Some(lc), Some(rc)) = (l.chars().last(), r.chars().next()) else {
        return true;
    };
    if !(lc.is_lowercase() && rc.is_uppercase()) {
        return true;
    }
    if lex.is_function_word(l) {
        return true;
    }
    let l_lower = l.chars().next().is_some_and(char::is_lowercase);
    if l_lower {
        return lex.count(l) >= CAMEL_LEFT_COUNT;
    }
    // Both capitalised ("NorthKorean", but also "HashMap", "JetBrains"): a known bigram, or
    // the corpus writes these letters as two words elsewhere.
    // Or both halves are names in this corpus: seen standalone, mostly capitalised.
    let base = possessive_stem(r).unwrap_or(r);
    let name_like = |x: &str| {
        let seen = stats.seen(x);
        seen.cap >= 1 && seen.cap * 4 >= seen.all * 3
    };
    title
        || lex.bigram(l, base) > 0
        || stats.pair_count(&[l, r].concat()) > 0
        || (name_like(l) && name_like(base))
}

/// Lexicon count a lower-case word needs to stand before a capitalised one ("toKim").
const CAMEL_LEFT_COUNT: u64 = 100_000_000;

/// An all-capitals piece after a lower-case word ("ByABC"): an acronym the lexicon lacks.
fn acronym(l: &str, r: &str) -> Option<f64> {
    let n = r.chars().count();
    let acr = (2..=5).contains(&n) && r.chars().all(is_upper);
    (acr && l.chars().last().is_some_and(char::is_lowercase)).then_some(ACRONYM_SCORE)
}

/// An acronym piece scored from the corpus when it is used there on its own.
fn acronym_score(piece: &str, stats: &WordStats) -> f64 {
    let seen = stats.seen(piece);
    if seen.cap >= 3 {
        ((seen.cap as f64).log10() - stats.log_total()).max(ACRONYM_SCORE)
    } else {
        ACRONYM_SCORE
    }
}

/// Lexicon count a two-letter piece needs (common words only: "of", "to", "in"...).
const TWO_LETTER_COUNT: u64 = 300_000_000;

/// An all-capitals piece before a word ("SFwill", "AICollaboration").
fn left_acronym(l: &str, r: &str) -> Option<f64> {
    let n = l.chars().count();
    let acr = (2..=5).contains(&n) && l.chars().all(is_upper);
    let word_after = r.chars().count() >= 3 && r.chars().skip(1).all(char::is_lowercase);
    (acr && word_after).then_some(ACRONYM_SCORE)
}

/// log10 probability given to an unknown acronym.
const ACRONYM_SCORE: f64 = -7.0;

/// Closed-class words that never start or end a compound ("onwards", "into", "automata"
/// and "besties" are why "on", "to", "in", "a", "be" are not among them).
const CLOSED_CLASS: &[&str] = &[
    "the", "and", "or", "of", "for", "with", "from", "as", "is", "are", "was", "were", "it", "its",
    "this", "that", "these", "those", "not", "but", "has", "have", "had", "our", "your", "their",
    "his", "we", "you", "they", "can", "will", "would", "should", "could", "than", "also", "very",
    "such", "which", "what", "when", "where", "how", "who", "more", "most", "some", "any", "all",
    "each", "both", "about", "into", "onto", "by", "at", "an",
];

/// A cut between a closed-class word and a known word of four letters or more.
fn plain_function_cut(l: &str, r: &str, lex: &Lexicon) -> bool {
    let closed = |x: &str| CLOSED_CLASS.iter().any(|c| c.eq_ignore_ascii_case(x));
    let known = |x: &str| x.chars().count() >= 4 && lex.contains(x);
    (closed(l) && known(r)) || (closed(r) && known(l))
}

/// A lower-case token seen this often may still be a recurring damaged phrase.
const FEW_SIGHTINGS: u32 = 3;

/// Longest token (in characters) the split search looks at. Three glued words are rarely
/// longer than 45 letters; past that a token is a URL, a code or garbage, and the search
/// (quadratic in the cut points) would only cost time and memory.
const MAX_SPLIT_CHARS: usize = 64;

/// Score of "a" before a word neither the lexicon nor the corpus knows (itself damaged,
/// "a diversecollection", or rare).
const A_BEFORE_UNKNOWN: f64 = -2.0;

/// Word-forming prefixes and suffixes: "overbuild", "reupholster", "microstructural" are
/// words even when the lexicon lacks them.
const PREFIXES: &[&str] = &[
    "re", "de", "un", "in", "im", "il", "ir", "dis", "non", "pre", "post", "pro", "anti", "co",
    "sub", "super", "inter", "intra", "multi", "micro", "macro", "nano", "mini", "mega", "over",
    "under", "out", "up", "down", "mis", "semi", "trans", "ultra", "hyper", "cyber", "bio", "eco",
    "geo", "auto", "self", "mid", "cross", "back", "off", "with",
];
const SUFFIXES: &[&str] = &[
    "s", "es", "ed", "er", "ers", "ing", "ings", "ly", "less", "ness", "ful", "able", "ible",
    "ment", "ments", "ship", "like", "wise", "ism", "ist", "ists", "ize", "ise", "ized", "ized",
    "ify", "ity", "al", "als", "ic", "ics", "ous", "ive", "ward", "wards", "hood", "dom", "ify",
    "man", "men", "ins", "ups", "outs", "on", "a", "o", "us", "um", "ia", "an", "ans",
    // name endings
    "son", "sen", "ton", "ville", "berg", "stein", "burg", "land", "ford", "field", "wood", "worth",
    "ley", "by", "ham", "more", "way", "stone",
];

/// Penalty for a cut that reads as prefix + stem or stem + suffix, and the condition on a
/// one-letter "a" piece (it needs a known bigram with its neighbour).
fn affix_score(
    l: &str,
    r: &str,
    prev: Option<&str>,
    next: Option<&str>,
    lex: &Lexicon,
    stats: &WordStats,
) -> f64 {
    let ll = l.to_lowercase();
    let rl = r.to_lowercase();
    if rl == "a" {
        // "begana historic": "a" must be followed by a word, best one it is often followed by.
        return match next {
            Some(nx) if nx.chars().next().is_some_and(char::is_lowercase) => {
                let base = possessive_stem(nx).unwrap_or(nx);
                if lex.bigram("a", nx) > 0 {
                    0.0
                } else if lex.is_function_word(base) {
                    f64::NEG_INFINITY
                } else if lex.contains(base) || stats.seen(base).all >= 2 {
                    // The lexicon lacks many words ("labor", "codebook"): the corpus has them.
                    -1.0
                } else {
                    A_BEFORE_UNKNOWN
                }
            }
            // "begana 72-hour strike": "a" before a number reads well.
            Some(nx) if nx.starts_with(|c: char| c.is_ascii_digit()) => A_BEFORE_NUMBER,
            // "Daniela Rossi", "Moderna Inc": a capitalised word ending in "a" before a name.
            // (Title case, "Working Witha Partner", is fine.)
            Some(nx) if nx.chars().next().is_some_and(char::is_uppercase) => {
                let prev_lower =
                    prev.is_some_and(|p| p.chars().next().is_some_and(char::is_lowercase));
                if prev_lower && l.chars().next().is_some_and(char::is_uppercase) {
                    f64::NEG_INFINITY
                } else {
                    -1.5
                }
            }
            _ => f64::NEG_INFINITY,
        };
    }
    if l == "I" && lex.bigram("i", &rl) == 0 {
        return f64::NEG_INFINITY;
    }
    if ll == "a" {
        if lex.bigram("a", &rl) > 0 || r.chars().next().is_some_and(char::is_uppercase) {
            return 0.0;
        }
        return f64::NEG_INFINITY;
    }
    let mut s = 0.0;
    let lower_join = r.chars().next().is_some_and(char::is_lowercase);
    if lower_join && PREFIXES.contains(&ll.as_str()) && !lex.is_function_word(&rl) {
        s -= PARAMS.affix_penalty;
    }
    if lower_join && SUFFIXES.contains(&rl.as_str()) {
        s -= PARAMS.affix_penalty;
    }
    s
}

/// Inflectional endings and what they replace: "livestreams" is "livestream" + "s",
/// "reframed" is "reframe" + "d".
const INFLECTIONS: &[(&str, &str)] = &[
    ("s", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("ers", ""),
    ("ly", ""),
    ("ies", "y"),
    ("ied", "y"),
];

/// Byte length of the longest beginning of `w` that is an inflected word ("livestream" in
/// "livestreams", "jumpstart" in "jumpstarted"): a lexicon word, or one the corpus uses on
/// its own (at least twice, and not mostly as two words). A compound the lexicon lacks is
/// often found that way; a cut inside it is not a lost space.
fn word_stem_len(w: &str, lex: &Lexicon, stats: &WordStats) -> usize {
    let mut best = 0;
    for &(suf, rep) in INFLECTIONS {
        let Some(stem) = w.strip_suffix(suf) else {
            continue;
        };
        if stem.len() <= best || stem.chars().count() < 4 {
            continue;
        }
        let k = key_cat(stem, rep);
        let known = lex.unigrams.contains_key(&k) || {
            let seen = stats.words.get(&k).copied().unwrap_or_default();
            let pairs = stats.pairs.get(&k).copied().unwrap_or(0);
            seen.all >= 2 && pairs.saturating_mul(4) <= seen.all
        };
        if known {
            best = stem.len();
        }
    }
    best
}

/// A cut inside an inflected word found by [`word_stem_len`], between two content words.
fn inside_stem(c: usize, stem_len: usize, l: &str, r: &str, lex: &Lexicon) -> bool {
    c + 2 <= stem_len
        && l.chars().last().is_some_and(char::is_lowercase)
        && r.chars().next().is_some_and(char::is_lowercase)
        && !lex.is_function_word(l)
        && !lex.is_function_word(r)
}

/// A capitalised token cut into an unknown-looking name part and a short word ("Rocher" as
/// "Roc her", "Daniela" as "Daniel a", "Crypton" as "Crypt on"): names end that way far more
/// often than a lost space does. The left part must be a capitalised word the corpus uses
/// on its own, or a longer word it knows.
fn name_tail(l: &str, r: &str, lex: &Lexicon, stats: &WordStats) -> bool {
    let name = l.chars().next().is_some_and(char::is_uppercase)
        && l.chars().skip(1).all(char::is_lowercase)
        && r.chars().all(char::is_lowercase);
    if !name || r.chars().count() > 3 || lex.is_function_word(l) {
        return false;
    }
    // "Robthe", "Weedand": the commonest words are not name endings.
    if r.chars().count() == 3 && lex.count(r) >= 2_000_000_000 {
        return false;
    }
    let seen = stats.seen(l);
    seen.cap < 2 && ((seen.all == 0 && !lex.contains(l)) || l.chars().count() <= 4)
}

/// "You"+"Tube", "Java"+"Script": capitalised halves that make a known word together.
fn is_camel_word(m: &str, r: &str, lex: &Lexicon, stats: &WordStats) -> bool {
    let camel = m.chars().last().is_some_and(char::is_lowercase)
        && r.chars().next().is_some_and(char::is_uppercase);
    if !camel {
        return false;
    }
    let j = [m, r].concat();
    lex.contains(&j) || stats.seen(&j).all >= 2
}

/// Penalty for a cut that no bigram or function word supports: two content words side by
/// side read as a compound ("timelapse", "chipmaker") or a name ("Jinping") more often than
/// as a lost space, unless the corpus knows both halves as standalone words.
fn evidence_penalty(
    w: &str,
    l: &str,
    r: &str,
    pairs: u32,
    lex: &Lexicon,
    stats: &WordStats,
) -> f64 {
    if pairs > 0 || lex.is_function_word(l) || lex.is_function_word(r) {
        return 0.0;
    }
    let base_r = possessive_stem(r).unwrap_or(r);
    if lex.bigram(l, base_r) > 0 {
        return 0.0;
    }
    let mut p = PARAMS.content_penalty;
    let capitalised = w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).all(|c| !c.is_uppercase());
    if capitalised {
        // Both pieces used as words in the corpus; a very common word ("along") needs no
        // sighting, or a name glued to it in a small batch would stay unsplit.
        let used = |x: &str| stats.seen(x).all >= 2 || lex.count(x) >= COMMON_WORD;
        let attested = stats.seen(l).all >= 2 && used(base_r);
        if !attested {
            p += PARAMS.name_penalty;
        }
    }
    p
}

/// [`piece_score`] of the pieces of one token between its cut points, each computed once:
/// the split search asks for the same pieces again and again (every three-piece split
/// shares its last piece with others).
struct Pieces<'a> {
    w: &'a str,
    /// Byte offsets of the boundaries: 0, each cut, the token's length.
    at: Vec<usize>,
    /// Score of the piece between boundaries `i` and `j`, at `i * at.len() + j`, once asked.
    scores: Vec<Option<Option<f64>>>,
    lex: &'a Lexicon,
    stats: &'a WordStats,
}

impl<'a> Pieces<'a> {
    fn new(w: &'a str, cuts: &[usize], lex: &'a Lexicon, stats: &'a WordStats) -> Self {
        let mut at = Vec::with_capacity(cuts.len() + 2);
        at.push(0);
        at.extend_from_slice(cuts);
        at.push(w.len());
        let n = at.len();
        Pieces {
            w,
            at,
            scores: vec![None; n * n],
            lex,
            stats,
        }
    }

    fn score(&mut self, i: usize, j: usize) -> Option<f64> {
        let n = self.at.len();
        *self.scores[i * n + j].get_or_insert_with(|| {
            piece_score(&self.w[self.at[i]..self.at[j]], self.lex, self.stats)
        })
    }
}

/// Find where to cut an unknown token, as byte offsets into it.
fn best_split(
    w: &str,
    prev: Option<&str>,
    next: Option<&str>,
    english: bool,
    lex: &Lexicon,
    stats: &WordStats,
) -> Option<Vec<usize>> {
    let n_chars = w.chars().count();
    if !(2..=MAX_SPLIT_CHARS).contains(&n_chars) {
        return None;
    }
    // "Hillman's": judge the name without its possessive ending.
    let base = possessive_stem(w).unwrap_or(w);
    if base != w && lex.contains(base) {
        return None;
    }
    let seen = stats.seen(base);
    let pairs = stats.pair_count(w);
    // Seen elsewhere as a word, and not more often written as two words: it is a word.
    // Except a lower-case token seen only a few times, cut next to a function word
    // ("orrequirements", "mushroomsand"): the same damaged sentence recurs in a batch.
    let lower = w.chars().all(|c| !c.is_uppercase());
    let function_cuts_only = seen.all >= 2 && pairs < seen.all;
    if function_cuts_only && !(lower && seen.all <= FEW_SIGHTINGS) {
        return None;
    }
    // Outside English text only corpus evidence may split.
    if !english && pairs == 0 {
        return None;
    }
    // All capitals: short ones are acronyms ("DIAAS", "ITIN").
    let all_caps = w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    if all_caps && n_chars <= 7 {
        return None;
    }
    // Candidate cut positions: between two letters (not next to an apostrophe).
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut cuts: Vec<usize> = Vec::new();
    for i in 1..chars.len() {
        let (a, b) = (chars[i - 1].1, chars[i].1);
        if a.is_alphabetic() && b.is_alphabetic() {
            cuts.push(chars[i].0);
        }
    }
    let stem_len = word_stem_len(w, lex, stats);
    let mut best: Option<(f64, Vec<usize>)> = None;
    // Among capitalised words (a heading, a run of names): "Nutrition Policy".
    let capitalised = |x: Option<&str>| {
        x.and_then(|x| x.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let title = capitalised(prev) || capitalised(next);
    // A capitalised token inside a sentence ("said Capterra") is a name: it was cut from a
    // lost space only if its first piece is itself a name here ("visit Putinalong").
    let lower_prev = prev
        .and_then(|p| p.chars().next())
        .is_some_and(char::is_lowercase);
    let inner_name = lower_prev
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).all(|c| !c.is_uppercase());
    let name_piece = |x: &str| {
        let seen = stats.seen(x);
        seen.cap >= 1 && seen.cap * 2 >= seen.all
    };
    let pair_bonus = if pairs > 0 { PARAMS.pair_bonus } else { 0.0 };
    let ctx = |first: &str, last: &str| {
        let mut s = 0.0;
        if let Some(p) = prev {
            s += lex.assoc(p, first).max(0.0);
        }
        if let Some(nx) = next {
            s += lex.assoc(last, nx).max(0.0);
        }
        s * PARAMS.assoc_weight
    };
    // Pieces by boundary index: 0 is the token's start, ci + 1 the cut `cuts[ci]`, `end` its
    // end. Every check is pure, so the cheap ones (a piece that is no word, most of them) run
    // first; their order does not change the result.
    let end = cuts.len() + 1;
    let mut pieces = Pieces::new(w, &cuts, lex, stats);
    for (ci, &c) in cuts.iter().enumerate() {
        let (l, r) = (&w[..c], &w[c..]);
        let Some(pl) = pieces
            .score(0, ci + 1)
            .or_else(|| left_acronym(l, r).map(|_| acronym_score(l, stats)))
        else {
            continue;
        };
        let mut cs = case_score(l, r) + affix_score(l, r, prev, next, lex, stats);
        if cs == f64::NEG_INFINITY {
            continue;
        }
        if all_caps && (l.chars().count() < 3 || r.chars().count() < 3) {
            continue;
        }
        if all_caps {
            cs -= 1.0;
        }
        if !camel_ok(l, r, title, lex, stats) {
            continue;
        }
        if inner_name && !name_piece(l) {
            continue;
        }
        if inside_stem(c, stem_len, l, r, lex) {
            continue;
        }
        if function_cuts_only && !plain_function_cut(l, r, lex) {
            continue;
        }
        if let Some(pr) = pieces
            .score(ci + 1, end)
            .or_else(|| acronym(l, r).map(|_| acronym_score(r, stats)))
        {
            // A neighbour that expects a piece ("to" + "mend") is evidence for the cut too.
            let context = ctx(l, r);
            let support = if context >= PARAMS.context_support {
                0.0
            } else {
                1.0
            };
            let s = pl + pr + cs + pair_bonus + PARAMS.assoc_weight * lex.assoc(l, r) + context
                - support * evidence_penalty(w, l, r, pairs, lex, stats);
            if !name_tail(l, r, lex, stats) && best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, vec![c]));
            }
        }
        // Three pieces.
        if function_cuts_only {
            continue;
        }
        for (cj, &c2) in cuts.iter().enumerate().skip(ci + 1) {
            let (m, r) = (&w[c..c2], &w[c2..]);
            let (Some(pm), Some(pr)) = (pieces.score(ci + 1, cj + 1), pieces.score(cj + 1, end))
            else {
                continue;
            };
            let cs2 = case_score(m, r) + affix_score(m, r, None, next, lex, stats);
            if cs2 == f64::NEG_INFINITY {
                continue;
            }
            // Two one-letter pieces side by side ("A|I|coaching") are never right.
            if m.chars().count() == 1 && (l.chars().count() == 1 || r.chars().count() == 1) {
                continue;
            }
            if is_camel_word(m, r, lex, stats) {
                continue;
            }
            // "importancecannot": a word split in two is not a third lost space.
            if stats.whole_word(key(&w[c..]), lex) || stats.whole_word(key(&w[..c2]), lex) {
                continue;
            }
            if name_tail(l, m, lex, stats)
                || inside_stem(c, stem_len, l, m, lex)
                || inside_stem(c2, stem_len, m, r, lex)
            {
                continue;
            }
            let s = pl + pm + pr + cs + cs2
                - PARAMS.piece_penalty
                - evidence_penalty(w, l, m, pairs, lex, stats)
                - evidence_penalty(w, m, r, pairs, lex, stats)
                + PARAMS.assoc_weight * (lex.assoc(l, m) + lex.assoc(m, r))
                + ctx(l, r);
            if best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, vec![c, c2]));
            }
        }
    }
    let (score, cuts) = best?;
    (score > PARAMS.threshold).then_some(cuts)
}

/// Where to put a lost possessive apostrophe ("Putins swing" -> "Putin's swing"), if the
/// evidence is clear.
fn possessive(
    run: &Run,
    idx: usize,
    runs: &Runs,
    text: &str,
    lex: &Lexicon,
    stats: &WordStats,
) -> Option<usize> {
    let w = run.text;
    let first = w.chars().next()?;
    if !first.is_uppercase() || w.chars().count() < 4 || !w.ends_with('s') || w.ends_with("ss") {
        return None;
    }
    if w.chars().skip(1).any(char::is_uppercase) || w.contains(is_apostrophe) {
        return None;
    }
    // Followed by a word in the same sentence: nothing but one space between.
    let next = runs.get(idx + 1)?;
    if !run.chunk_end || !next.chunk_start || !next.space_before || next.skip {
        return None;
    }
    if run.start + w.len() + 1 != next.start {
        return None;
    }
    // "the Koreas are", "Democrats and": a function word after it reads as a plural.
    if lex.is_function_word(next.text) {
        return None;
    }
    // "the two Koreas": a number or quantity before it reads as a plural.
    if idx > 0 {
        let p = runs.at(idx - 1).text.to_lowercase();
        if matches!(
            p.as_str(),
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "both"
                | "several"
                | "many"
                | "all"
                | "these"
                | "those"
                | "some"
                | "few"
                | "other"
                | "various"
                | "most"
                | "no"
        ) {
            return None;
        }
    }
    if text[..run.start]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let stem = &w[..w.len() - 1];
    // The -s form is not itself a common word ("News", "States", "Americans").
    if lex.count(w) >= COMMON_S_FORM {
        return None;
    }
    let s_seen = stats.seen(w);
    let stem_seen = stats.seen(stem);
    // The stem is a known word or a name the corpus uses standalone, capitalised.
    let stem_known = lex.count(stem) >= 1_000_000 || (stem_seen.cap >= 2);
    if !stem_known {
        return None;
    }
    // The corpus writes the stem with a possessive, or never uses the -s form as a plural
    // elsewhere (more often than the stem itself).
    let mut poss = String::with_capacity(stem.len() + 2);
    poss.push_str(stem);
    poss.push_str("'s");
    let poss_seen = stats.seen(&poss);
    if s_seen.all > stem_seen.all.max(1) && poss_seen.all == 0 {
        return None;
    }
    Some(run.start + stem.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What repair would make of `text` in a document that shows damage, with corpus evidence
    /// from `text` plus `other` (the rest of a batch): the split decisions alone.
    fn fix_with(text: &str, other: &[&str]) -> String {
        let lex = Lexicon::bundled();
        let mut st = WordStats::default();
        st.observe(text);
        for o in other {
            st.observe(o);
        }
        text.split('\n')
            .map(|p| plan(p, lex, &st).apply(p).unwrap_or_else(|| p.to_string()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn fix(text: &str) -> String {
        fix_with(text, &[])
    }

    #[test]
    fn a_lost_space_before_a_number_comes_back() {
        assert_eq!(
            fix("Dockworkers begana 72-hour strike at midnight."),
            "Dockworkers began a 72-hour strike at midnight."
        );
    }

    #[test]
    fn splits_run_together_words() {
        assert_eq!(
            fix("The talks begana historic week."),
            "The talks began a historic week."
        );
        assert_eq!(
            fix("The NorthKorean leader spoke."),
            "The North Korean leader spoke."
        );
        assert_eq!(
            fix("He dug in theheels of the plan."),
            "He dug in the heels of the plan."
        );
        assert_eq!(fix("Putinalong with others."), "Putin along with others.");
        assert_eq!(
            fix("He wrote toKim last week."),
            "He wrote to Kim last week."
        );
        assert_eq!(fix("ByABC staff"), "By ABC staff");
        assert_eq!(fix("I need toknow the answer"), "I need to know the answer");
    }

    #[test]
    fn spaces_lost_before_years_come_back() {
        assert_eq!(
            fix("It has kept away since1995, in2001 too."),
            "It has kept away since 1995, in 2001 too."
        );
        // Numbers, codes and addresses stay as they are.
        for same in [
            "Costs rose to 1,000 dollars.",
            "See example.com,a or x,y.",
            "The G8 met in 1990.",
        ] {
            assert_eq!(fix(same), same);
        }
    }

    #[test]
    fn a_name_the_batch_knows_comes_off_a_common_word() {
        // A small batch: "Putin" is a word here; "along" is common English.
        let other = ["Putin arrived.", "Putin met Kim.", "Putin left early."];
        assert_eq!(
            fix_with("Crowds came to welcome Putinalong his route.", &other),
            "Crowds came to welcome Putin along his route."
        );
    }

    #[test]
    fn a_lost_possessive_glued_to_a_word_is_repaired() {
        let other = [
            "North Korea and the North agreed.",
            "The North said so.",
            "Putin spoke.",
            "Putin left.",
        ];
        assert_eq!(
            fix_with("They discussed the Northsmissile capability.", &other),
            "They discussed the North's missile capability."
        );
        assert_eq!(
            fix_with("The paper hailedPutins visit as important.", &other),
            "The paper hailed Putin's visit as important."
        );
        // A plural name before a verb, or a name the batch does not know, stays as it is.
        assert_eq!(
            fix_with("Crowds cheered the Kims.", &other),
            "Crowds cheered the Kims."
        );
    }

    #[test]
    fn context_picks_the_cut() {
        // "mend strained" beats "mends trained": the batch has the pair as two words.
        let other = [
            "Relations were strained.",
            "They tried to mend strained ties.",
        ];
        assert_eq!(
            fix_with("They hope to mendstrained relations soon.", &other),
            "They hope to mend strained relations soon."
        );
    }

    #[test]
    fn corpus_evidence_splits_names() {
        // "Reuters" and "Writers Reuters" are known from other articles of the batch.
        let other = [
            "By Staff Writers Reuters",
            "Reuters said on Monday.",
            "Reuters reported.",
        ];
        assert_eq!(
            fix_with("Staff WritersReuters", &other),
            "Staff Writers Reuters"
        );
        // A name the lexicon lacks, used elsewhere in the batch.
        let other = [
            "Ushakov told reporters.",
            "Ushakov declined to comment.",
            "He said no.",
            "She said yes.",
        ];
        assert_eq!(
            fix_with("Kremlin aide Ushakovsaid the talks went well.", &other),
            "Kremlin aide Ushakov said the talks went well."
        );
    }

    #[test]
    fn leaves_names_urls_and_ids_alone() {
        for t in [
            "Talks in Pyongyang resumed.",
            "Kremlin aide Yuri Ushakov said so.",
            "Read more at thewest.com.au today.",
            "See https://example.org/newsroom/latestnews for details.",
            "Write to newsdesk@example.org please.",
            "Trending: #breakingnews and @newsroomdesk",
            "Her iPhone and his YouTube channel.",
            "A McDonald restaurant, a JavaScript bug, a PowerPoint deck.",
            "Order ABC123def was shipped with id x9kqz.",
            "Figures rose 12.5% to 3,400 in 2024.",
            "The Koreas held talks; the two Koreas agreed.",
        ] {
            assert_eq!(fix(t), t, "changed: {t}");
        }
    }

    #[test]
    fn name_tails_and_inflected_compounds_stay_whole() {
        // Unknown names ending in a short word, and plurals of known compounds.
        let other = [
            "The skillset matters.",
            "A skillset helps.",
            "Her skillset grew.",
        ];
        for t in [
            "We met director Korvana Smith there.",
            "He spoke with Jarlon at noon.",
            "Teams listed their skillsets in the form.",
        ] {
            assert_eq!(fix_with(t, &other), t, "changed: {t}");
        }
    }

    #[test]
    fn names_seen_in_corpus_are_not_split() {
        let other = [
            "Acme launched Brightwater.",
            "Brightwater sales rose.",
            "The Brightwater app.",
        ];
        let t = "Customers like Brightwater more.";
        assert_eq!(fix_with(t, &other), t);
    }

    #[test]
    fn restores_possessives() {
        let other = [
            "The North has tested missiles.",
            "Officials in the North said so.",
            "Putin met the envoy. Putin said yes.",
            "Russia and its allies. Russia said no.",
        ];
        assert_eq!(
            fix_with("the Norths official news agency reported", &other),
            "the North's official news agency reported"
        );
        assert_eq!(
            fix_with("a Putins swing through Asia", &other),
            "a Putin's swing through Asia"
        );
        assert_eq!(
            fix_with("according to Russias Itar-Tass agency", &other),
            "according to Russia's Itar-Tass agency"
        );
    }

    #[test]
    fn keeps_plurals() {
        let other = [
            "Korea and Korea.",
            "America is big. America votes.",
            "Democrat Smith.",
        ];
        for t in [
            "Talks between the two Koreas.",
            "Both Koreas are wary.",
            "Americans say they agree.",
            "Democrats won the vote.",
            "The News reported that United States officials agreed.",
        ] {
            assert_eq!(fix_with(t, &other), t, "changed: {t}");
        }
    }

    #[test]
    fn clean_text_is_unchanged() {
        let t = "The minister arrived in Seoul on Tuesday for talks with his counterpart.\n\
                 Officials said the meeting, the first in two years, would focus on trade,\n\
                 energy and security — and on a possible summit later this year.";
        assert_eq!(fix(t), t);
        // Idempotent on repaired text too.
        let damaged = "The talks begana historic week in theheels of the summit toshow resolve.";
        let lex = Lexicon::bundled();
        let mut st = WordStats::default();
        st.observe(damaged);
        let a = repair(damaged, lex, &st);
        assert_ne!(a, damaged);
        assert_eq!(repair(&a, lex, &st), a);
    }

    /// Repair acts only in a document with enough sure signs of lost spaces: guesses
    /// ("FamilyCare", "webhook") are left alone in text that shows none, and made where it does.
    #[test]
    fn only_damaged_documents_are_repaired() {
        let lex = Lexicon::bundled();
        let guesses = "The FamilyCare team shipped a webhook for the roadmap.";
        let signs = [
            "Talks begana week of meetings.",
            "Officials met toshow resolve.",
            "The deal was signed in1990 after talks.",
        ];
        let stats = |texts: &[&str]| {
            let mut st = WordStats::default();
            texts.iter().for_each(|t| st.observe(t));
            st
        };
        let st = stats(&[guesses]);
        assert_eq!(repair_document(&[guesses], lex, &st), vec![guesses]);
        // Two distinct signs are not enough; one sign written three times is one.
        let few = [guesses, signs[0], signs[1]];
        assert_eq!(repair_document(&few, lex, &stats(&few)), few);
        let habit = [guesses, signs[0], signs[0], signs[0]];
        assert_eq!(repair_document(&habit, lex, &stats(&habit)), habit);
        let all = [guesses, signs[0], signs[1], signs[2]];
        let fixed = repair_document(&all, lex, &stats(&all));
        assert_eq!(fixed[1], "Talks began a week of meetings.");
        assert_eq!(fixed[3], "The deal was signed in 1990 after talks.");
    }

    #[test]
    fn repair_from_noted_words_is_repair() {
        let lex = Lexicon::bundled();
        let paragraphs = [
            "Putin begana historic visit to mend strained ties with the NorthKorean leader.",
            "Putins visit came after talks in1990 and ByABC News reporters said so.",
            "The Norths missile tests worried Seoul; see https://example.com/a_b or mail x@y.z.",
            "Der Besuch begann am Mittwoch in Pjöngjang und dauerte zwei Tage lang.",
            "Kim and Putin hailedPutins visit, a diversecollection of ina words asa test.",
            "",
        ];
        let mut stats = WordStats::default();
        let mut tokens = Tokens::default();
        let mut keys = Vec::new();
        for p in paragraphs {
            stats.observe_words_noting(p, &mut keys, lex, &mut tokens);
        }
        let wanted = stats.pair_candidates(lex);
        stats.count_pairs(&keys, &wanted);
        assert_eq!(tokens.paragraphs(), paragraphs.len());
        let mut changed = 0;
        for (i, p) in paragraphs.iter().enumerate() {
            let noted = plan_noted(p, tokens.of(i), lex, &stats);
            let fresh = plan(p, lex, &stats);
            assert_eq!(noted.sure(), fresh.sure());
            let noted = noted.apply(p);
            changed += usize::from(noted.is_some());
            assert_eq!(noted, fresh.apply(p));
        }
        assert!(
            changed >= 3,
            "the damaged paragraphs are repaired ({changed})"
        );
    }

    #[test]
    fn ascii_letter_runs_agree_with_a_byte_loop() {
        let slow = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        // Every byte value, alone and at each position of a longer run of letters.
        for v in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'q'; 20];
                b[at] = v;
                assert_eq!(ascii_letters(&b), slow(&b), "byte {v:#x} at {at}");
                assert_eq!(ascii_letters(&b[..at + 1]), slow(&b[..at + 1]));
            }
        }
        for s in [
            "",
            "a",
            "Zebra",
            "aZ@[`{",
            "word, next",
            "abcdefghABCDEFGHxyz1",
        ] {
            assert_eq!(ascii_letters(s.as_bytes()), slow(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn stats_merge_adds_counts() {
        let mut a = WordStats::default();
        a.observe("alpha beta");
        let mut b = WordStats::default();
        b.observe("alpha gamma");
        a.merge(b);
        assert_eq!(a.seen("alpha").all, 2);
        assert_eq!(a.pair_count("alphabeta"), 1);
        assert_eq!(a.total, 4);
    }
}
