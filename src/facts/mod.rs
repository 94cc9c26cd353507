//! Facts: the figures the vocabulary understands, with what they measure (metric), how
//! (modality: realizado, meta, acumulado), whose they are (scope and entity) and which
//! jornada they belong to (series, year, number, period). One document at a time.

use crate::domain::{MentionKind, Modality, Scope};
use crate::extract::MentionRow;
use crate::figures::Qualifier;
use crate::fold::{Folded, fold};
use crate::ingest::Document;
use crate::vocab::{PartListLead, Vocabulary};

mod checks;
mod context;
mod frames;
mod jornadas;
pub use checks::{CheckRow, SERVICES, checks};
pub use context::{Context, context_checks};
pub use frames::{Frame, Who};
pub use jornadas::{FactRef, JornadaOf, JornadaRow, Jornadas};

/// One row of the `facts` table (without `doc_id` and `year`).
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow {
    pub mention_id: i64,
    pub metric: String,
    pub value: f64,
    pub qualifier: Qualifier,
    pub modality: Modality,
    pub scope: Scope,
    pub entity_code: Option<String>,
    pub entity_name: Option<String>,
    pub series: Option<String>,
    pub series_year: Option<i32>,
    pub series_number: Option<i64>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    /// The frame and cue words that decided its modality and scope (for `cifras inspect`;
    /// not a column).
    pub why: Vec<String>,
}

/// Everything the facts stage makes of one document: its context, facts and checks.
pub fn understand(
    doc: &Document,
    rows: &[MentionRow],
    vocab: &Vocabulary,
) -> (Context, Vec<FactRow>, Vec<CheckRow>) {
    understand_in(
        doc,
        rows,
        &crate::extract::sentence_starts(&doc.body),
        vocab,
    )
}

/// [`understand`] given the document's sentence starts (computed once for extract and facts).
pub fn understand_in(
    doc: &Document,
    rows: &[MentionRow],
    sentences: &[usize],
    vocab: &Vocabulary,
) -> (Context, Vec<FactRow>, Vec<CheckRow>) {
    let (ctx, fs) = facts_in(doc, rows, sentences, vocab);
    let mut cs = checks(&doc.body, rows, &fs, vocab);
    cs.extend(context_checks(&ctx));
    (ctx, fs, cs)
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

/// The entity a ranking item names right before its figure (`body[seg..fig]`, the text
/// since the previous figure): "Puebla con 15 mil 813", "Hospital General del CMN La Raza
/// con 999", "y Ciudad de México Sur 11 mil 911".
fn ranking_entity<'v>(
    vocab: &'v Vocabulary,
    folded: &Folded,
    seg: usize,
    fig: usize,
) -> Option<(Scope, &'v crate::vocab::Entity)> {
    let body = folded.text();
    let segment = &body[seg..fig];
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
    let (seg, segment) = (seg + from, &segment[from..]);
    let f = folded.fold_range(seg, fig);
    // only the last list item: after the last comma, semicolon or colon
    let item = segment.rsplit([',', ';', ':']).next().unwrap_or(segment);
    if f.ends_with(" con") {
        // the whole item since the previous figure may carry the name ("… de Torreón,
        // Coahuila con"): the longest name in it wins
        return vocab.entity_in_folded(&f);
    }
    let fi = folded.fold_range(fig - item.len(), fig);
    let (scope, e) = vocab.entity_in_folded(&fi)?;
    let at_end = std::iter::once(&e.name)
        .chain(&e.aliases)
        .any(|n| fi.ends_with(&fold(n)));
    at_end.then_some((scope, e))
}

/// The facts of one document.
pub fn facts(doc: &Document, rows: &[MentionRow], vocab: &Vocabulary) -> (Context, Vec<FactRow>) {
    facts_in(
        doc,
        rows,
        &crate::extract::sentence_starts(&doc.body),
        vocab,
    )
}

fn facts_in(
    doc: &Document,
    rows: &[MentionRow],
    sentences: &[usize],
    vocab: &Vocabulary,
) -> (Context, Vec<FactRow>) {
    let body = doc.body.as_str();
    let folded = Folded::new(body);
    let list = folded.word_list();
    let frames = frames::frames(&list, sentences, vocab);
    let ctx = context::context(doc, rows, vocab, sentences, frames, &list);
    let cues = &vocab.cues;
    // where lists of parts start: "gestiones para" (totals are ASCII codes, so a byte-wise
    // lowercase keeps offsets); a lead that folds to itself is looked for in the folded
    // body first, which most bulletins lack
    let whole_folded = folded.fold_range(0, body.len());
    let leads: Vec<&PartListLead> = vocab
        .part_list_leads()
        .iter()
        .filter(|l| !l.folds_to_itself || whole_folded.contains(l.phrase.as_str()))
        .collect();
    let lower = match leads.is_empty() {
        true => String::new(),
        false => body.to_ascii_lowercase(),
    };
    let list_leads: Vec<(usize, &str)> = leads
        .iter()
        .flat_map(|l| {
            lower
                .match_indices(l.phrase.as_str())
                .map(|(pos, _)| (pos, l.total.as_str()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<FactRow> = Vec::new();
    // the sentence of each fact pushed, for figures that take their metric from a goal
    // beside them ("se tenían previstos 10 trasplantes; al final se lograron 30")
    let mut fact_sentence: Vec<i64> = Vec::new();
    let mut prev_end = 0usize;
    let no_frame = Frame::default();
    // word buffers reused across figures (sized for a sentence: growing each from empty
    // cost every document a few reallocations)
    let words = || Vec::<&str>::with_capacity(64);
    let (mut pre, mut post, mut after, mut before) = (words(), words(), words(), words());
    for (i, m) in rows.iter().enumerate() {
        let seg_start = prev_end;
        prev_end = m.text_bytes.1;
        if m.kind == MentionKind::Date || m.kind == MentionKind::Ordinal {
            continue;
        }
        let Some(mut value) = m.value else { continue };
        let sent = m.sentence.max(0) as usize;
        let frame = ctx.frames.get(sent).unwrap_or(&no_frame);
        let sentence_start = sentences
            .get(sent)
            .copied()
            .unwrap_or(0)
            .min(m.text_bytes.0);
        let sentence_end = sentences.get(sent + 1).copied().unwrap_or(body.len());
        // the clause before the figure (since the previous mention, in its sentence) and
        // the words after it (to the next mention, in its sentence)
        let pre_from = seg_start.max(sentence_start).min(m.text_bytes.0);
        let next = rows
            .get(i + 1)
            .map_or(body.len(), |n| n.text_bytes.0)
            .min(sentence_end)
            .max(m.text_bytes.1);
        let post_text = &body[m.text_bytes.1..next];
        list.words_in(pre_from, m.text_bytes.0, &mut pre);
        list.words_in(m.text_bytes.1, next, &mut post);
        post.truncate(8);
        // year-to-date: a cue before the figure in its sentence, or right after it
        // after it: its own phrase (to a comma or the next figure), and "N jornadas" when
        // the next figure counts jornadas ("dos millones de acciones en 13 Jornadas")
        let own = post_text
            .split([',', ';', ':', '(', '—'])
            .next()
            .unwrap_or("");
        list.words_in(m.text_bytes.1, m.text_bytes.1 + own.len(), &mut after);
        if let Some(n) = rows.get(i + 1)
            && n.text_bytes.0 == m.text_bytes.1 + own.len()
            && n.kind == MentionKind::Cardinal
            && n.unit_bytes
                .is_some_and(|(s, e)| folded.fold_range(s, e).starts_with("jornadas"))
        {
            // a number word the cues' "#" matches
            after.extend(["0", "jornadas"]);
        }
        // (the words before it matter only when the sentence has a cue of its own)
        before.clear();
        if frame.has_cue && !frame.whole {
            list.words_in(sentence_start, m.text_bytes.0, &mut before);
        }
        let acumulado = frames::acumulado_at(frame, cues, &before, &after);
        let mut why: Vec<String> = frame
            .why
            .iter()
            .filter(|w| !w.starts_with("acumulado"))
            .cloned()
            .collect();
        if let Some(c) = &acumulado {
            why.insert(0, c.clone());
        }
        // in a list introduced by a total ("gestiones para 70 solicitudes …, 68 estudios"),
        // the items are its parts, named by the words after each figure
        let part_total = list_leads
            .iter()
            .filter(|(pos, _)| (sentence_start..m.text_bytes.0).contains(pos))
            .map(|(_, total)| *total)
            .next_back();
        let unit_metric = match part_total {
            Some(total) => vocab
                .metric_among(&post.join(" "), Some(total))
                .map(|x| x.code.clone()),
            None => m
                .unit_bytes
                .and_then(|(s, e)| {
                    vocab.metric_in_folded(&folded.fold_range(s, e), None, acumulado.is_some())
                })
                .map(|x| x.code.clone())
                .filter(|code| {
                    // "96 mil consultas de Especialidad y de Medicina Familiar": two
                    // services counted together are neither one
                    let Some((_, ue)) = m.unit_bytes else {
                        return true;
                    };
                    let t = folded.fold_range(ue, next.max(ue));
                    let joined = t.strip_prefix("y ").or_else(|| t.strip_prefix("e "));
                    let other = joined.and_then(|j| vocab.metric_in(j, None, false));
                    let combined = other.is_some_and(|o| o.code != *code);
                    if combined {
                        why.push("two services counted together".to_string());
                    }
                    !combined
                }),
        };
        // a goal: a cue before the figure in its clause with no achievement after it ("la
        // meta era de", "estaban previstos"), or right after it ("163 mil 110 programadas")
        let goal_before = cues
            .meta_antes
            .rfind(&pre)
            .filter(|(at, _)| cues.logro.rfind(&pre).is_none_or(|(l, _)| l < *at));
        let goal_after = post.first().and_then(|w| cues.meta_despues.starts(&[w]));
        let achieved_after_goal = cues.logro.find(&pre).map(|(_, c)| c);
        // "el 113 por ciento de lo programado (203 mil 650)": the goal in parentheses
        // after the percent of it
        let goal_in_parens = i > 0
            && rows[i - 1].kind == MentionKind::Percent
            && body[..m.text_bytes.0].trim_end().ends_with('(')
            && cues.productividad_despues.ends(&pre).is_some();
        let mut is_goal = match (goal_before, goal_after) {
            (Some((_, c)), _) => {
                why.push(format!("goal «{c}» before it"));
                true
            }
            (None, Some(c)) => {
                why.push(format!("goal «{c}» after it"));
                true
            }
            _ if goal_in_parens => {
                why.push("goal in parentheses after the percent of it".to_string());
                true
            }
            _ => false,
        };
        let metric = if m.kind == MentionKind::Percent {
            percent_metric(cues, acumulado.is_some(), &pre, &post, &mut value, &mut why)
        } else {
            match unit_metric {
                Some(x) => Some(x),
                // a figure without its noun, paired with a goal or an achievement, counts
                // what the count before it counts ("… 126 mil 247.", "se lograron 30"); a
                // goal without one is the total's (the vocabulary's first metric)
                None if is_goal || achieved_after_goal.is_some() => {
                    let prev = out
                        .iter()
                        .zip(&fact_sentence)
                        .rev()
                        .take_while(|(_, s)| **s + 1 >= m.sentence)
                        .find(|(f, _)| f.metric != "productividad")
                        .map(|(f, _)| f.metric.clone());
                    match prev {
                        Some(p) => {
                            why.push("its noun taken from the count before".to_string());
                            Some(p)
                        }
                        None if is_goal => vocab.metrics.first().map(|x| x.code.clone()),
                        None => None,
                    }
                }
                None => None,
            }
        };
        // a ranking item: "Puebla con 15 mil 813", "… CMN La Raza con mil 258"
        let entity = ranking_entity(
            vocab,
            &folded,
            seg_start.min(m.text_bytes.0),
            m.text_bytes.0,
        );
        let metric = match (metric, entity) {
            (Some(x), _) => x,
            (None, Some(_)) => "atenciones".to_string(),
            (None, None) => continue,
        };
        // "un cumplimiento de la meta de 107 por ciento": the share of the goal reached is
        // no goal, though a goal's cue stands in its productivity cue
        if is_goal && m.kind == MentionKind::Percent && metric == "productividad" {
            is_goal = false;
            why.retain(|w| !w.starts_with("goal "));
        }
        let modality = if acumulado.is_some() {
            Modality::Acumulado
        } else if ctx.preview || is_goal {
            if ctx.preview && !is_goal {
                why.push("the bulletin announces (a preview)".to_string());
            }
            Modality::Meta
        } else {
            Modality::Realizado
        };
        let (scope, entity_code, entity_name) = match (entity, frame.who) {
            (Some((scope, e)), _) => (scope, Some(e.code.clone()), Some(e.name.clone())),
            (None, Who::Nacional) => (Scope::Nacional, None, None),
            (None, Who::Group(g)) => (g, None, None),
            (None, Who::PerEntity) => {
                let umae = folded
                    .fold_range(sentence_start, sentence_end)
                    .contains("umae");
                (if umae { Scope::Umae } else { Scope::Ooad }, None, None)
            }
            (None, Who::Document) => match &ctx.entity {
                Some((scope, code, name)) => (*scope, Some(code.clone()), Some(name.clone())),
                None => (Scope::Nacional, None, None),
            },
        };
        let in_jornada = ctx.series.is_some();
        fact_sentence.push(m.sentence);
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
            why,
        });
    }
    (ctx, out)
}

/// A percent of the goal: stated as a share ("126.3 por ciento de la meta") or as an excess
/// ("superó la meta en 23 por ciento" → 123; an excess of 100 or more is the share itself,
/// as bulletins write it: "se rebasó en 122.2 por ciento"). Not in a year-to-date sentence.
fn percent_metric(
    cues: &crate::vocab::Cues,
    acumulado: bool,
    pre: &[&str],
    post: &[&str],
    value: &mut f64,
    why: &mut Vec<String>,
) -> Option<String> {
    if acumulado {
        return None;
    }
    // a cue before the figure counts when at most three words (qualifiers, articles)
    // stand between it and the figure
    fn near<'c>(l: &'c crate::vocab::CueList, pre: &[&str]) -> Option<(usize, &'c str)> {
        l.rfind(pre).filter(|(at, c)| {
            let n = fold(c).split(' ').count();
            pre.len() <= at + n + 3
        })
    }
    if let Some(c) = near(&cues.exceso_antes, pre)
        .map(|(_, c)| c)
        .or_else(|| cues.exceso_despues.starts(post))
    {
        if *value < 100.0 {
            why.push(format!(
                "productivity stated as an excess «{c}»: 100 + {value}"
            ));
            *value += 100.0;
        } else {
            why.push(format!(
                "productivity stated as an excess of 100 or more «{c}»: the share itself"
            ));
        }
        return Some("productividad".to_string());
    }
    if let Some(c) = cues
        .productividad_despues
        .starts(post)
        .or_else(|| near(&cues.productividad_antes, pre).map(|(_, c)| c))
    {
        why.push(format!("productivity «{c}»"));
        return Some("productividad".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_TOML, Pipeline};
    use crate::domain::{Check, CheckStatus};

    /// The shortcut of `facts_in`'s list leads: a phrase that folds to itself is found in the
    /// lowercased text only where the folded text has it too.
    #[test]
    fn a_phrase_in_the_lowercased_text_is_in_the_folded_text() {
        let pieces = [
            "Gestiones para",
            "GESTIONES PARA",
            "gestiones  para",
            "xgestiones parax",
            "gestiónes para",
            "gestiones\npara",
            "gestiones, para",
            " ",
            "á",
            "-",
            ".",
            "de",
            "\u{a0}",
            "3",
        ];
        let phrase = "gestiones para";
        assert_eq!(fold(phrase), phrase);
        let mut rng = crate::testing::Rng::new(0x0123_4567_89AB_CDEF);
        let mut seen = 0;
        for _ in 0..20_000 {
            let t: String = (0..6).map(|_| *rng.pick(&pieces)).collect();
            if t.to_ascii_lowercase().contains(phrase) {
                let f = Folded::new(&t);
                assert!(f.fold_range(0, t.len()).contains(phrase), "{t:?}");
                seen += 1;
            }
        }
        assert!(seen > 1_000, "{seen}");
    }

    /// The jornada rows of one bulletin written in our own words, through ingest, extract
    /// and facts.
    fn jornadas_of(name: &str, text: &str) -> Vec<JornadaRow> {
        let (d, ctx, fs, _) = understood_as(name, text);
        let v = Vocabulary::parse(crate::vocab::DEFAULT_TOML, "default").unwrap();
        let mut j = Jornadas::default();
        j.add(&d.doc_id, d.published_date, &ctx, &fs);
        j.finish_with(|code| v.gives_rows(code)).0
    }

    /// (what it shows, bulletin, year, number, total, meta, productividad, acumulado,
    /// cirugias, approximate cells)
    #[allow(clippy::type_complexity)]
    const CASES: &[(
        &str,
        &str,
        Option<i64>,
        i64,
        Option<i64>,
        Option<i64>,
        Option<f64>,
        Option<i64>,
        Option<i64>,
        &str,
    )] = &[
        (
            "the year so far in a sentence of its own, and a sentence that points back",
            "Cierra IMSS la 7ª Jornada Nacional de Continuidad de Servicios de Salud\n\nCiudad de México, 12 de abril de 2025.- Del 4 al 6 de abril se otorgaron 150 mil 300 atenciones, con 2 mil 950 cirugías.\n\nEn lo que va del año, las siete jornadas suman un millón 90 mil atenciones. De ese total, 20 mil 100 fueron cirugías.",
            Some(2025),
            7,
            Some(150300),
            None,
            None,
            Some(1090000),
            Some(2950),
            "",
        ),
        (
            "a goal and its achievement in one sentence; an excess read as a share",
            "Supera IMSS la meta de la 8ª Jornada Nacional de Continuidad\n\nCiudad de México, 27 de abril de 2025.- La jornada cerró con 161 mil 20 atenciones, frente a 140 mil programadas; es decir, se superó la meta en 15 por ciento.",
            Some(2025),
            8,
            Some(161020),
            Some(140000),
            Some(115.0),
            None,
            None,
            "",
        ),
        (
            "a state note with a national paragraph: only the national figures make the row",
            "IMSS Sonora realiza 4 mil 200 acciones en la 9ª Jornada de Continuidad\n\nHermosillo, Sonora, 11 de mayo de 2025.- En Sonora se hicieron 4 mil 200 acciones y 180 cirugías.\n\nA nivel nacional, la jornada dejó cerca de 155 mil atenciones y 3 mil 100 cirugías.",
            Some(2025),
            9,
            Some(155000),
            None,
            None,
            None,
            Some(3100),
            "total_atenciones",
        ),
        (
            "no year anywhere: still a row, with a null year; 'la número' names the jornada",
            "Redes sociales del IMSS\n\nEl Instituto organiza Jornadas de Continuidad cada dos semanas. La número 11 cerró con 170 mil atenciones y 3 mil 40 cirugías, y rebasó su meta en casi un 12 por ciento.",
            None,
            11,
            Some(170000),
            None,
            Some(112.0),
            None,
            Some(3040),
            "productividad_pct",
        ),
        (
            "a rounded headline and the exact body; the goal in parentheses after its percent",
            "Supera IMSS meta en Jornada 17; realiza 230 mil acciones\n\nCiudad de México, 2 de octubre de 2025.- El IMSS concluyó la decimoséptima Jornada Nacional de Continuidad con 230 mil 118 acciones médicas, el 113 por ciento de lo programado (203 mil 650). Se realizaron 3 mil 455 intervenciones quirúrgicas.",
            Some(2025),
            17,
            Some(230118),
            Some(203650),
            Some(113.0),
            None,
            Some(3455),
            "",
        ),
        (
            "a year-end bulletin: the year's total and goal ('con 24 jornadas', 'programadas para el año') are not the jornada's",
            "Con 24 jornadas en el año, IMSS otorgó más de 4.6 millones de atenciones\n\nCiudad de México, 20 de diciembre de 2025.- El IMSS cerró 2025 con 24 Jornadas de Continuidad, en las que se otorgaron 4 millones 612 mil 380 atenciones, el 103.5 por ciento de las 4 millones 456 mil programadas para el año. En la Vigésima Cuarta Jornada, del 15 al 17 de diciembre, se realizaron 186 mil 540 acciones de salud, de una meta de 191 mil 700, y 2 mil 611 cirugías.",
            Some(2025),
            24,
            Some(186540),
            Some(191700),
            None,
            Some(4612380),
            Some(2611),
            "",
        ),
        (
            "services named after a copula and in a semicolon list",
            "Cierra IMSS la 11ª Jornada de Continuidad\n\nCiudad de México, 9 de junio de 2025.- Se otorgaron 180 mil atenciones. De ellas, 40 mil 100 fueron consultas de Medicina Familiar; 12 mil 300, de Especialidad; y 2 mil 870, cirugías.",
            Some(2025),
            11,
            Some(180000),
            None,
            None,
            None,
            Some(2870),
            "",
        ),
        (
            "a UMAE's note with a national paragraph: only the national figures make the row",
            "En la UMAE de Especialidades del CMN Siglo XXI se realizaron 48 cirugías en la 10ª Jornada de Continuidad\n\nCiudad de México, 5 de junio de 2025.- En el Hospital de Especialidades del Centro Médico Nacional Siglo XXI se realizaron 48 cirugías y 6 trasplantes durante la 10ª Jornada de Continuidad, del 2 al 4 de junio.\n\nEn todo el país, el IMSS otorgó 218 mil 904 servicios, entre ellos 3 mil 12 cirugías.",
            Some(2025),
            10,
            Some(218904),
            None,
            None,
            None,
            Some(3012),
            "",
        ),
        (
            "a national bulletin that names a UMAE in its title only is national",
            "Destaca el CMN Siglo XXI en la 10ª Jornada de Continuidad\n\nCiudad de México, 5 de junio de 2025.- El IMSS otorgó 218 mil 904 servicios, entre ellos 3 mil 12 cirugías, en la 10ª Jornada de Continuidad.",
            Some(2025),
            10,
            Some(218904),
            None,
            None,
            None,
            Some(3012),
            "",
        ),
        (
            "per-entity figures of a ranking are never national",
            "Cierra IMSS la 10ª Jornada Nacional de Continuidad\n\nCiudad de México, 25 de mayo de 2025.- Se dieron 149 mil atenciones. Puebla, Jalisco y Coahuila encabezaron la lista: cada una reportó más de ocho mil atenciones.",
            Some(2025),
            10,
            Some(149000),
            None,
            None,
            None,
            None,
            "",
        ),
    ];

    #[test]
    fn jornada_rows_follow_the_frames() {
        for (what, text, year, number, total, meta, prod, acum, cir, approx) in CASES {
            let rows = jornadas_of("b.txt", text);
            assert_eq!(rows.len(), 1, "{what}: {rows:?}");
            let r = &rows[0];
            assert_eq!((r.year, r.jornada_number), (*year, *number), "{what}");
            assert_eq!(r.total_atenciones, *total, "{what}: total");
            assert_eq!(r.meta, *meta, "{what}: meta");
            assert_eq!(r.productividad_pct, *prod, "{what}: productividad");
            assert_eq!(r.acumulado_anual, *acum, "{what}: acumulado");
            assert_eq!(r.services[4], *cir, "{what}: cirugias");
            assert_eq!(r.approximate_cells, *approx, "{what}: approximate cells");
        }
    }

    /// One bulletin written in our own words, as the file `name`, through ingest, extract
    /// and facts: its document, context, facts and checks.
    fn understood_as(name: &str, text: &str) -> (Document, Context, Vec<FactRow>, Vec<CheckRow>) {
        let p = Pipeline::parse(DEFAULT_TOML, "default").unwrap();
        let v = Vocabulary::parse(crate::vocab::DEFAULT_TOML, "default").unwrap();
        let d = crate::testing::document(name, text);
        let rows = crate::extract::extract(&d, &p.extract);
        let (ctx, facts, checks) = understand(&d, &rows, &v);
        (d, ctx, facts, checks)
    }

    /// The facts and checks of one bulletin written in our own words.
    fn understood(text: &str) -> (Vec<FactRow>, Vec<CheckRow>) {
        let (_, _, facts, checks) = understood_as("c.txt", text);
        (facts, checks)
    }

    fn checks_of(text: &str) -> Vec<CheckRow> {
        understood(text).1
    }

    #[test]
    fn a_share_of_the_goal_is_the_productivity_whatever_cue_states_it() {
        for (phrase, want) in [
            (
                "con un cumplimiento de la meta de 112 por ciento",
                Some(Modality::Realizado),
            ),
            (
                "con un cumplimiento del 112 por ciento",
                Some(Modality::Realizado),
            ),
            (
                "lo que representa 112 por ciento en relación con la meta",
                Some(Modality::Realizado),
            ),
            (
                "un 112 por ciento de cumplimiento",
                Some(Modality::Realizado),
            ),
            ("y un alza de 112 por ciento", None),
        ] {
            let (facts, _) = understood(&format!(
                "Cierra IMSS la 10ª Jornada de Continuidad\n\nCiudad de México, 5 de junio de 2025.- El IMSS otorgó 218 mil 904 servicios, {phrase}."
            ));
            let got = facts
                .iter()
                .find(|f| f.metric == "productividad")
                .map(|f| f.modality);
            assert_eq!(got, want, "{phrase}: {facts:?}");
        }
    }

    #[test]
    fn goals_in_many_words() {
        for phrase in [
            "la meta era otorgar 190 mil servicios",
            "se tenía como meta 190 mil servicios",
            "cuando se habían programado 190 mil",
            "se estimaba otorgar 190 mil servicios",
            "frente a una meta de 190 mil",
            "de las 190 mil programadas",
        ] {
            let (facts, _) = understood(&format!(
                "Cierra IMSS la 10ª Jornada de Continuidad\n\nCiudad de México, 5 de junio de 2025.- El IMSS otorgó 218 mil 904 servicios, {phrase}."
            ));
            let got: Vec<(f64, &str, Modality)> = facts
                .iter()
                .map(|f| (f.value, f.metric.as_str(), f.modality))
                .collect();
            assert_eq!(
                got,
                [
                    (218904.0, "atenciones", Modality::Realizado),
                    (190000.0, "atenciones", Modality::Meta)
                ],
                "{phrase}"
            );
        }
    }

    #[test]
    fn a_goal_fixed_at_and_units_by_their_spelled_out_names() {
        let (facts, _) = understood(
            "Cierra IMSS la 10ª Jornada de Continuidad\n\nCiudad de México, 5 de junio de 2025.- Se otorgaron 218 mil 904 servicios, el 110.2 por ciento de la meta, fijada en 198 mil 640 acciones.\n\nEntre las UMAE destacaron el Centro Médico Nacional La Raza con 2 mil 140 servicios, el Centro Médico Nacional Siglo XXI con mil 958 y el CMN de Occidente con mil 702.",
        );
        let got: Vec<(f64, &str, Modality, Option<&str>)> = facts
            .iter()
            .map(|f| {
                (
                    f.value,
                    f.metric.as_str(),
                    f.modality,
                    f.entity_code.as_deref(),
                )
            })
            .collect();
        assert!(
            got.contains(&(198640.0, "atenciones", Modality::Meta, None)),
            "{got:?}"
        );
        for (v, code) in [
            (2140.0, "HE_CMN_RAZA"),
            (1958.0, "HE_CMN_SXXI"),
            (1702.0, "HE_CMNO"),
        ] {
            assert!(
                got.contains(&(v, "atenciones", Modality::Realizado, Some(code))),
                "{v} {code}: {got:?}"
            );
        }
    }

    #[test]
    fn a_percent_cut_to_its_decimals_agrees_and_one_office_is_no_ranking() {
        // 221904 / 212000 = 104.672 %: written cut ("104.6") or rounded ("104.7"), not "104.5"
        for (pct, want) in [
            ("104.6", CheckStatus::Ok),
            ("104.7", CheckStatus::Ok),
            ("104.5", CheckStatus::Mismatch),
            ("105", CheckStatus::Ok),
            ("104", CheckStatus::Ok),
            ("103", CheckStatus::Mismatch),
        ] {
            let cs = checks_of(&format!(
                "Cierra IMSS la 16ª Jornada de Continuidad\n\nCiudad de México, 18 de septiembre de 2025.- Se brindaron 221 mil 904 servicios, {pct} por ciento de la meta de 212 mil."
            ));
            let c = cs
                .iter()
                .find(|c| c.check == Check::Productividad)
                .unwrap_or_else(|| panic!("{pct}: {cs:?}"));
            assert_eq!(c.status, want, "{pct}: {c:?}");
        }
        // a state office's several services, then the country's: no ranking to check
        let cs = checks_of(
            "IMSS Jalisco en la 16ª Jornada de Continuidad\n\nGuadalajara, Jalisco, 18 de septiembre de 2025.- El IMSS en Jalisco otorgó 14 mil 230 atenciones, entre ellas 3 mil 112 consultas de Medicina Familiar y 298 cirugías.\n\nA nivel nacional, el Seguro Social brindó 221 mil 904 servicios.",
        );
        assert!(
            !cs.iter().any(|c| c.check == Check::RankingEnOrden),
            "{cs:?}"
        );
    }

    #[test]
    fn two_jornada_numbers_become_a_check() {
        let (_, ctx, _, cs) = understood_as(
            "n.txt",
            "Cierra IMSS jornada\n\n· En la 2ª Jornada de Continuidad se dieron 140 mil atenciones.\n\nCiudad de México, 8 de junio de 2025.- La 12ª Jornada de Continuidad cerró con 140 mil atenciones.",
        );
        assert_eq!(ctx.number, Some(12), "the later statement wins a tie");
        assert!(
            cs.iter().any(|c| c.check == Check::JornadaNumero
                && c.observed == 2.0
                && c.status == CheckStatus::Mismatch),
            "{cs:?}"
        );
    }
}
