//! Timeline-summarisation measures: concatenation ROUGE, alignment ROUGE and Date-F1.
//!
//! These follow Martschat & Markert (2017), "Improving ROUGE for Timeline Summarization", as
//! their `tilse` package computes them and as `news-tls` (Ghalandari & Ifrim 2020) calls it:
//!
//! * **concat**: every daily summary of a timeline, in date order, is one text; ROUGE-N of the
//!   two texts.
//! * **align+ m:1** (the headline measure): each predicted date is linked to the reference date
//!   of least cost for precision, and each reference date to the predicted date of least cost
//!   for recall (many-to-one both ways; the first date wins a tie). The cost of a pair is
//!   `(1 - 1/(|days apart| + 1)) * (1 - F)`, with F a rough unigram F1 of the two summaries
//!   (whitespace tokens, case kept, no stemming). A linked pair adds its ROUGE hits weighted by
//!   `1/(|days apart| + 1)` to the numerator and its predicted (precision) or reference
//!   (recall) n-gram count to the denominator.
//! * **Date-F1**: the dates both timelines have, against each side's number of dates.
//!
//! ROUGE counts come from [`crate::rouge`], which reproduces ROUGE-1.5.5; [`score`] uses
//! Porter stemming with stop words removed, as tilse's evaluator does.
//!
//! A timeline may list a date twice; every measure here treats it as one date whose summary
//! is the sentences of both entries in file order.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{bail, Context};
use chrono::NaiveDate;

use crate::rouge::{rouge_tokens, NgramCounts, Prf, RougeCounts, RougeOptions};

/// A timeline: dates with the sentences of their daily summaries.
pub type Timeline = Vec<(NaiveDate, Vec<String>)>;

/// All the measures of one predicted timeline against one reference timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TlsScores {
    pub concat_r1: Prf,
    pub concat_r2: Prf,
    pub align_r1: Prf,
    pub align_r2: Prf,
    pub date_f1: Prf,
}

/// The shape of a reference timeline a system is asked to reproduce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReferenceShape {
    /// `T`: how many dates the reference has.
    pub dates: usize,
    /// `N`: the mean number of sentences a date, rounded half to even as Python's `round`.
    pub sentences_per_date: usize,
    /// The reference's first date.
    pub first: NaiveDate,
    /// The reference's last date.
    pub last: NaiveDate,
}

/// Sorted dates, each once, with their sentences.
fn by_date(tl: &Timeline) -> Vec<(NaiveDate, Vec<&str>)> {
    let mut days: BTreeMap<NaiveDate, Vec<&str>> = BTreeMap::new();
    for (date, sentences) in tl {
        days.entry(*date)
            .or_default()
            .extend(sentences.iter().map(String::as_str));
    }
    days.into_iter().collect()
}

/// How news-tls sizes a prediction from its reference: `T` = the number of dates, `N` = the
/// mean summary length in sentences rounded as Python rounds; with the first and last date.
/// `None` for a timeline without dates.
pub fn reference_shape(reference: &Timeline) -> Option<ReferenceShape> {
    let days = by_date(reference);
    let (first, last) = (days.first()?.0, days.last()?.0);
    let sentences: usize = days.iter().map(|(_, s)| s.len()).sum();
    let mean = sentences as f64 / days.len() as f64;
    Some(ReferenceShape {
        dates: days.len(),
        sentences_per_date: mean.round_ties_even() as usize,
        first,
        last,
    })
}

/// Date precision, recall and F1: shared dates over the predicted and the reference dates.
pub fn date_f1(pred: &Timeline, reference: &Timeline) -> Prf {
    let pred_dates: Vec<NaiveDate> = by_date(pred).into_iter().map(|(d, _)| d).collect();
    let ref_dates: Vec<NaiveDate> = by_date(reference).into_iter().map(|(d, _)| d).collect();
    let shared = pred_dates
        .iter()
        .filter(|d| ref_dates.binary_search(d).is_ok())
        .count();
    Prf::from_counts(
        shared as f64,
        pred_dates.len() as f64,
        ref_dates.len() as f64,
    )
}

/// ROUGE tokens of a run of sentences: the sentences joined into one text, as ROUGE-1.5.5
/// joins the sentences of a summary file.
fn tokens_of<'a>(sentences: impl IntoIterator<Item = &'a str>, opts: &RougeOptions) -> Vec<String> {
    sentences
        .into_iter()
        .flat_map(|s| rouge_tokens(s, opts))
        .collect()
}

/// Concatenation ROUGE-1 and ROUGE-2: all daily summaries of each timeline, in date order,
/// scored as one text against the other.
pub fn concat_rouge(pred: &Timeline, reference: &Timeline, opts: &RougeOptions) -> (Prf, Prf) {
    let pred_tokens = tokens_of(
        by_date(pred).iter().flat_map(|(_, s)| s.iter().copied()),
        opts,
    );
    let ref_tokens = tokens_of(
        by_date(reference)
            .iter()
            .flat_map(|(_, s)| s.iter().copied()),
        opts,
    );
    let score = |n| {
        RougeCounts::between(
            &NgramCounts::from_tokens(&pred_tokens, n),
            &NgramCounts::from_tokens(&ref_tokens, n),
        )
        .prf()
    };
    (score(1), score(2))
}

/// One timeline made ready for alignment: per date, the whitespace-token counts the cost
/// uses and the ROUGE unigrams and bigrams the scores use.
struct Prepared<'a> {
    dates: Vec<NaiveDate>,
    words: Vec<(HashMap<&'a str, usize>, usize)>,
    grams: Vec<[NgramCounts; 2]>,
}

impl<'a> Prepared<'a> {
    fn new(tl: &'a Timeline, opts: &RougeOptions) -> Prepared<'a> {
        let days = by_date(tl);
        let mut prepared = Prepared {
            dates: Vec::with_capacity(days.len()),
            words: Vec::with_capacity(days.len()),
            grams: Vec::with_capacity(days.len()),
        };
        for (date, sentences) in days {
            let mut counts: HashMap<&'a str, usize> = HashMap::new();
            let mut total = 0;
            for word in sentences.iter().flat_map(|s| s.split_whitespace()) {
                *counts.entry(word).or_insert(0) += 1;
                total += 1;
            }
            let tokens = tokens_of(sentences.iter().copied(), opts);
            prepared.dates.push(date);
            prepared.words.push((counts, total));
            prepared.grams.push([
                NgramCounts::from_tokens(&tokens, 1),
                NgramCounts::from_tokens(&tokens, 2),
            ]);
        }
        prepared
    }
}

/// tilse's rough ROUGE-1 F1 of one predicted summary against one reference summary, on
/// whitespace tokens as written.
fn approx_unigram_f1(
    pred: &(HashMap<&str, usize>, usize),
    reference: &(HashMap<&str, usize>, usize),
) -> f64 {
    let matched: usize = pred
        .0
        .iter()
        .map(|(w, &c)| reference.0.get(w).map_or(0, |&d| c.min(d)))
        .sum();
    let precision = if pred.1 == 0 {
        0.0
    } else {
        matched as f64 / pred.1 as f64
    };
    let recall = if reference.1 == 0 {
        0.0
    } else {
        matched as f64 / reference.1 as f64
    };
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn days_apart(a: NaiveDate, b: NaiveDate) -> i64 {
    (a - b).num_days().abs()
}

/// The weight of a linked pair of dates: 1 for the same day, 1/2 a day apart, and so on.
fn date_weight(a: NaiveDate, b: NaiveDate) -> f64 {
    1.0 / (days_apart(a, b) + 1) as f64
}

/// Index of the first smallest value.
fn first_min(values: impl IntoIterator<Item = f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, v) in values.into_iter().enumerate() {
        if best.is_none_or(|(_, b)| v < b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// Alignment-based ROUGE-1 and ROUGE-2 with tilse's date-and-content costs and many-to-one
/// links ("align+ m:1", `evaluate_align_date_content_costs_many_to_one`). Either timeline
/// being empty scores 0.
pub fn align_rouge_many_to_one(
    pred: &Timeline,
    reference: &Timeline,
    opts: &RougeOptions,
) -> (Prf, Prf) {
    let p = Prepared::new(pred, opts);
    let r = Prepared::new(reference, opts);
    if p.dates.is_empty() || r.dates.is_empty() {
        return (Prf::default(), Prf::default());
    }
    // cost[i][j]: predicted date i against reference date j. tilse builds the recall matrix
    // with the roles swapped, but the cost is the same number, so one matrix serves both.
    let cost: Vec<Vec<f64>> = (0..p.dates.len())
        .map(|i| {
            (0..r.dates.len())
                .map(|j| {
                    let date_factor = 1.0 - date_weight(p.dates[i], r.dates[j]);
                    let content_factor = 1.0 - approx_unigram_f1(&p.words[i], &r.words[j]);
                    date_factor * content_factor
                })
                .collect()
        })
        .collect();

    let mut prec_num = [0.0f64; 2];
    let mut prec_den = [0usize; 2];
    for (i, row) in cost.iter().enumerate() {
        let j = first_min(row.iter().copied()).expect("reference has dates");
        let w = date_weight(p.dates[i], r.dates[j]);
        for k in 0..2 {
            let c = RougeCounts::between(&p.grams[i][k], &r.grams[j][k]);
            prec_num[k] += w * c.matched as f64;
            prec_den[k] += c.pred;
        }
    }
    let mut rec_num = [0.0f64; 2];
    let mut rec_den = [0usize; 2];
    for j in 0..r.dates.len() {
        let i = first_min(cost.iter().map(|row| row[j])).expect("prediction has dates");
        let w = date_weight(p.dates[i], r.dates[j]);
        for k in 0..2 {
            let c = RougeCounts::between(&p.grams[i][k], &r.grams[j][k]);
            rec_num[k] += w * c.matched as f64;
            rec_den[k] += c.reference;
        }
    }
    let prf = |k: usize| {
        let precision = if prec_den[k] == 0 {
            0.0
        } else {
            prec_num[k] / prec_den[k] as f64
        };
        let recall = if rec_den[k] == 0 {
            0.0
        } else {
            rec_num[k] / rec_den[k] as f64
        };
        Prf::from_pr(precision, recall)
    };
    (prf(0), prf(1))
}

/// Every measure, with ROUGE on Porter stems and stop words removed.
pub fn score(pred: &Timeline, reference: &Timeline) -> TlsScores {
    let opts = RougeOptions::STEM_NO_STOPWORDS;
    let (concat_r1, concat_r2) = concat_rouge(pred, reference, &opts);
    let (align_r1, align_r2) = align_rouge_many_to_one(pred, reference, &opts);
    TlsScores {
        concat_r1,
        concat_r2,
        align_r1,
        align_r2,
        date_f1: date_f1(pred, reference),
    }
}

/// A date as Timeline17 files write it: `YYYY-MM-DD`, optionally followed by a time.
fn parse_date(text: &str) -> anyhow::Result<NaiveDate> {
    let day = text.get(..10).unwrap_or(text);
    let rest = text.get(10..).unwrap_or("");
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        bail!("not a date: {text:?}");
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").with_context(|| format!("not a date: {text:?}"))
}

/// Timelines from JSON lines of Timeline17 form, one timeline a line:
/// `[["YYYY-MM-DD", ["sentence", ...]], ...]`. Blank lines and empty timelines are skipped,
/// as news-tls skips them.
pub fn parse_timelines(text: &str) -> anyhow::Result<Vec<Timeline>> {
    let mut timelines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: Vec<(String, Vec<String>)> = serde_json::from_str(line)
            .with_context(|| format!("line {}: not a timeline", i + 1))?;
        if raw.is_empty() {
            continue;
        }
        let mut tl = Timeline::with_capacity(raw.len());
        for (date, sentences) in raw {
            let date = parse_date(&date).with_context(|| format!("line {}", i + 1))?;
            tl.push((date, sentences));
        }
        timelines.push(tl);
    }
    Ok(timelines)
}

/// Reads a `timelines.jsonl` of Timeline17 form (see [`parse_timelines`]).
pub fn load_timelines(path: impl AsRef<Path>) -> anyhow::Result<Vec<Timeline>> {
    let path = path.as_ref();
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_timelines(&text).with_context(|| format!("in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 3, day).unwrap()
    }

    fn tl(entries: &[(u32, &[&str])]) -> Timeline {
        entries
            .iter()
            .map(|(day, s)| (d(*day), s.iter().map(|x| x.to_string()).collect()))
            .collect()
    }

    fn reference() -> Timeline {
        tl(&[
            (
                1,
                &["Engineers cap the leaking pipeline near the harbour ."],
            ),
            (
                4,
                &["Regulators fine the operator twelve million dollars ."],
            ),
            (
                9,
                &[
                    "Fishermen sue the operator over ruined oyster beds .",
                    "Harbour reopens to ferries .",
                ],
            ),
        ])
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_prediction_scores_one_everywhere() {
        let s = score(&reference(), &reference());
        for prf in [s.concat_r1, s.concat_r2, s.align_r1, s.align_r2, s.date_f1] {
            assert!(
                close(prf.p, 1.0) && close(prf.r, 1.0) && close(prf.f, 1.0),
                "{s:?}"
            );
        }
    }

    #[test]
    fn shifted_dates_lower_alignment_but_not_to_zero() {
        let shifted: Timeline = reference()
            .into_iter()
            .map(|(date, s)| (date + chrono::Days::new(1), s))
            .collect();
        let s = score(&shifted, &reference());
        // The same text a day off: the content matches, each hit weighs 1/2.
        assert!(
            close(s.align_r1.f, 0.5) && close(s.align_r2.f, 0.5),
            "{s:?}"
        );
        assert!(close(s.concat_r1.f, 1.0), "{s:?}");
        assert_eq!(s.date_f1, Prf::default());
    }

    #[test]
    fn disjoint_dates_give_zero_date_f1() {
        let other = tl(&[(20, &["Something else entirely ."]), (21, &["More news ."])]);
        assert_eq!(date_f1(&other, &reference()), Prf::default());
        let half = tl(&[(1, &["x"]), (2, &["y"])]);
        let prf = date_f1(&half, &reference());
        assert!(close(prf.p, 0.5) && close(prf.r, 1.0 / 3.0) && close(prf.f, 0.4));
    }

    #[test]
    fn many_to_one_links_by_date_and_content() {
        let opts = RougeOptions::STEM_NO_STOPWORDS;
        let reference = tl(&[
            (1, &["pipeline capped harbour"]),
            (10, &["minister visits coast"]),
        ]);
        // Day 2 repeats day 1 of the reference: both predicted dates link to reference day 1
        // (day 2 at half weight). For recall, reference day 10 links to predicted day 2, the
        // nearer of two equally unrelated summaries, and finds nothing there.
        let pred = tl(&[
            (1, &["pipeline capped harbour"]),
            (2, &["pipeline capped harbour"]),
        ]);
        let (r1, r2) = align_rouge_many_to_one(&pred, &reference, &opts);
        assert!(close(r1.p, (3.0 + 0.5 * 3.0) / 6.0), "{r1:?}");
        assert!(close(r1.r, 3.0 / 6.0), "{r1:?}");
        assert!(close(r2.p, (2.0 + 0.5 * 2.0) / 4.0), "{r2:?}");
        assert!(close(r2.r, 2.0 / 4.0), "{r2:?}");
        assert!(close(r1.f, Prf::from_pr(0.75, 0.5).f));
    }

    #[test]
    fn content_can_beat_date_distance() {
        let opts = RougeOptions::STEM_NO_STOPWORDS;
        // Predicted day 5 copies reference day 9 word for word: content cost 0 makes the link
        // free despite the distance, and the hits weigh 1/5.
        let reference = tl(&[(1, &["alpha beta gamma"]), (9, &["delta epsilon zeta"])]);
        let pred = tl(&[(5, &["delta epsilon zeta"])]);
        let (r1, _) = align_rouge_many_to_one(&pred, &reference, &opts);
        assert!(close(r1.p, 0.2), "{r1:?}");
        assert!(close(r1.r, 0.2 * 3.0 / 6.0), "{r1:?}");
    }

    #[test]
    fn ties_go_to_the_earlier_date() {
        assert_eq!(first_min([0.5, 0.2, 0.2, 0.7]), Some(1));
        assert_eq!(first_min(Vec::<f64>::new()), None);
    }

    #[test]
    fn empty_timelines_score_zero() {
        let empty = Timeline::new();
        let s = score(&empty, &reference());
        assert_eq!(s, TlsScores::default());
        assert_eq!(score(&reference(), &empty), TlsScores::default());
        assert_eq!(reference_shape(&empty), None);
    }

    #[test]
    fn concat_spans_dates_in_order() {
        let opts = RougeOptions::PLAIN;
        // Listed out of order: concatenation follows the dates, so "a b" then "c d" → bigram "b c".
        let pred = tl(&[(2, &["c d"]), (1, &["a b"])]);
        let reference = tl(&[(1, &["a b c d"])]);
        let (r1, r2) = concat_rouge(&pred, &reference, &opts);
        assert!(close(r1.f, 1.0) && close(r2.f, 1.0), "{r1:?} {r2:?}");
    }

    #[test]
    fn duplicate_dates_merge() {
        let twice = tl(&[(1, &["a"]), (1, &["b", "c"]), (3, &["d"])]);
        let shape = reference_shape(&twice).unwrap();
        assert_eq!((shape.dates, shape.sentences_per_date), (2, 2));
        assert_eq!(date_f1(&twice, &twice).f, 1.0);
    }

    #[test]
    fn reference_shape_rounds_like_python() {
        // Means 1.5 → 2, 2.5 → 2 (half to even), 2.6 → 3.
        let one_two = tl(&[(1, &["a"]), (2, &["a", "b"])]);
        assert_eq!(reference_shape(&one_two).unwrap().sentences_per_date, 2);
        let two_three = tl(&[(1, &["a", "b"]), (2, &["a", "b", "c"])]);
        assert_eq!(reference_shape(&two_three).unwrap().sentences_per_date, 2);
        let r = tl(&[
            (3, &["a", "b", "c"]),
            (1, &["a", "b"]),
            (7, &["a", "b", "c"]),
            (2, &["a", "b", "c"]),
            (5, &["a", "b"]),
        ]);
        let shape = reference_shape(&r).unwrap();
        assert_eq!(
            shape,
            ReferenceShape {
                dates: 5,
                sentences_per_date: 3,
                first: d(1),
                last: d(7)
            }
        );
    }

    #[test]
    fn parses_timeline17_lines() {
        let text = "[[\"2010-04-20\", [\"Rig explodes .\", \"Eleven missing .\"]], [\"2010-04-22T00:00:00\", [\"Rig sinks .\"]]]\n\n[]\n[[\"2010-05-02\", []]]\n";
        let tls = parse_timelines(text).unwrap();
        assert_eq!(tls.len(), 2);
        assert_eq!(tls[0].len(), 2);
        assert_eq!(tls[0][0].0, NaiveDate::from_ymd_opt(2010, 4, 20).unwrap());
        assert_eq!(tls[0][0].1, ["Rig explodes .", "Eleven missing ."]);
        assert_eq!(tls[0][1].0, NaiveDate::from_ymd_opt(2010, 4, 22).unwrap());
        assert!(tls[1][0].1.is_empty());
        let err = parse_timelines("[[\"20 April\", []]]").unwrap_err();
        assert!(format!("{err:#}").contains("line 1"), "{err:#}");
        assert!(parse_timelines("{\"date\": 1}").is_err());
    }

    #[test]
    fn loads_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timelines.jsonl");
        std::fs::write(&path, "[[\"2011-01-25\", [\"Protests begin .\"]]]\n").unwrap();
        let tls = load_timelines(&path).unwrap();
        assert_eq!(
            tls,
            vec![vec![(
                NaiveDate::from_ymd_opt(2011, 1, 25).unwrap(),
                vec!["Protests begin .".to_string()]
            )]]
        );
        assert!(load_timelines(dir.path().join("missing.jsonl")).is_err());
    }
}
