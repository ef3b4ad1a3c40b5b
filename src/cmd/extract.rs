//! `storyline extract`: articles out of pages, feeds and web archives, as JSON lines, without
//! a store or cleaning.
//!
//! Every input article (an HTML file, a feed entry, a WARC record; `.txt` and `.jsonl` work
//! too) is one line on stdout: `path` (where it came from: `file`, `file#entry-N` or
//! `file@offset`), `id`, `url`, `title`, `author`, `publisher`, `published`, `language`,
//! `is_article`, `text`. Problems go to stderr naming the place. Files are read in parallel
//! and printed in the order given.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;
use storyline_core::RawArticle;
use storyline_ingest::{discover, read_input, Item, Severity};

/// One output line.
#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    id: String,
    url: Option<&'a str>,
    title: Option<&'a str>,
    author: Option<&'a str>,
    publisher: Option<&'a str>,
    published: Option<&'a str>,
    language: Option<&'a str>,
    is_article: bool,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn of(a: &'a RawArticle) -> Line<'a> {
        // Pages say what they are in `extra.page_kind`; other inputs are articles.
        let kind = a.extra.get("page_kind").and_then(|k| k.as_str());
        Line {
            path: &a.origin,
            id: a.effective_id(),
            url: a.url.as_deref(),
            title: a.title.as_deref(),
            author: a.author.as_deref(),
            publisher: a.publisher.as_deref(),
            published: a.published.as_deref(),
            language: a.language.as_deref(),
            is_article: kind.is_none_or(|k| k == "article"),
            text: &a.text,
        }
    }
}

/// Exit code 1 when anything was rejected (everything else is still printed).
pub fn run(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (inputs, missing) = discover(paths);
    let mut failed = !missing.is_empty();
    for n in &missing {
        eprintln!("{n}");
    }
    // One channel an input: inputs are read in parallel, their articles printed in order as
    // soon as every earlier input is done.
    let (senders, receivers): (Vec<_>, Vec<_>) =
        inputs.iter().map(|_| mpsc::channel::<Item>()).unzip();
    let mut out = BufWriter::new(std::io::stdout().lock());
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(|| {
            inputs
                .par_iter()
                .zip(senders)
                .for_each(|(input, tx)| read_input(input, &mut |item| drop(tx.send(item))));
        });
        for rx in receivers {
            for item in rx {
                match item {
                    Item::Article(a) => {
                        serde_json::to_writer(&mut out, &Line::of(&a))?;
                        out.write_all(b"\n")?;
                    }
                    Item::Notice(n) => {
                        out.flush()?;
                        failed |= n.severity == Severity::Rejected;
                        eprintln!("{n}");
                    }
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
