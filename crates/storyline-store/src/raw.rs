//! How a revision's raw input is kept: compressed with zstd, the current revision against
//! its own cleaned text.
//!
//! The cleaned text is stored beside it anyway and most of a raw input is that text, so
//! with the text as zstd's dictionary the current raw input costs little more than what
//! cleaning removed. When an article is revised, the revision that stops being current is
//! compressed on its own, as its cleaned text is about to be replaced. Stores written
//! before this kept raw inputs as JSON text; those are still read as they are.

use rusqlite::types::ValueRef;

/// Level 3 is zstd's default: most of the ratio at a small cost per article.
const LEVEL: i32 = 3;
/// First byte of a value compressed against the article's current text.
const AGAINST_TEXT: u8 = 1;
/// First byte of a value compressed alone.
const ALONE: u8 = 2;

/// Compress the JSON of a raw input with `text` (its cleaned text) as the dictionary.
pub(crate) fn encode_against(json: &str, text: &str) -> Vec<u8> {
    encode(json, text.as_bytes(), AGAINST_TEXT)
}

/// Compress the JSON of a raw input on its own.
pub(crate) fn encode_alone(json: &str) -> Vec<u8> {
    encode(json, &[], ALONE)
}

fn encode(json: &str, dictionary: &[u8], tag: u8) -> Vec<u8> {
    let mut out = vec![tag];
    let frame = zstd::bulk::Compressor::with_dictionary(LEVEL, dictionary)
        .and_then(|mut c| c.compress(json.as_bytes()));
    match frame {
        Ok(frame) => out.extend(frame),
        // zstd fails only on allocation: keep the input uncompressed (read back as text).
        Err(_) => return json.as_bytes().to_vec(),
    }
    out
}

/// Does this stored value need the article's current text to be read?
pub(crate) fn needs_text(value: ValueRef<'_>) -> bool {
    matches!(value, ValueRef::Blob([AGAINST_TEXT, ..]))
}

/// The JSON of a stored raw input; `text` is the article's current cleaned text (used only
/// for a value compressed against it).
pub(crate) fn decode(value: ValueRef<'_>, text: Option<&str>) -> Result<String, String> {
    let (dictionary, frame) = match value {
        // JSON text from stores written before compression (or a blob zstd could not make).
        ValueRef::Text(t) => return String::from_utf8(t.to_vec()).map_err(|e| e.to_string()),
        ValueRef::Blob(t) if !matches!(t.first(), Some(&(AGAINST_TEXT | ALONE))) => {
            return String::from_utf8(t.to_vec()).map_err(|e| e.to_string());
        }
        ValueRef::Blob([AGAINST_TEXT, frame @ ..]) => {
            let text = text.ok_or("the raw input is kept against a text that is missing")?;
            (text.as_bytes(), frame)
        }
        ValueRef::Blob([_, frame @ ..]) => (&[][..], frame),
        _ => return Err("the raw input is neither text nor a blob".into()),
    };
    let mut json = Vec::new();
    let mut decoder = zstd::stream::read::Decoder::with_dictionary(frame, dictionary)
        .map_err(|e| e.to_string())?;
    std::io::copy(&mut decoder, &mut json).map_err(|e| format!("raw input: {e}"))?;
    String::from_utf8(json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Rescuers reached the trapped miners on Monday after four days of \
        drilling through flooded rock.\nAll twelve men were alive, the regional governor told \
        reporters at the pit head, and two were taken to hospital with broken bones.\nThe \
        company said it would open an inquiry into the flooding, which began when an old shaft \
        gave way during a night shift.";

    #[test]
    fn raw_inputs_come_back_as_they_went_in() {
        let json = format!(
            r#"{{"id":"a1","text":"Menu | Home\n{}"}}"#,
            TEXT.replace('\n', "\\n")
        );
        let against = encode_against(&json, TEXT);
        assert!(needs_text(ValueRef::Blob(&against)));
        assert!(against.len() < json.len() / 2, "{} bytes", against.len());
        assert_eq!(decode(ValueRef::Blob(&against), Some(TEXT)).unwrap(), json);
        assert!(decode(ValueRef::Blob(&against), None).is_err());
        let alone = encode_alone(&json);
        assert!(!needs_text(ValueRef::Blob(&alone)));
        assert_eq!(decode(ValueRef::Blob(&alone), None).unwrap(), json);
        // Stores written before compression hold the JSON as text.
        assert_eq!(decode(ValueRef::Text(json.as_bytes()), None).unwrap(), json);
    }

    #[test]
    fn a_damaged_value_is_an_error_not_a_panic() {
        let mut bad = encode_alone("{\"id\":\"x\"}");
        bad.truncate(5);
        assert!(decode(ValueRef::Blob(&bad), None).is_err());
        assert!(decode(ValueRef::Blob(&[AGAINST_TEXT, 0, 1, 2]), Some("text")).is_err());
        assert!(decode(ValueRef::Integer(3), None).is_err());
    }
}
