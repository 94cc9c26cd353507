//! The figure reader: assembles tokens into figures, dates and the spans that are neither.
//!
//! One left-to-right pass over the tokens ([`Scanner::run`], here with the small helpers
//! every part uses). At a digit run or a number word it tries, in order: identifiers,
//! phones and clock times ([`not_figures`]), dates and years ([`dates`]), and only then a
//! figure ([`units`]: sign, percent, money), whose number is read by [`digits`] and
//! [`words`] ([`Scanner::number`]), or an ordinal ([`ordinals`]). After the pass: a lone
//! "un"/"una" is decided when the figures around it are known ([`un`]), qualifiers are
//! spread over lists ([`qualifiers`]), units shared and time counts typed ([`units`]).
//! Each part keeps the table of cases that pins its grammar beside it.

#[cfg(test)]
mod cases;
mod dates;
mod digits;
mod not_figures;
mod ordinals;
mod qualifiers;
mod un;
mod units;
mod words;

use super::lexicon::{self, Lex, W};
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

    // ----- output ------------------------------------------------------------------------
    /// The span of tokens `ts..te`: its code-point offsets, then its byte offsets.
    fn span(&self, ts: usize, te: usize) -> [usize; 4] {
        let (first, last) = (&self.t[ts], &self.t[te - 1]);
        let start = (first.s - first.cb) as usize;
        let last_start = (last.s - last.cb) as usize;
        let end =
            last_start + count_chars_in(self.text.as_bytes(), last.s as usize, last.e as usize);
        [start, end, first.s as usize, last.e as usize]
    }

    fn output(&self, out: &mut Reading) {
        out.figures.clear();
        out.dates.clear();
        out.figures.extend(self.figs.iter().map(|f| {
            let [start, end, byte_start, byte_end] = self.span(f.ts, f.te);
            Figure {
                start,
                end,
                byte_start,
                byte_end,
                value: f.value,
                kind: f.kind,
                qualifier: f.qual,
            }
        }));
        out.dates.extend(self.dates.iter().map(|d| {
            let [start, end, byte_start, byte_end] = self.span(d.ts, d.te);
            DateSpan {
                start,
                end,
                byte_start,
                byte_end,
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
