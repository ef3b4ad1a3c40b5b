//! Development aid: runs the WCXB measure, prints the figures on the whole set and on the
//! even- and odd-numbered halves (to check a rule helps both), and writes every page's result
//! as JSON to the path given second (optional).
//!
//! `cargo run --release -p storyline-extract --example meta_eval -- DIR [OUT.json]`

use storyline_extract::eval::{run, PageResult};

fn acc(rs: &[&PageResult], f: impl Fn(&PageResult) -> Option<bool>) -> String {
    let v: Vec<bool> = rs.iter().filter_map(|r| f(r)).collect();
    let ok = v.iter().filter(|b| **b).count();
    format!(
        "{:.4} ({ok}/{})",
        ok as f64 / v.len().max(1) as f64,
        v.len()
    )
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/data/extraction/wcxb-dev".into());
    let report = run(std::path::Path::new(&dir), None)?;
    print!("{report}");
    for (name, parity) in [("even", 0), ("odd", 1)] {
        let rs: Vec<&PageResult> = report
            .results
            .iter()
            .filter(|r| r.gold_kind == "article")
            .filter(|r| r.id.parse::<usize>().unwrap_or(0) % 2 == parity)
            .collect();
        let f1: Vec<f64> = rs.iter().filter_map(|r| r.f1).collect();
        let all: Vec<&PageResult> = report
            .results
            .iter()
            .filter(|r| r.id.parse::<usize>().unwrap_or(0) % 2 == parity)
            .collect();
        let kind_ok = all
            .iter()
            .filter(|r| {
                r.kind.unwrap_or(storyline_extract::PageKind::Other)
                    == storyline_extract::eval::gold_kind(&r.gold_kind)
            })
            .count();
        println!(
            "{name}: title {}  date {}  author {}  kind {:.4}  wordF1 {:.4}",
            acc(&rs, |r| r.title_ok),
            acc(&rs, |r| r.date_ok),
            acc(&rs, |r| r.author_ok),
            kind_ok as f64 / all.len().max(1) as f64,
            f1.iter().sum::<f64>() / f1.len().max(1) as f64
        );
    }
    if let Some(out) = args.get(2) {
        std::fs::write(out, serde_json::to_string_pretty(&report.results)?)?;
    }
    Ok(())
}
