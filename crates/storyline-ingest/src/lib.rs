//! Sources of Storyline: files, folders and stdin become [`RawArticle`]s.
//!
//! Bad input is normal here. Every problem is reported as a [`Notice`] naming the file (and
//! line, feed entry or archive offset) and what is wrong, and reading goes on with the next
//! line, entry, record or file. A notice is either a warning (the article was still read, e.g.
//! invalid UTF-8 decoded lossily) or a rejection (nothing was read from that place).
//!
//! Formats are chosen by extension, else by sniffing the first bytes ([`Format::sniff`]):
//! plain text, JSON Lines (`jsonl`), HTML pages (`html`, through `storyline-extract`), RSS /
//! Atom / JSON feeds (`feed`) and WARC web archives (`warc`, streamed record by record). Any of
//! them may be gzip-compressed (`.gz`, recognised by its magic number).

mod feed;
mod fragment;
mod html;
mod http;
mod jsonl;
mod sniff;
mod source;
mod warc;

use std::path::{Path, PathBuf};

use storyline_core::RawArticle;

/// Largest single-article file accepted (plain text).
pub const MAX_TEXT_FILE: u64 = 16 * 1024 * 1024;
/// Largest JSONL file accepted; bigger corpora should be split.
pub const MAX_JSONL_FILE: u64 = 4 * 1024 * 1024 * 1024;
/// Largest JSONL line (one article) accepted.
pub const MAX_JSONL_LINE: usize = 16 * 1024 * 1024;
/// Largest HTML page accepted (after decompressing), as `storyline-extract` reads.
pub const MAX_HTML_FILE: u64 = storyline_extract::MAX_PAGE as u64;
/// Largest feed document accepted (after decompressing).
pub const MAX_FEED_FILE: u64 = 64 * 1024 * 1024;

/// Input formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article per file; id = file stem.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One web page per file; id = file stem.
    Html,
    /// An RSS, Atom or JSON feed; one article per entry.
    Feed,
    /// A WARC web archive; one article per HTML response record.
    Warc,
}

impl Format {
    /// Format from a file name's extension, if it names one we read. A trailing `.gz` is
    /// looked through (`page.html.gz` is HTML). `.json` gives `None`: it may be a JSON Feed or
    /// JSON lines, so it is sniffed ([`Format::sniffed_in_folders`]).
    pub fn from_path(path: &Path) -> Option<Format> {
        match extension(path)?.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "xml" | "rss" | "atom" => Some(Format::Feed),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    /// Whether a file found while walking a folder is read although [`Format::from_path`]
    /// cannot tell its format: a `.json` file that sniffs as a JSON Feed (other JSON files in
    /// a folder, such as settings or answer keys, are not articles and are skipped).
    pub fn sniffed_in_folders(path: &Path) -> bool {
        use std::io::Read;
        if extension(path).as_deref() != Some("json") {
            return false;
        }
        let mut head = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
        read.is_ok() && Format::sniff(&head) == Format::Feed
    }

    /// Guess the format from the first bytes of a file (gzip data is inflated first):
    /// `WARC/1.` → WARC; `<rss`, `<feed` or `<rdf:RDF` → feed; other markup → HTML;
    /// a JSON object with a `jsonfeed.org` version → feed; `{` → JSON lines; else text.
    pub fn sniff(bytes: &[u8]) -> Format {
        sniff::sniff(bytes)
    }
}

/// Lower-cased extension, looking through a trailing `.gz`.
fn extension(path: &Path) -> Option<String> {
    // A name that is not UTF-8 still has a readable extension.
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_string())
}

/// The id of a one-article file: its name without the format extension (and `.gz`).
fn file_id(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let inner = match name.len().checked_sub(3) {
        Some(cut) if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".gz") => {
            &name[..cut]
        }
        _ => &name,
    };
    Path::new(inner)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
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
/// files of unknown type skipped; `.json` files are sniffed), files named explicitly are always
/// read (sniffed if needed).
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
                let format = Format::from_path(e.path());
                if format.is_some() || Format::sniffed_in_folders(e.path()) {
                    inputs.push(Input::File {
                        path: e.into_path(),
                        format,
                    });
                }
            }
            Ok(_) => {}
        }
    }
}

/// Read one input, handing every article and notice to `sink` as it goes.
///
/// WARC archives are streamed record by record; every other format is read whole (within its
/// size limit) and parsed.
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Item)) {
    let name = input.name();
    let opened = match input {
        Input::Stdin => source::open_stdin(&name),
        Input::File { path, format } => source::open_file(path, *format),
    };
    let (format, reader) = match opened {
        Ok(x) => x,
        Err(n) => return sink(Item::Notice(n)),
    };
    let id = match input {
        Input::File { path, .. } => file_id(path),
        Input::Stdin => None,
    };
    read_reader(&name, id, format, reader, sink);
}

/// Read an opened input of a known format (`id` for one-article formats).
fn read_reader(
    name: &str,
    id: Option<String>,
    format: Format,
    reader: source::Reader,
    sink: &mut dyn FnMut(Item),
) {
    // WARC and JSONL are read as streams: memory stays bounded by a record or a line.
    match format {
        Format::Warc => return warc::read(name, reader, sink),
        Format::Jsonl => {
            let (lines, gz) = source::inflated(reader);
            return jsonl::read_stream(name, lines, gz, sink);
        }
        Format::Text | Format::Html | Format::Feed => {}
    }
    let bytes = match source::read_whole(name, format, reader) {
        Ok(b) => b,
        Err(n) => return sink(Item::Notice(n)),
    };
    match format {
        Format::Text => read_text(id, name, &bytes, sink),
        Format::Html => html::read(id, name, &bytes, sink),
        Format::Feed => feed::read(name, &bytes, sink),
        Format::Warc | Format::Jsonl => unreachable!("streamed above"),
    }
}

/// Read bytes already in memory as `format` (a fuzzer's input, a body fetched elsewhere), as
/// [`read_input`] reads a file of that format (gzip included), reporting under `name`.
pub fn read_bytes(name: &str, format: Format, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    let reader: source::Reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    read_reader(name, None, format, reader, sink);
}

/// Read JSON lines already in memory (a request body), reporting bad lines under `name`.
pub fn read_jsonl(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    jsonl::read(name, bytes, sink)
}

fn read_text(id: Option<String>, name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    if let Some(problem) = unusable(bytes) {
        return sink(Item::Notice(Notice::rejected(name, problem)));
    }
    let text = decode(name, bytes, sink);
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
    use std::fs;

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

    fn gz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn formats_from_names() {
        let f = |n: &str| Format::from_path(Path::new(n));
        assert_eq!(f("a/Page.HTM"), Some(Format::Html));
        assert_eq!(f("page.html.gz"), Some(Format::Html));
        assert_eq!(f("news.rss"), Some(Format::Feed));
        assert_eq!(f("crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(f("x.txt.gz"), Some(Format::Text));
        assert_eq!(f("feed.json"), None);
        assert_eq!(f("archive.gz"), None);
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed.json");
        fs::write(
            &feed,
            r#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#,
        )
        .unwrap();
        let key = dir.path().join("labels.json");
        fs::write(&key, r#"{"a": {"event": "e1"}}"#).unwrap();
        assert!(Format::sniffed_in_folders(&feed));
        assert!(
            !Format::sniffed_in_folders(&key),
            "JSON that is not a feed is skipped"
        );
        assert_eq!(
            file_id(Path::new("d/story.html.gz")).as_deref(),
            Some("story")
        );
        assert_eq!(file_id(Path::new("d/a.b.txt")).as_deref(), Some("a.b"));
    }

    #[test]
    fn html_files_plain_and_gzip_with_the_stem_as_id() {
        let dir = tempfile::tempdir().unwrap();
        let page = b"<html><head><title>Dam opens</title></head><body><p>The dam opened today.</p></body></html>";
        for name in ["dam.html", "dam2.html.gz"] {
            let bytes = if name.ends_with(".gz") {
                gz(page)
            } else {
                page.to_vec()
            };
            let items = collect(&file(dir.path(), name, &bytes));
            // A page this small may be judged not an article: a warning, and still stored.
            let articles: Vec<&RawArticle> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Article(a) => Some(a),
                    Item::Notice(n) => {
                        assert_eq!(n.severity, Severity::Warning, "{n}");
                        None
                    }
                })
                .collect();
            match &articles[..] {
                [a] => {
                    assert_eq!(a.id.as_deref(), Some(name.split('.').next().unwrap()));
                    assert!(a.text.contains("The dam opened today."), "{}", a.text);
                    assert!(a.extra.contains_key("page_kind"));
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_html_files_are_rejected_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'a'; MAX_HTML_FILE as usize + 1];
        let mut broken = gz(b"<html><body><p>Some text here</p></body></html>");
        broken.truncate(broken.len() - 10);
        let cases: [(&str, &[u8], &str); 4] = [
            ("junk.html", b"\x00\x01\x02\x03PK\x00", "binary data"),
            ("big.html", &big, "over the limit"),
            ("broken.html.gz", &broken, "broken gzip"),
            ("empty.htm", b"  ", "empty"),
        ];
        for (name, bytes, want) in cases {
            let items = collect(&file(dir.path(), name, bytes));
            match &items[..] {
                [Item::Notice(n)] => {
                    assert_eq!(n.severity, Severity::Rejected, "{name}");
                    assert!(n.origin.ends_with(name), "{}", n.origin);
                    assert!(n.message.contains(want), "{name}: {}", n.message);
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn folders_take_json_feeds_and_unknown_names_are_sniffed() {
        let dir = tempfile::tempdir().unwrap();
        let feed = br#"{"version": "https://jsonfeed.org/version/1", "title": "T", "items": [{"id": "e1", "content_text": "Entry body."}]}"#;
        fs::write(dir.path().join("f.json"), feed).unwrap();
        fs::write(
            dir.path().join("g.warc.gz"),
            gz(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"),
        )
        .unwrap();
        let (inputs, _) = discover(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 2);
        let items = collect(&inputs[0]);
        assert!(
            matches!(&items[..], [Item::Article(a)] if a.id.as_deref() == Some("e1") && a.origin.ends_with("f.json#entry-1")),
            "{items:?}"
        );
        assert!(collect(&inputs[1]).is_empty());
        let odd = dir.path().join("feed.download");
        fs::write(&odd, gz(b"<rss version=\"2.0\"><channel><title>C</title><item><guid>x</guid><description>Words.</description></item></channel></rss>")).unwrap();
        let (inputs, _) = discover(&[odd]);
        let items = collect(&inputs[0]);
        assert!(
            matches!(&items[..], [Item::Article(a)] if a.publisher.as_deref() == Some("C")),
            "{items:?}"
        );
    }
}
