//! One file per subcommand.

pub mod normalize;
