//! A batch run: inputs → ingest → extract → Parquet, streamed in batches of input bytes,
//! each batch processed in parallel (rayon) with the order of inputs kept, then committed
//! at once. The stages a command runs are chosen by [`Stages`].

use crate::cli::Log;
use crate::error::Error;
use crate::extract::{MentionRow, extract};
use crate::facts::{CheckRow, FactRow, Jornadas, SERVICES};
use crate::ingest::{self, Document, Ingested, Input, Quarantined};
use crate::pipeline::{Loaded, hex};
use crate::vocab::Vocabulary;
use crate::warehouse::schema::{CHECKS, DOCUMENTS, FACTS, JORNADAS, MENTIONS, QUARANTINE};
use crate::warehouse::{InputCounts, Manifest, PipelineInfo, TableWriter, Value, Warehouse};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
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
    pub dry_run: bool,
}

/// What a run did, for the summary and the tests.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub run_id: String,
    pub read: u64,
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

/// The 32 bytes of a hex SHA-256 (a compact key for the duplicate check).
fn digest_bytes(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (k, pair) in hex.as_bytes().chunks(2).take(32).enumerate() {
        let v = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
        out[k] = (v(pair[0]) << 4) | pair.get(1).map_or(0, |&c| v(c));
    }
    out
}

/// Groups inputs into batches of about `batch_bytes` of raw input.
fn batches(inputs: &[Input], batch_bytes: u64) -> Vec<&[Input]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut acc = 0u64;
    for (i, inp) in inputs.iter().enumerate() {
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

/// Ingest and extract one input; a panic (a bug, never expected) quarantines the input
/// instead of ending the run.
/// One document's facts stage output: its context, facts and checks.
type DocFacts = (crate::facts::Context, Vec<FactRow>, Vec<CheckRow>);

/// Where the facts stage's output goes: facts rows streamed to their table, checks and
/// jornadas gathered and written at the end (checks in doc_id order, so that the table is
/// the same whatever order the documents came in).
struct FactsSink {
    facts: TableWriter,
    checks: Vec<(String, CheckRow)>,
    jornadas: Jornadas,
}

impl FactsSink {
    fn new(root: &std::path::Path, cfg: &crate::pipeline::WarehouseConfig) -> Result<Self, Error> {
        Ok(FactsSink {
            facts: TableWriter::new(FACTS, root, cfg)?,
            checks: Vec::new(),
            jornadas: Jornadas::default(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        doc_id: &str,
        year: Option<i64>,
        published: Option<i32>,
        ctx: &crate::facts::Context,
        facts: &[FactRow],
        checks: Vec<CheckRow>,
        summary: &mut Summary,
    ) -> Result<(), Error> {
        for f in facts {
            self.facts.push(year, &fact_row(doc_id, f))?;
        }
        summary.facts += facts.len() as u64;
        self.checks
            .extend(checks.into_iter().map(|c| (doc_id.to_string(), c)));
        self.jornadas.add(doc_id, published, ctx, facts);
        Ok(())
    }

    fn finish(
        mut self,
        root: &std::path::Path,
        cfg: &crate::pipeline::WarehouseConfig,
        tables: &mut BTreeMap<String, crate::warehouse::TableFiles>,
        summary: &mut Summary,
    ) -> Result<(), Error> {
        tables.insert(FACTS.name.to_string(), self.facts.finish()?);
        let (rows, jchecks) = self.jornadas.finish();
        summary.jornadas = rows.len() as u64;
        let mut jw = TableWriter::new(JORNADAS, root, cfg)?;
        for r in &rows {
            jw.push(None, &jornada_row(r))?;
        }
        tables.insert(JORNADAS.name.to_string(), jw.finish()?);
        self.checks.extend(jchecks);
        self.checks.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cw = TableWriter::new(CHECKS, root, cfg)?;
        for (doc, c) in &self.checks {
            summary.mismatches += u64::from(c.status != "ok");
            cw.push(None, &check_row(doc, c))?;
        }
        tables.insert(CHECKS.name.to_string(), cw.finish()?);
        Ok(())
    }
}

/// What the stages make of one input.
struct Processed {
    ingested: Ingested,
    mentions: Vec<MentionRow>,
    context: crate::facts::Context,
    facts: Vec<FactRow>,
    checks: Vec<CheckRow>,
}

fn process(input: &Input, opts: &Options, extract_too: bool, facts_too: bool) -> Processed {
    let p = &opts.pipeline.pipeline;
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let ingested = ingest::ingest(input, &p.ingest);
        let mut out = Processed {
            ingested,
            mentions: Vec::new(),
            context: Default::default(),
            facts: Vec::new(),
            checks: Vec::new(),
        };
        if let (Ingested::Document(d), true) = (&out.ingested, extract_too) {
            out.mentions = extract(d, &p.extract);
        }
        if let (Ingested::Document(d), true) = (&out.ingested, facts_too) {
            let (ctx, facts) = crate::facts::facts(d, &out.mentions, &opts.vocabulary);
            out.checks = crate::facts::checks(&d.body, &out.mentions, &facts, &opts.vocabulary);
            out.context = ctx;
            out.facts = facts;
        }
        out
    }));
    r.unwrap_or_else(|_| Processed {
        ingested: Ingested::Quarantined(Quarantined {
            source_path: input.name(),
            reason: "internal error: cifras failed on this input (please report it)".into(),
            bytes: input.bytes,
            detected_encoding: None,
        }),
        mentions: Vec::new(),
        context: Default::default(),
        facts: Vec::new(),
        checks: Vec::new(),
    })
}

fn fact_row<'a>(doc_id: &'a str, f: &'a FactRow) -> [Value<'a>; 14] {
    [
        Value::Text(Some(doc_id)),
        Value::Int(Some(f.mention_id)),
        Value::Text(Some(&f.metric)),
        Value::Double(Some(f.value)),
        Value::Text(Some(f.qualifier)),
        Value::Text(Some(f.modality)),
        Value::Text(Some(f.scope)),
        Value::Text(f.entity_code.as_deref()),
        Value::Text(f.entity_name.as_deref()),
        Value::Text(f.series.as_deref()),
        Value::Int(f.series_year.map(i64::from)),
        Value::Int(f.series_number),
        Value::Date(f.period_start),
        Value::Date(f.period_end),
    ]
}

fn jornada_row(r: &crate::facts::JornadaRow) -> Vec<Value<'_>> {
    let mut v = vec![
        Value::Int(Some(r.year)),
        Value::Int(Some(r.jornada_number)),
        Value::Text(Some(&r.series)),
        Value::Date(r.date_start),
        Value::Date(r.date_end),
        Value::Int(r.total_atenciones),
        Value::Int(r.meta),
        Value::Double(r.productividad_pct),
    ];
    debug_assert_eq!(SERVICES.len(), r.services.len());
    v.extend(r.services.iter().map(|s| Value::Int(*s)));
    v.push(Value::Int(r.acumulado_anual));
    v.push(Value::Text(Some(&r.source_doc_ids)));
    v
}

fn check_row<'a>(doc_id: &'a str, c: &'a CheckRow) -> [Value<'a>; 6] {
    [
        Value::Text(Some(doc_id)),
        Value::Text(Some(c.check)),
        Value::Double(Some(c.expected)),
        Value::Double(Some(c.observed)),
        Value::Text(Some(c.status)),
        Value::Text(Some(&c.detail)),
    ]
}

fn document_row(d: &Document) -> [Value<'_>; 8] {
    [
        Value::Text(Some(&d.doc_id)),
        Value::Text(Some(&d.source_path)),
        Value::Text(d.bulletin_number.as_deref()),
        Value::Date(d.published_date),
        Value::Text(d.place.as_deref()),
        Value::Text(d.title.as_deref()),
        Value::Text(Some(&d.encoding)),
        Value::Text(Some(&d.body)),
    ]
}

fn mention_row<'a>(doc_id: &'a str, body: &'a str, m: &'a MentionRow) -> [Value<'a>; 13] {
    [
        Value::Text(Some(doc_id)),
        Value::Int(Some(m.mention_id)),
        Value::Int(Some(m.start)),
        Value::Int(Some(m.end)),
        Value::Text(Some(m.text(body))),
        Value::Double(m.value),
        Value::Int(m.value_int),
        Value::Text(Some(m.kind)),
        Value::Text(Some(m.qualifier)),
        Value::Text(m.unit(body)),
        Value::Date(m.date_start),
        Value::Date(m.date_end),
        Value::Int(Some(m.sentence)),
    ]
}

/// Runs the stages and commits their tables.
pub fn run(stages: Stages, opts: &Options, log: Log) -> Result<Summary, Error> {
    let clock = Instant::now();
    let (_, started_at) = now();
    let p = &opts.pipeline.pipeline;
    let pool = pool(opts.jobs)?;
    let mut summary = Summary::default();

    if matches!(stages, Stages::Extract | Stages::Facts) {
        return from_documents(stages, opts, log, pool, started_at, clock);
    }
    let inputs = ingest::list_inputs(&opts.input, &p.ingest)?;
    summary.read = inputs.len() as u64;
    if opts.dry_run {
        for i in &inputs {
            println!("would read {} ({} bytes)", i.name(), i.bytes);
        }
        summary.seconds = clock.elapsed().as_secs_f64();
        return Ok(summary);
    }
    let wh = Warehouse::open(&opts.warehouse)?;
    let stage = wh.stage("run")?;
    let cfg = &p.warehouse;
    let mut docs = TableWriter::new(DOCUMENTS, &stage.dir, cfg)?;
    // run = ingest, extract and facts; ingest alone writes documents and quarantine
    let mut mentions_w = match stages {
        Stages::All => Some(TableWriter::new(MENTIONS, &stage.dir, cfg)?),
        _ => None,
    };
    let with_facts = stages == Stages::All && p.facts.is_some();
    let mut later = match with_facts {
        true => Some(FactsSink::new(&stage.dir, cfg)?),
        false => None,
    };
    let mut run_hash = Sha256::new();
    run_hash.update(opts.pipeline.hash.as_bytes());
    run_hash.update(opts.vocabulary_hash.as_bytes());
    run_hash.update(stages.name().as_bytes());
    // Batches are processed in parallel while the previous one is written: the writer runs
    // on its own thread, one batch behind, in input order.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Processed>>(1);
    let written = std::thread::scope(|scope| {
        let writer = std::thread::Builder::new()
            .name("cifras-writer".into())
            .spawn_scoped(scope, || -> Result<_, Error> {
                // content hash → index of the first input that had it (for duplicates)
                let mut seen: FxHashMap<[u8; 32], usize> = FxHashMap::default();
                let mut index = 0usize;
                let mut busy = std::time::Duration::ZERO;
                for results in rx {
                    let t = Instant::now();
                    for pr in results {
                        index += 1;
                        match pr.ingested {
                            Ingested::Document(d) => {
                                summary.bytes += d.bytes;
                                run_hash.update(d.source_path.as_bytes());
                                run_hash.update(d.doc_id.as_bytes());
                                let key = digest_bytes(&d.doc_id);
                                if let Some(&first) = seen.get(&key) {
                                    summary.quarantined.push(Quarantined {
                                        source_path: d.source_path.clone(),
                                        reason: format!(
                                            "duplicate: the same bytes as {}",
                                            inputs[first].name()
                                        ),
                                        bytes: d.bytes,
                                        detected_encoding: Some(d.encoding.clone()),
                                    });
                                    continue;
                                }
                                seen.insert(key, index - 1);
                                let year = d.year();
                                docs.push(year, &document_row(&d))?;
                                if let Some(mw) = mentions_w.as_mut() {
                                    for m in &pr.mentions {
                                        if m.kind == "date" {
                                            summary.dates += 1;
                                        } else {
                                            summary.figures += 1;
                                        }
                                        mw.push(year, &mention_row(&d.doc_id, &d.body, m))?;
                                    }
                                }
                                if let Some(sink) = later.as_mut() {
                                    sink.add(
                                        &d.doc_id,
                                        year,
                                        d.published_date,
                                        &pr.context,
                                        &pr.facts,
                                        pr.checks,
                                        &mut summary,
                                    )?;
                                }
                                summary.documents += 1;
                            }
                            Ingested::Quarantined(q) => {
                                run_hash.update(q.source_path.as_bytes());
                                run_hash.update(q.reason.as_bytes());
                                summary.bytes += q.bytes;
                                summary.quarantined.push(q);
                            }
                        }
                    }
                    busy += t.elapsed();
                }
                log.info(&format!("writer thread busy {:.2} s", busy.as_secs_f64()));
                Ok(())
            });
        let mut processing = std::time::Duration::ZERO;
        for batch in batches(&inputs, cfg.batch_bytes) {
            let t = Instant::now();
            let results: Vec<Processed> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|inp| process(inp, opts, stages == Stages::All, with_facts))
                    .collect()
            });
            processing += t.elapsed();
            if tx.send(results).is_err() {
                break; // the writer stopped on an error; it reports it below
            }
        }
        drop(tx);
        log.info(&format!(
            "ingest and extract {:.2} s on {} threads",
            processing.as_secs_f64(),
            pool.current_num_threads()
        ));
        let writer =
            writer.map_err(|e| Error::Failed(format!("cannot start the writer thread: {e}")))?;
        writer
            .join()
            .unwrap_or_else(|_| Err(Error::Failed("the writer thread failed".into())))
    });
    written?;
    summary.run_id = hex(&run_hash.finalize())[..16].to_string();
    for q in &summary.quarantined {
        log.warn(&format!("quarantined {}: {}", q.source_path, q.reason));
    }
    if opts.strict && !summary.quarantined.is_empty() {
        return Err(Error::Failed(format!(
            "{} input(s) quarantined and --strict is set: nothing committed",
            summary.quarantined.len()
        )));
    }
    let mut quarantine = TableWriter::new(QUARANTINE, &stage.dir, cfg)?;
    for q in &summary.quarantined {
        quarantine.push(
            None,
            &[
                Value::Text(Some(&q.source_path)),
                Value::Text(Some(&q.reason)),
                Value::Int(Some(q.bytes as i64)),
                Value::Text(q.detected_encoding.as_deref()),
                Value::Text(Some(&summary.run_id)),
            ],
        )?;
    }
    let mut tables = BTreeMap::new();
    tables.insert(DOCUMENTS.name.to_string(), docs.finish()?);
    if let Some(mw) = mentions_w {
        tables.insert(MENTIONS.name.to_string(), mw.finish()?);
    }
    if let Some(sink) = later {
        sink.finish(&stage.dir, cfg, &mut tables, &mut summary)?;
    }
    tables.insert(QUARANTINE.name.to_string(), quarantine.finish()?);
    let counts = InputCounts {
        folder: opts.input.display().to_string(),
        read: summary.read,
        documents: summary.documents,
        quarantined: summary.quarantined.len() as u64,
        bytes: summary.bytes,
    };
    commit(
        &wh,
        stage,
        stages,
        opts,
        &mut summary,
        tables,
        counts,
        started_at,
        clock,
    )
}

#[allow(clippy::too_many_arguments)]
fn commit(
    wh: &Warehouse,
    stage: crate::warehouse::Stage,
    stages: Stages,
    opts: &Options,
    summary: &mut Summary,
    tables: BTreeMap<String, crate::warehouse::TableFiles>,
    inputs: InputCounts,
    started_at: String,
    clock: Instant,
) -> Result<Summary, Error> {
    summary.tables = tables.iter().map(|(k, v)| (k.clone(), v.rows)).collect();
    let manifest = Manifest {
        run_id: summary.run_id.clone(),
        command: stages.name().to_string(),
        started_at,
        finished_at: now().1,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pipeline: PipelineInfo {
            name: opts.pipeline.pipeline.name.clone(),
            source: opts.pipeline.source.clone(),
            hash: opts.pipeline.hash.clone(),
        },
        inputs,
        tables,
    };
    summary.manifest = Some(wh.commit(stage, &manifest)?);
    summary.seconds = clock.elapsed().as_secs_f64();
    Ok(summary.clone())
}

/// `cifras extract` and `cifras facts`: from the documents already committed. `facts`
/// reads each document's mentions again with the pipeline's extract settings (a pure
/// function of the body, so the same rows as the `mentions` table when the pipeline is
/// unchanged) and writes `facts`, `jornadas` and `checks`.
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
    let stage = wh.stage(stages.name())?;
    let cfg = &p.warehouse;
    let mut mentions = match stages {
        Stages::Extract => Some(TableWriter::new(MENTIONS, &stage.dir, cfg)?),
        _ => None,
    };
    let mut facts_w = match stages {
        Stages::Facts => Some(FactsSink::new(&stage.dir, cfg)?),
        _ => None,
    };
    let mut run_hash = Sha256::new();
    run_hash.update(opts.pipeline.hash.as_bytes());
    run_hash.update(opts.vocabulary_hash.as_bytes());
    run_hash.update(stages.name().as_bytes());
    for file in &files {
        for batch in crate::warehouse::reader::documents(file)? {
            let docs = batch?;
            let with_facts = stages == Stages::Facts;
            let done: Vec<(Vec<MentionRow>, Option<DocFacts>)> = pool.install(|| {
                docs.par_iter()
                    .map(|d| {
                        let rows = extract(d, &p.extract);
                        let f = with_facts.then(|| {
                            let (ctx, fs) = crate::facts::facts(d, &rows, &opts.vocabulary);
                            let cs = crate::facts::checks(&d.body, &rows, &fs, &opts.vocabulary);
                            (ctx, fs, cs)
                        });
                        (rows, f)
                    })
                    .collect()
            });
            for (d, (rows, f)) in docs.iter().zip(done) {
                run_hash.update(d.doc_id.as_bytes());
                summary.documents += 1;
                summary.read += 1;
                summary.bytes += d.body.len() as u64;
                for m in &rows {
                    if m.kind == "date" {
                        summary.dates += 1;
                    } else {
                        summary.figures += 1;
                    }
                    if let Some(w) = mentions.as_mut() {
                        w.push(d.year(), &mention_row(&d.doc_id, &d.body, m))?;
                    }
                }
                if let (Some(sink), Some((ctx, fs, cs))) = (facts_w.as_mut(), f) {
                    sink.add(
                        &d.doc_id,
                        d.year(),
                        d.published_date,
                        &ctx,
                        &fs,
                        cs,
                        &mut summary,
                    )?;
                }
            }
        }
    }
    summary.run_id = hex(&run_hash.finalize())[..16].to_string();
    let mut tables = BTreeMap::new();
    if let Some(w) = mentions {
        tables.insert(MENTIONS.name.to_string(), w.finish()?);
    }
    if let Some(sink) = facts_w {
        sink.finish(&stage.dir, cfg, &mut tables, &mut summary)?;
    }
    let counts = InputCounts {
        folder: opts.warehouse.join(DOCUMENTS.name).display().to_string(),
        read: summary.read,
        documents: summary.documents,
        quarantined: 0,
        bytes: summary.bytes,
    };
    commit(
        &wh,
        stage,
        stages,
        opts,
        &mut summary,
        tables,
        counts,
        started_at,
        clock,
    )
}
