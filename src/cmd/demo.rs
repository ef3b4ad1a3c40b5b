//! `storyline demo`: the bundled sample corpus into a fresh store, and what was found.

use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        if Path::new(&p).exists() {
            std::fs::remove_file(&p)?;
        }
    }
    let dir = tempfile::tempdir()?;
    let paths = storyline::demo::write_corpus(dir.path())?;
    let summary = super::ingest::ingest_paths(&paths, db)?;
    let store = super::open_store(db)?;
    let mut articles = Vec::new();
    store.for_each_article(|a| {
        articles.push(a);
        Ok(())
    })?;
    if json {
        let v: Vec<_> = articles.iter().map(super::export::export_json).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"summary": summary, "articles": v}))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Sample corpus: {} files, {} articles stored in {}\n",
        paths.len(),
        articles.len(),
        db.display()
    );
    for a in &articles {
        println!("{}  {}", a.id, a.title.as_deref().unwrap_or("(no title)"));
        let mut facts = Vec::new();
        for (name, v) in [
            ("by", &a.byline),
            ("publisher", &a.publisher),
            ("date", &a.published),
            ("dateline", &a.dateline),
            ("lang", &a.language),
        ] {
            if let Some(v) = v {
                facts.push(format!("{name}: {v}"));
            }
        }
        if !a.agencies.is_empty() {
            facts.push(format!("agencies: {}", a.agencies.join(", ")));
        }
        facts.push(format!(
            "{} words, {} removed",
            a.text.split_whitespace().count(),
            a.removed.len()
        ));
        println!("    {}", facts.join(" | "));
    }
    println!(
        "\nTry: storyline show --db {} {}",
        db.display(),
        articles.first().map(|a| a.id.as_str()).unwrap_or("ID")
    );
    println!("     storyline export --db {}", db.display());
    Ok(ExitCode::SUCCESS)
}
