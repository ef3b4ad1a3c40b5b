//! HTTP responses as a WARC `response` record keeps them: a status line, headers, and a body
//! that may still be chunked and compressed as it went over the wire.

use std::io::{BufRead, Read};

/// Largest status line plus headers read.
pub(crate) const MAX_HEAD: u64 = 64 * 1024;

/// Status and headers of a response.
#[derive(Debug, Default)]
pub(crate) struct Head {
    pub status: u16,
    headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of a header (names are case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Read the status line and headers off the start of `r`, leaving it at the body.
pub(crate) fn read_head(r: &mut impl BufRead) -> Result<Head, String> {
    let mut r = r.take(MAX_HEAD);
    let mut line = Vec::new();
    let mut next_line = |line: &mut Vec<u8>| -> Result<bool, String> {
        line.clear();
        let n = r.read_until(b'\n', line).map_err(|e| e.to_string())?;
        if n > 0 && !line.ends_with(b"\n") {
            return Err(format!("header ends early or is over {MAX_HEAD} bytes"));
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        Ok(n > 0)
    };
    if !next_line(&mut line)? {
        return Err("no HTTP status line".to_string());
    }
    let status_line = String::from_utf8_lossy(&line).into_owned();
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next().map(str::parse::<u16>)) {
        (Some(v), Some(Ok(code))) if v.starts_with("HTTP/") => code,
        _ => return Err(format!("not an HTTP status line: {status_line:?}")),
    };
    let mut head = Head {
        status,
        headers: Vec::new(),
    };
    loop {
        if !next_line(&mut line)? || line.is_empty() {
            return Ok(head);
        }
        let text = String::from_utf8_lossy(&line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = head.headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            head.headers
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// Undo the transfer and content encodings of a body: chunked, then gzip, deflate, brotli or
/// zstd (what browsers accept, so what archiving crawlers store). At most
/// `max` bytes come out; more is an error, as is an encoding that cannot be undone.
pub(crate) fn decode_body(head: &Head, body: Vec<u8>, max: usize) -> Result<Vec<u8>, String> {
    let chunked = head
        .get("Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    // Some archivers store the body de-chunked but keep the header: then it is used as is.
    let body = if chunked {
        dechunk(&body).unwrap_or(body)
    } else {
        body
    };
    let encoding = head
        .get("Content-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let limited = |r: &mut dyn Read, what: &str| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        r.take(max as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("broken {what} data in the response body: {e}"))?;
        if out.len() > max {
            return Err(format!(
                "page is over the limit of {max} bytes once decompressed"
            ));
        }
        Ok(out)
    };
    match encoding.as_str() {
        "" | "identity" | "none" => Ok(body),
        // Archivers that store the decoded body but keep the header: used as is.
        "gzip" | "x-gzip" if !crate::sniff::is_gzip(&body) => Ok(body),
        "gzip" | "x-gzip" => limited(&mut flate2::read::MultiGzDecoder::new(&body[..]), "gzip"),
        "deflate" => limited(&mut flate2::read::ZlibDecoder::new(&body[..]), "deflate")
            .or_else(|_| limited(&mut flate2::read::DeflateDecoder::new(&body[..]), "deflate")),
        "br" => limited(
            &mut brotli_decompressor::Decompressor::new(&body[..], 4096),
            "brotli",
        ),
        "zstd" => match ruzstd::decoding::StreamingDecoder::new(&body[..]) {
            Ok(mut d) => limited(&mut d, "zstd"),
            Err(e) => Err(format!("broken zstd data in the response body: {e}")),
        },
        other => Err(format!("content encoding {other:?} is not supported")),
    }
}

/// The body of a chunked transfer, or None if it is not well formed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&body[..eol]).ok()?;
        let size_text = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out); // trailers, if any, are not needed
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn head_of(raw: &[u8]) -> (Head, Vec<u8>) {
        let mut r = raw;
        let head = read_head(&mut r).unwrap();
        (head, r.to_vec())
    }

    #[test]
    fn status_headers_and_body() {
        let (head, body) = head_of(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=utf-8\r\nX-A: 1\r\n\r\n<p>hi</p>",
        );
        assert_eq!(head.status, 200);
        assert_eq!(head.get("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(body, b"<p>hi</p>");
        let mut r = &b"<html>\r\n"[..];
        assert!(read_head(&mut r)
            .unwrap_err()
            .contains("not an HTTP status line"));
    }

    #[test]
    fn chunked_and_gzip_are_undone() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>hello</p>").unwrap();
        let zipped = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", 5).into_bytes();
        chunked.extend_from_slice(&zipped[..5]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", zipped.len() - 5).as_bytes());
        chunked.extend_from_slice(&zipped[5..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let (head, _) = head_of(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n",
        );
        assert_eq!(decode_body(&head, chunked, 1000).unwrap(), b"<p>hello</p>");
        assert!(decode_body(&head, zipped.clone(), 5)
            .unwrap_err()
            .contains("over the limit"));
        let broken = zipped[..zipped.len() - 8].to_vec();
        assert!(decode_body(&head, broken, 1000)
            .unwrap_err()
            .contains("broken gzip"));
        let (sdch, _) = head_of(b"HTTP/1.1 200 OK\r\nContent-Encoding: sdch\r\n\r\n");
        assert!(decode_body(&sdch, b"x".to_vec(), 10)
            .unwrap_err()
            .contains("not supported"));
    }

    #[test]
    fn brotli_and_zstd_are_undone() {
        // "<p>hello</p>" as brotli and as zstd compress it.
        let br = vec![
            0x8b, 0x05, 0x80, 0x3c, 0x70, 0x3e, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x3c, 0x2f, 0x70,
            0x3e, 0x03,
        ];
        let zst = vec![
            0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x61, 0x00, 0x00, 0x3c, 0x70, 0x3e, 0x68, 0x65,
            0x6c, 0x6c, 0x6f, 0x3c, 0x2f, 0x70, 0x3e, 0x45, 0xe4, 0x1a, 0x39,
        ];
        let (head, _) = head_of(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n");
        assert_eq!(
            decode_body(&head, br.clone(), 100).unwrap(),
            b"<p>hello</p>"
        );
        assert!(decode_body(&head, br[..6].to_vec(), 100)
            .unwrap_err()
            .contains("broken brotli"));
        assert!(decode_body(&head, br, 5)
            .unwrap_err()
            .contains("over the limit"));
        let (head, _) = head_of(b"HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n");
        assert_eq!(
            decode_body(&head, zst.clone(), 100).unwrap(),
            b"<p>hello</p>"
        );
        assert!(decode_body(&head, b"not zstd".to_vec(), 100)
            .unwrap_err()
            .contains("broken zstd"));
        assert!(decode_body(&head, zst[..12].to_vec(), 100).is_err());
    }
}
