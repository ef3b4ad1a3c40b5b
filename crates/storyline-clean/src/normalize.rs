//! Unicode and whitespace normalisation. (Placeholder: replaced by the full rules.)

/// Normalise text: NFC, line endings, trailing spaces.
pub fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// Split normalised text into paragraphs (non-empty lines).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}
