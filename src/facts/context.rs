//! What a whole document says about itself ([`Context`]): its jornada series, number and
//! year, its period, whether it is a preview or a state-level note, and the frame of each
//! sentence; and the checks this context allows (two jornada numbers in one bulletin).

use super::CheckRow;
use super::frames::{self, Frame};
use crate::dates;
use crate::domain::{Check, CheckStatus, MentionKind, Scope};
use crate::extract::MentionRow;
use crate::figures::{self, Locale};
use crate::fold::WordList;
use crate::ingest::Document;
use crate::vocab::Vocabulary;

/// What a whole document says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub series: Option<String>,
    pub year: Option<i32>,
    /// Where the year came from, said to follow "year " ("from the dateline", "written
    /// beside the jornada's name"…).
    pub year_from: Option<&'static str>,
    pub number: Option<i64>,
    /// Every jornada number the text states, in order (two different ones become a check).
    pub numbers_stated: Vec<i64>,
    pub period: Option<(i32, i32)>,
    /// A preview: goals only, nothing achieved yet.
    pub preview: bool,
    /// A note about one state office or one UMAE: its own figures belong to it (scope,
    /// code, name).
    pub entity: Option<(Scope, String, String)>,
    /// Each sentence's frame.
    pub frames: Vec<Frame>,
}

/// How much of a body (from the start) says what the bulletin is about.
const HEAD_BYTES: usize = 1200;

/// The start of `body` up to `bytes`, on a character boundary.
fn head(body: &str, bytes: usize) -> &str {
    let mut end = body.len().min(bytes);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

/// The document's jornada, year, period and kind; `frames` are its sentences' frames,
/// `list` its body folded, as a word list.
pub(super) fn context(
    doc: &Document,
    rows: &[MentionRow],
    vocab: &Vocabulary,
    sentences: &[usize],
    frames: Vec<Frame>,
    list: &WordList,
) -> Context {
    let folded = list.folded();
    let body = doc.body.as_str();
    // a bulletin says what it is about, and whether it reports or announces, in its head:
    // the headline, the bullets and the first paragraphs
    let head = head(body, HEAD_BYTES);
    let hw = list.words(0, head.len());
    let cues = &vocab.cues;
    let series = vocab.series_in_folded(&folded.fold_range(0, head.len()));
    let mut c = Context {
        series: series.map(|s| s.code.clone()),
        preview: cues.anuncio.find(&hw).is_some() && cues.resultado.find(&hw).is_none(),
        ..Context::default()
    };
    // a note about one OOAD: its title names it, or else its dateline's place does; about
    // one UMAE: its title names it and its text past the headline names it again (a
    // national bulletin may name a UMAE in its title for one of its figures)
    let about = |e: &crate::vocab::Entity, scope| Some((scope, e.code.clone(), e.name.clone()));
    let lead = &head[head.find("\n\n").map_or(0, |k| k + 2)..];
    c.entity = match doc.title.as_deref().and_then(|t| vocab.entity_in(t)) {
        Some((Scope::Ooad, e)) => about(e, Scope::Ooad),
        Some((Scope::Umae, e))
            if vocab
                .entity_in(lead)
                .is_some_and(|(_, again)| again.code == e.code) =>
        {
            about(e, Scope::Umae)
        }
        _ => match doc.place.as_deref().and_then(|p| vocab.entity_in(p)) {
            Some((Scope::Ooad, e)) => about(e, Scope::Ooad),
            _ => None,
        },
    };
    // the jornada number: an ordinal whose unit is a jornada ("la 14ª Jornada"), one
    // written "la número 17" in a bulletin of a series, or digits before "Jornada"
    // ("Con la 9 Jornada")
    for m in rows {
        let Some(n) = m.value_int else { continue };
        // only an ordinal, or a cardinal with a jornada as its unit, can number the jornada
        // (most figures are neither: their words are not read)
        let ordinal = match m.kind {
            MentionKind::Ordinal => true,
            MentionKind::Cardinal => false,
            _ => continue,
        };
        if n <= 0 {
            continue;
        }
        let unit = m
            .unit_bytes
            .map(|(s, e)| folded.fold_range(s, e))
            .unwrap_or_default();
        let names_jornada = unit == "jornada" || unit.starts_with("jornada ");
        if !ordinal && !names_jornada {
            continue;
        }
        // the words before it; a cue may reach into the figure's text ("la [número 17]")
        let (s, e) = m.text_bytes;
        let mut bw = list.words(raw_before(body, s, 24), s);
        let own = list.words(s, e);
        bw.extend(
            own.into_iter()
                .take_while(|w| !w.bytes().all(|b| b.is_ascii_digit())),
        );
        let ok = match ordinal {
            true => {
                names_jornada || (c.series.is_some() && cues.numero_jornada.ends(&bw).is_some())
            }
            false => bw.last() == Some(&"la"),
        };
        if ok {
            c.numbers_stated.push(n);
        }
    }
    // the number stated most often; on a tie the later one (a subtitle's slip is
    // corrected by the body)
    let mut counts: Vec<(i64, usize, usize)> = Vec::new(); // (number, times, last index)
    for (k, n) in c.numbers_stated.iter().enumerate() {
        match counts.iter_mut().find(|(x, _, _)| x == n) {
            Some(e) => {
                e.1 += 1;
                e.2 = k;
            }
            None => counts.push((*n, 1, k)),
        }
    }
    c.number = counts
        .iter()
        .max_by_key(|(_, times, last)| (*times, *last))
        .map(|(n, _, _)| *n);
    // the year: the dateline's; a month-and-year dateline's; the bulletin number's; in a
    // jornada bulletin, a year of its series written beside the jornada's name, else the
    // one written most often. A year nobody states stays unknown.
    let (year, from) = if let Some(d) = doc.published_date {
        (Some(dates::civil_from_days(d).0), Some("from the dateline"))
    } else if let Some(y) = month_year_dateline(list) {
        (Some(y), Some("from the dateline's month and year"))
    } else if let Some(y) = doc
        .bulletin_number
        .as_deref()
        .and_then(|b| b.rsplit('/').next()?.parse::<i32>().ok())
    {
        (Some(y), Some("from the bulletin number"))
    } else if let Some(s) = series {
        let of_series = |w: &str| {
            (w.len() == 4)
                .then(|| w.parse::<i32>().ok())
                .flatten()
                .filter(|y| s.years.contains(y))
        };
        let beside = sentences.iter().enumerate().find_map(|(k, &st)| {
            let e = sentences.get(k + 1).copied().unwrap_or(body.len());
            let text = folded.fold_range(st, e);
            vocab.series_in_folded(&text)?;
            let ws: Vec<&str> = text.split(' ').collect();
            let at = ws
                .iter()
                .position(|w| *w == "jornada" || *w == "jornadas")?;
            ws[at..].iter().take(12).find_map(|w| of_series(w))
        });
        if beside.is_some() {
            (beside, Some("written beside the jornada's name"))
        } else {
            let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
            for w in body.split(|ch: char| !ch.is_ascii_digit()) {
                if let Some(y) = of_series(w) {
                    *counts.entry(y).or_default() += 1;
                }
            }
            let y = counts
                .into_iter()
                .max_by_key(|&(y, n)| (n, y))
                .map(|(y, _)| y);
            (y, y.map(|_| "written in the body"))
        }
    } else {
        (None, None)
    };
    c.year = year;
    c.year_from = from;
    // the period: the first date range of a sentence about this jornada (not the
    // dateline, not a year-to-date sentence), else its first single date
    let dateline = rows
        .iter()
        .find(|m| {
            m.kind == MentionKind::Date
                && m.date_start == doc.published_date
                && doc.published_date.is_some()
        })
        .map(|m| m.mention_id);
    let resolve = |m: &MentionRow| match (m.date_start, m.date_end) {
        (Some(s), Some(e)) => Some((s, e)),
        // no dateline: the year comes from the body
        _ => {
            let r = figures::read(m.text(body), Locale::EsMx);
            let d = r.dates.first()?;
            let y = c.year?;
            let mf = if d.month_from == 0 {
                d.month_to
            } else {
                d.month_from
            };
            let mt = if d.month_to == 0 { mf } else { d.month_to };
            let s = dates::days_from_civil(y, u32::from(mf), u32::from(d.day_from))?;
            let e = dates::days_from_civil(y, u32::from(mt), u32::from(d.day_to))?;
            Some((s, e))
        }
    };
    let year_to_date = |m: &MentionRow| {
        let k = m.sentence.max(0) as usize;
        let Some(f) = frames.get(k) else { return false };
        // (what `acumulado_at` answers without the words: they are read only when needed)
        if f.whole || !f.has_cue {
            return f.whole;
        }
        let from = sentences.get(k).copied().unwrap_or(0).min(m.text_bytes.0);
        frames::acumulado_at(f, cues, &list.words(from, m.text_bytes.0), &[]).is_some()
    };
    let candidates: Vec<(i32, i32)> = rows
        .iter()
        .filter(|m| {
            m.kind == MentionKind::Date && Some(m.mention_id) != dateline && !year_to_date(m)
        })
        .filter_map(resolve)
        .collect();
    c.period = candidates
        .iter()
        .find(|(s, e)| e > s)
        .or(candidates.first())
        .copied();
    c.frames = frames;
    c
}

/// The year of a dateline that gives only month and year ("Ciudad de México, agosto de
/// 2023", "Coahuila, mayo de 2022.-"), in the first lines of the folded text. A line of more
/// than twelve words is none: its first thirteen words, already folded, tell.
fn month_year_dateline(list: &WordList) -> Option<i32> {
    let body = list.folded().text();
    let mut ws = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()).take(6) {
        let a = line.as_ptr() as usize - body.as_ptr() as usize;
        list.words_in_upto(a, a + line.len(), 13, &mut ws);
        if ws.len() > 12 {
            continue;
        }
        for k in 0..ws.len().saturating_sub(2) {
            if figures::month_of(ws[k]).is_some()
                && (ws[k + 1] == "de" || ws[k + 1] == "del")
                && ws[k + 2].len() == 4
                && let Ok(y) = ws[k + 2].parse::<i32>()
            {
                return Some(y);
            }
        }
    }
    None
}

/// The checks of what a document says about itself: two jornada numbers.
pub fn context_checks(ctx: &Context) -> Vec<CheckRow> {
    let Some(chosen) = ctx.number else {
        return Vec::new();
    };
    let others: std::collections::BTreeSet<i64> = ctx
        .numbers_stated
        .iter()
        .copied()
        .filter(|n| *n != chosen)
        .collect();
    others
        .iter()
        .map(|n| CheckRow {
            check: Check::JornadaNumero,
            expected: chosen as f64,
            observed: *n as f64,
            status: CheckStatus::Mismatch,
            detail: format!(
                "the bulletin names its jornada both {chosen} (kept: stated most often, or later) and {n}"
            ),
        })
        .collect()
}

/// Where the text at most `bytes` before `start` begins (on a character boundary).
fn raw_before(body: &str, start: usize, bytes: usize) -> usize {
    let mut from = start.saturating_sub(bytes);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::Folded;

    #[test]
    fn a_month_and_year_dateline_after_a_long_paragraph_or_in_a_line_of_long_words() {
        let long = "El Instituto Mexicano del Seguro Social informa que durante la jornada se otorgaron miles de consultas en todo el país, con la participación de su personal.";
        assert_eq!(
            month_year_dateline(
                &Folded::new(&format!("{long}\nCoahuila, mayo de 2022.- Texto.")).word_list()
            ),
            Some(2022)
        );
        // twelve words, more than 200 bytes once folded: the whole line is read
        let wide = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb Ccccccccccccccccccccccccccccccccccccccc Ddddddddddddddddddddddddddddddddddddddd Eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee Fffffffffffffffffffffffffffffffffff, mayo de 2021.-";
        assert!(crate::fold::fold(wide).len() > 200);
        assert_eq!(
            month_year_dateline(&Folded::new(wide).word_list()),
            Some(2021)
        );
        assert_eq!(month_year_dateline(&Folded::new(long).word_list()), None);
        // thirteen words is one too many; twelve, the sixth non-empty line, still read
        let thirteen = "Uno dos tres cuatro cinco seis siete ocho nueve, mayo de 2021.-";
        assert_eq!(
            month_year_dateline(&Folded::new(thirteen).word_list()),
            None
        );
        let twelve = "Uno dos tres cuatro cinco seis siete ocho, mayo de 2021.-";
        assert_eq!(
            month_year_dateline(&Folded::new(twelve).word_list()),
            Some(2021)
        );
        let sixth = format!("a\n\nb\nc\n \nd\ne\n{twelve}");
        assert_eq!(
            month_year_dateline(&Folded::new(&sixth).word_list()),
            Some(2021)
        );
        let seventh = format!("a\nb\nc\nd\ne\nf\n{twelve}");
        assert_eq!(
            month_year_dateline(&Folded::new(&seventh).word_list()),
            None
        );
    }
}
