//! Storyline: a news story engine.
//!
//! This crate wires the stages together (sources → cleaning → store) and holds the command
//! implementations the `storyline` binary calls. Each stage lives in its own crate:
//! [`storyline_ingest`] reads inputs, [`storyline_clean`] cleans text and finds metadata,
//! [`storyline_store`] keeps articles, [`storyline_eval`] measures quality.

pub mod demo;
pub mod language;
pub mod link;
pub mod pipeline;
pub mod serve;
pub mod stories;

pub use pipeline::{ingest, IngestSummary, Progress};
