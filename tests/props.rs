//! Property tests: every integer in [0, 10^12) written as digits with separators, in the
//! mixed "N mil M" styles and in Spanish words reads back exactly; arbitrary input never
//! panics and gives valid, increasing, non-overlapping offsets.

use cifras::{Figure, Kind, Locale, read};
use proptest::prelude::*;

const UNITS: [&str; 30] = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
];
const TENS: [&str; 10] = [
    "",
    "",
    "",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
];
const HUNDREDS: [&str; 10] = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
];

/// 1..=999 in words; `apocope` for the form before "mil"/"millones" ("veintiún", "un").
fn below_thousand(n: u64, apocope: bool, feminine: bool) -> String {
    assert!((1..1000).contains(&n));
    let (h, r) = (n / 100, n % 100);
    let mut parts: Vec<String> = Vec::new();
    if h == 1 && r == 0 {
        return "cien".into();
    }
    if h > 0 {
        let w = HUNDREDS[h as usize];
        parts.push(if feminine && h > 1 {
            w.replace("ientos", "ientas")
        } else {
            w.to_string()
        });
    }
    if r > 0 {
        let last_one = r % 10 == 1 && r != 11;
        let one = if apocope {
            "un"
        } else if feminine {
            "una"
        } else {
            "uno"
        };
        let w = if r < 30 {
            let w = UNITS[r as usize].to_string();
            if last_one && r == 21 {
                format!("veinti{}", if apocope { "ún" } else { one })
            } else if r == 1 {
                one.to_string()
            } else {
                w
            }
        } else {
            let (t, u) = (r / 10, r % 10);
            match u {
                0 => TENS[t as usize].to_string(),
                1 => format!("{} y {one}", TENS[t as usize]),
                _ => format!("{} y {}", TENS[t as usize], UNITS[u as usize]),
            }
        };
        parts.push(w);
    }
    parts.join(" ")
}

/// Any integer below 10^12 in Spanish words ("mil millones" for 10^9).
fn spell(n: u64, feminine: bool) -> String {
    if n == 0 {
        return "cero".into();
    }
    let millions = n / 1_000_000;
    let rest = n % 1_000_000;
    let mut parts = Vec::new();
    if millions > 0 {
        if millions == 1 {
            parts.push("un millón".to_string());
        } else {
            parts.push(format!("{} millones", below_million(millions, true, false)));
        }
    }
    if rest > 0 {
        parts.push(below_million(rest, false, feminine));
    }
    parts.join(" ")
}

fn below_million(n: u64, apocope: bool, feminine: bool) -> String {
    let (th, u) = (n / 1000, n % 1000);
    let mut parts = Vec::new();
    if th == 1 {
        parts.push("mil".to_string());
    } else if th > 1 {
        parts.push(format!("{} mil", below_thousand(th, true, feminine)));
    }
    if u > 0 {
        parts.push(below_thousand(u, apocope, feminine));
    }
    parts.join(" ")
}

/// "1,234,567"
fn with_commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The IMSS style: "204 mil 782", "mil 56", "un millón 529 mil 812", "53 mil 20 millones";
/// each group in digits or words as `words` says, the group after "mil" padded or not.
fn mixed(n: u64, words: &[bool], pad: bool, space: &str) -> String {
    let group = |g: u64, k: usize, apocope: bool| -> String {
        if words[k % words.len()] {
            below_thousand(g, apocope, false)
        } else {
            g.to_string()
        }
    };
    let below_million = |n: u64, k: usize, apocope: bool| -> Vec<String> {
        let (th, u) = (n / 1000, n % 1000);
        let mut p = Vec::new();
        if th == 1 {
            p.push("mil".to_string());
        } else if th > 1 {
            p.push(group(th, k, true));
            p.push("mil".to_string());
        }
        if u > 0 {
            let digits = !words[(k + 1) % words.len()];
            p.push(if th > 0 && digits && pad {
                format!("{u:03}")
            } else {
                group(u, k + 1, apocope)
            });
        }
        p
    };
    if n == 0 {
        return "0".into();
    }
    let (m, rest) = (n / 1_000_000, n % 1_000_000);
    let mut parts = Vec::new();
    if m == 1 {
        parts.push(if words[0] { "un" } else { "1" }.to_string());
        parts.push("millón".to_string());
    } else if m > 1 {
        parts.extend(below_million(m, 2, true));
        parts.push("millones".to_string());
    }
    if rest > 0 {
        parts.extend(below_million(rest, 4, false));
    }
    parts.join(space)
}

fn one_figure(text: &str, loc: Locale) -> Result<Figure, String> {
    let r = read(text, loc);
    match r.figures.as_slice() {
        [f] if f.byte_start == 0 && f.byte_end == text.len() => Ok(*f),
        other => Err(format!(
            "{text:?} read as {:?}",
            other
                .iter()
                .map(|f| (f.text(text), f.value.to_string()))
                .collect::<Vec<_>>()
        )),
    }
}

fn check_offsets(text: &str, figs: &[Figure]) -> Result<(), TestCaseError> {
    let nchars = text.chars().count();
    let mut last_end = 0;
    for f in figs {
        prop_assert!(f.start < f.end, "empty span {f:?}");
        prop_assert!(f.start >= last_end, "overlap or disorder at {f:?}");
        prop_assert!(f.end <= nchars);
        prop_assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
        let by_chars: String = text.chars().skip(f.start).take(f.end - f.start).collect();
        prop_assert_eq!(by_chars.as_str(), f.text(text));
        last_end = f.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn digits_with_separators_read_back(n in 0u64..1_000_000_000_000) {
        let f = one_figure(&with_commas(n), Locale::EsMx).map_err(TestCaseError::fail)?;
        prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)));
        let es = with_commas(n).replace(',', ".");
        let f = one_figure(&es, Locale::EsEs).map_err(TestCaseError::fail)?;
        prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)));
        let plain = n.to_string();
        if !(1900..=2100).contains(&n) {
            let f = one_figure(&plain, Locale::EsMx).map_err(TestCaseError::fail)?;
            prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)));
        }
    }

    #[test]
    fn mixed_styles_read_back(
        n in 1_000u64..1_000_000_000_000,
        words in proptest::collection::vec(any::<bool>(), 6),
        pad in any::<bool>(),
        space in prop::sample::select(vec![" ", "\u{a0}", "\n", "  "]),
    ) {
        let text = mixed(n, &words, pad, space);
        let f = one_figure(&text, Locale::EsMx).map_err(TestCaseError::fail)?;
        prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)), "{:?}", text);
        prop_assert_eq!(f.kind, Kind::Cardinal);
    }

    #[test]
    fn spanish_words_read_back(n in 0u64..1_000_000_000_000, feminine in any::<bool>()) {
        let text = spell(n, feminine);
        let f = one_figure(&text, Locale::EsMx).map_err(TestCaseError::fail)?;
        prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)), "{:?}", text);
    }

    #[test]
    fn small_numbers_in_words_read_back(n in 0u64..100_000) {
        let text = spell(n, false);
        let f = one_figure(&text, Locale::EsMx).map_err(TestCaseError::fail)?;
        prop_assert_eq!(f.value.as_i128(), Some(i128::from(n)), "{:?}", text);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC*") {
        for loc in [Locale::EsMx, Locale::EsEs] {
            let r = read(&text, loc);
            check_offsets(&text, &r.figures)?;
        }
    }

    #[test]
    fn number_soup_never_panics(parts in proptest::collection::vec(prop::sample::select(vec![
        "mil", "millón", "millones", "billones", "un", "una", "uno", "cero", "y", "medio", "de",
        "pesos", "por", "ciento", "%", "$", "-", ".", ",", "2.7", "1,234", "204", "78", "048",
        "14va", "22º", "decimocuarta", "vigésima", "primera", "milésimo", "tresmillonésimo",
        "coma", "punto", "con", "menos", "más", "casi", "al", "número", "No.", "julio", "21",
        "2024", "17:00", "COVID-19", "\n", "\n\n", "\u{a0}", "veintiún", "doscientas", "cien",
        "treinta", "quince", "cientos", "segundos", "cuarto", "dos", ";", "(", ")", "10K",
        "0", "99999999999999999999999999999", "9.99999999999999999999999999999", "ñ", "é",
    ]), 0..40), seps in proptest::collection::vec(prop::sample::select(vec![" ", "", "  "]), 40)) {
        let mut text = String::new();
        for (i, p) in parts.iter().enumerate() {
            text.push_str(p);
            text.push_str(seps[i % seps.len()]);
        }
        for loc in [Locale::EsMx, Locale::EsEs] {
            let r = read(&text, loc);
            check_offsets(&text, &r.figures)?;
        }
    }
}

#[test]
fn the_writers_are_right_on_known_values() {
    assert_eq!(
        spell(1_529_812, false),
        "un millón quinientos veintinueve mil ochocientos doce"
    );
    assert_eq!(spell(21_000, false), "veintiún mil");
    assert_eq!(spell(231, true), "doscientas treinta y una");
    assert_eq!(spell(101, false), "ciento uno");
    assert_eq!(spell(100, false), "cien");
    assert_eq!(
        spell(53_020_243_724, false),
        "cincuenta y tres mil veinte millones doscientos cuarenta y tres mil setecientos veinticuatro"
    );
    assert_eq!(with_commas(1_234_567), "1,234,567");
    assert_eq!(mixed(204_782, &[false], false, " "), "204 mil 782");
    assert_eq!(mixed(1_056, &[false], false, " "), "mil 56");
    assert_eq!(mixed(220_048, &[false], true, " "), "220 mil 048");
    assert_eq!(
        mixed(1_529_812, &[false], false, " "),
        "1 millón 529 mil 812"
    );
    assert_eq!(mixed(2_800, &[true, false], false, " "), "dos mil 800");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// Whatever a body holds, extract, facts and checks never panic.
    #[test]
    fn facts_of_arbitrary_bodies_never_panic(
        parts in proptest::collection::vec(prop::sample::select(vec![
            "Puebla con", "15 mil 813", "la meta de", "168 mil 78", "servicios", "por ciento",
            "121.8", "de productividad", "decimocuarta Jornada Nacional de Continuidad", "gestiones para",
            "70 solicitudes de medicamentos", "(", "255 casos", ")", "suman", "2.7 millones",
            "del 21 al 23 de julio", "2023", "jornadas", ",", ".", "\n", "\n\n", "ñ", "é", "Ü",
            "Hospital General del CMN La Raza", "de Especialidad", "24", "y", "un", "·",
        ]), 0..60),
        text in "\\PC{0,80}",
    ) {
        let mut body = parts.join(" ");
        body.push_str(&text);
        let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "d").unwrap();
        let v = cifras::vocab::Vocabulary::parse(cifras::vocab::DEFAULT_TOML, "v").unwrap();
        let doc = cifras::ingest::Document {
            format: "text",
            source_url: None,
            doc_id: "d".into(),
            source_path: "x".into(),
            bulletin_number: None,
            published_date: cifras::dates::days_from_civil(2024, 1, 15),
            place: None,
            title: Some(body.chars().take(40).collect()),
            encoding: "UTF-8".into(),
            bytes: body.len() as u64,
            body,
        };
        let rows = cifras::extract::extract(&doc, &p.extract);
        let (ctx, facts) = cifras::facts::facts(&doc, &rows, &v);
        let _ = cifras::facts::checks(&doc.body, &rows, &facts, &v);
        let mut j = cifras::facts::Jornadas::default();
        j.add(&doc.doc_id, doc.published_date, &ctx, &facts);
        let _ = j.finish();
        for f in &facts {
            prop_assert!(rows.iter().any(|m| m.mention_id == f.mention_id));
        }
    }
}
