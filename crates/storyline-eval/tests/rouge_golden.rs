//! ROUGE-N against the golden vectors scored by the ROUGE-1.5.5 Perl script
//! (`../shared/data/rouge/golden-vectors.json`: options `-a -n 2 -x -f A -t 2 [-m] [-s]`, raw
//! counts), and timeline scoring of the shared Timeline17 dev timelines.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::Value;
use storyline_eval::rouge::{rouge_n_counts, Prf, RougeOptions};
use storyline_eval::tls;

fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The four option sets of the golden file: key, stemming (`-m`), stop-word removal (`-s`).
const VARIANTS: [(&str, bool, bool); 4] = [
    ("nom_nos", false, false),
    ("nom_s", false, true),
    ("m_nos", true, false),
    ("m_s", true, true),
];

fn count(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("golden vector lacks {key}"))
}

#[test]
fn rouge_matches_perl_golden_vectors() {
    let path = shared_data().join("rouge/golden-vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("shared data missing: {} ({e})", path.display()));
    let golden: Value = serde_json::from_str(&text).expect("golden vectors are JSON");
    let pairs = golden["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 30, "expected 30 golden pairs");

    let mut failures = Vec::new();
    let mut pairs_matching = 0;
    let mut exact_counts = 0;
    let mut checked = 0;
    for pair in pairs {
        let id = pair["id"].as_str().unwrap_or("?");
        let pred = pair["prediction"].as_str().expect("prediction");
        let reference = pair["reference"].as_str().expect("reference");
        let mut pair_ok = true;
        for (key, stem, remove_stopwords) in VARIANTS {
            let opts = RougeOptions {
                stem,
                remove_stopwords,
            };
            let raw = &pair["rouge155_raw_counts"][key];
            for n in [1usize, 2] {
                let ours = rouge_n_counts(pred, reference, n, &opts);
                let h = count(raw, &format!("rouge_{n}_h_count"));
                let p = count(raw, &format!("rouge_{n}_p_count"));
                let m = count(raw, &format!("rouge_{n}_m_count"));
                let perl = Prf::from_counts(h, p, m);
                let mine = ours.prf();
                checked += 1;
                if (ours.matched as f64, ours.pred as f64, ours.reference as f64) == (h, p, m) {
                    exact_counts += 1;
                }
                let close = (mine.p - perl.p).abs() <= 1e-3
                    && (mine.r - perl.r).abs() <= 1e-3
                    && (mine.f - perl.f).abs() <= 1e-3;
                if !close {
                    pair_ok = false;
                    failures.push(format!(
                        "{id} {key} ROUGE-{n}: ours {mine:?} (h {} p {} m {}), perl {perl:?} (h {h} p {p} m {m})",
                        ours.matched, ours.pred, ours.reference
                    ));
                }
            }
        }
        if pair_ok {
            pairs_matching += 1;
        }
    }
    println!(
        "{pairs_matching}/{} pairs match ROUGE-1.5.5 on all four option sets; \
         {exact_counts}/{checked} (pair, options, n) raw counts identical",
        pairs.len()
    );
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

#[test]
fn t17_timelines_score_quickly_and_sensibly() {
    let dir = shared_data().join("timelines/t17-dev");
    let mut topics: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("shared data missing: {} ({e})", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("timelines.jsonl").is_file())
        .collect();
    topics.sort();
    assert_eq!(topics.len(), 8, "expected the 8 Timeline17 dev timelines");
    let timelines: Vec<tls::Timeline> = topics
        .iter()
        .map(|t| {
            let mut all = tls::load_timelines(t.join("timelines.jsonl")).expect("loads");
            assert_eq!(all.len(), 1, "{}: one reference timeline", t.display());
            all.remove(0)
        })
        .collect();

    // Each reference against another source's timeline of the same story (the next one in
    // name order within its topic, wrapping around), scored with every measure.
    let start = Instant::now();
    let mut scores = Vec::new();
    for (i, reference) in timelines.iter().enumerate() {
        let topic = |p: &PathBuf| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .split('_')
                .next()
                .unwrap()
                .to_string()
        };
        let same: Vec<usize> = (0..topics.len())
            .filter(|&j| topic(&topics[j]) == topic(&topics[i]))
            .collect();
        let pos = same.iter().position(|&j| j == i).unwrap();
        let other = &timelines[same[(pos + 1) % same.len()]];
        scores.push(tls::score(other, reference));
    }
    let elapsed = start.elapsed();
    println!("scored 8 timelines in {elapsed:?}");
    for (t, s) in topics.iter().zip(&scores) {
        println!(
            "{:<24} align R1 F {:.4} R2 F {:.4} | concat R1 F {:.4} R2 F {:.4} | date F1 {:.4}",
            t.file_name().unwrap().to_string_lossy(),
            s.align_r1.f,
            s.align_r2.f,
            s.concat_r1.f,
            s.concat_r2.f,
            s.date_f1.f
        );
        // Two journalists' timelines of one story overlap a little, never completely.
        assert!(s.align_r1.f > 0.0 && s.align_r1.f < 0.5, "{s:?}");
        assert!(s.concat_r1.f > s.align_r1.f, "{s:?}");
    }
    assert!(
        elapsed.as_secs_f64() < 1.0,
        "scoring 8 timelines took {elapsed:?}"
    );

    for (t, reference) in topics.iter().zip(&timelines) {
        let shape = tls::reference_shape(reference).expect("non-empty");
        assert!(
            shape.dates > 0 && shape.sentences_per_date >= 1 && shape.first <= shape.last,
            "{}",
            t.display()
        );
        let perfect = tls::score(reference, reference);
        assert!((perfect.align_r1.f - 1.0).abs() < 1e-9 && (perfect.date_f1.f - 1.0).abs() < 1e-9);
    }
}
