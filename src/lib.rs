//! cifras: IMSS press bulletins (Spanish) into analysis-ready tables.
//!
//! The library is the figure reader ([`figures`]) and the command line ([`cli`]); the binary
//! is a thin wrapper around [`cli::run`].

pub mod cli;
mod cmd;
pub mod dates;
mod error;
pub mod extract;
pub mod facts;
#[doc(hidden)]
pub mod fault;
pub mod figures;
pub mod ingest;
pub mod pipeline;
#[cfg(feature = "polars")]
pub mod report;
pub mod run;
pub mod stages;
mod state;
pub mod tables;
pub mod vocab;
pub mod warehouse;

pub use cmd::normalize::render as normalize_line;
pub use error::Error;
pub use figures::{DateSpan, Dec, Figure, Kind, Locale, Qualifier, Reading, read, read_into};
