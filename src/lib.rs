//! cifras: IMSS press bulletins (Spanish) into analysis-ready tables.
//!
//! The modules in the order a bulletin goes through them (`docs/architecture.md` draws it):
//! [`stages`] says it in one function for one input; [`run`] does it for a folder, in
//! buckets, and commits the [`warehouse`]; `report` and `cifras query` read it back. The
//! binary is a thin wrapper around [`cli::run`].

// the categorical values of the tables (a macro the modules below use)
#[macro_use]
pub mod domain;

// what a run is told
pub mod cli;
mod cmd;
pub mod config;
pub mod log;

// the stages, in order
pub mod stages;
pub mod ingest;
pub mod figures;
pub mod extract;
pub mod vocab;
pub mod facts;

// the batch and its tables
pub mod run;
pub mod tables;
pub mod warehouse;
#[cfg(feature = "polars")]
pub mod report;

// shared below them all
pub mod dates;
pub mod digest;
mod error;
pub mod fold;
#[cfg(test)]
mod testing;

pub use error::Error;
pub use figures::json_line as normalize_line;
pub use figures::{DateSpan, Dec, Figure, Kind, Locale, Qualifier, Reading, read, read_into};
