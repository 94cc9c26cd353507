//! Parquet writing with arrow-rs: plain files every BI tool reads (data page v1,
//! dictionary encoding, UTF-8 strings, DATE, INT64, DOUBLE, page statistics truncated for
//! long text, Snappy or zstd), hive-partitioned by year with the key only in the path, one
//! file per partition, row groups bounded in rows and bytes so memory stays flat.

use super::schema::{Table, Type};
use crate::config::{Compression, WarehouseConfig};
use crate::error::Error;
use arrow::array::{
    Array, ArrayRef, Date32Array, Date32Builder, Float64Array, Float64Builder, Int64Array,
    Int64Builder, StringArray, StringBuilder,
};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression as PqCompression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use parquet::schema::types::ColumnPath;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The hive partition readers take as null.
/// The partition of rows whose publication year is unknown: `year=0`. Not the hive null
/// partition (`__HIVE_DEFAULT_PARTITION__`): pandas' `read_parquet(folder)` fails on it
/// ("Cannot yet unify dictionaries with nulls"), and every reader types `year=0` as the
/// same integer column as the other partitions.
pub const UNKNOWN_YEAR: i64 = 0;

/// Row groups are cut at this many bytes of encoded data, whatever the row count: with a
/// few open partitions per table, this bounds the memory of a run.
const ROW_GROUP_BYTES: usize = 8 * 1024 * 1024;

/// One cell of a row being written.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    Double(Option<f64>),
    Date(Option<i32>),
}

/// Column builders for one table.
struct Builders {
    table: Table,
    cols: Vec<Builder>,
    rows: usize,
    /// Approximate bytes buffered (text lengths and 8 per other cell).
    bytes: usize,
}

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Double(Float64Builder),
    Date(Date32Builder),
}

impl Builders {
    fn new(table: Table) -> Self {
        Builders {
            table,
            cols: table
                .columns
                .iter()
                .map(|c| match c.ty {
                    Type::Text => Builder::Text(StringBuilder::new()),
                    Type::Int => Builder::Int(Int64Builder::new()),
                    Type::Double => Builder::Double(Float64Builder::new()),
                    Type::Date => Builder::Date(Date32Builder::new()),
                })
                .collect(),
            rows: 0,
            bytes: 0,
        }
    }

    fn push(&mut self, row: &[Value]) {
        debug_assert_eq!(row.len(), self.cols.len(), "{}: row width", self.table.name);
        for (b, v) in self.cols.iter_mut().zip(row) {
            self.bytes += match v {
                Value::Text(Some(t)) => t.len(),
                _ => 8,
            };
            match (b, v) {
                (Builder::Text(b), Value::Text(v)) => b.append_option(*v),
                (Builder::Int(b), Value::Int(v)) => b.append_option(*v),
                (Builder::Double(b), Value::Double(v)) => b.append_option(*v),
                (Builder::Date(b), Value::Date(v)) => b.append_option(*v),
                _ => panic!(
                    "{}: a value of the wrong type for its column",
                    self.table.name
                ),
            }
        }
        self.rows += 1;
    }

    fn finish(&mut self) -> Result<RecordBatch, Error> {
        let arrays: Vec<ArrayRef> = self
            .cols
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Text(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Double(b) => Arc::new(b.finish()),
                    Builder::Date(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(self.table.arrow_schema(), arrays)
            .map_err(|e| Error::library(format!("{}: building a batch", self.table.name), e))
    }
}

/// Rows of one table gathered in memory as one Arrow batch with the table's schema, the
/// partition key `year` last for a partitioned table (as readers of the folders see it):
/// what the Python package returns.
pub struct BatchBuilder {
    rows: Builders,
    year: Option<Int64Builder>,
}

impl BatchBuilder {
    pub fn new(table: Table) -> Self {
        BatchBuilder {
            rows: Builders::new(table),
            year: table.partitioned.then(Int64Builder::new),
        }
    }

    /// Appends one row (`year`: its publication year; [`UNKNOWN_YEAR`] when none).
    pub fn push(&mut self, year: Option<i64>, row: &[Value]) {
        self.rows.push(row);
        if let Some(y) = &mut self.year {
            y.append_value(year.unwrap_or(UNKNOWN_YEAR));
        }
    }

    pub fn finish(mut self) -> Result<RecordBatch, Error> {
        let batch = self.rows.finish()?;
        let Some(mut year) = self.year else {
            return Ok(batch);
        };
        let table = self.rows.table;
        let mut columns = batch.columns().to_vec();
        columns.push(Arc::new(year.finish()));
        RecordBatch::try_new(table.reader_schema(), columns)
            .map_err(|e| Error::library(format!("{}: building a batch", table.name), e))
    }
}

/// One column of a batch read back, typed as the schema says.
enum Cells<'a> {
    Text(&'a StringArray),
    Int(&'a Int64Array),
    Double(&'a Float64Array),
    Date(&'a Date32Array),
}

impl<'a> Cells<'a> {
    fn of(batch: &'a RecordBatch, name: &str, ty: Type) -> Option<Self> {
        let a = batch.column_by_name(name)?.as_any();
        Some(match ty {
            Type::Text => Cells::Text(a.downcast_ref()?),
            Type::Int => Cells::Int(a.downcast_ref()?),
            Type::Double => Cells::Double(a.downcast_ref()?),
            Type::Date => Cells::Date(a.downcast_ref()?),
        })
    }

    fn get(&self, i: usize) -> Value<'a> {
        match self {
            Cells::Text(a) => Value::Text((!a.is_null(i)).then(|| a.value(i))),
            Cells::Int(a) => Value::Int((!a.is_null(i)).then(|| a.value(i))),
            Cells::Double(a) => Value::Double((!a.is_null(i)).then(|| a.value(i))),
            Cells::Date(a) => Value::Date((!a.is_null(i)).then(|| a.value(i))),
        }
    }
}

/// Columns whose values are (nearly) all distinct: a dictionary would only cost time.
fn no_dictionary(table: &str) -> &'static [&'static str] {
    match table {
        "documents" => &["doc_id", "source_path", "title", "body"],
        "mentions" => &["text"],
        "jornadas" => &["source_doc_ids"],
        "checks" => &["detail"],
        _ => &[],
    }
}

fn properties(table: &Table, cfg: &WarehouseConfig) -> Result<WriterProperties, Error> {
    let compression = match cfg.compression {
        Compression::Snappy => PqCompression::SNAPPY,
        Compression::Zstd => PqCompression::ZSTD(
            ZstdLevel::try_new(3).map_err(|e| Error::Config(format!("zstd level: {e}")))?,
        ),
    };
    let mut b = WriterProperties::builder();
    for col in no_dictionary(table.name) {
        b = b.set_column_dictionary_enabled(ColumnPath::from(*col), false);
    }
    Ok(b.set_writer_version(WriterVersion::PARQUET_1_0)
        .set_compression(compression)
        .set_dictionary_enabled(true)
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_statistics_truncate_length(Some(64))
        .set_column_index_truncate_length(Some(64))
        .set_max_row_group_row_count(Some(cfg.row_group_rows))
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_key_value_metadata(Some(vec![parquet::file::metadata::KeyValue::new(
            super::schema::SCHEMA_VERSION_KEY.to_string(),
            super::schema::SCHEMA_VERSION.to_string(),
        )]))
        .build())
}

/// What a finished table holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TableFiles {
    pub rows: u64,
    /// Paths relative to the warehouse.
    pub files: Vec<String>,
}

impl TableFiles {
    /// Adds the rows and files of another part of the table.
    pub fn add(&mut self, other: &TableFiles) {
        self.rows += other.rows;
        self.files.extend(other.files.iter().cloned());
        self.files.sort();
    }
}

/// Writes one table into `root/<table>/[year=…/]part-0.parquet` (or one bucket of it,
/// `part-0007.parquet`), streaming rows in.
pub struct TableWriter {
    table: Table,
    root: PathBuf,
    props: WriterProperties,
    /// The file name in each partition.
    file: String,
    /// Whether a writer that got no rows leaves an empty file (a whole table does, so that
    /// readers find its schema; a bucket does not).
    empty_file: bool,
    /// Per partition (None = unpartitioned or null year): builders and the open file.
    parts: BTreeMap<Option<i64>, Part>,
    rows: u64,
}

struct Part {
    builders: Builders,
    writer: ArrowWriter<File>,
    path: PathBuf,
}

/// Rows, or bytes, buffered in builders before they go to the Parquet writer (fixed
/// counts, so that files do not depend on how the input was batched).
const BATCH_ROWS: usize = 8192;
const BATCH_BYTES: usize = 4 * 1024 * 1024;

impl TableWriter {
    pub fn new(table: Table, root: &Path, cfg: &WarehouseConfig) -> Result<Self, Error> {
        Ok(TableWriter {
            table,
            root: root.to_path_buf(),
            props: properties(&table, cfg)?,
            file: "part-0.parquet".into(),
            empty_file: true,
            parts: BTreeMap::new(),
            rows: 0,
        })
    }

    /// A writer for one bucket of a table: `part-<bucket>.parquet` in each partition, and no
    /// file at all if the bucket has no rows.
    pub fn bucket(
        table: Table,
        root: &Path,
        cfg: &WarehouseConfig,
        bucket: &str,
    ) -> Result<Self, Error> {
        let mut w = TableWriter::new(table, root, cfg)?;
        w.file = format!("part-{bucket}.parquet");
        w.empty_file = false;
        Ok(w)
    }

    /// Leaves an empty file even without rows.
    pub fn with_empty_file(mut self) -> Self {
        self.empty_file = true;
        self
    }

    fn part_dir(&self, year: Option<i64>) -> PathBuf {
        let dir = self.root.join(self.table.name);
        if !self.table.partitioned {
            return dir;
        }
        match year {
            Some(y) => dir.join(format!("year={y}")),
            None => dir.join(format!("year={UNKNOWN_YEAR}")),
        }
    }

    fn part(&mut self, year: Option<i64>) -> Result<&mut Part, Error> {
        let year = if self.table.partitioned { year } else { None };
        if !self.parts.contains_key(&year) {
            let dir = self.part_dir(year);
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
            let path = dir.join(&self.file);
            let file = File::create(&path)
                .map_err(|e| Error::io(format!("creating {}", path.display()), e))?;
            let writer =
                ArrowWriter::try_new(file, self.table.arrow_schema(), Some(self.props.clone()))
                    .map_err(|e| Error::library(format!("opening {}", path.display()), e))?;
            self.parts.insert(
                year,
                Part {
                    builders: Builders::new(self.table),
                    writer,
                    path,
                },
            );
        }
        Ok(self.parts.get_mut(&year).expect("inserted above"))
    }

    /// Appends one row to the partition of `year`.
    pub fn push(&mut self, year: Option<i64>, row: &[Value]) -> Result<(), Error> {
        let name = self.table.name;
        let part = self.part(year)?;
        part.builders.push(row);
        if part.builders.rows >= BATCH_ROWS || part.builders.bytes >= BATCH_BYTES {
            let batch = part.builders.finish()?;
            part.writer
                .write(&batch)
                .map_err(|e| Error::library(format!("{name}: writing"), e))?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Appends `len` rows from `start` of a batch read back from this table's files (the
    /// same cells, so the same bytes as pushing the rows they were made from).
    pub fn push_from(
        &mut self,
        year: Option<i64>,
        batch: &RecordBatch,
        start: usize,
        len: usize,
    ) -> Result<(), Error> {
        let name = self.table.name;
        let cols = self
            .table
            .columns
            .iter()
            .map(|c| Cells::of(batch, c.name, c.ty))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Error::Failed(format!(
                    "{name}: a file read back lacks a column or its type"
                ))
            })?;
        if start + len > batch.num_rows() {
            return Err(Error::Failed(format!(
                "{name}: rows beyond a batch read back"
            )));
        }
        let mut row = Vec::with_capacity(cols.len());
        for i in start..start + len {
            row.clear();
            row.extend(cols.iter().map(|c| c.get(i)));
            self.push(year, &row)?;
        }
        Ok(())
    }

    /// Flushes, closes and fsyncs every file; a table without rows still gets one empty
    /// file, so that readers find its schema.
    pub fn finish(self) -> Result<TableFiles, Error> {
        let (files, open) = self.finish_unsynced()?;
        sync_all(open)?;
        Ok(files)
    }

    /// Flushes every file: the table's files go into `tables` under its name, the open
    /// files into `open`, to be fsynced together with others ([`sync_all`]).
    pub fn finish_into(
        self,
        tables: &mut BTreeMap<String, TableFiles>,
        open: &mut Vec<(PathBuf, File)>,
    ) -> Result<(), Error> {
        let name = self.table.name;
        let (files, o) = self.finish_unsynced()?;
        tables.insert(name.to_string(), files);
        open.extend(o);
        Ok(())
    }

    /// Flushes every file and hands them back to be fsynced together with others
    /// ([`sync_all`]).
    fn finish_unsynced(mut self) -> Result<(TableFiles, Vec<(PathBuf, File)>), Error> {
        if self.parts.is_empty() && self.empty_file {
            self.part(None)?;
        }
        let name = self.table.name;
        let mut files = Vec::new();
        let mut open = Vec::new();
        for (_, mut part) in std::mem::take(&mut self.parts) {
            if part.builders.rows > 0 {
                let batch = part.builders.finish()?;
                part.writer
                    .write(&batch)
                    .map_err(|e| Error::library(format!("{name}: writing"), e))?;
            }
            let file = part.writer.into_inner().map_err(|e| {
                Error::library(format!("{name}: closing {}", part.path.display()), e)
            })?;
            let rel = part
                .path
                .strip_prefix(&self.root)
                .unwrap_or(&part.path)
                .to_string_lossy()
                .into_owned();
            files.push(rel);
            open.push((part.path, file));
        }
        Ok((
            TableFiles {
                rows: self.rows,
                files,
            },
            open,
        ))
    }
}

/// Fsyncs files all at once, one thread each: fsync waits on the disk, and the filesystem
/// journals concurrent ones together (one after the other, a bucket's dozen files cost a
/// dozen journal commits).
pub fn sync_all(files: Vec<(PathBuf, File)>) -> Result<(), Error> {
    if files.len() <= 1 {
        for (path, f) in &files {
            f.sync_all()
                .map_err(|e| Error::io(format!("syncing {}", path.display()), e))?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .iter()
            .map(|(path, f)| {
                scope.spawn(move || {
                    f.sync_all()
                        .map_err(|e| Error::io(format!("syncing {}", path.display()), e))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(Error::Failed("a sync thread failed".into())))
        })
    })
}
