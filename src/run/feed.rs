//! Writing the buckets, the main thread's side: for each bucket in order, whether it is
//! kept as the last run wrote it, patched, or rebuilt; its inputs processed in parallel in
//! chunks; duplicates marked (the first input with the same bytes keeps the document); all
//! sent to the writer thread ([`super::writer`]), which writes the previous bucket
//! meanwhile.

use super::bucket::Item;
use super::diff::{BucketDiff, Status, digest_bytes, first_of, link_files, reusable};
use super::patch::OldRows;
use super::rows::{Processed, process_at};
use super::state::{self, BucketState, Outcome};
use super::tally::Tally;
use super::writer::{self, Inbox, Msg};
use super::{Ctx, fault};
use crate::error::Error;
use crate::facts::Jornadas;
use crate::ingest::Input;
use crate::warehouse::TableFiles;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What the buckets came to: their tally, how many were rebuilt, how many documents' rows
/// were carried over.
pub(super) struct Written {
    pub(super) tally: Tally,
    pub(super) rebuilt: u32,
    pub(super) kept: u64,
}

/// Every bucket in order: kept as it is (its files linked), patched (the last commit's rows
/// of its unchanged documents beside its processed inputs), or rebuilt from its inputs.
pub(super) fn write_buckets(
    ctx: Ctx,
    spread: &[Vec<&Input>],
    old: Vec<Option<BucketState>>,
    diffs: &[BucketDiff],
    fingerprint: &str,
    bar: &indicatif::ProgressBar,
) -> Result<Written, Error> {
    let Ctx {
        stages,
        log,
        clock,
        pool,
        stage_dir,
        live,
        ..
    } = ctx;
    let buckets = spread.len();
    let keep_state = stages.keeps_state();
    if keep_state {
        state::create_dir(stage_dir)?;
    }
    // Buckets are processed in order, in parallel within a bucket, while the writer thread
    // writes the previous one. A bucket kept as it is costs the writer a few links: those
    // messages queue freely; rows (and a bucket to patch) take a slot, one in the queue at
    // most, so that memory stays flat.
    let (tx, rx) = mpsc::channel::<Msg>();
    let (slot, slots) = mpsc::sync_channel::<()>(1);
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
    let (loaded_tx, loaded) = mpsc::sync_channel::<(u32, Result<OldRows, Error>)>(1);
    std::thread::scope(|scope| {
        let dirty = &dirty;
        scope.spawn(move || {
            for (b, tables) in dirty {
                if loaded_tx.send((*b, OldRows::load(live, tables))).is_err() {
                    break;
                }
            }
        });
        let writer = std::thread::Builder::new()
            .name("cifras-writer".into())
            .spawn_scoped(scope, move || {
                writer::write(
                    ctx,
                    spread,
                    fingerprint,
                    Inbox {
                        messages: rx,
                        slots,
                        loaded,
                    },
                )
            });
        let mut feeder = Feeder {
            ctx,
            spread,
            bar,
            tx,
            slot,
            seen: FxHashMap::with_capacity_and_hasher(
                spread.iter().map(Vec::len).sum(),
                Default::default(),
            ),
            early: Vec::new(),
            to_link: Vec::new(),
            processing: Duration::ZERO,
            rebuilt: 0,
        };
        for (b, (o, d)) in old.into_iter().zip(diffs).enumerate() {
            // a false: the writer hung up (its error comes with its join, below)
            if !feeder.bucket(b as u32, o, d)? {
                break;
            }
        }
        let Feeder {
            tx,
            early,
            to_link,
            processing,
            rebuilt,
            ..
        } = feeder;
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
        let writer = writer.map_err(|e| Error::library("cannot start the writer thread", e))?;
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

/// The main thread's side of writing the buckets, one bucket after the other.
struct Feeder<'a> {
    ctx: Ctx<'a>,
    spread: &'a [Vec<&'a Input>],
    bar: &'a indicatif::ProgressBar,
    tx: mpsc::Sender<Msg>,
    /// One slot: rows (and a bucket to patch) wait for it, so that one such message at most
    /// is queued and memory stays flat; a kept bucket's message queues freely.
    slot: mpsc::SyncSender<()>,
    /// Content hash → (bucket, index) of the first input with those bytes, in bucket then
    /// path order: a later one is its duplicate.
    seen: FxHashMap<[u8; 32], (u32, u32)>,
    /// The jornadas of buckets kept untouched, merged once every bucket is queued.
    early: Vec<Jornadas>,
    /// The files of buckets kept as they are, linked once every bucket is queued.
    to_link: Vec<String>,
    processing: Duration,
    rebuilt: u32,
}

impl Feeder<'_> {
    /// Bucket `b` kept, patched or rebuilt, given the last run's record of it. `Ok(false)`:
    /// the writer has hung up.
    fn bucket(
        &mut self,
        b: u32,
        old: Option<BucketState>,
        diff: &BucketDiff,
    ) -> Result<bool, Error> {
        let inputs = &self.spread[b as usize];
        if inputs.is_empty() {
            return Ok(true);
        }
        let mut prev = None;
        if let Some(p) = old {
            match reusable(b, self.spread, diff, p, &self.seen, self.ctx.live) {
                Ok((mut kept, untouched, docs)) => {
                    // its state file is linked as it is: its jornadas are merged once every
                    // bucket is queued, while the writer works
                    if untouched {
                        self.early.push(std::mem::take(&mut kept.jornadas));
                    }
                    self.seen
                        .extend(docs.into_iter().map(|(key, k)| (key, (b, k))));
                    self.to_link
                        .extend(kept.tables.values().flat_map(|t| t.files.iter().cloned()));
                    if self.tx.send(Msg::Reuse(kept, untouched)).is_err() {
                        return Ok(false);
                    }
                    self.bar.inc(inputs.len() as u64);
                    return Ok(true);
                }
                Err(p) => prev = Some(p),
            }
        }
        self.rebuilt += 1;
        // the unchanged documents of a bucket that changed keep their rows
        let keep: Vec<Option<usize>> = (0..inputs.len())
            .map(|k| match (&prev, diff.status[k], diff.was[k]) {
                (Some(p), Status::Unchanged { .. }, Some(j))
                    if matches!(p.inputs[j].outcome, Outcome::Document { .. }) =>
                {
                    Some(j)
                }
                _ => None,
            })
            .collect();
        match prev {
            Some(prev) if keep.iter().any(Option::is_some) => self.patch(b, prev, &keep),
            _ => self.rebuild(b),
        }
    }

    /// A bucket some of whose documents are unchanged: they keep their rows in the last
    /// commit (`keep[k]`: their place in its record), the others are processed.
    fn patch(
        &mut self,
        b: u32,
        prev: Box<BucketState>,
        keep: &[Option<usize>],
    ) -> Result<bool, Error> {
        let (ctx, spread) = (self.ctx, self.spread);
        let n = spread[b as usize].len();
        let todo: Vec<usize> = (0..n).filter(|&k| keep[k].is_none()).collect();
        let t = Instant::now();
        let mut processed: Vec<Option<Processed>> = (0..n).map(|_| None).collect();
        let results: Vec<Processed> = ctx.pool.install(|| {
            todo.par_iter()
                .map(|&k| process_at(ctx, spread, b, k))
                .collect()
        });
        for pr in results {
            let k = pr.index;
            processed[k] = Some(pr);
        }
        self.processing += t.elapsed();
        self.bar.inc(n as u64);
        fault::check("process")?;
        let mut items = Vec::with_capacity(n);
        for k in 0..n {
            let pr = match (keep[k], processed[k].take()) {
                (_, Some(pr)) => pr,
                (Some(j), None) => {
                    let id = prev.inputs[j].outcome.doc_id().unwrap_or_default();
                    if let Entry::Vacant(e) = self.seen.entry(digest_bytes(id)) {
                        e.insert((b, k as u32));
                        items.push(Item::Keep { index: k, was: j });
                        continue;
                    }
                    // now the same bytes as an earlier input: read again, quarantined
                    process_at(ctx, spread, b, k)
                }
                (None, None) => unreachable!("an input not kept is processed"),
            };
            let dup = first_of(&pr, b, &mut self.seen, spread);
            items.push(Item::New(pr, dup));
        }
        Ok(self.send_rows(Msg::Patch(b, prev, items)))
    }

    /// A bucket built from its inputs, in chunks of a sixteenth of a bucket at most (256 KiB
    /// by default, a hundred or so bulletins): the writer starts early, and what is in
    /// flight stays small (a quarter measured 45 MB more peak RSS at 1 GB, and was no
    /// faster).
    fn rebuild(&mut self, b: u32) -> Result<bool, Error> {
        let (ctx, spread) = (self.ctx, self.spread);
        let indexed: Vec<(usize, &Input)> =
            spread[b as usize].iter().copied().enumerate().collect();
        let chunk_bytes = ctx.cfg.batch_bytes.min(ctx.cfg.bucket_bytes / 16).max(1);
        for chunk in batches(&indexed, chunk_bytes) {
            let t = Instant::now();
            let results: Vec<Processed> = ctx.pool.install(|| {
                chunk
                    .par_iter()
                    .map(|&(k, _)| process_at(ctx, spread, b, k))
                    .collect()
            });
            self.processing += t.elapsed();
            self.bar.inc(chunk.len() as u64);
            fault::check("process")?;
            let rows = results
                .into_iter()
                .map(|pr| {
                    let dup = first_of(&pr, b, &mut self.seen, spread);
                    Item::New(pr, dup)
                })
                .collect();
            if !self.send_rows(Msg::Rows(b, rows)) {
                return Ok(false);
            }
        }
        Ok(self.tx.send(Msg::End(b)).is_ok())
    }

    /// Sends rows once the slot is free.
    fn send_rows(&self, msg: Msg) -> bool {
        self.slot.send(()).is_ok() && self.tx.send(msg).is_ok()
    }
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
