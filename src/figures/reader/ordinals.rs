//! Ordinals: "la decimocuarta Jornada", "14a.", "vigésima primera", and the ordinals that
//! name a level or follow an article rather than count.

use super::{Scanner, folded_in};
use crate::figures::Dec;
use crate::figures::lexicon::{self, Card, Lex, Ord, W};
use crate::figures::tokens::{Gap, Tk};

impl<'a> Scanner<'a> {
    /// "la 9 Jornada", "el 5 Informe": digits between a singular article and a singular
    /// name (capitalized, not ending in -s) number that thing; a count would take the
    /// plural ("las 9 jornadas").
    pub(super) fn article_ordinal(&self, i: usize) -> bool {
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

    /// "la Jornada 17", "Jornada 9;": digits right after the singular "jornada" number it,
    /// unless a magnitude or a percent makes them a count ("en la jornada 15 mil …").
    pub(super) fn names_a_jornada(&self, i: usize) -> bool {
        let s = self.src(i);
        let plain = s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
        let count = self.cont(i + 1) && matches!(self.lex(i + 1), Some(Lex::Mag { .. }))
            || self.punct(i + 1) == Some('%')
            || self.w(i + 1, W::Por);
        plain && !count && self.t[i].gap == Gap::Space && self.after_word(i, &["jornada"])
    }

    /// Ordinal words in descending order from `j` (hundreds, tens, units; a fused 11–99
    /// counts as tens and unit), added to `base`.
    pub(super) fn ord_tail(&self, j: usize, base: Dec, need_cont: bool) -> (Dec, usize) {
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

    /// "Primer Nivel", "Segundo y Tercer Nivel", "el primer semestre", "la Cuarta
    /// Transformación": an ordinal word that names a level, a part of the year or an era.
    pub(super) fn ordinal_names_a_level(&self, i: usize) -> bool {
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

    /// A ruled-out ordinal word: after a cardinal ("veinte segundos", "tres cuartos" are time
    /// and fractions) or after "un"/"una" ("un segundo", "un quinto"), except "un primer".
    pub(super) fn ordinal_blocked(&self, i: usize, v: u16, c: Ord) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn ordinals() {
        check(
            &[
                ("14va", &["14va=14 ordinal"]),
                ("14ª", &["14ª=14 ordinal"]),
                ("10a", &["10a=10 ordinal"]),
                ("3er", &["3er=3 ordinal"]),
                ("22º", &["22º=22 ordinal"]),
                ("la decimocuarta Jornada", &["decimocuarta=14 ordinal"]),
                ("décimo cuarto", &["décimo cuarto=14 ordinal"]),
                ("vigésima primera", &["vigésima primera=21 ordinal"]),
                (
                    "centésimo trigésimo segundo",
                    &["centésimo trigésimo segundo=132 ordinal"],
                ),
                ("la número 17", &["número 17=17 ordinal"]),
                ("Cuarta", &["Cuarta=4 ordinal"]),
                (
                    "tres millones dos milesimo tricentesimo cuadragesimo septimo",
                    &[
                        "tres millones dos milesimo tricentesimo cuadragesimo septimo=3002347 ordinal",
                    ],
                ),
                ("tresmillonesimo", &["tresmillonesimo=3000000 ordinal"]),
                (
                    "dos mil millonésimo",
                    &["dos mil millonésimo=2000000000 ordinal"],
                ),
                ("veinte segundos", &["veinte=20"]),
                ("30° C", &["30=30"]),
            ],
            Locale::EsMx,
        );
    }
}
