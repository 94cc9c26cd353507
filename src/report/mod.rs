//! The named trend queries of `cifras report`: one documented function per query, each
//! returning a polars `LazyFrame` over the warehouse scans, so that only the columns a report
//! needs are read. The pipeline's `[[reports]]` entries choose which run and their titles.

use crate::cmd::query::scan;
use crate::error::Error;
use crate::warehouse::schema::{CHECKS, DOCUMENTS, JORNADAS, Table};
use polars::prelude::*;
use std::path::Path;

/// A named query: its name (as the pipeline spells it) and the function that builds it.
pub struct Named {
    pub name: &'static str,
    pub doc: &'static str,
    pub build: fn(&Path) -> Result<LazyFrame, Error>,
}

/// Every named query cifras knows, in the order `cifras report` prints them.
pub const QUERIES: &[Named] = &[
    Named {
        name: "tendencia",
        doc: "per jornada in time order: total, goal, productivity, change against the previous jornada of the series, computed and stated year-to-date totals and their gap",
        build: tendencia,
    },
    Named {
        name: "consistencia",
        doc: "the checks by document and jornada, mismatches first",
        build: consistencia,
    },
];

pub fn by_name(name: &str) -> Option<&'static Named> {
    QUERIES.iter().find(|q| q.name == name)
}

fn table(warehouse: &Path, t: &Table) -> Result<LazyFrame, Error> {
    scan(warehouse, t)?.ok_or_else(|| {
        Error::Failed(format!(
            "the warehouse {} has no {} table: run `cifras run` first",
            warehouse.display(),
            t.name
        ))
    })
}

/// `tendencia`: one row per jornada, ordered by series, year and number. `cambio` and
/// `cambio_pct` compare the total with the previous jornada of the same series (across
/// years: a series is one programme); `acumulado_calculado` is the running sum of the
/// totals within the series and year, and `brecha_acumulado` is what the bulletins state as
/// year-to-date minus that sum — a positive gap is attentions of jornadas the warehouse
/// has no bulletin for.
pub fn tendencia(warehouse: &Path) -> Result<LazyFrame, Error> {
    let total = || col("total_atenciones");
    let prev = total().shift(lit(1)).over([col("series")]).map_err(plan)?;
    let running = total()
        .fill_null(lit(0i64))
        .cum_sum(false)
        .over([col("series"), col("year")])
        .map_err(plan)?;
    Ok(table(warehouse, &JORNADAS)?
        .sort(
            ["series", "year", "jornada_number"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .select([
            col("series"),
            col("year"),
            col("jornada_number"),
            col("date_start"),
            col("date_end"),
            total(),
            col("meta"),
            col("productividad_pct"),
            (total() - prev.clone()).alias("cambio"),
            ((total().cast(DataType::Float64) / prev.cast(DataType::Float64) - lit(1.0))
                * lit(100.0))
            .round(1, RoundMode::HalfAwayFromZero)
            .alias("cambio_pct"),
            running.alias("acumulado_calculado"),
            col("acumulado_anual"),
        ])
        .with_column(
            (col("acumulado_anual") - col("acumulado_calculado")).alias("brecha_acumulado"),
        ))
}

fn plan(e: PolarsError) -> Error {
    Error::Failed(format!("building a report query: {e}"))
}

/// `consistencia`: every check with the bulletin it concerns (file, number, date),
/// mismatches first, then by date and file.
pub fn consistencia(warehouse: &Path) -> Result<LazyFrame, Error> {
    let docs = table(warehouse, &DOCUMENTS)?.select([
        col("doc_id"),
        col("source_path"),
        col("bulletin_number"),
        col("published_date"),
    ]);
    Ok(table(warehouse, &CHECKS)?
        .join(
            docs,
            [col("doc_id")],
            [col("doc_id")],
            JoinArgs::new(JoinType::Left),
        )
        .sort_by_exprs(
            [
                col("status").neq(lit("mismatch")),
                col("published_date"),
                col("source_path"),
                col("check"),
            ],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .select([
            col("status"),
            col("check"),
            col("source_path"),
            col("bulletin_number"),
            col("published_date"),
            col("expected"),
            col("observed"),
            col("detail"),
        ]))
}
