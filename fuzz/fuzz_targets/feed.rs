//! Any bytes read as feed input: never a panic, and every article has text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_ingest::{read_bytes, Format, Item};

fuzz_target!(|data: &[u8]| {
    read_bytes("fuzz", Format::Feed, data, &mut |item| {
        if let Item::Article(a) = item {
            assert!(!a.text.trim().is_empty(), "an article without text");
        }
    });
});
