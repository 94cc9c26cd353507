//! The whole batch run (`cifras run`, the release binary as a child process) over a corpus
//! of synthetic bulletins: MB/s, documents/s, peak RSS, and the recall of the figures and
//! dates the generator wrote. Two corpus sizes in the same run show whether memory grows
//! with the corpus.
//!
//! `cargo bench --bench pipeline` (sizes in MB: `CIFRAS_PIPELINE_MB=50,200`, the default).

mod bulletins;

use arrow::array::{Array, Date32Array, Float64Array, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.push(p);
            }
        }
    }
    out
}

fn read_columns(dir: &Path, cols: &[&str], mut f: impl FnMut(&arrow::record_batch::RecordBatch)) {
    for file in parquet_files(dir) {
        let b =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&file).unwrap()).unwrap();
        let mask =
            parquet::arrow::ProjectionMask::columns(b.parquet_schema(), cols.iter().copied());
        for batch in b.with_projection(mask).build().unwrap() {
            f(&batch.unwrap());
        }
    }
}

/// Runs the binary; returns (seconds, peak RSS in MB, exit status).
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives the peak RSS
fn run_measured(args: &[&str]) -> (f64, f64, i32) {
    let t = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("cifras starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage are valid for writes.
    let r = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(r > 0, "wait4 failed");
    let secs = t.elapsed().as_secs_f64();
    (
        secs,
        usage.ru_maxrss as f64 / 1024.0,
        libc::WEXITSTATUS(status),
    )
}

struct Result {
    mb: f64,
    docs: usize,
    /// ingest and extract only
    ie_secs: f64,
    ie_rss: f64,
    secs: f64,
    rss_mb: f64,
    fig_recall: f64,
    date_recall: f64,
}

fn bench(target_mb: u64) -> Result {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut r = bulletins::Lcg(0x00c1_f4a5 + target_mb);
    let mut truth: HashMap<String, bulletins::Truth> = HashMap::new();
    let mut bytes = 0u64;
    let mut serial = 0u64;
    while bytes < target_mb * 1_000_000 {
        serial += 1;
        let (text, t) = bulletins::bulletin(&mut r, serial);
        let name = input.join(format!("{serial:07}.txt"));
        std::fs::write(&name, &text).unwrap();
        bytes += text.len() as u64;
        truth.insert(name.to_string_lossy().into_owned(), t);
    }
    // the same corpus through ingest and extract only (a pipeline without [facts]) …
    let no_facts = dir.path().join("no_facts.toml");
    std::fs::write(
        &no_facts,
        cifras::pipeline::DEFAULT_TOML.replace("[facts]", ""),
    )
    .unwrap();
    let (ie_secs, ie_rss, code) = run_measured(&[
        "run",
        "-q",
        "--pipeline",
        no_facts.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--warehouse",
        dir.path().join("wh_ie").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "cifras run (no facts) failed");
    // … and the whole run
    let wh = dir.path().join("wh");
    let (secs, rss_mb, code) = run_measured(&[
        "run",
        "-q",
        "--input",
        input.to_str().unwrap(),
        "--warehouse",
        wh.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "cifras run failed");

    // doc_id → source path, then what the run found per document
    let mut path_of: HashMap<String, String> = HashMap::new();
    read_columns(&wh.join("documents"), &["doc_id", "source_path"], |b| {
        let id = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        let p = b.column(1).as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..b.num_rows() {
            path_of.insert(id.value(i).to_string(), p.value(i).to_string());
        }
    });
    let mut found_figs: HashMap<String, Vec<(f64, String)>> = HashMap::new();
    let mut found_dates: HashMap<String, Vec<(i32, i32)>> = HashMap::new();
    read_columns(
        &wh.join("mentions"),
        &["doc_id", "value", "kind", "date_start", "date_end"],
        |b| {
            let id = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
            let value = b.column(1).as_any().downcast_ref::<Float64Array>().unwrap();
            let kind = b.column(2).as_any().downcast_ref::<StringArray>().unwrap();
            let ds = b.column(3).as_any().downcast_ref::<Date32Array>().unwrap();
            let de = b.column(4).as_any().downcast_ref::<Date32Array>().unwrap();
            for i in 0..b.num_rows() {
                let doc = path_of[id.value(i)].clone();
                if kind.value(i) == "date" {
                    if !ds.is_null(i) {
                        found_dates
                            .entry(doc)
                            .or_default()
                            .push((ds.value(i), de.value(i)));
                    }
                } else {
                    found_figs
                        .entry(doc)
                        .or_default()
                        .push((value.value(i), kind.value(i).to_string()));
                }
            }
        },
    );
    let (mut fig_total, mut fig_hit, mut date_total, mut date_hit) =
        (0usize, 0usize, 0usize, 0usize);
    for (doc, t) in &truth {
        let mut figs = found_figs.remove(doc).unwrap_or_default();
        for (v, k) in &t.figures {
            fig_total += 1;
            if let Some(pos) = figs.iter().position(|(fv, fk)| fv == v && fk == k) {
                figs.swap_remove(pos);
                fig_hit += 1;
            }
        }
        let mut dates = found_dates.remove(doc).unwrap_or_default();
        for d in &t.dates {
            date_total += 1;
            if let Some(pos) = dates.iter().position(|x| x == d) {
                dates.swap_remove(pos);
                date_hit += 1;
            }
        }
    }
    // CIFRAS_PIPELINE_KEEP=1 keeps the corpus and warehouse, to look at them or profile
    if std::env::var_os("CIFRAS_PIPELINE_KEEP").is_some() {
        println!("  kept {}", dir.keep().display());
    }
    Result {
        mb: bytes as f64 / 1e6,
        docs: truth.len(),
        ie_secs,
        ie_rss,
        secs,
        rss_mb,
        fig_recall: fig_hit as f64 / fig_total as f64,
        date_recall: date_hit as f64 / date_total as f64,
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and wants a quick check
    let sizes: Vec<u64> = std::env::var("CIFRAS_PIPELINE_MB")
        .unwrap_or_else(|_| {
            if std::env::args().any(|a| a == "--bench") {
                "50,200"
            } else {
                "2"
            }
            .into()
        })
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cifras run over synthetic bulletins ({cores} cores):");
    println!(
        "  {:>8} {:>8} {:>26} {:>36} {:>11} {:>10}",
        "", "", "ingest + extract", "ingest + extract + facts", "", ""
    );
    println!(
        "  {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>11} {:>10}",
        "MB",
        "docs",
        "MB/s",
        "docs/s",
        "RSS MB",
        "seconds",
        "MB/s",
        "docs/s",
        "RSS MB",
        "fig recall",
        "date recall"
    );
    let mut rows = Vec::new();
    for size in sizes {
        let r = bench(size);
        println!(
            "  {:>8.1} {:>8} {:>8.1} {:>8.0} {:>8.0} {:>8.2} {:>8.1} {:>9.0} {:>8.0} {:>10.2}% {:>9.2}%",
            r.mb,
            r.docs,
            r.mb / r.ie_secs,
            r.docs as f64 / r.ie_secs,
            r.ie_rss,
            r.secs,
            r.mb / r.secs,
            r.docs as f64 / r.secs,
            r.rss_mb,
            100.0 * r.fig_recall,
            100.0 * r.date_recall
        );
        rows.push(r);
    }
    if let (Some(a), Some(b)) = (rows.first(), rows.last())
        && rows.len() > 1
    {
        println!(
            "  peak RSS ratio {:.0} MB / {:.0} MB corpus: {:.2}x for {:.1}x the input",
            b.mb,
            a.mb,
            b.rss_mb / a.rss_mb,
            b.mb / a.mb
        );
    }
}
