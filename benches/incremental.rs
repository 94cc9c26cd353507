//! Incremental runs against the full run, in the same process: `cifras run` (the release
//! binary, default pipeline) over `CIFRAS_INCREMENTAL_DOCS` synthetic bulletins (default
//! 100,000), then a re-run with nothing changed, then one new bulletin and a re-run, then
//! `--full-refresh` — whose tables must be byte-identical to the incremental ones.
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
    let (noop, s) = cifras(&args);
    println!("nothing changed   {noop:>8.3} s   {}", line(&s, "inputs:"));
    let (text, _) = bulletins::bulletin(&mut r, docs + 1);
    std::fs::write(input.join(format!("{:07}.txt", docs + 1)), text).unwrap();
    let (one, s) = cifras(&args);
    println!("one new bulletin  {one:>8.3} s   {}", line(&s, "inputs:"));
    let incremental = snapshot(&wh);
    let (refresh, s) = cifras(&[&args[..], &["--full-refresh"]].concat());
    println!(
        "--full-refresh    {refresh:>8.3} s   {}",
        line(&s, "inputs:")
    );
    let same = snapshot(&wh) == incremental;
    println!(
        "one new bulletin / full run: {:.2} %  (floor: under 5 %); nothing changed / full run: {:.2} %",
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
