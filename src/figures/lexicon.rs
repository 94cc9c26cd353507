//! The Spanish number vocabulary: every word the reader treats as part of a figure, or as
//! the context around one, mapped to what it means.
//!
//! Words are looked up after [`fold`]: ASCII lowercase with the Spanish accents removed, so
//! "Veintiún", "veintiun" and "VEINTIÚN" are one entry. The table is generated once from the
//! stems below (genders, plurals and the fused forms "decimocuarta", "tresmillonésimo").

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Cardinal word classes: what may follow a word inside one number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Card {
    /// dos … nueve
    Unit,
    /// "un", "una": an article unless it counts something (see the reader).
    Un,
    /// "uno": the number word itself.
    Uno,
    /// diez … diecinueve
    Teen,
    /// veintiuno … veintinueve, written as one word
    Twenty,
    /// veinte, treinta … noventa: may take "y" and a unit
    Tens,
    /// "cien": a complete hundred
    Cien,
    /// "ciento": a hundred that needs a rest ("ciento uno")
    Ciento,
    /// doscientos … novecientos (and feminines)
    Hundreds,
}

/// Ordinal word classes, in the order they may follow each other (hundreds, tens, units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ord {
    Unit,
    /// 11–99 in one word: "undécimo", "decimocuarta", "vigesimoprimero"
    Fused,
    Tens,
    Hundreds,
}

/// Function words that give a figure its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    Y,
    E,
    O,
    De,
    Del,
    Al,
    A,
    El,
    La,
    Los,
    Las,
    Por,
    Porciento,
    Mas,
    Menos,
    Poco,
    Cerca,
    Alrededor,
    Casi,
    Aproximadamente,
    Aprox,
    Unos,
    Unas,
    Hasta,
    Lo,
    Como,
    Minimo,
    Maximo,
    Sumo,
    Arriba,
    Encima,
    Debajo,
    Superior,
    Inferior,
    Orden,
    Solo,
    Sola,
    Solamente,
    Unicamente,
    Apenas,
    Cada,
    Negativo,
    Punto,
    Coma,
    Numero,
    No,
    Num,
    Pesos,
    Dolares,
    Horas,
    Entre,
    Este,
    Presente,
    Ano,
    Tel,
    Telefono,
    Con,
    Que,
    /// cercano, cercana, cercanos, cercanas ("cercana a mil millones")
    Cercana,
    Mes,
    /// "mdp", "mdd": millions of pesos or dollars after a figure
    Mdp,
    /// "mmdp", "mmdd": thousands of millions of pesos or dollars
    Mmdp,
    Centavos,
}

/// What a folded word means to the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Card {
        v: u16,
        c: Card,
    },
    /// "cero", "zero"
    Zero,
    /// "cientos" after a unit ("dos cientos tres")
    Cientos,
    /// mil (3), millón/millones (6), billón/billones (12)
    Mag {
        pow: u8,
        plural: bool,
    },
    /// "medio", "media": only inside a number ("medio millón", "millón y medio")
    Medio,
    Ord {
        v: u16,
        c: Ord,
    },
    /// milésimo (3), millonésimo (6), billonésimo (12), optionally fused with a cardinal
    /// prefix ("tresmillonésimo" → prefix 3)
    OrdMag {
        prefix: u16,
        pow: u8,
    },
    Month(u8),
    Weekday(u8),
    W(W),
}

const UNITS: [(&str, u16); 8] = [
    ("dos", 2),
    ("tres", 3),
    ("cuatro", 4),
    ("cinco", 5),
    ("seis", 6),
    ("siete", 7),
    ("ocho", 8),
    ("nueve", 9),
];

const TEENS: [(&str, u16); 14] = [
    ("diez", 10),
    ("once", 11),
    ("doce", 12),
    ("trece", 13),
    ("catorce", 14),
    ("quince", 15),
    ("dieciseis", 16),
    ("diecisiete", 17),
    ("dieciocho", 18),
    ("diecinueve", 19),
    // common misspellings with "s" for "c"
    ("diesiseis", 16),
    ("diesisiete", 17),
    ("diesiocho", 18),
    ("diesinueve", 19),
];

const TWENTIES: [(&str, u16); 11] = [
    ("veintiun", 21),
    ("veintiuno", 21),
    ("veintiuna", 21),
    ("veintidos", 22),
    ("veintitres", 23),
    ("veinticuatro", 24),
    ("veinticinco", 25),
    ("veintiseis", 26),
    ("veintisiete", 27),
    ("veintiocho", 28),
    ("veintinueve", 29),
];

const TENS: [(&str, u16); 8] = [
    ("veinte", 20),
    ("treinta", 30),
    ("cuarenta", 40),
    ("cincuenta", 50),
    ("sesenta", 60),
    ("setenta", 70),
    ("ochenta", 80),
    ("noventa", 90),
];

/// Hundreds stems; each takes "-os" and "-as".
const HUNDREDS: [(&str, u16); 8] = [
    ("doscient", 200),
    ("trescient", 300),
    ("cuatrocient", 400),
    ("quinient", 500),
    ("seiscient", 600),
    ("setecient", 700),
    ("ochocient", 800),
    ("novecient", 900),
];

/// Ordinal unit stems (take -o, -a, -os, -as); "primer" and "tercer" also stand bare.
const ORD_UNITS: [(&str, u16, bool); 10] = [
    ("primer", 1, true),
    ("segund", 2, false),
    ("tercer", 3, true),
    ("cuart", 4, false),
    ("quint", 5, false),
    ("sext", 6, false),
    ("septim", 7, false),
    ("setim", 7, false),
    ("octav", 8, false),
    ("noven", 9, false),
];

const ORD_TENS: [(&str, u16); 9] = [
    ("decim", 10),
    ("vigesim", 20),
    ("trigesim", 30),
    ("cuadragesim", 40),
    ("quincuagesim", 50),
    ("sexagesim", 60),
    ("septuagesim", 70),
    ("octogesim", 80),
    ("nonagesim", 90),
];

const ORD_HUNDREDS: [(&str, u16); 10] = [
    ("centesim", 100),
    ("ducentesim", 200),
    ("tricentesim", 300),
    ("cuadringentesim", 400),
    ("quingentesim", 500),
    ("sexcentesim", 600),
    ("septingentesim", 700),
    ("setingentesim", 700),
    ("octingentesim", 800),
    ("noningentesim", 900),
];

const ORD_MAGS: [(&str, u8); 3] = [("milesim", 3), ("millonesim", 6), ("billonesim", 12)];

const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

const WEEKDAYS: [&str; 7] = [
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "domingo",
];

const FUNCTION_WORDS: [(&str, W); 73] = [
    ("y", W::Y),
    ("e", W::E),
    ("o", W::O),
    ("u", W::O),
    ("de", W::De),
    ("del", W::Del),
    ("al", W::Al),
    ("a", W::A),
    ("el", W::El),
    ("la", W::La),
    ("los", W::Los),
    ("las", W::Las),
    ("por", W::Por),
    ("porciento", W::Porciento),
    ("mas", W::Mas),
    ("menos", W::Menos),
    ("poco", W::Poco),
    ("cerca", W::Cerca),
    ("alrededor", W::Alrededor),
    ("casi", W::Casi),
    ("aproximadamente", W::Aproximadamente),
    ("aprox", W::Aprox),
    ("unos", W::Unos),
    ("unas", W::Unas),
    ("hasta", W::Hasta),
    ("lo", W::Lo),
    ("como", W::Como),
    ("minimo", W::Minimo),
    ("maximo", W::Maximo),
    ("sumo", W::Sumo),
    ("arriba", W::Arriba),
    ("encima", W::Encima),
    ("debajo", W::Debajo),
    ("superior", W::Superior),
    ("inferior", W::Inferior),
    ("orden", W::Orden),
    ("solo", W::Solo),
    ("sola", W::Sola),
    ("solamente", W::Solamente),
    ("unicamente", W::Unicamente),
    ("apenas", W::Apenas),
    ("cada", W::Cada),
    ("negativo", W::Negativo),
    ("punto", W::Punto),
    ("coma", W::Coma),
    ("numero", W::Numero),
    ("no", W::No),
    ("num", W::Num),
    ("pesos", W::Pesos),
    ("peso", W::Pesos),
    ("dolares", W::Dolares),
    ("horas", W::Horas),
    ("hrs", W::Horas),
    ("hr", W::Horas),
    ("entre", W::Entre),
    ("este", W::Este),
    ("presente", W::Presente),
    ("ano", W::Ano),
    ("tel", W::Tel),
    ("telefono", W::Telefono),
    ("con", W::Con),
    ("que", W::Que),
    ("cercano", W::Cercana),
    ("cercana", W::Cercana),
    ("cercanos", W::Cercana),
    ("cercanas", W::Cercana),
    ("mes", W::Mes),
    ("mdp", W::Mdp),
    ("mdd", W::Mdp),
    ("mmdp", W::Mmdp),
    ("mmdd", W::Mmdp),
    ("centavos", W::Centavos),
    ("centavo", W::Centavos),
];

fn build() -> FxHashMap<Box<[u8]>, Lex> {
    let mut m: FxHashMap<Box<[u8]>, Lex> = FxHashMap::default();
    let mut put = |w: &str, lex: Lex| {
        m.insert(w.as_bytes().into(), lex);
    };
    let card = |v, c| Lex::Card { v, c };
    put("cero", Lex::Zero);
    put("zero", Lex::Zero);
    put("un", card(1, Card::Un));
    put("una", card(1, Card::Un));
    put("uno", card(1, Card::Uno));
    for (w, v) in UNITS {
        put(w, card(v, Card::Unit));
    }
    for (w, v) in TEENS {
        put(w, card(v, Card::Teen));
    }
    for (w, v) in TWENTIES {
        put(w, card(v, Card::Twenty));
    }
    for (w, v) in TENS {
        put(w, card(v, Card::Tens));
    }
    put("cien", card(100, Card::Cien));
    put("ciento", card(100, Card::Ciento));
    put("cientos", Lex::Cientos);
    for (stem, v) in HUNDREDS {
        put(&format!("{stem}os"), card(v, Card::Hundreds));
        put(&format!("{stem}as"), card(v, Card::Hundreds));
    }
    put(
        "mil",
        Lex::Mag {
            pow: 3,
            plural: false,
        },
    );
    put(
        "millon",
        Lex::Mag {
            pow: 6,
            plural: false,
        },
    );
    put(
        "millones",
        Lex::Mag {
            pow: 6,
            plural: true,
        },
    );
    put(
        "billon",
        Lex::Mag {
            pow: 12,
            plural: false,
        },
    );
    put(
        "billones",
        Lex::Mag {
            pow: 12,
            plural: true,
        },
    );
    put("medio", Lex::Medio);
    put("media", Lex::Medio);

    const ENDINGS: [&str; 4] = ["o", "a", "os", "as"];
    let mut unit_forms: Vec<(String, u16)> = Vec::new();
    for (stem, v, bare) in ORD_UNITS {
        if bare {
            unit_forms.push((stem.to_string(), v));
        }
        for e in ENDINGS {
            unit_forms.push((format!("{stem}{e}"), v));
        }
    }
    for (w, v) in &unit_forms {
        put(
            w,
            Lex::Ord {
                v: *v,
                c: Ord::Unit,
            },
        );
    }
    for (stem, v) in ORD_TENS {
        for e in ENDINGS {
            put(&format!("{stem}{e}"), Lex::Ord { v, c: Ord::Tens });
        }
        // Fused forms: "decimocuarta", "vigesimoprimero", "decimoctavo".
        for (unit, u) in &unit_forms {
            let fused = Lex::Ord {
                v: v + u,
                c: Ord::Fused,
            };
            put(&format!("{stem}o{unit}"), fused);
            if unit.starts_with('o') {
                put(&format!("{stem}{unit}"), fused);
            }
        }
    }
    for (stem, v) in [("undecim", 11), ("duodecim", 12)] {
        for e in ENDINGS {
            put(&format!("{stem}{e}"), Lex::Ord { v, c: Ord::Fused });
        }
    }
    for (stem, v) in ORD_HUNDREDS {
        for e in ENDINGS {
            put(
                &format!("{stem}{e}"),
                Lex::Ord {
                    v,
                    c: Ord::Hundreds,
                },
            );
        }
    }
    // Cardinal words that can be fused in front of an ordinal magnitude ("dosmilésimo").
    let mut prefixes: Vec<(String, u16)> = Vec::new();
    for (w, v) in UNITS.iter().chain(&TEENS).chain(&TWENTIES).chain(&TENS) {
        prefixes.push((w.to_string(), *v));
    }
    prefixes.push(("cien".into(), 100));
    for (stem, v) in HUNDREDS {
        prefixes.push((format!("{stem}os"), v));
    }
    for (stem, pow) in ORD_MAGS {
        for e in ENDINGS {
            put(&format!("{stem}{e}"), Lex::OrdMag { prefix: 0, pow });
            for (p, v) in &prefixes {
                put(&format!("{p}{stem}{e}"), Lex::OrdMag { prefix: *v, pow });
            }
        }
    }
    for (i, w) in MONTHS.iter().enumerate() {
        put(w, Lex::Month(i as u8 + 1));
    }
    put("setiembre", Lex::Month(9));
    for (i, w) in WEEKDAYS.iter().enumerate() {
        put(w, Lex::Weekday(i as u8 + 1));
    }
    for (w, f) in FUNCTION_WORDS {
        put(w, Lex::W(f));
    }
    m
}

static TABLE: LazyLock<FxHashMap<Box<[u8]>, Lex>> = LazyLock::new(build);

/// Words of up to eight letters keyed by their bytes as one integer, in an open-addressing
/// table probed linearly: one multiply and usually one compare, no slice hashing and no
/// memcmp for the short words that make up most lookups ("de", "mil", "por").
struct ShortTable {
    keys: Vec<u64>,
    vals: Vec<Option<Lex>>,
    shift: u32,
}

const SHORT_BITS: u32 = 12;

impl ShortTable {
    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<Lex> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return self.vals[i];
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

static SHORT: LazyLock<ShortTable> = LazyLock::new(|| {
    let size = 1usize << SHORT_BITS;
    let mut t = ShortTable {
        keys: vec![0; size],
        vals: vec![None; size],
        shift: 64 - SHORT_BITS,
    };
    for (w, l) in TABLE.iter().filter(|(w, _)| w.len() <= 8) {
        let key = pack(w);
        let mut i = t.slot(key);
        while t.keys[i] != 0 {
            i = (i + 1) & (size - 1);
        }
        t.keys[i] = key;
        t.vals[i] = Some(*l);
    }
    t
});

#[inline]
fn pack(w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b[..w.len()].copy_from_slice(w);
    u64::from_le_bytes(b)
}

/// Lexicon entries that can start or continue a number (everything but context words)
/// and the few context words that start a figure ("menos", "número", "punto", "coma").
fn starts_figures(lex: &Lex) -> bool {
    match lex {
        Lex::W(w) => matches!(w, W::Menos | W::Negativo | W::Numero | W::Punto | W::Coma),
        Lex::Month(_) | Lex::Weekday(_) => false,
        _ => true,
    }
}

/// For each pair of first letters, a bit per word length (in letters) that some number
/// word has: most words of a text are ruled out with one load, without folding or hashing.
/// Per pair of first letters, a bit per word length: `number` for entries that start or
/// continue figures, `any` for every entry.
pub(crate) struct Shapes {
    number: [u64; 27 * 27],
    any: [u64; 27 * 27],
}

impl Shapes {
    /// What the shape of a word (folded first two letters, number of letters) allows.
    #[inline(always)]
    pub(crate) fn of(&self, first: u8, second: u8, letters: usize) -> Shape {
        if letters >= 64 {
            return Shape::None;
        }
        let k = shape_index(first, second);
        let bit = 1u64 << letters;
        if self.number[k] & bit != 0 {
            Shape::Number
        } else if self.any[k] & bit != 0 {
            Shape::Context
        } else {
            Shape::None
        }
    }
}

/// The shape table, to be fetched once per text: a `LazyLock` costs a check at each use.
pub(crate) fn shapes() -> &'static Shapes {
    &SHAPES
}

static SHAPES: LazyLock<Box<Shapes>> = LazyLock::new(|| {
    let mut m = Box::new(Shapes {
        number: [0; 27 * 27],
        any: [0; 27 * 27],
    });
    for (w, lex) in TABLE.iter() {
        if w.len() < 64 {
            let k = shape_index(w[0], w.get(1).copied().unwrap_or(0));
            m.any[k] |= 1 << w.len();
            if starts_figures(lex) {
                m.number[k] |= 1 << w.len();
            }
        }
    }
    m
});

#[inline(always)]
fn shape_index(a: u8, b: u8) -> usize {
    let f = |c: u8| {
        if c.is_ascii_lowercase() {
            (c - b'a') as usize
        } else {
            26
        }
    };
    f(a) * 27 + f(b)
}

/// What the shape of a word (folded first two letters, number of letters) allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// May be a number word: look it up now.
    Number,
    /// May be a context word: look it up if a figure asks.
    Context,
    /// In no entry.
    None,
}

#[cfg(test)]
pub(crate) fn shape(first: u8, second: u8, letters: usize) -> Shape {
    SHAPES.of(first, second, letters)
}

/// Folds one character to the ASCII letter the vocabulary uses (0 for anything else).
#[inline]
pub(crate) fn fold_char(c: char) -> u8 {
    match c {
        'a'..='z' => c as u8,
        'A'..='Z' => c.to_ascii_lowercase() as u8,
        'á' | 'Á' => b'a',
        'é' | 'É' => b'e',
        'í' | 'Í' => b'i',
        'ó' | 'Ó' => b'o',
        'ú' | 'Ú' | 'ü' | 'Ü' => b'u',
        'ñ' | 'Ñ' => b'n',
        _ => 0,
    }
}

/// Longest word worth folding; longer words are never number words.
pub(crate) const MAX_WORD: usize = 32;

/// Folds a word into `buf` (ASCII lowercase, Spanish accents and ñ flattened). Returns the
/// folded length, or `None` for words that cannot be in the vocabulary.
#[inline]
pub(crate) fn fold(word: &[u8], buf: &mut [u8; MAX_WORD]) -> Option<usize> {
    let mut n = 0;
    let mut i = 0;
    while i < word.len() {
        if n == MAX_WORD {
            return None;
        }
        let b = word[i];
        if b < 0x80 {
            buf[n] = b.to_ascii_lowercase();
            i += 1;
        } else if b == 0xC3 && i + 1 < word.len() {
            buf[n] = match word[i + 1] {
                0xA1 | 0x81 => b'a',
                0xA9 | 0x89 => b'e',
                0xAD | 0x8D => b'i',
                0xB3 | 0x93 => b'o',
                0xBA | 0x9A | 0xBC | 0x9C => b'u',
                0xB1 | 0x91 => b'n',
                _ => return None,
            };
            i += 2;
        } else {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Looks a word up (as written in the text).
#[inline]
pub(crate) fn lookup(word: &[u8]) -> Option<Lex> {
    if word.len() > MAX_WORD * 2 {
        return None;
    }
    if word.is_empty() {
        return None;
    }
    if word.len() <= 8 && word.is_ascii() {
        // letters only (the tokenizer made it a word): setting bit 5 lowercases each byte
        let mask = u64::MAX >> (8 * (8 - word.len()));
        return SHORT.get(pack(word) | (0x2020_2020_2020_2020 & mask));
    }
    let mut buf = [0u8; MAX_WORD];
    let n = fold(word, &mut buf)?;
    if n <= 8 {
        SHORT.get(pack(&buf[..n]))
    } else {
        TABLE.get(&buf[..n]).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lx(w: &str) -> Option<Lex> {
        lookup(w.as_bytes())
    }

    #[test]
    fn cardinal_words_with_gender_apocope_and_accents() {
        let table: &[(&str, u16, Card)] = &[
            ("uno", 1, Card::Uno),
            ("un", 1, Card::Un),
            ("Una", 1, Card::Un),
            ("nueve", 9, Card::Unit),
            ("dieciséis", 16, Card::Teen),
            ("dieciseis", 16, Card::Teen),
            ("veintiún", 21, Card::Twenty),
            ("VEINTIÚN", 21, Card::Twenty),
            ("veintidos", 22, Card::Twenty),
            ("veintidós", 22, Card::Twenty),
            ("treinta", 30, Card::Tens),
            ("cien", 100, Card::Cien),
            ("ciento", 100, Card::Ciento),
            ("doscientas", 200, Card::Hundreds),
            ("quinientos", 500, Card::Hundreds),
            ("novecientas", 900, Card::Hundreds),
        ];
        for (w, v, c) in table {
            assert_eq!(lx(w), Some(Lex::Card { v: *v, c: *c }), "{w}");
        }
    }

    #[test]
    fn magnitudes() {
        let table: &[(&str, u8, bool)] = &[
            ("mil", 3, false),
            ("millón", 6, false),
            ("millon", 6, false),
            ("millones", 6, true),
            ("billón", 12, false),
            ("billones", 12, true),
        ];
        for (w, pow, plural) in table {
            assert_eq!(
                lx(w),
                Some(Lex::Mag {
                    pow: *pow,
                    plural: *plural
                }),
                "{w}"
            );
        }
    }

    #[test]
    fn ordinal_words() {
        let table: &[(&str, u16, Ord)] = &[
            ("primer", 1, Ord::Unit),
            ("primeras", 1, Ord::Unit),
            ("tercer", 3, Ord::Unit),
            ("Cuarta", 4, Ord::Unit),
            ("séptimo", 7, Ord::Unit),
            ("décimo", 10, Ord::Tens),
            ("décimas", 10, Ord::Tens),
            ("decimocuarta", 14, Ord::Fused),
            ("decimoctavo", 18, Ord::Fused),
            ("decimooctavo", 18, Ord::Fused),
            ("undécimo", 11, Ord::Fused),
            ("duodécima", 12, Ord::Fused),
            ("vigésima", 20, Ord::Tens),
            ("vigesimoprimero", 21, Ord::Fused),
            ("centésimo", 100, Ord::Hundreds),
            ("ducentésimo", 200, Ord::Hundreds),
        ];
        for (w, v, c) in table {
            assert_eq!(lx(w), Some(Lex::Ord { v: *v, c: *c }), "{w}");
        }
        assert_eq!(lx("milésimo"), Some(Lex::OrdMag { prefix: 0, pow: 3 }));
        assert_eq!(
            lx("tresmillonesimo"),
            Some(Lex::OrdMag { prefix: 3, pow: 6 })
        );
        assert_eq!(
            lx("veintidosmilesimo"),
            Some(Lex::OrdMag { prefix: 22, pow: 3 })
        );
    }

    #[test]
    fn context_words() {
        assert_eq!(lx("Julio"), Some(Lex::Month(7)));
        assert_eq!(lx("setiembre"), Some(Lex::Month(9)));
        assert_eq!(lx("miércoles"), Some(Lex::Weekday(3)));
        assert_eq!(lx("más"), Some(Lex::W(W::Mas)));
        assert_eq!(lx("año"), Some(Lex::W(W::Ano)));
        assert_eq!(lx("Sólo"), Some(Lex::W(W::Solo)));
    }

    #[test]
    fn the_shape_filter_keeps_every_number_word() {
        for (w, lex) in TABLE.iter() {
            let want = if starts_figures(lex) {
                Shape::Number
            } else {
                Shape::Context
            };
            let got = shape(w[0], w.get(1).copied().unwrap_or(0), w.len());
            // a context word may share its shape with a number word
            assert!(
                got == want || got == Shape::Number,
                "{:?}",
                std::str::from_utf8(w)
            );
        }
        // and rules out the commonest words
        for w in ["de", "que", "servicios", "salud", "atenciones", "instituto"] {
            let b = w.as_bytes();
            assert_ne!(shape(b[0], b[1], b.len()), Shape::Number, "{w}");
        }
    }

    #[test]
    fn the_short_table_agrees_with_the_full_one() {
        let short = TABLE.iter().filter(|(w, _)| w.len() <= 8).count();
        assert!(
            short < (1 << SHORT_BITS) / 2,
            "keep the table under half full"
        );
        for (w, l) in TABLE.iter() {
            assert_eq!(lookup(w), Some(*l), "{:?}", std::str::from_utf8(w));
            let upper = w.to_ascii_uppercase();
            assert_eq!(
                lookup(&upper),
                Some(*l),
                "{:?}",
                std::str::from_utf8(&upper)
            );
        }
    }

    #[test]
    fn non_number_words_are_absent() {
        for w in [
            "miles",
            "cientos_",
            "atenciones",
            "Jornada",
            "ünico",
            "naïve",
            "",
        ] {
            assert_eq!(lx(w), None, "{w}");
        }
    }
}
