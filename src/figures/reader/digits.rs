//! Figures written in digits: "1,234", "58.33", "204 782" with a space between groups, a
//! group left alone by a magnitude, and what a glued suffix does ("14va", "100K", "27mil").

use super::{Cand, DigitVal, ORDINAL_SUFFIXES, Scanner, grouped, kind_of};
use crate::figures::lexicon::W;
use crate::figures::tokens::{Gap, Tk};
use crate::figures::{Dec, Kind, Locale};

impl<'a> Scanner<'a> {
    // ----- digits ----------------------------------------------------------------------
    /// Reads a run of digits and separators in the locale (es-MX: "1,234.5"; es-ES:
    /// "1.234,5"). A separator that cannot be a thousands grouping is a decimal mark.
    fn digits(&self, s: &str) -> Option<DigitVal> {
        let (thou, dec) = match self.loc {
            Locale::EsMx => (b',', b'.'),
            Locale::EsEs => (b'.', b','),
        };
        // (the shortest such number, "1'234,567", has nine bytes: most runs are shorter)
        if s.len() >= 9
            && let Some(p) = s.find(['\'', '’'])
        {
            // "1'234,567": the millions' apostrophe groups thousands like the other marks,
            // when the locale's thousands mark follows (the tokenizer checked the groups)
            let after = s[p..].trim_start_matches(['\'', '’']);
            if after.as_bytes().get(3) != Some(&thou) {
                return None;
            }
            let sep = char::from(thou);
            return self.digits(&s.replace(['\'', '’'], sep.encode_utf8(&mut [0; 4])));
        }
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
    pub(super) fn num_digits(&self, i: usize) -> Option<DigitVal> {
        let t = &self.t[i];
        self.digits(&self.text[t.s as usize..t.sfx as usize])
    }

    /// "1 234 567", "40 000" (one space, NBSP or narrow NBSP between groups of three).
    pub(super) fn space_grouped(&self, i: usize) -> Option<(Dec, u32, usize)> {
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
    pub(super) fn at_num(&mut self, i: usize) -> Option<usize> {
        if self.identifier(i) {
            return Some(self.skip_glued(i));
        }
        if self.t[i].sfx < self.t[i].e {
            // "HGZ 2A", "UMF No. 7B": a unit's name, not the ordinal "2a"
            let t = &self.t[i];
            let capital =
                t.e == t.sfx + 1 && self.text.as_bytes()[t.sfx as usize].is_ascii_uppercase();
            if capital && (self.after_acronym(i) || self.after_number_sign(i)) {
                return Some(i + 1);
            }
            // "1º de julio": the first of the month (no other ordinal starts a date)
            if let Some(j) = self.date(i) {
                return Some(j);
            }
            let c = self.suffixed(i, i)?;
            return Some(self.emit(c, false));
        }
        if self.after_number_sign(i)
            || self.after_acronym(i)
            || self.continues_unit_numbers(i)
            || self.after_word(i, &["semana", "semanas", "extension", "ext"])
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
        if self.article_ordinal(i) || self.names_a_jornada(i) {
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

    /// "14va", "22º", "3er" (ordinals); "100K", "3M", "10G" (scaled); anything else glued
    /// to digits ("180ml", "29km") is a measurement or a code, not a figure.
    pub(super) fn suffixed(&self, ts: usize, i: usize) -> Option<Cand> {
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

    pub(super) fn apply_scale_suffix(&self, v: Dec, i: usize) -> Option<Dec> {
        let t = &self.t[i];
        match &self.text[t.sfx as usize..t.e as usize] {
            "" => Some(v),
            "k" | "K" => v.checked_mul_pow10(3),
            "M" => v.checked_mul_pow10(6),
            "G" => v.checked_mul_pow10(9),
            _ => None,
        }
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
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn mixed_digits_and_magnitude_words() {
        check(
            &[
                ("204 mil 782", &["204 mil 782=204782"]),
                ("mil 56", &["mil 56=1056"]),
                ("168 mil 78", &["168 mil 78=168078"]),
                ("24 mil 10", &["24 mil 10=24010"]),
                ("220 mil 048", &["220 mil 048=220048"]),
                ("un millón 529 mil 812", &["un millón 529 mil 812=1529812"]),
                ("dos mil 800", &["dos mil 800=2800"]),
                ("3 millones 450 mil", &["3 millones 450 mil=3450000"]),
                ("1 millón 200 mil 5", &["1 millón 200 mil 5=1200005"]),
                ("5 mil millones", &["5 mil millones=5000000000"]),
                ("mil 500 millones", &["mil 500 millones=1500000000"]),
                ("109 mil", &["109 mil=109000"]),
                ("98 mil\n482", &["98 mil\n482=98482"]),
                ("126\u{a0}mil\u{a0}247", &["126\u{a0}mil\u{a0}247=126247"]),
                ("4 millones 2 mil 3", &["4 millones 2 mil 3=4002003"]),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn decimal_magnitudes_are_exact() {
        check(
            &[
                ("2.7 millones", &["2.7 millones=2700000"]),
                ("3.2 mil millones", &["3.2 mil millones=3200000000"]),
                ("1.2 billones", &["1.2 billones=1200000000000"]),
                ("7.8 mil", &["7.8 mil=7800"]),
                ("medio millón", &["medio millón=500000"]),
                ("millón y medio", &["millón y medio=1500000"]),
                ("dos millones y medio", &["dos millones y medio=2500000"]),
                ("58.33", &["58.33=58.33 decimal"]),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn digits_with_separators() {
        check(
            &[
                ("1,234", &["1,234=1234"]),
                ("1,234,567", &["1,234,567=1234567"]),
                (
                    "0.683 y 0,683",
                    &["0.683=0.683 decimal", "0,683=0.683 decimal"],
                ),
                (
                    "1.111,11, 1,111.11",
                    &["1.111,11=1111.11 decimal", "1,111.11=1111.11 decimal"],
                ),
                ("1 234 567", &["1 234 567=1234567"]),
                ("257.", &["257=257"]),
            ],
            Locale::EsMx,
        );
        check(
            &[
                ("1.234.567", &["1.234.567=1234567"]),
                ("4,800", &["4,800=4.8 decimal"]),
                ("1.000", &["1.000=1000"]),
                (",08", &[",08=0.08 decimal"]),
            ],
            Locale::EsEs,
        );
    }

    #[test]
    fn negatives_and_suffixes() {
        check(
            &[
                ("-1", &["-1=-1"]),
                ("menos 1,200,000", &["menos 1,200,000=-1200000"]),
                ("- 1,200,000", &["- 1,200,000=-1200000"]),
                ("- 24 trasplantes de órganos", &["24=24"]),
                ("100K", &["100K=100000"]),
                ("-1.2M", &["-1.2M=-1200000"]),
                ("-.0012G", &["-.0012G=-1200000"]),
                ("cuatro menos cinco", &["cuatro=4", "cinco=5"]),
                ("al menos cinco", &["cinco=5 at_least"]),
            ],
            Locale::EsMx,
        );
    }
}
