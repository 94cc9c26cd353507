//! A bulletin-like corpus for benchmarks, built from sentences written for cifras in the
//! IMSS style (no bulletin text is copied), with figures varied by a fixed-seed generator so
//! that the text does not repeat.

/// Sentence templates; `{c}` is a count, `{m}` a mixed figure, `{p}` a percent, `{x}` a
/// decimal before "millones", `{o}` an ordinal word, `{w}` a count in words, `{d}` a day of
/// the month. The mix gives about one figure per 90 bytes, as the two real seed bulletins
/// have (88 bytes per figure).
const TEMPLATES: &[&str] = &[
    "El Instituto Mexicano del Seguro Social informó que del {d} al {d} de julio se otorgaron {m} atenciones médicas durante la {o} Jornada de Continuidad de Servicios de Salud.",
    "Se alcanzó el {p} por ciento de la meta programada de {m} servicios en las unidades de primer nivel.",
    "En las unidades médicas se llevaron a cabo {m} Consultas de Medicina Familiar, {m} detecciones de enfermedades crónicas, {m} Consultas de Especialidad y {c} trasplantes.",
    "La directora de Prestaciones Médicas destacó que suman más de {x} millones de acciones en lo que va del año, con la participación de {c} hospitales.",
    "Entre los Órganos de Operación Administrativa Desconcentrada destacaron Jalisco con {m}, Guanajuato con {m} y Sonora con {m} servicios.",
    "El personal de enfermería aplicó {w} esquemas completos y realizó {w} visitas domiciliarias en comunidades rurales.",
    "La reunión de seguimiento se llevará a cabo el jueves {d} de octubre a las 10:00 horas en la sala de juntas, informó la Coordinación.",
    "Para mayor información, los derechohabientes pueden llamar al 800 623 2323 o consultar el portal institucional.",
    "Con una inversión de {m} millones de pesos se rehabilitaron {c} quirófanos y se adquirieron {w} ambulancias.",
    "Durante la pandemia de COVID-19 se difirieron cerca de {m} cirugías, que ahora se atienden de manera prioritaria.",
    // sentences without figures, as every bulletin has (quotes, context, boilerplate)
    "“Queremos que cada derechohabiente reciba una atención oportuna, cercana y de calidad”, señaló el titular de la Dirección de Prestaciones Médicas.",
    "La estrategia permite reducir el rezago en la atención médica y aprovechar la infraestructura hospitalaria durante los fines de semana.",
    "Las jornadas se organizan con el apoyo del personal de salud, que de manera voluntaria extiende su horario para atender a la población.",
];

const WORDS: &[&str] = &[
    "dos",
    "tres",
    "nueve",
    "quince",
    "veintiún",
    "treinta y cuatro",
    "ciento doce",
    "doscientas cuarenta",
    "mil quinientas",
    "cuatrocientos noventa y nueve",
];
const ORDINALS: &[&str] = &[
    "primera",
    "décima",
    "decimocuarta",
    "vigésima primera",
    "octava",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn mixed(r: &mut Lcg) -> String {
    match r.below(4) {
        0 => format!("{} mil {}", r.below(300) + 1, r.below(1000)),
        1 => format!("mil {}", r.below(1000)),
        2 => format!("{} mil", r.below(999) + 1),
        _ => format!("un millón {} mil {}", r.below(1000), r.below(1000)),
    }
}

/// Lines of bulletin-like text, about `bytes` in total.
pub fn lines(bytes: usize) -> Vec<String> {
    let mut r = Lcg(0x5eed_c1f2a5);
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut para = String::new();
        for _ in 0..3 {
            let t = TEMPLATES[r.below(TEMPLATES.len() as u64) as usize];
            let mut s = String::with_capacity(t.len() + 32);
            let mut rest = t;
            while let Some(i) = rest.find('{') {
                s.push_str(&rest[..i]);
                let key = &rest[i + 1..i + 2];
                match key {
                    "c" => s.push_str(&(r.below(900) + 1).to_string()),
                    "m" => s.push_str(&mixed(&mut r)),
                    "p" => s.push_str(&format!("{}.{}", r.below(130) + 1, r.below(10))),
                    "x" => s.push_str(&format!("{}.{}", r.below(9) + 1, r.below(10))),
                    "o" => s.push_str(ORDINALS[r.below(ORDINALS.len() as u64) as usize]),
                    "w" => s.push_str(WORDS[r.below(WORDS.len() as u64) as usize]),
                    _ => s.push_str(&(r.below(28) + 1).to_string()),
                }
                rest = &rest[i + 3..];
            }
            s.push_str(rest);
            para.push_str(&s);
            para.push(' ');
        }
        total += para.len() + 1;
        out.push(para);
    }
    out
}
