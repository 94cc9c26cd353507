//! The integration test index: one binary, one module per concern.

/// Shared helpers: the `Workdir` that runs the real binary, the path to `../shared`.
mod common;
/// Pass rates against the third-party Spanish number suites (floors asserted).
mod conformance;
