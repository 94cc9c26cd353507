//! Extract: a document's body → mention rows (every figure and every date), with what only
//! a whole document shows: the year of a date from the dateline, the counted noun phrase
//! after a figure, the sentence it is in.

use crate::config::ExtractConfig;
use crate::dates;
use crate::domain::MentionKind;
use crate::figures::{self, DateSpan, Figure, Kind, Qualifier};
use crate::ingest::Document;

/// One row of the `mentions` table (without `doc_id` and `year`, which come from the
/// document).
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    /// Order in the document, from 0.
    pub mention_id: i64,
    /// Code-point offsets into the body, end exclusive.
    pub start: i64,
    pub end: i64,
    /// Byte range of the text in the body (`text(body)`): no copy per mention.
    pub text_bytes: (usize, usize),
    pub value: Option<f64>,
    pub value_int: Option<i64>,
    pub kind: MentionKind,
    pub qualifier: Qualifier,
    /// Byte range in the body of the counted noun phrase (`unit(body)`), if any.
    pub unit_bytes: Option<(usize, usize)>,
    /// Days since 1970-01-01 (date rows).
    pub date_start: Option<i32>,
    pub date_end: Option<i32>,
    /// Sentence index in the body, from 0.
    pub sentence: i64,
}

/// Every figure and date of a document, in order.
pub fn extract(doc: &Document, cfg: &ExtractConfig) -> Vec<MentionRow> {
    extract_in(doc, cfg, &sentence_starts(&doc.body))
}

/// [`extract`] given the document's [`sentence_starts`] (the facts stage needs them too).
pub fn extract_in(doc: &Document, cfg: &ExtractConfig, sentences: &[usize]) -> Vec<MentionRow> {
    let body = doc.body.as_str();
    let reading = figures::read(body, cfg.locale);
    let sentence_of = |byte: usize| sentences.partition_point(|&s| s <= byte) as i64 - 1;
    // figures and dates merged in text order
    let mut spans: Vec<(usize, Item)> = reading
        .figures
        .iter()
        .map(|f| (f.byte_start, Item::Figure(*f)))
        .chain(reading.dates.iter().map(|d| (d.byte_start, Item::Date(*d))))
        .collect();
    spans.sort_by_key(|(b, _)| *b);
    let starts: Vec<usize> = spans.iter().map(|(b, _)| *b).collect();
    spans
        .iter()
        .enumerate()
        .map(|(k, (_, item))| match item {
            Item::Figure(f) => {
                let next = starts.get(k + 1).copied().unwrap_or(body.len());
                MentionRow {
                    mention_id: k as i64,
                    start: f.start as i64,
                    end: f.end as i64,
                    text_bytes: (f.byte_start, f.byte_end),
                    value: Some(f.value.to_f64()),
                    value_int: f.value.as_i64(),
                    kind: f.kind.into(),
                    qualifier: f.qualifier,
                    unit_bytes: unit_after(body, f, next, cfg.unit_max_words),
                    date_start: None,
                    date_end: None,
                    sentence: sentence_of(f.byte_start),
                }
            }
            Item::Date(d) => {
                let (date_start, date_end) = resolve_date(d, doc.published_date);
                MentionRow {
                    mention_id: k as i64,
                    start: d.start as i64,
                    end: d.end as i64,
                    text_bytes: (d.byte_start, d.byte_end),
                    value: None,
                    value_int: None,
                    kind: MentionKind::Date,
                    qualifier: Qualifier::Exact,
                    unit_bytes: None,
                    date_start,
                    date_end,
                    sentence: sentence_of(d.byte_start),
                }
            }
        })
        .collect()
}

impl MentionRow {
    /// The characters as written.
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        &body[self.text_bytes.0..self.text_bytes.1]
    }

    /// The counted noun phrase as written after the figure.
    pub fn unit<'a>(&self, body: &'a str) -> Option<&'a str> {
        self.unit_bytes.map(|(s, e)| &body[s..e])
    }
}

enum Item {
    Figure(Figure),
    Date(DateSpan),
}

/// The dates of a span. The year is the one written; else the one of the publication year
/// and its neighbours that puts the date nearest the publication (a December event in a
/// January bulletin is last December), checked against a
/// written weekday ("jueves 26 de septiembre": the year whose 26 September is a Thursday,
/// among the publication year and its neighbours). Without a year, no date.
pub fn resolve_date(d: &DateSpan, published: Option<i32>) -> (Option<i32>, Option<i32>) {
    let pub_ymd = published.map(dates::civil_from_days);
    let month_from = if d.month_from == 0 {
        match pub_ymd {
            Some((_, m, _)) => m,
            None => return (None, None),
        }
    } else {
        u32::from(d.month_from)
    };
    let month_to = if d.month_to == 0 {
        month_from
    } else {
        u32::from(d.month_to)
    };
    let make = |y: i32| -> Option<(i32, i32)> {
        let s = dates::days_from_civil(y, month_from, u32::from(d.day_from))?;
        let mut e = dates::days_from_civil(y, month_to, u32::from(d.day_to))?;
        if e < s {
            // "del 28 de diciembre al 2 de enero"
            e = dates::days_from_civil(y + 1, month_to, u32::from(d.day_to))?;
        }
        Some((s, e))
    };
    let year = match (d.year, pub_ymd) {
        (Some(y), _) => y,
        (None, Some((py, _, _))) => {
            // the year that puts the date nearest the publication ("antes del 31 de
            // marzo" in a November bulletin is next March)
            let p = published.unwrap_or_default();
            let mut y = [py, py - 1, py + 1]
                .into_iter()
                .filter_map(|c| make(c).map(|(s, _)| (c, (s - p).abs())))
                .min_by_key(|&(_, dist)| dist)
                .map_or(py, |(c, _)| c);
            if let Some(w) = d.weekday {
                let matches = |y: i32| make(y).is_some_and(|(s, _)| dates::weekday(s) == w);
                if !matches(y)
                    && let Some(alt) = [py, py - 1, py + 1].into_iter().find(|&c| matches(c))
                {
                    y = alt;
                }
            }
            y
        }
        (None, None) => return (None, None),
    };
    match make(year) {
        Some((s, e)) => (Some(s), Some(e)),
        None => (None, None),
    }
}

/// Byte offsets where sentences start: after ".", "!", "?" or ";" followed by a space and
/// a capital, a digit, a bullet or a quote; at every line break (the body keeps one per
/// paragraph, bullet and heading). "No." and titles ("Dr.", "Lic.") do not end sentences.
pub fn sentence_starts(body: &str) -> Vec<usize> {
    let b = body.as_bytes();
    // the bytes that can end a sentence, found by memchr (most bytes are none); "!" and "?"
    // are rare and searched apart, then merged in order
    let mut at: Vec<usize> = memchr::memchr3_iter(b'\n', b'.', b';', b).collect();
    let before = at.len();
    at.extend(memchr::memchr2_iter(b'!', b'?', b));
    if at.len() > before {
        at.sort_unstable();
    }
    let mut starts = vec![0];
    let mut i = 0; // where the text not yet read starts
    for &k in &at {
        if k < i {
            continue; // inside a run of line breaks already read
        }
        let c = b[k];
        if c == b'\n' {
            let mut j = k + 1;
            while j < b.len() && b[j] == b'\n' {
                j += 1;
            }
            if j < b.len() {
                starts.push(j);
            }
            i = j;
            continue;
        }
        if k + 2 < b.len() && b[k + 1] == b' ' {
            let next = body[k + 2..].chars().next().unwrap_or(' ');
            let opener = next.is_uppercase()
                || next.is_ascii_digit()
                || matches!(next, '·' | '•' | '“' | '"' | '¿' | '¡' | '(');
            if opener && !(c == b'.' && abbreviation_before(body, k)) {
                starts.push(k + 2);
            }
        }
        i = k + 1;
    }
    starts
}

fn abbreviation_before(body: &str, dot: usize) -> bool {
    // after the last character that is not a letter (which may take several bytes: "¡")
    let word_start = body[..dot]
        .char_indices()
        .rfind(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let w = &body[word_start..dot];
    matches!(
        w,
        "No" | "no"
            | "Núm"
            | "núm"
            | "Dr"
            | "Dra"
            | "Sr"
            | "Sra"
            | "Lic"
            | "Ing"
            | "Mtro"
            | "Mtra"
            | "Prof"
            | "Profa"
            | "Arq"
            | "C"
            | "Tel"
            | "tel"
            | "Av"
            | "aprox"
    ) || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
}

/// Words that end a counted noun phrase.
const STOP: &[&str] = &[
    "a",
    "al",
    "ante",
    "así",
    "bajo",
    "cada",
    "como",
    "con",
    "contra",
    "cuando",
    "desde",
    "donde",
    "durante",
    "el",
    "en",
    "entre",
    "es",
    "esa",
    "ese",
    "esta",
    "estas",
    "este",
    "estos",
    "fue",
    "fueron",
    "ha",
    "han",
    "hasta",
    "hacia",
    "la",
    "las",
    "le",
    "les",
    "lo",
    "los",
    "mediante",
    "menos",
    "mientras",
    "más",
    "ni",
    "no",
    "o",
    "para",
    "pero",
    "por",
    "porque",
    "que",
    "se",
    "según",
    "si",
    "sin",
    "sobre",
    "su",
    "sus",
    "también",
    "tras",
    "u",
    "un",
    "una",
    "unas",
    "unos",
    "ya",
    "respectivamente",
    "aproximadamente",
    "solo",
    "sólo",
    "entre",
    "otras",
    "otros",
    "además",
    "respecto",
];

/// The counted noun phrase written after a figure: "98 mil 482 Consultas de Medicina
/// Familiar" → "Consultas de Medicina Familiar"; "19 mil 333 de Especialidad" (elided noun)
/// → "de Especialidad"; "2 mil 939 cirugías y 24 trasplantes" → "cirugías". Ends at
/// punctuation, a line break, the next figure or date, or a stop word; "de"/"del" continue
/// it before a content word, "y" only between capitalized words ("Diagnóstico y
/// Tratamiento").
///
/// When no phrase follows the figure, two ways of naming it later: after a plural copula,
/// "45 mil 902 fueron Consultas de Medicina Familiar"; and in a list whose items name
/// their figure after a comma, each item closed by a semicolon (the last one by a period
/// after "; y"): "13 mil 440, Consultas de Especialidad; 3 mil 115, cirugías; y 79 mil
/// 352, estudios auxiliares."
fn unit_after(body: &str, f: &Figure, limit: usize, max_words: usize) -> Option<(usize, usize)> {
    const COPULAS: [&str; 4] = [
        " fueron ",
        " son ",
        " correspondieron a ",
        " corresponden a ",
    ];
    if f.kind == Kind::Money && f.text(body).ends_with("pesos") {
        // "mil 500 millones de pesos": the currency is in the figure already
        return None;
    }
    let rest = &body[f.byte_end..limit.max(f.byte_end)];
    if let Some(c) = COPULAS.iter().find(|c| rest.starts_with(**c)) {
        // (the copula's last space is read as the one after a figure)
        return unit_from(body, f.byte_end + c.len() - 1, limit, max_words);
    }
    if let Some(u) = unit_from(body, f.byte_end, limit, max_words) {
        return Some(u);
    }
    // (an item closed by ';' or '.' before the next figure: a ranking's ", Guanajuato con"
    // is read no further)
    if rest.starts_with(", ") && memchr::memchr2(b';', b'.', rest.as_bytes()).is_some() {
        let u = unit_from(body, f.byte_end + 1, limit, max_words)?;
        let closed = match body[u.1..].bytes().next() {
            Some(b';') => true,
            Some(b'.') => body[..f.byte_start].ends_with("; y "),
            _ => false,
        };
        return closed.then_some(u);
    }
    None
}

/// The noun phrase that starts at byte `from` of `body` (right after a figure, or after
/// [`unit_after`]'s lead). The text is read as pieces between single spaces (an empty
/// piece, two spaces, ends the phrase); the words kept are whole pieces one space apart
/// but the last, so the phrase is held as its first word's start and its last word,
/// without a list.
fn unit_from(body: &str, from: usize, limit: usize, max_words: usize) -> Option<(usize, usize)> {
    let rest = &body[from..limit.max(from)];
    let b = rest.as_bytes();
    let (mut first, mut last, mut count) = (0usize, (0usize, 0usize), 0usize);
    let mut pos = 0;
    loop {
        let space = memchr::memchr(b' ', &b[pos..]).map_or(b.len(), |k| pos + k);
        // where the text after this piece starts
        let after = (space + 1).min(b.len());
        if space == pos {
            // an empty piece: a space right after the figure is skipped, two end the phrase
            if pos == 0 && space < b.len() {
                pos = after;
                continue;
            }
            break;
        }
        // a line break ends the phrase after this word
        let piece = &rest[pos..space];
        let (raw, line_ends) = match memchr::memchr(b'\n', piece.as_bytes()) {
            Some(k) => (&piece[..k], true),
            None => (piece, false),
        };
        let w = trim_end_non_alnum(raw);
        let ends = w.len() != raw.len() || line_ends;
        if w.is_empty() || !is_wordish(w) || is_stop(w) {
            break;
        }
        if w.eq_ignore_ascii_case("y") || w.eq_ignore_ascii_case("e") {
            let prev_cap = count > 0 && rest[last.0..last.1].starts_with(char::is_uppercase);
            let next_cap = rest[after..].chars().next().is_some_and(char::is_uppercase);
            if !(prev_cap && next_cap) {
                break;
            }
        }
        if w.eq_ignore_ascii_case("de") || w.eq_ignore_ascii_case("del") {
            // the next word ends at a space or a line break ("de consultas.\n\nLa")
            let next = rest[after..].split([' ', '\n']).next().unwrap_or("");
            let next_word = trim_end_non_alnum(next);
            let content = !next.is_empty() && is_wordish(next_word) && !is_stop(next_word);
            if !content {
                break;
            }
        }
        if count == 0 {
            first = pos;
        }
        last = (pos, pos + w.len());
        count += 1;
        if ends || count >= max_words || space == b.len() {
            break;
        }
        pos = after;
    }
    // a connector does not end a phrase: drop it, and the one before it …
    while count > 0 && is_connector(&rest[last.0..last.1]) {
        count -= 1;
        if count > 0 {
            // … whose word is the piece before the separating space
            let end = last.0 - 1;
            let start = rest[first..end].rfind(' ').map_or(first, |k| first + k + 1);
            last = (start, end);
        }
    }
    (count > 0).then(|| (from + first, from + last.1))
}

fn is_connector(w: &str) -> bool {
    ["de", "del", "y", "e"]
        .iter()
        .any(|c| w.eq_ignore_ascii_case(c))
}

/// `w` without the characters that are neither letters nor digits at its end.
#[inline]
fn trim_end_non_alnum(w: &str) -> &str {
    match w.as_bytes().last() {
        Some(c) if c.is_ascii_alphanumeric() => w,
        _ => w.trim_end_matches(|c: char| !c.is_alphanumeric()),
    }
}

/// The stop words' shapes: bit `n` of entry `c` is set when some stop word of `n` bytes
/// starts with the byte `c` (lowercase). Most words after a figure fail this test, which
/// costs one load, before any hashing.
static STOP_SHAPES: std::sync::LazyLock<[u32; 256]> = std::sync::LazyLock::new(|| {
    let mut t = [0u32; 256];
    for w in STOP {
        t[usize::from(w.as_bytes()[0])] |= 1 << w.len();
    }
    t
});

/// A stop word, in any case ("Durante", "MÁS"): ASCII and the Latin-1 capitals
/// (`0xC3 0x80`–`0x9E`, "Á" to "Þ" but "×") lowercased in a buffer on the stack, a shape
/// test, then one hash lookup; a word with other non-ASCII letters is lowercased by
/// Unicode's rules. (A binary search of the list cost about 580 instructions a word.)
fn is_stop(w: &str) -> bool {
    static STOPS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static [u8]>> =
        std::sync::LazyLock::new(|| STOP.iter().map(|w| w.as_bytes()).collect());
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..b.len()];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            lower[i] = c.to_ascii_lowercase();
            i += 1;
        } else if c == 0xC3 && i + 1 < b.len() {
            // "Á" (C3 81) → "á" (C3 A1); "×" (C3 97), "ß" and the lowercase letters stay
            let d = b[i + 1];
            lower[i] = c;
            lower[i + 1] = if (0x80..=0x9E).contains(&d) && d != 0x97 {
                d + 0x20
            } else {
                d
            };
            i += 2;
        } else {
            return STOPS.contains(w.to_lowercase().as_bytes());
        }
    }
    if STOP_SHAPES[usize::from(lower[0])] & (1 << b.len()) == 0 {
        return false;
    }
    STOPS.contains(&*lower)
}

/// Letters (and hyphens inside, "crónico-degenerativas"), no digits.
#[inline]
fn is_wordish(w: &str) -> bool {
    let b = w.as_bytes();
    if b.is_ascii() {
        return b.first().is_some_and(u8::is_ascii_alphabetic)
            && b.iter().all(|&c| c.is_ascii_alphabetic() || c == b'-');
    }
    w.chars().next().is_some_and(char::is_alphabetic)
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_TOML, ExtractConfig, Pipeline};
    use crate::figures::Locale;

    // The sentence starts as the byte-by-byte loop found them before memchr (issue 14).
    fn sentence_starts_reference(body: &str) -> Vec<usize> {
        let b = body.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'\n' {
                let mut j = i + 1;
                while j < b.len() && b[j] == b'\n' {
                    j += 1;
                }
                if j < b.len() {
                    starts.push(j);
                }
                i = j;
                continue;
            }
            if matches!(c, b'.' | b'!' | b'?' | b';') && i + 2 < b.len() && b[i + 1] == b' ' {
                let next = body[i + 2..].chars().next().unwrap_or(' ');
                let opener = next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '·' | '•' | '“' | '"' | '¿' | '¡' | '(');
                if opener && !(c == b'.' && abbreviation_before(body, i)) {
                    starts.push(i + 2);
                }
            }
            i += 1;
        }
        starts
    }

    #[test]
    fn sentence_starts_equal_the_byte_loop() {
        let pieces = [
            "El IMSS",
            ". ",
            "! ",
            "? ",
            "; ",
            ".",
            "\n",
            "\n\n",
            " ",
            "No. 12",
            "Dr. Pérez",
            "¡Éxito",
            "“Cita”",
            "(nota)",
            "3 mil",
            "a",
            "á",
            ".\n",
            " . ",
            "?!",
            "…",
        ];
        let mut rng = crate::testing::Rng::new(0xDEAD_BEEF_1234_5678);
        for _ in 0..20_000 {
            let t: String = (0..10).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(sentence_starts(&t), sentence_starts_reference(&t), "{t:?}");
        }
    }

    // The reading of the unit and the stop words as they were before the byte-level rewrite
    // (issue 14), kept to hold the new code equal to them.
    fn unit_after_reference(
        body: &str,
        f: &Figure,
        limit: usize,
        max_words: usize,
    ) -> Option<(usize, usize)> {
        if f.kind == Kind::Money && f.text(body).ends_with("pesos") {
            // "mil 500 millones de pesos": the currency is in the figure already
            return None;
        }
        let rest = &body[f.byte_end..limit.max(f.byte_end)];
        let mut words: Vec<&str> = Vec::new();
        let mut offset = 0;
        for raw in rest.split(' ') {
            let start = offset;
            offset += raw.len() + 1;
            if raw.is_empty() {
                if start == 0 {
                    continue;
                }
                break;
            }
            // a line break ends the phrase after this word
            let (raw, line_ends) = match raw.split_once('\n') {
                Some((w, _)) => (w, true),
                None => (raw, false),
            };
            let w = raw.trim_end_matches(|c: char| !c.is_alphanumeric());
            let ends = w.len() != raw.len() || line_ends;
            if w.is_empty() || !is_wordish_reference(w) {
                break;
            }
            if is_stop_reference(w) {
                break;
            }
            if w.eq_ignore_ascii_case("y") || w.eq_ignore_ascii_case("e") {
                let prev_cap = words
                    .last()
                    .is_some_and(|p| p.starts_with(char::is_uppercase));
                let next_cap = rest[offset.min(rest.len())..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if !(prev_cap && next_cap) {
                    break;
                }
            }
            if w.eq_ignore_ascii_case("de") || w.eq_ignore_ascii_case("del") {
                // the next word ends at a space or a line break ("de consultas.\n\nLa")
                let next = rest[offset.min(rest.len())..]
                    .split([' ', '\n'])
                    .next()
                    .unwrap_or("");
                let next_word = next.trim_end_matches(|c: char| !c.is_alphanumeric());
                let content = !next.is_empty()
                    && is_wordish_reference(next_word)
                    && !is_stop_reference(next_word);
                if !content {
                    break;
                }
            }
            words.push(w);
            if ends || words.len() >= max_words {
                break;
            }
        }
        while words.last().is_some_and(|w| {
            ["de", "del", "y", "e"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        }) {
            words.pop();
        }
        // the words are consecutive slices of `rest`, one space apart: the phrase is the span
        // from the first to the last
        let (first, last) = (words.first()?, words.last()?);
        let base = rest.as_ptr() as usize;
        let start = f.byte_end + (first.as_ptr() as usize - base);
        let end = f.byte_end + (last.as_ptr() as usize - base) + last.len();
        Some((start, end))
    }

    fn is_stop_reference(w: &str) -> bool {
        static STOPS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
            std::sync::LazyLock::new(|| STOP.iter().copied().collect());
        if w.len() > 16 {
            return false;
        }
        if w.is_ascii() {
            let mut buf = [0u8; 16];
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).unwrap_or("");
            STOPS.contains(lower)
        } else {
            STOPS.contains(w.to_lowercase().as_str())
        }
    }

    fn is_wordish_reference(w: &str) -> bool {
        w.chars().next().is_some_and(char::is_alphabetic)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
    }

    #[test]
    fn unit_after_equals_the_piecewise_reading() {
        let words = [
            "consultas",
            "Consultas",
            "de",
            "De",
            "DEL",
            "del",
            "y",
            "Y",
            "e",
            "Medicina",
            "Familiar",
            "Diagnóstico",
            "Tratamiento",
            "cirugías",
            "Cirugías.",
            "atenciones,",
            "la",
            "LA",
            "MÁS",
            "más",
            "Según",
            "Ésta",
            "sólo",
            "SÓLO",
            "además",
            "ADEMÁS",
            "crónico-degenerativas",
            "-guion",
            "x2",
            "Ñandú",
            "niños)",
            "(IMSS)",
            "Über",
            "İstanbul",
            "ﬁn",
            "pesos",
            "millones",
            "respectivamente",
            "aproximadamente",
            "personas\nLa",
            "unidades.\n\nEl",
            "\nTotal",
            "a",
            "Al",
            "u",
            "“Salud”",
            "%",
        ];
        let figures = [
            "204 mil 782",
            "15",
            "2.7 millones de pesos",
            "mil 258",
            "nueve",
            "3.5%",
        ];
        let mut rng = crate::testing::Rng::new(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| rng.below(n);
        let (mut texts, mut compared) = (0, 0);
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(3 + next(25)) {
                match next(10) {
                    0 | 1 => text.push_str(figures[next(figures.len())]),
                    _ => text.push_str(words[next(words.len())]),
                }
                text.push_str(["  ", " ", " ", " ", " ", "\n", " ", ", "][next(8)]);
            }
            let reading = figures::read(&text, Locale::EsMx);
            let starts: Vec<usize> = reading.figures.iter().map(|f| f.byte_start).collect();
            for (k, f) in reading.figures.iter().enumerate() {
                let limit = starts.get(k + 1).copied().unwrap_or(text.len());
                // the reading that needs no lead: the phrase right after the figure
                let with_pesos = f.kind == Kind::Money && f.text(&text).ends_with("pesos");
                for max in [0, 1, 2, 3, 6, 12] {
                    let next_to = match with_pesos {
                        true => None,
                        false => unit_from(&text, f.byte_end, limit, max),
                    };
                    assert_eq!(
                        next_to,
                        unit_after_reference(&text, f, limit, max),
                        "{text:?} at {} with {max} words",
                        f.byte_start
                    );
                    compared += 1;
                }
            }
            texts += 1;
        }
        assert!(texts == 3_000 && compared > 20_000, "{compared}");
        for w in words
            .iter()
            .chain(STOP)
            .chain(["ÁL", "Ante", "CON", "SIN", "ÉL"].iter())
        {
            for form in [w.to_string(), w.to_uppercase(), w.to_lowercase()] {
                assert_eq!(is_stop(&form), is_stop_reference(&form), "{form}");
                assert_eq!(is_wordish(&form), is_wordish_reference(&form), "{form}");
            }
        }
    }

    #[test]
    fn stop_words_in_any_case_and_nothing_else() {
        for w in STOP {
            let title: String = w
                .chars()
                .enumerate()
                .flat_map(|(k, c)| {
                    let up: Vec<char> = if k == 0 {
                        c.to_uppercase().collect()
                    } else {
                        vec![c]
                    };
                    up
                })
                .collect();
            for form in [w.to_string(), w.to_uppercase(), title] {
                assert!(is_stop(&form), "{form}");
            }
        }
        for w in [
            "consultas",
            "de",
            "jornada",
            "MAS",
            "mas",
            "Tambien",
            "",
            "respectivamentex",
        ] {
            assert!(!is_stop(w), "{w}");
        }
    }

    fn cfg() -> ExtractConfig {
        Pipeline::parse(DEFAULT_TOML, "t").unwrap().extract
    }

    fn doc(body: &str, published: Option<i32>) -> Document {
        Document {
            format: "text",
            source_url: None,
            doc_id: "d".into(),
            source_path: "x".into(),
            bulletin_number: None,
            published_date: published,
            place: None,
            title: None,
            encoding: "UTF-8".into(),
            body: body.into(),
            bytes: body.len() as u64,
        }
    }

    fn units(body: &str) -> Vec<(String, Option<String>)> {
        extract(&doc(body, None), &cfg())
            .into_iter()
            .map(|m| (m.text(body).to_string(), m.unit(body).map(str::to_string)))
            .collect()
    }

    #[test]
    fn counted_noun_phrases() {
        let u = units(
            "se llevaron a cabo 98 mil 482 Consultas de Medicina Familiar, 72 mil 546 detecciones de enfermedades prioritarias, 26 mil 195 de Especialidad, 4 mil 596 Estudios Auxiliares de Diagnóstico y Tratamiento, 2 mil 939 cirugías y 24 trasplantes de órganos.",
        );
        let want = [
            ("98 mil 482", Some("Consultas de Medicina Familiar")),
            (
                "72 mil 546",
                Some("detecciones de enfermedades prioritarias"),
            ),
            ("26 mil 195", Some("de Especialidad")),
            (
                "4 mil 596",
                Some("Estudios Auxiliares de Diagnóstico y Tratamiento"),
            ),
            ("2 mil 939", Some("cirugías")),
            ("24", Some("trasplantes de órganos")),
        ];
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
            .collect();
        assert_eq!(u, want);
        let u = units(
            "24 trasplantes.\n\nCon esta 3 mil 500 cirugías y 85 mil 600 consultas de Medicina Familiar.\n",
        );
        assert_eq!(u[0].1.as_deref(), Some("trasplantes"));
        assert_eq!(u[1].1.as_deref(), Some("cirugías"));
        assert_eq!(u[2].1.as_deref(), Some("consultas de Medicina Familiar"));
        let u = units(
            "Puebla con 15 mil 813, más de 109 mil unidades de 10 claves de fármacos y 121.8 por ciento de productividad",
        );
        assert_eq!(u[0].1, None);
        assert_eq!(u[1].1.as_deref(), Some("unidades"));
        assert_eq!(u[2].1.as_deref(), Some("claves de fármacos"));
        assert_eq!(u[3].1.as_deref(), Some("de productividad"));
    }

    #[test]
    fn a_noun_named_after_a_copula_or_a_comma_in_a_semicolon_list() {
        let u = units(
            "De las atenciones, 45 mil 902 fueron Consultas de Medicina Familiar; 13 mil 440, Consultas de Especialidad; 3 mil 115, cirugías; y 79 mil 352, estudios auxiliares de diagnóstico.",
        );
        let got: Vec<Option<&str>> = u.iter().map(|(_, u)| u.as_deref()).collect();
        assert_eq!(
            got,
            [
                Some("Consultas de Medicina Familiar"),
                Some("Consultas de Especialidad"),
                Some("cirugías"),
                Some("estudios auxiliares de diagnóstico"),
            ]
        );
        assert_eq!(
            units("otras 2 mil son cirugías ambulatorias")[0]
                .1
                .as_deref(),
            Some("cirugías ambulatorias")
        );
        // a comma that does not close a semicolon list names nothing: a ranking, a clause
        for text in [
            "Jalisco con 18 mil 300, Guanajuato con 15 mil",
            "se otorgaron 212 mil, cifra que supera la meta",
            "con 12 mil, Puebla.",
        ] {
            assert_eq!(units(text)[0].1, None, "{text}");
        }
    }

    #[test]
    fn a_noun_after_de_at_the_end_of_a_paragraph_is_the_unit() {
        // regression: the word after "de" was read up to the next space, across the
        // paragraph break, and the phrase was dropped
        let u = units("se han dado más de tres millones de consultas.\n\nLa número 17");
        assert_eq!(u[0].1.as_deref(), Some("de consultas"));
    }

    #[test]
    fn dates_take_the_year_of_the_dateline() {
        let published = dates::days_from_civil(2024, 9, 26);
        let rows = extract(
            &doc(
                "Del 21 al 23 de julio; el lunes 7 de octubre; el 28 de diciembre; el 5 de este mes.",
                published,
            ),
            &cfg(),
        );
        let got: Vec<(String, String)> = rows
            .iter()
            .filter(|m| m.kind == MentionKind::Date)
            .map(|m| {
                (
                    dates::iso(m.date_start.unwrap()),
                    dates::iso(m.date_end.unwrap()),
                )
            })
            .collect();
        let want = [
            ("2024-07-21", "2024-07-23"),
            ("2024-10-07", "2024-10-07"),
            ("2024-12-28", "2024-12-28"),
            ("2024-09-05", "2024-09-05"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
        // a December date in a February bulletin is last December
        let rows = extract(
            &doc("el 28 de diciembre", dates::days_from_civil(2025, 2, 3)),
            &cfg(),
        );
        assert_eq!(dates::iso(rows[0].date_start.unwrap()), "2024-12-28");
        // a March date in a November bulletin is next March
        let rows = extract(
            &doc(
                "antes del 31 de marzo",
                dates::days_from_civil(2023, 11, 30),
            ),
            &cfg(),
        );
        assert_eq!(dates::iso(rows[0].date_start.unwrap()), "2024-03-31");
        // no dateline: no year, no date
        let rows = extract(&doc("del 21 al 23 de julio", None), &cfg());
        assert_eq!(
            (rows[0].kind, rows[0].date_start),
            (MentionKind::Date, None)
        );
    }

    #[test]
    fn weekday_picks_the_year() {
        // published in January 2025; "jueves 26 de septiembre" was a Thursday in 2024
        let published = dates::days_from_civil(2025, 1, 10);
        let r = figures::read("el jueves 26 de septiembre", Locale::EsMx);
        let (s, _) = resolve_date(&r.dates[0], published);
        assert_eq!(dates::iso(s.unwrap()), "2024-09-26");
    }

    #[test]
    fn a_multibyte_character_before_a_period_is_no_word_start() {
        // regression: "¡. 𝑨" sliced inside "¡" (found by the facts property test)
        assert_eq!(sentence_starts("¡. 𝑨"), vec![0, 4]);
        assert_eq!(sentence_starts("«No. 5» Dr. López. Fin"), vec![0, 22]);
    }

    #[test]
    fn sentences() {
        let body = "Se otorgaron 2.7 millones. El IMSS, No. 496/2024, informó. Dr. López dijo 5 cosas.\n· Punto 24";
        let rows = extract(&doc(body, None), &cfg());
        let s: Vec<(String, i64)> = rows
            .iter()
            .map(|m| (m.text(body).to_string(), m.sentence))
            .collect();
        assert_eq!(
            s,
            [
                ("2.7 millones".to_string(), 0),
                ("5".to_string(), 2),
                ("24".to_string(), 3)
            ]
        );
    }
}
