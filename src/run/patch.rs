//! Rebuilding a bucket from what it already holds. When some inputs of a bucket are new,
//! changed or removed, its unchanged documents are not processed again: their rows are read
//! back from the last commit's files (`documents`, `mentions`, `facts`, `checks`) and
//! written again, in the same order and beside the rows of the inputs that were processed.
//! The writers get the same cells as from processing, so the files are the same bytes as a
//! `--full-refresh` (which the tests and the incremental benchmark assert); the bucket's
//! jornadas and counts are made again from the same rows.

use crate::domain::MentionKind;
use crate::error::Error;
use crate::facts::Jornadas;
use crate::warehouse::reader;
use crate::warehouse::schema::{CHECKS, DOCUMENTS, FACTS, MENTIONS, Table};
use crate::warehouse::{TableFiles, TableWriter};
use arrow::array::{Array, Date32Array, StringArray};
use arrow::record_batch::RecordBatch;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;

/// The tables a bucket's documents have rows in.
const TABLES: [Table; 4] = [DOCUMENTS, MENTIONS, FACTS, CHECKS];

/// Where a document's rows are in one table: a run of rows in one file.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    file: usize,
    start: usize,
    len: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.len
    }
}

/// One table of a bucket as the last commit wrote it: its files, and each document's rows.
#[derive(Default)]
struct Old {
    files: Vec<RecordBatch>,
    docs: FxHashMap<String, Span>,
}

/// The rows of a bucket's documents in the last commit.
pub struct OldRows {
    tables: Vec<Old>,
}

impl OldRows {
    /// Reads a bucket's files (`bucket`: its tables in the last commit; one thread per table). Fails if a file is missing or
    /// unreadable, or a document's rows are not together as cifras writes them.
    pub fn load(root: &Path, bucket: &BTreeMap<String, TableFiles>) -> Result<OldRows, Error> {
        let tables = std::thread::scope(|scope| {
            let readers: Vec<_> = TABLES
                .iter()
                .map(|t| {
                    let files = bucket
                        .get(t.name)
                        .map(|f| f.files.clone())
                        .unwrap_or_default();
                    scope.spawn(move || read_table(root, *t, &files))
                })
                .collect();
            readers
                .into_iter()
                .map(|r| {
                    r.join()
                        .unwrap_or_else(|_| Err(Error::Failed("a reading thread failed".into())))
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(OldRows { tables })
    }

    fn table(&self, t: Table) -> &Old {
        let k = TABLES
            .iter()
            .position(|x| x.name == t.name)
            .expect("a bucket table");
        &self.tables[k]
    }

    /// A document's rows in a table, if it has any.
    pub fn rows(&self, t: Table, doc_id: &str) -> Option<Span> {
        self.table(t).docs.get(doc_id).copied()
    }

    /// Writes a document's rows of a table again.
    pub fn push(
        &self,
        t: Table,
        span: Span,
        year: Option<i64>,
        w: &mut TableWriter,
    ) -> Result<(), Error> {
        w.push_from(year, &self.table(t).files[span.file], span.start, span.len)
    }

    fn batch(&self, t: Table, span: Span) -> &RecordBatch {
        &self.table(t).files[span.file]
    }

    /// The document's publication date (its `documents` row).
    pub fn published(&self, span: Span) -> Result<Option<i32>, Error> {
        let b = self.batch(DOCUMENTS, span);
        let d: &Date32Array = column(b, DOCUMENTS, "published_date")?;
        Ok((!d.is_null(span.start)).then(|| d.value(span.start)))
    }

    /// How many of the document's mentions are dates, and how many figures.
    pub fn mention_kinds(&self, span: Span) -> Result<(u64, u64), Error> {
        let kind: &StringArray = column(self.batch(MENTIONS, span), MENTIONS, "kind")?;
        let dates = (span.start..span.start + span.len)
            .filter(|&i| kind.value(i) == MentionKind::Date.as_str())
            .count() as u64;
        Ok((dates, span.len as u64 - dates))
    }

    /// How many of the document's checks do not reconcile.
    pub fn mismatches(&self, span: Span) -> Result<u64, Error> {
        let status: &StringArray = column(self.batch(CHECKS, span), CHECKS, "status")?;
        Ok((span.start..span.start + span.len)
            .filter(|&i| status.value(i) != "ok")
            .count() as u64)
    }

    /// Adds the document to the jornadas from its `facts` rows, as [`Jornadas::add`] does
    /// from the facts stage.
    pub fn add_jornada(
        &self,
        jornadas: &mut Jornadas,
        doc_id: &str,
        published: Option<i32>,
        span: Span,
    ) -> Result<(), Error> {
        let rows = span.start..span.start + span.len;
        crate::tables::add_fact_rows(jornadas, self.batch(FACTS, span), rows, doc_id, published)
    }
}

fn column<'a, A: 'static>(b: &'a RecordBatch, t: Table, name: &str) -> Result<&'a A, Error> {
    reader::column(b, name).ok_or_else(|| {
        Error::Failed(format!(
            "{}: column {name} missing or of another type in a file read back",
            t.name
        ))
    })
}

/// A table's files of one bucket, and where each document's rows are in them.
fn read_table(root: &Path, table: Table, files: &[String]) -> Result<Old, Error> {
    let mut old = Old::default();
    let want = table.arrow_schema();
    for (k, f) in files.iter().enumerate() {
        let batch = reader::whole(&root.join(f))?;
        // the columns this version writes, or the rows cannot be written again as they are
        if batch.schema().fields() != want.fields() {
            return Err(Error::Failed(format!(
                "{f}: not the columns of this version"
            )));
        }
        let ids = batch
            .column_by_name("doc_id")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>())
            .ok_or_else(|| Error::Failed(format!("{f}: no doc_id column")))?;
        let mut start = 0;
        while start < ids.len() {
            let id = ids.value(start);
            let mut end = start + 1;
            while end < ids.len() && ids.value(end) == id {
                end += 1;
            }
            let span = Span {
                file: k,
                start,
                len: end - start,
            };
            if old.docs.insert(id.to_string(), span).is_some() {
                return Err(Error::Failed(format!(
                    "{}: the rows of document {id} are not together in the last commit",
                    table.name
                )));
            }
            start = end;
        }
        old.files.push(batch);
    }
    Ok(old)
}
