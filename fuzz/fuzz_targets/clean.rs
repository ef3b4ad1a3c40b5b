//! Any text through the cleaner: never a panic, and the output stays within a bound of the
//! input (repairs insert spaces and apostrophes, never paragraphs of their own).
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_clean::{Cleaner, Corpus};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut corpus = Corpus::default();
    corpus.observe(None, text);
    let cleaned = Cleaner::new().clean(text, None, &corpus).to_plain();
    assert!(
        cleaned.len() <= 2 * text.len() + 64,
        "cleaning grew {} bytes into {}",
        text.len(),
        cleaned.len()
    );
});
