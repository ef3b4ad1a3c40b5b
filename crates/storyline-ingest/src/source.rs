//! Opening inputs: the first bytes for sniffing, size limits, and gzip inflation (bounded, so a
//! small file cannot inflate into an unbounded buffer).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use crate::sniff::{is_gzip, HEAD};
use crate::{Format, Notice, MAX_FEED_FILE, MAX_HTML_FILE, MAX_JSONL_FILE, MAX_TEXT_FILE};

/// An opened input, positioned at its start.
pub(crate) type Reader = Box<dyn BufRead>;

/// Largest input accepted in each format (WARC is streamed and has none).
fn limit(format: Format) -> u64 {
    match format {
        Format::Text => MAX_TEXT_FILE,
        Format::Jsonl => MAX_JSONL_FILE,
        Format::Html => MAX_HTML_FILE,
        Format::Feed => MAX_FEED_FILE,
        Format::Warc => u64::MAX,
    }
}

/// Open a file; its format is `format`, else sniffed. A plain file over its format's limit is
/// refused before reading.
pub(crate) fn open_file(path: &Path, format: Option<Format>) -> Result<(Format, Reader), Notice> {
    let name = path.display().to_string();
    let cannot = |e: io::Error| Notice::rejected(&name, format!("cannot read: {e}"));
    let file = open_readable(path).map_err(|e| match e.kind() {
        io::ErrorKind::InvalidInput => Notice::rejected(&name, e.to_string()),
        _ => cannot(e),
    })?;
    let len = file.metadata().map_err(cannot)?.len();
    let (format, head, rest) = start(file, format).map_err(cannot)?;
    let limit = limit(format);
    if !is_gzip(&head) && len > limit {
        return Err(Notice::rejected(
            &name,
            format!("file is {len} bytes, over the limit of {limit} bytes for this format"),
        ));
    }
    Ok((format, rest))
}

/// Open a file to read. A named pipe is opened without waiting for a writer (with none, it
/// reads as empty instead of hanging); sockets and devices are refused.
fn open_readable(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_socket() || kind.is_block_device() || kind.is_char_device() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a socket or device): not read",
        ));
    }
    if !kind.is_fifo() {
        return File::open(path);
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    // Reads then wait for data as on any pipe; a pipe without a writer reads as its end.
    use std::os::fd::AsRawFd;
    // SAFETY: fcntl on a descriptor this function owns, with flag values from the kernel.
    unsafe {
        let fd = file.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(file)
}

/// Open stdin; its format is sniffed.
pub(crate) fn open_stdin(name: &str) -> Result<(Format, Reader), Notice> {
    let (format, _, rest) = start(io::stdin().lock(), None)
        .map_err(|e| Notice::rejected(name, format!("cannot read: {e}")))?;
    Ok((format, rest))
}

/// Read the first bytes, decide the format, and give back a reader from the very start.
fn start(
    mut input: impl Read + 'static,
    format: Option<Format>,
) -> io::Result<(Format, Vec<u8>, Reader)> {
    let mut head = Vec::with_capacity(HEAD);
    (&mut input).take(HEAD as u64).read_to_end(&mut head)?;
    let format = format.unwrap_or_else(|| Format::sniff(&head));
    let reader = BufReader::with_capacity(64 * 1024, Cursor::new(head.clone()).chain(input));
    Ok((format, head, Box::new(reader)))
}

/// The input as a stream of bytes, inflated if it is gzip, and whether it was.
pub(crate) fn inflated(mut reader: Reader) -> (Reader, bool) {
    if is_gzip(reader.fill_buf().unwrap_or_default()) {
        let inflate = flate2::bufread::MultiGzDecoder::new(reader);
        (Box::new(BufReader::with_capacity(64 * 1024, inflate)), true)
    } else {
        (reader, false)
    }
}

/// The whole input, inflated if it is gzip, within the format's limit.
pub(crate) fn read_whole(name: &str, format: Format, reader: Reader) -> Result<Vec<u8>, Notice> {
    let limit = limit(format);
    let (reader, gz) = inflated(reader);
    let mut bytes = Vec::new();
    let read = reader.take(limit + 1).read_to_end(&mut bytes);
    if let Err(e) = read {
        let msg = if gz {
            format!("broken gzip data: {e}")
        } else {
            format!("cannot read: {e}")
        };
        return Err(Notice::rejected(name, msg));
    }
    if bytes.len() as u64 > limit {
        let what = if gz { "decompressed data" } else { "input" };
        return Err(Notice::rejected(
            name,
            format!("{what} is over the limit of {limit} bytes for this format"),
        ));
    }
    Ok(bytes)
}
