//! Figures written in words, and mixed with digits: the number grammar ("doscientas
//! cuarenta", "un millón 529 mil 812", "2.7 millones"), spoken decimals and fractions
//! ("punto", "con"), and where a word starts a figure.

use super::{Cand, Group, NumP, Raw, Scanner, below_pow, word_group};
use crate::figures::lexicon::{Card, Lex, W};
use crate::figures::tokens::Tk;
use crate::figures::{Dec, Kind};

impl<'a> Scanner<'a> {
    /// A figure that ends in a magnitude word ("72 mil", "2.7 millones"): rounded.
    pub(super) fn is_round(&self, f: &Raw) -> bool {
        matches!(self.lex(f.te - 1), Some(Lex::Mag { .. })) && self.t[f.te - 1].kind == Tk::Word
    }

    pub(super) fn at_word(&mut self, i: usize) -> Option<usize> {
        match self.lex(i)? {
            Lex::Card { .. } | Lex::Mag { .. } | Lex::Medio | Lex::OrdMag { .. } => {
                if let Some(j) = self.date(i) {
                    return Some(j);
                }
                self.figure(i, i, false)
            }
            Lex::Ord { v, c } => {
                if self.ordinal_blocked(i, v, c) || self.ordinal_names_a_level(i) {
                    return Some(i + 1);
                }
                if v == 1
                    && let Some(j) = self.date(i)
                {
                    return Some(j);
                }
                self.figure(i, i, false)
            }
            Lex::Zero => self.at_zero(i),
            Lex::W(W::Numero) => {
                // "la número 17", "reunión de seguimiento número 22": an ordinal
                let j = i + 1;
                if self.cont(j) && self.t[j].plain_num() {
                    let dv = self.num_digits(j)?;
                    if dv.plain && dv.ndig <= 4 {
                        let c = Cand {
                            ts: i,
                            te: j + 1,
                            v: dv.v,
                            kind: Kind::Ordinal,
                            un_alone: false,
                            uno_alone: false,
                        };
                        return Some(self.emit(c, false));
                    }
                }
                None
            }
            Lex::W(W::Menos | W::Negativo) => {
                // "menos 1,200,000", "negativo uno"; not "al menos", "menos de", "4 menos 5"
                let j = i + 1;
                if !self.cont(j) || self.w(i, W::Menos) && self.blocks_minus(i) {
                    return None;
                }
                if !(self.t[j].is_num() || self.is_cardinal_word(j)) {
                    return None;
                }
                let mut c = self.core(j)?;
                if c.kind == Kind::Ordinal || c.un_alone {
                    return None;
                }
                c.ts = i;
                Some(self.emit(c, true))
            }
            Lex::W(W::Punto | W::Coma) if i == 0 => {
                // "punto cinco", "coma 5" (leading decimal in words, only at text start)
                let (v, e) = self.word_fraction(i, Dec::ZERO)?;
                let c = Cand {
                    ts: i,
                    te: e,
                    v,
                    kind: Kind::Decimal,
                    un_alone: false,
                    uno_alone: false,
                };
                Some(self.emit(c, false))
            }
            _ => None,
        }
    }

    /// "doce coma noventa y nueve" → 12.99; "1 punto cinco" → 1.5: the words after the mark
    /// are read as the digits of the fraction (each "cero" a leading zero).
    pub(super) fn word_fraction(&self, j: usize, int: Dec) -> Option<(Dec, usize)> {
        if !(self.w(j, W::Coma) || self.w(j, W::Punto)) || (j > 0 && !self.cont(j)) {
            return None;
        }
        let mut k = j + 1;
        let mut digits = String::new();
        while self.cont(k) && self.lex(k) == Some(Lex::Zero) {
            digits.push('0');
            k += 1;
        }
        if !self.cont(k) {
            return None;
        }
        if self.t[k].plain_num() {
            let s = self.src(k);
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(s);
            k += 1;
        } else if self.is_cardinal_word(k) {
            let n = self.number(k)?;
            if n.ordinal || !n.v.is_whole() {
                return None;
            }
            digits.push_str(&n.v.to_string());
            let single = n.end == k + 1 && n.v.cmp_value(&Dec::int(10)).is_lt();
            k = n.end;
            // "cero punto ocho cinco" = 0.85: digits said one by one
            let one_digit = |k: usize| match self.lex(k) {
                Some(Lex::Card { v, c: Card::Unit }) if v <= 9 && self.cont(k) => Some(v),
                Some(Lex::Zero) if self.cont(k) => Some(0),
                _ => None,
            };
            if single {
                while let Some(d) = one_digit(k) {
                    if self.cont(k + 1) && matches!(self.lex(k + 1), Some(Lex::Mag { .. })) {
                        break;
                    }
                    digits.push(char::from(b'0' + d as u8));
                    k += 1;
                }
            }
        } else if digits.is_empty() {
            return None;
        }
        let frac = Dec::parse_plain(&digits)?.checked_div_pow10(digits.len() as u32)?;
        Some((int.checked_add(frac)?, k))
    }

    /// "siete con cincuenta" → 7.5: the spoken decimal, only after a number in words and
    /// never before a magnitude ("… con 2 mil" counts something else).
    pub(super) fn con_fraction(&self, j: usize, int: Dec) -> Option<(Dec, usize)> {
        if !self.cont(j) || !self.w(j, W::Con) {
            return None;
        }
        let k = j + 1;
        if !self.cont(k) || !(self.is_cardinal_word(k) || self.t[k].plain_num()) {
            return None;
        }
        let frac = if self.t[k].plain_num() {
            let s = self.src(k);
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (s.to_string(), k + 1)
        } else {
            let n = self.number(k)?;
            if n.ordinal || !n.v.is_whole() || n.un_alone {
                return None;
            }
            (n.v.to_string(), n.end)
        };
        let (digits, end) = frac;
        if self.cont(end) && matches!(self.lex(end), Some(Lex::Mag { .. }) | Some(Lex::Ord { .. }))
        {
            return None;
        }
        let f = Dec::parse_plain(&digits)?.checked_div_pow10(digits.len() as u32)?;
        Some((int.checked_add(f)?, end))
    }

    // ----- the number grammar ------------------------------------------------------------
    /// A number phrase starting at `i`: digits and words mixed in any combination with
    /// mil / millón / millones / mil millones / billón ("204 mil 782", "mil 56",
    /// "un millón 529 mil 812", "dos mil 800 millones", "2.7 millones", "medio millón",
    /// "millón y medio"), or an ordinal ("decimocuarta", "vigésima primera",
    /// "tres millones dos milésimo tricentésimo").
    pub(super) fn number(&self, i: usize) -> Option<NumP> {
        if let Some(Lex::Ord { .. }) = self.lex(i) {
            let (v, end) = self.ord_tail(i, Dec::ZERO, false);
            return (end > i).then_some(NumP {
                v,
                end,
                ordinal: true,
                digits: false,
                un_alone: false,
                uno_alone: false,
            });
        }
        let mut c = Chain::new();
        let mut j = i;
        while j < self.t.len() && (j == i || self.cont(j)) {
            let step = match self.lex(j) {
                Some(Lex::Mag { pow: 3, .. }) if self.t[j].kind == Tk::Word => self.mil(&mut c, j),
                Some(Lex::Mag { pow, plural }) if self.t[j].kind == Tk::Word => {
                    self.magnitude(&mut c, j, u32::from(pow), plural)
                }
                Some(Lex::OrdMag { prefix, pow }) => {
                    self.ordinal_magnitude(&c, j, prefix, u32::from(pow))
                }
                _ => self.chain_group(&mut c, i, j),
            };
            match step {
                Step::Next(next) => j = next,
                Step::End(end) => {
                    j = end;
                    break;
                }
                Step::Done(p) => return Some(p),
            }
        }
        c.finish(i, j)
    }

    /// "mil" in a chain: the group before it (or one) becomes the thousands.
    fn mil(&self, c: &mut Chain, j: usize) -> Step {
        if c.thousands.is_some() || c.last_pow.is_some_and(|p| p <= 3) {
            return Step::End(j); // "mil mil"
        }
        let g = match c.group {
            Some(g) if g.uno => return Step::End(j), // "uno mil" is not a number
            Some(g) => g.v,
            None => Dec::int(1),
        };
        let Some(val) = g.checked_mul_pow10(3) else {
            return Step::End(j);
        };
        if let Some(p) = c.last_pow
            && !below_pow(val, p)
        {
            return Step::End(j);
        }
        c.decimal |= c.group.is_some_and(|g| g.decimal);
        c.thousands = Some(val);
        c.group = None;
        Step::Next(j + 1)
    }

    /// "millón", "millones", "mil millones", "billón" in a chain: what was read since the
    /// last magnitude, times this one, joins the total ("millón y medio" ends the chain).
    fn magnitude(&self, c: &mut Chain, j: usize, pow: u32, plural: bool) -> Step {
        if c.last_pow.is_some_and(|p| pow >= p) || c.group.is_some_and(|g| g.uno) {
            return Step::End(j);
        }
        let seg = match (c.thousands, c.group) {
            (None, None) if plural => return Step::End(j), // bare "millones"
            (None, None) => Dec::int(1),                   // "millón"
            (t, g) => {
                let Some(s) = t
                    .unwrap_or(Dec::ZERO)
                    .checked_add(g.map_or(Dec::ZERO, |g| g.v))
                else {
                    return Step::End(j);
                };
                s
            }
        };
        if let Some(p) = c.last_pow
            && !below_pow(seg, p - pow)
        {
            return Step::End(j);
        }
        let Some(add) = seg.checked_mul_pow10(pow) else {
            return Step::End(j);
        };
        let Some(t2) = c.total.checked_add(add) else {
            return Step::End(j);
        };
        c.decimal |= c.group.is_some_and(|g| g.decimal);
        c.total = t2;
        c.thousands = None;
        c.group = None;
        c.last_pow = Some(pow);
        let j = j + 1;
        // "millón y medio", "un billón y medio millón"
        if self.cont(j)
            && self.w(j, W::Y)
            && self.cont(j + 1)
            && self.lex(j + 1) == Some(Lex::Medio)
        {
            let (half_pow, used) = match self.lex(j + 2) {
                Some(Lex::Mag { pow: q, .. }) if self.cont(j + 2) && u32::from(q) < pow => {
                    (u32::from(q), 3)
                }
                _ => (pow, 2),
            };
            if let Some(h) = Dec::new(5, 1).and_then(|h| h.checked_mul_pow10(half_pow))
                && let Some(t3) = c.total.checked_add(h)
            {
                c.total = t3;
                return Step::End(j + used);
            }
            return Step::End(j);
        }
        Step::Next(j)
    }

    /// An ordinal magnitude ("milésimo", "dosmillonésimo") ends the chain as an ordinal,
    /// with the ordinal words after it.
    fn ordinal_magnitude(&self, c: &Chain, j: usize, prefix: u16, pow: u32) -> Step {
        if c.group.is_some_and(|g| g.uno || g.decimal) {
            return Step::End(j);
        }
        let g = if prefix > 0 {
            if c.group.is_some() {
                return Step::End(j);
            }
            Dec::int(i128::from(prefix))
        } else {
            // "milésimo" alone is 1,000th; after "dos mil" it adds nothing
            let bare = if c.thousands.is_some() { 0 } else { 1 };
            c.group.map_or(Dec::int(bare), |g| g.v)
        };
        let seg = if pow == 3 {
            if c.thousands.is_some() {
                return Step::End(j);
            }
            Some(g)
        } else {
            c.thousands.unwrap_or(Dec::ZERO).checked_add(g)
        };
        let Some(seg) = seg else {
            return Step::End(j);
        };
        if let Some(p) = c.last_pow
            && (pow >= p || !below_pow(seg, p - pow))
        {
            return Step::End(j);
        }
        let Some(t2) = seg
            .checked_mul_pow10(pow)
            .and_then(|a| c.total.checked_add(a))
        else {
            return Step::End(j);
        };
        let (tail, end) = self.ord_tail(j + 1, t2, true);
        Step::Done(NumP {
            v: tail,
            end,
            ordinal: true,
            digits: c.has_digits,
            un_alone: false,
            uno_alone: false,
        })
    }

    /// A small group in a chain ("529", "doscientas treinta y una"): below a thousand after a
    /// magnitude, and a decimal or grouped digit run only first or before a magnitude above
    /// "mil".
    fn chain_group(&self, c: &mut Chain, i: usize, j: usize) -> Step {
        if c.group.is_some() || c.decimal {
            return Step::End(j);
        }
        let first = j == i;
        let Some((g, nj)) = self.small(j, first) else {
            return Step::End(j);
        };
        let after_mag = c.thousands.is_some() || c.last_pow.is_some();
        // "31 mil 472.6 millones", "3 billones 207,415 millones": a decimal or grouped run
        // inside a chain only before a magnitude above "mil"
        let before_big_mag = self.cont(nj)
            && self.t[nj].kind == Tk::Word
            && matches!(self.lex(nj), Some(Lex::Mag { pow, .. }) if pow > 3);
        if !first && (g.decimal || (g.digits && g.ndig > 3)) && !before_big_mag {
            return Step::End(j);
        }
        if after_mag && g.v.cmp_value(&Dec::int(1000)).is_ge() && !before_big_mag {
            return Step::End(j);
        }
        if first {
            c.first_group = Some(g);
        }
        c.has_digits |= g.digits;
        c.group = Some(g);
        Step::Next(nj)
    }

    /// A group below a thousand ("doscientas treinta y una", "ciento un", "dos cientos
    /// tres", "treinta y 3"), or a digit run (only as the first group may it be a decimal
    /// or have more than three digits).
    fn small(&self, j: usize, first: bool) -> Option<(Group, usize)> {
        let t = &self.t[j];
        if t.kind == Tk::Num {
            if !t.plain_num() {
                return None;
            }
            if first && let Some((v, ndig, end)) = self.space_grouped(j) {
                let g = Group {
                    v,
                    digits: true,
                    decimal: false,
                    ndig,
                    un: false,
                    uno: false,
                };
                return Some((g, end));
            }
            let dv = self.num_digits(j)?;
            let g = Group {
                v: dv.v,
                digits: true,
                decimal: !dv.int,
                ndig: dv.ndig,
                un: false,
                uno: false,
            };
            return Some((g, j + 1));
        }
        if t.kind != Tk::Word {
            return None;
        }
        let mut k = j;
        let mut h: u32 = 0;
        match self.lex(k) {
            Some(Lex::Card {
                v,
                c: Card::Hundreds | Card::Ciento,
            }) => {
                h = u32::from(v);
                k += 1;
            }
            Some(Lex::Card { c: Card::Cien, .. }) => {
                return Some((word_group(100, false, false), k + 1));
            }
            Some(Lex::Card { v, c: Card::Unit })
                if self.cont(k + 1) && self.lex(k + 1) == Some(Lex::Cientos) =>
            {
                h = u32::from(v) * 100;
                k += 2;
            }
            Some(Lex::Medio) => {
                let next_is_mag =
                    self.cont(k + 1) && matches!(self.lex(k + 1), Some(Lex::Mag { .. }));
                if !next_is_mag {
                    return None;
                }
                let g = Group {
                    v: Dec::new(5, 1)?,
                    digits: false,
                    decimal: true,
                    ndig: 1,
                    un: false,
                    uno: false,
                };
                return Some((g, k + 1));
            }
            _ => {}
        }
        if h > 0 && !self.cont(k) {
            return Some((word_group(h, false, false), k));
        }
        let mut tens: u32 = 0;
        let (mut un, mut uno) = (false, false);
        if k == j || self.cont(k) {
            match self.lex(k) {
                Some(Lex::Card { v, c: Card::Teen }) => {
                    tens = u32::from(v);
                    k += 1;
                    // "diez y seis"
                    if v == 10
                        && self.cont(k)
                        && self.w(k, W::Y)
                        && self.cont(k + 1)
                        && let Some(u) = self.unit_at(k + 1)
                    {
                        tens += u;
                        k += 2;
                    }
                }
                Some(Lex::Card { v, c: Card::Twenty }) => {
                    tens = u32::from(v);
                    k += 1;
                }
                Some(Lex::Card { v, c: Card::Tens }) => {
                    tens = u32::from(v);
                    k += 1;
                    if self.cont(k)
                        && self.w(k, W::Y)
                        && self.cont(k + 1)
                        && let Some(u) = self.unit_at(k + 1)
                    {
                        tens += u; // "treinta y uno", "treinta y 3"
                        k += 2;
                    } else if self.cont(k)
                        && let Some(Lex::Card {
                            v: u,
                            c: Card::Unit,
                        }) = self.lex(k)
                        && !(self.cont(k + 1) && self.lex(k + 1) == Some(Lex::Cientos))
                    {
                        tens += u32::from(u); // "treinta cuatro"
                        k += 1;
                    }
                }
                Some(Lex::Card { v, c: Card::Unit }) => {
                    tens = u32::from(v);
                    k += 1;
                }
                Some(Lex::Card { c: Card::Un, .. }) => {
                    tens = 1;
                    un = h == 0;
                    k += 1;
                }
                Some(Lex::Card { c: Card::Uno, .. }) => {
                    tens = 1;
                    uno = h == 0;
                    k += 1;
                }
                _ => {}
            }
        }
        if k == j {
            return None;
        }
        Some((word_group(h + tens, un, uno), k))
    }

    /// A unit after "y": a word (uno … nueve) or a single digit.
    fn unit_at(&self, k: usize) -> Option<u32> {
        match self.lex(k) {
            Some(Lex::Card {
                v,
                c: Card::Unit | Card::Un | Card::Uno,
            }) => Some(u32::from(v)),
            _ => {
                let t = self.t.get(k)?;
                let s = self.src(k);
                (t.plain_num() && s.len() == 1 && s != "0")
                    .then(|| u32::from(s.as_bytes()[0] - b'0'))
            }
        }
    }

    /// "cada uno", "uno de los": a pronoun, not a count.
    pub(super) fn pronoun_uno(&self, i: usize) -> bool {
        let after_cada = i >= 1 && self.cont(i) && self.w(i - 1, W::Cada);
        let of_them = self.cont(i + 1)
            && self.w(i + 1, W::De)
            && (self.w(i + 2, W::Los) || self.w(i + 2, W::Las));
        after_cada || of_them
    }
}

/// A number phrase being read ([`Scanner::number`]): `total` holds what the magnitudes
/// so far sum to ("un millón" → 1,000,000), `thousands` a "… mil" not yet added, `group` the
/// small group being read ("529").
struct Chain {
    total: Dec,
    thousands: Option<Dec>,
    group: Option<Group>,
    /// The smallest magnitude applied so far: later ones must be smaller.
    last_pow: Option<u32>,
    decimal: bool,
    has_digits: bool,
    first_group: Option<Group>,
}

impl Chain {
    fn new() -> Chain {
        Chain {
            total: Dec::ZERO,
            thousands: None,
            group: None,
            last_pow: None,
            decimal: false,
            has_digits: false,
            first_group: None,
        }
    }

    /// The phrase `i..j` read: its value, and whether it is a lone "un" or "uno".
    fn finish(self, i: usize, j: usize) -> Option<NumP> {
        if j == i {
            return None;
        }
        let mut v = self.total;
        for part in [self.thousands, self.group.map(|g| g.v)]
            .into_iter()
            .flatten()
        {
            v = v.checked_add(part)?;
        }
        let alone =
            self.first_group.is_some() && self.thousands.is_none() && self.last_pow.is_none();
        Some(NumP {
            v,
            end: j,
            ordinal: false,
            digits: self.has_digits,
            un_alone: alone && self.first_group.is_some_and(|g| g.un),
            uno_alone: alone && self.first_group.is_some_and(|g| g.uno),
        })
    }
}

/// What one token does to a [`Chain`].
enum Step {
    /// Read; the chain goes on at this token.
    Next(usize),
    /// The chain ends before this token.
    End(usize),
    /// The chain ended as an ordinal, read whole.
    Done(NumP),
}

#[cfg(test)]
mod tests {
    use super::super::cases::check;
    use crate::figures::Locale;

    #[test]
    fn cardinal_words() {
        check(
            &[
                ("nueve", &["nueve=9"]),
                ("veintiún estados", &["veintiún=21"]),
                ("veintidos", &["veintidos=22"]),
                (
                    "doscientas treinta y una escuelas",
                    &["doscientas treinta y una=231"],
                ),
                ("cien", &["cien=100"]),
                ("ciento uno", &["ciento uno=101"]),
                ("ciento un", &["ciento un=101"]),
                (
                    "mil novecientos noventa y nueve",
                    &["mil novecientos noventa y nueve=1999"],
                ),
                (
                    "tres millones quinientos mil",
                    &["tres millones quinientos mil=3500000"],
                ),
                ("veintiún mil", &["veintiún mil=21000"]),
                ("mil millones", &["mil millones=1000000000"]),
                ("cero", &["cero=0"]),
                ("diez y seis", &["diez y seis=16"]),
                ("treinta y 3", &["treinta y 3=33"]),
                ("dos cientos tres", &["dos cientos tres=203"]),
                (
                    "cincuenta y tres mil veinte millones doscientos cuarenta y tres mil setecientos veinticuatro",
                    &[
                        "cincuenta y tres mil veinte millones doscientos cuarenta y tres mil setecientos veinticuatro=53020243724",
                    ],
                ),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn invalid_sequences_split() {
        check(
            &[
                ("mil mil doscientos", &["mil=1000", "mil doscientos=1200"]),
                ("uno mil", &["uno=1", "mil=1000"]),
                ("sesenta cien", &["sesenta=60", "cien=100"]),
                ("cinco cero", &["cinco=5", "cero=0"]),
                ("quince cientos", &["quince=15"]),
                (
                    "vigésimo decimocuarto",
                    &["vigésimo=20 ordinal", "decimocuarto=14 ordinal"],
                ),
            ],
            Locale::EsMx,
        );
    }

    #[test]
    fn spoken_decimals_and_zeros() {
        check(
            &[
                (
                    "doce coma noventa y nueve",
                    &["doce coma noventa y nueve=12.99 decimal"],
                ),
                (
                    "ciento veinte coma cero cinco",
                    &["ciento veinte coma cero cinco=120.05 decimal"],
                ),
                ("1 punto cinco", &["1 punto cinco=1.5 decimal"]),
                ("cero uno", &["cero uno=1"]),
                (
                    "trece mil cero noventa",
                    &["trece mil=13000", "cero noventa=90"],
                ),
            ],
            Locale::EsMx,
        );
    }
}
