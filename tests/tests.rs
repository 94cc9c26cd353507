//! The integration test index: one binary, one module per concern.

/// SPEC §6 through the real binary: incremental runs equal a full refresh byte for byte;
/// kill -9 at random moments, a fault at every stage, a concurrent run, bad inputs.
mod batch;
/// `cifras normalize` through the real binary (Workdir): JSON, offsets, order, exit codes.
mod cli_normalize;
/// `cifras query` over a warehouse from data/raw: golden counts, formats, scripts, errors.
mod cli_query;
/// The batch commands through the real binary: layout, byte-identical reruns, quarantine,
/// --strict, lock, validate, schema.
mod cli_run;
/// Shared helpers: the `Workdir` that runs the real binary, the path to `../shared`.
mod common;
/// Pass rates against the third-party Spanish number suites (floors asserted).
mod conformance;
/// The sample corpus's mentions pinned in tests/golden/mentions.tsv; offsets slice bodies.
mod golden;
/// Property tests: integers in [0, 10^12) in digits, mixed and word styles read back
/// exactly; arbitrary input never panics and gives valid offsets.
mod props;
/// Every figure and date of the two real seed bulletins (skipped when ../shared is absent).
mod seeds;
