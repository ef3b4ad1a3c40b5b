//! Sources of Storyline: files, folders and stdin become [`RawArticle`]s.
//!
//! Bad input is normal here. Every problem is reported as a [`Notice`] naming the file (and
//! line) and what is wrong, and reading goes on with the next line or file. A notice is either
//! a warning (the article was still read, e.g. invalid UTF-8 decoded lossily) or a rejection
//! (nothing was read from that place).
//!
//! Formats are chosen by extension, else by sniffing the first bytes ([`Format::sniff`]).

mod jsonl;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use storyline_core::RawArticle;

/// Largest single-article file accepted (plain text).
pub const MAX_TEXT_FILE: u64 = 16 * 1024 * 1024;
/// Largest JSONL file accepted; bigger corpora should be split.
pub const MAX_JSONL_FILE: u64 = 4 * 1024 * 1024 * 1024;
/// Largest JSONL line (one article) accepted.
pub const MAX_JSONL_LINE: usize = 16 * 1024 * 1024;

/// Input formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article per file; id = file stem.
    Text,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// Format from a file name's extension, if it names one we read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// Guess the format from content: JSON lines start with `{`.
    pub fn sniff(bytes: &[u8]) -> Format {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            Format::Jsonl
        } else {
            Format::Text
        }
    }
}

/// One place to read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// A file; `format` is `None` when it must be sniffed.
    File {
        path: PathBuf,
        format: Option<Format>,
    },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Severity of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Read anyway (something was repaired or dropped).
    Warning,
    /// Nothing was read from this place.
    Rejected,
}

/// A problem with the input, naming where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub severity: Severity,
    /// `path` or `path:line`.
    pub origin: String,
    pub message: String,
}

impl Notice {
    /// A rejection of `origin`.
    pub fn rejected(origin: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            severity: Severity::Rejected,
            origin: origin.into(),
            message: message.into(),
        }
    }
    /// A warning about `origin` (later stages report theirs too).
    pub fn warning(origin: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            severity: Severity::Warning,
            origin: origin.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = match self.severity {
            Severity::Warning => "warning",
            Severity::Rejected => "rejected",
        };
        write!(f, "{word}: {}: {}", self.origin, self.message)
    }
}

/// What reading produces, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(RawArticle),
    Notice(Notice),
}

/// Expand paths into inputs: `-` is stdin, folders are walked recursively (hidden entries and
/// files of unknown type skipped), files named explicitly are always read (sniffed if needed).
/// Paths that do not exist or cannot be listed come back as rejections.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Notice>) {
    let mut inputs = Vec::new();
    let mut notices = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            walk_dir(p, &mut inputs, &mut notices);
        } else if p.exists() {
            inputs.push(Input::File {
                path: p.clone(),
                format: Format::from_path(p),
            });
        } else {
            notices.push(Notice::rejected(
                p.display().to_string(),
                "no such file or folder",
            ));
        }
    }
    (inputs, notices)
}

fn walk_dir(dir: &Path, inputs: &mut Vec<Input>, notices: &mut Vec<Notice>) {
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    let not_hidden = |e: &walkdir::DirEntry| {
        e.depth() == 0 || !e.file_name().to_str().is_some_and(|s| s.starts_with('.'))
    };
    for entry in walker.filter_entry(not_hidden) {
        match entry {
            Err(e) => {
                let origin = e.path().unwrap_or(dir).display().to_string();
                notices.push(Notice::rejected(
                    origin,
                    format!("cannot read folder entry: {e}"),
                ));
            }
            Ok(e) if e.file_type().is_file() => {
                if let Some(format) = Format::from_path(e.path()) {
                    inputs.push(Input::File {
                        path: e.into_path(),
                        format: Some(format),
                    });
                }
            }
            Ok(_) => {}
        }
    }
}

/// Read one input, handing every article and notice to `sink` as it goes.
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Item)) {
    let name = input.name();
    let (bytes, format) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            let limited = std::io::stdin()
                .lock()
                .take(MAX_JSONL_FILE + 1)
                .read_to_end(&mut buf);
            if let Err(e) = limited {
                return sink(Item::Notice(Notice::rejected(
                    name,
                    format!("cannot read: {e}"),
                )));
            }
            let format = Format::sniff(&buf);
            (buf, format)
        }
        Input::File { path, format } => match read_file(path, *format) {
            Ok(x) => x,
            Err(n) => return sink(Item::Notice(n)),
        },
    };
    match format {
        Format::Jsonl => jsonl::read(&name, &bytes, sink),
        Format::Text => read_text(input, &name, &bytes, sink),
    }
}

fn read_file(path: &Path, format: Option<Format>) -> Result<(Vec<u8>, Format), Notice> {
    let name = path.display().to_string();
    let meta =
        fs::metadata(path).map_err(|e| Notice::rejected(&name, format!("cannot read: {e}")))?;
    let limit = match format {
        Some(Format::Text) => MAX_TEXT_FILE,
        _ => MAX_JSONL_FILE,
    };
    if meta.len() > limit {
        return Err(Notice::rejected(
            &name,
            format!(
                "file is {} bytes, over the limit of {} bytes for this format",
                meta.len(),
                limit
            ),
        ));
    }
    let bytes = fs::read(path).map_err(|e| Notice::rejected(&name, format!("cannot read: {e}")))?;
    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
    if format == Format::Text && bytes.len() as u64 > MAX_TEXT_FILE {
        return Err(Notice::rejected(
            &name,
            format!("file is over the limit of {MAX_TEXT_FILE} bytes"),
        ));
    }
    Ok((bytes, format))
}

fn read_text(input: &Input, name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    if let Some(problem) = unusable(bytes) {
        return sink(Item::Notice(Notice::rejected(name, problem)));
    }
    let text = decode(name, bytes, sink);
    let id = match input {
        Input::File { path, .. } => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
        Input::Stdin => None,
    };
    sink(Item::Article(RawArticle {
        id,
        origin: name.to_string(),
        text,
        ..Default::default()
    }));
}

/// Why these bytes cannot be an article, if they cannot: empty, or binary.
pub fn unusable(bytes: &[u8]) -> Option<&'static str> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Some("empty: no text");
    }
    if looks_binary(bytes) {
        return Some("binary data, not text");
    }
    None
}

/// Binary if the start has a NUL byte or many control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len()
}

/// UTF-8 decode; invalid sequences are replaced and reported as a warning.
pub fn decode(origin: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let bad = String::from_utf8_lossy(bytes);
            let n = bad.chars().filter(|&c| c == '\u{FFFD}').count();
            sink(Item::Notice(Notice::warning(
                origin,
                format!(
                    "invalid UTF-8 (first at byte {}); {n} sequence(s) replaced with U+FFFD",
                    e.valid_up_to()
                ),
            )));
            bad.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &Input) -> Vec<Item> {
        let mut items = Vec::new();
        read_input(input, &mut |i| items.push(i));
        items
    }

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> Input {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        Input::File {
            format: Format::from_path(&path),
            path,
        }
    }

    #[test]
    fn text_file_id_is_stem() {
        let dir = tempfile::tempdir().unwrap();
        let items = collect(&file(dir.path(), "abc.txt", b"Title\n\nBody text."));
        match &items[..] {
            [Item::Article(a)] => {
                assert_eq!(a.id.as_deref(), Some("abc"));
                assert_eq!(a.text, "Title\n\nBody text.");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_binary_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("e.txt", &b"  \n"[..]), ("b.txt", &b"\x00\x01\x02PK"[..])] {
            let items = collect(&file(dir.path(), name, bytes));
            assert!(
                matches!(&items[..], [Item::Notice(n)] if n.severity == Severity::Rejected),
                "{name}"
            );
        }
    }

    #[test]
    fn oversized_text_file_is_rejected_with_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'a'; MAX_TEXT_FILE as usize + 1];
        let items = collect(&file(dir.path(), "big.txt", &big));
        match &items[..] {
            [Item::Notice(n)] => {
                assert_eq!(n.severity, Severity::Rejected);
                assert!(n.message.contains("over the limit"), "{}", n.message);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_is_a_warning_and_read() {
        let dir = tempfile::tempdir().unwrap();
        let items = collect(&file(dir.path(), "u.txt", b"caf\xe9 society"));
        assert!(matches!(&items[0], Item::Notice(n) if n.severity == Severity::Warning));
        assert!(matches!(&items[1], Item::Article(a) if a.text == "caf\u{FFFD} society"));
    }

    #[test]
    fn discover_walks_folders_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.txt"), "x").unwrap();
        fs::write(dir.path().join("b.jsonl"), "{}").unwrap();
        fs::write(dir.path().join("notes.md"), "x").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        let (inputs, notices) = discover(&[dir.path().to_path_buf(), dir.path().join("missing")]);
        assert_eq!(inputs.len(), 2);
        assert_eq!(notices.len(), 1);
        assert!(notices[0].message.contains("no such file"));
    }

    #[test]
    fn unknown_extension_named_explicitly_is_sniffed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.dump");
        fs::write(&path, "{\"text\":\"hello\"}\n").unwrap();
        let (inputs, _) = discover(&[path]);
        let items = collect(&inputs[0]);
        assert!(matches!(&items[..], [Item::Article(a)] if a.text == "hello"));
    }
}
