//! Raw text → `body`, the normalized text every offset in the warehouse refers to.
//!
//! Unicode NFC; CRLF and CR → LF; NBSP and other spaces → space; soft hyphens and
//! zero-width characters removed; page headers, footers and page-number lines of PDF
//! extracts removed; words hyphenated across a line break rejoined; hard-wrapped lines
//! joined into paragraphs (paragraphs end at a blank line, a bullet or a heading).

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

const PAGE: char = '\u{c}';

/// Cleans decoded text.
pub fn clean(text: &str, header_min_repeats: usize) -> String {
    clean_and_stamp(text, header_min_repeats).0
}

/// [`clean`], and the page's time stamp or byline with its date that the cleaning dropped
/// as chrome ("Por Redacción | 24 de marzo de 2022 | 10:35 hrs"): a reprint's date of
/// publication when the bulletin's dateline did not survive. Only a stamp among the first
/// twelve lines counts: dates further down (sidebars, "Lo más leído") are not the
/// article's.
pub(super) fn clean_and_stamp(text: &str, header_min_repeats: usize) -> (String, Option<String>) {
    let flat = normalize_chars(text);
    let pages: Vec<Vec<&str>> = flat
        .split(PAGE)
        .map(|p| p.split('\n').map(str::trim).collect())
        .collect();
    let mut lines = drop_headers_and_page_numbers(&pages, header_min_repeats);
    let stamp = drop_site_chrome(&mut lines);
    (paragraphs(&lines), stamp)
}

/// The chrome of a news site's page, copied with the article: bylines ("Por Redacción"),
/// agency tags ("(AGENCIA)"), "Comentarios", share and follow lines, photo credits,
/// "Lee también" teasers and time stamps ("hace 2 horas", "Actualizado 10:45 hrs").
/// Such lines become blank lines; a bulletin's own sentences never look like them. After a
/// teaser list's heading ("Lo más leído", "Te recomendamos"), the titles under it (lines
/// that are not sentences, such as "1. Clima en CDMX 2. Precio del dólar hoy") go too,
/// up to a blank line or a sentence. Returns the first of the page's stamps among the
/// first twelve lines (see [`clean_and_stamp`]).
fn drop_site_chrome(lines: &mut [&str]) -> Option<String> {
    let mut in_teasers = false;
    let mut stamp = None;
    let mut seen = 0;
    for line in lines.iter_mut() {
        if line.is_empty() {
            in_teasers = false;
            continue;
        }
        seen += 1;
        let sentence = line.trim_end().ends_with('.');
        if in_teasers && !sentence {
            *line = "";
            continue;
        }
        in_teasers = false;
        if is_chrome(line) {
            // a stamp is a short line with a bar or a clock's colon
            let stamped = seen <= 12
                && line.len() <= 120
                && memchr::memchr2(b'|', b':', line.as_bytes()).is_some();
            if stamp.is_none() && stamped {
                stamp = Some(line.to_string());
            }
            in_teasers = TEASER_HEADINGS.contains(&crate::fold::fold(line).trim());
            *line = "";
        }
    }
    stamp
}

/// The headings of a list of other articles, alone on their line: chrome, and so are the
/// titles under them.
const TEASER_HEADINGS: [&str; 8] = [
    "lo mas leido",
    "te recomendamos",
    "te puede interesar",
    "noticias relacionadas",
    "mas noticias",
    "lee tambien",
    "leer tambien",
    "notas relacionadas",
];

fn is_chrome(line: &str) -> bool {
    // (and the teaser headings, "lee tambien", "lo mas leido", …)
    const STARTS: [&str; 14] = [
        "comentarios",
        "compartir",
        "comparte",
        "siguenos",
        "sigue a",
        "suscribete",
        "publicidad",
        "etiquetas",
        "tags",
        "foto",
        "fotos",
        "credito",
        "actualizado",
        "ultima actualizacion",
    ];
    const SHARE: [&str; 14] = [
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "linkedin",
        "email",
        "correo",
        "copiar",
        "enlace",
        "imprimir",
        "instagram",
        "tiktok",
        "youtube",
    ];
    const AGENCIES: [&str; 9] = [
        "agencia",
        "agencias",
        "redaccion",
        "staff",
        "notimex",
        "efe",
        "afp",
        "reuters",
        "ap",
    ];
    // a sentence is never chrome (tested first: most lines of a body are sentences, and
    // need no folding)
    if line.trim_end().ends_with('.') {
        return false;
    }
    // (fold: lowercase, no accents, punctuation as spaces)
    let folded = crate::fold::fold(line.trim());
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    if n == 0 || n > 14 {
        return false;
    }
    let starts = STARTS.iter().chain(&TEASER_HEADINGS).any(|p| {
        folded.starts_with(p)
            && folded[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    if starts {
        return true;
    }
    // "Facebook Twitter WhatsApp", "Compartir en: X | Facebook"
    if words.iter().all(|w| SHARE.contains(w)) {
        return true;
    }
    // "(AGENCIA)", "Redacción", "Por Redacción", "Por: María López | Agencia X"
    if n <= 3 && words.iter().all(|w| AGENCIES.contains(w) || *w == "por") {
        return true;
    }
    let byline = words.first() == Some(&"por")
        && n <= 7
        && !line.chars().any(|c| c.is_ascii_digit())
        && line.split_whitespace().skip(1).all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic())
                || matches!(w, "de" | "del" | "la" | "y")
        });
    if byline {
        return true;
    }
    // "Inicio > Salud", "Portada » Nacional » Salud": a breadcrumb of section names
    // (a pre-test: '»' ends in the byte 0xBB, as "û" and a few others do; they only cost
    // the split)
    let crumbs: Vec<&str> = match memchr::memchr2(b'>', 0xBB, line.as_bytes()).is_some() {
        true => line.split(['>', '»']).collect(),
        false => Vec::new(),
    };
    if crumbs.len() >= 2
        && n <= 8
        && crumbs.iter().all(|c| {
            (1..=3).contains(&c.split_whitespace().count())
                && c.trim().starts_with(char::is_uppercase)
                && !c.contains(|ch: char| ch.is_ascii_digit())
        })
    {
        return true;
    }
    // "hace 2 horas", "10:45 hrs", "31 de julio de 2023 | 10:45": a time stamp, not a sentence
    // "9:30", "10:45" (the last digit of the hour, a colon, two digits)
    let clock = line.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let ago = words.first() == Some(&"hace")
        && n <= 4
        && words.iter().any(|w| {
            matches!(
                *w,
                "minutos" | "minuto" | "horas" | "hora" | "dias" | "dia" | "min" | "h"
            )
        });
    // a page's time stamp carries its date: a month, "31/07/2023" or a "|" between parts
    let dated = words.iter().any(|w| crate::figures::month_of(w).is_some())
        || line.contains('|')
        || line
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'/' && w[2].is_ascii_digit());
    // "Por Redacción | 24 de marzo de 2022 | 10:35 hrs": a byline with its stamp, in short
    // parts
    let stamped_byline = words.first() == Some(&"por")
        && clock
        && line.contains('|')
        && line
            .split('|')
            .all(|part| part.split_whitespace().count() <= 6);
    (clock && dated && n <= 9) || ago || stamped_byline
}

/// NFC, line ends, spaces, invisible characters.
fn normalize_chars(text: &str) -> std::borrow::Cow<'_, str> {
    // most texts are NFC already and hold nothing to change: then they are kept as they are
    let Survey { nfc, work } = survey(text);
    if nfc && !work {
        return std::borrow::Cow::Borrowed(text);
    }
    if nfc {
        return std::borrow::Cow::Owned(map_chars_nfc(text));
    }
    std::borrow::Cow::Owned(map_chars(text.nfc(), text.len()))
}

/// [`normalize_chars`]' character pass over any characters.
fn map_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            push_mapped(&mut out, c);
        }
    }
    out
}

/// [`map_chars`] over a text that is NFC already (a file with CRLF line ends, or NBSPs):
/// the runs of printable ASCII and line feeds between the characters that change are
/// copied whole, not char by char.
fn map_chars_nfc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        let c = b[i];
        if (0x20..0x7f).contains(&c) || c == b'\n' {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        if c == b'\r' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            out.push('\n');
            i += 1;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            push_mapped(&mut out, ch);
            i += ch.len_utf8();
        }
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

/// What a character other than CR becomes.
#[inline]
fn push_mapped(out: &mut String, c: char) {
    match c {
        '\u{2028}' | '\u{85}' => out.push('\n'),
        '\u{2029}' => out.push_str("\n\n"),
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
        PAGE => out.push(PAGE),
        '\n' => out.push('\n'),
        c if c.is_whitespace() => out.push(' '),
        c if c.is_control() => {}
        c => out.push(c),
    }
}

/// What [`normalize_chars`] must do to a text.
#[derive(Debug, PartialEq, Eq)]
struct Survey {
    /// The NFC quick check says yes.
    nfc: bool,
    /// A character is to be changed or dropped: a control character other than a line
    /// feed, or one of the spaces, invisible and separator characters it maps (NBSP, soft
    /// hyphen, C1 controls; U+2000–U+200F, U+2028–U+202F, U+205F–U+206F; U+3000; the BOM).
    /// Quotes and dashes (also U+20xx) do not count. Only answered when `nfc` is (a text
    /// that is not NFC goes through the character pass anyway).
    work: bool,
}

/// One pass for both of [`Survey`]'s questions. The NFC quick check only ever looks at
/// characters outside ASCII (an ASCII character is always allowed and resets its state),
/// so it runs on each run of non-ASCII bytes alone; the ASCII between them, most of a
/// bulletin, is tested eight bytes at a time for control characters.
fn survey(text: &str) -> Survey {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x0101_0101_0101_0101;
    let b = text.as_bytes();
    let (mut nfc, mut work) = (true, false);
    let mut i = 0;
    while i < b.len() && nfc {
        if i + 8 <= b.len() {
            let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
            if w & HIGH == 0 {
                // eight ASCII bytes, each below 0x80, so no sum below carries out of its
                // byte: bit 7 of x + 0x60 is set from 0x20 up, of x + 1 only for 0x7F, and
                // of (x ^ 0x0A) + 0x7F for every byte but a line feed
                let control = !(w + 0x60 * LOW) & HIGH;
                let line_feed = !((w ^ (0x0A * LOW)) + 0x7F * LOW) & HIGH;
                let del = (w + LOW) & HIGH;
                work |= (control & !line_feed) | del != 0;
                i += 8;
                continue;
            }
        }
        if b[i] < 0x80 {
            work |= (b[i] < 0x20 && b[i] != b'\n') || b[i] == 0x7f;
            i += 1;
            continue;
        }
        // a run of non-ASCII bytes is whole characters (UTF-8 puts ASCII bytes in none)
        let start = i;
        while i < b.len() && b[i] >= 0x80 {
            i += 1;
        }
        nfc = is_nfc_quick(text[start..i].chars()) == IsNormalized::Yes;
        if !work {
            work = (start..i).any(|k| special_at(b, k));
        }
    }
    Survey { nfc, work }
}

/// Whether the character whose first byte is at `i` is one of [`Survey::work`]'s outside
/// ASCII.
#[inline]
fn special_at(b: &[u8], i: usize) -> bool {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0xC2 => matches!(next(1), 0x80..=0xA0 | 0xAD),
        0xE2 => matches!(
            (next(1), next(2)),
            (0x80, 0x80..=0x8F | 0xA8..=0xAF) | (0x81, 0x9F..=0xAF)
        ),
        0xE3 => next(1) == 0x80 && next(2) == 0x80,
        0xEF => next(1) == 0xBB && next(2) == 0xBF,
        _ => false,
    }
}

/// "Página 2 de 3", "Pág. 2", "- 2 -", "2/3", a lone page number.
/// A page number alone, or set in a column beside a short label, as PDF extracts keep a
/// footer: "Coordinación de Comunicación Social      Página 1 de 2".
fn is_page_line(line: &str) -> bool {
    if is_page_number(line) {
        return true;
    }
    // a page number starts or ends the line ("Página", "pág.", "- 2 -", "2/3"): most lines
    // fail this before any search for the columns' spaces
    let b = line.as_bytes();
    let edge = |c: Option<&u8>| c.is_some_and(|&c| c.is_ascii_digit() || c == b'-');
    let starts_page = matches!(b.first(), Some(b'P' | b'p')) || edge(b.first());
    if line.len() > 200 || !(starts_page || edge(b.last())) || !line.contains("   ") {
        return false;
    }
    // (a bare number in a column may be a table's cell: only "Página 1 de 2", "- 2 -"…)
    let page = |c: &str| is_page_number(c) && !c.bytes().all(|b| b.is_ascii_digit());
    let cs: Vec<&str> = cells(line).collect();
    cs.len() > 1
        && cs.iter().filter(|c| page(c)).count() == 1
        && cs
            .iter()
            .all(|c| page(c) || c.split_whitespace().count() <= 8 && !c.ends_with('.'))
}

fn is_page_number(line: &str) -> bool {
    // the longest form is "Página 999 de 999"
    if line.len() > 24 {
        return false;
    }
    let l = line
        .trim()
        .trim_matches(|c| c == '-' || c == '–' || c == '—')
        .trim();
    if l.is_empty() {
        return false;
    }
    let lower = l.to_lowercase();
    let rest = ["página", "pagina", "pág.", "pág", "pag.", "page"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .map(str::trim);
    let rest = match rest {
        Some(r) => r,
        None if l.len() <= 3 && l.bytes().all(|b| b.is_ascii_digit()) => return true,
        None => {
            // "2/3", "2 / 3"
            let parts: Vec<&str> = l.split('/').map(str::trim).collect();
            return parts.len() == 2
                && parts
                    .iter()
                    .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
        }
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    match words.as_slice() {
        [n] => n.bytes().all(|b| b.is_ascii_digit()),
        [n, de, m] => {
            n.bytes().all(|b| b.is_ascii_digit())
                && matches!(*de, "de" | "/" | "of")
                && m.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The cells of a line set in columns: the parts between runs of three or more spaces.
fn cells(line: &str) -> impl Iterator<Item = &str> {
    line.split("   ").map(str::trim).filter(|c| !c.is_empty())
}

/// A line's identity for header detection: lowercase, digits as '#'.
fn key(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes page-number lines everywhere, and short lines that repeat at page edges
/// (with form feeds: among the first or last three lines of at least `min` pages; without:
/// next to a page-number line at least `min` times).
fn drop_headers_and_page_numbers<'a>(pages: &[Vec<&'a str>], min: usize) -> Vec<&'a str> {
    let edges = |page: &[&str]| -> Vec<usize> {
        let idx: Vec<usize> = (0..page.len()).filter(|&i| !page[i].is_empty()).collect();
        let mut e: Vec<usize> = idx.iter().take(3).copied().collect();
        e.extend(idx.iter().rev().take(3));
        e.sort_unstable();
        e.dedup();
        e
    };
    // each line's page-number test, once: a line's neighbours ask it again
    let numbered: Vec<Vec<bool>> = pages
        .iter()
        .map(|page| page.iter().map(|l| is_page_line(l)).collect())
        .collect();
    let near_page_number = |numbered: &[bool], i: usize| -> bool {
        (i.saturating_sub(2)..(i + 3).min(numbered.len())).any(|k| k != i && numbered[k])
    };
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    for (page, numbered) in pages.iter().zip(&numbered) {
        let mut seen: Vec<String> = Vec::new();
        let candidates: Vec<usize> = if pages.len() > 1 {
            edges(page)
        } else {
            (0..page.len())
                .filter(|&i| near_page_number(numbered, i))
                .collect()
        };
        for i in candidates {
            let l = page[i];
            if l.is_empty() || l.chars().count() > 100 || numbered[i] {
                continue;
            }
            // a header set in columns ("Coordinación de Comunicación Social      No.
            // 395/2023") repeats cell by cell, not always as a whole line
            let columns = cells(l).count() > 1;
            for k in std::iter::once(key(l)).chain(cells(l).filter(|_| columns).map(key)) {
                if pages.len() > 1 && seen.contains(&k) {
                    continue;
                }
                seen.push(k.clone());
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let mut out: Vec<&str> = Vec::new();
    for (n, (page, numbered)) in pages.iter().zip(&numbered).enumerate() {
        // a page break is not a paragraph break: blank lines at page edges go
        if n > 0 {
            while out.last().is_some_and(|l| l.is_empty()) {
                out.pop();
            }
        }
        let first_text = out.len();
        let edge = if pages.len() > 1 {
            edges(page)
        } else {
            Vec::new()
        };
        for (i, &l) in page.iter().enumerate() {
            if numbered[i] {
                continue;
            }
            let at_edge = if pages.len() > 1 {
                edge.contains(&i)
            } else {
                near_page_number(numbered, i)
            };
            // (asked only of a line at a page's edge: most lines are not)
            let repeated = |t: &str| counts.get(&key(t)).is_some_and(|&c| c >= min);
            let columns =
                || cells(l).count() > 1 && cells(l).all(|c| repeated(c) || is_page_number(c));
            if at_edge && !l.is_empty() && (repeated(l) || columns()) {
                continue;
            }
            if l.is_empty() && out.len() == first_text && n > 0 {
                continue;
            }
            out.push(l);
        }
    }
    out
}

/// Whether `b` holds two spaces in a row: one `memmem` searcher, made once (`contains("  ")`
/// built a general substring searcher for every line).
fn has_double_space(b: &[u8]) -> bool {
    static TWO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("  "));
    TWO.find(b).is_some()
}

/// "Consul-" + "tas" → "Consultas": a line ending in a lowercase letter and a hyphen, and a
/// next line starting with a lowercase letter, are one word.
fn joins_hyphenated(line: &str, next: &str) -> bool {
    let mut tail = line.chars().rev();
    tail.next() == Some('-')
        && tail.next().is_some_and(char::is_lowercase)
        && next.chars().next().is_some_and(char::is_lowercase)
}

fn is_bullet(line: &str) -> bool {
    let mut c = line.chars();
    matches!(
        c.next(),
        Some('·' | '•' | '-' | '*' | '–' | '—' | '▪' | '►' | '○')
    ) && c.next().is_some_and(char::is_whitespace)
}

/// A heading: letters all uppercase ("BOLETÍN DE PRENSA", "LINK FOTOS").
fn is_heading(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// Joins hard-wrapped lines (and words hyphenated across them); paragraphs are separated by
/// one blank line; bullets and headings keep a line of their own; runs of spaces collapse.
fn paragraphs(lines: &[&str]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    // what separates the next text from what is in `out`: nothing at the start, a space,
    // a line break or a paragraph break
    let mut pending: Option<&str> = None;
    let mut in_para = false;
    let mut prev_heading = false;
    let mut glue_next = false; // the previous line ended in a hyphen that joins
    for (k, line) in lines.iter().enumerate() {
        if line.is_empty() {
            if in_para {
                pending = Some("\n\n");
            }
            in_para = false;
            prev_heading = false;
            continue;
        }
        let heading = is_heading(line);
        if in_para && !glue_next {
            pending = Some(if is_bullet(line) || prev_heading || heading {
                "\n"
            } else {
                " "
            });
        }
        let mut text: &str = line;
        glue_next = lines
            .get(k + 1)
            .is_some_and(|next| joins_hyphenated(line, next));
        if glue_next {
            text = &line[..line.len() - 1];
        }
        if let Some(sep) = pending.take()
            && !out.is_empty()
        {
            out.push_str(sep);
        }
        // collapse runs of spaces inside the line (lines are trimmed already)
        if has_double_space(text.as_bytes()) {
            let mut first = true;
            for w in text.split(' ').filter(|w| !w.is_empty()) {
                if !first {
                    out.push(' ');
                }
                out.push_str(w);
                first = false;
            }
        } else {
            out.push_str(text);
        }
        while !glue_next && out.ends_with(' ') {
            out.pop();
        }
        in_para = true;
        prev_heading = heading;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_space_test_equals_contains() {
        // every string of up to eight pieces (a space, a letter, a two-byte letter, a tab)
        // after 0 to 7 letters: each pair of bytes meets every place in an eight-byte word
        let alphabet: [&[u8]; 4] = [b" ", b"a", "\u{e1}".as_bytes(), b"\t"];
        let mut strings: Vec<Vec<u8>> = vec![Vec::new()];
        let mut checked = 0;
        for _ in 0..8 {
            let mut next = Vec::new();
            for s in &strings {
                for a in alphabet {
                    let mut t = s.clone();
                    t.extend_from_slice(a);
                    next.push(t);
                }
            }
            for t in &next {
                let text = std::str::from_utf8(t).expect("whole characters");
                for pad in 0..8 {
                    let padded = format!("{}{text}", "x".repeat(pad));
                    assert_eq!(
                        has_double_space(padded.as_bytes()),
                        padded.contains("  "),
                        "{padded:?}"
                    );
                    checked += 1;
                }
            }
            strings = next;
        }
        assert!(checked > 500_000, "{checked}");
    }

    #[test]
    fn chrome_lines_long_or_of_long_words() {
        let long = "El Instituto informó que durante la jornada se otorgaron consultas de medicina familiar y de especialidad en todo el país:";
        assert!(!is_chrome(long));
        assert!(is_chrome("Facebook Twitter WhatsApp"));
        // a byline of long names: more than 200 folded bytes in six words, read whole
        let name = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let byline = format!("Por {name} {name} {name} {name} {name}");
        assert!(crate::fold::fold(&byline).len() > 200);
        assert!(is_chrome(&byline));
    }

    #[test]
    fn spaces_line_ends_and_invisible_characters() {
        let raw =
            "Se otorgaron 126\u{a0}mil\u{202f}247 con\u{ad}sultas\r\ny 98 mil\r\n482 estudios.\r\n";
        assert_eq!(
            clean(raw, 2),
            "Se otorgaron 126 mil 247 consultas y 98 mil 482 estudios."
        );
    }

    #[test]
    fn the_fast_path_sees_every_character_it_must_change() {
        for t in [
            "a\u{a0}b",
            "a\u{ad}b",
            "a\u{2009}b",
            "a\u{202f}b",
            "a\u{2028}b",
            "a\u{feff}b",
            "a\rb",
            "a\tb",
            "a\u{3000}b",
            "a\u{85}b",
            "a\u{2060}b",
        ] {
            assert!(needs_char_work(t.as_bytes()), "{t:?}");
            assert!(survey(t).work, "{t:?}");
        }
        for t in ["“más” — 2,939 ‘x’ … Michoacán", "línea\nnueva"] {
            assert!(!needs_char_work(t.as_bytes()), "{t:?}");
            assert_eq!(
                survey(t),
                Survey {
                    nfc: true,
                    work: false
                },
                "{t:?}"
            );
        }
    }

    /// [`Survey::work`]'s set written as characters, the reference the byte tests are held
    /// to: a control character other than a line feed, or one of the spaces, invisible and
    /// separator characters the pass maps (NBSP, soft hyphen, C1 controls; U+2000–U+200F,
    /// U+2028–U+202F, U+205F–U+206F; U+3000; the BOM). Quotes and dashes do not count.
    fn needs_char_work(b: &[u8]) -> bool {
        std::str::from_utf8(b).expect("UTF-8").chars().any(|c| {
            (c < ' ' && c != '\n')
                || matches!(
                    c,
                    '\u{7f}'..='\u{a0}'
                        | '\u{ad}'
                        | '\u{2000}'..='\u{200f}'
                        | '\u{2028}'..='\u{202f}'
                        | '\u{205f}'..='\u{206f}'
                        | '\u{3000}'
                        | '\u{feff}'
                )
        })
    }

    #[test]
    fn the_survey_finds_what_the_byte_test_finds() {
        // every control byte, DEL, and the characters the pass maps or keeps, at every place
        // of an eight-byte word, between ASCII and accented letters
        let mut specials: Vec<String> = (0u8..0x20)
            .chain([0x7f])
            .map(|c| char::from(c).to_string())
            .collect();
        specials.extend(
            [
                "\u{a0}", "\u{ad}", "\u{85}", "\u{2000}", "\u{200f}", "\u{2010}", "\u{2028}",
                "\u{202f}", "\u{2030}", "\u{205f}", "\u{206f}", "\u{2070}", "\u{3000}", "\u{3001}",
                "\u{feff}", "\u{fefe}", "“", "—", "é", "ñ", " ", "\n",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for sp in &specials {
            for pad in 0..10 {
                for tail in ["", "a", "abcdefghij", "ó y más"] {
                    for lead in ["x", "á"] {
                        let t = format!("{}{sp}{tail}", lead.repeat(pad));
                        let got = survey(&t);
                        let nfc = unicode_normalization::is_nfc_quick(t.chars())
                            == unicode_normalization::IsNormalized::Yes;
                        assert_eq!(got.nfc, nfc, "{t:?}");
                        // (U+2000 and U+2001 are not NFC: there `work` is not asked)
                        if nfc {
                            assert_eq!(got.work, needs_char_work(t.as_bytes()), "{t:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 4_000, "{checked}");
    }

    #[test]
    fn the_byte_pass_maps_characters_as_the_char_pass() {
        // every ASCII byte and the characters the pass maps, alone, doubled, before a line
        // feed and between runs of letters, at several places
        let mut specials: Vec<String> = (0u8..0x80).map(|c| char::from(c).to_string()).collect();
        specials.extend(
            [
                "\u{a0}", "\u{ad}", "\u{85}", "\u{9f}", "\u{1680}", "\u{2000}", "\u{200a}",
                "\u{200b}", "\u{200f}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{2060}",
                "\u{3000}", "\u{feff}", "“", "é", "ñ", "\r\n", "\r\r\n",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for a in &specials {
            for b in ["", "\r", "\n", "\u{a0}", "\t"] {
                for pad in ["", "x", "línea "] {
                    let t = format!("{pad}{a}{b}{a}{pad}Mérida");
                    assert_eq!(map_chars_nfc(&t), map_chars(t.chars(), t.len()), "{t:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 2_000, "{checked}");
    }

    #[test]
    fn the_nfc_check_by_runs_agrees_with_the_whole_check() {
        // composed and decomposed accents, a lone combining mark, marks out of order, Hangul
        // jamo, a CJK compatibility ideograph (never NFC), Greek, ASCII between them
        let parts = [
            "a",
            " ",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{323}\u{301}",
            "\u{301}\u{323}",
            "ñ",
            "n\u{303}",
            "\u{1100}\u{1161}",
            "가",
            "\u{f900}",
            "Ω",
            "\u{2126}",
            "ǖ",
            "12",
        ];
        let whole = |t: &str| {
            unicode_normalization::is_nfc_quick(t.chars())
                == unicode_normalization::IsNormalized::Yes
        };
        for a in parts {
            for b in parts {
                for c in parts {
                    let t = format!("{a}{b}{c}");
                    assert_eq!(survey(&t).nfc, whole(&t), "{t:?}");
                    let long = format!("Realizó el IMSS {t} atenciones médicas {a}{c}");
                    assert_eq!(survey(&long).nfc, whole(&long), "{long:?}");
                }
            }
        }
    }

    #[test]
    fn nfc() {
        let decomposed = "Mexico\u{301} y Michoaca\u{301}n";
        assert_eq!(clean(decomposed, 2), "Mexicó y Michoacán");
    }

    #[test]
    fn wrapped_paragraphs_bullets_and_headings() {
        let raw = "BOLETÍN DE PRENSA\n\nTítulo de la nota\n· primer punto\n· segundo punto\n\nEl Instituto informó que se realizaron\nun millón 529 mil 812 consultas en\nel año.\n\nLINK FOTOS\nhttps://x.y/z\n";
        assert_eq!(
            clean(raw, 2),
            "BOLETÍN DE PRENSA\n\nTítulo de la nota\n· primer punto\n· segundo punto\n\nEl Instituto informó que se realizaron un millón 529 mil 812 consultas en el año.\n\nLINK FOTOS\nhttps://x.y/z"
        );
    }

    #[test]
    fn hyphenation_across_lines() {
        assert_eq!(
            clean("se otorgaron 98 mil Consul-\ntas de Medicina", 2),
            "se otorgaron 98 mil Consultas de Medicina"
        );
        // a hyphen before a capital or a digit stays
        assert_eq!(
            clean("Ciudad de México-\nNorte", 2),
            "Ciudad de México- Norte"
        );
    }

    #[test]
    fn page_headers_footers_and_numbers() {
        let raw = "Coordinación de Comunicación Social\nBoletín 12\nSe realizaron 204 mil\nPágina 1 de 2\n\u{c}Coordinación de Comunicación Social\nBoletín 12\n782 atenciones.\nPágina 2 de 2\n";
        assert_eq!(clean(raw, 2), "Se realizaron 204 mil 782 atenciones.");
        // without form feeds: repeated lines next to page numbers
        let raw = "Texto de la nota con 24 trasplantes y\n- 1 -\nIMSS Comunicación\nmás texto con 35 OOAD y\n- 2 -\nIMSS Comunicación\nfin.";
        assert_eq!(
            clean(raw, 2),
            "Texto de la nota con 24 trasplantes y más texto con 35 OOAD y fin."
        );
    }

    #[test]
    fn a_header_set_in_columns_is_removed_cell_by_cell() {
        // page 2's header joins two cells that page 1 has on separate lines
        let raw = "COORDINACIÓN DE COMUNICACIÓN SOCIAL\nBOLETÍN DE PRENSA        No. 12/2023\n\nLa meta era de 163 mil; al final se registraron\n\nwww.imss.gob.mx     Página 1 de 2\n\u{c}Coordinación de Comunicación Social        No. 12/2023\n\n200 mil 196 atenciones.\n\nwww.imss.gob.mx     Página 2 de 2\n";
        assert_eq!(
            clean(raw, 2),
            "BOLETÍN DE PRENSA No. 12/2023\n\nLa meta era de 163 mil; al final se registraron 200 mil 196 atenciones."
        );
    }

    #[test]
    fn page_number_lines() {
        for l in [
            "Página 2 de 3",
            "pág. 4",
            "- 2 -",
            "2/3",
            "7",
            "Page 1 of 2",
        ] {
            assert!(is_page_number(l), "{l}");
        }
        for l in [
            "24 trasplantes",
            "No. 496/2024",
            "2024",
            "Página web del IMSS",
        ] {
            assert!(!is_page_number(l), "{l}");
        }
        // a footer in columns: a short label beside the page number
        assert!(is_page_line(
            "Coordinación de Comunicación Social           Página 1 de 2"
        ));
        assert!(is_page_line("Página 3 de 4     IMSS"));
        for l in [
            "Jalisco      15 mil      2",           // a table's row: no page number
            "Se dieron 150 mil atenciones.      2", // a sentence
            "2      3",                             // two numbers
        ] {
            assert!(!is_page_line(l), "{l}");
        }
        let text = "Ciudad de México, 5 de junio de 2025.- Se otorgaron 218 mil servicios.\n\nCoordinación de Comunicación Social           Página 1 de 2\n---oOo---";
        assert!(!clean(text, 3).contains("Página"), "{}", clean(text, 3));
    }

    #[test]
    fn breadcrumbs_stamped_bylines_and_teaser_lists_are_chrome() {
        let page = "Inicio > Salud\nIMSS anuncia la Tercera Jornada\nPor Redacción | 24 de marzo de 2025 | 10:35 hrs\nCompartir en Facebook Twitter WhatsApp\n\nEl Instituto llevará a cabo la Tercera Jornada del 25 al 27 de marzo.\n\nComentarios\nLo más leído\n1. Clima en CDMX 2. Precio del dólar hoy 25 de marzo\nOtra nota sin punto\n\nUna oración del cuerpo sigue aquí.";
        assert_eq!(
            clean(page, 3),
            "IMSS anuncia la Tercera Jornada\n\nEl Instituto llevará a cabo la Tercera Jornada del 25 al 27 de marzo.\n\nUna oración del cuerpo sigue aquí."
        );
        assert_eq!(
            clean_and_stamp(page, 3).1.as_deref(),
            Some("Por Redacción | 24 de marzo de 2025 | 10:35 hrs")
        );
        // a sentence after the heading ends the list; a heading with its title is one line
        let page = "Te recomendamos\nSe dieron 150 mil atenciones.\nLee también: otra nota";
        assert_eq!(clean(page, 3), "Se dieron 150 mil atenciones.");
        // not breadcrumbs: a comparison in a sentence, a long line
        for l in [
            "la cifra > 150 mil",
            "Jalisco > Guanajuato > Sonora en atenciones durante la jornada del fin de semana",
        ] {
            assert!(!is_chrome(l), "{l}");
        }
        assert!(is_chrome("Portada » Nacional » Salud"));
        assert_eq!(
            clean_and_stamp("Título\n\nCiudad de México, 2 de mayo de 2025.- Texto.", 3).1,
            None
        );
    }

    #[test]
    fn news_site_chrome_is_removed() {
        let page = "Cierra el IMSS su jornada con 150 mil atenciones\nPor Redacción\n(AGENCIA)\n31 de julio de 2023 | 10:45 hrs\nhace 2 horas\nCompartir en: Facebook | X | WhatsApp\nFacebook Twitter WhatsApp\nCiudad de México, 30 de julio de 2023.- El Instituto dio 150 mil atenciones.\nLee también: Otra nota del día 12\nFOTO: ARCHIVO · ID: 33421\nComentarios\nEl horario fue de 8:00 a 14:00 horas en cada unidad.\nPor cada consulta se entregó una receta.";
        let body = clean(page, 3);
        assert_eq!(
            body,
            "Cierra el IMSS su jornada con 150 mil atenciones\n\nCiudad de México, 30 de julio de 2023.- El Instituto dio 150 mil atenciones.\n\nEl horario fue de 8:00 a 14:00 horas en cada unidad. Por cada consulta se entregó una receta."
        );
    }
}
