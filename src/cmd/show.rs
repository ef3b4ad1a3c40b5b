//! `storyline show ID`: one article, readable.

use std::path::Path;
use std::process::ExitCode;

use storyline_core::Article;

pub fn run(id: &str, db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_existing_store(db)?;
    let Some(article) = store.get(id)? else {
        eprintln!("storyline: no article with id {id:?} in {}", db.display());
        return Ok(ExitCode::from(1));
    };
    let revisions = store.revisions(id)?;
    let passages = store.passages(id)?;
    if json {
        let mut v = storyline::stories::article_json(&article);
        v["removed"] = serde_json::to_value(&article.removed)?;
        v["origin"] = article.origin.clone().into();
        v["shared_passages"] = passages
            .iter()
            .map(|p| serde_json::json!({"start": p.start, "end": p.end, "text": passage_text(&article.text, p.start, p.end), "other": p.other, "other_start": p.other_start, "other_end": p.other_end}))
            .collect();
        v["revisions"] = revisions
            .iter()
            .map(|(rev, hash, raw, at)| serde_json::json!({"revision": rev, "content_hash": hash, "origin": raw.origin, "ingested_at": at}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", render(&article));
        if passages.is_empty() {
            println!("shares no passages with other articles");
        } else {
            println!("shares {} passage(s) with other articles:", passages.len());
            for p in &passages {
                println!(
                    "  with {}: \"{}\"",
                    p.other,
                    passage_text(&article.text, p.start, p.end)
                );
            }
        }
        println!("revisions: {}", revisions.len());
        for (rev, hash, raw, at) in &revisions {
            println!(
                "  #{rev} {at} {} {}",
                &hash[..12.min(hash.len())],
                raw.origin
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The text of a passage span, widened to whole sentences nearby (spans are byte offsets into the
/// cleaned text; a span that does not fit the text gives an empty string).
pub fn passage_text(text: &str, start: u32, end: u32) -> String {
    // Fingerprints are sparse, so a found span can start or stop short of the sentence it
    // shares: widen to sentence boundaries this many bytes away.
    const SNAP: usize = 160;
    let (mut s, mut e) = (start as usize, (end as usize).min(text.len()));
    if s >= e {
        return String::new();
    }
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    while e < text.len() && !text.is_char_boundary(e) {
        e += 1;
    }
    // Back to the start of the sentence and on to its end, if they are near.
    let mut back = s.saturating_sub(SNAP);
    while !text.is_char_boundary(back) {
        back += 1;
    }
    if let Some(k) = text[back..s].rfind(['.', '!', '?', '\n']) {
        s = back + k + 1;
    } else if back == 0 {
        s = 0;
    }
    while s > 0
        && text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        s -= text[..s].chars().next_back().map_or(1, char::len_utf8);
    }
    if let Some(stop) = text[e..].find(['.', '!', '?', '\n']).filter(|&k| k < SNAP) {
        e += stop + 1;
        while e < text.len() && !text.is_char_boundary(e) {
            e += 1;
        }
    }
    text[s..e].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Human-readable view of one article.
pub fn render(a: &Article) -> String {
    let mut s = String::new();
    let field = |s: &mut String, name: &str, v: Option<&str>| {
        s.push_str(&format!("{name:<10} {}\n", v.unwrap_or("-")));
    };
    field(&mut s, "id", Some(&a.id));
    field(&mut s, "title", a.title.as_deref());
    field(&mut s, "byline", a.byline.as_deref());
    field(&mut s, "publisher", a.publisher.as_deref());
    let agencies = a.agencies.join(", ");
    field(
        &mut s,
        "agencies",
        (!agencies.is_empty()).then_some(agencies.as_str()),
    );
    field(&mut s, "published", a.published.as_deref());
    field(&mut s, "dateline", a.dateline.as_deref());
    field(&mut s, "language", a.language.as_deref());
    field(&mut s, "url", a.url.as_deref());
    field(&mut s, "source", Some(&a.origin));
    field(&mut s, "event", a.event.as_deref());
    field(&mut s, "storyline", a.storyline.as_deref());
    field(&mut s, "copy of", a.duplicate_of.as_deref());
    s.push('\n');
    s.push_str(&a.text);
    s.push_str("\n\n");
    if a.removed.is_empty() {
        s.push_str("cleaning removed nothing\n");
    } else {
        s.push_str(&format!("cleaning removed {} piece(s):\n", a.removed.len()));
        for r in &a.removed {
            let kind = serde_json::to_value(r.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from));
            s.push_str(&format!("  [{}] {}\n", kind.unwrap_or_default(), r.text));
        }
    }
    s
}
