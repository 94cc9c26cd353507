//! Numbers that are not figures: identifiers ("COVID-19", "No. 21", "HGZ 1"), phones, clock
//! times, quoted names, product strengths, garbled pairs.

use super::{Scanner, folded_in};
use crate::figures::lexicon::{Lex, W};
use crate::figures::tokens::{Gap, Tk};

impl<'a> Scanner<'a> {
    // ----- what is not a figure ------------------------------------------------------------
    /// Digits glued to letters or other digits by "-", "/", ":" or "_": "COVID-19",
    /// "496/2024", "2023-2024", "800-623-2323".
    pub(super) fn identifier(&self, i: usize) -> bool {
        let joiner = |c: Option<char>| matches!(c, Some('-' | '/' | ':' | '_' | '#' | '\\'));
        let glued_before = i >= 2
            && self.glued(i)
            && joiner(self.punct(i - 1))
            && self.glued(i - 1)
            && !matches!(self.t[i - 2].kind, Tk::Punct(_));
        // (but "del 16-18 de junio": days joined by a hyphen before a month, a date range)
        let days_of_a_month = self.punct(i + 1) == Some('-')
            && self.t.get(i + 2).is_some_and(|t| t.plain_num())
            && self.w(i + 3, W::De)
            && self.month(i + 4).is_some();
        let glued_after = self.glued(i + 1)
            && joiner(self.punct(i + 1))
            && self.glued(i + 2)
            && matches!(self.t[i + 2].kind, Tk::Num | Tk::Word | Tk::Code)
            && !days_of_a_month;
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

    pub(super) fn skip_glued(&self, i: usize) -> usize {
        let mut k = i + 1;
        while k < self.t.len()
            && self.glued(k)
            && !matches!(self.punct(k), Some('.' | ',' | ';' | ')' | '%'))
        {
            k += 1;
        }
        k
    }

    /// "alcohol al 70 por ciento": the strength of a product, not a figure.
    pub(super) fn product_strength(&self, i: usize) -> bool {
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
    pub(super) fn quoted_name(&self, i: usize) -> Option<usize> {
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
    pub(super) fn garbled_pair(&self, i: usize) -> Option<usize> {
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
    pub(super) fn continues_unit_numbers(&self, i: usize) -> bool {
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
    pub(super) fn after_word(&self, i: usize, words: &[&str]) -> bool {
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

    /// "HGZ 1", "UMF 57", "COVID 19": digits right after an acronym name a unit or a code.
    pub(super) fn after_acronym(&self, i: usize) -> bool {
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
        // "UMF 57", and "HGZ 2A": a unit's number may carry a capital letter
        let t = &self.t[i];
        let s = &self.text[t.s as usize..t.sfx as usize];
        let letter = &self.text[t.sfx as usize..t.e as usize];
        let short = s.len() <= 4
            && s.bytes().all(|b| b.is_ascii_digit())
            && (letter.is_empty()
                || letter.len() == 1 && letter.as_bytes()[0].is_ascii_uppercase());
        let scaled = self.cont(i + 1) && matches!(self.lex(i + 1), Some(Lex::Mag { .. }));
        acronym && short && !scaled && self.punct(i + 1) != Some('%')
    }

    /// "800 623 2323", "55 5238 2700", "Tel. 5627 6900": groups of digits that make a phone.
    pub(super) fn phone(&self, i: usize) -> Option<usize> {
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
    pub(super) fn clock(&self, i: usize) -> Option<usize> {
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
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn not_figures() {
        check(
            &[
                ("La pandemia de COVID-19 disminuyó", &[]),
                ("Boletín No. 496/2024", &[]),
                ("el HGZ No. 1 y la UMF 57", &[]),
                ("llame al 800 623 2323", &[]),
                ("a las 17:00 horas", &[]),
                ("https://acortar.link/FGnWK9 y www.imss.gob.mx/p/2024", &[]),
                ("TY7hF4UBFUahquHDlbk8zEGwP6-KMg?e=6ETM9m", &[]),
                ("programadas para 2023", &[]),
                ("del 21 al 23 de julio", &[]),
                ("jueves 26 de septiembre de 2024", &[]),
                ("entre el 2 y el 4 de julio", &[]),
                ("son 180ml liquidos", &[]),
                ("para recibir un servicio oportuno", &[]),
                ("cada uno de los hospitales", &[]),
                ("---000---", &[]),
                // levels, parts of the year and eras named by ordinal words
                ("en el Segundo y Tercer Nivel de atención", &[]),
                ("el Segundo y el Tercer Nivel, en las especialidades", &[]),
                ("en el primer semestre de 2023", &[]),
                ("en la primera mitad del año", &[]),
                ("la Cuarta Transformación", &[]),
                // week numbers, lists of unit numbers, a year before "por" that is no percent
                ("previsto a la semana 28 del 2022", &[]),
                ("la UMF No. 1 y 57 de la capital", &[]),
                ("en los HGZ 2, 7 y 11", &[]),
                ("puesta en marcha en abril del 2021 por el director", &[]),
            ],
            Locale::EsMx,
        );
    }
}
