//! Incremental runs against the full run, in the same process: `cifras run` (the release
//! binary, default pipeline) over `CIFRAS_INCREMENTAL_DOCS` synthetic bulletins (default
//! 100,000), then five re-runs with nothing changed, then five times one new bulletin and a
//! re-run (medians against the full run), then `--full-refresh` — whose tables must be
//! byte-identical to the incremental ones.
//!
//! `cargo bench --bench incremental`

mod bulletins;
#[allow(dead_code)]
#[path = "../tests/common.rs"]
mod common;

use common::parquet_snapshot as snapshot;
use std::time::Instant;

fn cifras(args: &[&str]) -> (f64, String) {
    // each run starts with the previous one's writes on disk, as a nightly run finds them
    // (otherwise a re-run pays for the full run's writeback in its fsyncs)
    let _ = std::process::Command::new("sync").status();
    let t = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(args)
        .output()
        .expect("cifras starts");
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "cifras {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (secs, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Re-runs measured per case.
const REPEATS: usize = 5;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn line<'a>(summary: &'a str, start: &str) -> &'a str {
    summary
        .lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or("")
        .trim()
}

fn main() {
    let docs: u64 = std::env::var("CIFRAS_INCREMENTAL_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut r = bulletins::Lcg(0x1c4e_0001);
    let mut bytes = 0u64;
    for serial in 1..=docs {
        let (text, _) = bulletins::bulletin(&mut r, serial);
        bytes += text.len() as u64;
        std::fs::write(input.join(format!("{serial:07}.txt")), text).unwrap();
    }
    let wh = dir.path().join("wh");
    let (i, w) = (input.to_str().unwrap(), wh.to_str().unwrap());
    let args = ["run", "--input", i, "--warehouse", w];
    println!(
        "{docs} synthetic bulletins, {:.1} MB, default pipeline",
        bytes as f64 / 1e6
    );

    let (full, s) = cifras(&args);
    println!("full run          {full:>8.3} s   {}", line(&s, "inputs:"));
    // re-runs are short and the machine's noise is not: each is measured several times
    let mut noop = Vec::new();
    for _ in 0..REPEATS {
        let (t, s) = cifras(&args);
        println!("nothing changed   {t:>8.3} s   {}", line(&s, "inputs:"));
        noop.push(t);
    }
    let mut one = Vec::new();
    for k in 1..=REPEATS {
        let serial = docs + k as u64;
        let (text, _) = bulletins::bulletin(&mut r, serial);
        std::fs::write(input.join(format!("{serial:07}.txt")), text).unwrap();
        let (t, s) = cifras(&args);
        println!("one new bulletin  {t:>8.3} s   {}", line(&s, "inputs:"));
        one.push(t);
    }
    let incremental = snapshot(&wh);
    let (refresh, s) = cifras(&[&args[..], &["--full-refresh"]].concat());
    println!(
        "--full-refresh    {refresh:>8.3} s   {}",
        line(&s, "inputs:")
    );
    let same = snapshot(&wh) == incremental;
    let (one, noop) = (median(&mut one), median(&mut noop));
    println!(
        "medians of {REPEATS}: one new bulletin {one:.3} s = {:.2} % of the full run (floor: under 5 %); nothing changed {noop:.3} s = {:.2} %",
        one / full * 100.0,
        noop / full * 100.0
    );
    println!(
        "incremental and --full-refresh tables byte-identical: {}",
        if same { "yes" } else { "NO" }
    );
    assert!(same, "the incremental tables differ from --full-refresh");
    // CIFRAS_INCREMENTAL_KEEP=1 keeps the corpus and warehouse, to profile re-runs
    if std::env::var_os("CIFRAS_INCREMENTAL_KEEP").is_some() {
        println!("kept: {}", dir.keep().display());
    }
}
