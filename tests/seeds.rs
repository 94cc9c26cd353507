//! The two real bulletins in `../shared/seeds/`: every figure, with its value, kind and
//! qualifier, in order; and their dates (whose day numbers are not figures).

use crate::common::{notice, shared_dir};
use cifras::domain::{Check, CheckStatus, MentionKind, Scope};
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
    // "cada dos semanas": a length of time (kind `duration`, added with issue 11)
    ("dos", "2", "duration", "exact"),
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
    let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "default").unwrap();
    let input = cifras::ingest::Input::from_path(&path).unwrap();
    let cifras::ingest::Ingested::Document(doc) = cifras::ingest::ingest(&input, &p.ingest) else {
        panic!("{name} was quarantined");
    };
    let rows = cifras::extract::extract(&doc, &p.extract);
    let figures: Vec<(String, String, String, String)> = rows
        .iter()
        .filter(|m| m.kind != MentionKind::Date)
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
        .filter(|m| m.kind == MentionKind::Date)
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
    let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "default").unwrap();
    let read = |name: &str| {
        let path = dir.join("seeds").join(name);
        let input = cifras::ingest::Input::from_path(&path).unwrap();
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

/// Ingest, extract and facts for one seed: (document, mentions, context, facts, checks).
fn seed_facts(
    dir: &std::path::Path,
    name: &str,
) -> (
    cifras::ingest::Document,
    cifras::facts::Context,
    Vec<cifras::facts::FactRow>,
    Vec<cifras::facts::CheckRow>,
) {
    let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "default").unwrap();
    let v = cifras::vocab::Vocabulary::parse(cifras::vocab::DEFAULT_TOML, "vocabulary").unwrap();
    let path = dir.join("seeds").join(name);
    let input = cifras::ingest::Input::from_path(&path).unwrap();
    let cifras::ingest::Ingested::Document(d) = cifras::ingest::ingest(&input, &p.ingest) else {
        panic!("{name} was quarantined");
    };
    let rows = cifras::extract::extract(&d, &p.extract);
    let (ctx, facts) = cifras::facts::facts(&d, &rows, &v);
    let checks = cifras::facts::checks(&d.body, &rows, &facts, &v);
    (d, ctx, facts, checks)
}

#[test]
fn seed_000_gives_the_jornada_row_its_rankings_and_clean_checks() {
    let Some(dir) = shared_dir() else {
        notice("SKIPPED seed facts: ../shared/seeds not found (set CIFRAS_SHARED)");
        return;
    };
    let (d, ctx, facts, checks) = seed_facts(&dir, "000_7343a2aed457e1d1.txt");
    let mut j = cifras::facts::Jornadas::default();
    j.add(&d.doc_id, d.published_date, &ctx, &facts);
    let (rows, jchecks) = j.finish();
    assert!(jchecks.is_empty());
    let r = &rows[0];
    let iso = |x: Option<i32>| x.map(cifras::dates::iso);
    assert_eq!((r.year, r.jornada_number), (Some(2023), 14));
    assert_eq!(iso(r.date_start).as_deref(), Some("2023-07-21"));
    assert_eq!(iso(r.date_end).as_deref(), Some("2023-07-23"));
    assert_eq!(r.total_atenciones, Some(204_782));
    assert_eq!(r.meta, Some(168_078));
    assert_eq!(r.productividad_pct, Some(121.8));
    // consultas de medicina familiar, especialidad, detecciones, estudios, cirugías, trasplantes
    assert_eq!(
        r.services,
        [
            Some(98_482),
            Some(26_195),
            Some(72_546),
            Some(4_596),
            Some(2_939),
            Some(24)
        ]
    );
    assert_eq!(r.acumulado_anual, Some(2_700_000));
    // the top five OOAD and UMAE with their canonical codes
    let ranked = |scope: Scope| -> Vec<(String, f64)> {
        facts
            .iter()
            .filter(|f| f.scope == scope)
            .map(|f| (f.entity_code.clone().unwrap(), f.value))
            .collect()
    };
    let own = |v: &[(&str, f64)]| -> Vec<(String, f64)> {
        v.iter().map(|(c, x)| (c.to_string(), *x)).collect()
    };
    assert_eq!(
        ranked(Scope::Ooad),
        own(&[
            ("PUE", 15813.0),
            ("CDMX_N", 13683.0),
            ("VER_N", 13110.0),
            ("NL", 12133.0),
            ("CDMX_S", 11911.0)
        ])
    );
    assert_eq!(
        ranked(Scope::Umae),
        own(&[
            ("HE_CMN_SXXI", 2753.0),
            ("HE_CMN_RAZA", 1258.0),
            ("HE71_TRC", 1056.0),
            ("HG_CMN_RAZA", 999.0),
            ("HTO_MS", 870.0)
        ])
    );
    assert!(!checks.is_empty());
    for c in &checks {
        assert_eq!(c.status, CheckStatus::Ok, "{c:?}");
    }
}

#[test]
fn seed_004_gives_its_gestiones_and_the_245_vs_257_mismatch() {
    let Some(dir) = shared_dir() else {
        notice("SKIPPED seed facts: ../shared/seeds not found (set CIFRAS_SHARED)");
        return;
    };
    let (_, ctx, facts, checks) = seed_facts(&dir, "004_4ff286b113b02bd7.txt");
    assert_eq!(ctx.series, None, "not a jornada");
    let gestiones: Vec<(&str, f64)> = facts
        .iter()
        .filter(|f| f.metric.starts_with("gestiones"))
        .map(|f| (f.metric.as_str(), f.value))
        .collect();
    assert!(gestiones.contains(&("gestiones", 257.0)));
    assert_eq!(
        gestiones
            .iter()
            .filter(|(m, _)| m.starts_with("gestiones_"))
            .count(),
        10
    );
    assert!(
        facts
            .iter()
            .all(|f| f.scope == Scope::Ooad && f.entity_code.as_deref() == Some("MICH"))
    );
    let parts = checks
        .iter()
        .find(|c| c.check == Check::PartesSumanTotal)
        .unwrap();
    assert_eq!(
        (parts.expected, parts.observed, parts.status),
        (257.0, 245.0, CheckStatus::Mismatch)
    );
    let pct: Vec<CheckStatus> = checks
        .iter()
        .filter(|c| c.check == Check::PorcentajeDeBase)
        .map(|c| c.status)
        .collect();
    assert_eq!(
        pct,
        [CheckStatus::Ok, CheckStatus::Ok],
        "99 % (255) and 1 % (2) of 257"
    );
}
