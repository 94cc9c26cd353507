//! The one place that defines each warehouse table: its columns, their types, whether they
//! may be null, and what they mean (SPEC §4). Writers, `cifras schema` and the tests all
//! read these definitions.

use arrow::datatypes::{DataType, Field, Schema};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// UTF-8 string (never a view type).
    Text,
    /// Signed 64-bit integer (counts, offsets, ids).
    Int,
    /// IEEE double (values, shares).
    Double,
    /// Calendar date (days since 1970-01-01).
    Date,
}

impl Type {
    pub fn arrow(&self) -> DataType {
        match self {
            Type::Text => DataType::Utf8,
            Type::Int => DataType::Int64,
            Type::Double => DataType::Float64,
            Type::Date => DataType::Date32,
        }
    }
    pub fn sql(&self) -> &'static str {
        match self {
            Type::Text => "VARCHAR",
            Type::Int => "BIGINT",
            Type::Double => "DOUBLE",
            Type::Date => "DATE",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub nullable: bool,
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub doc: &'static str,
    /// Hive-partitioned by publication year: `year=2024/`, the key only in the path.
    pub partitioned: bool,
    /// The columns inside the files (the partition key `year` is not among them).
    pub columns: &'static [Column],
}

const fn col(name: &'static str, ty: Type, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        nullable,
        doc,
    }
}

/// The partition column every partitioned table has in its path.
pub const YEAR: Column = col(
    "year",
    Type::Int,
    true,
    "publication year, from the dateline; in the path (year=2024/), null when no dateline gives it",
);

pub const DOCUMENTS: Table = Table {
    name: "documents",
    doc: "one row per bulletin read",
    partitioned: true,
    columns: &[
        col(
            "doc_id",
            Type::Text,
            false,
            "SHA-256 of the raw bytes, hex: the document's identity",
        ),
        col(
            "source_path",
            Type::Text,
            false,
            "the input file, as found under the input folder",
        ),
        col(
            "bulletin_number",
            Type::Text,
            true,
            "bulletin number as printed, e.g. \"496/2024\"",
        ),
        col(
            "published_date",
            Type::Date,
            true,
            "date of the dateline (\"Ciudad de México, jueves 26 de septiembre de 2024\")",
        ),
        col("place", Type::Text, true, "place of the dateline"),
        col("title", Type::Text, true, "headline"),
        col(
            "encoding",
            Type::Text,
            false,
            "encoding the raw bytes were read in (UTF-8, windows-1252, UTF-16LE …)",
        ),
        col(
            "body",
            Type::Text,
            false,
            "the cleaned text (NFC, joined lines, no page headers): every offset refers to it",
        ),
    ],
};

pub const MENTIONS: Table = Table {
    name: "mentions",
    doc: "one row per figure or date in a document's body",
    partitioned: true,
    columns: &[
        col(
            "doc_id",
            Type::Text,
            false,
            "the document (documents.doc_id)",
        ),
        col(
            "mention_id",
            Type::Int,
            false,
            "order in the document, from 0; (doc_id, mention_id) is unique",
        ),
        col(
            "start",
            Type::Int,
            false,
            "code-point offset of the first character in body",
        ),
        col(
            "end",
            Type::Int,
            false,
            "code-point offset after the last character (end exclusive)",
        ),
        col(
            "text",
            Type::Text,
            false,
            "the characters as written: body[start:end]",
        ),
        col(
            "value",
            Type::Double,
            true,
            "the value (121.8 for \"121.8 por ciento\"); null for dates",
        ),
        col(
            "value_int",
            Type::Int,
            true,
            "the value when whole, exactly (204782); null otherwise",
        ),
        col(
            "kind",
            Type::Text,
            false,
            "cardinal, decimal, percent, ordinal, money or date",
        ),
        col(
            "qualifier",
            Type::Text,
            false,
            "exact, more_than, less_than, approx, at_least or at_most",
        ),
        col(
            "unit",
            Type::Text,
            true,
            "the counted noun phrase as written after the figure (\"Consultas de Medicina Familiar\", \"de Especialidad\")",
        ),
        col(
            "date_start",
            Type::Date,
            true,
            "for dates: the first day (\"del 21 al 23 de julio\" → 21 July)",
        ),
        col("date_end", Type::Date, true, "for dates: the last day"),
        col(
            "sentence",
            Type::Int,
            false,
            "index of the sentence in body, from 0",
        ),
    ],
};

pub const QUARANTINE: Table = Table {
    name: "quarantine",
    doc: "every input that could not be processed, with why; nothing is dropped silently",
    partitioned: false,
    columns: &[
        col("source_path", Type::Text, false, "the input file"),
        col(
            "reason",
            Type::Text,
            false,
            "why: empty, binary, undecodable, oversized, unreadable, duplicate",
        ),
        col("bytes", Type::Int, false, "size of the input in bytes"),
        col(
            "detected_encoding",
            Type::Text,
            true,
            "encoding detected before the input was refused, if any",
        ),
        col(
            "run_id",
            Type::Text,
            false,
            "the run that saw it (content id of the run's inputs and pipeline)",
        ),
    ],
};

pub const TABLES: [Table; 3] = [DOCUMENTS, MENTIONS, QUARANTINE];

impl Table {
    /// The Arrow schema of the files (without the partition key).
    pub fn arrow_schema(&self) -> Arc<Schema> {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|c| Field::new(c.name, c.ty.arrow(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }

    /// Every column a reader sees, the partition key last.
    pub fn all_columns(&self) -> Vec<Column> {
        let mut v = self.columns.to_vec();
        if self.partitioned {
            v.push(YEAR);
        }
        v
    }

    pub fn by_name(name: &str) -> Option<Table> {
        TABLES.into_iter().find(|t| t.name == name)
    }
}
