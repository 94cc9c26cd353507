//! The warehouse's tables for inputs held in memory, as Arrow batches with the tables'
//! schemas: what the Python package returns (`cifras.extract`, `cifras.jornadas`), and so
//! what a Spark job over many machines writes. The stages are the ones `cifras run` calls;
//! only the reading of files, the buckets and the commit are left out.

use crate::config::Loaded;
use crate::domain::{Modality, Scope};
use crate::error::Error;
use crate::facts::{FactRef, JornadaOf, Jornadas};
use crate::figures::Qualifier;
use crate::ingest::{Ingested, Quarantined, ingest_bytes};
use crate::vocab::{LoadedVocabulary, Vocabulary};
use crate::warehouse::BatchBuilder;
use crate::warehouse::rows::{
    check_row, document_row, fact_row, jornada_row, mention_row, quarantine_row,
};
use crate::warehouse::schema::{CHECKS, DOCUMENTS, FACTS, JORNADAS, MENTIONS, QUARANTINE, Table};
use arrow::array::{Array, Date32Array, Float64Array, Int64Array, StringArray};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The pipeline and vocabulary the stages run with.
#[derive(Debug, Clone)]
pub struct Setup {
    pub pipeline: Loaded,
    pub vocabulary: LoadedVocabulary,
}

impl Setup {
    /// As `cifras run` loads them: `pipeline`, else `pipelines/jornadas.toml` in the working
    /// directory, else the built-in one; the vocabulary the pipeline names, else the default.
    pub fn load(pipeline: Option<&Path>) -> Result<Setup, Error> {
        let pipeline = crate::config::load(pipeline)?;
        let vocabulary = pipeline.vocabulary()?;
        Ok(Setup {
            pipeline,
            vocabulary,
        })
    }
}

/// One input: its name in the tables and its raw bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputBytes<'a> {
    pub source_path: &'a str,
    pub content: &'a [u8],
    /// The publication date (days since 1970) to use when the bulletin gives none (no
    /// dateline, page metadata or date in its name).
    pub published_date: Option<i32>,
    /// An earlier input with the same bytes: then this one is quarantined as a duplicate
    /// of it (as `cifras run` does), if it is a document at all.
    pub duplicate_of: Option<&'a str>,
}

/// The rows of a set of inputs in each table that has rows per document.
#[derive(Debug, Clone)]
pub struct Tables {
    pub documents: RecordBatch,
    pub mentions: RecordBatch,
    pub facts: RecordBatch,
    pub checks: RecordBatch,
    pub quarantine: RecordBatch,
}

impl Tables {
    pub fn iter(&self) -> impl Iterator<Item = (Table, &RecordBatch)> {
        [
            (DOCUMENTS, &self.documents),
            (MENTIONS, &self.mentions),
            (FACTS, &self.facts),
            (CHECKS, &self.checks),
            (QUARANTINE, &self.quarantine),
        ]
        .into_iter()
    }
}

/// The stages over every input, in parallel on rayon's current pool; rows in input order.
/// `run_id` fills the quarantine's `run_id` column.
pub fn extract_tables(inputs: &[InputBytes], setup: &Setup, run_id: &str) -> Result<Tables, Error> {
    let p = &setup.pipeline.pipeline;
    let vocab = &setup.vocabulary.vocabulary;
    let processed: Vec<crate::stages::Processed> = inputs
        .par_iter()
        .map(|i| {
            let mut ingested = crate::stages::guarded(
                || i.source_path.to_string(),
                i.content.len() as u64,
                || ingest_bytes(i.content.to_vec(), i.source_path.to_string(), &p.ingest),
            );
            if let (Ingested::Document(d), Some(date)) = (&mut ingested, i.published_date)
                && d.published_date.is_none()
            {
                d.published_date = Some(date);
            }
            if let (Ingested::Document(d), Some(of)) = (&ingested, i.duplicate_of) {
                ingested = Ingested::Quarantined(Quarantined {
                    source_path: d.source_path.clone(),
                    reason: crate::stages::duplicate_reason(of),
                    bytes: d.bytes,
                    detected_encoding: Some(d.encoding.clone()),
                });
            }
            crate::stages::after_ingest(ingested, p, vocab, true, true)
        })
        .collect();
    let mut documents = BatchBuilder::new(DOCUMENTS);
    let mut mentions = BatchBuilder::new(MENTIONS);
    let mut facts = BatchBuilder::new(FACTS);
    let mut checks = BatchBuilder::new(CHECKS);
    let mut quarantine = BatchBuilder::new(QUARANTINE);
    for pr in &processed {
        match &pr.ingested {
            Ingested::Document(d) => {
                let year = d.year();
                documents.push(year, &document_row(d));
                for m in &pr.mentions {
                    mentions.push(year, &mention_row(&d.doc_id, &d.body, m));
                }
                for f in &pr.facts {
                    facts.push(year, &fact_row(&d.doc_id, f));
                }
                for c in &pr.checks {
                    checks.push(None, &check_row(&d.doc_id, c));
                }
            }
            Ingested::Quarantined(q) => quarantine.push(None, &quarantine_row(q, run_id)),
        }
    }
    Ok(Tables {
        documents: documents.finish()?,
        mentions: mentions.finish()?,
        facts: facts.finish()?,
        checks: checks.finish()?,
        quarantine: quarantine.finish()?,
    })
}

/// The jornadas accumulated from `facts` rows (the `facts` table's columns; others are
/// ignored), with each document's publication date from `published` (a document missing
/// there counts as undated). A document's rows may be anywhere in the batch; within a
/// document they keep their order.
pub fn jornadas_of_facts(
    facts: &RecordBatch,
    published: &HashMap<String, Option<i32>>,
) -> Result<Jornadas, Error> {
    let doc = column::<StringArray>(facts, FACTS, "doc_id")?;
    let mut order: Vec<usize> = (0..facts.num_rows()).collect();
    order.sort_by(|&a, &b| doc.value(a).cmp(doc.value(b)));
    let mut jornadas = Jornadas::default();
    for run in order.chunk_by(|&a, &b| doc.value(a) == doc.value(b)) {
        let id = doc.value(run[0]);
        let date = published.get(id).copied().flatten();
        add_fact_rows(&mut jornadas, facts, run.iter().copied(), id, date)?;
    }
    Ok(jornadas)
}

/// Adds one document's facts rows (`rows`: their indices in `b`) to the jornadas.
pub(crate) fn add_fact_rows(
    jornadas: &mut Jornadas,
    b: &RecordBatch,
    mut rows: impl Iterator<Item = usize> + Clone,
    doc_id: &str,
    published: Option<i32>,
) -> Result<(), Error> {
    let text = |name| column::<StringArray>(b, FACTS, name);
    let int = |name| column::<Int64Array>(b, FACTS, name);
    let date = |name| column::<Date32Array>(b, FACTS, name);
    let (series, year, number) = (text("series")?, int("series_year")?, int("series_number")?);
    let (from, to) = (date("period_start")?, date("period_end")?);
    let (metric, modality, qualifier, scope) = (
        text("metric")?,
        text("modality")?,
        text("qualifier")?,
        text("scope")?,
    );
    let value = column::<Float64Array>(b, FACTS, "value")?;
    let mention = int("mention_id")?;
    // the jornada is the document's: the same on all its rows
    let Some(i) = rows.clone().next() else {
        return Ok(());
    };
    if series.is_null(i) || number.is_null(i) {
        return Ok(());
    }
    let year = match year.is_null(i) {
        true => None,
        false => Some(
            i32::try_from(year.value(i))
                .map_err(|_| Error::Failed("facts: a series_year out of range".into()))?,
        ),
    };
    let of = JornadaOf {
        series: series.value(i),
        year,
        number: number.value(i),
        period: (!from.is_null(i) && !to.is_null(i)).then(|| (from.value(i), to.value(i))),
    };
    // the categorical columns back into their types; a value no cifras writes is an error
    fn typed<T>(parse: fn(&str) -> Option<T>, column: &str, text: &str) -> Result<T, Error> {
        parse(text).ok_or_else(|| {
            Error::Failed(format!("facts: {column} {text:?} is not one cifras writes"))
        })
    }
    let mut facts = Vec::new();
    for k in rows.by_ref() {
        facts.push(FactRef {
            mention_id: mention.value(k),
            metric: metric.value(k),
            modality: typed(Modality::parse, "modality", modality.value(k))?,
            qualifier: typed(Qualifier::parse, "qualifier", qualifier.value(k))?,
            scope: typed(Scope::parse, "scope", scope.value(k))?,
            value: value.value(k),
        });
    }
    jornadas.add_facts(doc_id, published, of, facts.into_iter());
    Ok(())
}

/// The publication date of each document of a `documents` batch (its `doc_id` and
/// `published_date` columns).
pub fn published_dates(documents: &RecordBatch) -> Result<HashMap<String, Option<i32>>, Error> {
    let doc = column::<StringArray>(documents, DOCUMENTS, "doc_id")?;
    let date = column::<Date32Array>(documents, DOCUMENTS, "published_date")?;
    Ok((0..documents.num_rows())
        .map(|i| {
            let d = (!date.is_null(i)).then(|| date.value(i));
            (doc.value(i).to_string(), d)
        })
        .collect())
}

/// The `jornadas` rows of accumulated jornadas (the series the vocabulary gives rows to),
/// and the checks across bulletins they lead to (rows of the `checks` table).
pub fn finish_jornadas(
    jornadas: Jornadas,
    vocab: &Vocabulary,
) -> Result<(RecordBatch, RecordBatch), Error> {
    let (rows, jchecks) = jornadas.finish_with(|code| vocab.gives_rows(code));
    let mut jw = BatchBuilder::new(JORNADAS);
    for r in &rows {
        jw.push(None, &jornada_row(r));
    }
    let mut cw = BatchBuilder::new(CHECKS);
    for (doc, c) in &jchecks {
        cw.push(None, &check_row(doc, c));
    }
    Ok((jw.finish()?, cw.finish()?))
}

/// Jornadas accumulated on one machine, as bytes for another (bincode of the accumulator).
pub fn encode_jornadas(j: &Jornadas) -> Result<Vec<u8>, Error> {
    bincode::serde::encode_to_vec(j, bincode::config::standard())
        .map_err(|e| Error::library("encoding jornadas", e))
}

pub fn decode_jornadas(bytes: &[u8]) -> Result<Jornadas, Error> {
    bincode::serde::decode_from_slice(bytes, bincode::config::standard())
        .map(|(j, _)| j)
        .map_err(|e| Error::Usage(format!("not jornadas accumulated by cifras: {e}")))
}

fn column<'a, A: 'static>(b: &'a RecordBatch, table: Table, name: &str) -> Result<&'a A, Error> {
    crate::warehouse::reader::column(b, name).ok_or_else(|| {
        Error::Usage(format!(
            "{}: column {name} missing or not of the warehouse's type ({})",
            table.name,
            table
                .columns
                .iter()
                .find(|c| c.name == name)
                .map_or("unknown", |c| c.ty.sql())
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/raw");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect()
    }

    fn inputs(files: &[(String, Vec<u8>)]) -> Vec<InputBytes<'_>> {
        files
            .iter()
            .map(|(name, bytes)| InputBytes {
                source_path: name,
                content: bytes,
                published_date: None,
                duplicate_of: None,
            })
            .collect()
    }

    #[test]
    fn jornadas_from_facts_rows_equal_jornadas_from_the_facts_stage() {
        let setup = Setup::load(Some(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/jornadas.toml"),
        ))
        .unwrap();
        let files = sample();
        let tables = extract_tables(&inputs(&files), &setup, "t").unwrap();
        let published = published_dates(&tables.documents).unwrap();
        let from_rows = jornadas_of_facts(&tables.facts, &published).unwrap();
        // the way `cifras run` adds a processed document
        let mut direct = Jornadas::default();
        for (name, bytes) in &files {
            let ingested =
                ingest_bytes(bytes.clone(), name.clone(), &setup.pipeline.pipeline.ingest);
            let p = crate::stages::after_ingest(
                ingested,
                &setup.pipeline.pipeline,
                &setup.vocabulary.vocabulary,
                true,
                true,
            );
            if let Ingested::Document(d) = &p.ingested {
                direct.add(&d.doc_id, d.published_date, &p.context, &p.facts);
            }
        }
        assert_eq!(from_rows.clone().finish(), direct.finish());
        let (rows, _) = finish_jornadas(from_rows.clone(), &setup.vocabulary.vocabulary).unwrap();
        assert!(rows.num_rows() >= 5, "data/raw has jornadas");
        // the accumulator survives the trip between machines
        let back = decode_jornadas(&encode_jornadas(&from_rows).unwrap()).unwrap();
        assert_eq!(back, from_rows);
        assert!(decode_jornadas(b"\xff\xff\xff").is_err());
    }

    #[test]
    fn a_duplicate_document_is_quarantined_and_gives_no_rows() {
        let setup = Setup::load(Some(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/jornadas.toml"),
        ))
        .unwrap();
        let text = "Ciudad de México, 3 de julio de 2024. Se otorgaron 204 mil 782 consultas.";
        let mut ins = vec![
            InputBytes {
                source_path: "a.txt",
                content: text.as_bytes(),
                published_date: None,
                duplicate_of: None,
            };
            2
        ];
        ins[1].source_path = "b.txt";
        ins[1].duplicate_of = Some("a.txt");
        let t = extract_tables(&ins, &setup, "run").unwrap();
        assert_eq!(t.documents.num_rows(), 1);
        assert_eq!(t.quarantine.num_rows(), 1);
        let reason = t.quarantine.column_by_name("reason").unwrap();
        let reason = reason.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(reason.value(0), "duplicate: the same bytes as a.txt");
        // the partition key is the last column of a partitioned table, not of the others
        assert_eq!(t.documents.schema().fields().last().unwrap().name(), "year");
        assert_eq!(t.quarantine.schema(), QUARANTINE.reader_schema());
    }
}
