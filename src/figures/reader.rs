//! The figure reader: assembles tokens into figures, dates and the spans that are neither.
//!
//! One left-to-right pass over the tokens. At a digit run or a number word it tries, in
//! order: identifiers (COVID-19, No. 21, HGZ 1, 496/2024), phones, clock times, dates and
//! years, and only then a figure, whose grammar is [`Scanner::number`]. A lone "un"/"una"
//! is decided after the pass, when the figures around it are known ([`Scanner::resolve_un`]).

use super::lexicon::{self, Card, Lex, Ord, W};
use super::tokens::{Gap, LexState, Tk, Tok, tokenize};
use super::value::Dec;
use super::{DateSpan, Figure, Kind, Locale, Qualifier, Reading};
use std::cell::RefCell;

/// A figure before its character offsets are known.
#[derive(Clone, Copy, Debug)]
struct Raw {
    /// Token range, end exclusive.
    ts: usize,
    te: usize,
    value: Dec,
    kind: Kind,
    qual: Qualifier,
}

#[derive(Clone, Copy, Debug)]
struct RawDate {
    ts: usize,
    te: usize,
    day_from: u8,
    month_from: u8,
    day_to: u8,
    month_to: u8,
    year: Option<i32>,
    this_year: bool,
    weekday: Option<u8>,
}

/// A small group: a value below a thousand in words, or a digit run.
#[derive(Clone, Copy, Debug)]
struct Group {
    v: Dec,
    digits: bool,
    decimal: bool,
    ndig: u32,
    un: bool,
    uno: bool,
}

/// A parsed number phrase.
#[derive(Clone, Copy, Debug)]
struct NumP {
    v: Dec,
    end: usize,
    ordinal: bool,
    /// some part was written in digits
    digits: bool,
    un_alone: bool,
    uno_alone: bool,
}

/// A figure candidate: span, value and kind.
#[derive(Clone, Copy, Debug)]
struct Cand {
    ts: usize,
    te: usize,
    v: Dec,
    kind: Kind,
    un_alone: bool,
    uno_alone: bool,
}

/// A digit run read in the locale.
#[derive(Clone, Copy, Debug)]
struct DigitVal {
    v: Dec,
    int: bool,
    plain: bool,
    ndig: u32,
}

const ORDINAL_SUFFIXES: [&str; 36] = [
    "º", "ª", "o", "a", "os", "as", "er", "ero", "era", "eros", "eras", "do", "da", "dos", "das",
    "ro", "ra", "ros", "ras", "to", "ta", "tos", "tas", "vo", "va", "vos", "vas", "mo", "ma",
    "mos", "mas", "no", "na", "nos", "nas", "ndo",
];

pub(crate) struct Scanner<'a> {
    text: &'a str,
    t: &'a [Tok],
    loc: Locale,
    figs: Vec<Raw>,
    dates: Vec<RawDate>,
    un_cands: Vec<usize>,
}

/// Buffers reused from one text to the next on each thread (no allocation per line for
/// tokens and intermediate figures).
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    figs: Vec<Raw>,
    dates: Vec<RawDate>,
    un: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Reads every figure and date in `text`.
pub(crate) fn read_into(text: &str, loc: Locale, out: &mut Reading) {
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        let Scratch {
            toks,
            figs,
            dates,
            un,
        } = &mut *scratch;
        tokenize(text, toks);
        let mut s = Scanner {
            text,
            t: toks,
            loc,
            figs: std::mem::take(figs),
            dates: std::mem::take(dates),
            un_cands: std::mem::take(un),
        };
        s.run();
        s.output(out);
        // hand the buffers back, emptied, for the next text
        *figs = s.figs;
        *dates = s.dates;
        *un = s.un_cands;
        figs.clear();
        dates.clear();
        un.clear();
    })
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let n = self.t.len();
        let mut i = 0;
        while i < n {
            let next = match self.t[i].kind {
                Tk::Num => self.at_num(i),
                // only words the shape filter let through can start a figure
                Tk::Word if matches!(self.t[i].lex.get(), LexState::Known(Some(_))) => {
                    self.at_word(i)
                }
                Tk::Word => None,
                Tk::Punct(c @ ('$' | '-' | '\u{2212}' | '.' | ',')) => self.at_punct(i, c),
                Tk::Punct('“' | '"' | '«') => self.quoted_name(i),
                Tk::Punct('(') => self.parenthesized_sign(i),
                Tk::Punct(_) => None,
                Tk::Code => None,
            };
            i = match next {
                Some(j) if j > i => j,
                _ => i + 1,
            };
        }
        self.resolve_un();
        self.spread_qualifiers();
        self.time_kinds();
        self.shared_units();
    }

    /// "del 48 y 61 por ciento": the unit of the second figure also holds for the first;
    /// "entre 85 y 110 por ciento": a range, the first at least, the second at most.
    fn shared_units(&mut self) {
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
    fn time_kinds(&mut self) {
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
    fn word_of(&self, k: usize, last: bool) -> &'a str {
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

    /// "más de 98 mil consultas, 72 mil detecciones y 24 trasplantes": the qualifier of a
    /// list's first figure also holds for the rounded figures ("72 mil") that follow it in
    /// the same list, not for the exact ones ("24").
    fn spread_qualifiers(&mut self) {
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

    /// A figure that ends in a magnitude word ("72 mil", "2.7 millones"): rounded.
    fn is_round(&self, f: &Raw) -> bool {
        matches!(self.lex(f.te - 1), Some(Lex::Mag { .. })) && self.t[f.te - 1].kind == Tk::Word
    }

    // ----- small helpers -------------------------------------------------------------

    #[inline(always)]
    fn lex(&self, i: usize) -> Option<Lex> {
        let t = self.t.get(i)?;
        match t.lex.get() {
            LexState::Known(l) => l,
            LexState::Unknown => self.look_up(t),
        }
    }

    /// A context word's entry, looked up the first time a figure asks about it.
    #[inline(never)]
    fn look_up(&self, t: &Tok) -> Option<Lex> {
        let l = lexicon::lookup(&self.text.as_bytes()[t.s as usize..t.e as usize]);
        t.lex.set(LexState::Known(l));
        l
    }

    #[inline]
    fn w(&self, i: usize, w: W) -> bool {
        self.lex(i) == Some(Lex::W(w))
    }

    /// Token `i` continues a phrase: separated from the previous one by spaces or one line
    /// break, not glued and not after a blank line.
    #[inline]
    fn cont(&self, i: usize) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| matches!(t.gap, Gap::Space | Gap::Line))
    }

    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.gap == Gap::None)
    }

    fn punct(&self, i: usize) -> Option<char> {
        self.t.get(i).and_then(|t| t.punct())
    }

    fn src(&self, i: usize) -> &'a str {
        let t = &self.t[i];
        &self.text[t.s as usize..t.e as usize]
    }

    fn month(&self, i: usize) -> Option<u8> {
        match self.lex(i) {
            Some(Lex::Month(m)) => Some(m),
            _ => None,
        }
    }

    fn is_cardinal_word(&self, i: usize) -> bool {
        matches!(
            self.lex(i),
            Some(Lex::Card { .. } | Lex::Zero | Lex::Mag { .. })
        )
    }

    fn dec_char(&self) -> char {
        match self.loc {
            Locale::EsMx => '.',
            Locale::EsEs => ',',
        }
    }

    fn emit(&mut self, c: Cand, neg: bool) -> usize {
        let v = if neg { -c.v } else { c.v };
        let qual = self.qualifier(c.ts);
        self.figs.push(Raw {
            ts: c.ts,
            te: c.te,
            value: v,
            kind: c.kind,
            qual,
        });
        c.te
    }

    // ----- digits ----------------------------------------------------------------------

    /// Reads a run of digits and separators in the locale (es-MX: "1,234.5"; es-ES:
    /// "1.234,5"). A separator that cannot be a thousands grouping is a decimal mark.
    fn digits(&self, s: &str) -> Option<DigitVal> {
        let (thou, dec) = match self.loc {
            Locale::EsMx => (b',', b'.'),
            Locale::EsEs => (b'.', b','),
        };
        let b = s.as_bytes();
        let (mut dots, mut commas) = (0usize, 0usize);
        let (mut last_dot, mut last_comma) = (None, None);
        for (k, &c) in b.iter().enumerate() {
            if c == b'.' {
                dots += 1;
                last_dot = Some(k);
            } else if c == b',' {
                commas += 1;
                last_comma = Some(k);
            }
        }
        // which byte (if any) is the decimal mark; every other separator groups thousands
        let decimal_at = match (dots, commas) {
            (0, 0) => None,
            (_, _) if dots > 0 && commas > 0 => {
                // the last separator is the decimal mark, the other one groups thousands
                let (mark, count) = if last_dot > last_comma {
                    (last_dot, dots)
                } else {
                    (last_comma, commas)
                };
                if count != 1 || !grouped(&b[..mark?], if b[mark?] == b'.' { b',' } else { b'.' }) {
                    return None;
                }
                mark
            }
            _ => {
                let (sep, count, last) = if dots > 0 {
                    (b'.', dots, last_dot)
                } else {
                    (b',', commas, last_comma)
                };
                let as_grouping = grouped(b, sep);
                if sep == thou && as_grouping {
                    None
                } else if count == 1 {
                    last // "0,683", "1111,13" in es-MX; "4,800" in es-ES
                } else if sep == dec && as_grouping {
                    None // "1.234.567" in es-MX
                } else {
                    return None;
                }
            }
        };
        let mut mant: i128 = 0;
        let mut scale: u8 = 0;
        let mut int_digits = 0u32;
        for (k, &c) in b.iter().enumerate() {
            if c.is_ascii_digit() {
                mant = mant.checked_mul(10)?.checked_add(i128::from(c - b'0'))?;
                if decimal_at.is_some_and(|d| k > d) {
                    scale = scale.checked_add(1)?;
                } else {
                    int_digits += 1;
                }
            }
        }
        Some(DigitVal {
            v: Dec::new(mant, scale)?,
            int: decimal_at.is_none(),
            plain: dots == 0 && commas == 0,
            ndig: int_digits,
        })
    }

    /// The digit part of a `Num` token.
    fn num_digits(&self, i: usize) -> Option<DigitVal> {
        let t = &self.t[i];
        self.digits(&self.text[t.s as usize..t.sfx as usize])
    }

    /// "1 234 567", "40 000" (one space, NBSP or narrow NBSP between groups of three).
    fn space_grouped(&self, i: usize) -> Option<(Dec, u32, usize)> {
        let first = self.src(i);
        if !self.t[i].plain_num()
            || !first.bytes().all(|b| b.is_ascii_digit())
            || first.len() > 3
            || first.starts_with('0')
        {
            return None;
        }
        let mut body = first.to_string();
        let mut k = i + 1;
        while k < self.t.len() && self.t[k].plain_num() && self.t[k].gap == Gap::Space {
            let between = &self.text[self.t[k - 1].e as usize..self.t[k].s as usize];
            let g = self.src(k);
            let one_space = matches!(between, " " | "\u{a0}" | "\u{202f}" | "\u{2009}");
            if !one_space || g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
                break;
            }
            body.push_str(g);
            k += 1;
        }
        if k == i + 1 {
            return None;
        }
        // a trailing group of four or more digits means a phone or two numbers, not this
        Some((Dec::parse_plain(&body)?, body.len() as u32, k))
    }

    // ----- entry points ------------------------------------------------------------------

    fn at_num(&mut self, i: usize) -> Option<usize> {
        if self.identifier(i) {
            return Some(self.skip_glued(i));
        }
        if self.t[i].sfx < self.t[i].e {
            let c = self.suffixed(i, i)?;
            return Some(self.emit(c, false));
        }
        if self.after_number_sign(i)
            || self.after_acronym(i)
            || self.continues_unit_numbers(i)
            || self.after_word(i, &["semana", "semanas"])
        {
            return Some(i + 1);
        }
        if let Some(j) = self.phone(i) {
            return Some(j);
        }
        if let Some(j) = self.garbled_pair(i) {
            return Some(j);
        }
        if let Some(j) = self.clock(i) {
            return Some(j);
        }
        if let Some(j) = self.date(i) {
            return Some(j);
        }
        if self.is_year(i) {
            return Some(i + 1);
        }
        if let Some(c) = self.stray_group(i) {
            return Some(self.emit(c, false));
        }
        if self.product_strength(i)
            && let Some(c) = self.core(i)
            && c.kind == Kind::Percent
        {
            return Some(c.te);
        }
        if self.article_ordinal(i) {
            let dv = self.num_digits(i)?;
            let c = Cand {
                ts: i,
                te: i + 1,
                v: dv.v,
                kind: Kind::Ordinal,
                un_alone: false,
                uno_alone: false,
            };
            return Some(self.emit(c, false));
        }
        self.figure(i, i, false)
    }

    /// "la 9 Jornada", "el 5 Informe": digits between a singular article and a singular
    /// name (capitalized, not ending in -s) number that thing; a count would take the
    /// plural ("las 9 jornadas").
    fn article_ordinal(&self, i: usize) -> bool {
        let (p, j) = (i.wrapping_sub(1), i + 1);
        if i == 0 || !self.cont(i) || !(self.w(p, W::La) || self.w(p, W::El)) {
            return false;
        }
        let plain = self.src(i).len() <= 3 && self.src(i).bytes().all(|b| b.is_ascii_digit());
        if !plain || !self.cont(j) || self.t.get(j).is_none_or(|t| t.kind != Tk::Word) {
            return false;
        }
        let word = self.src(j).split_whitespace().next().unwrap_or("");
        let singular_name = word.starts_with(char::is_uppercase)
            && !word.ends_with(['s', 'S'])
            && word.chars().skip(1).any(char::is_lowercase);
        singular_name && lexicon::lookup(word.as_bytes()).is_none()
    }

    fn at_word(&mut self, i: usize) -> Option<usize> {
        match self.lex(i)? {
            Lex::Card { .. } | Lex::Mag { .. } | Lex::Medio | Lex::OrdMag { .. } => {
                if let Some(j) = self.date(i) {
                    return Some(j);
                }
                self.figure(i, i, false)
            }
            Lex::Ord { v, c } => {
                if self.ordinal_blocked(i, v, c) || self.ordinal_names_a_level(i) {
                    return Some(i + 1);
                }
                if v == 1
                    && let Some(j) = self.date(i)
                {
                    return Some(j);
                }
                self.figure(i, i, false)
            }
            Lex::Zero => self.at_zero(i),
            Lex::W(W::Numero) => {
                // "la número 17", "reunión de seguimiento número 22": an ordinal
                let j = i + 1;
                if self.cont(j) && self.t[j].plain_num() {
                    let dv = self.num_digits(j)?;
                    if dv.plain && dv.ndig <= 4 {
                        let c = Cand {
                            ts: i,
                            te: j + 1,
                            v: dv.v,
                            kind: Kind::Ordinal,
                            un_alone: false,
                            uno_alone: false,
                        };
                        return Some(self.emit(c, false));
                    }
                }
                None
            }
            Lex::W(W::Menos | W::Negativo) => {
                // "menos 1,200,000", "negativo uno"; not "al menos", "menos de", "4 menos 5"
                let j = i + 1;
                if !self.cont(j) || self.w(i, W::Menos) && self.blocks_minus(i) {
                    return None;
                }
                if !(self.t[j].is_num() || self.is_cardinal_word(j)) {
                    return None;
                }
                let mut c = self.core(j)?;
                if c.kind == Kind::Ordinal || c.un_alone {
                    return None;
                }
                c.ts = i;
                Some(self.emit(c, true))
            }
            Lex::W(W::Punto | W::Coma) if i == 0 => {
                // "punto cinco", "coma 5" (leading decimal in words, only at text start)
                let (v, e) = self.word_fraction(i, Dec::ZERO)?;
                let c = Cand {
                    ts: i,
                    te: e,
                    v,
                    kind: Kind::Decimal,
                    un_alone: false,
                    uno_alone: false,
                };
                Some(self.emit(c, false))
            }
            _ => None,
        }
    }

    fn at_punct(&mut self, i: usize, c: char) -> Option<usize> {
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

    fn at_zero(&mut self, i: usize) -> Option<usize> {
        // "cero coma quince"
        if let Some((v, e)) = self.word_fraction(i + 1, Dec::ZERO) {
            let c = Cand {
                ts: i,
                te: e,
                v,
                kind: Kind::Decimal,
                un_alone: false,
                uno_alone: false,
            };
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
        let c = Cand {
            ts: i,
            te: i + 1,
            v: Dec::ZERO,
            kind: Kind::Cardinal,
            un_alone: false,
            uno_alone: false,
        };
        Some(self.emit(c, false))
    }

    /// A figure starting at token `i` (its span starting at `ts`).
    fn figure(&mut self, ts: usize, i: usize, neg: bool) -> Option<usize> {
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
    fn core(&self, i: usize) -> Option<Cand> {
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
    fn with_unit(&self, mut c: Cand) -> Cand {
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

    /// "14va", "22º", "3er" (ordinals); "100K", "3M", "10G" (scaled); anything else glued
    /// to digits ("180ml", "29km") is a measurement or a code, not a figure.
    fn suffixed(&self, ts: usize, i: usize) -> Option<Cand> {
        let t = &self.t[i];
        let sfx = &self.text[t.sfx as usize..t.e as usize];
        let dv = self.num_digits(i)?;
        let lower = sfx.to_lowercase();
        if ORDINAL_SUFFIXES.contains(&lower.as_str()) {
            if !dv.int {
                return None;
            }
            return Some(Cand {
                ts,
                te: i + 1,
                v: dv.v,
                kind: Kind::Ordinal,
                un_alone: false,
                uno_alone: false,
            });
        }
        let v = self.apply_scale_suffix(dv.v, i)?;
        Some(self.with_unit(Cand {
            ts,
            te: i + 1,
            v,
            kind: kind_of(v),
            un_alone: false,
            uno_alone: false,
        }))
    }

    fn apply_scale_suffix(&self, v: Dec, i: usize) -> Option<Dec> {
        let t = &self.t[i];
        match &self.text[t.sfx as usize..t.e as usize] {
            "" => Some(v),
            "k" | "K" => v.checked_mul_pow10(3),
            "M" => v.checked_mul_pow10(6),
            "G" => v.checked_mul_pow10(9),
            _ => None,
        }
    }

    /// "doce coma noventa y nueve" → 12.99; "1 punto cinco" → 1.5: the words after the mark
    /// are read as the digits of the fraction (each "cero" a leading zero).
    fn word_fraction(&self, j: usize, int: Dec) -> Option<(Dec, usize)> {
        if !(self.w(j, W::Coma) || self.w(j, W::Punto)) || (j > 0 && !self.cont(j)) {
            return None;
        }
        let mut k = j + 1;
        let mut digits = String::new();
        while self.cont(k) && self.lex(k) == Some(Lex::Zero) {
            digits.push('0');
            k += 1;
        }
        if !self.cont(k) {
            return None;
        }
        if self.t[k].plain_num() {
            let s = self.src(k);
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(s);
            k += 1;
        } else if self.is_cardinal_word(k) {
            let n = self.number(k)?;
            if n.ordinal || !n.v.is_whole() {
                return None;
            }
            digits.push_str(&n.v.to_string());
            let single = n.end == k + 1 && n.v.cmp_value(&Dec::int(10)).is_lt();
            k = n.end;
            // "cero punto ocho cinco" = 0.85: digits said one by one
            let one_digit = |k: usize| match self.lex(k) {
                Some(Lex::Card { v, c: Card::Unit }) if v <= 9 && self.cont(k) => Some(v),
                Some(Lex::Zero) if self.cont(k) => Some(0),
                _ => None,
            };
            if single {
                while let Some(d) = one_digit(k) {
                    if self.cont(k + 1) && matches!(self.lex(k + 1), Some(Lex::Mag { .. })) {
                        break;
                    }
                    digits.push(char::from(b'0' + d as u8));
                    k += 1;
                }
            }
        } else if digits.is_empty() {
            return None;
        }
        let frac = Dec::parse_plain(&digits)?.checked_div_pow10(digits.len() as u32)?;
        Some((int.checked_add(frac)?, k))
    }

    /// "siete con cincuenta" → 7.5: the spoken decimal, only after a number in words and
    /// never before a magnitude ("… con 2 mil" counts something else).
    fn con_fraction(&self, j: usize, int: Dec) -> Option<(Dec, usize)> {
        if !self.cont(j) || !self.w(j, W::Con) {
            return None;
        }
        let k = j + 1;
        if !self.cont(k) || !(self.is_cardinal_word(k) || self.t[k].plain_num()) {
            return None;
        }
        let frac = if self.t[k].plain_num() {
            let s = self.src(k);
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (s.to_string(), k + 1)
        } else {
            let n = self.number(k)?;
            if n.ordinal || !n.v.is_whole() || n.un_alone {
                return None;
            }
            (n.v.to_string(), n.end)
        };
        let (digits, end) = frac;
        if self.cont(end) && matches!(self.lex(end), Some(Lex::Mag { .. }) | Some(Lex::Ord { .. }))
        {
            return None;
        }
        let f = Dec::parse_plain(&digits)?.checked_div_pow10(digits.len() as u32)?;
        Some((int.checked_add(f)?, end))
    }

    // ----- the number grammar ------------------------------------------------------------

    /// A number phrase starting at `i`: digits and words mixed in any combination with
    /// mil / millón / millones / mil millones / billón ("204 mil 782", "mil 56",
    /// "un millón 529 mil 812", "dos mil 800 millones", "2.7 millones", "medio millón",
    /// "millón y medio"), or an ordinal ("decimocuarta", "vigésima primera",
    /// "tres millones dos milésimo tricentésimo").
    fn number(&self, i: usize) -> Option<NumP> {
        if let Some(Lex::Ord { .. }) = self.lex(i) {
            let (v, end) = self.ord_tail(i, Dec::ZERO, false);
            return (end > i).then_some(NumP {
                v,
                end,
                ordinal: true,
                digits: false,
                un_alone: false,
                uno_alone: false,
            });
        }
        let n = self.t.len();
        let mut has_digits = false;
        let mut j = i;
        let mut total = Dec::ZERO;
        let mut thousands: Option<Dec> = None;
        let mut group: Option<Group> = None;
        // the smallest magnitude applied so far: later ones must be smaller
        let mut last_pow: Option<u32> = None;
        let mut decimal = false;
        let mut first_group: Option<Group> = None;
        while j < n {
            if j > i && !self.cont(j) {
                break;
            }
            match self.lex(j) {
                Some(Lex::Mag { pow: 3, .. }) if self.t[j].kind == Tk::Word => {
                    if thousands.is_some() || last_pow.is_some_and(|p| p <= 3) {
                        break; // "mil mil"
                    }
                    let g = match group {
                        Some(g) if g.uno => break, // "uno mil" is not a number
                        Some(g) => g.v,
                        None => Dec::int(1),
                    };
                    let Some(val) = g.checked_mul_pow10(3) else {
                        break;
                    };
                    if let Some(p) = last_pow
                        && !below_pow(val, p)
                    {
                        break;
                    }
                    decimal |= group.is_some_and(|g| g.decimal);
                    thousands = Some(val);
                    group = None;
                    j += 1;
                }
                Some(Lex::Mag { pow, plural }) if self.t[j].kind == Tk::Word => {
                    let pow = u32::from(pow);
                    if last_pow.is_some_and(|p| pow >= p) {
                        break;
                    }
                    if group.is_some_and(|g| g.uno) {
                        break;
                    }
                    let seg = match (thousands, group) {
                        (None, None) if plural => break, // bare "millones"
                        (None, None) => Dec::int(1),     // "millón"
                        (t, g) => {
                            let Some(s) = t
                                .unwrap_or(Dec::ZERO)
                                .checked_add(g.map_or(Dec::ZERO, |g| g.v))
                            else {
                                break;
                            };
                            s
                        }
                    };
                    if let Some(p) = last_pow
                        && !below_pow(seg, p - pow)
                    {
                        break;
                    }
                    let Some(add) = seg.checked_mul_pow10(pow) else {
                        break;
                    };
                    let Some(t2) = total.checked_add(add) else {
                        break;
                    };
                    decimal |= group.is_some_and(|g| g.decimal);
                    total = t2;
                    thousands = None;
                    group = None;
                    last_pow = Some(pow);
                    j += 1;
                    // "millón y medio", "un billón y medio millón"
                    if self.cont(j)
                        && self.w(j, W::Y)
                        && self.cont(j + 1)
                        && self.lex(j + 1) == Some(Lex::Medio)
                    {
                        let (half_pow, used) = match self.lex(j + 2) {
                            Some(Lex::Mag { pow: q, .. })
                                if self.cont(j + 2) && u32::from(q) < pow =>
                            {
                                (u32::from(q), 3)
                            }
                            _ => (pow, 2),
                        };
                        if let Some(h) = Dec::new(5, 1).and_then(|h| h.checked_mul_pow10(half_pow))
                            && let Some(t3) = total.checked_add(h)
                        {
                            total = t3;
                            j += used;
                        }
                        break;
                    }
                }
                Some(Lex::OrdMag { prefix, pow }) => {
                    let pow = u32::from(pow);
                    if group.is_some_and(|g| g.uno || g.decimal) {
                        break;
                    }
                    let g = if prefix > 0 {
                        if group.is_some() {
                            break;
                        }
                        Dec::int(i128::from(prefix))
                    } else {
                        // "milésimo" alone is 1,000th; after "dos mil" it adds nothing
                        let bare = if thousands.is_some() { 0 } else { 1 };
                        group.map_or(Dec::int(bare), |g| g.v)
                    };
                    let seg = if pow == 3 {
                        if thousands.is_some() {
                            break;
                        }
                        Some(g)
                    } else {
                        thousands.unwrap_or(Dec::ZERO).checked_add(g)
                    };
                    let Some(seg) = seg else { break };
                    if let Some(p) = last_pow
                        && (pow >= p || !below_pow(seg, p - pow))
                    {
                        break;
                    }
                    let Some(t2) = seg
                        .checked_mul_pow10(pow)
                        .and_then(|a| total.checked_add(a))
                    else {
                        break;
                    };
                    let (tail, end) = self.ord_tail(j + 1, t2, true);
                    return Some(NumP {
                        v: tail,
                        end,
                        ordinal: true,
                        digits: has_digits,
                        un_alone: false,
                        uno_alone: false,
                    });
                }
                _ => {
                    if group.is_some() || decimal {
                        break;
                    }
                    let first = j == i;
                    let Some((g, nj)) = self.small(j, first) else {
                        break;
                    };
                    let after_mag = thousands.is_some() || last_pow.is_some();
                    // "31 mil 472.6 millones", "3 billones 207,415 millones": a decimal or
                    // grouped run inside a chain only before a magnitude above "mil"
                    let before_big_mag = self.cont(nj)
                        && self.t[nj].kind == Tk::Word
                        && matches!(self.lex(nj), Some(Lex::Mag { pow, .. }) if pow > 3);
                    if !first && (g.decimal || (g.digits && g.ndig > 3)) && !before_big_mag {
                        break;
                    }
                    if after_mag && g.v.cmp_value(&Dec::int(1000)).is_ge() && !before_big_mag {
                        break;
                    }
                    if first {
                        first_group = Some(g);
                    }
                    has_digits |= g.digits;
                    group = Some(g);
                    j = nj;
                }
            }
        }
        if j == i {
            return None;
        }
        let mut v = total;
        for part in [thousands, group.map(|g| g.v)].into_iter().flatten() {
            v = v.checked_add(part)?;
        }
        let alone = first_group.is_some() && thousands.is_none() && last_pow.is_none();
        Some(NumP {
            v,
            end: j,
            ordinal: false,
            digits: has_digits,
            un_alone: alone && first_group.is_some_and(|g| g.un),
            uno_alone: alone && first_group.is_some_and(|g| g.uno),
        })
    }

    /// A group below a thousand ("doscientas treinta y una", "ciento un", "dos cientos
    /// tres", "treinta y 3"), or a digit run (only as the first group may it be a decimal
    /// or have more than three digits).
    fn small(&self, j: usize, first: bool) -> Option<(Group, usize)> {
        let t = &self.t[j];
        if t.kind == Tk::Num {
            if !t.plain_num() {
                return None;
            }
            if first && let Some((v, ndig, end)) = self.space_grouped(j) {
                let g = Group {
                    v,
                    digits: true,
                    decimal: false,
                    ndig,
                    un: false,
                    uno: false,
                };
                return Some((g, end));
            }
            let dv = self.num_digits(j)?;
            let g = Group {
                v: dv.v,
                digits: true,
                decimal: !dv.int,
                ndig: dv.ndig,
                un: false,
                uno: false,
            };
            return Some((g, j + 1));
        }
        if t.kind != Tk::Word {
            return None;
        }
        let mut k = j;
        let mut h: u32 = 0;
        match self.lex(k) {
            Some(Lex::Card {
                v,
                c: Card::Hundreds | Card::Ciento,
            }) => {
                h = u32::from(v);
                k += 1;
            }
            Some(Lex::Card { c: Card::Cien, .. }) => {
                return Some((word_group(100, false, false), k + 1));
            }
            Some(Lex::Card { v, c: Card::Unit })
                if self.cont(k + 1) && self.lex(k + 1) == Some(Lex::Cientos) =>
            {
                h = u32::from(v) * 100;
                k += 2;
            }
            Some(Lex::Medio) => {
                let next_is_mag =
                    self.cont(k + 1) && matches!(self.lex(k + 1), Some(Lex::Mag { .. }));
                if !next_is_mag {
                    return None;
                }
                let g = Group {
                    v: Dec::new(5, 1)?,
                    digits: false,
                    decimal: true,
                    ndig: 1,
                    un: false,
                    uno: false,
                };
                return Some((g, k + 1));
            }
            _ => {}
        }
        if h > 0 && !self.cont(k) {
            return Some((word_group(h, false, false), k));
        }
        let mut tens: u32 = 0;
        let (mut un, mut uno) = (false, false);
        if k == j || self.cont(k) {
            match self.lex(k) {
                Some(Lex::Card { v, c: Card::Teen }) => {
                    tens = u32::from(v);
                    k += 1;
                    // "diez y seis"
                    if v == 10
                        && self.cont(k)
                        && self.w(k, W::Y)
                        && self.cont(k + 1)
                        && let Some(u) = self.unit_at(k + 1)
                    {
                        tens += u;
                        k += 2;
                    }
                }
                Some(Lex::Card { v, c: Card::Twenty }) => {
                    tens = u32::from(v);
                    k += 1;
                }
                Some(Lex::Card { v, c: Card::Tens }) => {
                    tens = u32::from(v);
                    k += 1;
                    if self.cont(k)
                        && self.w(k, W::Y)
                        && self.cont(k + 1)
                        && let Some(u) = self.unit_at(k + 1)
                    {
                        tens += u; // "treinta y uno", "treinta y 3"
                        k += 2;
                    } else if self.cont(k)
                        && let Some(Lex::Card {
                            v: u,
                            c: Card::Unit,
                        }) = self.lex(k)
                        && !(self.cont(k + 1) && self.lex(k + 1) == Some(Lex::Cientos))
                    {
                        tens += u32::from(u); // "treinta cuatro"
                        k += 1;
                    }
                }
                Some(Lex::Card { v, c: Card::Unit }) => {
                    tens = u32::from(v);
                    k += 1;
                }
                Some(Lex::Card { c: Card::Un, .. }) => {
                    tens = 1;
                    un = h == 0;
                    k += 1;
                }
                Some(Lex::Card { c: Card::Uno, .. }) => {
                    tens = 1;
                    uno = h == 0;
                    k += 1;
                }
                _ => {}
            }
        }
        if k == j {
            return None;
        }
        Some((word_group(h + tens, un, uno), k))
    }

    /// A unit after "y": a word (uno … nueve) or a single digit.
    fn unit_at(&self, k: usize) -> Option<u32> {
        match self.lex(k) {
            Some(Lex::Card {
                v,
                c: Card::Unit | Card::Un | Card::Uno,
            }) => Some(u32::from(v)),
            _ => {
                let t = self.t.get(k)?;
                let s = self.src(k);
                (t.plain_num() && s.len() == 1 && s != "0")
                    .then(|| u32::from(s.as_bytes()[0] - b'0'))
            }
        }
    }

    /// Ordinal words in descending order from `j` (hundreds, tens, units; a fused 11–99
    /// counts as tens and unit), added to `base`.
    fn ord_tail(&self, j: usize, base: Dec, need_cont: bool) -> (Dec, usize) {
        let mut limit = 4u8;
        let mut v: u32 = 0;
        let mut k = j;
        while k < self.t.len() {
            if (k > j || need_cont) && !self.cont(k) {
                break;
            }
            let Some(Lex::Ord { v: x, c }) = self.lex(k) else {
                break;
            };
            let rank = match c {
                Ord::Hundreds => 3,
                Ord::Tens => 2,
                Ord::Fused => 1,
                Ord::Unit => 0,
            };
            if rank >= limit {
                break;
            }
            v += u32::from(x);
            limit = match c {
                Ord::Hundreds => 3,
                Ord::Tens => 1,
                Ord::Fused | Ord::Unit => 0,
            };
            k += 1;
        }
        (base.checked_add(Dec::int(i128::from(v))).unwrap_or(base), k)
    }

    // ----- what is not a figure ------------------------------------------------------------

    /// Digits glued to letters or other digits by "-", "/", ":" or "_": "COVID-19",
    /// "496/2024", "2023-2024", "800-623-2323".
    fn identifier(&self, i: usize) -> bool {
        let joiner = |c: Option<char>| matches!(c, Some('-' | '/' | ':' | '_' | '#' | '\\'));
        let glued_before = i >= 2
            && self.glued(i)
            && joiner(self.punct(i - 1))
            && self.glued(i - 1)
            && !matches!(self.t[i - 2].kind, Tk::Punct(_));
        let glued_after = self.glued(i + 1)
            && joiner(self.punct(i + 1))
            && self.glued(i + 2)
            && matches!(self.t[i + 2].kind, Tk::Num | Tk::Word | Tk::Code);
        // "---000---": a decoration between dashes
        let between_dashes = i >= 1
            && self.glued(i)
            && matches!(self.punct(i - 1), Some('-' | '—' | '–'))
            && self.glued(i + 1)
            && matches!(self.punct(i + 1), Some('-' | '—' | '–'));
        let after_word =
            i >= 1 && self.glued(i) && matches!(self.t[i - 1].kind, Tk::Word | Tk::Code);
        glued_before || glued_after || between_dashes || after_word
    }

    fn skip_glued(&self, i: usize) -> usize {
        let mut k = i + 1;
        while k < self.t.len()
            && self.glued(k)
            && !matches!(self.punct(k), Some('.' | ',' | ';' | ')' | '%'))
        {
            k += 1;
        }
        k
    }

    /// "No. 21", "Núm. 5", "Nº 3", "N° 12": a number of something, not a quantity.
    fn after_number_sign(&self, i: usize) -> bool {
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
    fn parenthesized_sign(&mut self, i: usize) -> Option<usize> {
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

    /// "18,402, 117 consultas": a stray comma and space inside a grouped number (es-MX), when
    /// a group of three digits and then a word follow. Returns the figure's candidate.
    fn stray_group(&self, i: usize) -> Option<Cand> {
        if self.loc != Locale::EsMx {
            return None;
        }
        let (c, g, after) = (i + 1, i + 2, i + 3);
        let grouped = self.t[i].plain_num()
            && self.src(i).contains(',')
            && !self.src(i).contains('.')
            && self.punct(c) == Some(',')
            && self.glued(c)
            && self
                .t
                .get(g)
                .is_some_and(|t| t.plain_num() && t.gap == Gap::Space)
            && self.src(g).len() == 3
            && self.src(g).bytes().all(|b| b.is_ascii_digit())
            && self
                .t
                .get(after)
                .is_some_and(|t| t.kind == Tk::Word && t.gap == Gap::Space)
            && !self.w(after, W::Y)
            && !self.w(after, W::E);
        if !grouped {
            return None;
        }
        let head = self.num_digits(i)?;
        let v = head
            .v
            .checked_mul_pow10(3)?
            .checked_add(self.num_digits(g)?.v)?;
        Some(self.with_unit(Cand {
            ts: i,
            te: g + 1,
            v,
            kind: kind_of(v),
            un_alone: false,
            uno_alone: false,
        }))
    }

    /// "alcohol al 70 por ciento": the strength of a product, not a figure.
    fn product_strength(&self, i: usize) -> bool {
        const PRODUCTS: [&str; 10] = [
            "alcohol",
            "gel",
            "cloro",
            "hipoclorito",
            "solucion",
            "etanol",
            "glucosa",
            "yodo",
            "clorhexidina",
            "peroxido",
        ];
        i >= 2
            && self.cont(i)
            && self.w(i - 1, W::Al)
            && self.cont(i - 1)
            && folded_in(self.word_of(i - 2, true), &PRODUCTS).is_some()
    }

    /// "la estrategia “120 días para mover al IMSS”": a name in quotes after a word that
    /// introduces a name; its numbers are part of the name. Returns the token after the
    /// closing quote.
    fn quoted_name(&self, i: usize) -> Option<usize> {
        const NAMING: [&str; 14] = [
            "estrategia",
            "programa",
            "campana",
            "plan",
            "iniciativa",
            "lema",
            "proyecto",
            "modelo",
            "denominada",
            "denominado",
            "llamada",
            "llamado",
            "titulada",
            "titulado",
        ];
        folded_in(self.word_of(i.checked_sub(1)?, true), &NAMING)?;
        let close = match self.punct(i) {
            Some('“') => '”',
            Some('«') => '»',
            _ => '"',
        };
        (i + 1..self.t.len().min(i + 16))
            .take_while(|&k| self.t[k].gap < Gap::Para)
            .find(|&k| self.punct(k) == Some(close))
            .map(|k| k + 1)
    }

    /// "realizaron 41 69 cirugías": two runs of digits one space apart that cannot be one
    /// grouped number (the second is not three digits) garble one figure; its value cannot
    /// be known, so neither run is read. Returns the token after the pair.
    fn garbled_pair(&self, i: usize) -> Option<usize> {
        let j = i + 1;
        let digits = |k: usize| {
            self.t.get(k).is_some_and(|t| t.plain_num())
                && self.src(k).bytes().all(|b| b.is_ascii_digit())
        };
        let lower_word = |k: usize| {
            self.t.get(k).is_some_and(|t| {
                t.kind == Tk::Word
                    && t.gap == Gap::Space
                    && self.src(k).starts_with(|c: char| c.is_lowercase())
            })
        };
        (digits(i)
            && self.src(i).len() <= 3
            && digits(j)
            && self.t[j].gap == Gap::Space
            && self.src(j).len() < 3
            && lower_word(j + 1)
            && !self.w(j + 1, W::De)
            && !self.w(j + 1, W::Y)
            && !matches!(self.lex(j + 1), Some(Lex::Month(_) | Lex::Mag { .. })))
        .then_some(j + 1)
    }

    /// "UMF No. 1 y 57", "HGZ 2, 7 y 11": digits after "y" or a comma that follow a unit
    /// number continue the list of unit numbers.
    fn continues_unit_numbers(&self, i: usize) -> bool {
        if i < 2 || !self.cont(i) {
            return false;
        }
        let p = i - 1;
        let joins = self.punct(p) == Some(',')
            || (self.t[p].kind == Tk::Word && matches!(self.src(p), "y" | "e"));
        let q = i - 2;
        joins
            && self.t[q].plain_num()
            && self.src(q).len() <= 4
            && (self.after_number_sign(q)
                || self.after_acronym(q)
                || self.continues_unit_numbers(q))
    }

    /// The word right before token `i` (folded) is one of `words`: "semana 28" is a week.
    fn after_word(&self, i: usize, words: &[&str]) -> bool {
        if i == 0 || !self.cont(i) {
            return false;
        }
        let before = &self.text[..self.t[i].s as usize];
        let last = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        before.ends_with(|c: char| c.is_whitespace())
            && !last.is_empty()
            && folded_in(last, words).is_some()
    }

    /// "Primer Nivel", "Segundo y Tercer Nivel", "el primer semestre", "la Cuarta
    /// Transformación": an ordinal word that names a level, a part of the year or an era.
    fn ordinal_names_a_level(&self, i: usize) -> bool {
        const NOUNS: [&str; 10] = [
            "nivel",
            "niveles",
            "semestre",
            "trimestre",
            "cuatrimestre",
            "bimestre",
            "mitad",
            "quincena",
            "transformacion",
            "republica",
        ];
        let mut rest = &self.text[self.t[i].e as usize..];
        // "Segundo y (el) Tercer Nivel": skip "y", articles and the ordinals after them
        for _ in 0..4 {
            let trimmed = rest.trim_start_matches([' ', '\n']);
            let word: &str = trimmed
                .split(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            if word.is_empty() || trimmed.len() == rest.len() {
                return false;
            }
            if folded_in(word, &NOUNS).is_some() {
                return true;
            }
            let f = crate::fold::fold(word);
            let ordinal = matches!(lexicon::lookup(word.as_bytes()), Some(Lex::Ord { .. }));
            let article = matches!(f.as_str(), "el" | "la" | "los" | "las");
            if !(f == "y" || f == "e" || article || ordinal) {
                return false;
            }
            rest = &trimmed[word.len()..];
        }
        false
    }

    /// "HGZ 1", "UMF 57", "COVID 19": digits right after an acronym name a unit or a code.
    fn after_acronym(&self, i: usize) -> bool {
        if i == 0 || self.t[i].gap != Gap::Space || self.t[i - 1].kind != Tk::Word {
            return false;
        }
        // the last word of the token before (a run of words is one token)
        let w = self
            .src(i - 1)
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let acronym = (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
        let s = self.src(i);
        let short = s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
        let scaled = self.cont(i + 1) && matches!(self.lex(i + 1), Some(Lex::Mag { .. }));
        acronym && short && !scaled && self.punct(i + 1) != Some('%')
    }

    /// "800 623 2323", "55 5238 2700", "Tel. 5627 6900": groups of digits that make a phone.
    fn phone(&self, i: usize) -> Option<usize> {
        let digits_only = |k: usize| {
            self.t.get(k).is_some_and(|t| t.plain_num())
                && self.src(k).bytes().all(|b| b.is_ascii_digit())
        };
        if !digits_only(i) {
            return None;
        }
        let mut k = i + 1;
        let mut total = self.src(i).len();
        let mut longest = total;
        while k < self.t.len() && digits_only(k) && self.t[k].gap == Gap::Space {
            total += self.src(k).len();
            longest = longest.max(self.src(k).len());
            k += 1;
        }
        let groups = k - i;
        let after_tel = i >= 1 && (self.w(i - 1, W::Tel) || self.w(i - 1, W::Telefono))
            || i >= 2 && self.punct(i - 1) == Some('.') && self.w(i - 2, W::Tel);
        let looks_like_phone = groups >= 2 && longest >= 4 && (8..=13).contains(&total);
        (looks_like_phone || (after_tel && total >= 7)).then_some(k)
    }

    /// "17:00 horas", "a las 9 horas".
    fn clock(&self, i: usize) -> Option<usize> {
        if self.punct(i + 1) == Some(':')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.t.get(i + 2).is_some_and(|t| t.is_num())
        {
            {
                let mut k = i + 3;
                if self.cont(k) && self.w(k, W::Horas) {
                    k += 1;
                }
                return Some(k);
            }
        }
        if i >= 1 && self.w(i - 1, W::Las) && self.cont(i + 1) && self.w(i + 1, W::Horas) {
            return Some(i + 2);
        }
        None
    }

    fn day_at(&self, k: usize) -> Option<u8> {
        let t = self.t.get(k)?;
        let v = if t.plain_num() {
            let s = self.src(k);
            if s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse::<u8>().ok()?
        } else {
            match self.lex(k)? {
                Lex::Card { v, c } if c != Card::Un && c != Card::Ciento => u8::try_from(v).ok()?,
                Lex::Ord { v: 1, .. } => 1,
                _ => return None,
            }
        };
        (1..=31).contains(&v).then_some(v)
    }

    fn year_at(&self, k: usize) -> Option<i32> {
        let t = self.t.get(k)?;
        let s = self.src(k);
        if !t.plain_num() || s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = s.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    }

    /// Dates and ranges: "del 21 al 23 de julio", "entre el 2 y el 4 de julio",
    /// "26 de septiembre de 2024", "7 de octubre del presente año", "dos de octubre".
    fn date(&mut self, i: usize) -> Option<usize> {
        let first = self.day_at(i)?;
        let mut day_to = first;
        let mut k = i + 1;
        let mut n_days = 1;
        let month = loop {
            if self.w(k, W::De)
                && self.cont(k + 1)
                && let Some(m) = self.month(k + 1)
            {
                k += 2;
                break m;
            }
            // "el 5 de este mes": month 0, the month of publication
            if self.w(k, W::De) && self.w(k + 1, W::Este) && self.w(k + 2, W::Mes) {
                k += 3;
                break 0;
            }
            let step = if self.w(k, W::Al)
                || self.w(k, W::A)
                || self.w(k, W::Y)
                || self.w(k, W::E)
                || matches!(self.punct(k), Some('-' | ',' | '–'))
            {
                1
            } else {
                return None;
            };
            k += step;
            if self.w(k, W::El) {
                k += 1;
            }
            // "viernes 13, sábado 14 y domingo 15": a weekday before each day
            if matches!(self.lex(k), Some(Lex::Weekday(_))) && self.cont(k + 1) {
                k += 1;
            }
            day_to = self.day_at(k)?;
            k += 1;
            n_days += 1;
            if n_days > 8 {
                return None;
            }
        };
        let mut d = RawDate {
            ts: i,
            te: k,
            day_from: first,
            month_from: month,
            day_to,
            month_to: month,
            year: None,
            this_year: false,
            // "jueves 26 de septiembre": the weekday written before the first day
            weekday: match i.checked_sub(1).and_then(|p| self.lex(p)) {
                Some(Lex::Weekday(w)) if self.cont(i) => Some(w),
                _ => None,
            },
        };
        // "del 28 de julio al 2 de agosto"
        if self.w(k, W::Al) || self.w(k, W::Hasta) {
            // "… al (domingo) 2 de agosto"
            let wd = usize::from(matches!(self.lex(k + 1), Some(Lex::Weekday(_))));
            if let Some(dt) = self.day_at(k + 1 + wd)
                && self.w(k + 2 + wd, W::De)
                && let Some(mt) = self.month(k + 3 + wd)
            {
                d.day_to = dt;
                d.month_to = mt;
                k += 4 + wd;
            }
        }
        if self.w(k, W::De) || self.w(k, W::Del) {
            if let Some(y) = self.year_at(k + 1) {
                d.year = Some(y);
                k += 2;
            } else if (self.w(k + 1, W::Este) || self.w(k + 1, W::Presente))
                && self.w(k + 2, W::Ano)
            {
                d.this_year = true;
                k += 3;
            }
        }
        d.te = k;
        self.dates.push(d);
        Some(k)
    }

    /// A four-digit year (1900–2100) standing alone is a year, not a count, unless a
    /// qualifier, a magnitude, a percent or a currency says it counts.
    fn is_year(&self, i: usize) -> bool {
        if self.year_at(i).is_none() {
            return false;
        }
        let e = i + 1;
        let scaled = self.cont(e) && matches!(self.lex(e), Some(Lex::Mag { .. }));
        // "2021 por ciento" is a percent; "en abril del 2021 por el director" a year
        let por_ciento = self.w(e, W::Por)
            && self.t.get(e + 1).is_some_and(|t| {
                let w = &self.text[t.s as usize..t.e as usize];
                let w = w.split_whitespace().next().unwrap_or("");
                w.eq_ignore_ascii_case("ciento") || w.eq_ignore_ascii_case("cien")
            });
        let unit = self.punct(e) == Some('%')
            || self.cont(e)
                && (por_ciento
                    || self.w(e, W::Pesos)
                    || self.w(e, W::De) && self.w(e + 1, W::Pesos));
        let money = i >= 1 && self.punct(i - 1) == Some('$');
        // "2010 camas": a count before a plural noun (not "en 2023 los servicios")
        let counted = self.cont(e)
            && self.t.get(e).is_some_and(|t| t.kind == Tk::Word)
            && self.lex(e).is_none()
            && {
                let w = self.src(e).split_whitespace().next().unwrap_or("");
                w.len() >= 4
                    && w.ends_with('s')
                    && w.starts_with(char::is_lowercase)
                    && folded_in(
                        w,
                        &[
                            "tras", "sus", "pues", "ademas", "antes", "despues", "entonces",
                            "apenas", "mismos", "mismas", "estos", "estas", "ellos", "ellas",
                            "todos", "todas", "varios", "varias", "nos",
                        ],
                    )
                    .is_none()
            };
        !(scaled || unit || money || counted || self.qualifier(i) != Qualifier::Exact)
    }

    /// A ruled-out ordinal word: after a cardinal ("veinte segundos", "tres cuartos" are time
    /// and fractions) or after "un"/"una" ("un segundo", "un quinto"), except "un primer".
    fn ordinal_blocked(&self, i: usize, v: u16, c: Ord) -> bool {
        if i == 0 || !self.cont(i) {
            return false;
        }
        let p = i - 1;
        if self.t[p].is_num() {
            return true;
        }
        match self.lex(p) {
            Some(Lex::Card { c: Card::Un, .. }) => !(v == 1 && c == Ord::Unit),
            Some(Lex::Card { .. } | Lex::Zero | Lex::Mag { .. }) => true,
            _ => false,
        }
    }

    /// "menos" is a sign only where it is not "al menos", "por lo menos", "menos de" or a
    /// subtraction ("cuatro menos cinco").
    fn blocks_minus(&self, i: usize) -> bool {
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

    /// "cada uno", "uno de los": a pronoun, not a count.
    fn pronoun_uno(&self, i: usize) -> bool {
        let after_cada = i >= 1 && self.cont(i) && self.w(i - 1, W::Cada);
        let of_them = self.cont(i + 1)
            && self.w(i + 1, W::De)
            && (self.w(i + 2, W::Los) || self.w(i + 2, W::Las));
        after_cada || of_them
    }

    // ----- qualifiers --------------------------------------------------------------------

    /// The qualifier written before the figure starting at token `ts` ("más de", "casi un").
    /// Read backwards from the word before the figure (past one article: "casi un 30").
    fn qualifier(&self, ts: usize) -> Qualifier {
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

    // ----- "un" / "una" ------------------------------------------------------------------

    /// Decides each lone "un"/"una": a figure when it counts something in a list of counts
    /// ("dos pagos, un trámite y una corrección"), is said alone ("sólo una vaca", "un
    /// solo día"), belongs to a spoken list of numbers ("un, dos, tres"), or is the whole
    /// text. Otherwise it is an article ("un servicio oportuno").
    fn resolve_un(&mut self) {
        if self.un_cands.is_empty() {
            return;
        }
        let mut starts = Starts(
            self.figs
                .iter()
                .filter(|f| matches!(f.kind, Kind::Cardinal | Kind::Money))
                .map(|f| f.ts)
                .collect(),
        );
        starts.0.sort_unstable();
        let cands = std::mem::take(&mut self.un_cands);
        let mut accepted = vec![false; cands.len()];
        // left to right: a previous list item that starts with a count
        for (ci, &u) in cands.iter().enumerate() {
            if self.un_is_count(u, &starts, true) {
                accepted[ci] = true;
                starts.insert(u);
            }
        }
        // right to left: the next list item starts with a count
        for (ci, &u) in cands.iter().enumerate().rev() {
            if !accepted[ci] && self.un_is_count(u, &starts, false) {
                accepted[ci] = true;
                starts.insert(u);
            }
        }
        for (ci, &u) in cands.iter().enumerate() {
            if accepted[ci] {
                self.figs.push(Raw {
                    ts: u,
                    te: u + 1,
                    value: Dec::int(1),
                    kind: Kind::Cardinal,
                    qual: self.qualifier(u),
                });
            }
        }
        self.figs.sort_by_key(|f| f.ts);
        self.un_cands = cands; // keep the buffer
    }

    fn is_delim(&self, k: usize) -> bool {
        matches!(self.punct(k), Some(',' | ';')) || self.w(k, W::Y) || self.w(k, W::E)
    }

    fn is_boundary(&self, k: usize) -> bool {
        matches!(
            self.punct(k),
            Some('.' | ':' | '(' | ')' | '!' | '?' | '¿' | '¡' | '"' | '“' | '”' | '—')
        )
    }

    /// The list item starting at token `from` starts with a count, possibly after a
    /// qualifier or an article ("más de 70 solicitudes", "los 35 OOAD").
    fn item_starts_with_count(&self, from: usize, starts: &Starts) -> bool {
        let mut k = from;
        while k < self.t.len() && k < from + 3 {
            if starts.contains(&k) {
                return true;
            }
            let lead = matches!(
                self.lex(k),
                Some(Lex::W(
                    W::Mas
                        | W::Menos
                        | W::De
                        | W::Poco
                        | W::Cerca
                        | W::Alrededor
                        | W::Casi
                        | W::Aproximadamente
                        | W::Al
                        | W::Hasta
                        | W::Unos
                        | W::Unas
                        | W::Los
                        | W::Las
                        | W::El
                        | W::La
                ))
            );
            if !lead {
                return false;
            }
            k += 1;
        }
        false
    }

    /// The count that starts the item at `from` is followed by its noun, not by a verb:
    /// "una colangioresonancia y 20 tomografías", but not "tienen una solución y tres
    /// permanecen en trámite". Spanish writes the noun after a count above one in the
    /// plural (ending in -s), or joins it with "de" ("12 de córnea").
    fn item_count_has_noun(&self, from: usize) -> bool {
        let Some(f) = self.figs.iter().find(|f| f.ts >= from && f.ts < from + 3) else {
            return true; // another lone "un"/"una": its noun is singular
        };
        if f.value == Dec::int(1) || f.kind != Kind::Cardinal {
            return true;
        }
        let Some(t) = self.t.get(f.te) else {
            return true;
        };
        if t.kind != Tk::Word {
            return true;
        }
        let word = self.src(f.te).split_whitespace().next().unwrap_or("");
        word.ends_with(['s', 'S'])
            || word.starts_with(char::is_uppercase)
            || matches!(self.lex(f.te), Some(Lex::W(W::De | W::Del | W::Mas)))
    }

    fn un_is_count(&self, u: usize, starts: &Starts, backward: bool) -> bool {
        let n = self.t.len();
        if n == 1 {
            return true;
        }
        let next = u + 1;
        if next < n && self.t[next].is_num() {
            return false; // "un 30 por ciento": an article before digits
        }
        if next < n && self.cont(next) && self.is_cardinal_word(next) && starts.contains(&next) {
            return true; // "un dos tres"
        }
        let alone = u >= 1
            && self.cont(u)
            && matches!(
                self.lex(u - 1),
                Some(Lex::W(W::Solo | W::Solamente | W::Unicamente | W::Apenas))
            )
            || self.cont(next) && (self.w(next, W::Solo) || self.w(next, W::Sola));
        if alone {
            return true;
        }
        // "14 donaciones —una de ellas multiorgánica—": one of the things just counted
        let partitive = self.cont(next)
            && self.w(next, W::De)
            && folded_in(
                self.word_of(next + 1, false),
                &["ellas", "ellos", "estas", "estos"],
            )
            .is_some();
        if partitive {
            return true;
        }
        if backward {
            // the item before: "…, dos pagos de incapacidades, un trámite"
            if u == 0 || !self.is_delim(u - 1) {
                return false;
            }
            let mut k = u - 1;
            let mut steps = 0;
            while k > 0 && steps < 14 {
                if k < u - 1 && self.t[k].gap == Gap::Para {
                    break; // k starts a paragraph
                }
                let p = k - 1;
                if self.is_delim(p) || self.is_boundary(p) {
                    break;
                }
                k = p;
                steps += 1;
            }
            let item_start = k;
            item_start < u - 1 && self.item_starts_with_count(item_start, starts)
        } else {
            // the item after: "una colangioresonancia, 20 tomografías"
            let mut k = next;
            let mut steps = 0;
            while k < n && steps < 8 {
                if self.is_boundary(k) || self.t[k].gap == Gap::Para {
                    return false;
                }
                if self.is_delim(k) {
                    return self.item_starts_with_count(k + 1, starts)
                        && self.item_count_has_noun(k + 1);
                }
                k += 1;
                steps += 1;
            }
            false
        }
    }

    // ----- output ------------------------------------------------------------------------

    /// Code-point offsets of the span of tokens `ts..te`.
    fn char_span(&self, ts: usize, te: usize) -> (usize, usize) {
        let (first, last) = (&self.t[ts], &self.t[te - 1]);
        let start = (first.s - first.cb) as usize;
        let last_start = (last.s - last.cb) as usize;
        let end =
            last_start + count_chars_in(self.text.as_bytes(), last.s as usize, last.e as usize);
        (start, end)
    }

    fn output(&self, out: &mut Reading) {
        out.figures.clear();
        out.dates.clear();
        out.figures.extend(self.figs.iter().map(|f| {
            let (start, end) = self.char_span(f.ts, f.te);
            Figure {
                start,
                end,
                byte_start: self.t[f.ts].s as usize,
                byte_end: self.t[f.te - 1].e as usize,
                value: f.value,
                kind: f.kind,
                qualifier: f.qual,
            }
        }));
        out.dates.extend(self.dates.iter().map(|d| {
            let (start, end) = self.char_span(d.ts, d.te);
            DateSpan {
                start,
                end,
                byte_start: self.t[d.ts].s as usize,
                byte_end: self.t[d.te - 1].e as usize,
                day_from: d.day_from,
                month_from: d.month_from,
                day_to: d.day_to,
                month_to: d.month_to,
                year: d.year,
                this_year: d.this_year,
                weekday: d.weekday,
            }
        }));
    }
}

/// `body` is a thousands grouping with `sep`: "1,234,567" (first group 1–3 digits, not
/// starting with 0; the others exactly 3).
fn grouped(body: &[u8], sep: u8) -> bool {
    let mut parts = body.split(|&c| c == sep);
    let first = parts.next().unwrap_or(&[]);
    (1..=3).contains(&first.len()) && first[0] != b'0' && parts.all(|p| p.len() == 3)
}

/// Token indexes where a count starts, sorted.
struct Starts(Vec<usize>);

impl Starts {
    fn contains(&self, k: &usize) -> bool {
        self.0.binary_search(k).is_ok()
    }
    fn insert(&mut self, k: usize) {
        if let Err(at) = self.0.binary_search(&k) {
            self.0.insert(at, k);
        }
    }
}

fn word_group(v: u32, un: bool, uno: bool) -> Group {
    Group {
        v: Dec::int(i128::from(v)),
        digits: false,
        decimal: false,
        ndig: 0,
        un,
        uno,
    }
}

/// `v < 10^p`
fn below_pow(v: Dec, p: u32) -> bool {
    match Dec::int(1).checked_mul_pow10(p) {
        Some(limit) => v.cmp_value(&limit).is_lt(),
        None => true,
    }
}

fn kind_of(v: Dec) -> Kind {
    if v.is_whole() {
        Kind::Cardinal
    } else {
        Kind::Decimal
    }
}

/// Code points in `text[from..to]`: every byte that is not a continuation byte
/// (10xxxxxx), counted eight bytes at a time; a short tail is read as the end of an
/// overlapping eight-byte word when the text allows.
fn count_chars_in(text: &[u8], from: usize, to: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // one bit per continuation byte, summed by a multiply (no popcnt on baseline x86-64)
    const ONES: u64 = 0x0101_0101_0101_0101;
    let cont = |x: u64| ((((x & !(x << 1) & HIGH) >> 7).wrapping_mul(ONES)) >> 56) as usize;
    let span = &text[from..to];
    let mut chunks = span.chunks_exact(8);
    let mut continuation = 0usize;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        continuation += cont(u64::from_le_bytes(w));
    }
    let r = chunks.remainder().len();
    if r > 0 {
        if to >= 8 {
            let mut w = [0u8; 8];
            w.copy_from_slice(&text[to - 8..to]);
            continuation += cont(u64::from_le_bytes(w) >> (8 * (8 - r)));
        } else {
            continuation += chunks
                .remainder()
                .iter()
                .filter(|&&x| (x as i8) < -0x40)
                .count();
        }
    }
    span.len() - continuation
}

#[cfg(test)]
fn count_chars(b: &[u8]) -> usize {
    count_chars_in(b, 0, b.len())
}

/// The entry of `set` (words lowercase and without accents) that `word`, as written, folds
/// to — without allocating: the reader asks this of the words around many figures.
fn folded_in<'s>(word: &str, set: &[&'s str]) -> Option<&'s str> {
    let mut buf = [0u8; lexicon::MAX_WORD];
    let n = lexicon::fold(word.as_bytes(), &mut buf)?;
    set.iter().copied().find(|w| w.as_bytes() == &buf[..n])
}

#[cfg(test)]
mod tests {
    #[test]
    fn count_chars_counts_code_points() {
        for s in [
            "",
            "abc",
            "añoñoñoñoñoñoño",
            "Realizó IMSS más de 204 mil",
            "€€€€€€€€€x",
            "😀a😀b",
        ] {
            assert_eq!(super::count_chars(s.as_bytes()), s.chars().count(), "{s}");
        }
        // every sub-range on char boundaries of a mixed text
        let t = "Realizó más de 204 mil atenciones, año €30, 😀 ñandú";
        let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                assert_eq!(
                    super::count_chars_in(t.as_bytes(), a, b),
                    t[a..b].chars().count(),
                    "{a}..{b}"
                );
            }
        }
    }
}
