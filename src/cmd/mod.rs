//! One file per subcommand.

pub mod inspect;
pub mod normalize;
pub mod query;
pub mod report;
pub mod run;
pub mod schema;
pub mod validate;
