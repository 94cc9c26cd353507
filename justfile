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

# the main job for now: the figures of the sample bulletin as JSON lines
run:
    cargo run --release -- normalize < data/raw/2024-07-15_jornada_continuidad_12.txt

# conformance pass rates per file (needs ../shared)
conformance:
    cargo test --locked --test tests conformance -- --nocapture
