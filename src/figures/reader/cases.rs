//! The reader's tables of cases: each row is an input and the figures it must give, written
//! as `text=value kind qualifier` (kind and qualifier omitted when cardinal/exact). Each
//! grammar part keeps its own tables beside its code; here are the shared `check` and the
//! cases that cross the parts.

use crate::figures::{Kind, Locale, Qualifier, read};

pub(super) fn render(text: &str, loc: Locale) -> Vec<String> {
    read(text, loc)
        .figures
        .iter()
        .map(|f| {
            let mut s = format!("{}={}", f.text(text), f.value);
            if f.kind != Kind::Cardinal {
                s.push(' ');
                s.push_str(f.kind.as_str());
            }
            if f.qualifier != Qualifier::Exact {
                s.push(' ');
                s.push_str(f.qualifier.as_str());
            }
            s
        })
        .collect()
}

pub(super) fn check(table: &[(&str, &[&str])], loc: Locale) {
    let mut failures = Vec::new();
    for (input, want) in table {
        let got = render(input, loc);
        if got != *want {
            failures.push(format!("{input:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn offsets_are_code_points() {
    let text = "Realizó IMSS más de 204 mil atenciones durante 14va Jornada";
    let r = read(text, Locale::EsMx);
    let chars: Vec<char> = text.chars().collect();
    for f in &r.figures {
        let by_chars: String = chars[f.start..f.end].iter().collect();
        assert_eq!(by_chars, f.text(text));
    }
    assert_eq!((r.figures[0].start, r.figures[0].end), (20, 27));
}

#[test]
fn real_bulletin_forms_added_with_issue_11() {
    check(
        &[
            // "mil" glued to its digits
            ("se dieron 27mil 304 consultas", &["27mil 304=27304"]),
            ("y 8mil recetas", &["8mil=8000"]),
            ("un gasto de 3.5millones", &["3.5millones=3500000"]),
            // digits one space apart that cannot be one grouped number: no value is known
            ("se hicieron 52 17 cirugías de cadera", &[]),
            ("se hicieron 52 170 cirugías", &["52 170=52170"]),
            // a record's label
            ("Fotografía: archivo · ID: 481516", &[]),
            ("con el folio 20931 se registró", &[]),
            // a quoted name after a word that introduces it
            (
                "dentro del programa “100 días por la salud”: 40 brigadas",
                &["40=40"],
            ),
            ("dijo: “hicimos 40 brigadas”", &["40=40"]),
            // verbs of surpassing as qualifiers, not in a comparison of two figures
            (
                "El Seguro Social supera los tres millones de consultas",
                &["tres millones=3000000 more_than"],
            ),
            ("se rebasaron 12 mil", &["12 mil=12000 more_than"]),
            ("El total supera los 410 casos del año previo", &["410=410"]),
            // a numbered thing after a singular article
            ("Con la 12 Jornada, el Instituto", &["12=12 ordinal"]),
            ("las 12 jornadas", &["12=12"]),
            // time: durations and ages
            ("se trabajó durante tres días", &["tres=3 duration"]),
            ("cada 15 días se repite", &["15=15 duration"]),
            (
                "hombres de 50 a 59 años: 300 pruebas",
                &["50=50 age", "59=59 age", "300=300"],
            ),
            ("bebés de 2 a 18 meses", &["2=2 age", "18=18 age"]),
            ("adultos de 65 y más años", &["65=65 age"]),
            ("mayores de 70 años", &["70=70 age"]),
            ("a los 45 años de edad", &["45=45 age"]),
            (
                "42 mil personas de entre 20 y 59 años",
                &["42 mil=42000", "20=20 age", "59=59 age"],
            ),
            (
                "tardó entre 20 y 59 años",
                &["20=20 duration", "59=59 duration"],
            ),
            // "una" as an article, a count, or one of what was just counted
            (
                "ya tienen una respuesta y cuatro siguen abiertas",
                &["cuatro=4"],
            ),
            (
                "hubo 11 donaciones —una de ellas multiorgánica—",
                &["11=11", "una=1"],
            ),
        ],
        Locale::EsMx,
    );
}
