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
use super::{Ctx, Stages, fault};
use crate::error::Error;
use crate::facts::Jornadas;
use crate::ingest::Input;
use crate::warehouse::TableFiles;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::time::Instant;

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
    mut old: Vec<Option<BucketState>>,
    diffs: &[BucketDiff],
    fingerprint: &str,
    bar: &indicatif::ProgressBar,
) -> Result<Written, Error> {
    let Ctx {
        stages,
        log,
        clock,
        pool,
        cfg,
        stage_dir,
        live,
        ..
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
                let results: Vec<Processed> = pool.install(|| {
                    todo.par_iter()
                        .map(|&k| process_at(ctx, spread, b as u32, k))
                        .collect()
                });
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
                            process_at(ctx, spread, b as u32, k)
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
                        .map(|&(k, _)| process_at(ctx, spread, b as u32, k))
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
