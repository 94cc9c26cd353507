//! The writer thread: writes what the main thread sends ([`Msg`]), bucket by bucket in
//! order, while the main thread processes the next one — a rebuilt bucket's rows, a
//! patched bucket (the last commit's rows of its unchanged documents beside the processed
//! others), a kept bucket's state file.

use super::bucket::{BucketOut, Item};
use super::patch::OldRows;
use super::rows::process_at;
use super::state::{self, BucketState};
use super::tally::Tally;
use super::{Ctx, fault};
use crate::error::Error;
use crate::ingest::Input;
use std::sync::mpsc::Receiver;
use std::time::Instant;

/// What the writer thread is sent, in bucket order.
pub(super) enum Msg {
    /// A bucket left as the last run wrote it (its files are linked by the sender), its
    /// state kept (`true`: its state file is unchanged too).
    Reuse(BucketState, bool),
    /// Processed inputs of a bucket being rebuilt, in path order, each with the earlier
    /// input it duplicates, if any.
    Rows(u32, Vec<Item>),
    /// The end of a rebuilt bucket.
    End(u32),
    /// A bucket rebuilt from the last commit's rows of its unchanged documents and the
    /// processed others, all in path order.
    Patch(u32, Box<BucketState>, Vec<Item>),
}

/// The channels the writer reads: the messages; the slots it frees as it takes rows (so
/// that one bucket's rows at most wait in the queue); the last commit's rows of patched
/// buckets, read ahead on another thread.
pub(super) struct Inbox {
    pub(super) messages: Receiver<Msg>,
    pub(super) slots: Receiver<()>,
    pub(super) loaded: Receiver<(u32, Result<OldRows, Error>)>,
}

/// Writes every message until the main thread hangs up. Returns the run's tally and how
/// many documents' rows were carried over from the last commit.
pub(super) fn write(
    ctx: Ctx,
    spread: &[Vec<&Input>],
    fingerprint: &str,
    inbox: Inbox,
) -> Result<(Tally, u64), Error> {
    let Ctx {
        stages,
        log,
        clock,
        cfg,
        with_facts,
        stage_dir,
        live,
        ..
    } = ctx;
    let keep_state = stages.keeps_state();
    let Inbox {
        messages: rx,
        slots,
        loaded,
    } = inbox;
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
                    crate::warehouse::writer::sync_all(vec![state::write_bucket(stage_dir, &b)?])?;
                }
                tally.add(b, written);
            }
            Msg::Rows(b, rows) => {
                if open.is_none() {
                    open = Some(BucketOut::new(b, stage_dir, cfg, stages, with_facts)?);
                }
                let out = open.as_mut().expect("opened above");
                let inputs = &spread[b as usize];
                out.write(rows, None, None, inputs, &|k| process_at(ctx, spread, b, k))?;
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
                out.write(items, Some(&prev), rows.as_ref(), inputs, &|k| {
                    process_at(ctx, spread, b, k)
                })?;
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
}
