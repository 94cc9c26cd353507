//! What the stages make of one input of a bucket ([`process`]) and the rows it gives each
//! table.

use super::Options;
use crate::extract::MentionRow;
use crate::facts::{CheckRow, FactRow, SERVICES};
use crate::ingest::{self, Document, Ingested, Input, Quarantined};
use crate::stages;
use crate::warehouse::Value;

/// What the stages make of one input.
pub(super) struct Processed {
    /// Its place in its bucket.
    pub(super) index: usize,
    pub(super) ingested: Ingested,
    pub(super) mentions: Vec<MentionRow>,
    pub(super) context: crate::facts::Context,
    pub(super) facts: Vec<FactRow>,
    pub(super) checks: Vec<CheckRow>,
}

pub(super) fn process(
    input: &Input,
    opts: &Options,
    extract_too: bool,
    facts_too: bool,
) -> Processed {
    let p = &opts.pipeline.pipeline;
    let ingested = stages::guarded(
        || input.name(),
        input.bytes,
        || ingest::ingest(input, &p.ingest),
    );
    let s = stages::after_ingest(ingested, p, &opts.vocabulary, extract_too, facts_too);
    Processed {
        index: 0,
        ingested: s.ingested,
        mentions: s.mentions,
        context: s.context,
        facts: s.facts,
        checks: s.checks,
    }
}

pub(crate) fn fact_row<'a>(doc_id: &'a str, f: &'a FactRow) -> [Value<'a>; 14] {
    [
        Value::Text(Some(doc_id)),
        Value::Int(Some(f.mention_id)),
        Value::Text(Some(&f.metric)),
        Value::Double(Some(f.value)),
        Value::Text(Some(f.qualifier)),
        Value::Text(Some(f.modality)),
        Value::Text(Some(f.scope)),
        Value::Text(f.entity_code.as_deref()),
        Value::Text(f.entity_name.as_deref()),
        Value::Text(f.series.as_deref()),
        Value::Int(f.series_year.map(i64::from)),
        Value::Int(f.series_number),
        Value::Date(f.period_start),
        Value::Date(f.period_end),
    ]
}

pub(crate) fn jornada_row(r: &crate::facts::JornadaRow) -> Vec<Value<'_>> {
    let mut v = vec![
        Value::Int(r.year),
        Value::Int(Some(r.jornada_number)),
        Value::Text(Some(&r.series)),
        Value::Date(r.date_start),
        Value::Date(r.date_end),
        Value::Int(r.total_atenciones),
        Value::Int(r.meta),
        Value::Double(r.productividad_pct),
    ];
    debug_assert_eq!(SERVICES.len(), r.services.len());
    v.extend(r.services.iter().map(|s| Value::Int(*s)));
    v.push(Value::Int(r.acumulado_anual));
    v.push(Value::Text(Some(&r.source_doc_ids)));
    v.push(Value::Text(Some(&r.approximate_cells)));
    v
}

pub(crate) fn check_row<'a>(doc_id: &'a str, c: &'a CheckRow) -> [Value<'a>; 6] {
    [
        Value::Text(Some(doc_id)),
        Value::Text(Some(c.check)),
        Value::Double(Some(c.expected)),
        Value::Double(Some(c.observed)),
        Value::Text(Some(c.status)),
        Value::Text(Some(&c.detail)),
    ]
}

pub(crate) fn quarantine_row<'a>(q: &'a Quarantined, run_id: &'a str) -> [Value<'a>; 5] {
    [
        Value::Text(Some(&q.source_path)),
        Value::Text(Some(&q.reason)),
        Value::Int(Some(q.bytes as i64)),
        Value::Text(q.detected_encoding.as_deref()),
        Value::Text(Some(run_id)),
    ]
}

pub(crate) fn document_row(d: &Document) -> [Value<'_>; 10] {
    [
        Value::Text(Some(&d.doc_id)),
        Value::Text(Some(&d.source_path)),
        Value::Text(Some(d.format)),
        Value::Text(d.source_url.as_deref()),
        Value::Text(d.bulletin_number.as_deref()),
        Value::Date(d.published_date),
        Value::Text(d.place.as_deref()),
        Value::Text(d.title.as_deref()),
        Value::Text(Some(&d.encoding)),
        Value::Text(Some(&d.body)),
    ]
}

pub(crate) fn mention_row<'a>(
    doc_id: &'a str,
    body: &'a str,
    m: &'a MentionRow,
) -> [Value<'a>; 13] {
    [
        Value::Text(Some(doc_id)),
        Value::Int(Some(m.mention_id)),
        Value::Int(Some(m.start)),
        Value::Int(Some(m.end)),
        Value::Text(Some(m.text(body))),
        Value::Double(m.value),
        Value::Int(m.value_int),
        Value::Text(Some(m.kind)),
        Value::Text(Some(m.qualifier)),
        Value::Text(m.unit(body)),
        Value::Date(m.date_start),
        Value::Date(m.date_end),
        Value::Int(Some(m.sentence)),
    ]
}
