//! Facts: the figures the vocabulary understands, with what they measure (metric), how
//! (modality: realizado, meta, acumulado), whose they are (scope and entity) and which
//! jornada they belong to (series, year, number, period). One document at a time.

use crate::dates;
use crate::extract::MentionRow;
use crate::figures::{self, Locale};
use crate::ingest::Document;
use crate::vocab::{Vocabulary, fold};

mod checks;
mod jornadas;
pub use checks::{CheckRow, SERVICES, checks};
pub use jornadas::{FactRef, JornadaOf, JornadaRow, Jornadas};

/// One row of the `facts` table (without `doc_id` and `year`).
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow {
    pub mention_id: i64,
    pub metric: String,
    pub value: f64,
    pub qualifier: &'static str,
    /// realizado, meta or acumulado.
    pub modality: &'static str,
    /// nacional, ooad or umae.
    pub scope: &'static str,
    pub entity_code: Option<String>,
    pub entity_name: Option<String>,
    pub series: Option<String>,
    pub series_year: Option<i32>,
    pub series_number: Option<i64>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
}

/// What a whole document says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub series: Option<String>,
    pub year: Option<i32>,
    pub number: Option<i64>,
    pub period: Option<(i32, i32)>,
    /// A preview: goals only, nothing achieved yet.
    pub preview: bool,
    /// A state-level note: its figures belong to this OOAD.
    pub ooad: Option<(String, String)>,
}

const FUTURE: [&str; 5] = [
    "se preve",
    "preve otorgar",
    "realizara del",
    "se realizara",
    "se espera",
];
const PAST: [&str; 10] = [
    "se otorgaron",
    "se realizaron",
    "otorgo",
    "se llevaron a cabo",
    "se brindaron",
    "se concretaron",
    "realizo",
    "alcanzo",
    "se cumplio",
    "se han efectuado",
];

/// How much of a body (from the start) says what the bulletin is about.
const HEAD_BYTES: usize = 1200;

/// The document's jornada, year, period and kind.
pub fn context(doc: &Document, rows: &[MentionRow], vocab: &Vocabulary) -> Context {
    let body = doc.body.as_str();
    // a bulletin says what it is about, and whether it reports or announces, in its head:
    // the headline, the bullets and the first paragraphs
    let mut head_end = body.len().min(HEAD_BYTES);
    while !body.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let folded = fold(&body[..head_end]);
    let mut c = Context {
        series: vocab.series_in(&body[..head_end]).map(|s| s.code.clone()),
        ..Context::default()
    };
    c.preview =
        FUTURE.iter().any(|f| folded.contains(f)) && !PAST.iter().any(|p| folded.contains(p));
    // a note about one OOAD: its title names it, and the dateline is not the capital's
    if let Some(title) = &doc.title
        && let Some(("ooad", e)) = vocab.entity_in(title)
    {
        c.ooad = Some((e.code.clone(), e.name.clone()));
    }
    // the jornada number: an ordinal whose unit is a jornada
    c.number = rows
        .iter()
        .filter(|m| m.kind == "ordinal")
        .find(|m| m.unit(body).is_some_and(|u| fold(u).starts_with("jornada")))
        .and_then(|m| m.value_int);
    // the year: the dateline's, else the year most often written in the body
    c.year = doc
        .published_date
        .map(|d| dates::civil_from_days(d).0)
        .or_else(|| {
            let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
            for w in body.split(|ch: char| !ch.is_ascii_digit()) {
                if w.len() == 4
                    && let Ok(y) = w.parse::<i32>()
                    && (2015..=2035).contains(&y)
                {
                    *counts.entry(y).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .max_by_key(|&(y, n)| (n, y))
                .map(|(y, _)| y)
        });
    // the period: the first date range that is not the dateline
    let dateline_end = rows
        .iter()
        .find(|m| {
            m.kind == "date" && m.date_start == doc.published_date && doc.published_date.is_some()
        })
        .map(|m| m.mention_id);
    c.period = rows
        .iter()
        .filter(|m| m.kind == "date" && Some(m.mention_id) != dateline_end)
        .find_map(|m| match (m.date_start, m.date_end) {
            (Some(s), Some(e)) => Some((s, e)),
            // no dateline: the year comes from the body
            _ => {
                let r = figures::read(m.text(body), Locale::EsMx);
                let d = r.dates.first()?;
                let y = c.year?;
                let s = dates::days_from_civil(y, u32::from(d.month_from), u32::from(d.day_from))?;
                let e = dates::days_from_civil(y, u32::from(d.month_to), u32::from(d.day_to))?;
                Some((s, e))
            }
        });
    c
}

/// The raw text just before a mention (at most `bytes`, on a character boundary).
fn raw_before<'a>(body: &'a str, m: &MentionRow, bytes: usize) -> &'a str {
    let start = m.text_bytes.0;
    let mut from = start.saturating_sub(bytes);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    &body[from..start]
}

/// The raw text just after a mention.
fn raw_after<'a>(body: &'a str, m: &MentionRow, bytes: usize) -> &'a str {
    let end = m.text_bytes.1;
    let mut to = (end + bytes).min(body.len());
    while !body.is_char_boundary(to) {
        to -= 1;
    }
    &body[end..to]
}

/// The words just before a mention (folded), for "meta de", "suman".
fn before(body: &str, m: &MentionRow, bytes: usize) -> String {
    let start = m.text_bytes.0;
    let mut from = start.saturating_sub(bytes);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    fold(&body[from..start])
}

/// The text just after a mention (folded).
pub(crate) fn after(body: &str, m: &MentionRow, bytes: usize) -> String {
    let end = m.text_bytes.1;
    let mut to = (end + bytes).min(body.len());
    while !body.is_char_boundary(to) {
        to -= 1;
    }
    fold(&body[end..to])
}

/// The entity a ranking item names right before its figure: "Puebla con 15 mil 813",
/// "Hospital General del CMN La Raza con 999", "y Ciudad de México Sur 11 mil 911".
fn ranking_entity<'v>(
    vocab: &'v Vocabulary,
    segment: &str,
) -> Option<(&'static str, &'v crate::vocab::Entity)> {
    // an item ends with its name ("… Puebla", "… La Raza") or with "con": anything else
    // (a verb, "de") is no ranking item
    let last = segment
        .trim_end()
        .rsplit([' ', '\n'])
        .next()
        .unwrap_or("")
        .trim_start_matches('(');
    let capital = last.chars().next().is_some_and(char::is_uppercase);
    if !(capital || last == "con") {
        return None;
    }
    // the item since the previous figure, at most its last 160 bytes
    let mut from = segment.len().saturating_sub(160);
    while !segment.is_char_boundary(from) {
        from += 1;
    }
    let segment = &segment[from..];
    let f = fold(segment);
    // only the last list item: after the last comma, semicolon or colon
    let item = segment.rsplit([',', ';', ':']).next().unwrap_or(segment);
    if f.ends_with(" con") {
        // the whole item since the previous figure may carry the name ("… de Torreón,
        // Coahuila con"): the longest name in it wins
        return vocab.entity_in(segment);
    }
    let (scope, e) = vocab.entity_in(item)?;
    let fi = fold(item);
    let at_end = std::iter::once(&e.name)
        .chain(&e.aliases)
        .any(|n| fi.ends_with(&fold(n)));
    at_end.then_some((scope, e))
}

/// Whether a body may hold a list of parts ("… para …"): only then are sentences needed.
fn list_leads_possible(body: &str) -> bool {
    body.contains(" para ")
}

/// The facts of one document.
pub fn facts(doc: &Document, rows: &[MentionRow], vocab: &Vocabulary) -> (Context, Vec<FactRow>) {
    let body = doc.body.as_str();
    let ctx = context(doc, rows, vocab);
    let sentences = if list_leads_possible(body) {
        crate::extract::sentence_starts(body)
    } else {
        Vec::new()
    };
    // where lists of parts start: "gestiones para" (totals are ASCII codes, so a byte-wise
    // lowercase keeps offsets)
    let lower = body.to_ascii_lowercase();
    let list_leads: Vec<(usize, &str)> = vocab
        .metrics
        .iter()
        .filter_map(|x| x.part_of.as_deref())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .flat_map(|total| {
            let phrase = format!("{total} para");
            lower
                .match_indices(&phrase)
                .map(|(pos, _)| (pos, total))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    for m in rows {
        let seg_start = prev_end;
        prev_end = m.text_bytes.1;
        if m.kind == "date" || m.kind == "ordinal" {
            continue;
        }
        let Some(value) = m.value else { continue };
        // the words around the figure, folded only when a cheap look at the raw text says
        // they may matter ("meta", "suma", "productividad", "en lo que va", "desde enero")
        let (raw_pre, raw_post) = (raw_before(body, m, 48), raw_after(body, m, 40));
        // short haystacks: a plain window scan beats setting up a substring searcher
        let cue = |t: &str, cues: &[&str]| {
            let t = t.as_bytes();
            cues.iter()
                .any(|c| t.windows(c.len()).any(|w| w == c.as_bytes()))
        };
        let pre = if cue(
            raw_pre,
            &[
                "meta",
                "Meta",
                "suma",
                "Suma",
                "enero",
                "año",
                "productividad",
            ],
        ) {
            before(body, m, 48)
        } else {
            String::new()
        };
        let post = if cue(
            raw_post,
            &["meta", "productividad", "va del", "va de", "año", "enero"],
        ) || !list_leads.is_empty()
        {
            after(body, m, 40)
        } else {
            String::new()
        };
        // in a list introduced by a total ("gestiones para 70 solicitudes …, 68 estudios"),
        // the items are its parts, named by the words after each figure
        let sentence_start = sentences
            .get(m.sentence.max(0) as usize)
            .copied()
            .unwrap_or(0)
            .min(m.text_bytes.0);
        let part_total = list_leads
            .iter()
            .filter(|(pos, _)| (sentence_start..m.text_bytes.0).contains(pos))
            .map(|(_, total)| *total)
            .next_back();
        let unit_metric = match part_total {
            Some(total) => vocab
                .metric_among(&post, Some(total))
                .map(|x| x.code.clone()),
            None => m
                .unit(body)
                .and_then(|u| vocab.metric_for_unit(u))
                .map(|x| x.code.clone()),
        };
        let is_goal = pre.ends_with("meta de")
            || pre.contains("meta programada de")
            || pre.contains("meta planteada de")
            || pre.ends_with("meta estatal de")
            || pre.contains("con una meta de");
        let metric = if m.kind == "percent" {
            (post.starts_with("de productividad")
                || post.starts_with("de la meta")
                || post.starts_with("de su meta")
                || post.starts_with("respecto de la meta")
                || pre.ends_with("productividad de"))
            .then(|| "productividad".to_string())
        } else if unit_metric.is_none() && is_goal {
            Some("atenciones".to_string())
        } else {
            unit_metric
        };
        // a ranking item: "Puebla con 15 mil 813", "… CMN La Raza con mil 258"
        let segment = &body[seg_start.min(m.text_bytes.0)..m.text_bytes.0];
        let entity = ranking_entity(vocab, segment);
        let metric = match (metric, entity) {
            (Some(x), _) => x,
            (None, Some(_)) => "atenciones".to_string(),
            (None, None) => continue,
        };
        // a year-to-date total: "suman 2.7 millones", "… en lo que va del año", "desde enero"
        let accumulated = metric == "atenciones"
            && (pre.contains("suma")
                || pre.contains("desde enero")
                || pre.contains("en el ano")
                || post.contains("en lo que va")
                || post.contains("en el ano")
                || post.contains("desde enero"));
        let modality = if ctx.preview || is_goal {
            "meta"
        } else if accumulated {
            "acumulado"
        } else {
            "realizado"
        };
        let (scope, entity_code, entity_name) = match (entity, &ctx.ooad) {
            (Some((scope, e)), _) => (scope, Some(e.code.clone()), Some(e.name.clone())),
            (None, Some((code, name))) => ("ooad", Some(code.clone()), Some(name.clone())),
            (None, None) => ("nacional", None, None),
        };
        let in_jornada = ctx.series.is_some();
        out.push(FactRow {
            mention_id: m.mention_id,
            metric,
            value,
            qualifier: m.qualifier,
            modality,
            scope,
            entity_code,
            entity_name,
            series: ctx.series.clone(),
            series_year: if in_jornada { ctx.year } else { None },
            series_number: if in_jornada { ctx.number } else { None },
            period_start: ctx.period.map(|p| p.0),
            period_end: ctx.period.map(|p| p.1),
        });
    }
    (ctx, out)
}
