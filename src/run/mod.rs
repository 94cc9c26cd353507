//! A batch run over a folder of bulletins, in its phases:
//!
//! 1. [`plan`]: the inputs listed while the last run's state is read, spread over buckets
//!    (by path), each bucket compared with its record;
//! 2. [`feed`] and [`writer`]: bucket by bucket in order, each kept as it is, patched or
//!    rebuilt — its inputs through the stages ([`rows`], in parallel) on the main thread
//!    while the writer thread writes the previous bucket's files ([`bucket`]), and the
//!    run's [`tally`] grows;
//! 3. [`commit`]: the quarantine, the state for the next run ([`state`]) and the jornadas,
//!    then the commit of the warehouse.
//!
//! `cifras extract` and `cifras facts` start from the committed documents instead
//! ([`documents`]). [`fault`] is the tests' hook to fail a run at any of these points.

mod bucket;
mod commit;
mod diff;
mod documents;
#[doc(hidden)]
pub mod fault;
mod feed;
mod patch;
mod plan;
mod rows;
mod state;
mod tally;
mod writer;

pub use state::{bucket_count, bucket_of};

use crate::config::Loaded;
use crate::digest::hex;
use crate::error::Error;
use crate::ingest::{self, Quarantined};
use crate::log::Log;
use crate::vocab::Vocabulary;
use crate::warehouse::{InputCounts, TableFiles, Warehouse};
use sha2::{Digest, Sha256};
use state::{Counts, RunState};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stages {
    /// ingest and extract: documents, mentions, quarantine
    All,
    /// documents and quarantine
    Ingest,
    /// mentions, from the documents already in the warehouse
    Extract,
    /// facts, jornadas and checks, from the documents already in the warehouse
    Facts,
}

impl Stages {
    /// Only `run` keeps a state for the next run (the stage commands drop it).
    fn keeps_state(self) -> bool {
        self == Stages::All
    }

    pub fn name(&self) -> &'static str {
        match self {
            Stages::All => "run",
            Stages::Ingest => "ingest",
            Stages::Extract => "extract",
            Stages::Facts => "facts",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub pipeline: Loaded,
    /// The domain vocabulary and the hash of its text.
    pub vocabulary: Vocabulary,
    pub vocabulary_hash: String,
    pub input: PathBuf,
    pub warehouse: PathBuf,
    pub jobs: Option<usize>,
    pub strict: bool,
    /// Rebuild every bucket, ignoring the last run's state.
    pub full_refresh: bool,
    pub dry_run: bool,
}

/// What a run did, for the summary and the tests.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub run_id: String,
    /// Inputs listed.
    pub read: u64,
    /// Files under the input folder that are not inputs (other endings): never read.
    pub skipped: u64,
    /// Inputs compared with the last run (all new without a reusable state).
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Buckets of inputs, and how many were rebuilt.
    pub buckets: u32,
    pub rebuilt: u32,
    /// Unchanged documents of rebuilt buckets whose rows were carried over.
    pub kept: u64,
    pub listing_seconds: f64,
    pub processing_seconds: f64,
    pub documents: u64,
    pub quarantined: Vec<Quarantined>,
    pub figures: u64,
    pub dates: u64,
    pub facts: u64,
    pub jornadas: u64,
    pub mismatches: u64,
    pub bytes: u64,
    pub tables: BTreeMap<String, u64>,
    pub manifest: Option<PathBuf>,
    pub seconds: f64,
}

impl Summary {
    /// Takes the counts of the buckets (or documents) a run went through.
    fn count(&mut self, c: &Counts) {
        self.documents = c.documents;
        self.figures = c.figures;
        self.dates = c.dates;
        self.facts = c.facts;
        self.mismatches = c.mismatches;
        self.bytes = c.bytes;
    }
}

/// What a run shares with the writing of its buckets.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    stages: Stages,
    opts: &'a Options,
    log: Log,
    clock: Instant,
    pool: &'a rayon::ThreadPool,
    cfg: &'a crate::config::WarehouseConfig,
    with_facts: bool,
    /// The staging folder, and the live warehouse (the last commit).
    stage_dir: &'a std::path::Path,
    live: &'a std::path::Path,
}

fn now() -> (SystemTime, String) {
    let t = SystemTime::now();
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (t, crate::dates::rfc3339(secs))
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let mut b = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("cifras-worker-{i}"));
    if let Some(n) = jobs {
        if n == 0 {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        b = b.num_threads(n);
    }
    b.build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))
}

/// Adds one bucket's files to the run's tables.
fn add_tables(tables: &mut BTreeMap<String, TableFiles>, bucket: &BTreeMap<String, TableFiles>) {
    for (t, f) in bucket {
        tables.entry(t.clone()).or_default().add(f);
    }
}

/// What an incremental run compares its inputs with: the pipeline, vocabulary and command.
fn fingerprint(opts: &Options, stages: Stages) -> String {
    let mut h = Sha256::new();
    h.update(opts.pipeline.hash.as_bytes());
    h.update(opts.vocabulary_hash.as_bytes());
    h.update(stages.name().as_bytes());
    hex(&h.finalize())
}

/// Runs the stages and commits their tables.
pub fn run(stages: Stages, opts: &Options, log: Log) -> Result<Summary, Error> {
    // JSON log lines carry the command and warehouse of the run they belong to
    let _span = tracing::info_span!(
        "run",
        command = stages.name(),
        warehouse = %opts.warehouse.display()
    )
    .entered();
    let clock = Instant::now();
    let (_, started_at) = now();
    let p = &opts.pipeline.pipeline;
    let cfg = &p.warehouse;
    let pool = pool(opts.jobs)?;
    let mut summary = Summary::default();

    if matches!(stages, Stages::Extract | Stages::Facts) {
        return documents::from_documents(stages, opts, log, pool, started_at, clock);
    }
    if !opts.input.is_dir() {
        return Err(Error::Usage(format!(
            "input folder {} does not exist or is not a folder",
            opts.input.display()
        )));
    }
    let fp = fingerprint(opts, stages);
    // the lock first (and the recovery of an interrupted commit)
    let wh = match opts.dry_run {
        true => None,
        false => Some(Warehouse::open(&opts.warehouse)?),
    };
    let plan::Listed {
        listing: ingest::Listing { inputs, skipped },
        listed_at,
        last,
    } = plan::list(opts, stages, &fp, log, clock)?;
    summary.skipped = skipped;
    summary.read = inputs.len() as u64;
    let total: u64 = inputs.iter().map(|i| i.bytes).sum();
    let plan::Plan {
        buckets,
        spread,
        old,
        diffs,
        changes: diff,
        reusing,
    } = plan::compare_with_last(&inputs, last, cfg.bucket_bytes, &pool, log);
    let spread = &spread;
    summary.new = diff.new;
    summary.changed = diff.changed;
    summary.unchanged = diff.unchanged;
    summary.removed = diff.removed;
    summary.buckets = buckets;
    summary.listing_seconds = clock.elapsed().as_secs_f64();
    log.debug(&format!(
        "compared the inputs with it at {:.3} s",
        summary.listing_seconds
    ));
    if opts.dry_run {
        println!(
            "would read {} input(s) ({:.1} MB) into {buckets} bucket(s): {} new, {} changed, {} unchanged, {} removed{}",
            inputs.len(),
            total as f64 / 1e6,
            diff.new,
            diff.changed,
            diff.unchanged,
            diff.removed,
            if !reusing {
                " (no reusable state: a full build)"
            } else {
                ""
            }
        );
        for c in &diff.list {
            println!("  {} {}", c.change, c.path);
        }
        summary.seconds = clock.elapsed().as_secs_f64();
        return Ok(summary);
    }
    let wh = wh.expect("opened unless a dry run");
    let stage = wh.stage("run")?;
    let with_facts = stages == Stages::All && p.facts.is_some();
    // A progress bar on a terminal only (never in logs or under a scheduler).
    let bar = match log.progress() {
        true => {
            let bar = indicatif::ProgressBar::new(inputs.len() as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {bar:32} {pos}/{len} bulletins, {elapsed} so far, {eta} left",
            ) {
                bar.set_style(style);
            }
            bar
        }
        false => indicatif::ProgressBar::hidden(),
    };
    let ctx = Ctx {
        stages,
        opts,
        log,
        clock,
        pool: &pool,
        cfg,
        with_facts,
        stage_dir: &stage.dir,
        live: &wh.root,
    };
    let feed::Written {
        mut tally,
        rebuilt,
        kept,
    } = feed::write_buckets(ctx, spread, old, &diffs, &fp, &bar)?;
    summary.rebuilt = rebuilt;
    summary.kept = kept;
    log.debug(&format!(
        "buckets done at {:.3} s",
        clock.elapsed().as_secs_f64()
    ));
    summary.processing_seconds = clock.elapsed().as_secs_f64() - summary.listing_seconds;

    tally.fill_summary(&mut summary);
    for q in &summary.quarantined {
        log.warn(&format!("quarantined {}: {}", q.source_path, q.reason));
    }
    if opts.strict && !summary.quarantined.is_empty() {
        return Err(Error::Failed(format!(
            "{} input(s) quarantined and --strict is set: nothing committed",
            summary.quarantined.len()
        )));
    }
    let extra = commit::write_run_tables(
        ctx,
        &mut tally,
        &mut summary,
        RunState::new(&fp, buckets, listed_at),
    )?;
    let counts = InputCounts {
        folder: opts.input.display().to_string(),
        read: summary.read,
        skipped: summary.skipped,
        new: summary.new,
        changed: summary.changed,
        unchanged: summary.unchanged,
        removed: summary.removed,
        documents: summary.documents,
        quarantined: summary.quarantined.len() as u64,
        bytes: summary.bytes,
        buckets,
        buckets_rebuilt: rebuilt,
        documents_kept: kept,
    };
    let mut commit_plan = commit::CommitPlan {
        counts,
        changes: diff.list,
        extra,
        remove: Vec::new(),
    };
    if !stages.keeps_state() {
        commit_plan.remove.push(state::STATE_DIR.to_string());
    }
    commit::commit(
        &wh,
        stage,
        stages,
        opts,
        &mut summary,
        tally.tables,
        commit_plan,
        started_at,
        clock,
    )
}
