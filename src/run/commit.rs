//! The end of a run: its other tables (quarantine, state, jornadas and their checks), then
//! the commit of everything staged, with its manifest.

use super::bucket::finish_jornadas;
use super::state::{self, RunState};
use super::tally::Tally;
use super::{Ctx, Options, Stages, Summary, fault, now};
use crate::error::Error;
use crate::warehouse::rows::quarantine_row;
use crate::warehouse::schema::{DOCUMENTS, FACTS, MENTIONS, QUARANTINE};
use crate::warehouse::{
    Change, InputCounts, Manifest, PipelineInfo, TableFiles, TableWriter, Timings, Warehouse,
};
use std::collections::BTreeMap;
use std::time::Instant;

/// The run's other tables, written at once on three threads: the quarantine, the state of
/// this run for the next one, and the jornadas of all buckets (and their checks). Returns
/// the folders to commit besides the tables.
pub(super) fn write_run_tables(
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
    let keep_state = stages.keeps_state();
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

/// A bucketed table that got no rows in any bucket still gets one (empty) file, so that
/// readers find its schema.
pub(super) fn with_schema_files(
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

/// What a commit records besides the tables.
pub(super) struct CommitPlan {
    pub(super) counts: InputCounts,
    pub(super) changes: Vec<Change>,
    /// Folders moved into place with the tables (the state).
    pub(super) extra: Vec<String>,
    /// Folders of the last commit that this one removes.
    pub(super) remove: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn commit(
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
