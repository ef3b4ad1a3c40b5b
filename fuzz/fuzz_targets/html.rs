//! Any bytes as an HTML page through the extractor: an answer or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_extract::{extract, Page};

fuzz_target!(|data: &[u8]| {
    let _ = extract(&Page {
        bytes: data,
        url: Some("https://news.example/a/1"),
        content_type: None,
    });
});
