//! A lone "un"/"una": a count only in lists of counts or before a magnitude ("un millón"),
//! decided after the pass when the figures around it are known.

use super::{Raw, Scanner, Starts, folded_in};
use crate::figures::lexicon::{Lex, W};
use crate::figures::tokens::{Gap, Tk};
use crate::figures::{Dec, Kind};

impl<'a> Scanner<'a> {
    // ----- "un" / "una" ------------------------------------------------------------------
    /// Decides each lone "un"/"una": a figure when it counts something in a list of counts
    /// ("dos pagos, un trámite y una corrección"), is said alone ("sólo una vaca", "un
    /// solo día"), belongs to a spoken list of numbers ("un, dos, tres"), or is the whole
    /// text. Otherwise it is an article ("un servicio oportuno").
    pub(super) fn resolve_un(&mut self) {
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

    pub(super) fn is_delim(&self, k: usize) -> bool {
        matches!(self.punct(k), Some(',' | ';')) || self.w(k, W::Y) || self.w(k, W::E)
    }

    pub(super) fn is_boundary(&self, k: usize) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn un_and_una_count_only_in_lists_or_before_magnitudes() {
        check(
            &[
                (
                    "dos pagos de incapacidades, un trámite de pensión y una corrección de datos.",
                    &["dos=2", "un=1", "una=1"],
                ),
                (
                    "dos densitometrías óseas, una colangioresonancia, un resultado de laboratorio y un electrocardiograma.",
                    &["dos=2", "una=1", "un=1", "un=1"],
                ),
                ("voy a comprar solo una vaca", &["una=1"]),
                ("un millón", &["un millón=1000000"]),
                ("un", &["un=1"]),
                ("un, dos, tres", &["un=1", "dos=2", "tres=3"]),
                ("requieren una atención médica.", &[]),
                // regression: an article before a noun run is not a count because a later
                // list item has a figure a few words in
                (
                    "Con una inversión cercana a mil 500 millones de pesos, el Seguro Social ha rehabilitado 42 quirófanos",
                    &["mil 500 millones de pesos=1500000000 money approx", "42=42"],
                ),
                (
                    "se entregaron 70 solicitudes, más de 68 estudios y un trámite",
                    &["70=70", "68=68 more_than", "un=1"],
                ),
            ],
            Locale::EsMx,
        );
    }
}
