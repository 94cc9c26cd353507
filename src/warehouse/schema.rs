//! The one place that defines each warehouse table: its columns, their types, whether they
//! may be null, and what they mean (SPEC §4). Writers, `cifras schema` and the tests all
//! read these definitions.

use arrow::datatypes::{DataType, Field, Schema};
use std::sync::Arc;

/// The version of the tables' columns, written into every Parquet file's key-value
/// metadata (`cifras.schema_version`) and every run manifest. A new column is a new minor
/// version (readers of the old columns never notice); a removed or retyped column, a new
/// major one. The changelog is in the README.
pub const SCHEMA_VERSION: &str = "2.1";

/// The key of the schema version in each file's key-value metadata.
pub const SCHEMA_VERSION_KEY: &str = "cifras.schema_version";

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

/// Panics (at compile time, where [`row!`] calls it) unless `cells` are `table`'s
/// columns: the same names with the same types, in the same order.
pub const fn check_row(table: &Table, cells: &[(&str, Type)]) {
    assert!(
        cells.len() == table.columns.len(),
        "a row has not as many cells as its table has columns"
    );
    let mut i = 0;
    while i < cells.len() {
        let c = &table.columns[i];
        assert!(
            same_text(cells[i].0, c.name),
            "a row's cell is not named as its table's column at that place"
        );
        assert!(
            cells[i].1 as u8 == c.ty as u8,
            "a row's cell has not the type of its table's column"
        );
        i += 1;
    }
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// One row of a table, each cell named as its column with the column's type:
/// `row!(FACTS { "doc_id": Text(Some(id)), "mention_id": Int(Some(n)), … })` gives the
/// `[Value; N]` a writer takes, and fails to compile unless the cells are exactly the
/// table's columns ([`check_row`]).
macro_rules! row {
    ($table:ident { $($name:literal: $ty:ident($value:expr)),+ $(,)? }) => {{
        const _: () = $crate::warehouse::schema::check_row(
            &$table,
            &[$(($name, $crate::warehouse::schema::Type::$ty)),+],
        );
        [$($crate::warehouse::Value::$ty($value)),+]
    }};
}
pub(crate) use row;

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
    false,
    "publication year (of published_date); in the path (year=2024/); 0 (year=0/) when no publication date is known",
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
            "format",
            Type::Text,
            false,
            "what the raw bytes were, by their content: text (an extract), html (a page) or pdf",
        ),
        col(
            "source_url",
            Type::Text,
            true,
            "an HTML page's canonical address (<link rel=canonical>, og:url)",
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
            "cardinal, decimal, percent, ordinal, money, duration, age or date",
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

pub const FACTS: Table = Table {
    name: "facts",
    doc: "one row per figure the vocabulary understands (pipelines/vocabulary.toml)",
    partitioned: true,
    columns: &[
        col("doc_id", Type::Text, false, "the document"),
        col(
            "mention_id",
            Type::Int,
            false,
            "the mention it comes from: (doc_id, mention_id) in mentions",
        ),
        col(
            "metric",
            Type::Text,
            false,
            "metric code from the vocabulary (atenciones, consultas_medicina_familiar, gestiones_estudios …)",
        ),
        col("value", Type::Double, false, "the value, as in mentions"),
        col(
            "qualifier",
            Type::Text,
            false,
            "exact, more_than, less_than, approx, at_least or at_most",
        ),
        col(
            "modality",
            Type::Text,
            false,
            "realizado (achieved), meta (goal) or acumulado (year to date)",
        ),
        col("scope", Type::Text, false, "nacional, ooad or umae"),
        col(
            "entity_code",
            Type::Text,
            true,
            "OOAD or UMAE code from the vocabulary (PUE, HE_CMN_SXXI …)",
        ),
        col("entity_name", Type::Text, true, "its canonical name"),
        col(
            "series",
            Type::Text,
            true,
            "jornada series code (jornada_continuidad …), null outside jornadas",
        ),
        col(
            "series_year",
            Type::Int,
            true,
            "year of the jornada (dateline, else the year the bulletin writes)",
        ),
        col(
            "series_number",
            Type::Int,
            true,
            "number of the jornada in its year (\"la decimocuarta\" → 14)",
        ),
        col(
            "period_start",
            Type::Date,
            true,
            "first day of the period the figure covers",
        ),
        col("period_end", Type::Date, true, "last day of that period"),
    ],
};

pub const JORNADAS: Table = Table {
    name: "jornadas",
    doc: "one row per (year, jornada_number): national figures merged over every bulletin of the jornada",
    partitioned: false,
    columns: &[
        col(
            "year",
            Type::Int,
            true,
            "year of the jornada (dateline, bulletin number, beside its name); null when no bulletin states it",
        ),
        col("jornada_number", Type::Int, false, "its number in the year"),
        col("series", Type::Text, false, "series code"),
        col("date_start", Type::Date, true, "first day"),
        col("date_end", Type::Date, true, "last day"),
        col(
            "total_atenciones",
            Type::Int,
            true,
            "attentions achieved (an approximate or bounded figure when no bulletin states it exactly: see approximate_cells)",
        ),
        col("meta", Type::Int, true, "the goal"),
        col(
            "productividad_pct",
            Type::Double,
            true,
            "stated percent of the goal achieved",
        ),
        col(
            "consultas_medicina_familiar",
            Type::Int,
            true,
            "family-medicine consultations",
        ),
        col(
            "consultas_especialidad",
            Type::Int,
            true,
            "specialist consultations",
        ),
        col("detecciones", Type::Int, true, "screenings"),
        col(
            "estudios_auxiliares",
            Type::Int,
            true,
            "auxiliary diagnostic studies",
        ),
        col("cirugias", Type::Int, true, "surgeries"),
        col("trasplantes", Type::Int, true, "transplants"),
        col(
            "acumulado_anual",
            Type::Int,
            true,
            "year-to-date attentions after this jornada",
        ),
        col(
            "source_doc_ids",
            Type::Text,
            false,
            "the bulletins merged, comma-separated, sorted",
        ),
        col(
            "approximate_cells",
            Type::Text,
            false,
            "the cells stated only approximately (\"cerca de 150 mil\"), comma-separated; empty when all are exact",
        ),
    ],
};

pub const CHECKS: Table = Table {
    name: "checks",
    doc: "reconciliation of what a bulletin states with itself and with the other bulletins of its jornada",
    partitioned: false,
    columns: &[
        col("doc_id", Type::Text, false, "the document checked"),
        col(
            "check",
            Type::Text,
            false,
            "servicios_suman_total, partes_suman_total, productividad, porcentaje_de_base, ranking_en_orden, jornadas_de_programadas, jornada_desacuerdo, jornada_numero, acumulado_no_decrece",
        ),
        col(
            "expected",
            Type::Double,
            false,
            "what the bulletin states (or, for disagreements, the value most bulletins state)",
        ),
        col("observed", Type::Double, false, "what its parts give"),
        col("status", Type::Text, false, "ok or mismatch"),
        col("detail", Type::Text, false, "why, in words"),
    ],
};

pub const TABLES: [Table; 6] = [DOCUMENTS, MENTIONS, FACTS, JORNADAS, CHECKS, QUARANTINE];

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

    /// The Arrow schema a reader of the table's folder sees: the files' columns, then the
    /// partition key `year` for a partitioned table.
    pub fn reader_schema(&self) -> Arc<Schema> {
        Arc::new(Schema::new(
            self.all_columns()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_must_name_every_column_with_its_type_in_order() {
        let cols: Vec<(&str, Type)> = CHECKS.columns.iter().map(|c| (c.name, c.ty)).collect();
        check_row(&CHECKS, &cols);
        let mut swapped = cols.clone();
        swapped.swap(2, 3); // expected and observed: same type, other names
        let mut retyped = cols.clone();
        retyped[2].1 = Type::Int;
        let short = &cols[..cols.len() - 1];
        for bad in [swapped.as_slice(), retyped.as_slice(), short] {
            let r = std::panic::catch_unwind(|| check_row(&CHECKS, bad));
            assert!(r.is_err(), "{bad:?} passed");
        }
    }
}
