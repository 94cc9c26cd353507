//! Dates and years: "del 21 al 23 de julio", "jueves 11 de octubre de 2024", a year alone.

use super::{RawDate, Scanner, folded_in};
use crate::figures::Qualifier;
use crate::figures::lexicon::{Card, Lex, W};
use crate::figures::tokens::Tk;

impl<'a> Scanner<'a> {
    /// The day of the month at `k` and the token after it. The first of the month is also
    /// written as an ordinal, "1º de julio", "1o. de enero", "1ro", "1°" (a degree sign for
    /// the ordinal mark), as Mexican texts often do: only the first, "3º" is no day.
    fn day(&self, k: usize) -> Option<(u8, usize)> {
        let t = self.t.get(k)?;
        if t.is_num() && !t.plain_num() {
            let digits = &self.text[t.s as usize..t.sfx as usize];
            let mark = &self.text[t.sfx as usize..t.e as usize];
            if digits != "1" || !matches!(mark, "º" | "o" | "ro" | "er") {
                return None;
            }
            // "1o. de enero": the abbreviation's point is part of the day
            let glued_point = self.punct(k + 1) == Some('.') && self.glued(k + 1);
            return Some((1, k + 1 + usize::from(glued_point && mark != "º")));
        }
        let v = self.day_at(k)?;
        if v == 1 && self.punct(k + 1) == Some('°') && self.glued(k + 1) {
            return Some((1, k + 2));
        }
        Some((v, k + 1))
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
    pub(super) fn date(&mut self, i: usize) -> Option<usize> {
        let (first, mut k) = self.day(i)?;
        let mut day_to = first;
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
            (day_to, k) = self.day(k)?;
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
            if let Some((dt, de)) = self.day(k + 1 + wd)
                && self.w(de, W::De)
                && let Some(mt) = self.month(de + 1)
            {
                d.day_to = dt;
                d.month_to = mt;
                k = de + 2;
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
    pub(super) fn is_year(&self, i: usize) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::super::cases::render;
    use crate::figures::{Locale, read};

    #[test]
    fn dates_are_read() {
        let r = read(
            "Del 21 al 23 de julio y el lunes 7 de octubre de 2024",
            Locale::EsMx,
        );
        assert!(r.figures.is_empty());
        let d: Vec<_> = r
            .dates
            .iter()
            .map(|d| (d.day_from, d.month_from, d.day_to, d.month_to, d.year))
            .collect();
        assert_eq!(d, [(21, 7, 23, 7, None), (7, 10, 7, 10, Some(2024))]);
        assert_eq!(r.dates[1].weekday, Some(1));
        let r = read("vence el 5 de este mes", Locale::EsMx);
        assert_eq!((r.dates[0].day_from, r.dates[0].month_from), (5, 0));
    }

    #[test]
    fn the_first_of_the_month_written_as_an_ordinal() {
        // (text, day_from, month_from, day_to, month_to, the date's text)
        let cases: &[(&str, u8, u8, u8, u8, &str)] = &[
            ("el 1º de julio inició", 1, 7, 1, 7, "1º de julio"),
            ("a partir del 1o. de enero", 1, 1, 1, 1, "1o. de enero"),
            ("desde el 1ro de agosto", 1, 8, 1, 8, "1ro de agosto"),
            (
                "del 1° al 3 de septiembre",
                1,
                9,
                3,
                9,
                "1° al 3 de septiembre",
            ),
            (
                "del 1º al 3 de septiembre",
                1,
                9,
                3,
                9,
                "1º al 3 de septiembre",
            ),
            (
                "del 28 de febrero al 1º de marzo",
                28,
                2,
                1,
                3,
                "28 de febrero al 1º de marzo",
            ),
            (
                "del 30 de junio al 1o. de julio",
                30,
                6,
                1,
                7,
                "30 de junio al 1o. de julio",
            ),
        ];
        for &(text, df, mf, dt, mt, span) in cases {
            let d = one_date(text);
            assert_eq!(
                (d.day_from, d.month_from, d.day_to, d.month_to),
                (df, mf, dt, mt),
                "{text:?}"
            );
            assert_eq!(&text[d.byte_start..d.byte_end], span, "{text:?}");
        }
        // only the first of the month: other ordinals stay ordinals, and an ordinal 1
        // without a month is no date
        for (text, fig) in [
            ("la 3º de julio", "3º=3 ordinal"),
            ("el 1º de los hospitales", "1º=1 ordinal"),
        ] {
            assert_eq!(render(text, Locale::EsMx), [fig.to_string()], "{text:?}");
            assert!(read(text, Locale::EsMx).dates.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn days_joined_by_a_hyphen_before_a_month() {
        let d = one_date("se llevó a cabo del 16-18 de junio en todo el país");
        assert_eq!(
            (d.day_from, d.day_to, d.month_from, d.month_to),
            (16, 18, 6, 6)
        );
        // without a month it stays an identifier, neither a date nor figures
        for text in ["la estrategia 2-30-100", "los folios 16-18 del expediente"] {
            let r = read(text, Locale::EsMx);
            assert!(r.figures.is_empty() && r.dates.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn weekdays_inside_date_lists_and_ranges() {
        for text in [
            "los días jueves 4, viernes 5 y sábado 6 de este mes",
            "del viernes 10 al domingo 12 de mayo",
            "del 28 de julio al martes 1 de agosto",
        ] {
            one_date(text);
        }
    }

    /// The one date `text` holds, and no figure.
    fn one_date(text: &str) -> crate::figures::DateSpan {
        let r = read(text, Locale::EsMx);
        assert!(
            r.figures.is_empty(),
            "{text:?}: {:?}",
            render(text, Locale::EsMx)
        );
        assert_eq!(r.dates.len(), 1, "{text:?}");
        r.dates[0]
    }
}
