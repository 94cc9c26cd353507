//! The named reports of `cifras report` (polars, in this process) against DuckDB (Python,
//! `benches/queries.py`) running the equivalent SQL over the same Parquet files, in the
//! same run (the same row counts and column sums asserted): the warehouse is built by the release binary from synthetic bulletins until
//! it holds at least `CIFRAS_QUERIES_MENTIONS` mentions (default 1,000,000).
//!
//! Each side: one warm-up, then `CIFRAS_QUERIES_REPS` runs (default 7) of planning, scan and
//! collecting the whole result; the medians are compared. Both sides must return the same
//! number of rows. DuckDB comes from the venv that `.ci/run` makes (`CIFRAS_VENV`, default
//! `~/.cache/cifras-venv`).
//!
//! `cargo bench --bench queries`

mod bulletins;

use polars::prelude::{ChunkAgg, DataFrame, DataType};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn venv_python() -> PathBuf {
    let venv = std::env::var_os("CIFRAS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/cifras-venv")
        });
    let py = venv.join("bin/python");
    assert!(
        py.is_file(),
        "no Python venv with DuckDB at {}: run `bash .ci/run` once, or make one and \
         `pip install -r tests/interop/requirements.txt` (CIFRAS_VENV names it)",
        venv.display()
    );
    py
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes bulletins until their figures and dates reach `mentions`; returns the count
/// written by the generator and the bytes.
fn corpus(input: &Path, mentions: u64) -> (u64, u64, u64) {
    std::fs::create_dir_all(input).unwrap();
    let mut r = bulletins::Lcg(0x0051_9e11);
    let (mut n, mut bytes, mut serial) = (0u64, 0u64, 0u64);
    while n < mentions {
        serial += 1;
        let (text, t) = bulletins::bulletin(&mut r, serial);
        std::fs::write(input.join(format!("{serial:07}.txt")), &text).unwrap();
        bytes += text.len() as u64;
        n += (t.figures.len() + t.dates.len()) as u64;
    }
    (serial, n, bytes)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter we do not have.
    let want = env_u64("CIFRAS_QUERIES_MENTIONS", 1_000_000);
    let reps = env_u64("CIFRAS_QUERIES_REPS", 7).max(1) as usize;
    let python = venv_python();
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    let wh = dir.path().join("wh");
    let (docs, generated, bytes) = corpus(&input, want);
    let t = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(["run", "-q", "--input"])
        .arg(&input)
        .arg("--warehouse")
        .arg(&wh)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("cifras starts");
    assert!(status.success(), "cifras run failed");
    let build_secs = t.elapsed().as_secs_f64();
    let mentions = table_rows(&wh, "mentions");
    assert!(
        mentions >= want,
        "the warehouse has {mentions} mentions, fewer than {want}"
    );
    println!(
        "warehouse: {docs} bulletins, {:.1} MB, {generated} figures and dates written, \
         {mentions} mentions, built in {build_secs:.1} s",
        bytes as f64 / 1e6
    );

    // polars, in this process
    let mut polars: Vec<(&str, f64, DataFrame)> = Vec::new();
    for q in cifras::report::QUERIES {
        let run = || {
            (q.build)(&wh)
                .expect("the report builds")
                .collect()
                .expect("the report runs")
        };
        let mut df = run(); // warm-up, as on the DuckDB side
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let t = Instant::now();
            df = run();
            times.push(t.elapsed().as_secs_f64());
        }
        polars.push((q.name, median(&mut times), df));
    }

    // DuckDB, same files, right after
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .arg(&wh)
        .arg(reps.to_string())
        .output()
        .expect("python starts");
    assert!(
        out.status.success(),
        "benches/queries.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let duck: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("JSON from queries.py");

    println!(
        "{} runs each, medians; polars 0.55 (in process) vs DuckDB {} (Python)",
        reps,
        duck["duckdb"].as_str().unwrap_or("?")
    );
    println!(
        "{:<14} {:>8} {:>12} {:>12} {:>8}",
        "report", "rows", "polars ms", "duckdb ms", "ratio"
    );
    let mut worst: f64 = 0.0;
    for (name, secs, df) in &polars {
        let rows = df.height();
        let d = &duck["queries"][name];
        let d_secs = d["median"].as_f64().expect("a DuckDB timing");
        let d_rows = d["rows"].as_u64().expect("a DuckDB row count") as usize;
        assert_eq!(
            rows, d_rows,
            "{name}: polars returned {rows} rows, DuckDB {d_rows}: the queries differ"
        );
        // and the same numbers: the sum of every numeric column DuckDB returned
        let sums = d["sums"].as_object().expect("DuckDB's column sums");
        assert!(!sums.is_empty(), "{name}: no numeric column to compare");
        for (c, v) in sums {
            let want = v.as_f64().unwrap_or(0.0);
            let got = column_sum(df, c);
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{name}.{c}: polars sums to {got}, DuckDB to {want}"
            );
        }
        let ratio = secs / d_secs;
        worst = worst.max(ratio);
        println!(
            "{:<14} {:>8} {:>12.2} {:>12.2} {:>7.2}×",
            name,
            rows,
            secs * 1e3,
            d_secs * 1e3,
            ratio
        );
    }
    println!("slowest ratio polars / DuckDB: {worst:.2}× (floor: 1.5×)");
    // CIFRAS_QUERIES_KEEP=1 keeps the corpus and warehouse, to try queries on them
    if std::env::var_os("CIFRAS_QUERIES_KEEP").is_some() {
        println!("kept: {}", dir.keep().display());
    }
}

/// The sum of a numeric column (nulls skipped), as DuckDB's side computes it.
fn column_sum(df: &DataFrame, name: &str) -> f64 {
    df.column(name)
        .unwrap_or_else(|_| panic!("polars has no column {name}"))
        .as_materialized_series()
        .cast(&DataType::Float64)
        .expect("a numeric column")
        .f64()
        .expect("cast to f64")
        .sum()
        .unwrap_or(0.0)
}

/// The rows of a table, from its Parquet footers.
fn table_rows(wh: &Path, table: &str) -> u64 {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    cifras::warehouse::table_files(wh, table)
        .iter()
        .map(|f| {
            let r = SerializedFileReader::new(std::fs::File::open(f).unwrap()).unwrap();
            r.metadata().file_metadata().num_rows() as u64
        })
        .sum()
}
