//! One file per subcommand.

pub mod normalize;
pub mod run;
pub mod schema;
pub mod validate;
