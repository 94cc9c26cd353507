//! One pass over the text that cuts it into words, digit runs, codes and punctuation.
//!
//! The scan works on bytes and only decodes a character where a byte is not ASCII, and it
//! looks each word up in the vocabulary once, so everything after it compares small enums.

use super::lexicon::{self, Lex, Shape, Shapes};
use std::cell::Cell;

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tk {
    /// A word, or a run of words outside the vocabulary ("Consultas Médicas").
    Word,
    /// A digit run with `.`/`,` between digits ("1,234", "58.33"), possibly with letters or
    /// `º`/`ª` glued after it (`sfx` marks where they start: "14va", "100K").
    Num,
    /// Letters and digits mixed ("TY7hF4"), or a URL: never a figure.
    Code,
    Punct(char),
}

/// The whitespace before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gap {
    /// Glued to the previous token ("COVID-19", "15%").
    None,
    Space,
    /// One line break (a wrapped line: a figure may continue across it).
    Line,
    /// A blank line, or the start of the text: a figure never continues across it.
    Para,
}

/// A word's vocabulary entry: looked up while cutting when the word may be a number word,
/// later and only if asked otherwise (context words such as "de" are asked about rarely).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LexState {
    Known(Option<Lex>),
    Unknown,
}

#[derive(Clone, Debug)]
#[repr(C)]
pub(crate) struct Tok {
    /// Byte range in the text.
    pub s: u32,
    pub e: u32,
    /// For `Num`: where a glued suffix starts (== `e` when there is none).
    pub sfx: u32,
    pub kind: Tk,
    pub gap: Gap,
    pub lex: Cell<LexState>,
    /// UTF-8 continuation bytes before `s`: the token starts at code point `s - cb`.
    pub cb: u32,
}

impl Tok {
    pub fn is_num(&self) -> bool {
        self.kind == Tk::Num
    }
    pub fn plain_num(&self) -> bool {
        self.kind == Tk::Num && self.sfx == self.e
    }
    pub fn punct(&self) -> Option<char> {
        match self.kind {
            Tk::Punct(c) => Some(c),
            _ => None,
        }
    }
}

#[inline]
fn is_space_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Decodes the char at `i` (the text is valid UTF-8).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Letters: Latin-1 and Latin Extended letters without a table lookup, others by Unicode.
#[inline]
fn is_letter(ch: char) -> bool {
    match ch {
        'À'..='ÿ' => ch != '×' && ch != '÷',
        'ª' | 'º' => true,
        '\u{100}'..='\u{24f}' => true,
        // general punctuation: quotes, dashes, spaces
        '\u{2000}'..='\u{206f}' => false,
        _ if (ch as u32) < 0x100 => false,
        _ => ch.is_alphabetic(),
    }
}

#[inline]
fn is_letter_at(text: &str, b: &[u8], i: usize) -> (bool, usize) {
    let c = b[i];
    if c.is_ascii_alphabetic() {
        (true, 1)
    } else if c >= 0x80 {
        let ch = char_at(text, i);
        (is_letter(ch), ch.len_utf8())
    } else {
        (false, 1)
    }
}

const C_OTHER: u8 = 0;
const C_SPACE: u8 = 1;
const C_NEWLINE: u8 = 2;
const C_PAGE: u8 = 3;

/// Byte classes for the whitespace test at the top of the loop.
static CLASS: [u8; 256] = {
    let mut t = [C_OTHER; 256];
    t[b' ' as usize] = C_SPACE;
    t[b'\t' as usize] = C_SPACE;
    t[b'\r' as usize] = C_SPACE;
    t[0x0b] = C_SPACE;
    t[b'\n' as usize] = C_NEWLINE;
    t[0x0c] = C_PAGE;
    t
};

/// Cuts `text` into `out` (cleared first).
pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    cut(text, out, true);
}

/// [`tokenize`]; `fast` takes runs of plain words in one step ([`plain_words_end`]) — off
/// only in a test that checks it changes nothing.
#[inline(always)]
fn cut(text: &str, out: &mut Vec<Tok>, fast: bool) {
    out.clear();
    let shapes = lexicon::shapes();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut newlines = 2u8; // start of text counts as a paragraph break
    let mut spaced = true;
    // continuation bytes seen so far (kept exact at each token start)
    let mut cont: u32 = 0;
    while i < n {
        let c = b[i];
        match CLASS[c as usize] {
            C_SPACE => {
                spaced = true;
                i += 1;
                continue;
            }
            C_NEWLINE => {
                spaced = true;
                newlines = newlines.saturating_add(1);
                i += 1;
                continue;
            }
            C_PAGE => {
                spaced = true;
                newlines = 2;
                i += 1;
                continue;
            }
            _ => {}
        }
        let ch_len;
        let start = i;
        let gap = match newlines {
            0 if !spaced => Gap::None,
            0 => Gap::Space,
            1 => Gap::Line,
            _ => Gap::Para,
        };
        if c.is_ascii_digit() {
            // (the typographic apostrophe of "1’234,567" brings two continuation bytes)
            let digits_cb;
            (i, digits_cb) = scan_digits(b, i);
            let sfx = i;
            // glued letters: ordinal markers, K/M/G, units ("180ml") …
            while i < n {
                let (letter, len) = is_letter_at(text, b, i);
                if !letter {
                    break;
                }
                i += len;
            }
            let mut kind = Tk::Num;
            // … but letters followed by more digits make it a code ("6ETM9m").
            if i < n && (b[i].is_ascii_digit() || (i > sfx && b[i] == b'_')) {
                i = scan_alnum(text, b, i);
                kind = Tk::Code;
            } else if i > sfx
                && let Some(mag @ Lex::Mag { .. }) = lexicon::lookup(&b[sfx..i])
            {
                // "27mil 304": a magnitude glued to its digits is read as if spaced
                push(
                    out,
                    start,
                    sfx,
                    sfx,
                    Tk::Num,
                    gap,
                    LexState::Known(None),
                    cont,
                );
                push(
                    out,
                    sfx,
                    i,
                    i,
                    Tk::Word,
                    Gap::Space,
                    LexState::Known(Some(mag)),
                    cont + digits_cb,
                );
                cont += digits_cb + continuation_bytes(&b[sfx..i]);
                newlines = 0;
                spaced = false;
                continue;
            }
            push(out, start, i, sfx, kind, gap, LexState::Known(None), cont);
            cont += digits_cb;
            if i > sfx {
                cont += continuation_bytes(&b[sfx..i]);
            }
        } else {
            let (letter, len) = if c.is_ascii_alphabetic() {
                (true, 1)
            } else if c < 0x80 {
                (false, 1)
            } else {
                is_letter_at(text, b, i)
            };
            ch_len = len;
            if letter {
                let (j, letters) = word_end(text, b, i);
                let (f0, f1) = first_two(text, b, i, j, letters);
                let word = &b[i..j];
                if j < n && b[j].is_ascii_digit() {
                    // letters then digits: a code such as "TY7hF4" or "B12"
                    let e = scan_alnum(text, b, j);
                    push(out, i, e, e, Tk::Code, gap, LexState::Known(None), cont);
                    cont += continuation_bytes(&b[i..e]);
                    i = e;
                } else if is_url_start(word, &b[j..]) {
                    let e = skip_to_space(text, b, j);
                    push(out, i, e, e, Tk::Code, gap, LexState::Known(None), cont);
                    cont += continuation_bytes(&b[i..e]);
                    i = e;
                } else {
                    let lex = match shapes.of(f0, f1, letters) {
                        Shape::Number => LexState::Known(lexicon::lookup(word)),
                        Shape::Context => LexState::Unknown,
                        Shape::None => LexState::Known(None),
                    };
                    // a run of words outside the vocabulary, one space apart, is one token:
                    // nothing reads inside it, and the reader walks fewer tokens
                    let merge = lex == LexState::Known(None)
                        && gap == Gap::Space
                        && out.last().is_some_and(|t: &Tok| {
                            t.kind == Tk::Word && t.lex.get() == LexState::Known(None)
                        });
                    if merge {
                        let last = out.last_mut().expect("checked");
                        last.e = j as u32;
                        last.sfx = j as u32;
                    } else {
                        push(out, i, j, j, Tk::Word, gap, lex, cont);
                    }
                    // a word's bytes beyond its letters are continuation bytes
                    cont += (j - i - letters) as u32;
                    i = j;
                    if fast && lex == LexState::Known(None) {
                        // most of a bulletin: more such words one space apart join this
                        // run here, without the general loop's per-byte dispatch
                        let (end, cb) = plain_words_end(text, b, i, shapes);
                        i = end;
                        cont += cb;
                        let last = out.last_mut().expect("pushed");
                        last.e = i as u32;
                        last.sfx = i as u32;
                    }
                }
            } else {
                let ch = char_at(text, i);
                i += ch_len;
                let cb = cont;
                cont += (ch_len - 1) as u32;
                if is_space_char(ch) {
                    // NBSP, narrow NBSP, line/paragraph separators …
                    spaced = true;
                    if ch == '\u{2029}' {
                        newlines = 2;
                    } else if ch == '\u{2028}' || ch == '\u{85}' {
                        newlines = newlines.saturating_add(1);
                    }
                    continue;
                }
                push(
                    out,
                    start,
                    i,
                    i,
                    Tk::Punct(ch),
                    gap,
                    LexState::Known(None),
                    cb,
                );
            }
        }
        newlines = 0;
        spaced = false;
    }
}

/// The end of the word whose first letter is at `i`, and its number of letters: runs of
/// ASCII letters eight bytes at a time, a Latin-1 letter (two bytes, `0xC3` then not `×`
/// or `÷`: Spanish accents and ñ) without decoding it, other letters one char at a time.
#[inline(always)]
fn word_end(text: &str, b: &[u8], i: usize) -> (usize, usize) {
    let n = b.len();
    let mut j = ascii_letters_end(b, i);
    let mut letters = j - i;
    while j < n && b[j] >= 0x80 {
        if b[j] == 0xC3 && j + 1 < n && !matches!(b[j + 1], 0x97 | 0xB7) {
            j += 2;
        } else {
            let ch = char_at(text, j);
            if !is_letter(ch) {
                break;
            }
            j += ch.len_utf8();
        }
        let k = ascii_letters_end(b, j);
        letters += 1 + (k - j);
        j = k;
    }
    (j, letters)
}

/// The folded first two letters of the word `i..j` (0 for a missing second one): with its
/// number of letters they pick its shape.
#[inline(always)]
fn first_two(text: &str, b: &[u8], i: usize, j: usize, letters: usize) -> (u8, u8) {
    if b[i] < 0x80 && (letters < 2 || b[i + 1] < 0x80) {
        let second = if letters >= 2 {
            b[i + 1].to_ascii_lowercase()
        } else {
            0
        };
        (b[i].to_ascii_lowercase(), second)
    } else {
        first_two_folded(&text[i..j])
    }
}

/// [`first_two`] of a word with a letter outside ASCII among its first two ("más", "Órgano").
#[inline(never)]
fn first_two_folded(word: &str) -> (u8, u8) {
    let mut cs = word.chars().map(lexicon::fold_char);
    (cs.next().unwrap_or(0), cs.next().unwrap_or(0))
}

/// Where a run of words that the general loop would merge into the word run ending at `i`
/// ends, and the UTF-8 continuation bytes in it: each one space then a word that starts
/// with an ASCII letter, in no vocabulary entry's shape, followed by neither a digit nor a
/// URL's start. Anything else is left to the general loop, which reads it as before.
#[inline]
fn plain_words_end(text: &str, b: &[u8], mut i: usize, shapes: &Shapes) -> (usize, u32) {
    let n = b.len();
    let mut cont = 0u32;
    while i + 1 < n && b[i] == b' ' && b[i + 1].is_ascii_alphabetic() {
        let ws = i + 1;
        let (we, letters) = word_end(text, b, ws);
        if we < n && b[we].is_ascii_digit() {
            break;
        }
        let (f0, f1) = first_two(text, b, ws, we, letters);
        if shapes.of(f0, f1, letters) != Shape::None || is_url_start(&b[ws..we], &b[we..]) {
            break;
        }
        cont += (we - ws - letters) as u32;
        i = we;
    }
    (i, cont)
}

/// UTF-8 continuation bytes (10xxxxxx) in `b`.
fn continuation_bytes(b: &[u8]) -> u32 {
    b.iter().filter(|&&x| (x as i8) < -0x40).count() as u32
}

#[inline]
#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Tok>,
    s: usize,
    e: usize,
    sfx: usize,
    kind: Tk,
    gap: Gap,
    lex: LexState,
    cb: u32,
) {
    out.push(Tok {
        s: s as u32,
        e: e as u32,
        sfx: sfx as u32,
        kind,
        gap,
        lex: Cell::new(lex),
        cb,
    });
}

/// The end of the run of ASCII letters starting at `i`, eight bytes at a time.
#[inline]
fn ascii_letters_end(b: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x0101_0101_0101_0101;
    while i + 8 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        // lowercase ASCII: each byte in 'a'..='z' iff (x + 0x1F) has bit 7 and (x + 0x05)
        // has not; bytes >= 0x80 are ruled out by the last term (no carries cross bytes
        // because the high bit of each byte of x is cleared first)
        let x = (w | 0x2020_2020_2020_2020) & !HIGH;
        let letters = (x + 0x1F * LOW) & !(x + 0x05 * LOW) & !w & HIGH;
        if letters != HIGH {
            return i + ((!letters & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// Digits, with `.` or `,` kept only between two digits, and the apostrophe that marks
/// the millions in "1'234,567" or "12’500,000" ([`millions_mark`]).
/// Returns the end and the UTF-8 continuation bytes in the run.
#[inline]
fn scan_digits(b: &[u8], mut i: usize) -> (usize, u32) {
    let n = b.len();
    let start = i;
    let mut cont = 0;
    while i < n {
        if b[i].is_ascii_digit() {
            i += 1;
        } else if (b[i] == b'.' || b[i] == b',') && i + 1 < n && b[i + 1].is_ascii_digit() {
            i += 2;
        } else if matches!(b[i], b'\'' | 0xE2)
            && let Some(len) = millions_mark(b, start, i)
        {
            i += len;
            cont += len as u32 - 1;
        } else {
            break;
        }
    }
    (i, cont)
}

/// The length of an apostrophe (`'` or `’`) at `i` that separates the millions of a number
/// starting at `start`, as Mexican texts sometimes write them: one to three digits before
/// it, then a group of three and a thousands group ("1'234,567", "$12’500,000.00").
/// Anything else ("5'10", "los 90's") is not one.
#[inline(never)]
fn millions_mark(b: &[u8], start: usize, i: usize) -> Option<usize> {
    let len = match b.get(i..)? {
        [b'\'', ..] => 1,
        [0xE2, 0x80, 0x99, ..] => 3,
        _ => return None,
    };
    let head = &b[start..i];
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let j = i + len;
    let groups = (j..j + 3).all(digit)
        && matches!(b.get(j + 3), Some(b',' | b'.'))
        && (j + 4..j + 7).all(digit)
        && !digit(j + 7);
    ((1..=3).contains(&head.len()) && head.iter().all(u8::is_ascii_digit) && groups).then_some(len)
}

fn scan_alnum(text: &str, b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            i += 1;
            continue;
        }
        let (l, len) = is_letter_at(text, b, i);
        if !l {
            break;
        }
        i += len;
    }
    i
}

fn skip_to_space(text: &str, b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if b[i] < 0x80 {
            if b[i].is_ascii_whitespace() {
                break;
            }
            i += 1;
        } else {
            let ch = char_at(text, i);
            if is_space_char(ch) {
                break;
            }
            i += ch.len_utf8();
        }
    }
    i
}

#[inline]
fn is_url_start(word: &[u8], rest: &[u8]) -> bool {
    if !matches!(rest.first(), Some(b':' | b'.')) {
        return false;
    }
    let w = |s: &str| word.eq_ignore_ascii_case(s.as_bytes());
    ((w("http") || w("https") || w("ftp")) && rest.starts_with(b"://"))
        || (w("www") && rest.first() == Some(&b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(String, Tk, Gap)> {
        let mut v = Vec::new();
        tokenize(s, &mut v);
        v.iter()
            .map(|t| (s[t.s as usize..t.e as usize].to_string(), t.kind, t.gap))
            .collect()
    }

    #[test]
    fn cuts_words_digits_codes_and_punctuation() {
        let t = toks("Realizó 204 mil 782, COVID-19 y 14va TY7hF4 https://x.y/a?b=1 fin");
        let texts: Vec<&str> = t.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Realizó",
                "204",
                "mil",
                "782",
                ",",
                "COVID",
                "-",
                "19",
                "y",
                "14va",
                "TY7hF4",
                "https://x.y/a?b=1",
                "fin"
            ]
        );
        assert_eq!(t[7].1, Tk::Num);
        assert_eq!(t[7].2, Gap::None);
        assert_eq!(t[10].1, Tk::Code);
        assert_eq!(t[11].1, Tk::Code);
    }

    #[test]
    fn keeps_separators_only_between_digits() {
        let t = toks("1,234,567 192. 58.33 1.");
        let texts: Vec<&str> = t.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(texts, ["1,234,567", "192", ".", "58.33", "1", "."]);
        // the millions' apostrophe only between a head of 1-3 digits and two full groups
        let t = toks("1'234,567 12’500,000.5 5'10 1'234 1234'567,890 1'234,5678 90's");
        let texts: Vec<&str> = t.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1'234,567",
                "12’500,000.5",
                "5",
                "'",
                "10",
                "1",
                "'",
                "234",
                "1234",
                "'",
                "567,890",
                "1",
                "'",
                "234,5678",
                "90",
                "'",
                "s"
            ]
        );
    }

    #[test]
    fn ascii_letter_runs_end_where_letters_end() {
        let all: Vec<u8> = (0u8..=255).collect();
        for &stop in &all {
            for len in 0..20 {
                let mut v = vec![b'q'; len];
                v.push(stop);
                v.extend_from_slice(b"abcdefghij");
                let want = if stop.is_ascii_alphabetic() {
                    len + 11
                } else {
                    len
                };
                assert_eq!(ascii_letters_end(&v, 0), want, "stop {stop:#x} len {len}");
            }
        }
        assert_eq!(ascii_letters_end(b"AZaz@[`{", 0), 4);
    }

    #[test]
    fn continuation_bytes_give_code_point_offsets() {
        let text = "Realizó 14ª “más” de\u{a0}1,234 en Mérida https://x.y/ñ 6ETM9m año\u{202f}2 \
                    1’234,567 ñ 12’500,000mil 3";
        let mut v = Vec::new();
        tokenize(text, &mut v);
        for t in &v {
            let want = text[..t.s as usize].chars().count();
            assert_eq!(
                t.s as usize - t.cb as usize,
                want,
                "{:?}",
                &text[t.s as usize..t.e as usize]
            );
        }
    }

    /// Taking runs of plain words in one step changes no token: the same cut with and
    /// without it, on texts that end or split runs every way (accents, digits, a URL,
    /// number and context words, two spaces, line breaks, codes, a lone letter at the end).
    #[test]
    fn the_plain_word_step_changes_no_token() {
        let texts = [
            "la jornada nacional de salud pública dio mil consultas y http://x.y luego  dos veces\nfin del texto B12 aquí",
            "Se otorgaron 204 mil 782 atenciones en la decimocuarta Jornada; más de nueve cirugías www.imss.gob.mx x",
            "Realizó el IMSS un millón 529 mil 812 acciones del 21 al 23 de julio de 2023, a",
            "uno dos tres cuatro cinco seis siete ocho nueve diez veinte cien mil millones",
            "texto sin cifras que solo tiene palabras comunes y corrientes para leer rapido",
            "ftp://a.b www.c.d httpx: wwwx. COVID19 a1 b\n\nc  d\te",
        ];
        for text in texts {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            cut(text, &mut a, true);
            cut(text, &mut b, false);
            let key = |v: &[Tok]| {
                v.iter()
                    .map(|t| (t.s, t.e, t.sfx, t.kind, t.gap, t.lex.get(), t.cb))
                    .collect::<Vec<_>>()
            };
            assert_eq!(key(&a), key(&b), "{text:?}");
        }
    }

    proptest::proptest! {
        /// The same on arbitrary mixes of words, number words, digits, accents, URLs and
        /// spacing.
        #[test]
        fn the_plain_word_step_changes_no_token_on_any_mix(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "la", "jornada", "de", "mil", "nueve", "más", "salud", "pública", "a",
                    "http", "://x.y", "www", ".", "12", "3,5", "B12", " ", "  ", "\n",
                    "\n\n", "ñ", "É", "x", "ción", "\u{a0}", ",", "-", "%", "º",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            cut(&text, &mut a, true);
            cut(&text, &mut b, false);
            let key = |v: &[Tok]| {
                v.iter()
                    .map(|t| (t.s, t.e, t.sfx, t.kind, t.gap, t.lex.get(), t.cb))
                    .collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(key(&a), key(&b), "{:?}", text);
        }
    }

    /// The word's end and letters one char at a time, as the byte steps must give them.
    fn word_end_by_chars(text: &str, i: usize) -> (usize, usize) {
        let mut letters = 0;
        let mut j = i;
        for ch in text[i..].chars() {
            if !(ch.is_ascii_alphabetic() || (!ch.is_ascii() && is_letter(ch))) {
                break;
            }
            letters += 1;
            j += ch.len_utf8();
        }
        (j, letters)
    }

    #[test]
    fn word_ends_by_bytes_are_word_ends_by_chars() {
        let texts = [
            "médicas",
            "ñandú12",
            "camión×3",
            "año÷2",
            "çà",
            "naïve",
            "ǅemal",
            "Ωmega",
            "señoríaº",
            "abcdefghijklmnopqrstuvwxyzáé",
            "é",
            "x\u{a0}y",
            "ab“cd”",
            "mañana-tarde",
        ];
        for text in texts {
            assert_eq!(
                word_end(text, text.as_bytes(), 0),
                word_end_by_chars(text, 0),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn word_ends_by_bytes_are_word_ends_by_chars_on_any_mix(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "bcdefghij", "á", "ñ", "Ü", "×", "÷", "ª", "º", "ǅ", "Ω", "“", "\u{a0}",
                    "1", " ", "-", "ÿ", "À", "\u{2028}", "语",
                ]),
                1..30,
            )
        ) {
            let text: String = parts.concat();
            if text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || (!c.is_ascii() && is_letter(c))) {
                proptest::prop_assert_eq!(
                    word_end(&text, text.as_bytes(), 0),
                    word_end_by_chars(&text, 0),
                    "{:?}",
                    text
                );
            }
        }
    }

    #[test]
    fn tokens_stay_small() {
        // one cache line holds two tokens
        assert!(
            std::mem::size_of::<Tok>() <= 32,
            "{}",
            std::mem::size_of::<Tok>()
        );
    }

    #[test]
    fn records_line_breaks_and_nbsp() {
        let t = toks("98 mil\n482\n\nPuebla\u{a0}126");
        let gaps: Vec<Gap> = t.iter().map(|(_, _, g)| *g).collect();
        assert_eq!(
            gaps,
            [Gap::Para, Gap::Space, Gap::Line, Gap::Para, Gap::Space]
        );
    }
}
