//! Extracts one page: `cargo run --release -p storyline-extract --example extract_page -- FILE [URL]`
//! (gzip is recognised); prints the metadata and the text.

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: extract_page FILE [URL]"))?;
    let url = args.next();
    let bytes = std::fs::read(&file)?;
    let page = storyline_extract::Page {
        bytes: &bytes,
        url: url.as_deref(),
        content_type: None,
    };
    match storyline_extract::extract(&page) {
        Ok(e) => {
            let mut meta = e.clone();
            meta.text = format!("<{} chars>", e.text.chars().count());
            println!("{}", serde_json::to_string_pretty(&meta)?);
            println!("----\n{}", e.text);
        }
        Err(e) => println!("error: {e}"),
    }
    Ok(())
}
