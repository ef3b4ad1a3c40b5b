//! WARC web archives (ISO 28500, `WARC/1.0` and `1.1`), plain or gzip-compressed, streamed
//! one record at a time: a multi-gigabyte archive never sits in memory, only one record header
//! and at most one page body do.
//!
//! Each `response` record holding an HTTP response with status 2xx and an HTML content type
//! (and each `resource` record of an HTML content type) becomes an article through
//! [`crate::html`]: URL from `WARC-Target-URI`, id = `WARC-Record-ID` (else the URL), fetch time
//! from `WARC-Date` in `extra.fetched`; the HTTP `Content-Type` (with its charset) goes to the
//! extractor, and chunked transfer and gzip/deflate content encodings are undone. Every other
//! record is skipped silently.
//!
//! Records are named `path@OFFSET`: the byte offset where the record starts in the file; in a
//! `.warc.gz`, the offset of the gzip member holding it (one member a record is the usual
//! layout), written `path@MEMBER+N` when a member holds several records and the record starts
//! N bytes into the member's data. A record cut short (its `Content-Length` runs past the end
//! of the data) is reported at its offset, and every record before it is kept. In a `.warc.gz`
//! a damaged member is reported and reading goes on with the next member.

mod record;
#[cfg(test)]
mod tests;

use std::io::{self, BufRead, BufReader, Read};

use crate::sniff::is_gzip;
use crate::source::Reader;
use crate::{Item, Notice};

use record::{read_header, take_page, HeaderError, Wanted};

/// Read a WARC archive from `input`, positioned at its start.
pub(crate) fn read(name: &str, mut input: Reader, sink: &mut dyn FnMut(Item)) {
    let gz = match input.fill_buf() {
        Ok([]) => {
            return sink(Item::Notice(Notice::rejected(
                name,
                "empty: no WARC records",
            )))
        }
        Ok(head) => is_gzip(head),
        Err(e) => {
            return sink(Item::Notice(Notice::rejected(
                name,
                format!("cannot read: {e}"),
            )));
        }
    };
    let mut file = Counted::new(input);
    if !gz {
        read_records(name, &mut file, None, sink);
        return;
    }
    loop {
        match file.fill_buf() {
            Ok([]) => return,
            Ok(_) => {}
            Err(e) => {
                let at = format!("{name}@{}", file.pos);
                return sink(Item::Notice(Notice::rejected(
                    at,
                    format!("cannot read: {e}"),
                )));
            }
        }
        let member_start = file.pos;
        let mut member = Counted::new(BufReader::new(flate2::bufread::GzDecoder::new(&mut file)));
        if read_records(name, &mut member, Some(member_start), sink) == Flow::Stop {
            return;
        }
        // Whatever a damaged member still holds is passed over, to reach the next member.
        if let Err(e) = io::copy(&mut member, &mut io::sink()) {
            broken(&format!("{name}@{member_start}"), &e, sink);
            return;
        }
    }
}

/// What to do after a stretch of records.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    /// The data ended cleanly, or the damage is confined to it: go on with the next member.
    Next,
    /// The file cannot be followed any further.
    Stop,
}

/// Read the records of one stretch of data: a whole plain file, or one gzip member (whose
/// offset in the file is `member`).
fn read_records<R: BufRead>(
    name: &str,
    r: &mut Counted<R>,
    member: Option<u64>,
    sink: &mut dyn FnMut(Item),
) -> Flow {
    // After damage a gzip member can be left behind (the next one may be fine); a plain file
    // cannot be followed.
    let after_damage = if member.is_some() {
        Flow::Next
    } else {
        Flow::Stop
    };
    loop {
        let at = match skip_separators(r) {
            Ok(true) => match member {
                Some(m) if r.pos == 0 => format!("{name}@{m}"),
                Some(m) => format!("{name}@{m}+{}", r.pos),
                None => format!("{name}@{}", r.pos),
            },
            Ok(false) => return Flow::Next,
            Err(e) => return broken(&format!("{name}@{}", r.pos), &e, sink),
        };
        let header = match read_header(r) {
            Ok(h) => h,
            Err(HeaderError::Io(e)) => return broken(&at, &e, sink),
            Err(HeaderError::Bad(msg)) => {
                sink(Item::Notice(Notice::rejected(at, msg)));
                return after_damage;
            }
        };
        let Some(length) = header
            .get("Content-Length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            let msg = "record without a valid Content-Length; the rest of the data is skipped";
            sink(Item::Notice(Notice::rejected(at, msg)));
            return after_damage;
        };
        let mut block = (&mut *r).take(length);
        let wanted = match take_page(&header, &mut block) {
            Ok(w) => w,
            Err(e) => return broken(&at, &e, sink),
        };
        if let Err(e) = io::copy(&mut block, &mut io::sink()) {
            return broken(&at, &e, sink);
        }
        if block.limit() > 0 {
            let msg = format!(
                "truncated record: Content-Length is {length} bytes but the data ends after {}",
                length - block.limit()
            );
            sink(Item::Notice(Notice::rejected(at, msg)));
            return after_damage;
        }
        match wanted {
            Wanted::Skip => {}
            Wanted::Problem(msg) => sink(Item::Notice(Notice::rejected(at, msg))),
            Wanted::Page(page) => page.read(&at, sink),
        }
    }
}

/// Report a read error inside a record: in gzip data, the stream is broken from here on.
fn broken(at: &str, e: &io::Error, sink: &mut dyn FnMut(Item)) -> Flow {
    let msg = format!(
        "truncated or damaged record: the data breaks off ({e}); the rest of the file is skipped"
    );
    sink(Item::Notice(Notice::rejected(at, msg)));
    Flow::Stop
}

/// Consume the blank lines between records; false at the end of the data.
fn skip_separators(r: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if blank < buf.len() {
            r.consume(blank);
            return Ok(true);
        }
        let n = buf.len();
        r.consume(n);
    }
}

/// A reader that counts the bytes taken from it.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Self {
        Counted { inner, pos: 0 }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.pos += n as u64;
    }
}
