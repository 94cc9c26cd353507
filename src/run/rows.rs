//! What the stages make of one input of a bucket ([`process`]).

use super::{Ctx, Options, Stages};
use crate::extract::MentionRow;
use crate::facts::{CheckRow, FactRow};
use crate::ingest::{self, Ingested, Input};
use crate::stages;

/// What the stages make of one input.
pub(super) struct Processed {
    /// Its place in its bucket.
    pub(super) index: usize,
    pub(super) ingested: Ingested,
    pub(super) mentions: Vec<MentionRow>,
    pub(super) context: crate::facts::Context,
    pub(super) facts: Vec<FactRow>,
    pub(super) checks: Vec<CheckRow>,
}

pub(super) fn process(
    input: &Input,
    opts: &Options,
    extract_too: bool,
    facts_too: bool,
) -> Processed {
    let p = &opts.pipeline.pipeline;
    let ingested = stages::guarded(
        || input.name(),
        input.bytes,
        || ingest::ingest(input, &p.ingest),
    );
    let s = stages::after_ingest(ingested, p, &opts.vocabulary, extract_too, facts_too);
    Processed {
        index: 0,
        ingested: s.ingested,
        mentions: s.mentions,
        context: s.context,
        facts: s.facts,
        checks: s.checks,
    }
}

/// Input `k` of bucket `b` through the stages, knowing its place (by the main thread, and
/// by the writer for a kept document whose rows are not in the last commit after all).
pub(super) fn process_at(ctx: Ctx, spread: &[Vec<&Input>], b: u32, k: usize) -> Processed {
    let input = spread[b as usize][k];
    let mut pr = process(input, ctx.opts, ctx.stages == Stages::All, ctx.with_facts);
    pr.index = k;
    pr
}
