//! The `jornadas` table: one row per (year, jornada number), merged over every national
//! bulletin of that jornada (preview goals, results, reprints). Where bulletins disagree,
//! the value stated most often (then the latest) is kept and the disagreement becomes a
//! check; the year-to-date total must not decrease from one jornada to the next.

use super::{CheckRow, Context, FactRow, SERVICES};
use crate::domain::{Check, CheckStatus, Modality, Scope};
use crate::figures::Qualifier;
use std::collections::BTreeMap;

/// One row of the `jornadas` table.
#[derive(Debug, Clone, PartialEq)]
pub struct JornadaRow {
    /// Null when no bulletin of the jornada states its year.
    pub year: Option<i64>,
    pub jornada_number: i64,
    pub series: String,
    pub date_start: Option<i32>,
    pub date_end: Option<i32>,
    pub total_atenciones: Option<i64>,
    pub meta: Option<i64>,
    pub productividad_pct: Option<f64>,
    /// The six services, in [`SERVICES`] order.
    pub services: [Option<i64>; 6],
    pub acumulado_anual: Option<i64>,
    pub source_doc_ids: String,
    /// The cells whose kept value is stated only approximately, comma-separated.
    pub approximate_cells: String,
}

/// Candidate values of one field: value → (bulletins stating it, with weight; latest
/// publication; a document of that latest publication — the smallest id on a tie; stated
/// only approximately).
type Candidates = BTreeMap<u64, (u32, Option<i32>, DocId, bool)>;

/// A document id as the accumulators keep it: the SHA-256 ids the run gives documents in
/// their 32 bytes (a third of the hex text, and no allocation: the accumulators grow with
/// the documents and the values that disagree), any other id as written. Ordered as the
/// written ids are, so that every choice below is the one the text would give.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum DocId {
    Sha([u8; 32]),
    Other(Box<str>),
}

impl DocId {
    fn new(id: &str) -> DocId {
        let b = id.as_bytes();
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        if b.len() == 64 {
            let mut sha = [0u8; 32];
            let all = sha.iter_mut().enumerate().all(|(k, out)| {
                match (nibble(b[2 * k]), nibble(b[2 * k + 1])) {
                    (Some(h), Some(l)) => {
                        *out = h << 4 | l;
                        true
                    }
                    _ => false,
                }
            });
            if all {
                return DocId::Sha(sha);
            }
        }
        DocId::Other(id.into())
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            DocId::Sha(sha) => crate::digest::hex(sha).into(),
            DocId::Other(id) => (&**id).into(),
        }
    }
}

impl Ord for DocId {
    fn cmp(&self, other: &DocId) -> std::cmp::Ordering {
        match (self, other) {
            // lowercase hex orders as the bytes it spells
            (DocId::Sha(a), DocId::Sha(b)) => a.cmp(b),
            _ => self.text().cmp(&other.text()),
        }
    }
}

impl PartialOrd for DocId {
    fn partial_cmp(&self, other: &DocId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Which document names the jornada's dates and series: the earliest published, then the
/// smallest id. Every choice here is independent of the order documents are added in, so
/// that accumulators of parts of the corpus merge into the same rows as one pass (the
/// incremental run keeps one per bucket of inputs).
type First = (Option<i32>, DocId);

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Acc {
    year: Option<i32>,
    number: i64,
    series: String,
    fields: BTreeMap<String, Candidates>,
    /// The documents that stated its figures: appended by merges (cheap: a re-run merges
    /// the partial sums of every bucket), sorted and deduplicated when the row is made.
    docs: Vec<DocId>,
    period: Option<(i32, i32)>,
    first: Option<First>,
}

impl Acc {
    fn merge(&mut self, other: Acc) {
        for (field, cands) in other.fields {
            let mine = self.fields.entry(field).or_default();
            for (bits, (n, published, doc, approx)) in cands {
                match mine.entry(bits) {
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert((n, published, doc, approx));
                    }
                    std::collections::btree_map::Entry::Occupied(mut e) => {
                        let slot = e.get_mut();
                        slot.0 += n;
                        // exact in one bulletin is exact
                        slot.3 &= approx;
                        if (published, std::cmp::Reverse(&doc))
                            > (slot.1, std::cmp::Reverse(&slot.2))
                        {
                            slot.1 = published;
                            slot.2 = doc;
                        }
                    }
                }
            }
        }
        self.docs.extend(other.docs);
        if let Some(f) = other.first
            && self.first.as_ref().is_none_or(|mine| earlier(&f, mine))
        {
            self.first = Some(f);
            self.series = other.series;
            self.period = other.period;
        }
    }
}

/// `a` comes before `b`: undated documents last, then by id.
fn earlier(a: &First, b: &First) -> bool {
    (a.0.is_none(), a.0, &a.1) < (b.0.is_none(), b.0, &b.1)
}

/// Accumulates the national facts of each jornada, document by document; accumulators of
/// disjoint sets of documents [`merge`](Jornadas::merge) into the same result.
/// The accumulators by (year, number); the year is unknown when no bulletin states it.
type ByJornada = BTreeMap<(Option<i32>, i64), Acc>;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Jornadas {
    #[serde(with = "entries")]
    acc: ByJornada,
}

/// JSON objects need string keys: the accumulators are stored as a list (each knows its key).
mod entries {
    use super::{Acc, ByJornada};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(acc: &ByJornada, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(acc.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ByJornada, D::Error> {
        let v: Vec<Acc> = Vec::deserialize(d)?;
        Ok(v.into_iter().map(|a| ((a.year, a.number), a)).collect())
    }
}

/// The fields of a jornada row, in column order: these, the six [`SERVICES`], then
/// `acumulado_anual`.
const HEADLINE: [&str; 3] = ["total_atenciones", "meta", "productividad_pct"];

fn fields() -> impl Iterator<Item = &'static str> {
    HEADLINE
        .into_iter()
        .chain(SERVICES)
        .chain(std::iter::once("acumulado_anual"))
}

fn field_of(f: &FactRef) -> Option<&'static str> {
    match (f.metric, f.modality) {
        ("atenciones", Modality::Realizado) => Some("total_atenciones"),
        ("atenciones", Modality::Meta) => Some("meta"),
        ("atenciones", Modality::Acumulado) => Some("acumulado_anual"),
        ("productividad", Modality::Realizado) => Some("productividad_pct"),
        (m, Modality::Realizado) => SERVICES.iter().find(|s| **s == m).copied(),
        _ => None,
    }
}

/// `round` is `precise` rounded or cut to the power of ten (a thousand or more) that its
/// last nonzero digit shows, but keeping two digits past a thousand: 230,000 of 230,118
/// (to ten thousands), 2,700,000 of 2,712,345, 3,000 of 3,115, 200,000 of 204,782 (to ten
/// thousands, not to a hundred thousand); not 230,000 of 250,000.
fn is_rounded(precise: f64, round: f64) -> bool {
    if round <= 0.0 || precise <= 0.0 || precise == round || round.fract() != 0.0 {
        return false;
    }
    let mut p = 1000.0;
    if round % p != 0.0 {
        return false;
    }
    while round % (p * 10.0) == 0.0 && round / (p * 10.0) >= 10.0 {
        p *= 10.0;
    }
    precise % p != 0.0 && ((precise / p).round() * p == round || (precise / p).trunc() * p == round)
}

/// How firmly a qualifier states a value: exact, then approximately ("cerca de"), then a
/// bound ("más de"). A headline's rounding loses to the body's exact figure.
fn firmness(qualifier: Qualifier) -> u8 {
    match qualifier {
        Qualifier::Exact => 2,
        Qualifier::Approx => 1,
        _ => 0,
    }
}

/// What the jornadas need of one fact: from the facts stage, or from a `facts` row read
/// back when a bucket is rebuilt from its unchanged documents' rows.
#[derive(Debug, Clone, Copy)]
pub struct FactRef<'a> {
    pub mention_id: i64,
    pub metric: &'a str,
    pub modality: Modality,
    pub qualifier: Qualifier,
    pub scope: Scope,
    pub value: f64,
}

impl<'a> From<&'a FactRow> for FactRef<'a> {
    fn from(f: &'a FactRow) -> Self {
        FactRef {
            mention_id: f.mention_id,
            metric: &f.metric,
            modality: f.modality,
            qualifier: f.qualifier,
            scope: f.scope,
            value: f.value,
        }
    }
}

/// The jornada a document belongs to, as its facts rows record it.
#[derive(Debug, Clone, Copy)]
pub struct JornadaOf<'a> {
    pub series: &'a str,
    pub year: Option<i32>,
    pub number: i64,
    pub period: Option<(i32, i32)>,
}

impl Jornadas {
    /// Adds one document's facts (only national facts of a numbered jornada count).
    pub fn add(&mut self, doc_id: &str, published: Option<i32>, ctx: &Context, facts: &[FactRow]) {
        // a state-level note's own figures are scoped to its OOAD: only a national
        // paragraph in it counts ("A nivel nacional, …")
        let (Some(series), Some(number)) = (&ctx.series, ctx.number) else {
            return;
        };
        let of = JornadaOf {
            series,
            year: ctx.year,
            number,
            period: ctx.period,
        };
        self.add_facts(doc_id, published, of, facts.iter().map(FactRef::from));
    }

    /// [`Jornadas::add`] from a document's jornada and facts as its `facts` rows hold them
    /// (a state-level note's facts are all scoped to its OOAD, so none counts here either).
    pub fn add_facts<'a>(
        &mut self,
        doc_id: &str,
        published: Option<i32>,
        of: JornadaOf,
        facts: impl Iterator<Item = FactRef<'a>>,
    ) {
        let id = DocId::new(doc_id);
        let mut one = Acc {
            year: of.year,
            number: of.number,
            series: of.series.to_string(),
            period: of.period,
            first: Some((published, id.clone())),
            ..Acc::default()
        };
        // one value per field and bulletin: the most firmly stated (exact, then
        // approximate, then a bound), then one that is not another rounded ("realiza 230
        // mil acciones" in the headline, "230 mil 118" in the body), then the one stated
        // most often, then the first
        type Key = (u8, bool, u32, std::cmp::Reverse<i64>, f64, bool);
        let mut best: BTreeMap<&'static str, Key> = BTreeMap::new();
        // (each national fact with its field, found once)
        let facts: Vec<(FactRef, &'static str)> = facts
            .filter(|f| f.scope == Scope::Nacional)
            .filter_map(|f| field_of(&f).map(|field| (f, field)))
            .collect();
        for &(ref f, field) in &facts {
            let same_field = || facts.iter().filter(|(_, g)| *g == field).map(|(g, _)| g);
            let times = same_field().filter(|g| g.value == f.value).count() as u32;
            let rounded = same_field().any(|g| is_rounded(g.value, f.value));
            let key = (
                firmness(f.qualifier),
                !rounded,
                times,
                std::cmp::Reverse(f.mention_id),
                f.value,
                f.qualifier != Qualifier::Exact,
            );
            let slot = best.entry(field).or_insert(key);
            if (key.0, key.1, key.2, key.3) > (slot.0, slot.1, slot.2, slot.3) {
                *slot = key;
            }
        }
        for (field, (firm, _, _, _, value, approx)) in best {
            // an exact figure outweighs a qualified one of another bulletin
            let weight = if firm == 2 { 2 } else { 1 };
            let slot = one
                .fields
                .entry(field.to_string())
                .or_default()
                .entry(value.to_bits())
                .or_insert_with(|| (0, published, id.clone(), approx));
            slot.0 += weight;
        }
        if one.fields.is_empty() {
            return;
        }
        one.docs.push(id);
        let key = (of.year, of.number);
        self.merge(Jornadas {
            acc: BTreeMap::from([(key, one)]),
        });
    }

    /// Adds the jornadas of another set of documents.
    pub fn merge(&mut self, other: Jornadas) {
        for (key, acc) in other.acc {
            match self.acc.get_mut(&key) {
                Some(mine) => mine.merge(acc),
                None => {
                    self.acc.insert(key, acc);
                }
            }
        }
    }

    /// The rows, in (year, number) order, and the checks of disagreements and of the
    /// year-to-date totals.
    pub fn finish(self) -> (Vec<JornadaRow>, Vec<(String, CheckRow)>) {
        self.finish_with(|_| true)
    }

    /// [`finish`](Self::finish) for the series that `rows_of` gives rows to (the
    /// vocabulary's `rows`).
    pub fn finish_with(
        self,
        rows_of: impl Fn(&str) -> bool,
    ) -> (Vec<JornadaRow>, Vec<(String, CheckRow)>) {
        let mut rows = Vec::new();
        let mut checks = Vec::new();
        for ((year, number), mut acc) in self.acc {
            if !rows_of(&acc.series) {
                continue;
            }
            let mut chosen: BTreeMap<&'static str, f64> = BTreeMap::new();
            let mut approximate: Vec<&'static str> = Vec::new();
            for field in fields() {
                let Some(cands) = acc.fields.get(field) else {
                    continue;
                };
                let best = cands
                    .iter()
                    .max_by_key(|(_, (n, published, _, _))| (*n, *published))
                    .map(|(bits, c)| (f64::from_bits(*bits), c.3));
                let Some((best, approx)) = best else { continue };
                chosen.insert(field, best);
                if approx {
                    approximate.push(field);
                }
                if field == "acumulado_anual" {
                    continue; // rounded restatements ("más de 2.7 millones") are not conflicts
                }
                for (bits, (_, _, doc, _)) in cands {
                    let v = f64::from_bits(*bits);
                    if v != best {
                        checks.push((
                            doc.text().into_owned(),
                            CheckRow {
                                check: Check::JornadaDesacuerdo,
                                expected: best,
                                observed: v,
                                status: CheckStatus::Mismatch,
                                detail: format!(
                                    "jornada {number} of {}: {field} is {best} in most bulletins, {v} in this one",
                                    year_text(year)
                                ),
                            },
                        ));
                    }
                }
            }
            let int = |f: &str| chosen.get(f).map(|v| *v as i64);
            rows.push(JornadaRow {
                year: year.map(i64::from),
                jornada_number: number,
                series: acc.series.clone(),
                date_start: acc.period.map(|p| p.0),
                date_end: acc.period.map(|p| p.1),
                total_atenciones: int("total_atenciones"),
                meta: int("meta"),
                productividad_pct: chosen.get("productividad_pct").copied(),
                services: SERVICES.map(int),
                acumulado_anual: int("acumulado_anual"),
                source_doc_ids: {
                    let mut docs = std::mem::take(&mut acc.docs);
                    docs.sort_unstable();
                    docs.dedup();
                    let mut ids = String::with_capacity(docs.len() * 65);
                    for (k, d) in docs.iter().enumerate() {
                        if k > 0 {
                            ids.push(',');
                        }
                        ids.push_str(&d.text());
                    }
                    ids
                },
                approximate_cells: fields()
                    .filter(|f| approximate.contains(f))
                    .collect::<Vec<_>>()
                    .join(","),
            });
        }
        // the year-to-date total never decreases within a year
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.year != b.year || a.year.is_none() || a.series != b.series {
                continue;
            }
            if let (Some(x), Some(y)) = (a.acumulado_anual, b.acumulado_anual) {
                let doc = b.source_doc_ids.split(',').next().unwrap_or("").to_string();
                checks.push((
                    doc,
                    CheckRow {
                        check: Check::AcumuladoNoDecrece,
                        expected: x as f64,
                        observed: y as f64,
                        status: if y >= x {
                            CheckStatus::Ok
                        } else {
                            CheckStatus::Mismatch
                        },
                        detail: format!(
                            "year-to-date after jornada {} of {}: {y}; after jornada {}: {x}",
                            b.jornada_number,
                            year_text(b.year.map(|y| y as i32)),
                            a.jornada_number
                        ),
                    },
                ));
            }
        }
        (rows, checks)
    }
}

fn year_text(year: Option<i32>) -> String {
    year.map_or_else(|| "an unknown year".to_string(), |y| y.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_figure_is_another_rounded_or_cut() {
        for (precise, round, want) in [
            (230_118.0, 230_000.0, true),
            (229_600.0, 230_000.0, true),
            (2_712_345.0, 2_700_000.0, true),
            (3_115.0, 3_000.0, true),
            (204_782.0, 200_000.0, true),
            (236_000.0, 230_000.0, true),  // cut to ten thousands
            (250_000.0, 230_000.0, false), // two figures
            (231_000.0, 230_000.0, true),  // a body figure written to the thousand
            (260_000.0, 200_000.0, false),
            (230_000.0, 230_000.0, false), // the same figure
            (230_118.0, 230_100.0, false), // not to a thousand
            (230.0, 0.0, false),
            (-230_118.0, 230_000.0, false),
        ] {
            assert_eq!(is_rounded(precise, round), want, "{round} of {precise}");
        }
    }

    #[test]
    fn document_ids_keep_their_text_and_its_order() {
        let sha = |b: u8| crate::digest::hex(&[b; 32]);
        let cases = [
            sha(0x00),
            sha(0x0f),
            sha(0xa0),
            sha(0xff),
            // not SHA-256 ids: kept as written, and ordered among the others as text
            "0".repeat(63),
            "0F".repeat(32),
            "doc-7".to_string(),
            String::new(),
            format!("{}g", &sha(0x11)[..63]),
        ];
        for a in &cases {
            let id = DocId::new(a);
            assert_eq!(id.text(), a.as_str());
            let is_sha = a.len() == 64
                && a.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
            assert_eq!(matches!(id, DocId::Sha(_)), is_sha, "{a}");
            for b in &cases {
                assert_eq!(id.cmp(&DocId::new(b)), a.cmp(b), "{a} against {b}");
            }
        }
    }
}
