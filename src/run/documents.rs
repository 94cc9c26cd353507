//! `cifras extract` and `cifras facts`: the stages again over the documents already
//! committed, bucket by bucket.

use super::bucket::{FactsSink, finish_jornadas};
use super::commit::{CommitPlan, commit, with_schema_files};
use super::state::{self, Counts};
use super::{Options, Stages, Summary, add_tables};
use crate::digest::hex;
use crate::domain::MentionKind;
use crate::error::Error;
use crate::extract::{MentionRow, extract};
use crate::facts::{CheckRow, FactRow, Jornadas};
use crate::log::Log;
use crate::warehouse::rows::mention_row;
use crate::warehouse::schema::{DOCUMENTS, FACTS, MENTIONS};
use crate::warehouse::{InputCounts, TableFiles, TableWriter, Warehouse};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// One document's facts stage output: its context, facts and checks.
type DocFacts = (crate::facts::Context, Vec<FactRow>, Vec<CheckRow>);

/// `cifras extract` and `cifras facts`: from the documents already committed, bucket by
/// bucket (each documents file's rows go to the files of the same bucket, so the tables are
/// the ones `cifras run` writes). `facts` reads each document's mentions again with the
/// pipeline's extract settings (a pure function of the body, so the same rows as the
/// `mentions` table when the pipeline is unchanged) and writes `facts`, `jornadas` and
/// `checks`. Both drop the state of incremental runs: the next `run` rebuilds everything.
pub(super) fn from_documents(
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
