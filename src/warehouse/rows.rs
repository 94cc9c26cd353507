//! Each table's row, built from what the stages give: one function per table, every cell
//! named as its column. [`row!`](super::schema::row) checks each row against
//! [`schema`](super::schema) — names, types and order — when the crate compiles, so a
//! swapped or missing column is a build error, not a silently wrong table.

use super::schema::{CHECKS, DOCUMENTS, FACTS, JORNADAS, MENTIONS, QUARANTINE, row};
use super::writer::Value;
use crate::extract::MentionRow;
use crate::facts::{CheckRow, FactRow, JornadaRow};
use crate::ingest::{Document, Quarantined};

pub fn document_row(d: &Document) -> [Value<'_>; 10] {
    row!(DOCUMENTS {
        "doc_id": Text(Some(&d.doc_id)),
        "source_path": Text(Some(&d.source_path)),
        "format": Text(Some(d.format)),
        "source_url": Text(d.source_url.as_deref()),
        "bulletin_number": Text(d.bulletin_number.as_deref()),
        "published_date": Date(d.published_date),
        "place": Text(d.place.as_deref()),
        "title": Text(d.title.as_deref()),
        "encoding": Text(Some(&d.encoding)),
        "body": Text(Some(&d.body)),
    })
}

pub fn mention_row<'a>(doc_id: &'a str, body: &'a str, m: &'a MentionRow) -> [Value<'a>; 13] {
    row!(MENTIONS {
        "doc_id": Text(Some(doc_id)),
        "mention_id": Int(Some(m.mention_id)),
        "start": Int(Some(m.start)),
        "end": Int(Some(m.end)),
        "text": Text(Some(m.text(body))),
        "value": Double(m.value),
        "value_int": Int(m.value_int),
        "kind": Text(Some(m.kind.as_str())),
        "qualifier": Text(Some(m.qualifier.as_str())),
        "unit": Text(m.unit(body)),
        "date_start": Date(m.date_start),
        "date_end": Date(m.date_end),
        "sentence": Int(Some(m.sentence)),
    })
}

pub fn quarantine_row<'a>(q: &'a Quarantined, run_id: &'a str) -> [Value<'a>; 5] {
    row!(QUARANTINE {
        "source_path": Text(Some(&q.source_path)),
        "reason": Text(Some(&q.reason)),
        "bytes": Int(Some(q.bytes as i64)),
        "detected_encoding": Text(q.detected_encoding.as_deref()),
        "run_id": Text(Some(run_id)),
    })
}

pub fn fact_row<'a>(doc_id: &'a str, f: &'a FactRow) -> [Value<'a>; 14] {
    row!(FACTS {
        "doc_id": Text(Some(doc_id)),
        "mention_id": Int(Some(f.mention_id)),
        "metric": Text(Some(&f.metric)),
        "value": Double(Some(f.value)),
        "qualifier": Text(Some(f.qualifier.as_str())),
        "modality": Text(Some(f.modality.as_str())),
        "scope": Text(Some(f.scope.as_str())),
        "entity_code": Text(f.entity_code.as_deref()),
        "entity_name": Text(f.entity_name.as_deref()),
        "series": Text(f.series.as_deref()),
        "series_year": Int(f.series_year.map(i64::from)),
        "series_number": Int(f.series_number),
        "period_start": Date(f.period_start),
        "period_end": Date(f.period_end),
    })
}

pub fn jornada_row(r: &JornadaRow) -> [Value<'_>; 17] {
    // the services in `SERVICES` order, which the schema's columns follow
    let [mf, esp, det, aux, cir, tras] = r.services;
    row!(JORNADAS {
        "year": Int(r.year),
        "jornada_number": Int(Some(r.jornada_number)),
        "series": Text(Some(&r.series)),
        "date_start": Date(r.date_start),
        "date_end": Date(r.date_end),
        "total_atenciones": Int(r.total_atenciones),
        "meta": Int(r.meta),
        "productividad_pct": Double(r.productividad_pct),
        "consultas_medicina_familiar": Int(mf),
        "consultas_especialidad": Int(esp),
        "detecciones": Int(det),
        "estudios_auxiliares": Int(aux),
        "cirugias": Int(cir),
        "trasplantes": Int(tras),
        "acumulado_anual": Int(r.acumulado_anual),
        "source_doc_ids": Text(Some(&r.source_doc_ids)),
        "approximate_cells": Text(Some(&r.approximate_cells)),
    })
}

pub fn check_row<'a>(doc_id: &'a str, c: &'a CheckRow) -> [Value<'a>; 6] {
    row!(CHECKS {
        "doc_id": Text(Some(doc_id)),
        "check": Text(Some(c.check.as_str())),
        "expected": Double(Some(c.expected)),
        "observed": Double(Some(c.observed)),
        "status": Text(Some(c.status.as_str())),
        "detail": Text(Some(&c.detail)),
    })
}

#[cfg(test)]
mod tests {
    use crate::facts::SERVICES;
    use crate::warehouse::schema::JORNADAS;

    /// `jornada_row` takes the services apart in `SERVICES` order: the schema must list
    /// them in that order too (the names are checked at compile time, the order of this
    /// constant is not).
    #[test]
    fn the_services_columns_follow_the_services_order() {
        let at = |name: &str| JORNADAS.columns.iter().position(|c| c.name == name);
        let positions: Vec<Option<usize>> = SERVICES.iter().map(|s| at(s)).collect();
        let first = positions[0].expect("a services column");
        let want: Vec<Option<usize>> = (first..first + SERVICES.len()).map(Some).collect();
        assert_eq!(positions, want);
    }
}
