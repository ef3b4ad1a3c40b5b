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
    if json {
        let mut v = super::export::export_json(&article);
        v["removed"] = serde_json::to_value(&article.removed)?;
        v["origin"] = article.origin.clone().into();
        v["revisions"] = revisions
            .iter()
            .map(|(rev, hash, raw, at)| serde_json::json!({"revision": rev, "content_hash": hash, "origin": raw.origin, "ingested_at": at}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", render(&article));
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
