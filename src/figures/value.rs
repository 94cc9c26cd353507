//! Exact decimal values: a figure is `mantissa / 10^scale`, never a float until output.
//!
//! "2.7 millones" must be exactly 2,700,000 and "58.33" must keep its two digits, so all
//! arithmetic is checked integer arithmetic on an `i128` mantissa.

use std::fmt;

/// Largest number of fractional digits kept; longer fractions are not read as figures.
const MAX_SCALE: u8 = 24;

/// An exact decimal number, normalized (no trailing zeros in the fraction).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dec {
    mant: i128,
    scale: u8,
}

/// 10^0 … 10^38, the powers an `i128` holds.
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// 10^0 … 10^22, the powers of ten an `f64` holds exactly.
const F64_POW10: [f64; 23] = {
    let mut t = [1.0f64; 23];
    let mut i = 1;
    while i < 23 {
        t[i] = t[i - 1] * 10.0;
        i += 1;
    }
    t
};

#[inline]
fn pow10(p: u32) -> Option<i128> {
    POW10.get(p as usize).copied()
}

impl Dec {
    pub const ZERO: Dec = Dec { mant: 0, scale: 0 };

    /// A whole number.
    pub fn int(v: i128) -> Dec {
        Dec { mant: v, scale: 0 }
    }

    /// `mant / 10^scale`, normalized; `None` if the scale is beyond what is kept.
    pub fn new(mant: i128, scale: u8) -> Option<Dec> {
        if scale == 0 {
            return Some(Dec { mant, scale });
        }
        let (mut mant, mut scale) = (mant, scale);
        while scale > 0 && mant % 10 == 0 {
            mant /= 10;
            scale -= 1;
        }
        (scale <= MAX_SCALE).then_some(Dec { mant, scale })
    }

    /// Parses ASCII digits with at most one `.` as the decimal mark ("58.33", "007", ".5").
    pub fn parse_plain(s: &str) -> Option<Dec> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut mant: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            mant = mant.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Dec::new(mant, u8::try_from(frac.len()).ok()?)
    }

    pub fn is_whole(&self) -> bool {
        self.scale == 0
    }

    pub fn is_zero(&self) -> bool {
        self.mant == 0
    }

    /// The value as an `i64` when it is whole and fits.
    pub fn as_i64(&self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mant).ok()
        } else {
            None
        }
    }

    /// The value as an `i128` when it is whole.
    pub fn as_i128(&self) -> Option<i128> {
        (self.scale == 0).then_some(self.mant)
    }

    /// The nearest `f64`, so "121.8" → 121.8. A mantissa below 2^53 and a scale up to 22
    /// are both exact in an `f64`, and one IEEE division of exact operands is correctly
    /// rounded: that is the nearest `f64` without formatting and parsing (Clinger's fast
    /// path). Other values go through the exact decimal string.
    pub fn to_f64(&self) -> f64 {
        const EXACT: i128 = 1 << 53;
        if self.mant.abs() < EXACT && self.scale <= 22 {
            let m = self.mant as f64;
            return if self.scale == 0 {
                m
            } else {
                m / F64_POW10[usize::from(self.scale)]
            };
        }
        self.parsed_f64()
    }

    /// [`Dec::to_f64`] by the decimal string: every value, slower.
    fn parsed_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    fn align(self, other: Dec) -> Option<(i128, i128, u8)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mant
            .checked_mul(pow10(u32::from(scale - self.scale))?)?;
        let b = other
            .mant
            .checked_mul(pow10(u32::from(scale - other.scale))?)?;
        Some((a, b, scale))
    }

    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        if self.scale == 0 && other.scale == 0 {
            return Some(Dec::int(self.mant.checked_add(other.mant)?));
        }
        let (a, b, scale) = self.align(other)?;
        Dec::new(a.checked_add(b)?, scale)
    }

    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.checked_add(other.scale)?;
        Dec::new(self.mant.checked_mul(other.mant)?, scale)
    }

    /// `self × 10^p`, exact.
    pub fn checked_mul_pow10(self, p: u32) -> Option<Dec> {
        let shift = u32::from(self.scale).min(p);
        let rest = p - shift;
        let mant = self.mant.checked_mul(pow10(rest)?)?;
        Dec::new(mant, self.scale - shift as u8)
    }

    /// `self / 10^p`, exact (used for fractional digits read after "coma" or "punto").
    pub fn checked_div_pow10(self, p: u32) -> Option<Dec> {
        let scale = u32::from(self.scale) + p;
        Dec::new(self.mant, u8::try_from(scale).ok()?)
    }

    /// Compares by value.
    pub fn cmp_value(&self, other: &Dec) -> std::cmp::Ordering {
        if self.scale == other.scale {
            return self.mant.cmp(&other.mant);
        }
        match self.align(*other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }

    /// Number of digits of the whole part (for "at most three digits after mil").
    pub fn int_digits(&self) -> u32 {
        let whole = (self.mant / pow10(u32::from(self.scale)).unwrap_or(1)).unsigned_abs();
        if whole == 0 { 1 } else { whole.ilog10() + 1 }
    }
}

impl std::ops::Neg for Dec {
    type Output = Dec;
    fn neg(self) -> Dec {
        Dec {
            mant: -self.mant,
            scale: self.scale,
        }
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mant);
        }
        let sign = if self.mant < 0 { "-" } else { "" };
        let digits = self.mant.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_f64_fast_path_equals_the_parsed_string() {
        // mantissas near every power of two and ten, and a fixed-seed spread, at every scale
        let mut mants: Vec<i128> = Vec::new();
        for p in 0..64 {
            let v = 1i128 << p;
            mants.extend([v - 1, v, v + 1]);
        }
        for p in 0..=22u32 {
            let v = 10i128.pow(p);
            mants.extend([v - 1, v, v + 1, 3 * v, 7 * v + 1]);
        }
        let mut rng = crate::testing::Rng::new(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5_000 {
            let x = rng.next();
            mants.push(i128::from(x >> (x % 60)));
        }
        let mut checked = 0;
        for &m in &mants {
            for scale in 0..=MAX_SCALE {
                for m in [m, -m] {
                    let Some(d) = Dec::new(m, scale) else {
                        continue;
                    };
                    let (fast, parsed) = (d.to_f64(), d.parsed_f64());
                    assert_eq!(fast.to_bits(), parsed.to_bits(), "{d}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn decimal_magnitudes_are_exact() {
        let cases = [
            ("2.7", 6, "2700000"),
            ("1.5", 6, "1500000"),
            ("3.2", 9, "3200000000"),
            ("1.2", 12, "1200000000000"),
            ("7.8", 3, "7800"),
            ("0.0012", 9, "1200000"),
        ];
        for (s, p, want) in cases {
            let v = Dec::parse_plain(s).unwrap().checked_mul_pow10(p).unwrap();
            assert_eq!(v.to_string(), want, "{s} × 10^{p}");
            assert!(v.is_whole());
        }
    }

    #[test]
    fn display_keeps_digits() {
        for (s, want) in [
            ("58.33", "58.33"),
            ("121.8", "121.8"),
            ("0.0638", "0.0638"),
            ("5.00", "5"),
            ("007", "7"),
            (".77", "0.77"),
        ] {
            assert_eq!(Dec::parse_plain(s).unwrap().to_string(), want);
        }
        assert_eq!((-Dec::parse_plain("1.25").unwrap()).to_string(), "-1.25");
    }

    #[test]
    fn arithmetic_is_checked() {
        let big = Dec::int(i128::MAX / 2);
        assert!(big.checked_mul(Dec::int(10)).is_none());
        assert!(Dec::int(1).checked_mul_pow10(60).is_none());
        let half = Dec::parse_plain("0.5").unwrap();
        assert_eq!(
            Dec::int(1_000_000).checked_add(half).unwrap().to_string(),
            "1000000.5"
        );
        assert_eq!(
            Dec::int(1236).checked_div_pow10(3).unwrap().to_string(),
            "1.236"
        );
        assert_eq!(Dec::parse_plain("121.8").unwrap().to_f64(), 121.8);
        assert_eq!(Dec::int(204_782).int_digits(), 6);
    }
}
