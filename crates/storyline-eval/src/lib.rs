//! Evaluation harnesses of Storyline.
//!
//! Each harness reads labelled data (usually `../shared/data`), runs one stage of the pipeline
//! and prints the measure the issue asks for. The CLI exposes them as `storyline eval …`.

pub mod cluster;
pub mod ptb;
pub mod rouge;
pub mod tls;
pub mod words;
