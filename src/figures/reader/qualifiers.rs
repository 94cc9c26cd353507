//! Qualifiers: "más de", "cerca de", "al menos", "superó" … before or around a figure, and
//! spread over the figures of a list.

use super::{Scanner, folded_in};
use crate::figures::Qualifier;
use crate::figures::lexicon::{Card, Lex, W};
use crate::figures::tokens::{Gap, Tk};

impl<'a> Scanner<'a> {
    /// "más de 98 mil consultas, 72 mil detecciones y 24 trasplantes": the qualifier of a
    /// list's first figure also holds for the rounded figures ("72 mil") that follow it in
    /// the same list, not for the exact ones ("24").
    pub(super) fn spread_qualifiers(&mut self) {
        for k in 1..self.figs.len() {
            let (a, b) = (self.figs[k - 1], self.figs[k]);
            if a.qual == Qualifier::Exact
                || b.qual != Qualifier::Exact
                || a.kind != b.kind
                || !self.is_round(&b)
                || b.ts < a.te
                || b.ts - a.te > 10
            {
                continue;
            }
            let between = a.te..b.ts;
            let listed = between.clone().any(|k| self.is_delim(k))
                && !between
                    .clone()
                    .any(|k| self.is_boundary(k) || self.punct(k) == Some(';'))
                && !(a.te..=b.ts).any(|k| self.t[k].gap == Gap::Para);
            if listed {
                self.figs[k].qual = a.qual;
            }
        }
    }

    // ----- qualifiers --------------------------------------------------------------------
    /// The qualifier written before the figure starting at token `ts` ("más de", "casi un").
    /// Read backwards from the word before the figure (past one article: "casi un 30").
    pub(super) fn qualifier(&self, ts: usize) -> Qualifier {
        use Qualifier::*;
        // the word `k` tokens before `end`, if it is joined to what follows it
        let word = |end: usize, k: usize| -> Option<W> {
            if end < k || !self.cont(end - k + 1) {
                return None;
            }
            match self.lex(end - k) {
                Some(Lex::W(w)) => Some(w),
                _ => None,
            }
        };
        let mut end = ts;
        if end >= 1
            && self.cont(end)
            && matches!(
                self.lex(end - 1),
                Some(Lex::Card { c: Card::Un, .. } | Lex::W(W::El | W::La | W::Los | W::Las))
            )
        {
            end -= 1;
        }
        let q = |end: usize| -> Qualifier {
            match word(end, 1) {
                Some(W::De) => match word(end, 2) {
                    Some(W::Mas) if word(end, 3) == Some(W::Poco) => MoreThan,
                    Some(W::Mas | W::Arriba) => MoreThan,
                    Some(W::Menos) => LessThan,
                    Some(W::Encima) if word(end, 3) == Some(W::Por) => MoreThan,
                    Some(W::Debajo) if word(end, 3) == Some(W::Por) => LessThan,
                    Some(W::Cerca | W::Alrededor) => Approx,
                    Some(W::Orden) if word(end, 3) == Some(W::Del) => Approx,
                    _ => Exact,
                },
                Some(W::Menos) => match word(end, 2) {
                    Some(W::Al) => AtLeast,
                    Some(W::Lo) if word(end, 3) == Some(W::Por) => AtLeast,
                    _ => Exact,
                },
                Some(W::A) => match word(end, 2) {
                    Some(W::Superior) => MoreThan,
                    Some(W::Inferior) => LessThan,
                    Some(W::Cercana) => Approx,
                    _ => Exact,
                },
                Some(W::Minimo) if word(end, 2) == Some(W::Como) => AtLeast,
                Some(W::Maximo) if word(end, 2) == Some(W::Como) => AtMost,
                Some(W::Sumo) if word(end, 2) == Some(W::Lo) && word(end, 3) == Some(W::A) => {
                    AtMost
                }
                Some(W::Casi | W::Aproximadamente | W::Aprox | W::Unos | W::Unas) => Approx,
                Some(W::Hasta) => AtMost,
                _ => Exact,
            }
        };
        let found = match q(end) {
            // "más de un millón": the "un" was part of the figure, not an article
            Exact if end != ts => q(ts),
            found => found,
        };
        match found {
            Exact if self.after_surpass_verb(end) => MoreThan,
            found => found,
        }
    }

    /// "supera los dos millones", "se rebasan 40 millones": a verb of surpassing right
    /// before the figure (or its article) says "more than".
    fn after_surpass_verb(&self, end: usize) -> bool {
        const VERBS: [&str; 22] = [
            "supera",
            "superan",
            "supero",
            "superaron",
            "superara",
            "superaran",
            "superando",
            "rebasa",
            "rebasan",
            "rebaso",
            "rebasaron",
            "rebasara",
            "rebasaran",
            "rebasando",
            "sobrepasa",
            "sobrepasan",
            "sobrepaso",
            "sobrepasaron",
            "excede",
            "exceden",
            "excedio",
            "excedieron",
        ];
        // "la cifra supera los 555 del mismo periodo": a comparison with another figure,
        // whose baseline is exact
        const COMPARED: [&str; 6] = ["cifra", "total", "numero", "monto", "cantidad", "resultado"];
        if end == 0 || !self.cont(end) || self.t[end - 1].kind != Tk::Word {
            return false;
        }
        let mut words = self.src(end - 1).rsplit(' ');
        if folded_in(words.next().unwrap_or(""), &VERBS).is_none() {
            return false;
        }
        let subject = match words.next() {
            Some(w) => w,
            None if end >= 2 && self.cont(end - 1) => self.word_of(end - 2, true),
            None => "",
        };
        let after_figure = self.figs.iter().any(|f| f.te + 1 == end);
        !(folded_in(subject, &COMPARED).is_some() || after_figure)
    }
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn qualifiers() {
        check(
            &[
                ("más de 204 mil", &["204 mil=204000 more_than"]),
                ("poco más de 250", &["250=250 more_than"]),
                ("cerca de 300", &["300=300 approx"]),
                ("alrededor de 2 mil", &["2 mil=2000 approx"]),
                ("casi 3 millones", &["3 millones=3000000 approx"]),
                ("al menos 12", &["12=12 at_least"]),
                ("por lo menos 12", &["12=12 at_least"]),
                ("hasta 40", &["40=40 at_most"]),
                ("menos de 10", &["10=10 less_than"]),
                (
                    "más de 98 mil consultas, 72 mil detecciones y 24 trasplantes",
                    &["98 mil=98000 more_than", "72 mil=72000 more_than", "24=24"],
                ),
                (
                    "más de 250 gestiones. 72 mil",
                    &["250=250 more_than", "72 mil=72000"],
                ),
            ],
            Locale::EsMx,
        );
    }
}
