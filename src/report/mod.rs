//! The named trend queries of `cifras report`: one documented function per query, each
//! returning a polars `LazyFrame` over the warehouse scans, so that only the columns a report
//! needs are read. The pipeline's `[[reports]]` entries choose which run and their titles.

pub mod html;

use crate::domain::{CheckStatus, MentionKind, Modality, Scope};
use crate::error::Error;
use crate::facts::SERVICES;
use crate::warehouse::scan::scan;
use crate::warehouse::schema::{CHECKS, DOCUMENTS, FACTS, JORNADAS, MENTIONS, QUARANTINE, Table};
use polars::prelude::*;
use std::path::Path;

/// A named query: its name (as the pipeline spells it) and the function that builds it.
pub struct Named {
    pub name: &'static str,
    pub doc: &'static str,
    /// What the report shows, in Spanish, for the HTML page's readers.
    pub descripcion: &'static str,
    pub build: fn(&Path) -> Result<LazyFrame, Error>,
}

/// Every named query cifras knows, in the order `cifras report` prints them.
pub const QUERIES: &[Named] = &[
    Named {
        name: "tendencia",
        doc: "per jornada in time order: total, goal, productivity, change against the previous jornada of the series, computed and stated year-to-date totals and their gap",
        descripcion: "Cada jornada en orden: total de atenciones, meta, productividad, cambio frente a la jornada anterior de la serie, el acumulado calculado y el que dicen los boletines, y la diferencia entre ambos.",
        build: tendencia,
    },
    Named {
        name: "mezcla",
        doc: "each service's share of the jornada's total, and its change in points against the previous jornada of the series",
        descripcion: "La parte de cada servicio en el total de la jornada y su cambio, en puntos, frente a la jornada anterior de la serie.",
        build: mezcla,
    },
    Named {
        name: "ranking_ooad",
        doc: "the OOAD named with achieved attentions (top lists, state notes): appearances, sum, best figure, years",
        descripcion: "Los OOAD que los boletines nombran con atenciones logradas: veces que aparecen, suma, cifra mayor y años.",
        build: ranking_ooad,
    },
    Named {
        name: "ranking_umae",
        doc: "the UMAE named with achieved attentions (top lists): appearances, sum, best figure, years",
        descripcion: "Las UMAE que los boletines nombran con atenciones logradas: veces que aparecen, suma, cifra mayor y años.",
        build: ranking_umae,
    },
    Named {
        name: "consistencia",
        doc: "the checks by document and jornada, mismatches first",
        descripcion: "Las verificaciones de cada boletín consigo mismo (servicios que suman el total, porcentajes, acumulados): primero las que no cuadran.",
        build: consistencia,
    },
    Named {
        name: "cobertura",
        doc: "documents, figures and facts per year and month of publication, the share of figures that became facts, and the quarantined inputs",
        descripcion: "Documentos, cifras y hechos por año y mes de publicación, la parte de las cifras que se volvieron hechos, y los archivos en cuarentena.",
        build: cobertura,
    },
];

pub fn by_name(name: &str) -> Option<&'static Named> {
    QUERIES.iter().find(|q| q.name == name)
}

#[cfg(test)]
#[test]
fn the_pipeline_knows_the_same_report_names() {
    let names: Vec<&str> = QUERIES.iter().map(|q| q.name).collect();
    assert_eq!(names, crate::config::REPORT_NAMES);
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

/// A jornada whose bulletins fail a check: the page marks its rows and chart points.
#[derive(Debug, Clone, PartialEq)]
pub struct Doubt {
    pub year: Option<i64>,
    pub jornada_number: i64,
    pub check: String,
    pub detail: String,
}

/// The mismatched checks of the bulletins each jornada row was merged from (its
/// `source_doc_ids`), one per jornada and check.
pub fn doubts(warehouse: &Path) -> Result<Vec<Doubt>, Error> {
    let j = table(warehouse, &JORNADAS)?
        .select([
            col("year"),
            col("jornada_number"),
            col("source_doc_ids").str().split(lit(",")).alias("doc_id"),
        ])
        .explode(
            polars::prelude::by_name(["doc_id"], true, false),
            ExplodeOptions {
                empty_as_null: false,
                keep_nulls: false,
            },
        );
    let c = table(warehouse, &CHECKS)?
        .filter(col("status").eq(lit(CheckStatus::Mismatch.as_str())))
        .select([col("doc_id"), col("check"), col("detail")]);
    let df = j
        .join(
            c,
            [col("doc_id")],
            [col("doc_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .unique_stable(
            Some(polars::prelude::by_name(
                ["year", "jornada_number", "check"],
                true,
                false,
            )),
            UniqueKeepStrategy::First,
        )
        .sort(
            ["year", "jornada_number", "check"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
        .map_err(plan)?;
    let int = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<i64>().ok());
    let text = |v: Option<String>| v.unwrap_or_default();
    let years: Vec<Option<i64>> = html::strings(&df, "year")?.iter().map(int).collect();
    let numbers: Vec<Option<i64>> = html::strings(&df, "jornada_number")?
        .iter()
        .map(int)
        .collect();
    let checks: Vec<String> = html::strings(&df, "check")?.into_iter().map(text).collect();
    let details: Vec<String> = html::strings(&df, "detail")?
        .into_iter()
        .map(text)
        .collect();
    Ok((0..df.height())
        .filter_map(|i| {
            Some(Doubt {
                year: years[i],
                jornada_number: numbers[i]?,
                check: checks[i].clone(),
                detail: details[i].clone(),
            })
        })
        .collect())
}

fn plan(e: PolarsError) -> Error {
    Error::library("building a report query", e)
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
                col("status").neq(lit(CheckStatus::Mismatch.as_str())),
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

/// `mezcla`: one row per jornada and service, in time order: the service's attentions, its
/// share of the jornada's total (per cent, one decimal) and `cambio_pp`, the change of that
/// share in percentage points against the previous jornada of the series.
pub fn mezcla(warehouse: &Path) -> Result<LazyFrame, Error> {
    let j = table(warehouse, &JORNADAS)?.filter(col("total_atenciones").gt(lit(0i64)));
    let long: Vec<LazyFrame> = SERVICES
        .iter()
        .map(|s| {
            j.clone().select([
                col("series"),
                col("year"),
                col("jornada_number"),
                lit(*s).alias("servicio"),
                col(*s).alias("atenciones"),
                col("total_atenciones"),
            ])
        })
        .collect();
    let share = (col("atenciones").cast(DataType::Float64)
        / col("total_atenciones").cast(DataType::Float64)
        * lit(100.0))
    .round(1, RoundMode::HalfAwayFromZero);
    let prev = col("participacion_pct")
        .shift(lit(1))
        .over([col("series"), col("servicio")])
        .map_err(plan)?;
    Ok(concat(long, UnionArgs::default())
        .map_err(plan)?
        .sort(
            ["series", "year", "jornada_number", "servicio"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .with_column(share.alias("participacion_pct"))
        .with_column(
            (col("participacion_pct") - prev)
                .round(1, RoundMode::HalfAwayFromZero)
                .alias("cambio_pp"),
        ))
}

/// `ranking_ooad`: see [`ranking`].
pub fn ranking_ooad(warehouse: &Path) -> Result<LazyFrame, Error> {
    ranking(warehouse, Scope::Ooad)
}

/// `ranking_umae`: see [`ranking`].
pub fn ranking_umae(warehouse: &Path) -> Result<LazyFrame, Error> {
    ranking(warehouse, Scope::Umae)
}

/// The entities of one scope that bulletins name with achieved attentions (national top
/// lists, and the entity of a state-level note): in how many bulletins each appears, the sum and the largest of its figures, and
/// the first and last jornada year; most appearances first, then the largest sum.
fn ranking(warehouse: &Path, scope: Scope) -> Result<LazyFrame, Error> {
    Ok(table(warehouse, &FACTS)?
        .filter(
            col("scope")
                .eq(lit(scope.as_str()))
                .and(col("metric").eq(lit("atenciones")))
                .and(col("modality").eq(lit(Modality::Realizado.as_str()))),
        )
        .group_by([col("entity_code"), col("entity_name")])
        .agg([
            col("doc_id")
                .n_unique()
                .cast(DataType::Int64)
                .alias("apariciones"),
            col("value").sum().alias("suma"),
            col("value").max().alias("mayor"),
            col("series_year").min().alias("primer_anio"),
            col("series_year").max().alias("ultimo_anio"),
        ])
        .sort_by_exprs(
            [col("apariciones"), col("suma"), col("entity_code")],
            SortMultipleOptions::default().with_order_descending_multi([true, true, false]),
        ))
}

/// How many rows of each document satisfy `counted`, in a table where the rows of one
/// document are contiguous — as cifras writes every table: a document's rows are written
/// together, in one file. Instead of grouping a million `doc_id`s by hash (two thirds of
/// `cobertura`'s time), it takes the running count at the last row of each run of a
/// `doc_id` and differences it. Tested against the group-by (tests/cli_query.rs).
fn per_document(rows: LazyFrame, counted: Expr, name: &str) -> LazyFrame {
    let last_of_run = col("doc_id")
        .neq(col("doc_id").shift(lit(-1)))
        .fill_null(lit(true));
    rows.select([
        col("doc_id"),
        counted
            .cast(DataType::Int64)
            .cum_sum(false)
            .alias("acumulado"),
        last_of_run.alias("ultima"),
    ])
    .filter(col("ultima"))
    .select([
        col("doc_id"),
        (col("acumulado") - col("acumulado").shift(lit(1)).fill_null(lit(0i64))).alias(name),
    ])
}

/// `cobertura`: per year and month of publication (null for undated documents), the
/// documents, their figures (mentions other than dates), the facts they gave and the share of
/// figures that became facts; a last row with null year and month counts the quarantined
/// inputs, which have no date.
pub fn cobertura(warehouse: &Path) -> Result<LazyFrame, Error> {
    let figures = per_document(
        table(warehouse, &MENTIONS)?,
        col("kind").neq(lit(MentionKind::Date.as_str())),
        "cifras",
    );
    let facts = per_document(
        table(warehouse, &FACTS)?,
        col("doc_id").is_not_null(),
        "hechos",
    );
    let left = || JoinArgs::new(JoinType::Left);
    let docs = table(warehouse, &DOCUMENTS)?
        .select([
            col("doc_id"),
            // from the date, not the partition key (0 for undated documents): null here
            col("published_date")
                .dt()
                .year()
                .cast(DataType::Int64)
                .alias("year"),
            col("published_date")
                .dt()
                .month()
                .cast(DataType::Int64)
                .alias("mes"),
        ])
        .join(figures, [col("doc_id")], [col("doc_id")], left())
        .join(facts, [col("doc_id")], [col("doc_id")], left())
        .group_by([col("year"), col("mes")])
        .agg([
            len().cast(DataType::Int64).alias("documentos"),
            col("cifras").fill_null(lit(0i64)).sum().alias("cifras"),
            col("hechos").fill_null(lit(0i64)).sum().alias("hechos"),
            lit(0i64).cast(DataType::Int64).alias("en_cuarentena"),
        ])
        .sort(
            ["year", "mes"],
            SortMultipleOptions::default().with_nulls_last(true),
        );
    let quarantined = table(warehouse, &QUARANTINE)?.select([
        lit(NULL).cast(DataType::Int64).alias("year"),
        lit(NULL).cast(DataType::Int64).alias("mes"),
        lit(0i64).cast(DataType::Int64).alias("documentos"),
        lit(0i64).cast(DataType::Int64).alias("cifras"),
        lit(0i64).cast(DataType::Int64).alias("hechos"),
        len().cast(DataType::Int64).alias("en_cuarentena"),
    ]);
    Ok(concat([docs, quarantined], UnionArgs::default())
        .map_err(plan)?
        .with_column(
            // Null, not NaN, where there are no figures (the quarantine row).
            when(col("cifras").gt(lit(0i64)))
                .then(
                    (col("hechos").cast(DataType::Float64) / col("cifras").cast(DataType::Float64)
                        * lit(100.0))
                    .round(1, RoundMode::HalfAwayFromZero),
                )
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("pct_cifras_con_hecho"),
        ))
}
