//! `storyline eval …`: quality measures.

use std::path::PathBuf;
use std::process::ExitCode;

use storyline_eval::words::Pages;

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Word repair: delete a share of the spaces between words in real article text, clean,
    /// and score the spaces restored (precision, recall, F1).
    Words {
        /// Data folder holding extraction/wcxb-dev/ground-truth.
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Share of eligible spaces to delete.
        #[arg(long, default_value_t = 0.03)]
        rate: f64,
        /// Random seed (the measure is deterministic for a seed).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Use at most this many articles.
        #[arg(long)]
        limit: Option<usize>,
        /// Use every WCXB page type (docs, products, forums...), not only article pages.
        #[arg(long)]
        all_pages: bool,
        /// Print up to this many wrong and missed splits.
        #[arg(long, default_value_t = 0)]
        examples: usize,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(what: EvalCommand) -> anyhow::Result<ExitCode> {
    match what {
        EvalCommand::Words {
            data,
            rate,
            seed,
            limit,
            all_pages,
            examples,
            json,
        } => {
            let pages = if all_pages {
                Pages::All
            } else {
                Pages::Articles
            };
            let report =
                storyline_eval::words::run_with(&data, rate, seed, limit, pages, examples)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
