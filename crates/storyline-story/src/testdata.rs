//! The seed articles of `../shared/seeds` (read at test time, never copied), for tests.

use crate::Doc;

/// The five seed articles in file-name order, id = file stem, raw text.
pub(crate) fn seed_docs() -> Vec<Doc> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|_| {
        panic!(
            "{} not found: ../shared is expected beside the checkout",
            dir.display()
        )
    });
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Doc {
            id: p.file_stem().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(p).unwrap(),
            ..Doc::default()
        })
        .collect()
}
