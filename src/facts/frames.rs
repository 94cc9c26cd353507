//! Frames: what each sentence of a bulletin speaks of. A jornada bulletin mixes scopes —
//! this jornada's results, the year or the series so far, one state office, a ranking of
//! entities — and a figure means what its sentence's frame says. Frames are decided by the
//! cue phrases of the vocabulary's `[cues]` section (no cue lists live in Rust):
//!
//! - a sentence that only points back ("De ese total, …", "Entre ellas, …", "A ello …")
//!   takes the frame of the sentence before it;
//! - `acumulado` cues ("en lo que va del año", "suman", "sumadas las nueve jornadas") make
//!   the sentence's figures year-to-date figures; a heading with such a cue ("Avance de
//!   metas 2022") does so for its whole section;
//! - `nacional` cues ("a nivel nacional") make a sentence national also inside a state
//!   office's note; `por_entidad` cues ("cada una con más de …") and ranking verbs beside
//!   a named OOAD or UMAE make its figures per-entity; `grupo_*` cues ("en las UMAE se
//!   practicaron") make them the figures of the state offices or the UMAE as a group.

use crate::domain::Scope;
use crate::fold::{WordList, fold};
use crate::vocab::{Cues, FRAME_LISTS, Vocabulary};

/// Whose figures a sentence gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The document's own: national, or the state office a state note is about.
    Document,
    /// The whole country, also inside a state office's note.
    Nacional,
    /// Each of several entities (a ranking, "cada una"): never national.
    PerEntity,
    /// The state offices ("ooad") or the UMAE ("umae") as a group.
    Group(Scope),
}

/// A sentence's frame and the cue phrases that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The sentence speaks of the year or the series so far somewhere (a sentence that
    /// points back to it takes this).
    pub acumulado: bool,
    /// All of it does: it points back to such a sentence, or is in a section whose
    /// heading says so. Otherwise a figure is year-to-date when a cue stands before it in
    /// the sentence or right after it ([`acumulado_at`]).
    pub whole: bool,
    /// An `acumulado` cue stands somewhere in the sentence itself: without one (and not
    /// `whole`), no figure of it is year-to-date, and its words need no second look.
    pub has_cue: bool,
    pub who: Who,
    /// "acumulado: «en lo que va»", "pointer: «de ese total»", …
    pub why: Vec<String>,
}

impl Default for Frame {
    fn default() -> Self {
        Frame {
            acumulado: false,
            whole: false,
            has_cue: false,
            who: Who::Document,
            why: Vec::new(),
        }
    }
}

/// The frame of each sentence of `body` (`starts` are the sentences' byte offsets).
pub fn frames(list: &WordList, starts: &[usize], vocab: &Vocabulary) -> Vec<Frame> {
    let cues = &vocab.cues;
    let body = list.folded().text();
    let mut out: Vec<Frame> = Vec::with_capacity(starts.len());
    // a section heading's frame holds until the next heading
    let mut section_acumulado: Option<String> = None;
    let mut w: Vec<&str> = Vec::with_capacity(64);
    // every list a frame asks about, found in one pass over each sentence's words
    let lists = vocab.frame_cues();
    let mut found = [None; FRAME_LISTS];
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(body.len());
        let text = &body[s..e];
        list.words_in(s, e, &mut w);
        lists.find_all(&w, &mut found);
        let [
            acumulado,
            pointer,
            nacional,
            por_entidad,
            ranking,
            grupo_umae,
            grupo_ooad,
        ] = found;
        let own_cue = acumulado.and_then(|_| outside_exceptions(cues, &w));
        let heading = k > 0 && is_heading(body, s, e);
        if heading {
            section_acumulado = own_cue.map(|c| format!("heading «{c}»"));
        }
        let pointer = pointer.filter(|(at, _)| *at <= 2);
        let mut f = match (pointer, out.last()) {
            (Some((_, c)), Some(prev)) => {
                let mut f = prev.clone();
                f.whole = prev.acumulado;
                f.why = vec![format!("points back «{c}»")];
                f
            }
            _ => {
                let mut f = Frame::default();
                if let Some(c) = own_cue {
                    f.acumulado = true;
                    f.why.push(format!("acumulado «{c}»"));
                } else if let (Some(why), false) = (&section_acumulado, heading) {
                    f.acumulado = true;
                    f.whole = true;
                    f.why.push(format!("acumulado, section under {why}"));
                }
                f
            }
        };
        f.has_cue = own_cue.is_some();
        if let Some((_, c)) = nacional {
            f.who = Who::Nacional;
            f.why.push(format!("nacional «{c}»"));
        } else if let Some((_, c)) = por_entidad {
            f.who = Who::PerEntity;
            f.why.push(format!("por entidad «{c}»"));
        } else if let Some((_, c)) = ranking
            && vocab.entity_in(text).is_some()
        {
            f.who = Who::PerEntity;
            f.why.push(format!("ranking «{c}» beside a named entity"));
        } else if let Some((_, c)) = grupo_umae {
            f.who = Who::Group(Scope::Umae);
            f.why.push(format!("the UMAE as a group «{c}»"));
        } else if let Some((_, c)) = grupo_ooad {
            f.who = Who::Group(Scope::Ooad);
            f.why.push(format!("the OOAD as a group «{c}»"));
        }
        out.push(f);
    }
    out
}

/// Whether a figure is year-to-date: its sentence's frame says so as a whole, or an
/// `acumulado` cue stands in the sentence before it (`before`: folded words from the
/// sentence start to the figure) or right after it (`after`: folded words of its own
/// phrase). The cue found is returned.
pub fn acumulado_at(frame: &Frame, cues: &Cues, before: &[&str], after: &[&str]) -> Option<String> {
    if frame.whole {
        return Some(frame.why.first().cloned().unwrap_or_default());
    }
    if !frame.has_cue {
        return None;
    }
    acumulado_cue(cues, before)
        .or_else(|| acumulado_cue(cues, after))
        .map(|c| format!("acumulado «{c}»"))
}

/// An `acumulado` cue that is not part of an exception ("lleva a cabo").
pub fn acumulado_cue<'c>(cues: &'c Cues, w: &[&str]) -> Option<&'c str> {
    // blanking exceptions only removes matches: without one there is nothing to blank
    cues.acumulado.find(w)?;
    outside_exceptions(cues, w)
}

/// The `acumulado` cue of `w` once its exceptions are blanked out.
fn outside_exceptions<'c>(cues: &'c Cues, w: &[&str]) -> Option<&'c str> {
    let mut w: Vec<&str> = w.to_vec();
    // blank out the exceptions, then look
    while let Some((at, c)) = cues.acumulado_excepto.find(&w) {
        let n = fold(c).split(' ').count();
        for x in w.iter_mut().skip(at).take(n) {
            *x = "_";
        }
    }
    cues.acumulado.find(&w).map(|(_, c)| c)
}

/// A heading: a whole short line (at most ten words) that does not end a sentence.
fn is_heading(body: &str, s: usize, e: usize) -> bool {
    let text = body[s..e].trim_end();
    let after = body[s + text.len()..].chars().next();
    let line_start = s == 0 || body.as_bytes()[s - 1] == b'\n';
    // (the words counted only as far as the test needs: a paragraph may be one sentence)
    line_start
        && matches!(after, None | Some('\n'))
        && !text.ends_with(['.', ':', ';', ','])
        && !text.starts_with(['·', '•', '-', '*'])
        && !text.contains('\n')
        && text.split_whitespace().take(11).count() <= 10
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::parse(crate::vocab::DEFAULT_TOML, "default").unwrap()
    }

    #[test]
    fn a_heading_is_a_line_of_at_most_ten_words_without_closing_punctuation() {
        let ten = "Uno dos tres cuatro cinco seis siete ocho nueve diez";
        let body = format!("Texto.\n{ten}\n{ten} once\n{ten}:\n· {ten}\nFin");
        let line = |k: usize| {
            let s = body.split('\n').take(k).map(|l| l.len() + 1).sum::<usize>();
            (s, s + body.split('\n').nth(k).unwrap_or("").len())
        };
        let heading = |k: usize| {
            let (s, e) = line(k);
            is_heading(&body, s, e)
        };
        assert!(heading(1), "ten words");
        assert!(!heading(2), "eleven words");
        assert!(!heading(3), "a colon at its end");
        assert!(!heading(4), "a bullet");
        assert!(heading(5), "the last line, no line break after it");
        // not at a line's start, or not ending at one
        assert!(!is_heading(&body, 1, 6));
        assert!(!is_heading(&body, line(1).0, line(1).1 - 1));
    }

    fn frames_of(body: &str) -> Vec<Frame> {
        let starts = crate::extract::sentence_starts(body);
        frames(
            &crate::fold::Folded::new(body).word_list(),
            &starts,
            &vocab(),
        )
    }

    /// (text, sentence index, acumulado, who)
    const CASES: &[(&str, usize, bool, Who)] = &[
        (
            "Se otorgaron 80 mil consultas. En lo que va del año suman 2 millones de atenciones.",
            1,
            true,
            Who::Document,
        ),
        (
            "Las 12 jornadas suman 1.9 millones de atenciones. De ese total, 700 mil fueron consultas.",
            1,
            true,
            Who::Document,
        ),
        (
            "El hospital lleva a cabo 300 cirugías.",
            0,
            false,
            Who::Document,
        ),
        (
            "IMSS Sonora atendió a 900 personas. A nivel nacional, la jornada dejó 150 mil acciones.",
            1,
            false,
            Who::Nacional,
        ),
        (
            "Seis Representaciones encabezaron la lista: cada una reportó más de seis mil acciones.",
            0,
            false,
            Who::PerEntity,
        ),
        (
            "Destacan Puebla con 15 mil acciones y Jalisco con 12 mil.",
            0,
            false,
            Who::PerEntity,
        ),
        (
            "Destacan 40 trasplantes y 12 donaciones.",
            0,
            false,
            Who::Document,
        ),
        (
            "En las UMAE se practicaron 800 cirugías.",
            0,
            false,
            Who::Group(Scope::Umae),
        ),
        (
            "Resultados\n\nSe dieron 10 mil consultas.\n\nAvance anual 2024\n\nSe han dado 9 millones de consultas.",
            3,
            true,
            Who::Document,
        ),
        (
            "Resultados\n\nSe dieron 10 mil consultas.\n\nAvance anual 2024\n\nSe han dado 9 millones de consultas.",
            1,
            false,
            Who::Document,
        ),
    ];

    #[test]
    fn frames_follow_the_cues() {
        for (text, k, acumulado, who) in CASES {
            let f = frames_of(text);
            assert_eq!(
                (f[*k].acumulado, f[*k].who),
                (*acumulado, *who),
                "{text:?} sentence {k}: {:?}",
                f[*k]
            );
        }
    }
}
