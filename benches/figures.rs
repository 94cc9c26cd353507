//! Throughput of the figure reader on bulletin-like text, against text2num-rs 2.8
//! (`replace_numbers_in_text`) on the same text in the same run.
//!
//! `cargo bench --bench figures` prints criterion's statistics for each variant, then a
//! summary with MB/s and the ratios (best of several whole-corpus passes per variant).

mod corpus;

use cifras::{Locale, Reading, normalize_line, read_into};
use criterion::{Criterion, Throughput};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::{Duration, Instant};

const CORPUS_BYTES: usize = 20 * 1024 * 1024;

fn cifras_read(lines: &[String]) -> usize {
    // as `cifras normalize` reads: one reused output buffer per thread
    let mut out = Reading::default();
    lines
        .iter()
        .map(|l| {
            read_into(l, Locale::EsMx, &mut out);
            out.figures.len()
        })
        .sum()
}

fn cifras_normalize(lines: &[String]) -> usize {
    lines
        .iter()
        .map(|l| normalize_line(l, Locale::EsMx).len())
        .sum()
}

fn cifras_normalize_parallel(pool: &rayon::ThreadPool, lines: &[String]) -> usize {
    pool.install(|| {
        lines
            .par_iter()
            .map(|l| normalize_line(l, Locale::EsMx).len())
            .sum()
    })
}

fn text2num(lines: &[String]) -> usize {
    let es = text2num::Language::spanish();
    lines
        .iter()
        .map(|l| text2num::replace_numbers_in_text(l, &es, 10.0).len())
        .sum()
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn criterion_runs(lines: &[String], bytes: usize, pool: &rayon::ThreadPool, cores: usize) {
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let mut g = c.benchmark_group("figures");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("cifras_read_1thread", |b| b.iter(|| cifras_read(lines)));
    g.bench_function("cifras_normalize_1thread", |b| {
        b.iter(|| cifras_normalize(lines))
    });
    g.bench_function(format!("cifras_normalize_{cores}threads"), |b| {
        b.iter(|| cifras_normalize_parallel(pool, lines))
    });
    g.bench_function("text2num_replace_1thread", |b| b.iter(|| text2num(lines)));
    g.finish();
    c.final_summary();
}

fn main() {
    let lines = match std::env::var("CIFRAS_BENCH_TEXT") {
        // a text file repeated to the corpus size, to compare with real bulletins
        Ok(path) => {
            let text = std::fs::read_to_string(&path).expect("CIFRAS_BENCH_TEXT is readable");
            let paras: Vec<String> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect();
            let mut out = Vec::new();
            let mut total = 0;
            while total < CORPUS_BYTES {
                for p in &paras {
                    total += p.len() + 1;
                    out.push(p.clone());
                }
            }
            out
        }
        Err(_) => corpus::lines(CORPUS_BYTES),
    };
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mb = bytes as f64 / 1e6;
    // CIFRAS_BENCH_DUMP=FILE writes the corpus out, to look at it or feed it to other tools
    if let Some(path) = std::env::var_os("CIFRAS_BENCH_DUMP") {
        std::fs::write(&path, lines.join("\n") + "\n").expect("CIFRAS_BENCH_DUMP is writable");
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores)
        .build()
        .expect("thread pool");
    // CIFRAS_BENCH_PROFILE=1: only the reader, for a profiler
    if std::env::var_os("CIFRAS_BENCH_PROFILE").is_some() {
        let t = best_of(10, || cifras_read(&lines));
        println!("cifras read: {:.1} MB/s", mb / t.as_secs_f64());
        return;
    }
    // CIFRAS_BENCH_QUICK=1 skips criterion and prints only the summary
    if std::env::var_os("CIFRAS_BENCH_QUICK").is_none() {
        criterion_runs(&lines, bytes, &pool, cores);
    }

    // The summary: every variant on the same corpus, in this process. The ratio to
    // text2num-rs is taken pair by pair (cifras, then text2num-rs, five times; the median
    // pair): the machine's speed drifts within a run, and best-of times taken minutes apart
    // moved the ratio by 2× between runs.
    let mut pairs: Vec<(Duration, Duration)> = (0..5)
        .map(|_| {
            let c = best_of(3, || cifras_read(&lines));
            let t = best_of(1, || text2num(&lines));
            (c, t)
        })
        .collect();
    pairs.sort_by(|a, b| {
        let r = |p: &(Duration, Duration)| p.1.as_secs_f64() / p.0.as_secs_f64();
        r(a).total_cmp(&r(b))
    });
    let (read_t, t2n_t) = pairs[pairs.len() / 2];
    let norm_t = best_of(5, || cifras_normalize(&lines));
    let par_t = best_of(5, || cifras_normalize_parallel(&pool, &lines));
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "\nsummary on {mb:.1} MB of bulletin-like text ({} lines):",
        lines.len()
    );
    println!(
        "  cifras read, 1 thread          {:>8.1} MB/s",
        rate(read_t)
    );
    println!(
        "  cifras normalize, 1 thread     {:>8.1} MB/s",
        rate(norm_t)
    );
    println!(
        "  cifras normalize, {cores} threads    {:>8.1} MB/s",
        rate(par_t)
    );
    println!("  text2num-rs 2.8, 1 thread      {:>8.1} MB/s", rate(t2n_t));
    println!(
        "  ratio cifras read / text2num   {:>8.1} x  (median of 5 pairs)",
        t2n_t.as_secs_f64() / read_t.as_secs_f64()
    );
    println!(
        "  ratio normalize {cores} threads / 1   {:>8.2} x",
        norm_t.as_secs_f64() / par_t.as_secs_f64()
    );
}
