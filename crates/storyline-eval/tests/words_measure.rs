//! The word-repair measure on the shared WCXB data must reach its floors on the half of the
//! sites nothing was tuned on: spaces restored in damaged text, and correct text left alone.

use std::path::PathBuf;

#[test]
fn word_repair_floor() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let gt = storyline_eval::words::ground_truth_dir(&data);
    assert!(
        gt.is_dir(),
        "shared data missing: expected WCXB ground truth at {} (the measure cannot run)",
        gt.display()
    );
    let t0 = std::time::Instant::now();
    let _lex = storyline_clean::words::Lexicon::bundled();
    println!("lexicon load {:?}", t0.elapsed());
    let t1 = std::time::Instant::now();
    let examples = std::env::var("WORDS_EXAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let measure = storyline_eval::words::Measure {
        seed: 42,
        examples,
        sites: storyline_eval::words::Sites::HeldOut,
        ..Default::default()
    };
    let r = storyline_eval::words::run(&data, &measure).expect("measure runs");
    println!("{r}\nmeasure took {:?}", t1.elapsed());
    for x in &r.false_splits {
        println!("FALSE  {x}");
    }
    for x in &r.missed {
        println!("MISSED {x}");
    }
    assert!(r.deleted > 10_000, "too few deleted spaces: {}", r.deleted);
    assert_eq!(
        r.misaligned, 0,
        "repair changed more than spaces/apostrophes"
    );
    assert!(
        r.precision >= 0.96,
        "precision {:.4} below 0.96\n{r}",
        r.precision
    );
    assert!(r.f1 >= 0.94, "F1 {:.4} below 0.94\n{r}", r.f1);
    // At most one correct body in 180 changed, with batch evidence or alone.
    let fid = &r.fidelity;
    let most = fid.bodies / 180;
    assert!(
        fid.changed_in_batch <= most && fid.changed_alone <= most,
        "correct bodies changed: {} (batch), {} (alone) of {}; at most {most}\n{:#?}",
        fid.changed_in_batch,
        fid.changed_alone,
        fid.bodies,
        fid.examples
    );
}
