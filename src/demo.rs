//! The bundled sample corpus (`examples/corpus`, fictional articles written for this project),
//! embedded in the binary so `storyline demo` works anywhere, offline, with no set-up.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static CORPUS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/examples/corpus");

/// Write the sample corpus's article files (`.txt`, `.jsonl`) into `dir`; returns their paths.
pub fn write_corpus(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for file in CORPUS.files() {
        let is_article = matches!(
            file.path().extension().and_then(|e| e.to_str()),
            Some("txt") | Some("jsonl")
        );
        if !is_article {
            continue;
        }
        let path = dir.join(file.path());
        std::fs::write(&path, file.contents())?;
        paths.push(path);
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    #[test]
    fn corpus_is_bundled() {
        let dir = tempfile::tempdir().unwrap();
        let paths = super::write_corpus(dir.path()).unwrap();
        assert!(
            paths.len() >= 10,
            "expected the sample corpus, found {} files",
            paths.len()
        );
    }
}
