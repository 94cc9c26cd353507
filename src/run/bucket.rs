//! A bucket's files: how a bucket's inputs become its rows in every table — processed, or
//! carried over from the last commit — and the jornadas and checks its facts give.

use super::patch::{OldRows, Span};
use super::rows::Processed;
use super::state::{self, BucketState, Counts, InputState, Outcome};
use super::{Stages, Summary};
use crate::domain::{CheckStatus, MentionKind};
use crate::error::Error;
use crate::facts::{CheckRow, FactRow, Jornadas};
use crate::ingest::{Document, Ingested, Input};
use crate::warehouse::rows::{check_row, document_row, fact_row, jornada_row, mention_row};
use crate::warehouse::schema::{CHECKS, DOCUMENTS, FACTS, JORNADAS, MENTIONS};
use crate::warehouse::{TableFiles, TableWriter};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The facts stage's output for one bucket: facts rows streamed to their files; the
/// documents' checks gathered and written when the bucket ends (in doc_id order, so that
/// the file is the same whatever order the documents came in); the bucket's jornadas, merged
/// with the other buckets' at the end of the run.
pub(super) struct FactsSink {
    facts: TableWriter,
    checks: Vec<(String, Check)>,
    jornadas: Jornadas,
}

/// A document's checks: made by the facts stage, or its rows in the last commit.
pub(super) enum Check {
    New(CheckRow),
    Old(Span),
}

impl FactsSink {
    pub(super) fn new(
        root: &std::path::Path,
        cfg: &crate::config::WarehouseConfig,
        bucket: &str,
    ) -> Result<Self, Error> {
        Ok(FactsSink {
            facts: TableWriter::bucket(FACTS, root, cfg, bucket)?,
            checks: Vec::new(),
            jornadas: Jornadas::default(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add(
        &mut self,
        doc_id: &str,
        year: Option<i64>,
        published: Option<i32>,
        ctx: &crate::facts::Context,
        facts: &[FactRow],
        checks: &[CheckRow],
        counts: &mut Counts,
    ) -> Result<(), Error> {
        for f in facts {
            self.facts.push(year, &fact_row(doc_id, f))?;
        }
        counts.facts += facts.len() as u64;
        counts.mismatches += checks
            .iter()
            .filter(|c| c.status != CheckStatus::Ok)
            .count() as u64;
        self.checks.extend(
            checks
                .iter()
                .map(|c| (doc_id.to_string(), Check::New(c.clone()))),
        );
        self.jornadas.add(doc_id, published, ctx, facts);
        Ok(())
    }

    /// An unchanged document, from its rows in the last commit.
    pub(super) fn keep(
        &mut self,
        old: &OldRows,
        doc_id: &str,
        year: Option<i64>,
        published: Option<i32>,
        counts: &mut Counts,
    ) -> Result<(), Error> {
        if let Some(span) = old.rows(FACTS, doc_id) {
            old.push(FACTS, span, year, &mut self.facts)?;
            counts.facts += span.len() as u64;
            old.add_jornada(&mut self.jornadas, doc_id, published, span)?;
        }
        if let Some(span) = old.rows(CHECKS, doc_id) {
            counts.mismatches += old.mismatches(span)?;
            self.checks.push((doc_id.to_string(), Check::Old(span)));
        }
        Ok(())
    }

    /// Closes the bucket's files: facts and checks into `tables`, their open files into
    /// `open` (to be fsynced with the bucket's others); returns its jornadas.
    pub(super) fn finish(
        mut self,
        root: &std::path::Path,
        cfg: &crate::config::WarehouseConfig,
        bucket: &str,
        old: Option<&OldRows>,
        tables: &mut BTreeMap<String, TableFiles>,
        open: &mut Vec<(PathBuf, std::fs::File)>,
    ) -> Result<Jornadas, Error> {
        self.facts.finish_into(tables, open)?;
        self.checks.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cw = TableWriter::bucket(CHECKS, root, cfg, bucket)?;
        for (doc, c) in &self.checks {
            match (c, old) {
                (Check::New(c), _) => cw.push(None, &check_row(doc, c))?,
                (Check::Old(span), Some(old)) => old.push(CHECKS, *span, None, &mut cw)?,
                (Check::Old(_), None) => unreachable!("old checks come with their rows"),
            }
        }
        cw.finish_into(tables, open)?;
        Ok(self.jornadas)
    }
}

/// The tables made from all buckets' jornadas.
pub(super) struct JornadaTables {
    /// The `jornadas` table.
    table: TableFiles,
    /// The checks about jornadas as a whole: `checks/part-jornadas.parquet` (always
    /// written, so the table has a file).
    checks: TableFiles,
    jornadas: u64,
    mismatches: u64,
}

impl JornadaTables {
    pub(super) fn add_to(self, tables: &mut BTreeMap<String, TableFiles>, summary: &mut Summary) {
        summary.jornadas = self.jornadas;
        summary.mismatches += self.mismatches;
        tables.insert(JORNADAS.name.to_string(), self.table);
        tables
            .entry(CHECKS.name.to_string())
            .or_default()
            .add(&self.checks);
    }
}

pub(super) fn finish_jornadas(
    jornadas: Jornadas,
    vocab: &crate::vocab::Vocabulary,
    root: &std::path::Path,
    cfg: &crate::config::WarehouseConfig,
) -> Result<JornadaTables, Error> {
    super::fault::check("jornadas")?;
    // only the series the vocabulary gives rows to
    let (rows, jchecks) = jornadas.finish_with(|code| vocab.gives_rows(code));
    let mut jw = TableWriter::new(JORNADAS, root, cfg)?;
    for r in &rows {
        jw.push(None, &jornada_row(r))?;
    }
    let mut cw = TableWriter::bucket(CHECKS, root, cfg, "jornadas")?.with_empty_file();
    let mut mismatches = 0;
    for (doc, c) in &jchecks {
        mismatches += u64::from(c.status != CheckStatus::Ok);
        cw.push(None, &check_row(doc, c))?;
    }
    // both files fsynced at once
    let (mut made, mut open) = (BTreeMap::new(), Vec::new());
    jw.finish_into(&mut made, &mut open)?;
    cw.finish_into(&mut made, &mut open)?;
    crate::warehouse::writer::sync_all(open)?;
    Ok(JornadaTables {
        table: made.remove(JORNADAS.name).unwrap_or_default(),
        checks: made.remove(CHECKS.name).unwrap_or_default(),
        jornadas: rows.len() as u64,
        mismatches,
    })
}

/// What one input puts in the tables of its bucket.
pub(super) enum Doc<'a> {
    /// An unchanged document: its rows in the last commit.
    Old {
        old: &'a OldRows,
        doc_id: &'a str,
        year: Option<i64>,
        /// Its `documents` row.
        span: Span,
    },
    New {
        d: &'a Document,
        pr: &'a Processed,
    },
    /// A duplicate or a quarantined input: no rows.
    None,
}

/// One input of a rebuilt bucket (most are processed ones, as big as the variant).
#[allow(clippy::large_enum_variant)]
pub(super) enum Item {
    /// Unchanged: its rows are the last commit's (`was`: its place in the old record).
    Keep { index: usize, was: usize },
    /// Processed, with the earlier input it duplicates, if any.
    New(Processed, Option<String>),
}

/// The files of a bucket being rebuilt, and what it has seen so far.
pub(super) struct BucketOut {
    bucket: u32,
    docs: TableWriter,
    mentions: Option<TableWriter>,
    facts: Option<FactsSink>,
    counts: Counts,
    inputs: Vec<InputState>,
    /// Documents whose rows were carried over from the last commit.
    pub(super) kept: u64,
}

impl BucketOut {
    pub(super) fn new(
        bucket: u32,
        root: &std::path::Path,
        cfg: &crate::config::WarehouseConfig,
        stages: Stages,
        with_facts: bool,
    ) -> Result<Self, Error> {
        let name = state::bucket_name(bucket);
        Ok(BucketOut {
            bucket,
            docs: TableWriter::bucket(DOCUMENTS, root, cfg, &name)?,
            mentions: match stages {
                Stages::All => Some(TableWriter::bucket(MENTIONS, root, cfg, &name)?),
                _ => None,
            },
            facts: match with_facts {
                true => Some(FactsSink::new(root, cfg, &name)?),
                false => None,
            },
            counts: Counts::default(),
            inputs: Vec::new(),
            kept: 0,
        })
    }

    /// Writes inputs of the bucket, in path order, each table on its own thread: a
    /// processed input's rows, or an unchanged document's rows in the last commit (`prev`:
    /// the last run's record of the bucket, `old`: its rows; a document whose rows are not
    /// there is processed after all, by `process_at`).
    pub(super) fn write(
        &mut self,
        items: Vec<Item>,
        prev: Option<&BucketState>,
        old: Option<&OldRows>,
        inputs: &[&Input],
        process_at: &(dyn Fn(usize) -> Processed + Sync),
    ) -> Result<(), Error> {
        let kept = |was: usize| match (prev, old) {
            (Some(p), Some(o)) => match &p.inputs[was].outcome {
                Outcome::Document { doc_id, year } => o
                    .rows(DOCUMENTS, doc_id)
                    .map(|span| (o, &p.inputs[was], doc_id.as_str(), *year, span)),
                _ => None,
            },
            _ => None,
        };
        let items: Vec<Item> = items
            .into_iter()
            .map(|it| match it {
                Item::Keep { index, was } if kept(was).is_none() => {
                    Item::New(process_at(index), None)
                }
                it => it,
            })
            .collect();
        // what each input puts in the tables
        let docs: Vec<Doc> = items
            .iter()
            .map(|it| match it {
                Item::Keep { was, .. } => {
                    let (old, _, doc_id, year, span) = kept(*was).expect("checked above");
                    Doc::Old {
                        old,
                        doc_id,
                        year,
                        span,
                    }
                }
                Item::New(pr, None) => match &pr.out.ingested {
                    Ingested::Document(d) => Doc::New { d, pr },
                    Ingested::Quarantined(_) => Doc::None,
                },
                Item::New(_, Some(_)) => Doc::None,
            })
            .collect();
        let BucketOut {
            docs: dw,
            mentions: mw,
            facts: sink,
            counts,
            ..
        } = self;
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Counts, Error>>| {
            h.join()
                .unwrap_or_else(|_| Err(Error::Failed("a writing thread failed".into())))
        };
        let parallel = prev.is_some();
        let parts = {
            let mut d = || -> Result<Counts, Error> {
                for doc in &docs {
                    match doc {
                        Doc::Old {
                            old, year, span, ..
                        } => old.push(DOCUMENTS, *span, *year, dw)?,
                        Doc::New { d, .. } => dw.push(d.year(), &document_row(d))?,
                        Doc::None => {}
                    }
                }
                Ok(Counts::default())
            };
            let mut m = || -> Result<Counts, Error> {
                let mut c = Counts::default();
                let Some(mw) = mw.as_mut() else {
                    return Ok(c);
                };
                for doc in &docs {
                    match doc {
                        Doc::Old {
                            old, doc_id, year, ..
                        } => {
                            if let Some(span) = old.rows(MENTIONS, doc_id) {
                                let (dates, figures) = old.mention_kinds(span)?;
                                c.dates += dates;
                                c.figures += figures;
                                old.push(MENTIONS, span, *year, mw)?;
                            }
                        }
                        Doc::New { d, pr } => {
                            for m in &pr.out.mentions {
                                if m.kind == MentionKind::Date {
                                    c.dates += 1;
                                } else {
                                    c.figures += 1;
                                }
                                mw.push(d.year(), &mention_row(&d.doc_id, &d.body, m))?;
                            }
                        }
                        Doc::None => {}
                    }
                }
                Ok(c)
            };
            let mut f = || -> Result<Counts, Error> {
                let mut c = Counts::default();
                let Some(sink) = sink.as_mut() else {
                    return Ok(c);
                };
                for doc in &docs {
                    match doc {
                        Doc::Old {
                            old,
                            doc_id,
                            year,
                            span,
                        } => {
                            let published = old.published(*span)?;
                            sink.keep(old, doc_id, *year, published, &mut c)?;
                        }
                        Doc::New { d, pr } => sink.add(
                            &d.doc_id,
                            d.year(),
                            d.published_date,
                            &pr.out.context,
                            &pr.out.facts,
                            &pr.out.checks,
                            &mut c,
                        )?,
                        Doc::None => {}
                    }
                }
                Ok(c)
            };
            // a bucket patched from the last commit's rows: one thread per table; rows of a
            // full build arrive in many chunks, and threads per chunk would cost memory (each
            // leaves its allocations behind) for a writer that keeps up anyway
            match parallel {
                true => std::thread::scope(|scope| {
                    let (d, m, f) = (scope.spawn(d), scope.spawn(m), scope.spawn(f));
                    [join(d), join(m), join(f)]
                }),
                false => [d(), m(), f()],
            }
        };
        for part in parts {
            counts.add(&part?);
        }
        drop(docs);
        // what the state records of each input
        for it in items {
            let (input, st) = match it {
                Item::Keep { index, was } => {
                    let (_, st, ..) = kept(was).expect("checked above");
                    counts.documents += 1;
                    self.kept += 1;
                    (inputs[index], st.outcome.clone())
                }
                Item::New(pr, dup_of) => {
                    let input = inputs[pr.index];
                    let outcome = match (pr.out.ingested, dup_of) {
                        (Ingested::Document(d), Some(of)) => Outcome::Duplicate {
                            doc_id: d.doc_id,
                            of,
                            encoding: d.encoding,
                        },
                        (Ingested::Document(d), None) => {
                            counts.documents += 1;
                            Outcome::Document {
                                year: d.year(),
                                doc_id: d.doc_id,
                            }
                        }
                        (Ingested::Quarantined(q), _) => Outcome::Quarantined {
                            reason: q.reason,
                            detected_encoding: q.detected_encoding,
                        },
                    };
                    (input, outcome)
                }
            };
            counts.bytes += input.bytes;
            self.inputs.push(InputState {
                path: input.name(),
                bytes: input.bytes,
                mtime_ns: input.mtime_ns,
                outcome: st,
            });
        }
        Ok(())
    }

    pub(super) fn finish(
        self,
        root: &std::path::Path,
        cfg: &crate::config::WarehouseConfig,
        old: Option<&OldRows>,
        keep_state: bool,
    ) -> Result<BucketState, Error> {
        let name = state::bucket_name(self.bucket);
        let mut tables = BTreeMap::new();
        let mut open = Vec::new();
        self.docs.finish_into(&mut tables, &mut open)?;
        if let Some(mw) = self.mentions {
            mw.finish_into(&mut tables, &mut open)?;
        }
        let jornadas = match self.facts {
            Some(sink) => sink.finish(root, cfg, &name, old, &mut tables, &mut open)?,
            None => Jornadas::default(),
        };
        let b = BucketState {
            bucket: self.bucket,
            inputs: self.inputs,
            tables,
            counts: self.counts,
            jornadas,
        };
        // its state file now, fsynced with its tables
        if keep_state {
            open.push(state::write_bucket(root, &b)?);
        }
        crate::warehouse::writer::sync_all(open)?;
        Ok(b)
    }
}
