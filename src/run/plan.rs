//! Planning a run: the inputs listed while the last run's state is read, spread over
//! buckets by path, and each bucket compared with the last run's record of it (new,
//! changed, unchanged and removed inputs). Whether a bucket is then kept, patched or
//! rebuilt is decided as it comes ([`super::feed`]).

use super::diff::{BucketDiff, Changes, changes, compare};
use super::state::{self, BucketState, RunState};
use super::{Options, Stages, fault, now_ns};
use crate::error::Error;
use crate::ingest::{self, Input};
use crate::log::Log;
use rayon::prelude::*;
use std::time::Instant;

/// The last run's state as read: not asked for (`None`: a full refresh, or a command
/// that keeps none), absent, or why it cannot be used.
pub(super) type LastState = Option<Result<Option<(RunState, Vec<BucketState>)>, String>>;

/// The inputs as listed, and the last run's state as read.
pub(super) struct Listed {
    pub(super) listing: ingest::Listing,
    /// When the listing started (the next run's "touched since" mark).
    pub(super) listed_at: i64,
    pub(super) last: LastState,
}

/// Lists the inputs while the last run's state is read: both take a while on a large
/// folder, and neither needs the other.
pub(super) fn list(
    opts: &Options,
    stages: Stages,
    fingerprint: &str,
    log: Log,
    clock: Instant,
) -> Result<Listed, Error> {
    let listed_at = now_ns();
    let want_state = stages == Stages::All && !opts.full_refresh;
    let (listing, last) = std::thread::scope(|scope| {
        let state = scope.spawn(|| {
            let loaded = want_state.then(|| state::load(&opts.warehouse, fingerprint));
            log.debug(&format!(
                "read the last run's state in {:.3} s",
                clock.elapsed().as_secs_f64()
            ));
            loaded
        });
        let listing = ingest::list_inputs(&opts.input, &opts.pipeline.pipeline.ingest);
        log.debug(&format!(
            "listed the inputs in {:.3} s",
            clock.elapsed().as_secs_f64()
        ));
        (listing, state.join().unwrap_or(None))
    });
    let listing = listing?;
    fault::check("list")?;
    log.debug(&format!(
        "listed {} inputs and read the last run's state in {:.3} s",
        listing.inputs.len(),
        clock.elapsed().as_secs_f64()
    ));
    Ok(Listed {
        listing,
        listed_at,
        last,
    })
}

/// The inputs in buckets, each bucket against the last run's record of it.
pub(super) struct Plan<'i> {
    pub(super) buckets: u32,
    /// Each bucket's inputs, in path order.
    pub(super) spread: Vec<Vec<&'i Input>>,
    /// The last run's record of each bucket (none for all without a reusable state).
    pub(super) old: Vec<Option<BucketState>>,
    pub(super) diffs: Vec<BucketDiff>,
    pub(super) changes: Changes,
    /// Whether the last run's state could be used (else everything is built anew).
    pub(super) reusing: bool,
}

/// Spreads the inputs over buckets and compares each bucket with the last run's record.
pub(super) fn compare_with_last<'i>(
    inputs: &'i [Input],
    last: LastState,
    bucket_bytes: u64,
    pool: &rayon::ThreadPool,
    log: Log,
) -> Plan<'i> {
    let total: u64 = inputs.iter().map(|i| i.bytes).sum();
    let buckets = state::bucket_count(total, bucket_bytes);
    let previous = match last {
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
    let spread = state::spread(inputs, buckets);
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
    let changes = changes(&spread, &diffs);
    Plan {
        buckets,
        spread,
        old,
        diffs,
        changes,
        reusing,
    }
}
