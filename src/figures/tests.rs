//! Table-driven tests of the reader: each row is an input and the figures it must give,
//! written as `text=value kind qualifier` (kind and qualifier omitted when cardinal/exact).

use super::*;

fn render(text: &str, loc: Locale) -> Vec<String> {
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

fn check(table: &[(&str, &[&str])], loc: Locale) {
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
fn percents() {
    check(
        &[
            ("121.8 por ciento", &["121.8 por ciento=121.8 percent"]),
            ("99%", &["99%=99 percent"]),
            ("3.5 %", &["3.5 %=3.5 percent"]),
            ("uno por ciento", &["uno por ciento=1 percent"]),
            (
                "casi un 30 por ciento",
                &["30 por ciento=30 percent approx"],
            ),
            ("cien por cien", &["cien por cien=100 percent"]),
        ],
        Locale::EsMx,
    );
}

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
                &["tres millones dos milesimo tricentesimo cuadragesimo septimo=3002347 ordinal"],
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

#[test]
fn qualifiers() {
    check(
        &[
            ("más de 204 mil", &["204 mil=204000 more_than"]),
            ("poco más de 250", &["250=250 more_than"]),
            ("cerca de 300", &["300=300 approx"]),
            ("alrededor de 2 mil", &["2 mil=2000 approx"]),
            ("casi 3 millones", &["3 millones=3000000 approx"]),
            ("al menos 12", &["12=12 at_least"]),
            ("por lo menos 12", &["12=12 at_least"]),
            ("hasta 40", &["40=40 at_most"]),
            ("menos de 10", &["10=10 less_than"]),
            (
                "más de 98 mil consultas, 72 mil detecciones y 24 trasplantes",
                &["98 mil=98000 more_than", "72 mil=72000 more_than", "24=24"],
            ),
            (
                "más de 250 gestiones. 72 mil",
                &["250=250 more_than", "72 mil=72000"],
            ),
        ],
        Locale::EsMx,
    );
}

#[test]
fn money() {
    check(
        &[
            ("$1,500", &["$1,500=1500 money"]),
            ("$ 1,234", &["$ 1,234=1234 money"]),
            (
                "mil 500 millones de pesos",
                &["mil 500 millones de pesos=1500000000 money"],
            ),
            (
                "más de $2 millones",
                &["$2 millones=2000000 money more_than"],
            ),
        ],
        Locale::EsMx,
    );
}

#[test]
fn not_figures() {
    check(
        &[
            ("La pandemia de COVID-19 disminuyó", &[]),
            ("Boletín No. 496/2024", &[]),
            ("el HGZ No. 1 y la UMF 57", &[]),
            ("llame al 800 623 2323", &[]),
            ("a las 17:00 horas", &[]),
            ("https://acortar.link/FGnWK9 y www.imss.gob.mx/p/2024", &[]),
            ("TY7hF4UBFUahquHDlbk8zEGwP6-KMg?e=6ETM9m", &[]),
            ("programadas para 2023", &[]),
            ("del 21 al 23 de julio", &[]),
            ("jueves 26 de septiembre de 2024", &[]),
            ("entre el 2 y el 4 de julio", &[]),
            ("son 180ml liquidos", &[]),
            ("para recibir un servicio oportuno", &[]),
            ("cada uno de los hospitales", &[]),
            ("---000---", &[]),
            // levels, parts of the year and eras named by ordinal words
            ("en el Segundo y Tercer Nivel de atención", &[]),
            ("el Segundo y el Tercer Nivel, en las especialidades", &[]),
            ("en el primer semestre de 2023", &[]),
            ("en la primera mitad del año", &[]),
            ("la Cuarta Transformación", &[]),
            // week numbers, lists of unit numbers, a year before "por" that is no percent
            ("previsto a la semana 28 del 2022", &[]),
            ("la UMF No. 1 y 57 de la capital", &[]),
            ("en los HGZ 2, 7 y 11", &[]),
            ("puesta en marcha en abril del 2021 por el director", &[]),
        ],
        Locale::EsMx,
    );
}

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
fn dates_are_read() {
    let r = read(
        "Del 21 al 23 de julio y el lunes 7 de octubre de 2024",
        Locale::EsMx,
    );
    assert!(r.figures.is_empty());
    let d: Vec<_> = r
        .dates
        .iter()
        .map(|d| (d.day_from, d.month_from, d.day_to, d.month_to, d.year))
        .collect();
    assert_eq!(d, [(21, 7, 23, 7, None), (7, 10, 7, 10, Some(2024))]);
    assert_eq!(r.dates[1].weekday, Some(1));
    let r = read("vence el 5 de este mes", Locale::EsMx);
    assert_eq!((r.dates[0].day_from, r.dates[0].month_from), (5, 0));
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

#[test]
fn weekdays_inside_date_lists_and_ranges() {
    for text in [
        "los días jueves 4, viernes 5 y sábado 6 de este mes",
        "del viernes 10 al domingo 12 de mayo",
        "del 28 de julio al martes 1 de agosto",
    ] {
        let r = read(text, Locale::EsMx);
        assert!(
            r.figures.is_empty(),
            "{text:?}: {:?}",
            render(text, Locale::EsMx)
        );
        assert_eq!(r.dates.len(), 1, "{text:?}");
    }
}

#[test]
fn spec_5_forms_of_public_finance_and_shared_units() {
    check(
        &[
            ("en total 18,402, 117 consultas", &["18,402, 117=18402117"]),
            (
                "los folios 1,234, 567 y 890",
                &["1,234=1234", "567=567", "890=890"],
            ),
            ("se abrieron 2010 camas", &["2010=2010"]),
            ("en 2023 los servicios", &[]),
            (
                "una tasa de cero punto ocho cinco",
                &["cero punto ocho cinco=0.85 decimal"],
            ),
            ("un costo de 800 mdp", &["800 mdp=800000000 money"]),
            ("unos 45 mmdp", &["45 mmdp=45000000000 money approx"]),
            ("a 75 centavos", &["75 centavos=0.75 money"]),
            (
                "2 billones 115,300 millones de pesos",
                &["2 billones 115,300 millones de pesos=2115300000000 money"],
            ),
            (
                "12 mil 804.5 millones",
                &["12 mil 804.5 millones=12804500000"],
            ),
            ("mil 303,8 millones", &["mil 303,8 millones=1303800000"]),
            (
                "una baja de (-)0.12 por ciento",
                &["(-)0.12 por ciento=-0.12 percent"],
            ),
            (
                "del 35 y 52 por ciento",
                &["35=35 percent", "52 por ciento=52 percent"],
            ),
            (
                "entre 90 y 115 por ciento",
                &[
                    "90=90 percent at_least",
                    "115 por ciento=115 percent at_most",
                ],
            ),
            (
                "entre el 4% y el 7%",
                &["4%=4 percent at_least", "7%=7 percent at_most"],
            ),
            ("gel con alcohol al 70 por ciento", &[]),
            ("un avance al 70 por ciento", &["70 por ciento=70 percent"]),
            (
                "8 consultas y 20 por ciento",
                &["8=8", "20 por ciento=20 percent"],
            ),
        ],
        Locale::EsMx,
    );
}
