//! The `cifras` Python package's native module (`cifras._cifras`): thin bindings over the
//! core (`cifras::figures`, `cifras::tables`). Arrow data crosses by the C data interface
//! (arrow-rs' pyarrow conversions), never through Python objects; the GIL is released while
//! Rust works. `python/cifras/__init__.py` documents the public functions.

use arrow::array::{Array, ArrayRef, BinaryArray, Date32Array, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::pyarrow::{FromPyArrow, IntoPyArrow, Table};
use cifras::tables::{self, InputBytes, Setup};
use cifras::warehouse::schema::{SCHEMA_VERSION, TABLES, Table as WarehouseTable};
use cifras::{Error, Kind, Locale, Qualifier};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use std::path::PathBuf;

/// The same message as the command line gives; the kind of error as Python's.
fn py_err(e: Error) -> PyErr {
    match e {
        Error::Usage(_) | Error::Config(_) => PyValueError::new_err(e.to_string()),
        Error::Io { .. } => PyOSError::new_err(e.to_string()),
        Error::Locked(_) | Error::Failed(_) | Error::Library { .. } => {
            PyRuntimeError::new_err(e.to_string())
        }
    }
}

fn locale(name: &str) -> PyResult<Locale> {
    match name {
        "es-MX" => Ok(Locale::EsMx),
        "es-ES" => Ok(Locale::EsEs),
        other => Err(PyValueError::new_err(format!(
            "unknown locale {other:?}; known: es-MX, es-ES"
        ))),
    }
}

fn setup(pipeline: Option<PathBuf>) -> PyResult<Setup> {
    Setup::load(pipeline.as_deref()).map_err(py_err)
}

/// Texts longer than this are read without the GIL; for shorter ones, releasing and taking
/// it back costs more than it frees.
const DETACH_BYTES: usize = 64 * 1024;

#[pyfunction]
#[pyo3(signature = (text, locale = "es-MX"))]
fn read<'py>(py: Python<'py>, text: &str, locale: &str) -> PyResult<Bound<'py, PyList>> {
    thread_local! {
        static READING: std::cell::RefCell<cifras::Reading> = Default::default();
    }
    let locale = self::locale(locale)?;
    let figures = |r: &mut cifras::Reading| {
        cifras::read_into(text, locale, r);
        std::mem::take(&mut r.figures)
    };
    let figures = match text.len() > DETACH_BYTES {
        true => py.detach(|| figures(&mut cifras::Reading::default())),
        false => READING.with(|r| figures(&mut r.borrow_mut())),
    };
    let out = PyList::empty(py);
    for f in &figures {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "text"), f.text(text))?;
        d.set_item(intern!(py, "start"), f.start)?;
        d.set_item(intern!(py, "end"), f.end)?;
        // an int for whole values, a float otherwise (as `cifras normalize` writes them)
        let value = intern!(py, "value");
        match f.value.as_i64() {
            Some(i) => d.set_item(value, i)?,
            None => d.set_item(value, f.value.to_f64())?,
        }
        d.set_item(intern!(py, "kind"), kind_name(py, f.kind))?;
        d.set_item(intern!(py, "qualifier"), qualifier_name(py, f.qualifier))?;
        out.append(d)?;
    }
    READING.with(|r| r.borrow_mut().figures = figures);
    Ok(out)
}

/// A kind's name, one shared Python string each (`intern!` needs a literal, hence the match).
fn kind_name<'py>(py: Python<'py>, k: Kind) -> Bound<'py, PyString> {
    match k {
        Kind::Cardinal => intern!(py, "cardinal"),
        Kind::Decimal => intern!(py, "decimal"),
        Kind::Percent => intern!(py, "percent"),
        Kind::Ordinal => intern!(py, "ordinal"),
        Kind::Money => intern!(py, "money"),
        Kind::Duration => intern!(py, "duration"),
        Kind::Age => intern!(py, "age"),
    }
    .clone()
}

/// A qualifier's name, one shared Python string each.
fn qualifier_name<'py>(py: Python<'py>, q: Qualifier) -> Bound<'py, PyString> {
    match q {
        Qualifier::Exact => intern!(py, "exact"),
        Qualifier::MoreThan => intern!(py, "more_than"),
        Qualifier::LessThan => intern!(py, "less_than"),
        Qualifier::Approx => intern!(py, "approx"),
        Qualifier::AtLeast => intern!(py, "at_least"),
        Qualifier::AtMost => intern!(py, "at_most"),
    }
    .clone()
}

/// One batch of the input table, its columns as the types the stages read.
struct Batch {
    path: StringArray,
    content: BinaryArray,
    published: Option<Date32Array>,
    duplicate_of: Option<StringArray>,
}

fn input_column(
    b: &RecordBatch,
    name: &str,
    to: &DataType,
    required: bool,
) -> PyResult<Option<ArrayRef>> {
    let Some(c) = b.column_by_name(name) else {
        return match required {
            true => Err(PyValueError::new_err(format!(
                "extract: the input has no {name:?} column (it needs source_path: string, content: binary; published_date: date32 and duplicate_of: string are optional)"
            ))),
            false => Ok(None),
        };
    };
    // only the types of the same kind: arrow would also cast numbers to text or bytes
    use DataType::*;
    let fits = matches!(
        (to, c.data_type()),
        (Utf8, Utf8 | LargeUtf8 | Utf8View)
            | (
                Binary,
                Binary | LargeBinary | BinaryView | Utf8 | LargeUtf8 | Utf8View
            )
            | (Date32, Date32 | Date64)
    );
    let refused = |why: String| {
        PyValueError::new_err(format!(
            "extract: column {name:?} is {}, not {to}{why}",
            c.data_type()
        ))
    };
    if !fits {
        return Err(refused(String::new()));
    }
    cast(c, to).map(Some).map_err(|e| refused(format!(": {e}")))
}

impl Batch {
    fn of(b: &RecordBatch) -> PyResult<Batch> {
        let get = |name, to: &DataType, required| input_column(b, name, to, required);
        let text = |a: ArrayRef| a.as_any().downcast_ref::<StringArray>().cloned();
        let path = get("source_path", &DataType::Utf8, true)?.and_then(text);
        let content = get("content", &DataType::Binary, true)?
            .and_then(|a| a.as_any().downcast_ref::<BinaryArray>().cloned());
        let published = get("published_date", &DataType::Date32, false)?
            .and_then(|a| a.as_any().downcast_ref::<Date32Array>().cloned());
        let duplicate_of = get("duplicate_of", &DataType::Utf8, false)?.and_then(text);
        let (Some(path), Some(content)) = (path, content) else {
            return Err(PyRuntimeError::new_err("extract: a cast gave another type"));
        };
        if path.null_count() > 0 || content.null_count() > 0 {
            return Err(PyValueError::new_err(
                "extract: source_path and content must not be null",
            ));
        }
        Ok(Batch {
            path,
            content,
            published,
            duplicate_of,
        })
    }

    fn inputs(&self) -> impl Iterator<Item = InputBytes<'_>> {
        (0..self.path.len()).map(|i| InputBytes {
            source_path: self.path.value(i),
            content: self.content.value(i),
            published_date: self
                .published
                .as_ref()
                .and_then(|d| (!d.is_null(i)).then(|| d.value(i))),
            duplicate_of: self
                .duplicate_of
                .as_ref()
                .and_then(|d| (!d.is_null(i)).then(|| d.value(i))),
        })
    }
}

fn to_table(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let schema = batch.schema();
    Table::try_new(vec![batch], schema)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?
        .into_pyarrow(py)
}

/// All the record batches of a pyarrow table (or anything with the Arrow stream interface).
fn batches(data: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    Ok(Table::from_pyarrow_bound(data)?.into_inner().0)
}

fn concat(batches: &[RecordBatch], what: &str) -> PyResult<Option<RecordBatch>> {
    let Some(first) = batches.first() else {
        return Ok(None);
    };
    arrow::compute::concat_batches(&first.schema(), batches)
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

#[pyfunction]
#[pyo3(signature = (batch, *, pipeline = None, run_id = "", jobs = None))]
fn extract<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    pipeline: Option<PathBuf>,
    run_id: &str,
    jobs: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let setup = setup(pipeline)?;
    let input = batches(batch)?;
    let pool = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
        None => None,
    };
    let made = py.detach(|| -> PyResult<_> {
        // the columns are cast (a large_binary column copied) without the GIL too
        let parts: Vec<Batch> = input.iter().map(Batch::of).collect::<PyResult<_>>()?;
        let inputs: Vec<InputBytes> = parts.iter().flat_map(Batch::inputs).collect();
        let work = || tables::extract_tables(&inputs, &setup, run_id);
        match &pool {
            Some(p) => p.install(work),
            None => work(),
        }
        .map_err(py_err)
    })?;
    let out = PyDict::new(py);
    for (t, b) in made.iter() {
        out.set_item(t.name, to_table(py, b.clone())?)?;
    }
    Ok(out)
}

/// The jornadas accumulated from a facts table and, if given, the documents' dates.
fn accumulate(
    facts: &Bound<'_, PyAny>,
    documents: Option<&Bound<'_, PyAny>>,
) -> PyResult<cifras::facts::Jornadas> {
    let py = facts.py();
    let facts = batches(facts)?;
    let documents = match documents {
        Some(d) => batches(d)?,
        None => Vec::new(),
    };
    py.detach(|| -> PyResult<_> {
        let mut published = std::collections::HashMap::new();
        for d in &documents {
            published.extend(tables::published_dates(d).map_err(py_err)?);
        }
        let Some(all) = concat(&facts, "facts")? else {
            return Ok(cifras::facts::Jornadas::default());
        };
        tables::jornadas_of_facts(&all, &published).map_err(py_err)
    })
}

fn finish<'py>(
    py: Python<'py>,
    acc: cifras::facts::Jornadas,
    pipeline: Option<PathBuf>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let setup = setup(pipeline)?;
    let (rows, checks) = py
        .detach(|| tables::finish_jornadas(acc, &setup.vocabulary.vocabulary))
        .map_err(py_err)?;
    Ok((to_table(py, rows)?, to_table(py, checks)?))
}

#[pyfunction]
#[pyo3(signature = (facts, documents = None, *, pipeline = None))]
fn jornadas<'py>(
    py: Python<'py>,
    facts: &Bound<'py, PyAny>,
    documents: Option<&Bound<'py, PyAny>>,
    pipeline: Option<PathBuf>,
) -> PyResult<Bound<'py, PyAny>> {
    let acc = accumulate(facts, documents)?;
    Ok(finish(py, acc, pipeline)?.0)
}

#[pyfunction]
#[pyo3(signature = (facts, documents = None))]
fn jornadas_partial<'py>(
    py: Python<'py>,
    facts: &Bound<'py, PyAny>,
    documents: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let acc = accumulate(facts, documents)?;
    let bytes = tables::encode_jornadas(&acc).map_err(py_err)?;
    Ok(PyBytes::new(py, &bytes))
}

#[pyfunction]
fn jornadas_merge<'py>(py: Python<'py>, a: &[u8], b: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let merged = py.detach(|| -> Result<Vec<u8>, Error> {
        let mut x = tables::decode_jornadas(a)?;
        x.merge(tables::decode_jornadas(b)?);
        tables::encode_jornadas(&x)
    });
    Ok(PyBytes::new(py, &merged.map_err(py_err)?))
}

#[pyfunction]
#[pyo3(signature = (acc, *, pipeline = None))]
fn jornadas_finish<'py>(
    py: Python<'py>,
    acc: &[u8],
    pipeline: Option<PathBuf>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let acc = tables::decode_jornadas(acc).map_err(py_err)?;
    finish(py, acc, pipeline)
}

#[pyfunction]
#[pyo3(name = "schema")]
fn table_schema<'py>(py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
    let t = WarehouseTable::by_name(table).ok_or_else(|| {
        let known: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        PyValueError::new_err(format!(
            "unknown table {table:?}; known: {}",
            known.join(", ")
        ))
    })?;
    t.reader_schema().as_ref().clone().into_pyarrow(py)
}

#[pyfunction]
#[pyo3(signature = (*, pipeline = None))]
fn settings(py: Python<'_>, pipeline: Option<PathBuf>) -> PyResult<Bound<'_, PyDict>> {
    let s = setup(pipeline)?;
    let p = &s.pipeline.pipeline;
    let d = PyDict::new(py);
    d.set_item("pipeline", &s.pipeline.source)?;
    d.set_item("vocabulary", &s.vocabulary.source)?;
    d.set_item("extensions", &p.ingest.extensions)?;
    d.set_item("max_bytes", p.ingest.max_bytes)?;
    d.set_item("bucket_bytes", p.warehouse.bucket_bytes)?;
    Ok(d)
}

#[pyfunction]
fn bucket_count(total_bytes: u64, bucket_bytes: u64) -> u32 {
    cifras::run::bucket_count(total_bytes, bucket_bytes)
}

#[pyfunction]
fn bucket_of(source_path: &str, buckets: u32) -> u32 {
    cifras::run::bucket_of(source_path, buckets)
}

#[pymodule]
fn _cifras(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", SCHEMA_VERSION)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(jornadas, m)?)?;
    m.add_function(wrap_pyfunction!(jornadas_partial, m)?)?;
    m.add_function(wrap_pyfunction!(jornadas_merge, m)?)?;
    m.add_function(wrap_pyfunction!(jornadas_finish, m)?)?;
    m.add_function(wrap_pyfunction!(table_schema, m)?)?;
    m.add_function(wrap_pyfunction!(settings, m)?)?;
    m.add_function(wrap_pyfunction!(bucket_count, m)?)?;
    m.add_function(wrap_pyfunction!(bucket_of, m)?)?;
    Ok(())
}
