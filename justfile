# Convenience recipes; every one of them is a plain cargo command (just is optional).

# the README's test command
test:
    cargo test --locked

# figure-reader throughput against text2num-rs (criterion + summary with ratios)
bench:
    cargo bench --bench figures

# the summary only, without criterion's statistics
bench-quick:
    CIFRAS_BENCH_QUICK=1 cargo bench --bench figures

lint:
    cargo fmt --check
    cargo clippy --locked --all-targets -- -D warnings

# exactly what CI runs
ci:
    bash .ci/run

# the main job: data/raw → data/warehouse (the core build: no polars, a quarter of the
# first build's time)
run:
    cargo run --release --no-default-features -- run

# the whole run over synthetic bulletins: MB/s, documents/s, peak RSS, recall
bench-pipeline:
    cargo bench --bench pipeline

# incremental re-runs over 100,000 synthetic bulletins against the full run
bench-incremental:
    cargo bench --bench incremental

# the named reports: polars against DuckDB (needs the venv that .ci/run makes)
bench-queries:
    cargo bench --bench queries

# the interop test alone (needs a venv with tests/interop/requirements.txt)
interop python="python3":
    cargo build --locked
    bash tests/interop/run.sh target/debug/cifras {{python}}

# conformance pass rates per file (needs ../shared)
conformance:
    cargo test --locked --test tests conformance -- --nocapture

# fuzz one target for SECONDS (reader | ingest | extract_facts); needs `cargo install
# cargo-fuzz`; the stable toolchain runs it with RUSTC_BOOTSTRAP=1 (sanitizer flags)
fuzz target="reader" seconds="600":
    RUSTC_BOOTSTRAP=1 cargo fuzz run {{target}} fuzz/corpus/{{target}} fuzz/seeds -- -max_total_time={{seconds}} -max_len=8192

# the core without polars (no query, no report): builds in a fraction of the time
core:
    cargo build --locked --no-default-features
