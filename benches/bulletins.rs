//! A generator of synthetic IMSS-style bulletins (sentences written for cifras), varied by a
//! fixed-seed generator — dates, jornada numbers, totals, goals, services, rankings — so that
//! every document differs, and the truth it wrote: each figure's value and kind, each date
//! range, per file.

use std::fmt::Write;

pub struct Lcg(pub u64);
impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// What the generator wrote: figures as (value, kind), dates as (start, end) days.
#[derive(Debug, Default, Clone)]
pub struct Truth {
    pub figures: Vec<(f64, &'static str)>,
    pub dates: Vec<(i32, i32)>,
}

const DIAS: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];
const MESES: [&str; 12] = [
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
const ORD_UNITS: [&str; 10] = [
    "", "primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima", "octava", "novena",
];
const ORD_TEENS: [&str; 10] = [
    "décima",
    "undécima",
    "duodécima",
    "decimotercera",
    "decimocuarta",
    "decimoquinta",
    "decimosexta",
    "decimoséptima",
    "decimoctava",
    "decimonovena",
];
const OOAD: [&str; 8] = [
    "Puebla",
    "Ciudad de México Norte",
    "Veracruz Norte",
    "Nuevo León",
    "Jalisco",
    "Estado de México Oriente",
    "Guanajuato",
    "Sonora",
];
const WORDS: [(&str, u64); 8] = [
    ("dos", 2),
    ("tres", 3),
    ("cinco", 5),
    ("nueve", 9),
    ("doce", 12),
    ("quince", 15),
    ("veintiún", 21),
    ("treinta y cuatro", 34),
];

fn ordinal_word(n: u64) -> String {
    match n {
        1..=9 => ORD_UNITS[n as usize].to_string(),
        10..=19 => ORD_TEENS[(n - 10) as usize].to_string(),
        20 => "vigésima".to_string(),
        _ => format!("vigésima {}", ORD_UNITS[(n - 20) as usize]),
    }
}

/// "204 mil 782", "mil 56", "98 mil 482": the IMSS style for thousands.
fn mixed(v: u64) -> String {
    let (th, u) = (v / 1000, v % 1000);
    match (th, u) {
        (0, u) => u.to_string(),
        (1, 0) => "mil".to_string(),
        (1, u) => format!("mil {u}"),
        (t, 0) => format!("{t} mil"),
        (t, u) => format!("{t} mil {u}"),
    }
}

/// Days since 1970-01-01 (same arithmetic as cifras, written again here so that the truth
/// does not come from the code under test).
fn days(y: i64, m: i64, d: i64) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// One bulletin and its truth.
pub fn bulletin(r: &mut Lcg, serial: u64) -> (String, Truth) {
    let mut t = Truth::default();
    let mut s = String::with_capacity(4096);
    // a jornada (year, number) has one date range and one set of national figures, in
    // every bulletin about it; the rest of a bulletin varies
    let year = 2022 + r.below(3) as i64;
    let n = 1 + r.below(24);
    let mut j = Lcg((year as u64) * 100 + n);
    j.next_u64();
    let month = 2 + j.below(10) as i64;
    let day_end = 3 + j.below(24) as i64;
    let pub_day = day_end + 2;
    let weekday = ((days(year, month, pub_day).rem_euclid(7) + 3) % 7) as usize;
    let total = 150_000 + j.below(60_000);
    let goal = 140_000 + j.below(40_000);
    let pct = total * 1000 / goal; // one decimal
    let services = [
        (total * 45 / 100, "Consultas de Medicina Familiar"),
        (
            total * 34 / 100,
            "detecciones de enfermedades crónico-degenerativas",
        ),
        (total * 13 / 100, "Consultas de Especialidad"),
        (
            total * 3 / 100,
            "estudios auxiliares de diagnóstico y tratamiento",
        ),
        (total * 2 / 100, "cirugías"),
    ];
    let transplants = 10 + j.below(25);
    let ytd = (n * 15 + j.below(10)) as f64 / 10.0; // millions, one decimal
    let _ = writeln!(s, "BOLETÍN DE PRENSA\n");
    let _ = writeln!(
        s,
        "Ciudad de México, {} {pub_day} de {} de {year} No. {serial}/{year}\n",
        DIAS[weekday],
        MESES[month as usize - 1]
    );
    t.dates
        .push((days(year, month, pub_day), days(year, month, pub_day)));
    let _ = writeln!(
        s,
        "Realiza IMSS {} servicios en la {} Jornada Nacional de Continuidad de Servicios de Salud\n",
        mixed(total),
        ordinal_word(n)
    );
    t.figures.push((total as f64, "cardinal"));
    t.figures.push((n as f64, "ordinal"));
    let _ = writeln!(
        s,
        "El Instituto Mexicano del Seguro Social informó que del {} al {day_end} de {} se otorgaron {} servicios durante la {n}a Jornada, con lo que se alcanzó el {}.{} por ciento de la meta de {} atenciones.\n",
        day_end - 2,
        MESES[month as usize - 1],
        mixed(total),
        pct / 10,
        pct % 10,
        mixed(goal)
    );
    t.dates
        .push((days(year, month, day_end - 2), days(year, month, day_end)));
    t.figures.push((total as f64, "cardinal"));
    t.figures.push((n as f64, "ordinal"));
    t.figures.push(((pct as f64) / 10.0, "percent"));
    t.figures.push((goal as f64, "cardinal"));
    s.push_str("Se llevaron a cabo ");
    for (v, what) in services {
        let _ = write!(s, "{} {what}, ", mixed(v));
        t.figures.push((v as f64, "cardinal"));
    }
    let _ = writeln!(s, "y {transplants} trasplantes de órganos.\n");
    t.figures.push((transplants as f64, "cardinal"));
    let _ = writeln!(
        s,
        "En lo que va del año suman más de {ytd} millones de atenciones como resultado de las {n} jornadas realizadas.\n"
    );
    t.figures.push(((ytd * 1e6).round(), "cardinal"));
    t.figures.push((n as f64, "cardinal"));
    s.push_str(
        "Los Órganos de Operación Administrativa Desconcentrada con mayor productividad fueron: ",
    );
    let mut v = 16_000 + r.below(2000);
    for (k, name) in OOAD.iter().take(5).enumerate() {
        let sep = if k == 4 {
            " y "
        } else if k == 0 {
            ""
        } else {
            ", "
        };
        let _ = write!(s, "{sep}{name} con {}", mixed(v));
        t.figures.push((v as f64, "cardinal"));
        v -= 500 + r.below(1500);
    }
    s.push_str(".\n\n");
    let (w, wv) = WORDS[r.below(WORDS.len() as u64) as usize];
    let (w2, wv2) = WORDS[r.below(WORDS.len() as u64) as usize];
    let units = 20 + r.below(80);
    let _ = writeln!(
        s,
        "Además se entregaron {w} ambulancias y se rehabilitaron {w2} quirófanos en {units} unidades médicas.\n"
    );
    t.figures.push((wv as f64, "cardinal"));
    t.figures.push((wv2 as f64, "cardinal"));
    t.figures.push((units as f64, "cardinal"));
    s.push_str("En tanto, las Unidades Médicas de Alta Especialidad con más atenciones fueron: ");
    let umae = [
        "Hospital de Especialidades del Centro Médico Nacional Siglo XXI",
        "Hospital de Especialidades del CMN La Raza",
        "Hospital General del CMN La Raza",
        "Hospital de Traumatología y Ortopedia Magdalena de las Salinas",
    ];
    let mut v = 2_000 + r.below(1_500);
    for (k, name) in umae.iter().enumerate() {
        let sep = if k == 3 {
            " y el "
        } else if k == 0 {
            "el "
        } else {
            ", el "
        };
        let _ = write!(s, "{sep}{name} con {}", mixed(v));
        t.figures.push((v as f64, "cardinal"));
        v -= 100 + r.below(400);
    }
    s.push_str(".\n\n");
    let _ = writeln!(
        s,
        "La directora de Prestaciones Médicas explicó que estas jornadas se realizan cada dos semanas en los 35 Órganos de Operación Administrativa Desconcentrada y en las 25 Unidades Médicas de Alta Especialidad, con el objetivo de reducir el rezago en la atención que dejó la pandemia y de beneficiar al mayor número posible de derechohabientes que requieren una consulta, un estudio o una intervención quirúrgica.\n"
    );
    t.figures.push((2.0, "duration")); // "cada dos semanas"
    t.figures.push((35.0, "cardinal"));
    t.figures.push((25.0, "cardinal"));
    let _ = writeln!(
        s,
        "El personal que participa lo hace de manera voluntaria y recibe el pago de tiempo extraordinario conforme al Contrato Colectivo de Trabajo. Las citas se programan con anticipación a través de las unidades de medicina familiar, por lo que se pide a la población acudir puntualmente y con su documentación completa.\n"
    );
    let _ = writeln!(
        s,
        "“La estrategia permite atender el rezago y acercar los servicios a la población derechohabiente”, señaló el director de Prestaciones Médicas. Para más información se puede llamar al 800 623 2323 o visitar www.imss.gob.mx/jornadas.\n"
    );
    (s, t)
}
