//! Quality floor of the timeline measure on Timeline17 dev (`../shared/data/timelines/t17-dev`):
//! alignment ROUGE-1/2 (date-aligned, many-to-one, stemmed, stop words removed) and Date-F1,
//! averaged over the reference timelines. Figures are in README; the floors sit a little below
//! them so that a regression fails.

mod common;

#[test]
fn t17_dev_timelines_keep_their_quality() {
    let dir = common::shared("data/timelines/t17-dev");
    let report = common::eval_json(&["timeline".as_ref(), "--dir".as_ref(), dir.as_os_str()]);
    assert_eq!(report["timelines"].as_array().unwrap().len(), 8);
    let mean = |k: &str| report["mean"][k].as_f64().unwrap();
    assert!(mean("align_r1") >= 0.135, "{}", report["mean"]);
    assert!(mean("align_r2") >= 0.038, "{}", report["mean"]);
    assert!(mean("date_f1") >= 0.60, "{}", report["mean"]);
}
