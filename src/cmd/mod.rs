//! One file per subcommand.

pub mod inspect;
pub mod normalize;
#[cfg(feature = "polars")]
pub mod query;
#[cfg(feature = "polars")]
pub mod report;
pub mod run;
pub mod schema;
pub mod validate;
