//! Reading the warehouse back with arrow-rs (for `cifras extract`, which starts from the
//! committed documents).

use crate::error::Error;
use crate::ingest::Document;
use arrow::array::{Array, Date32Array, StringArray};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

/// A batch's column `name` as the array type `A`, if it has it.
pub fn column<'a, A: 'static>(b: &'a RecordBatch, name: &str) -> Option<&'a A> {
    b.column_by_name(name)?.as_any().downcast_ref::<A>()
}

/// Documents per batch read (bodies are large).
const BATCH: usize = 1024;

/// The documents of one Parquet file, in batches.
pub fn documents(path: &Path) -> Result<impl Iterator<Item = Result<Vec<Document>, Error>>, Error> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(BATCH).build())
        .map_err(|e| Error::library(format!("reading {}", path.display()), e))?;
    let name = path.display().to_string();
    Ok(reader.map(move |batch| {
        let batch = batch.map_err(|e| Error::library(format!("reading {name}"), e))?;
        to_documents(&batch).map_err(|e| Error::library(name.as_str(), e))
    }))
}

fn text<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a StringArray, String> {
    b.column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .ok_or_else(|| format!("column {name} missing or not text"))
}

fn to_documents(b: &RecordBatch) -> Result<Vec<Document>, String> {
    let doc_id = text(b, "doc_id")?;
    let source = text(b, "source_path")?;
    let number = text(b, "bulletin_number")?;
    // (absent from files written before schema 2.1: text extracts)
    let format = text(b, "format").ok();
    let url = text(b, "source_url").ok();
    let place = text(b, "place")?;
    let title = text(b, "title")?;
    let encoding = text(b, "encoding")?;
    let body = text(b, "body")?;
    let date = b
        .column_by_name("published_date")
        .and_then(|c| c.as_any().downcast_ref::<Date32Array>())
        .ok_or("column published_date missing or not a date")?;
    let opt = |a: &StringArray, i: usize| (!a.is_null(i)).then(|| a.value(i).to_string());
    Ok((0..b.num_rows())
        .map(|i| Document {
            doc_id: doc_id.value(i).to_string(),
            source_path: source.value(i).to_string(),
            format: match format.map(|f| f.value(i)) {
                Some("html") => "html",
                Some("pdf") => "pdf",
                _ => "text",
            },
            source_url: url.and_then(|u| opt(u, i)),
            bulletin_number: opt(number, i),
            published_date: (!date.is_null(i)).then(|| date.value(i)),
            place: opt(place, i),
            title: opt(title, i),
            encoding: encoding.value(i).to_string(),
            body: body.value(i).to_string(),
            bytes: body.value(i).len() as u64,
        })
        .collect())
}

/// A whole Parquet file as one batch (a bucket's file, a few MB at most).
pub fn whole(path: &Path) -> Result<RecordBatch, Error> {
    // parquet's and arrow's errors, kept as the source
    let fail = |e: Box<dyn std::error::Error + Send + Sync>| {
        Error::library(format!("reading {}", path.display()), e)
    };
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| fail(e.into()))?;
    let rows = usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let schema = builder.schema().clone();
    let batches = builder
        .with_batch_size(rows.max(1))
        .build()
        .map_err(|e| fail(e.into()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(e.into()))?;
    match batches.len() {
        0 => Ok(RecordBatch::new_empty(schema)),
        1 => Ok(batches.into_iter().next().expect("one batch")),
        _ => arrow::compute::concat_batches(&schema, &batches).map_err(|e| fail(e.into())),
    }
}
