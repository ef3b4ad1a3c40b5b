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
    let (summary, store) = super::ingest::ingest_paths(&paths, db, false)?;
    let mut articles = Vec::new();
    store.for_each_article(|a| {
        articles.push(a);
        Ok(())
    })?;
    if json {
        let v: Vec<_> = articles
            .iter()
            .map(storyline::stories::article_json)
            .collect();
        let storylines = storyline::stories::list(&store)?;
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"summary": summary, "articles": v, "storylines": storylines})
            )?
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
    let storylines = storyline::stories::list(&store)?;
    println!("\n{} storylines, most covered first:\n", storylines.len());
    for s in &storylines {
        println!("{}  {}", s.id, s.headline);
        for e in &s.events {
            println!(
                "    {:<4} {}  ({} article{}, {}, {})",
                e.id,
                e.headline,
                e.articles.len(),
                super::plural(e.articles.len()),
                storyline::stories::sources_label(e.sources, e.unattributed, "source"),
                e.first.as_deref().unwrap_or("undated")
            );
            for a in e.articles.iter().filter(|a| a.duplicate_of.is_some()) {
                println!(
                    "         {} copies {}",
                    a.id,
                    a.duplicate_of.as_deref().unwrap_or("")
                );
            }
        }
    }
    if let Some(top) = storylines.first() {
        print_story_excerpt(&store, &top.id)?;
    }
    println!(
        "\nTry: storyline show --db {} {}",
        db.display(),
        articles.first().map(|a| a.id.as_str()).unwrap_or("ID")
    );
    println!(
        "     storyline story --db {} {}",
        db.display(),
        storylines.first().map(|s| s.id.as_str()).unwrap_or("s1")
    );
    println!("     storyline search --db {} harbour strike", db.display());
    println!("     storyline export --db {}", db.display());
    println!(
        "     storyline serve --db {}   (then open http://127.0.0.1:8080)",
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The start of the most covered storyline's story view: its summary and dated timeline.
fn print_story_excerpt(store: &storyline_store::Store, id: &str) -> anyhow::Result<()> {
    let Some(story) = storyline::stories::detail(store, id)? else {
        return Ok(());
    };
    println!("\nStory {}: {}", id, story.storyline.headline);
    for c in &story.view.summary {
        println!("  {} [{}]", c.text, c.sources.join(", "));
    }
    println!("  Timeline:");
    for e in story.view.timeline.iter().filter(|e| !e.background).take(6) {
        println!("    {:<10} {}", e.date, e.text);
    }
    Ok(())
}
