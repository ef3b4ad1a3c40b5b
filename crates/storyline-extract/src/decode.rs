//! Bytes to text: gzip, the size limit, binary junk, and the character set.
//!
//! Order of trust for the character set: a byte-order mark, the `Content-Type` header, the
//! page's own `<meta charset>` / `http-equiv` declaration, then statistical detection. Bytes
//! that do not fit the chosen encoding are replaced, never an error.

use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use once_cell::sync::Lazy;
use regex::bytes::Regex as BytesRegex;

use crate::{ExtractError, MAX_PAGE};

/// How many leading bytes are searched for a `<meta>` charset declaration.
const META_PRESCAN: usize = 8 * 1024;
/// How many leading bytes are examined for binary data.
const SNIFF: usize = 16 * 1024;

/// A decoded page and where its encoding came from.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    #[allow(dead_code)]
    pub encoding: &'static Encoding,
    #[allow(dead_code)]
    pub source: CharsetSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharsetSource {
    Bom,
    Header,
    Meta,
    Detected,
}

/// Inflates gzip data (by magic number), enforcing [`MAX_PAGE`] on the inflated size.
pub(crate) fn inflate(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, ExtractError> {
    if bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
        let mut out = Vec::with_capacity((bytes.len() * 4).min(MAX_PAGE + 1));
        let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(MAX_PAGE as u64 + 1);
        dec.read_to_end(&mut out)
            .map_err(|e| ExtractError::BadGzip(e.to_string()))?;
        if out.len() > MAX_PAGE {
            return Err(ExtractError::TooLarge(out.len()));
        }
        Ok(std::borrow::Cow::Owned(out))
    } else {
        if bytes.len() > MAX_PAGE {
            return Err(ExtractError::TooLarge(bytes.len()));
        }
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

/// Signatures of common binary formats that are sometimes saved under an `.html` name.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
];

/// Rejects data that is plainly not a text page: known binary signatures, NUL bytes or other
/// control characters in quantity.
pub(crate) fn check_binary(
    bytes: &[u8],
    bom: Option<&'static Encoding>,
) -> Result<(), ExtractError> {
    for (sig, name) in MAGIC {
        if bytes.starts_with(sig) {
            return Err(ExtractError::NotHtml(format!("looks like a {name}")));
        }
    }
    if bom == Some(UTF_16LE) || bom == Some(UTF_16BE) {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.is_empty() {
        return Ok(());
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b | 0))
        .count();
    // Real pages have next to no NULs; a handful can slip in, a binary file has them everywhere.
    if nul * 100 > head.len() || nul > 64 {
        return Err(ExtractError::NotHtml(format!(
            "{nul} NUL bytes in the first {} bytes",
            head.len()
        )));
    }
    if ctrl * 20 > head.len() {
        return Err(ExtractError::NotHtml(format!(
            "{ctrl} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

static META_CHARSET: Lazy<BytesRegex> = Lazy::new(|| {
    BytesRegex::new(r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#)
        .expect("charset regex")
});

/// The charset named by a `Content-Type` value (`text/html; charset=...`).
pub(crate) fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower[pos + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The charset declared by the page itself in its first bytes (`<meta charset>` or the
/// `http-equiv="Content-Type"` form, which the same pattern covers).
pub(crate) fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let caps = META_CHARSET.captures(head)?;
    let enc = Encoding::for_label(caps.get(1)?.as_bytes())?;
    // A page cannot declare itself UTF-16 in ASCII-compatible bytes (HTML standard): UTF-8.
    if enc == UTF_16LE || enc == UTF_16BE || enc.name() == "x-user-defined" {
        return Some(UTF_8);
    }
    Some(enc)
}

/// True when the bytes are valid UTF-8 and contain at least one multi-byte sequence, the
/// strong sign of a UTF-8 page mislabelled with a legacy single-byte charset.
fn is_nontrivial_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// Decodes page bytes (already inflated) to text.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<Decoded, ExtractError> {
    let bom = Encoding::for_bom(bytes);
    check_binary(bytes, bom.map(|(e, _)| e))?;
    let (encoding, source) = if let Some((enc, _)) = bom {
        (enc, CharsetSource::Bom)
    } else if let Some(enc) = content_type.and_then(charset_from_content_type) {
        (enc, CharsetSource::Header)
    } else if let Some(enc) = charset_from_meta(bytes) {
        (enc, CharsetSource::Meta)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, CharsetSource::Detected)
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        (
            det.guess(None, chardetng::Utf8Detection::Allow),
            CharsetSource::Detected,
        )
    };
    // A declared legacy charset on bytes that are clean UTF-8 with non-ASCII text is a
    // mislabel far more often than a coincidence.
    let encoding = if encoding != UTF_8
        && bom.is_none()
        && encoding.is_ascii_compatible()
        && is_nontrivial_utf8(bytes)
    {
        UTF_8
    } else {
        encoding
    };
    let (text, _, _) = encoding.decode(bytes);
    // Pages double-encoded by their own CMS ("â€™" for "’") are repaired once, here, so the
    // text and every metadata field read clean.
    let text = match storyline_core::mojibake::repair_mojibake(&text) {
        std::borrow::Cow::Borrowed(_) => text.into_owned(),
        std::borrow::Cow::Owned(fixed) => fixed,
    };
    if !has_tags(&text) {
        return Err(ExtractError::NotHtml("no HTML tags".to_string()));
    }
    Ok(Decoded {
        text,
        encoding,
        source,
    })
}

/// Whether the text has at least one thing that looks like an HTML tag.
fn has_tags(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr(b'<', &b[i..]) {
        let j = i + p + 1;
        if let Some(&c) = b.get(j) {
            if c.is_ascii_alphabetic() || c == b'!' || c == b'/' {
                return true;
            }
        }
        i = j;
    }
    false
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_is_inflated_by_magic() {
        let page = b"<html><body><p>Hello there</p></body></html>";
        let packed = gz(page);
        let out = inflate(&packed).unwrap();
        assert_eq!(&out[..], &page[..]);
        let plain = inflate(page).unwrap();
        assert_eq!(&plain[..], &page[..]);
    }

    #[test]
    fn broken_gzip_is_reported() {
        let mut data =
            gz(b"<html><body><p>Hello there, a page long enough to compress</p></body></html>");
        data.truncate(data.len() / 2);
        assert!(matches!(inflate(&data), Err(ExtractError::BadGzip(_))));
        assert!(matches!(
            inflate(&[0x1f, 0x8b, 0, 0, 0]),
            Err(ExtractError::BadGzip(_))
        ));
    }

    #[test]
    fn size_limit_applies_after_inflating() {
        let big = vec![b'a'; MAX_PAGE + 10];
        assert!(matches!(inflate(&gz(&big)), Err(ExtractError::TooLarge(_))));
        assert!(matches!(inflate(&big), Err(ExtractError::TooLarge(_))));
    }

    #[test]
    fn binary_junk_is_not_html() {
        let mut junk = vec![0u8; 4096];
        junk[10] = b'<';
        assert!(matches!(decode(&junk, None), Err(ExtractError::NotHtml(_))));
        assert!(matches!(
            decode(b"%PDF-1.7 <html>", None),
            Err(ExtractError::NotHtml(_))
        ));
        assert!(matches!(
            decode(b"just some words and no markup", None),
            Err(ExtractError::NotHtml(_))
        ));
    }

    #[test]
    fn header_charset_wins() {
        let bytes = b"<html><head><meta charset=\"utf-8\"></head><body>caf\xe9</body></html>";
        let d = decode(bytes, Some("text/html; charset=ISO-8859-1")).unwrap();
        assert!(d.text.contains("café"));
        assert_eq!(d.source, CharsetSource::Header);
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let a = b"<html><head><meta charset='windows-1251'></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert!(decode(a, None).unwrap().text.contains("Привет"));
        let b = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\"></head><body>\xb1</body></html>";
        assert!(decode(b, None).unwrap().text.contains('ą'));
    }

    #[test]
    fn mislabelled_utf8_is_read_as_utf8() {
        let bytes =
            "<html><head><meta charset=iso-8859-1></head><body>Zürich – Genève</body></html>";
        let d = decode(bytes.as_bytes(), None).unwrap();
        assert!(d.text.contains("Zürich – Genève"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let mut bytes = b"<html><body><p>".to_vec();
        for _ in 0..20 {
            bytes.extend_from_slice(b"Les \xe9l\xe8ves ont \xe9t\xe9 tr\xe8s contents de la r\xe9ponse du minist\xe8re. ");
        }
        bytes.extend_from_slice(b"</p></body></html>");
        let d = decode(&bytes, None).unwrap();
        assert!(d.text.contains("élèves"), "{}", &d.text[..80]);
    }

    #[test]
    fn invalid_bytes_are_replaced() {
        let d = decode(
            b"<html><meta charset=utf-8><body>ok \xff\xfe here</body></html>",
            None,
        )
        .unwrap();
        assert!(d.text.contains("ok \u{fffd}\u{fffd} here"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "<html><body>Grüße</body></html>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert!(decode(&bytes, None).unwrap().text.contains("Grüße"));
    }

    #[test]
    fn content_type_parsing() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"Shift_JIS\""),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_content_type("text/html; charset=bogus"), None);
    }
}
