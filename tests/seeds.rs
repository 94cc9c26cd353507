//! The two real bulletins in `../shared/seeds/`: every figure, with its value, kind and
//! qualifier, in order; and their dates (whose day numbers are not figures).

use crate::common::{notice, shared_dir};
use cifras::{Locale, read};

type Row = (&'static str, &'static str, &'static str, &'static str);

/// Seed 000: the 14th Jornada of 2023.
const SEED_000: &[Row] = &[
    ("204 mil", "204000", "cardinal", "more_than"),
    ("14va", "14", "ordinal", "exact"),
    ("2.7 millones", "2700000", "cardinal", "exact"),
    ("98 mil", "98000", "cardinal", "more_than"),
    // "más de" holds through the rounded figures of the same list …
    ("72 mil", "72000", "cardinal", "more_than"),
    ("26 mil", "26000", "cardinal", "more_than"),
    ("4 mil", "4000", "cardinal", "more_than"),
    ("2 mil", "2000", "cardinal", "more_than"),
    // … not through the exact one
    ("24", "24", "cardinal", "exact"),
    ("204 mil 782", "204782", "cardinal", "exact"),
    ("decimocuarta", "14", "ordinal", "exact"),
    ("168 mil 78", "168078", "cardinal", "exact"),
    ("121.8 por ciento", "121.8", "percent", "exact"),
    ("98 mil 482", "98482", "cardinal", "exact"),
    ("72 mil 546", "72546", "cardinal", "exact"),
    ("26 mil 195", "26195", "cardinal", "exact"),
    ("4 mil 596", "4596", "cardinal", "exact"),
    ("2 mil 939", "2939", "cardinal", "exact"),
    ("24", "24", "cardinal", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("2.7 millones", "2700000", "cardinal", "more_than"),
    ("14", "14", "cardinal", "exact"),
    ("58.33 por ciento", "58.33", "percent", "exact"),
    ("15 mil 813", "15813", "cardinal", "exact"),
    ("13 mil 683", "13683", "cardinal", "exact"),
    ("13 mil 110", "13110", "cardinal", "exact"),
    ("12 mil 133", "12133", "cardinal", "exact"),
    ("11 mil 911", "11911", "cardinal", "exact"),
    ("2 mil 753", "2753", "cardinal", "exact"),
    ("mil 258", "1258", "cardinal", "exact"),
    ("mil 56", "1056", "cardinal", "exact"),
    ("999", "999", "cardinal", "exact"),
    ("870", "870", "cardinal", "exact"),
    ("35", "35", "cardinal", "exact"),
    ("25", "25", "cardinal", "exact"),
    ("24", "24", "cardinal", "exact"),
];

/// Seed 004: bulletin 496/2024, gestiones for oncology patients in Michoacán.
const SEED_004: &[Row] = &[
    ("250", "250", "cardinal", "more_than"),
    ("número 22", "22", "ordinal", "exact"),
    ("99 por ciento", "99", "percent", "exact"),
    ("257", "257", "cardinal", "exact"),
    ("número 22", "22", "ordinal", "exact"),
    ("116", "116", "cardinal", "exact"),
    ("99 por ciento", "99", "percent", "exact"),
    ("255", "255", "cardinal", "exact"),
    ("uno por ciento", "1", "percent", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("70", "70", "cardinal", "exact"),
    ("68", "68", "cardinal", "exact"),
    ("56", "56", "cardinal", "exact"),
    ("18", "18", "cardinal", "exact"),
    ("14", "14", "cardinal", "exact"),
    ("nueve", "9", "cardinal", "exact"),
    ("seis", "6", "cardinal", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("un", "1", "cardinal", "exact"),
    ("una", "1", "cardinal", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("20", "20", "cardinal", "exact"),
    ("nueve", "9", "cardinal", "exact"),
    ("siete", "7", "cardinal", "exact"),
    ("seis", "6", "cardinal", "exact"),
    ("cuatro", "4", "cardinal", "exact"),
    ("cuatro", "4", "cardinal", "exact"),
    ("cuatro", "4", "cardinal", "exact"),
    ("tres", "3", "cardinal", "exact"),
    ("tres", "3", "cardinal", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("dos", "2", "cardinal", "exact"),
    ("una", "1", "cardinal", "exact"),
    ("un", "1", "cardinal", "exact"),
    ("un", "1", "cardinal", "exact"),
    ("109 mil", "109000", "cardinal", "more_than"),
    ("10", "10", "cardinal", "exact"),
];

fn check_seed(name: &str, want: &[Row], want_dates: &[(&str, Option<i32>)]) {
    let Some(dir) = shared_dir() else {
        notice(&format!(
            "SKIPPED seed {name}: ../shared/seeds not found (set CIFRAS_SHARED)"
        ));
        return;
    };
    let path = dir.join("seeds").join(name);
    let text = std::fs::read_to_string(&path).expect("seed is UTF-8 text");
    let r = read(&text, Locale::EsMx);
    let got: Vec<(String, String, String, String)> = r
        .figures
        .iter()
        .map(|f| {
            (
                f.text(&text).to_string(),
                f.value.to_string(),
                f.kind.as_str().to_string(),
                f.qualifier.as_str().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}: figure #{k}");
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{name}: number of figures; got {got:#?}"
    );
    let dates: Vec<(&str, Option<i32>)> = r
        .dates
        .iter()
        .map(|d| (&text[d.byte_start..d.byte_end], d.year))
        .collect();
    assert_eq!(dates, want_dates, "{name}: dates");

    // the same figures and dates after ingest (decoding, cleaning) and extract
    let p = cifras::pipeline::Pipeline::parse(cifras::pipeline::DEFAULT_TOML, "default").unwrap();
    let input = cifras::ingest::Input {
        bytes: std::fs::metadata(&path).unwrap().len(),
        path: path.clone(),
    };
    let cifras::ingest::Ingested::Document(doc) = cifras::ingest::ingest(&input, &p.ingest) else {
        panic!("{name} was quarantined");
    };
    let rows = cifras::extract::extract(&doc, &p.extract);
    let figures: Vec<(String, String, String, String)> = rows
        .iter()
        .filter(|m| m.kind != "date")
        .map(|m| {
            let v = m
                .value_int
                .map_or_else(|| m.value.unwrap().to_string(), |i| i.to_string());
            (
                m.text(&doc.body).to_string(),
                v,
                m.kind.to_string(),
                m.qualifier.to_string(),
            )
        })
        .collect();
    assert_eq!(figures, want, "{name}: figures after ingest and extract");
    let dates: Vec<&str> = rows
        .iter()
        .filter(|m| m.kind == "date")
        .map(|m| m.text(&doc.body))
        .collect();
    let want_texts: Vec<&str> = want_dates.iter().map(|(t, _)| *t).collect();
    assert_eq!(dates, want_texts, "{name}: dates after ingest and extract");
}

#[test]
fn seed_000_jornada_14_of_2023() {
    check_seed(
        "000_7343a2aed457e1d1.txt",
        SEED_000,
        &[("21 al 23 de julio", None), ("21 al 23 de julio", None)],
    );
}

#[test]
fn seed_004_bulletin_496_2024() {
    check_seed(
        "004_4ff286b113b02bd7.txt",
        SEED_004,
        &[
            ("26 de septiembre de 2024", Some(2024)),
            ("23 de septiembre de este año", None),
            ("7 de octubre de 2024", Some(2024)),
        ],
    );
}

#[test]
fn seed_metadata_from_the_dateline() {
    let Some(dir) = shared_dir() else {
        notice("SKIPPED seed metadata: ../shared/seeds not found (set CIFRAS_SHARED)");
        return;
    };
    let p = cifras::pipeline::Pipeline::parse(cifras::pipeline::DEFAULT_TOML, "default").unwrap();
    let read = |name: &str| {
        let path = dir.join("seeds").join(name);
        let input = cifras::ingest::Input {
            bytes: std::fs::metadata(&path).unwrap().len(),
            path,
        };
        match cifras::ingest::ingest(&input, &p.ingest) {
            cifras::ingest::Ingested::Document(d) => d,
            other => panic!("{name}: {other:?}"),
        }
    };
    let d = read("004_4ff286b113b02bd7.txt");
    assert_eq!(d.bulletin_number.as_deref(), Some("496/2024"));
    assert_eq!(
        d.published_date.map(cifras::dates::iso).as_deref(),
        Some("2024-09-26")
    );
    assert_eq!(d.place.as_deref(), Some("Ciudad de México"));
    assert_eq!(
        d.title.as_deref(),
        Some("IMSS ha efectuado más de 250 gestiones a pacientes oncológicos de Michoacán")
    );
    let d = read("000_7343a2aed457e1d1.txt");
    assert_eq!(
        (d.published_date, d.bulletin_number.as_deref()),
        (None, None)
    );
    assert!(
        d.title
            .unwrap()
            .starts_with("Realizó IMSS más de 204 mil atenciones")
    );
}
