//! `cifras run`, `cifras ingest`, `cifras extract`, `cifras facts`: the batch stages
//! (SPEC §3), over [`crate::run`].

use crate::config;
use crate::error::Error;
use crate::log::Log;
use crate::run::{self, Options, Stages, Summary};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Pipeline file (default: pipelines/jornadas.toml here, else the built-in one).
    #[arg(long)]
    pub pipeline: Option<PathBuf>,
    /// Folder of raw bulletins (default: the pipeline's ingest.input, data/raw).
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Warehouse folder.
    #[arg(long, default_value = "data/warehouse")]
    pub warehouse: PathBuf,
    /// Worker threads (default: one per core). Output is the same for any number.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Fail (exit 1, nothing committed) if any input is quarantined.
    #[arg(long)]
    pub strict: bool,
    /// Rebuild everything, ignoring what the last run recorded (gives the same bytes as an
    /// incremental run).
    #[arg(long)]
    pub full_refresh: bool,
    /// Say what would change (new, changed, removed inputs); write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(stages: Stages, args: Args, log: Log) -> Result<(), Error> {
    let loaded = config::load(args.pipeline.as_deref())?;
    let input = args
        .input
        .clone()
        .unwrap_or_else(|| loaded.pipeline.ingest.input.clone());
    log.info(&format!(
        "pipeline {} ({}), input {}, warehouse {}",
        loaded.pipeline.name,
        loaded.source,
        input.display(),
        args.warehouse.display()
    ));
    let vocab = loaded.vocabulary()?;
    log.info(&format!("vocabulary {}", vocab.source));
    let opts = Options {
        vocabulary: vocab.vocabulary,
        vocabulary_hash: vocab.hash,
        pipeline: loaded,
        input,
        warehouse: args.warehouse,
        jobs: args.jobs,
        strict: args.strict,
        full_refresh: args.full_refresh,
        dry_run: args.dry_run,
    };
    let summary = run::run(stages, &opts, log)?;
    if !opts.dry_run {
        print_summary(stages, &opts, &summary);
    }
    Ok(())
}

fn print_summary(stages: Stages, opts: &Options, s: &Summary) {
    let mb = s.bytes as f64 / 1e6;
    println!(
        "cifras {}: {} read, {} documents, {} quarantined{}{}",
        stages.name(),
        s.read,
        s.documents,
        s.quarantined.len(),
        match s.skipped {
            0 => String::new(),
            n => format!(", {n} other file(s) skipped"),
        },
        if s.quarantined.is_empty() {
            String::new()
        } else {
            " (see the quarantine table)".into()
        }
    );
    if matches!(stages, Stages::All | Stages::Ingest) {
        println!(
            "  inputs: {} new, {} changed, {} unchanged, {} removed; {} of {} bucket(s) rebuilt{}",
            s.new,
            s.changed,
            s.unchanged,
            s.removed,
            s.rebuilt,
            s.buckets,
            match s.kept {
                0 => String::new(),
                n => format!(" ({n} unchanged documents' rows carried over)"),
            }
        );
    }
    if stages != Stages::Ingest {
        println!("  mentions: {} figures, {} dates", s.figures, s.dates);
    }
    if stages == Stages::Facts || (stages == Stages::All && opts.pipeline.pipeline.facts.is_some())
    {
        println!(
            "  facts: {} facts, {} jornadas, {} checks that do not reconcile",
            s.facts, s.jornadas, s.mismatches
        );
    }
    let tables: Vec<String> = s.tables.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!(
        "  warehouse {}: {} rows (run {})",
        opts.warehouse.display(),
        tables.join(", "),
        s.run_id
    );
    println!(
        "  time: {:.2} s ({:.1} MB, {:.1} MB/s){}",
        s.seconds,
        mb,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 },
        peak_memory_mb().map_or(String::new(), |m| format!(", peak memory {m:.0} MB"))
    );
}

/// The process's peak resident memory, where the system tells it (Linux: `VmHWM`). Read
/// here, not from the parent's `wait4`: a child spawned by `posix_spawn` inherits its
/// parent's peak there.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
