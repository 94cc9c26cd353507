//! Text as the vocabulary compares it: lowercase, without accents, punctuation as spaces,
//! one space between words ([`fold`]); and a document's body folded once with the place of
//! every word kept ([`Folded`]), so that matching never folds the same text twice and every
//! match maps back to the characters it came from.

/// Lowercase without accents, punctuation as spaces, single spaces: the form phrases and
/// names are compared in.
pub fn fold(s: &str) -> String {
    fold_upto(s, usize::MAX)
}

/// The start of [`fold`]`(s)`: folding stops once `max` bytes are out (the folded text only
/// grows as `s` is read, so this is a prefix of the whole). For tests on a line's start
/// ("boletin de prensa…") that should not fold a whole paragraph.
pub fn fold_upto(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max.saturating_add(4)));
    let mut space = true;
    let mut i = 0;
    while i < s.len() && out.len() < max {
        let (f, len) = fold_at(s, i);
        match f {
            None => space = true,
            Some(c) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                out.push(c);
                space = false;
            }
        }
        i += len;
    }
    out
}

/// ASCII folded by table: 0 for a separator, else the folded byte.
static ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => b,
            b'A'..=b'Z' => b + 32,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// The character at byte `i` of `s` as [`fold`] writes it, and its length in bytes:
/// `None` for a word separator (whitespace and punctuation other than `-`). Every character
/// folds to one character, so a word keeps its number of characters. ASCII is read by the
/// table alone, without decoding.
#[inline(always)]
fn fold_at(s: &str, i: usize) -> (Option<char>, usize) {
    match s.as_bytes()[i] {
        b if b.is_ascii() => match ASCII_FOLD[b as usize] {
            0 => (None, 1),
            x => (Some(char::from(x)), 1),
        },
        _ => {
            let c = s[i..].chars().next().unwrap_or(' ');
            (fold_other(c), c.len_utf8())
        }
    }
}

/// A character outside ASCII as [`fold`] writes it.
fn fold_other(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'Á' | 'À' => 'a',
        'é' | 'è' | 'É' | 'È' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'Ó' => 'o',
        'ú' | 'ü' | 'Ú' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        c if c.is_whitespace() || !c.is_alphanumeric() => return None,
        c => c.to_lowercase().next().unwrap_or(c),
    })
}

/// A text folded once, with where each folded word came from: the folded words of any
/// part of it are then slices of one string. The facts stage asks for the words before
/// and after every figure; folding each of those parts again cost it most of its time.
#[derive(Debug, Clone)]
pub struct Folded<'t> {
    text: &'t str,
    folded: String,
    spans: Vec<WordSpan>,
}

/// A word's bytes in the text (`s..e`) and in the folded string (`fs..fe`).
#[derive(Debug, Clone, Copy)]
struct WordSpan {
    s: u32,
    e: u32,
    fs: u32,
    fe: u32,
}

impl<'t> Folded<'t> {
    pub fn new(text: &'t str) -> Folded<'t> {
        // bytes, not chars: an ASCII byte folds to one byte by the table, without the
        // char encoding `String::push` does (checked back into a `String` at the end)
        let mut folded: Vec<u8> = Vec::with_capacity(text.len());
        let mut spans = Vec::with_capacity(text.len() / 6);
        let mut open: Option<(usize, usize)> = None; // (text start, folded start)
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (f, len) = match b[i] {
                c if c.is_ascii() => (ASCII_FOLD[c as usize], 1),
                _ => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    match fold_other(c) {
                        Some(f) if f.is_ascii() => (f as u8, c.len_utf8()),
                        Some(f) => {
                            // a letter folded outside ASCII ("σ"): its bytes as they are
                            if open.is_none() {
                                if !folded.is_empty() {
                                    folded.push(b' ');
                                }
                                open = Some((i, folded.len()));
                            }
                            folded.extend_from_slice(f.encode_utf8(&mut [0; 4]).as_bytes());
                            i += c.len_utf8();
                            continue;
                        }
                        None => (0, c.len_utf8()),
                    }
                }
            };
            if f == 0 {
                if let Some((s, fs)) = open.take() {
                    spans.push(span(s, i, fs, folded.len()));
                }
            } else {
                if open.is_none() {
                    if !folded.is_empty() {
                        folded.push(b' ');
                    }
                    open = Some((i, folded.len()));
                }
                folded.push(f);
            }
            i += len;
        }
        if let Some((s, fs)) = open {
            spans.push(span(s, text.len(), fs, folded.len()));
        }
        Folded {
            text,
            folded: String::from_utf8(folded).expect("ASCII bytes and whole encoded chars"),
            spans,
        }
    }

    /// The text it folds.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The folded words of `text[a..b]` (char boundaries) into `out` (cleared first): the
    /// non-empty words of `fold(&text[a..b])`. A word cut by `a` or `b` gives its part.
    pub fn words_in<'s>(&'s self, a: usize, b: usize, out: &mut Vec<&'s str>) {
        self.words_in_upto(a, b, usize::MAX, out);
    }

    /// [`words_in`](Self::words_in), stopping after `max` words.
    pub fn words_in_upto<'s>(&'s self, a: usize, b: usize, max: usize, out: &mut Vec<&'s str>) {
        out.clear();
        let first = self.spans.partition_point(|w| w.e as usize <= a);
        for w in &self.spans[first..] {
            let (s, e) = (w.s as usize, w.e as usize);
            if s >= b || out.len() >= max {
                break;
            }
            let word = &self.folded[w.fs as usize..w.fe as usize];
            if s >= a && e <= b {
                out.push(word);
                continue;
            }
            // a cut word: its folded characters correspond one to one
            let (cs, ce) = (s.max(a), e.min(b));
            if cs >= ce {
                continue;
            }
            let skip = self.text[s..cs].chars().count();
            let take = self.text[cs..ce].chars().count();
            let mut ix = word.char_indices().map(|(k, _)| k).chain([word.len()]);
            let from = ix.nth(skip).unwrap_or(word.len());
            let to = if take == 0 {
                from
            } else {
                ix.nth(take - 1).unwrap_or(word.len())
            };
            if to > from {
                out.push(&word[from..to]);
            }
        }
    }

    /// `fold(&text[a..b])`, borrowed from the folded text unless `a` or `b` cuts a word
    /// (then made of [`words_in`](Self::words_in)).
    pub fn fold_range(&self, a: usize, b: usize) -> std::borrow::Cow<'_, str> {
        let first = self.spans.partition_point(|w| w.e as usize <= a);
        let last = self.spans.partition_point(|w| (w.s as usize) < b);
        if first >= last {
            return std::borrow::Cow::Borrowed("");
        }
        let (f, l) = (self.spans[first], self.spans[last - 1]);
        let (cut_first, cut_last) = ((f.s as usize) < a, (l.e as usize) > b);
        if !(cut_first || cut_last) {
            return std::borrow::Cow::Borrowed(&self.folded[f.fs as usize..l.fe as usize]);
        }
        // a cut word: the cut ones by their characters, not folded again; the words between
        // them are one slice of the folded text (one space apart there too)
        if last - first <= 2 {
            return std::borrow::Cow::Owned(self.words(a, b).join(" "));
        }
        let mut out = String::with_capacity((l.fe - f.fs) as usize);
        let mut edge = Vec::new();
        self.words_in(a, f.e as usize, &mut edge);
        for w in &edge {
            out.push_str(w);
            out.push(' ');
        }
        let (m0, m1) = (self.spans[first + 1], self.spans[last - 2]);
        out.push_str(&self.folded[m0.fs as usize..m1.fe as usize]);
        self.words_in(l.s as usize, b, &mut edge);
        for w in &edge {
            out.push(' ');
            out.push_str(w);
        }
        std::borrow::Cow::Owned(out)
    }

    /// [`words_in`](Self::words_in) into a new vector.
    pub fn words(&self, a: usize, b: usize) -> Vec<&str> {
        let mut v = Vec::new();
        self.words_in(a, b, &mut v);
        v
    }
}

impl<'t> Folded<'t> {
    /// Its words as slices, made once: see [`WordList`].
    pub fn word_list(&self) -> WordList<'_, 't> {
        let all = self
            .spans
            .iter()
            .map(|w| &self.folded[w.fs as usize..w.fe as usize])
            .collect();
        WordList { folded: self, all }
    }
}

/// A folded text's words as slices, made once. The facts stage asks for the words of a few
/// parts of every sentence; a part that cuts no word is then a range of this list, copied
/// whole, instead of each word found and sliced again.
pub struct WordList<'f, 't> {
    folded: &'f Folded<'t>,
    all: Vec<&'f str>,
}

impl<'f, 't> WordList<'f, 't> {
    pub fn folded(&self) -> &'f Folded<'t> {
        self.folded
    }

    /// [`Folded::words`].
    pub fn words(&self, a: usize, b: usize) -> Vec<&'f str> {
        let mut v = Vec::new();
        self.words_in(a, b, &mut v);
        v
    }

    /// [`Folded::words_in`].
    pub fn words_in(&self, a: usize, b: usize, out: &mut Vec<&'f str>) {
        self.words_in_upto(a, b, usize::MAX, out);
    }

    /// [`Folded::words_in_upto`].
    pub fn words_in_upto(&self, a: usize, b: usize, max: usize, out: &mut Vec<&'f str>) {
        let spans = &self.folded.spans;
        let first = spans.partition_point(|w| w.e as usize <= a);
        let last = first + spans[first..].partition_point(|w| (w.s as usize) < b);
        if first < last && ((spans[first].s as usize) < a || (spans[last - 1].e as usize) > b) {
            // a word cut by the part: its part, as the folded text gives it
            return self.folded.words_in_upto(a, b, max, out);
        }
        out.clear();
        out.extend_from_slice(&self.all[first..last.min(first.saturating_add(max))]);
    }
}

fn span(s: usize, e: usize, fs: usize, fe: usize) -> WordSpan {
    WordSpan {
        s: s as u32,
        e: e as u32,
        fs: fs as u32,
        fe: fe as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of every part of a folded text are those of folding the part alone,
    /// also where a part cuts a word (accents, "ñ", "º", a Greek capital, a hyphen).
    #[test]
    fn folded_parts_equal_folding_the_part() {
        let texts = [
            "Del 21 al 23 de julio, el IMSS otorgó 204 mil 782 atenciones.",
            "¡Éxito! La 14ª JORNADA — «Año Ñandú» crónico-degenerativas…\n\nΣ ÁÉÍÓÚ x",
            "  ,,, ",
            "",
            "a",
        ];
        for text in texts {
            let f = Folded::new(text);
            let list = f.word_list();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&k| text.is_char_boundary(k))
                .collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let want: Vec<String> = fold(&text[a..b])
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect();
                    assert_eq!(f.words(a, b), want, "{text:?}[{a}..{b}]");
                    for max in [0, 1, 2, usize::MAX] {
                        let (mut by_list, mut by_spans) = (Vec::new(), Vec::new());
                        list.words_in_upto(a, b, max, &mut by_list);
                        f.words_in_upto(a, b, max, &mut by_spans);
                        assert_eq!(by_list, by_spans, "{text:?}[{a}..{b}] {max}");
                    }
                    assert_eq!(f.fold_range(a, b), fold(&text[a..b]), "{text:?}[{a}..{b}]");
                }
            }
        }
    }

    #[test]
    fn fold_upto_is_a_prefix_of_fold_at_least_max_long_or_whole() {
        let texts = [
            "BOLETÍN DE PRENSA No. 12/2024",
            "  ¡Instituto   Mexicano del Seguro Social!  ",
            "Coordinación de Comunicación Social — niños, años, ÁÉÍÓÚ ü ñ",
            "",
            "...,,,   ",
        ];
        for t in texts {
            let whole = fold(t);
            for max in 0..whole.len() + 3 {
                let part = fold_upto(t, max);
                assert!(whole.starts_with(&part), "{t:?} {max}");
                assert!(part == whole || part.len() >= max, "{t:?} {max}: {part:?}");
            }
        }
    }
}
