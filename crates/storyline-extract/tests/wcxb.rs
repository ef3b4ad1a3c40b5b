//! The extraction measure on the WCXB development set kept beside the checkout
//! (`../shared/data/extraction/wcxb-dev`). Floors sit a little below the measured figures.

use std::path::PathBuf;

#[test]
fn wcxb_dev_floors() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/extraction/wcxb-dev");
    assert!(
        dir.join("ground-truth").is_dir(),
        "{} is expected (../shared beside the checkout)",
        dir.display()
    );
    let report = storyline_extract::eval::run(&dir, None).expect("eval runs");
    println!("{report}");
    assert_eq!(report.pages, 1497);
    assert_eq!(report.errors, 0, "every page is readable");
    assert!(report.word_f1 >= 0.953, "word F1 {:.4}", report.word_f1);
    assert!(report.title_acc >= 0.885, "title {:.4}", report.title_acc);
    assert!(report.date_acc >= 0.875, "date {:.4}", report.date_acc);
    assert!(
        report.author_acc >= 0.855,
        "author {:.4}",
        report.author_acc
    );
    assert!(report.kind_acc >= 0.75, "kind {:.4}", report.kind_acc);
}
