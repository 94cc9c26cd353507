//! Reconciliation: what a bulletin states checked against itself — parts against their
//! stated total, a stated productivity against total / goal, a percent against its count,
//! a ranking's order, "N de M jornadas" against its percent.

use super::FactRow;
use crate::domain::{Check, CheckStatus, MentionKind, Modality, Scope};
use crate::extract::MentionRow;
use crate::figures::Qualifier;
use crate::fold::fold_upto;
use crate::vocab::Vocabulary;

/// One row of the `checks` table (without `doc_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    pub check: Check,
    pub expected: f64,
    pub observed: f64,
    pub status: CheckStatus,
    pub detail: String,
}

/// The services whose sum is the total of a jornada.
pub const SERVICES: [&str; 6] = [
    "consultas_medicina_familiar",
    "consultas_especialidad",
    "detecciones",
    "estudios_auxiliares",
    "cirugias",
    "trasplantes",
];

fn row(check: Check, expected: f64, observed: f64, tolerance: f64, detail: String) -> CheckRow {
    with_status(
        check,
        expected,
        observed,
        (expected - observed).abs() <= tolerance,
        detail,
    )
}

/// A check of a percent as the bulletin wrote it (`text`) against the one computed: it
/// holds when the computed one, rounded or cut to the decimals written, is the stated one
/// (bulletins do both: 104.672 is written "104.7" or "104.6").
fn percent_row(check: Check, stated: f64, computed: f64, text: &str, detail: String) -> CheckRow {
    let observed = (computed * 1000.0).round() / 1000.0;
    let half = half_unit(text);
    let rounded = (stated - computed).abs() <= half + 1e-9;
    let cut = computed.abs() + 1e-9 >= stated.abs() && computed.abs() < stated.abs() + 2.0 * half;
    with_status(check, stated, observed, rounded || cut, detail)
}

fn with_status(check: Check, expected: f64, observed: f64, ok: bool, detail: String) -> CheckRow {
    CheckRow {
        check,
        expected,
        observed,
        status: if ok {
            CheckStatus::Ok
        } else {
            CheckStatus::Mismatch
        },
        detail,
    }
}

/// Half a unit of the last decimal a figure was written with ("121.8" → 0.05).
fn half_unit(text: &str) -> f64 {
    let digits = text
        .split(['.', ','])
        .nth(1)
        .map_or(0, |d| d.chars().take_while(char::is_ascii_digit).count());
    0.5 * 10f64.powi(-(digits as i32))
}

/// The exact, achieved, national (or single-entity) value of a metric: the last one stated.
fn stated<'a>(facts: &'a [FactRow], metric: &str) -> Option<&'a FactRow> {
    let scope = facts_scope(facts);
    facts.iter().rfind(|f| {
        f.metric == metric
            && f.modality == Modality::Realizado
            && f.qualifier == Qualifier::Exact
            && f.scope == scope
            && (f.scope == Scope::Nacional || f.entity_code.is_some())
    })
}

/// The scope a document's own figures have (nacional, or ooad for a state-level note).
fn facts_scope(facts: &[FactRow]) -> Scope {
    if facts.iter().any(|f| f.scope == Scope::Nacional) {
        Scope::Nacional
    } else {
        Scope::Ooad
    }
}

/// Every check a document allows.
pub fn checks(
    body: &str,
    rows: &[MentionRow],
    facts: &[FactRow],
    vocab: &Vocabulary,
) -> Vec<CheckRow> {
    let mut out = Vec::new();
    // the services sum to the stated total
    let parts: Vec<&FactRow> = SERVICES.iter().filter_map(|m| stated(facts, m)).collect();
    if parts.len() == SERVICES.len()
        && let Some(total) = stated(facts, "atenciones").filter(|t| t.value < 1_000_000.0)
    {
        let sum: f64 = parts.iter().map(|f| f.value).sum();
        out.push(row(
            Check::ServiciosSumanTotal,
            total.value,
            sum,
            0.0,
            format!(
                "the six services add up to {sum}; the bulletin states a total of {}",
                total.value
            ),
        ));
    }
    // the parts of a metric ("gestiones para …") sum to its stated total; each fact's
    // metric is looked up once (codes are unique), not once per metric
    let whole_of: Vec<Option<&str>> = facts
        .iter()
        .map(|f| {
            let metric = vocab.metrics.iter().find(|p| p.code == f.metric);
            metric.and_then(|p| p.part_of.as_deref())
        })
        .collect();
    for m in vocab.metrics.iter().filter(|m| m.part_of.is_none()) {
        let parts: Vec<&FactRow> = facts
            .iter()
            .zip(&whole_of)
            .filter(|(_, whole)| **whole == Some(m.code.as_str()))
            .map(|(f, _)| f)
            .collect();
        if parts.is_empty() {
            continue;
        }
        if let Some(total) = facts
            .iter()
            .rfind(|f| f.metric == m.code && f.qualifier == Qualifier::Exact)
        {
            let sum: f64 = parts.iter().map(|f| f.value).sum();
            out.push(row(
                Check::PartesSumanTotal,
                total.value,
                sum,
                0.0,
                format!(
                    "{} parts of {} add up to {sum}; the bulletin states {}",
                    parts.len(),
                    m.code,
                    total.value
                ),
            ));
        }
    }
    // the stated productivity equals total / goal, within the rounding it was written with
    if let (Some(pct), Some(total), Some(goal)) = (
        facts
            .iter()
            .find(|f| f.metric == "productividad" && f.scope == facts_scope(facts)),
        stated(facts, "atenciones").filter(|t| t.value < 1_000_000.0),
        facts.iter().find(|f| {
            f.metric == "atenciones"
                && f.modality == Modality::Meta
                && f.qualifier == Qualifier::Exact
        }),
    ) && goal.value > 0.0
    {
        let text = rows[pct.mention_id as usize].text(body);
        let computed = total.value / goal.value * 100.0;
        out.push(percent_row(
            Check::Productividad,
            pct.value,
            computed,
            text,
            format!(
                "{} / {} = {computed:.3} %; the bulletin states {} %",
                total.value, goal.value, pct.value
            ),
        ));
    }
    // "99 por ciento (255 casos)": the count over the document's stated total
    let base = facts
        .iter()
        .filter(|f| f.qualifier == Qualifier::Exact && f.modality == Modality::Realizado)
        .filter(|f| {
            vocab
                .metrics
                .iter()
                .any(|m| m.code == f.metric && m.part_of.is_none())
        })
        .map(|f| f.value)
        .reduce(f64::max);
    for (k, m) in rows.iter().enumerate() {
        if m.kind != MentionKind::Percent {
            continue;
        }
        let next = rows.get(k + 1);
        let between = next.map(|n| &body[m.text_bytes.1..n.text_bytes.0]);
        if let (Some(n), Some(between), Some(base)) = (next, between, base)
            && between.trim() == "("
            && n.kind == MentionKind::Cardinal
            && base > 0.0
        {
            let (pct, count) = (m.value.unwrap_or(0.0), n.value.unwrap_or(0.0));
            let computed = count / base * 100.0;
            out.push(percent_row(
                Check::PorcentajeDeBase,
                pct,
                computed,
                m.text(body),
                format!("{count} of {base} is {computed:.3} %; the bulletin states {pct} %"),
            ));
        }
    }
    // a ranking is in order: consecutive figures of one metric for one scope's entities
    // do not increase (one entity's several metrics, a state note's, are no ranking)
    for scope in [Scope::Ooad, Scope::Umae] {
        let entity_facts: Vec<&FactRow> = facts
            .iter()
            .filter(|f| {
                f.scope == scope && f.modality == Modality::Realizado && f.entity_code.is_some()
            })
            .collect();
        let Some(metric) = entity_facts.first().map(|f| f.metric.as_str()) else {
            continue;
        };
        let ranked: Vec<&FactRow> = entity_facts
            .into_iter()
            .filter(|f| f.metric == metric)
            .collect();
        let entities: std::collections::BTreeSet<&str> = ranked
            .iter()
            .filter_map(|f| f.entity_code.as_deref())
            .collect();
        if entities.len() >= 2 && facts_scope(facts) == Scope::Nacional {
            let disorder = ranked
                .windows(2)
                .filter(|w| w[1].value > w[0].value && w[1].entity_code != w[0].entity_code)
                .count();
            out.push(row(
                Check::RankingEnOrden,
                0.0,
                disorder as f64,
                0.0,
                format!("{} {scope} ranked; {disorder} out of order", ranked.len()),
            ));
        }
    }
    // "las 14 jornadas … el 58.33 por ciento de las metas" with "24 jornadas" programmed
    let jornadas: Vec<f64> = rows
        .iter()
        .filter(|m| {
            m.kind == MentionKind::Cardinal
                // (folded only as far as the word: a prefix of the fold at least that long)
                && m.unit(body)
                    .is_some_and(|u| fold_upto(u, "jornadas".len()).starts_with("jornadas"))
        })
        .filter_map(|m| m.value)
        .collect();
    if let (Some(done), Some(planned)) = (
        jornadas.iter().copied().reduce(f64::min),
        jornadas.iter().copied().reduce(f64::max),
    ) && done < planned
        && let Some(pct) = rows.iter().find(|m| {
            m.kind == MentionKind::Percent && super::after(body, m, 24).contains("de las metas")
        })
    {
        let computed = done / planned * 100.0;
        out.push(percent_row(
            Check::JornadasDeProgramadas,
            pct.value.unwrap_or(0.0),
            computed,
            pct.text(body),
            format!(
                "{done} of {planned} jornadas is {computed:.3} %; the bulletin states {} %",
                pct.value.unwrap_or(0.0)
            ),
        ));
    }
    out
}
