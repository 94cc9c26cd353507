//! A batch run: inputs → ingest → extract → Parquet, streamed in batches of input bytes,
//! each batch processed in parallel (rayon) with the order of inputs kept, then committed
//! at once. The stages a command runs are chosen by [`Stages`].

use crate::config::Loaded;
use crate::digest::hex;
use crate::domain::MentionKind;
use crate::error::Error;
use crate::extract::{MentionRow, extract};
use crate::facts::{CheckRow, FactRow, Jornadas};
use crate::ingest::{self, Input, Quarantined};
use crate::log::Log;
use crate::vocab::Vocabulary;
use crate::warehouse::schema::{DOCUMENTS, FACTS, MENTIONS, QUARANTINE};
use crate::warehouse::{
    Change, InputCounts, Manifest, PipelineInfo, TableFiles, TableWriter, Timings, Warehouse,
};
use patch::OldRows;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use state::{BucketState, Counts, Outcome, RunState};
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub use state::{bucket_count, bucket_of};

mod bucket;
mod diff;
#[doc(hidden)]
pub mod fault;
mod patch;
mod rows;
mod state;
mod tally;

use crate::warehouse::rows::{mention_row, quarantine_row};
use bucket::*;
use diff::*;
use rows::{Processed, process};
use tally::Tally;

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

fn now() -> (SystemTime, String) {
    let t = SystemTime::now();
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (t, crate::dates::rfc3339(secs))
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

/// Groups a bucket's inputs (with their index in it) into batches of about `batch_bytes`
/// of raw input.
fn batches<'a>(inputs: &'a [(usize, &Input)], batch_bytes: u64) -> Vec<&'a [(usize, &'a Input)]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut acc = 0u64;
    for (i, (_, inp)) in inputs.iter().enumerate() {
        acc += inp.bytes.max(1);
        if acc >= batch_bytes {
            out.push(&inputs[start..=i]);
            start = i + 1;
            acc = 0;
        }
    }
    if start < inputs.len() {
        out.push(&inputs[start..]);
    }
    out
}

/// One document's facts stage output: its context, facts and checks.
type DocFacts = (crate::facts::Context, Vec<FactRow>, Vec<CheckRow>);

/// Adds one bucket's files to the run's tables.
fn add_tables(tables: &mut BTreeMap<String, TableFiles>, bucket: &BTreeMap<String, TableFiles>) {
    for (t, f) in bucket {
        tables.entry(t.clone()).or_default().add(f);
    }
}

/// A bucketed table that got no rows in any bucket still gets one (empty) file, so that
/// readers find its schema.
fn with_schema_files(
    bucketed: &[crate::warehouse::schema::Table],
    tables: &mut BTreeMap<String, TableFiles>,
    root: &std::path::Path,
    cfg: &crate::config::WarehouseConfig,
) -> Result<(), Error> {
    for t in bucketed {
        let files = tables.entry(t.name.to_string()).or_default();
        if files.files.is_empty() {
            files.add(&TableWriter::new(*t, root, cfg)?.finish()?);
        }
    }
    Ok(())
}

/// What an incremental run compares its inputs with: the pipeline, vocabulary and command.
fn fingerprint(opts: &Options, stages: Stages) -> String {
    let mut h = Sha256::new();
    h.update(opts.pipeline.hash.as_bytes());
    h.update(opts.vocabulary_hash.as_bytes());
    h.update(stages.name().as_bytes());
    hex(&h.finalize())
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
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
        return from_documents(stages, opts, log, pool, started_at, clock);
    }
    if !opts.input.is_dir() {
        return Err(Error::Usage(format!(
            "input folder {} does not exist or is not a folder",
            opts.input.display()
        )));
    }
    let fp = fingerprint(opts, stages);
    // the lock first (and the recovery of an interrupted commit) …
    let wh = match opts.dry_run {
        true => None,
        false => Some(Warehouse::open(&opts.warehouse)?),
    };
    // … then the inputs listed while the last run's state is read (both take a while on a
    // large folder, and neither needs the other)
    let listed_at = now_ns();
    let want_state = stages == Stages::All && !opts.full_refresh;
    let (inputs, loaded) = std::thread::scope(|scope| {
        let state = scope.spawn(|| {
            let loaded = want_state.then(|| state::load(&opts.warehouse, &fp));
            log.debug(&format!(
                "read the last run's state in {:.3} s",
                clock.elapsed().as_secs_f64()
            ));
            loaded
        });
        let inputs = ingest::list_inputs(&opts.input, &p.ingest);
        log.debug(&format!(
            "listed the inputs in {:.3} s",
            clock.elapsed().as_secs_f64()
        ));
        (inputs, state.join().unwrap_or(None))
    });
    let ingest::Listing { inputs, skipped } = inputs?;
    summary.skipped = skipped;
    fault::check("list")?;
    log.debug(&format!(
        "listed {} inputs and read the last run's state in {:.3} s",
        inputs.len(),
        clock.elapsed().as_secs_f64()
    ));
    summary.read = inputs.len() as u64;
    let total: u64 = inputs.iter().map(|i| i.bytes).sum();
    let buckets = state::bucket_count(total, cfg.bucket_bytes);
    let previous = match loaded {
        Some(Ok(Some((run, b)))) if run.buckets == buckets => Some((run, b)),
        Some(Ok(Some((run, _)))) => {
            log.info(&format!(
                "the corpus now spreads over {buckets} buckets, not {}: rebuilding all",
                run.buckets
            ));
            None
        }
        Some(Ok(None)) | None => None,
        Some(Err(why)) => {
            log.warn(&why);
            None
        }
    };
    let listed_before = previous.as_ref().map_or(0, |(r, _)| r.listed_at_ns);
    let reusing = previous.is_some();
    let spread_v = state::spread(&inputs, buckets);
    let spread = &spread_v;
    let mut old: Vec<Option<BucketState>> = vec![None; buckets as usize];
    for b in previous.map(|(_, b)| b).unwrap_or_default() {
        let k = b.bucket as usize;
        if k < old.len() {
            old[k] = Some(b);
        }
    }
    let diffs: Vec<BucketDiff> = pool.install(|| {
        spread
            .par_iter()
            .zip(&old)
            .map(|(inputs, o)| compare(inputs, o.as_ref(), listed_before))
            .collect()
    });
    let diff = changes(spread, &diffs);
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
    let Written {
        mut tally,
        rebuilt,
        kept,
    } = write_buckets(ctx, spread, old, &diffs, &fp, &bar)?;
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
    let extra = write_run_tables(
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
    let mut commit_plan = CommitPlan {
        counts,
        changes: diff.list,
        extra,
        remove: Vec::new(),
    };
    if stages != Stages::All {
        commit_plan.remove.push(state::STATE_DIR.to_string());
    }
    commit(
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

/// The run's other tables, written at once on three threads: the quarantine, the state of
/// this run for the next one, and the jornadas of all buckets (and their checks). Returns
/// the folders to commit besides the tables.
fn write_run_tables(
    ctx: Ctx,
    tally: &mut Tally,
    summary: &mut Summary,
    run_state: RunState,
) -> Result<Vec<String>, Error> {
    let Ctx {
        stages,
        opts,
        log,
        clock,
        pool: _,
        cfg,
        with_facts,
        stage_dir,
        live,
    } = ctx;
    fault::check("quarantine")?;
    let mut bucketed = vec![DOCUMENTS];
    if stages == Stages::All {
        bucketed.push(MENTIONS);
    }
    if with_facts {
        bucketed.push(FACTS);
    }
    // the state of this run, for the next one (only `run` keeps one): the buckets' files
    // are written, the run's file and the links to the last commit's are left
    let keep_state = stages == Stages::All;
    let jornadas = std::mem::take(&mut tally.jornadas);
    let states = &tally.states;
    let tables = &mut tally.tables;
    // quarantine, state and jornadas written at once
    let (run_id, quarantined) = (&summary.run_id, &summary.quarantined);
    let (other, saved, made) = std::thread::scope(|scope| {
        let other = scope.spawn(|| -> Result<_, Error> {
            let mut quarantine = TableWriter::new(QUARANTINE, stage_dir, cfg)?;
            for q in quarantined {
                quarantine.push(None, &quarantine_row(q, run_id))?;
            }
            let mut other = BTreeMap::new();
            other.insert(QUARANTINE.name.to_string(), quarantine.finish()?);
            Ok(other)
        });
        let saved = scope.spawn(|| -> Result<(), Error> {
            if keep_state {
                fault::check("state")?;
                state::save(stage_dir, live, &run_state, states)?;
            }
            Ok(())
        });
        let made = match with_facts {
            true => finish_jornadas(jornadas, &opts.vocabulary, stage_dir, cfg).map(Some),
            false => Ok(None),
        };
        let failed = || Error::Failed("a writing thread failed".into());
        let other = other.join().unwrap_or_else(|_| Err(failed()));
        let saved = saved.join().unwrap_or_else(|_| Err(failed()));
        (other, saved, made)
    });
    tables.extend(other?);
    saved?;
    if let Some(made) = made? {
        made.add_to(tables, summary);
    }
    with_schema_files(&bucketed, tables, stage_dir, cfg)?;
    let mut extra = Vec::new();
    if keep_state {
        extra.push(state::STATE_DIR.to_string());
    }
    log.debug(&format!(
        "quarantine, state and jornadas written at {:.3} s",
        clock.elapsed().as_secs_f64()
    ));
    Ok(extra)
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

/// What the buckets came to: their tally, how many were rebuilt, how many documents' rows
/// were carried over.
struct Written {
    tally: Tally,
    rebuilt: u32,
    kept: u64,
}

/// Every bucket in order: kept as it is (its files linked), patched (the last commit's rows
/// of its unchanged documents beside its processed inputs), or rebuilt from its inputs.
fn write_buckets(
    ctx: Ctx,
    spread: &[Vec<&Input>],
    mut old: Vec<Option<BucketState>>,
    diffs: &[BucketDiff],
    fingerprint: &str,
    bar: &indicatif::ProgressBar,
) -> Result<Written, Error> {
    let Ctx {
        stages,
        opts,
        log,
        clock,
        pool,
        cfg,
        with_facts,
        stage_dir,
        live,
    } = ctx;
    let buckets = spread.len();
    let keep_state = stages == Stages::All;
    if keep_state {
        state::create_dir(stage_dir)?;
    }
    // Buckets are processed in order, in parallel within a bucket, while the writer thread
    // writes the previous one. A bucket kept as it is costs the writer a few links: those
    // messages queue freely; rows (and a bucket to patch) take a slot, one in the queue at
    // most, so that memory stays flat.
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    let (slot, slots) = std::sync::mpsc::sync_channel::<()>(1);
    let send_rows =
        |tx: &std::sync::mpsc::Sender<Msg>, msg: Msg| slot.send(()).is_ok() && tx.send(msg).is_ok();
    // the last commit's rows of the buckets that changed, read while the others are compared
    // and linked (one ahead at most)
    let dirty: Vec<(u32, BTreeMap<String, TableFiles>)> = old
        .iter()
        .zip(diffs)
        .enumerate()
        .filter_map(|(b, (o, d))| {
            let o = o.as_ref()?;
            d.changed().then(|| (b as u32, o.tables.clone()))
        })
        .collect();
    let (loaded_tx, loaded) = std::sync::mpsc::sync_channel::<(u32, Result<OldRows, Error>)>(1);
    std::thread::scope(|scope| {
        let dirty = &dirty;
        scope.spawn(move || {
            for (b, tables) in dirty {
                if loaded_tx.send((*b, OldRows::load(live, tables))).is_err() {
                    break;
                }
            }
        });
        // input `k` of bucket `b` through the stages, knowing its place (by the main thread,
        // and by the writer for a kept document whose rows are not there)
        let process_at = move |b: u32| {
            move |k: usize| {
                let input = spread[b as usize][k];
                let mut pr = process(input, opts, stages == Stages::All, with_facts);
                pr.index = k;
                pr
            }
        };
        let writer = std::thread::Builder::new()
            .name("cifras-writer".into())
            .spawn_scoped(scope, move || -> Result<_, Error> {
                let mut tally = Tally::new(fingerprint);
                let mut kept = 0u64;
                let mut open: Option<BucketOut> = None;
                let mut busy = std::time::Duration::ZERO;
                // the rows read ahead for bucket `b`, else read now
                let mut ahead: Option<(u32, Result<OldRows, Error>)> = None;
                let mut rows_of = |b: u32, prev: &BucketState| {
                    while let Some((k, rows)) = ahead.take().or_else(|| loaded.recv().ok()) {
                        if k == b {
                            return rows;
                        }
                        if k > b {
                            ahead = Some((k, rows));
                            break;
                        }
                        // k < b: a bucket that was not patched after all
                    }
                    OldRows::load(live, &prev.tables)
                };
                for msg in rx {
                    let t = Instant::now();
                    if matches!(msg, Msg::Rows(..) | Msg::Patch(..)) {
                        let _ = slots.recv();
                    }
                    match msg {
                        Msg::Reuse(b, untouched) => {
                            // a state file that changed (paths renamed, times touched)
                            let written = keep_state && !untouched;
                            if written {
                                crate::warehouse::writer::sync_all(vec![state::write_bucket(
                                    stage_dir, &b,
                                )?])?;
                            }
                            tally.add(b, written);
                        }
                        Msg::Rows(b, rows) => {
                            if open.is_none() {
                                open = Some(BucketOut::new(b, stage_dir, cfg, stages, with_facts)?);
                            }
                            let out = open.as_mut().expect("opened above");
                            let inputs = &spread[b as usize];
                            out.write(rows, None, None, inputs, &process_at(b))?;
                        }
                        Msg::End(b) => {
                            fault::check("write")?;
                            let out = match open.take() {
                                Some(o) => o,
                                None => BucketOut::new(b, stage_dir, cfg, stages, with_facts)?,
                            };
                            tally.add(out.finish(stage_dir, cfg, None, keep_state)?, keep_state);
                        }
                        Msg::Patch(b, prev, items) => {
                            let t0 = Instant::now();
                            log.debug(&format!(
                                "bucket {b}: patch started at {:.3} s",
                                clock.elapsed().as_secs_f64()
                            ));
                            let rows = rows_of(b, &prev)
                                .map_err(|e| {
                                    log.warn(&format!(
                                        "bucket {b}: {e}; reading its unchanged inputs again"
                                    ))
                                })
                                .ok();
                            let tl = t0.elapsed().as_secs_f64();
                            let mut out = BucketOut::new(b, stage_dir, cfg, stages, with_facts)?;
                            let inputs = &spread[b as usize];
                            out.write(
                                items,
                                Some(&prev),
                                rows.as_ref(),
                                inputs,
                                &process_at(b),
                            )?;
                            let t1 = Instant::now();
                            fault::check("write")?;
                            kept += out.kept;
                            tally.add(
                                out.finish(stage_dir, cfg, rows.as_ref(), keep_state)?,
                                keep_state,
                            );
                            log.debug(&format!(
                                "bucket {b}: unchanged rows read back in {tl:.3} s, all written in {:.3} s, files closed in {:.3} s",
                                (t1 - t0).as_secs_f64() - tl,
                                t1.elapsed().as_secs_f64()
                            ));
                        }
                    }
                    busy += t.elapsed();
                }
                log.info(&format!("writer thread busy {:.2} s", busy.as_secs_f64()));
                Ok((tally, kept))
            });
        let mut processing = std::time::Duration::ZERO;
        // content hash → path of the first input with those bytes (bucket, then path order)
        let mut seen: FxHashMap<[u8; 32], (u32, u32)> = FxHashMap::with_capacity_and_hasher(
            spread.iter().map(Vec::len).sum(),
            Default::default(),
        );
        let mut early = Vec::new();
        // the files of buckets kept as they are, linked once every bucket is queued
        let mut to_link: Vec<String> = Vec::new();

        let mut rebuilt = 0u32;
        'buckets: for (b, inputs_b) in spread.iter().enumerate() {
            if inputs_b.is_empty() {
                continue;
            }
            let mut prev = None;
            if let Some(p) = old[b].take() {
                match reusable(b as u32, spread, &diffs[b], p, &seen, live) {
                    Ok((mut kept, untouched, docs)) => {
                        // its state file is linked as it is: its jornadas are merged once every
                        // bucket is queued, while the writer works
                        if untouched {
                            early.push(std::mem::take(&mut kept.jornadas));
                        }
                        seen.extend(docs.into_iter().map(|(key, k)| (key, (b as u32, k))));
                        to_link.extend(kept.tables.values().flat_map(|t| t.files.iter().cloned()));
                        if tx.send(Msg::Reuse(kept, untouched)).is_err() {
                            break 'buckets;
                        }
                        bar.inc(inputs_b.len() as u64);
                        continue;
                    }
                    Err(p) => prev = Some(p),
                }
            }
            rebuilt += 1;
            // the unchanged documents of a bucket that changed keep their rows
            let d = &diffs[b];
            let keep: Vec<Option<usize>> = (0..inputs_b.len())
                .map(|k| match (&prev, d.status[k], d.was[k]) {
                    (Some(p), Status::Unchanged { .. }, Some(j))
                        if matches!(p.inputs[j].outcome, Outcome::Document { .. }) =>
                    {
                        Some(j)
                    }
                    _ => None,
                })
                .collect();
            if let Some(prev) = prev
                && keep.iter().any(Option::is_some)
            {
                let todo: Vec<usize> = (0..inputs_b.len()).filter(|&k| keep[k].is_none()).collect();
                let t = Instant::now();
                let mut processed: Vec<Option<Processed>> =
                    (0..inputs_b.len()).map(|_| None).collect();
                let results: Vec<Processed> =
                    pool.install(|| todo.par_iter().map(|&k| process_at(b as u32)(k)).collect());
                for pr in results {
                    let k = pr.index;
                    processed[k] = Some(pr);
                }
                processing += t.elapsed();
                bar.inc(inputs_b.len() as u64);
                fault::check("process")?;
                let mut items = Vec::with_capacity(inputs_b.len());
                for k in 0..inputs_b.len() {
                    let pr = match (keep[k], processed[k].take()) {
                        (_, Some(pr)) => pr,
                        (Some(j), None) => {
                            let id = prev.inputs[j].outcome.doc_id().unwrap_or_default();
                            let key = digest_bytes(id);
                            if let Entry::Vacant(e) = seen.entry(key) {
                                e.insert((b as u32, k as u32));
                                items.push(Item::Keep { index: k, was: j });
                                continue;
                            }
                            // now the same bytes as an earlier input: read again, quarantined
                            process_at(b as u32)(k)
                        }
                        (None, None) => unreachable!("an input not kept is processed"),
                    };
                    let dup = first_of(&pr, b as u32, &mut seen, spread);
                    items.push(Item::New(pr, dup));
                }
                if !send_rows(&tx, Msg::Patch(b as u32, prev, items)) {
                    break 'buckets;
                }
                continue;
            }
            let indexed: Vec<(usize, &Input)> = inputs_b.iter().copied().enumerate().collect();
            // chunks of a sixteenth of a bucket at most (256 KiB by default, a hundred or so
            // bulletins): the writer starts early, and what is in flight stays small (a
            // quarter measured 45 MB more peak RSS at 1 GB, and was no faster)
            let chunk_bytes = cfg.batch_bytes.min(cfg.bucket_bytes / 16).max(1);
            for chunk in batches(&indexed, chunk_bytes) {
                let t = Instant::now();
                let results: Vec<Processed> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|&(k, _)| process_at(b as u32)(k))
                        .collect()
                });
                processing += t.elapsed();
                bar.inc(chunk.len() as u64);
                fault::check("process")?;
                let rows = results
                    .into_iter()
                    .map(|pr| {
                        let dup = first_of(&pr, b as u32, &mut seen, spread);
                        Item::New(pr, dup)
                    })
                    .collect();
                if !send_rows(&tx, Msg::Rows(b as u32, rows)) {
                    break 'buckets;
                }
            }
            if tx.send(Msg::End(b as u32)).is_err() {
                break;
            }
        }
        drop(tx);
        log.debug(&format!(
            "every bucket queued for the writer at {:.3} s",
            clock.elapsed().as_secs_f64()
        ));
        link_files(&to_link, live, stage_dir)?;
        let early = early.into_iter().fold(Jornadas::default(), |mut all, j| {
            all.merge(j);
            all
        });

        bar.finish_and_clear();
        log.info(&format!(
            "processing {:.2} s on {} threads; {rebuilt} of {buckets} bucket(s) rebuilt",
            processing.as_secs_f64(),
            pool.current_num_threads()
        ));
        let writer =
            writer.map_err(|e| Error::Failed(format!("cannot start the writer thread: {e}")))?;
        writer
            .join()
            .unwrap_or_else(|_| Err(Error::Failed("the writer thread failed".into())))
            .map(|(mut tally, kept)| {
                tally.jornadas.merge(early);
                Written {
                    tally,
                    rebuilt,
                    kept,
                }
            })
    })
}

/// What a commit records besides the tables.
struct CommitPlan {
    counts: InputCounts,
    changes: Vec<Change>,
    /// Folders moved into place with the tables (the state).
    extra: Vec<String>,
    /// Folders of the last commit that this one removes.
    remove: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn commit(
    wh: &Warehouse,
    stage: crate::warehouse::Stage,
    stages: Stages,
    opts: &Options,
    summary: &mut Summary,
    tables: BTreeMap<String, TableFiles>,
    plan: CommitPlan,
    started_at: String,
    clock: Instant,
) -> Result<Summary, Error> {
    summary.tables = tables.iter().map(|(k, v)| (k.clone(), v.rows)).collect();
    let written = clock.elapsed().as_secs_f64();
    let manifest = Manifest {
        run_id: summary.run_id.clone(),
        command: stages.name().to_string(),
        started_at,
        finished_at: now().1,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: crate::warehouse::schema::SCHEMA_VERSION.to_string(),
        pipeline: PipelineInfo {
            name: opts.pipeline.pipeline.name.clone(),
            source: opts.pipeline.source.clone(),
            hash: opts.pipeline.hash.clone(),
            vocabulary_hash: opts.vocabulary_hash.clone(),
        },
        inputs: plan.counts,
        changes: plan.changes,
        timings: Timings {
            listing_s: summary.listing_seconds,
            processing_s: summary.processing_seconds,
            writing_s: written - summary.listing_seconds - summary.processing_seconds,
        },
        tables,
    };
    summary.manifest = Some(wh.commit(
        stage,
        &manifest,
        &plan.extra,
        &plan.remove,
        &fault::commit_step,
    )?);
    summary.seconds = clock.elapsed().as_secs_f64();
    Ok(summary.clone())
}

/// `cifras extract` and `cifras facts`: from the documents already committed, bucket by
/// bucket (each documents file's rows go to the files of the same bucket, so the tables are
/// the ones `cifras run` writes). `facts` reads each document's mentions again with the
/// pipeline's extract settings (a pure function of the body, so the same rows as the
/// `mentions` table when the pipeline is unchanged) and writes `facts`, `jornadas` and
/// `checks`. Both drop the state of incremental runs: the next `run` rebuilds everything.
fn from_documents(
    stages: Stages,
    opts: &Options,
    _log: Log,
    pool: rayon::ThreadPool,
    started_at: String,
    clock: Instant,
) -> Result<Summary, Error> {
    let p = &opts.pipeline.pipeline;
    let wh = Warehouse::open(&opts.warehouse)?;
    let files = wh.table_files(DOCUMENTS.name);
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no documents in {}: run `cifras ingest` (or `cifras run`) first",
            opts.warehouse.display()
        )));
    }
    let mut summary = Summary::default();
    if opts.dry_run {
        println!(
            "would read the documents of {} file(s) for {}",
            files.len(),
            stages.name()
        );
        return Ok(summary);
    }
    // documents files by bucket (`part-0007.parquet` in every year)
    let mut by_bucket: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .trim_start_matches("part-")
            .to_string();
        by_bucket.entry(stem).or_default().push(f);
    }
    let stage = wh.stage(stages.name())?;
    let cfg = &p.warehouse;
    let mut run_hash = Sha256::new();
    run_hash.update(opts.pipeline.hash.as_bytes());
    run_hash.update(opts.vocabulary_hash.as_bytes());
    run_hash.update(stages.name().as_bytes());
    let mut tables: BTreeMap<String, TableFiles> = BTreeMap::new();
    let mut jornadas = Jornadas::default();
    let mut counts = Counts::default();
    let with_facts = stages == Stages::Facts;
    for (bucket, files) in &by_bucket {
        let mut mentions = match stages {
            Stages::Extract => Some(TableWriter::bucket(MENTIONS, &stage.dir, cfg, bucket)?),
            _ => None,
        };
        let mut sink = match with_facts {
            true => Some(FactsSink::new(&stage.dir, cfg, bucket)?),
            false => None,
        };
        for file in files {
            for batch in crate::warehouse::reader::documents(file)? {
                let docs = batch?;
                let done: Vec<(Vec<MentionRow>, Option<DocFacts>)> = pool.install(|| {
                    docs.par_iter()
                        .map(|d| {
                            let rows = extract(d, &p.extract);
                            let f = with_facts
                                .then(|| crate::facts::understand(d, &rows, &opts.vocabulary));
                            (rows, f)
                        })
                        .collect()
                });
                for (d, (rows, f)) in docs.iter().zip(done) {
                    run_hash.update(d.doc_id.as_bytes());
                    counts.documents += 1;
                    summary.read += 1;
                    counts.bytes += d.body.len() as u64;
                    for m in &rows {
                        if m.kind == MentionKind::Date {
                            counts.dates += 1;
                        } else {
                            counts.figures += 1;
                        }
                        if let Some(w) = mentions.as_mut() {
                            w.push(d.year(), &mention_row(&d.doc_id, &d.body, m))?;
                        }
                    }
                    if let (Some(sink), Some((ctx, fs, cs))) = (sink.as_mut(), f) {
                        sink.add(
                            &d.doc_id,
                            d.year(),
                            d.published_date,
                            &ctx,
                            &fs,
                            &cs,
                            &mut counts,
                        )?;
                    }
                }
            }
        }
        let mut bucket_tables = BTreeMap::new();
        let mut open = Vec::new();
        if let Some(w) = mentions {
            w.finish_into(&mut bucket_tables, &mut open)?;
        }
        if let Some(sink) = sink {
            jornadas.merge(sink.finish(
                &stage.dir,
                cfg,
                bucket,
                None,
                &mut bucket_tables,
                &mut open,
            )?);
        }
        crate::warehouse::writer::sync_all(open)?;
        add_tables(&mut tables, &bucket_tables);
    }
    summary.run_id = hex(&run_hash.finalize())[..16].to_string();
    summary.count(&counts);
    if with_facts {
        finish_jornadas(jornadas, &opts.vocabulary, &stage.dir, cfg)?
            .add_to(&mut tables, &mut summary);
    }
    let bucketed = match stages {
        Stages::Extract => [MENTIONS],
        _ => [FACTS],
    };
    with_schema_files(&bucketed, &mut tables, &stage.dir, cfg)?;
    let plan = CommitPlan {
        counts: InputCounts {
            folder: opts.warehouse.join(DOCUMENTS.name).display().to_string(),
            read: summary.read,
            documents: summary.documents,
            bytes: summary.bytes,
            ..InputCounts::default()
        },
        changes: Vec::new(),
        extra: Vec::new(),
        remove: vec![state::STATE_DIR.to_string()],
    };
    commit(
        &wh,
        stage,
        stages,
        opts,
        &mut summary,
        tables,
        plan,
        started_at,
        clock,
    )
}
