//! One input of a bucket through the stages ([`process_at`]), knowing its place.

use super::{Ctx, Stages};
use crate::ingest::Input;
use crate::stages;

/// What the stages made of input `index` of its bucket.
pub(super) struct Processed {
    pub(super) index: usize,
    pub(super) out: stages::Processed,
}

/// Input `k` of bucket `b` through the stages (by the main thread, and by the writer for a
/// kept document whose rows are not in the last commit after all).
pub(super) fn process_at(ctx: Ctx, spread: &[Vec<&Input>], b: u32, k: usize) -> Processed {
    let out = stages::process(
        spread[b as usize][k],
        &ctx.opts.pipeline.pipeline,
        &ctx.opts.vocabulary,
        ctx.stages == Stages::All,
        ctx.with_facts,
    );
    Processed { index: k, out }
}
