//! What a number is: a figure with its sign, its unit (percent, money) and the units two
//! figures share ("del 48 y 61 por ciento"), durations and ages.

use super::{Cand, Scanner, folded_in, kind_of};
use crate::figures::lexicon::{Card, Lex, W};
use crate::figures::tokens::{Gap, Tk};
use crate::figures::{Dec, Kind, Qualifier};

impl<'a> Scanner<'a> {
    /// "del 48 y 61 por ciento": the unit of the second figure also holds for the first;
    /// "entre 85 y 110 por ciento": a range, the first at least, the second at most.
    pub(super) fn shared_units(&mut self) {
        for k in 1..self.figs.len() {
            let (a, b) = (self.figs[k - 1], self.figs[k]);
            // "48 y 61", "el 5% y el 9%"
            let article = b.ts == a.te + 2 && (self.w(a.te + 1, W::El) || self.w(a.te + 1, W::Los));
            let joined = (b.ts == a.te + 1 || article)
                && self.cont(a.te)
                && self.cont(b.ts)
                && matches!(
                    self.lex(a.te),
                    Some(Lex::W(W::Y | W::E | W::A | W::Al | W::O))
                );
            if !joined || b.kind != Kind::Percent {
                continue;
            }
            if a.kind == Kind::Cardinal {
                self.figs[k - 1].kind = Kind::Percent;
            } else if a.kind != Kind::Percent {
                continue;
            }
            let mut p = a.ts;
            if p >= 1 && self.cont(p) && (self.w(p - 1, W::El) || self.w(p - 1, W::Los)) {
                p -= 1;
            }
            let between = p >= 1 && self.cont(p) && self.w(p - 1, W::Entre);
            if between && self.w(a.te, W::Y) {
                if a.qual == Qualifier::Exact {
                    self.figs[k - 1].qual = Qualifier::AtLeast;
                }
                if b.qual == Qualifier::Exact {
                    self.figs[k].qual = Qualifier::AtMost;
                }
            }
        }
    }

    /// Counts of time units are durations ("en tres días", "cada 15 días"), or ages where
    /// the text speaks of people's ages: "mujeres de 40 a 49 años", "niños de 6 a 59
    /// meses", "personas de 60 y más años", "mayores de 65 años", "50 años de edad". The
    /// two ends of a range ("de 40 a 49 años") take the unit of the second.
    pub(super) fn time_kinds(&mut self) {
        for k in 0..self.figs.len() {
            let f = self.figs[k];
            if f.kind != Kind::Cardinal {
                continue;
            }
            // the figure that closes a range opened by this one: "40 a 49", "6 y 12"
            let mut last = k;
            if let Some(next) = self.figs.get(k + 1)
                && next.kind == Kind::Cardinal
                && next.ts == f.te + 1
                && self.cont(f.te)
                && matches!(self.lex(f.te), Some(Lex::W(W::A | W::Al | W::Y | W::O)))
            {
                last = k + 1;
            }
            let end = self.figs[last].te;
            // "60 y más años": "y/o más" before the unit
            let mut u = end;
            let mut or_more = false;
            if (self.w(u, W::Y) || self.w(u, W::O)) && self.w(u + 1, W::Mas) {
                u += 2;
                or_more = true;
            }
            let Some(unit) = self.time_unit(u) else {
                continue;
            };
            let age_unit = matches!(unit, "ano" | "anos" | "mes" | "meses" | "semanas");
            let age = age_unit
                && (or_more
                    || (folded_in(self.word_of(u + 1, false), &["de"]).is_some()
                        && folded_in(self.word_of(u + 2, false), &["edad"]).is_some())
                    || ((self.w(u + 1, W::Y) || self.w(u + 1, W::O)) && self.w(u + 2, W::Mas))
                    || self.age_before(f.ts));
            let kind = if age { Kind::Age } else { Kind::Duration };
            for g in &mut self.figs[k..=last] {
                g.kind = kind;
            }
        }
    }

    /// The first or the last word of token `k` as written ("" for a token that is not a
    /// word): a run of words outside the vocabulary is one token.
    pub(super) fn word_of(&self, k: usize, last: bool) -> &'a str {
        if self.t.get(k).is_none_or(|t| t.kind != Tk::Word) {
            return "";
        }
        let src = self.src(k);
        let w = if last {
            src.rsplit(' ').next()
        } else {
            src.split_whitespace().next()
        };
        w.unwrap_or("")
    }

    /// A unit of time at token `k`, joined to the figure: its folded name.
    fn time_unit(&self, k: usize) -> Option<&'static str> {
        const UNITS: [&str; 16] = [
            "dia", "dias", "semana", "semanas", "mes", "meses", "ano", "anos", "hora", "horas",
            "minuto", "minutos", "decada", "decadas", "lustro", "lustros",
        ];
        if k >= self.t.len() || !self.cont(k) {
            return None;
        }
        folded_in(self.word_of(k, false), &UNITS)
    }

    /// Words before the figure at `ts` that make a count of years an age: "mayores de",
    /// "menores de", "edad de", or "de" after a noun for people or starting a list item
    /// ("mujeres de 40 a 49 años", "…, de 5 a 59 años").
    fn age_before(&self, ts: usize) -> bool {
        const PEOPLE: [&str; 30] = [
            "personas",
            "persona",
            "mujeres",
            "mujer",
            "hombres",
            "hombre",
            "ninas",
            "ninos",
            "nina",
            "nino",
            "menores",
            "menor",
            "mayores",
            "mayor",
            "adultos",
            "adultas",
            "poblacion",
            "pacientes",
            "paciente",
            "derechohabientes",
            "jovenes",
            "adolescentes",
            "bebes",
            "infantes",
            "edad",
            "edades",
            "trabajadores",
            "trabajadoras",
            "usuarios",
            "usuarias",
        ];
        // "personas de entre 20 y 59 años": "entre" may open the range after "de"
        let ts = if ts >= 3 && self.cont(ts) && self.w(ts - 1, W::Entre) {
            ts - 1
        } else {
            ts
        };
        if ts < 2 || !self.cont(ts) || !self.w(ts - 1, W::De) {
            return false;
        }
        let p = ts - 2;
        if !self.cont(ts - 1) {
            return false;
        }
        match self.t[p].kind {
            Tk::Punct(c) => matches!(c, ',' | ';' | ':' | '('),
            Tk::Word => folded_in(self.word_of(p, true), &PEOPLE).is_some(),
            _ => false,
        }
    }

    pub(super) fn at_punct(&mut self, i: usize, c: char) -> Option<usize> {
        let j = i + 1;
        match c {
            '$' => {
                if j < self.t.len() && self.t[j].is_num() && self.t[j].gap <= Gap::Space {
                    let mut cand = self.core(j)?;
                    if cand.kind == Kind::Ordinal {
                        return None;
                    }
                    cand.ts = i;
                    if cand.kind != Kind::Percent {
                        cand.kind = Kind::Money;
                    }
                    return Some(self.emit(cand, false));
                }
                None
            }
            '-' | '\u{2212}' => {
                // glued to a word, a number or another dash: a hyphen or a rule, not a sign
                let prev_alnum = i > 0
                    && self.t[i].gap == Gap::None
                    && matches!(
                        self.t[i - 1].kind,
                        Tk::Word | Tk::Num | Tk::Code | Tk::Punct('-' | '—' | '–')
                    );
                if prev_alnum || j >= self.t.len() {
                    return None;
                }
                let next_is_number = self.t[j].is_num()
                    || (self.punct(j) == Some(self.dec_char())
                        && self
                            .t
                            .get(j + 1)
                            .is_some_and(|t| t.is_num() && t.gap == Gap::None));
                if !next_is_number {
                    return None;
                }
                if self.t[j].gap == Gap::None {
                    let mut cand = self.core(j)?;
                    if cand.kind == Kind::Ordinal {
                        return None;
                    }
                    cand.ts = i;
                    return Some(self.emit(cand, true));
                }
                // "- 1,200,000": a spaced sign only for a figure that is alone on its line
                // (a dash that starts a line followed by more text is a bullet)
                let line_start = i == 0 || self.t[i].gap >= Gap::Line;
                if line_start && self.t[j].gap == Gap::Space {
                    let cand = self.core(j)?;
                    let line_ends = cand.te >= self.t.len() || self.t[cand.te].gap >= Gap::Line;
                    if line_ends && cand.kind != Kind::Ordinal {
                        let mut cand = cand;
                        cand.ts = i;
                        return Some(self.emit(cand, true));
                    }
                }
                None
            }
            _ if c == self.dec_char() => {
                // ".77" / ",77": a leading decimal mark, not the end of a sentence
                let spaced_before = i == 0 || self.t[i].gap != Gap::None;
                if spaced_before
                    && j < self.t.len()
                    && self.t[j].is_num()
                    && self.t[j].gap == Gap::None
                {
                    let cand = self.core(i)?;
                    return Some(self.emit(cand, false));
                }
                None
            }
            _ => None,
        }
    }

    pub(super) fn at_zero(&mut self, i: usize) -> Option<usize> {
        // "cero coma quince"; with its unit like any number: "cero punto ocho por ciento"
        if let Some((v, e)) = self.word_fraction(i + 1, Dec::ZERO) {
            let c = self.with_unit(Cand {
                ts: i,
                te: e,
                v,
                kind: Kind::Decimal,
                un_alone: false,
                uno_alone: false,
            });
            return Some(self.emit(c, false));
        }
        // "cero uno", "cero cero ciento veinticinco": leading zeros of a spoken code
        let mut j = i + 1;
        while self.cont(j) && self.lex(j) == Some(Lex::Zero) {
            j += 1;
        }
        if self.cont(j)
            && matches!(self.lex(j), Some(Lex::Card { .. }))
            && let Some(n) = self.number(j)
            && !n.ordinal
        {
            let c = Cand {
                ts: i,
                te: n.end,
                v: n.v,
                kind: Kind::Cardinal,
                un_alone: false,
                uno_alone: false,
            };
            return Some(self.emit(c, false));
        }
        let c = self.with_unit(Cand {
            ts: i,
            te: i + 1,
            v: Dec::ZERO,
            kind: Kind::Cardinal,
            un_alone: false,
            uno_alone: false,
        });
        Some(self.emit(c, false))
    }

    /// A figure starting at token `i` (its span starting at `ts`).
    pub(super) fn figure(&mut self, ts: usize, i: usize, neg: bool) -> Option<usize> {
        let mut c = self.core(i)?;
        c.ts = ts;
        if c.un_alone {
            // decided once the figures around it are known
            self.un_cands.push(i);
            return Some(c.te);
        }
        if c.uno_alone && self.pronoun_uno(i) {
            return Some(c.te);
        }
        Some(self.emit(c, neg))
    }

    /// The number at `i` with what follows it: a decimal part in words, a percent sign,
    /// a currency, a glued suffix.
    pub(super) fn core(&self, i: usize) -> Option<Cand> {
        let t = self.t.get(i)?;
        if t.kind == Tk::Punct(self.dec_char()) {
            // leading decimal mark: ".77", ",0012G"
            let j = i + 1;
            let nt = self.t.get(j)?;
            let digits = &self.text[nt.s as usize..nt.sfx as usize];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let v = Dec::parse_plain(&format!(".{digits}"))?;
            let v = self.apply_scale_suffix(v, j)?;
            return Some(self.with_unit(Cand {
                ts: i,
                te: j + 1,
                v,
                kind: kind_of(v),
                un_alone: false,
                uno_alone: false,
            }));
        }
        if t.kind == Tk::Num && t.sfx < t.e {
            return self.suffixed(i, i);
        }
        let n = self.number(i)?;
        let (mut v, mut te) = (n.v, n.end);
        if !n.ordinal
            && v.is_whole()
            && let Some((fv, fe)) = self.word_fraction(te, v).or_else(|| {
                if n.digits {
                    None
                } else {
                    self.con_fraction(te, v)
                }
            })
        {
            v = fv;
            te = fe;
        }
        let kind = if n.ordinal { Kind::Ordinal } else { kind_of(v) };
        let c = Cand {
            ts: i,
            te,
            v,
            kind,
            un_alone: n.un_alone && te == n.end,
            uno_alone: n.uno_alone && te == n.end,
        };
        Some(if n.ordinal { c } else { self.with_unit(c) })
    }

    /// Extends a cardinal with "%", "por ciento", "pesos", "de pesos".
    pub(super) fn with_unit(&self, mut c: Cand) -> Cand {
        let e = c.te;
        if self.punct(e) == Some('%') && self.t[e].gap <= Gap::Space {
            c.te = e + 1;
            c.kind = Kind::Percent;
        } else if self.cont(e)
            && self.w(e, W::Por)
            && self.cont(e + 1)
            && matches!(
                self.lex(e + 1),
                Some(Lex::Card {
                    c: Card::Cien | Card::Ciento,
                    ..
                })
            )
        {
            c.te = e + 2;
            c.kind = Kind::Percent;
        } else if self.cont(e) && self.w(e, W::Porciento) {
            c.te = e + 1;
            c.kind = Kind::Percent;
        } else if self.cont(e) && (self.w(e, W::Pesos) || self.w(e, W::Dolares)) {
            c.te = e + 1;
            c.kind = Kind::Money;
        } else if self.cont(e)
            && (self.w(e, W::Mdp) || self.w(e, W::Mmdp))
            && let Some(v) = c.v.checked_mul_pow10(if self.w(e, W::Mdp) { 6 } else { 9 })
        {
            // "500 mdp" = 500 millones de pesos; "120 mmdp" = 120 mil millones de pesos
            c.te = e + 1;
            c.v = v;
            c.kind = Kind::Money;
        } else if self.cont(e)
            && self.w(e, W::Centavos)
            && let Some(v) = c.v.checked_div_pow10(2)
        {
            // "50 centavos" = 0.50 pesos
            c.te = e + 1;
            c.v = v;
            c.kind = Kind::Money;
        } else if self.cont(e)
            && self.w(e, W::De)
            && self.cont(e + 1)
            && (self.w(e + 1, W::Pesos) || self.w(e + 1, W::Dolares))
        {
            c.te = e + 2;
            c.kind = Kind::Money;
        }
        if c.kind != Kind::Cardinal && c.kind != Kind::Decimal {
            c.un_alone = false;
            c.uno_alone = false;
        }
        c
    }

    /// "No. 21", "Núm. 5", "Nº 3", "N° 12": a number of something, not a quantity.
    pub(super) fn after_number_sign(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let p = i - 1;
        let word_is =
            |k: usize, opts: &[&str]| self.t[k].kind == Tk::Word && opts.contains(&self.src(k));
        if matches!(self.punct(p), Some('.' | '°' | 'º')) && p >= 1 && self.glued(p) {
            return word_is(
                p - 1,
                &["No", "no", "NO", "Núm", "núm", "Num", "num", "N", "n"],
            );
        }
        if word_is(p, &["No", "NO", "Nº", "nº", "Núm", "Num", "Nro", "nro"]) {
            return true;
        }
        // "ID: 937126", "Folio 12345": a label of a record, photo or file
        let label = if self.punct(p) == Some(':') && p >= 1 {
            p - 1
        } else {
            p
        };
        self.t[label].kind == Tk::Word
            && folded_in(
                self.src(label),
                &["id", "folio", "clave", "expediente", "registro"],
            )
            .is_some()
    }

    /// "(-)0.07 por ciento": a sign written in parentheses before the figure.
    pub(super) fn parenthesized_sign(&mut self, i: usize) -> Option<usize> {
        let sign = matches!(self.punct(i + 1), Some('-' | '\u{2212}' | '–'))
            && self.glued(i + 1)
            && self.punct(i + 2) == Some(')')
            && self.glued(i + 2)
            && self
                .t
                .get(i + 3)
                .is_some_and(|t| t.is_num() && t.gap <= Gap::Space);
        if !sign {
            return None;
        }
        let mut c = self.core(i + 3)?;
        if c.kind == Kind::Ordinal {
            return None;
        }
        c.ts = i;
        Some(self.emit(c, true))
    }

    /// "menos" is a sign only where it is not "al menos", "por lo menos", "menos de" or a
    /// subtraction ("cuatro menos cinco").
    pub(super) fn blocks_minus(&self, i: usize) -> bool {
        let next_de = self.w(i + 1, W::De) || self.w(i + 1, W::Que);
        if i == 0 {
            return next_de;
        }
        let p = i - 1;
        next_de
            || self.w(p, W::Al)
            || self.w(p, W::Lo)
            || self.w(p, W::A)
            || self.t[p].is_num()
            || self.is_cardinal_word(p)
            || self.figs.last().is_some_and(|f| f.te == i)
    }
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn percents() {
        check(
            &[
                ("121.8 por ciento", &["121.8 por ciento=121.8 percent"]),
                ("99%", &["99%=99 percent"]),
                ("3.5 %", &["3.5 %=3.5 percent"]),
                ("uno por ciento", &["uno por ciento=1 percent"]),
                (
                    "casi un 30 por ciento",
                    &["30 por ciento=30 percent approx"],
                ),
                ("cien por cien", &["cien por cien=100 percent"]),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn money() {
        check(
            &[
                ("$1,500", &["$1,500=1500 money"]),
                ("$ 1,234", &["$ 1,234=1234 money"]),
                (
                    "mil 500 millones de pesos",
                    &["mil 500 millones de pesos=1500000000 money"],
                ),
                (
                    "más de $2 millones",
                    &["$2 millones=2000000 money more_than"],
                ),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn spec_5_forms_of_public_finance_and_shared_units() {
        check(
            &[
                ("en total 18,402, 117 consultas", &["18,402, 117=18402117"]),
                (
                    "los folios 1,234, 567 y 890",
                    &["1,234=1234", "567=567", "890=890"],
                ),
                ("se abrieron 2010 camas", &["2010=2010"]),
                ("en 2023 los servicios", &[]),
                (
                    "una tasa de cero punto ocho cinco",
                    &["cero punto ocho cinco=0.85 decimal"],
                ),
                // regression: "ciento" was read as a second figure, 100
                (
                    "creció cero punto ocho por ciento",
                    &["cero punto ocho por ciento=0.8 percent"],
                ),
                (
                    "una variación de cero coma cinco cinco por ciento anual",
                    &["cero coma cinco cinco por ciento=0.55 percent"],
                ),
                (
                    "una inflación de cero por ciento",
                    &["cero por ciento=0 percent"],
                ),
                // the millions' apostrophe, straight or typographic
                ("se aplicaron 1’234,567 dosis", &["1’234,567=1234567"]),
                (
                    "un monto de $12'500,000.50",
                    &["$12'500,000.50=12500000.5 money"],
                ),
                (
                    "unos 3’400,000 pesos",
                    &["3’400,000 pesos=3400000 money approx"],
                ),
                // not one: feet and inches, a group that is not of three
                ("mide 5'10 de alto", &["5=5", "10=10"]),
                ("1'23,456 casos", &["1=1", "23,456=23456"]),
                // a unit's number with a capital letter, and a phone's extension
                ("en el HGZ 2A y la UMF No. 7B", &[]),
                ("en la 2a Jornada", &["2a=2 ordinal"]),
                ("al 55 5627 6900 extensión 21481", &[]),
                // the number of a jornada written after its name
                ("concluye la Jornada 17; suma", &["17=17 ordinal"]),
                ("en la jornada 15 mil consultas", &["15 mil=15000"]),
                ("las jornadas 12 y 13", &["12=12", "13=13"]),
                ("un costo de 800 mdp", &["800 mdp=800000000 money"]),
                ("unos 45 mmdp", &["45 mmdp=45000000000 money approx"]),
                ("a 75 centavos", &["75 centavos=0.75 money"]),
                (
                    "2 billones 115,300 millones de pesos",
                    &["2 billones 115,300 millones de pesos=2115300000000 money"],
                ),
                (
                    "12 mil 804.5 millones",
                    &["12 mil 804.5 millones=12804500000"],
                ),
                ("mil 303,8 millones", &["mil 303,8 millones=1303800000"]),
                (
                    "una baja de (-)0.12 por ciento",
                    &["(-)0.12 por ciento=-0.12 percent"],
                ),
                (
                    "del 35 y 52 por ciento",
                    &["35=35 percent", "52 por ciento=52 percent"],
                ),
                (
                    "entre 90 y 115 por ciento",
                    &[
                        "90=90 percent at_least",
                        "115 por ciento=115 percent at_most",
                    ],
                ),
                (
                    "entre el 4% y el 7%",
                    &["4%=4 percent at_least", "7%=7 percent at_most"],
                ),
                ("gel con alcohol al 70 por ciento", &[]),
                ("un avance al 70 por ciento", &["70 por ciento=70 percent"]),
                (
                    "8 consultas y 20 por ciento",
                    &["8=8", "20 por ciento=20 percent"],
                ),
            ],
            Locale::EsMx,
        );
    }
}
