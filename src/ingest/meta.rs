//! Bulletin metadata read from the cleaned body: number ("No. 496/2024"), dateline (place
//! and publication date: "Ciudad de México, jueves 26 de septiembre de 2024") and title.

use crate::dates;
use crate::figures;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub bulletin_number: Option<String>,
    /// Days since 1970-01-01.
    pub published_date: Option<i32>,
    pub place: Option<String>,
    pub title: Option<String>,
}

/// How far into the body the dateline, number and headline are looked for.
const HEAD_LINES: usize = 12;

pub fn read_meta(body: &str) -> Meta {
    let lines: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEAD_LINES)
        .collect();
    let mut meta = Meta {
        bulletin_number: lines.iter().find_map(|l| bulletin_number(l)),
        ..Meta::default()
    };
    for line in &lines {
        if let Some((place, days)) = dateline(line) {
            meta.place = place;
            meta.published_date = days;
            if days.is_some() {
                break;
            }
        }
    }
    meta.title = headline(body);
    meta
}

/// Where a dateline's text starts: the first ".-", else the first " -", else the first
/// "—". One pass over the dashes for the first two (a head line is often a whole
/// paragraph, and every bulletin's first lines are asked).
fn text_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut spaced = None;
    for (k, _) in line.match_indices('-') {
        match k.checked_sub(1).map(|p| b[p]) {
            Some(b'.') => return Some(k - 1),
            Some(b' ') if spaced.is_none() => spaced = Some(k - 1),
            _ => {}
        }
    }
    spaced.or_else(|| line.find('—'))
}

/// A dateline: the place and the publication date that open a bulletin. Shapes: "Ciudad
/// de México, a 6 de agosto de 2023.-", "Guadalajara, Jalisco, miércoles 3 de julio de
/// 2024", "CDMX 12 Abril 2024.-", "CIUDAD DE MÉXICO, 25JUNIO2023.-", "Mérida, Yucatán,
/// 14 abril de 2023.-"; a dateline with a month and year only ("Coahuila, mayo de
/// 2022.-") or none ("Veracruz, Ver.-") gives the place alone.
fn dateline(line: &str) -> Option<(Option<String>, Option<i32>)> {
    // the dateline ends where the text starts: ".-", a dash, or the end of the line
    let head = match text_start(line) {
        Some(k) => &line[..k],
        // (the words counted only as far as the test needs: a line may be a paragraph)
        None if line.split_whitespace().take(13).count() <= 12 => line.trim_end_matches('.'),
        None => return None,
    };
    // a place (a capitalized name, not a sentence's first word such as "Del" or "En")
    // and a date: a short head
    const NOT_PLACES: [&str; 16] = [
        "del", "de", "el", "la", "los", "las", "en", "con", "a", "al", "durante", "desde", "entre",
        "hasta", "para", "por",
    ];
    let first = head.split([' ', ',']).next().unwrap_or("");
    if !head.starts_with(char::is_uppercase)
        || NOT_PLACES.contains(&crate::fold::fold(first).as_str())
        || head.split_whitespace().take(15).count() > 14
    {
        return None;
    }
    let ws = date_words(head);
    let found = date_in(&ws);
    let place_end = match found {
        Some((k, _)) => ws[k].1,
        // no date: "Veracruz, Ver.-" is a dateline only when a ".-" closes a short place
        None if line.contains(".-") && head.split_whitespace().take(6).count() <= 5 => head.len(),
        None => return None,
    };
    let mut place = head[..place_end].trim_end_matches([',', ' ', '.']).trim();
    // less a weekday and the "a" of "Ciudad de México, a 6 de agosto"
    for _ in 0..2 {
        if let Some((rest, last)) = place.rsplit_once([' ', ','])
            && (figures::is_weekday(last) || last == "a")
        {
            place = rest.trim_end_matches([',', ' ']);
        }
    }
    let words = place.split_whitespace().count();
    if words > 6 || place.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let place = (!place.is_empty()).then(|| place.to_string());
    Some((place, found.and_then(|(_, d)| d)))
}

/// The full date (day, month and year) written in a page's time stamp or byline
/// ("Por Redacción | 24 de marzo de 2022 | 10:35 hrs"), in days since 1970.
pub fn stamp_date(line: &str) -> Option<i32> {
    date_in(&date_words(line)).and_then(|(_, d)| d)
}

/// The date among `ws`: day, month and year in any of the orders bulletins use — the
/// date's first word, and its days since 1970 when it has a day.
fn date_in(ws: &[(String, usize)]) -> Option<(usize, Option<i32>)> {
    let mut found: Option<(usize, Option<i32>)> = None;
    for k in 0..ws.len() {
        let num = |j: usize| ws.get(j).and_then(|(w, _)| w.parse::<u32>().ok());
        let month = |j: usize| ws.get(j).and_then(|(w, _)| figures::month_of(w));
        let skip_de = |j: usize| {
            if ws.get(j).is_some_and(|(w, _)| w == "de" || w == "del") {
                j + 1
            } else {
                j
            }
        };
        let year = |j: usize| num(j).filter(|y| (1900..=2100).contains(y));
        if let Some(d) = num(k).filter(|d| (1..=31).contains(d)) {
            // "12 de abril de 2024", "25JUNIO2023", "14 abril de 2023"; the first of the
            // month also as an ordinal, "1º de julio", "1o. de enero" ("1°" has no mark here)
            let mark = d == 1
                && ws
                    .get(k + 1)
                    .is_some_and(|(w, _)| matches!(w.as_str(), "º" | "o" | "ro" | "er"));
            let m_at = skip_de(k + 1 + usize::from(mark));
            if let Some(m) = month(m_at)
                && let Some(y) = year(skip_de(m_at + 1))
                && let Some(days) = dates::days_from_civil(y as i32, m, d)
            {
                found = Some((k, Some(days)));
                break;
            }
        } else if let Some(m) = month(k)
            && let Some(d) = num(k + 1).filter(|d| (1..=31).contains(d))
            && let Some(y) = year(skip_de(k + 2))
            && let Some(days) = dates::days_from_civil(y as i32, m, d)
        {
            // "julio 31 de 2023"
            found = Some((k, Some(days)));
            break;
        } else if month(k).is_some() && year(skip_de(k + 1)).is_some() {
            // "mayo de 2022": the month and year, no day
            found = Some((k, None));
            break;
        }
    }
    found
}

/// The words of a dateline, lowercased, with the byte offset where each starts; digits
/// glued to letters are cut apart ("25JUNIO2023" → 25, junio, 2023).
fn date_words(s: &str) -> Vec<(String, usize)> {
    // (sized for a dateline's head, and each word copied out of one reused buffer: grown
    // one push at a time they reallocated eight times a call)
    let mut out: Vec<(String, usize)> = Vec::with_capacity(16);
    let mut cur = String::with_capacity(16);
    let mut at = 0;
    let mut digit = false;
    for (i, c) in s.char_indices() {
        let alnum = c.is_alphanumeric();
        let is_digit = c.is_ascii_digit();
        if !cur.is_empty() && (!alnum || is_digit != digit) {
            out.push((cur.clone(), at));
            cur.clear();
        }
        if alnum {
            if cur.is_empty() {
                at = i;
                digit = is_digit;
            }
            if c.is_ascii() {
                cur.push(c.to_ascii_lowercase());
            } else {
                cur.extend(c.to_lowercase());
            }
        }
    }
    if !cur.is_empty() {
        out.push((cur, at));
    }
    out
}

/// The headline: the first block of lines before the dateline (or at the top) that is not
/// the letterhead ("BOLETÍN DE PRENSA", the institute's name, the bulletin number), a
/// bullet or the dateline itself; a headline wrapped over several lines is joined.
fn headline(body: &str) -> Option<String> {
    let mut seen = 0;
    for block in body.split("\n\n").filter(|b| !b.trim().is_empty()) {
        seen += 1;
        if seen > 6 {
            break;
        }
        let kept: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !is_letterhead(l) && dateline(l).is_none())
            .collect();
        if kept.is_empty() || kept[0].starts_with(['·', '•', '-', '*']) {
            continue; // the letterhead, the dateline, a bullet: the title is elsewhere
        }
        let title = kept.join(" ");
        return is_title(&title).then_some(title);
    }
    None
}

/// Lines of a letterhead: the institute, the press office, "BOLETÍN DE PRENSA", a
/// bulletin number alone.
fn is_letterhead(line: &str) -> bool {
    // the longest phrase tested is 37 bytes: a paragraph need not be folded whole
    let folded = crate::fold::fold_upto(line, 64);
    folded.starts_with("boletin de prensa")
        || folded.starts_with("boletin no")
        || folded.starts_with("comunicado")
        || folded == "instituto mexicano del seguro social"
        || folded.starts_with("coordinacion de comunicacion social")
        || (bulletin_number(line).is_some() && line.split_whitespace().take(4).count() <= 3)
}

/// A whole date in a file's name: "2024-07-03_jornada.txt", "20240703-boletin.html",
/// "boletin_2024_07_03.txt" (year, month, day; the first one that is a real date). A year
/// alone ("2023_nota.txt") is not a date.
pub fn date_in_file_name(path: &str) -> Option<i32> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let b = name.as_bytes();
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let num = |from: usize, len: usize| name.get(from..from + len)?.parse::<u32>().ok();
    for k in 0..b.len() {
        if !digit(k) || (k > 0 && digit(k - 1)) {
            continue; // a date starts a run of digits
        }
        let year = num(k, 4).filter(|y| (1990..=2100).contains(y));
        let Some(year) = year else { continue };
        // "2024-07-03", "2024_07_03", "2024.07.03" or "20240703"
        let sep = b.get(k + 4).copied();
        let (m_at, d_at, end) =
            if matches!(sep, Some(b'-' | b'_' | b'.')) && b.get(k + 7).copied() == sep {
                (k + 5, k + 8, k + 10)
            } else {
                (k + 4, k + 6, k + 8)
            };
        let two_digits = |from: usize| digit(from) && digit(from + 1);
        if !two_digits(m_at) || !two_digits(d_at) || digit(end) {
            continue;
        }
        let (Some(m), Some(d)) = (num(m_at, 2), num(d_at, 2)) else {
            continue;
        };
        if let Some(days) = dates::days_from_civil(year as i32, m, d) {
            return Some(days);
        }
    }
    None
}

/// "No. 496/2024", "Núm. 12/2023", "No 5/2022" → "496/2024".
fn bulletin_number(line: &str) -> Option<String> {
    // a number is "N/YYYY": a line without a slash has none (most lines; spares lowercasing
    // every paragraph of the head)
    if !line.contains('/') {
        return None;
    }
    let lower = line.to_lowercase();
    for marker in ["no.", "núm.", "num.", "no ", "nº", "n°"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(marker) {
            let at = from + i + marker.len();
            let rest = lower[at..].trim_start();
            let num: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '/')
                .collect();
            if let Some((n, y)) = num.split_once('/')
                && !n.is_empty()
                && y.len() == 4
            {
                return Some(num);
            }
            from = at;
        }
    }
    None
}

/// A headline: several words, not a paragraph (at most 40 words, not a sentence that ends
/// in a period), not a link.
fn is_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (4..=40).contains(&words) && !line.contains("://") && !line.trim_end().ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_start_is_the_first_dot_dash_then_space_dash_then_em_dash() {
        let old = |l: &str| {
            l.find(".-")
                .or_else(|| l.find(" -"))
                .or_else(|| l.find('—'))
        };
        for l in [
            "Ciudad de México, a 6 de agosto de 2023.- El IMSS",
            "CDMX - 12 Abril 2024.- texto",
            "Mérida — 14 abril - de 2023",
            "a -b .- c",
            ".-",
            "-",
            " -",
            "x—y",
            "sin separador",
            "--.-",
            "á -é.-",
            "",
        ] {
            assert_eq!(text_start(l), old(l), "{l:?}");
        }
        // every string of up to five of these characters
        let alphabet = ['.', '-', ' ', '—', 'a'];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for l in &longer {
                assert_eq!(text_start(l), old(l), "{l:?}");
            }
            strings = longer;
        }
    }

    #[test]
    fn dateline_number_and_title() {
        let body = "BOLETÍN DE PRENSA\n\nCiudad de México, jueves 26 de septiembre de 2024 No. 496/2024\n\nIMSS ha efectuado más de 250 gestiones a pacientes oncológicos de Michoacán\n\n- La titular encabezó la reunión.";
        let m = read_meta(body);
        assert_eq!(m.bulletin_number.as_deref(), Some("496/2024"));
        assert_eq!(m.place.as_deref(), Some("Ciudad de México"));
        assert_eq!(
            m.published_date.map(dates::iso).as_deref(),
            Some("2024-09-26")
        );
        assert_eq!(
            m.title.as_deref(),
            Some("IMSS ha efectuado más de 250 gestiones a pacientes oncológicos de Michoacán")
        );
    }

    #[test]
    fn place_with_state() {
        let m = read_meta(
            "Guadalajara, Jalisco, miércoles 3 de julio de 2024 No. 324/2024\n\nDestaca Jalisco en la jornada",
        );
        assert_eq!(m.place.as_deref(), Some("Guadalajara, Jalisco"));
    }

    #[test]
    fn no_dateline() {
        let body = "Realizó IMSS más de 204 mil atenciones durante 14va Jornada\n\n· El director general indicó que suman 2.7 millones.";
        let m = read_meta(body);
        assert_eq!(m.published_date, None);
        assert_eq!(m.place, None);
        assert_eq!(m.bulletin_number, None);
        assert_eq!(
            m.title.as_deref(),
            Some("Realizó IMSS más de 204 mil atenciones durante 14va Jornada")
        );
    }

    #[test]
    fn a_reprints_page_stamp_dates_it_when_no_dateline_does() {
        assert_eq!(
            stamp_date("Por Redacción | 24 de marzo de 2022 | 10:35 hrs").map(dates::iso),
            Some("2022-03-24".to_string())
        );
        assert_eq!(stamp_date("hace 2 horas"), None);
        let ingest = |name: &str, text: &str| {
            crate::testing::document(name, text)
                .published_date
                .map(dates::iso)
        };
        let reprint = "Inicio > Salud\nIMSS anuncia jornada\nPor Redacción | 24 de marzo de 2025 | 10:35 hrs\n\nEl Instituto llevará a cabo la jornada.";
        assert_eq!(ingest("nota.txt", reprint).as_deref(), Some("2025-03-24"));
        // the bulletin's own dateline comes first; a file name's date only after the stamp
        let dated = format!("{reprint}\n\nCiudad de México, 23 de marzo de 2025.- Texto.");
        assert_eq!(ingest("nota.txt", &dated).as_deref(), Some("2025-03-23"));
        assert_eq!(
            ingest("2025-03-20_nota.txt", reprint).as_deref(),
            Some("2025-03-24")
        );
        // a date in a sidebar far down the page is not the article's
        let sidebar = format!(
            "Título\n\nEl Instituto llevará a cabo la jornada.\n{}Lo más leído\n25 de marzo de 2025 | 10:40",
            "Otra línea.\n".repeat(12)
        );
        assert_eq!(ingest("nota.txt", &sidebar), None);
    }

    #[test]
    fn dateline_shapes() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "Ciudad de México, a 6 de agosto de 2023.- El Instituto informó",
                Some("Ciudad de México"),
                Some("2023-08-06"),
            ),
            (
                "Ciudad de México, sábado 1º de julio de 2023.- El Instituto informó",
                Some("Ciudad de México"),
                Some("2023-07-01"),
            ),
            (
                "Puebla, Pue., 1o. de enero de 2024.- El Instituto informó",
                Some("Puebla, Pue"),
                Some("2024-01-01"),
            ),
            (
                "Toluca, Estado de México, 1° de marzo de 2022.- Se realizó",
                Some("Toluca, Estado de México"),
                Some("2022-03-01"),
            ),
            (
                "CDMX 12 Abril 2024.- Con la jornada",
                Some("CDMX"),
                Some("2024-04-12"),
            ),
            (
                "CIUDAD DE MÉXICO, 25JUNIO2023.- El centro nacional",
                Some("CIUDAD DE MÉXICO"),
                Some("2023-06-25"),
            ),
            (
                "Mérida, Yucatán, 14 abril de 2023.- Consultas y cirugías",
                Some("Mérida, Yucatán"),
                Some("2023-04-14"),
            ),
            (
                "Toluca, Estado de México, lunes 4 de marzo de 2024",
                Some("Toluca, Estado de México"),
                Some("2024-03-04"),
            ),
            (
                "Puebla, Pue., julio 31 de 2023.- El IMSS",
                Some("Puebla, Pue"),
                Some("2023-07-31"),
            ),
            (
                "Saltillo, Coahuila, mayo de 2022.- Durante tres días",
                Some("Saltillo, Coahuila"),
                None,
            ),
            (
                "Tepic, Nay.- Hospitales del Instituto abrieron",
                Some("Tepic, Nay"),
                None,
            ),
            (
                "Del 16 de noviembre de 2023 al 25 de agosto de 2025 se mantuvieron las mesas —con",
                None,
                None,
            ),
            ("En 2021, el IMSS superó sus metas", None, None),
        ];
        for (line, place, date) in cases {
            let m = read_meta(&format!("Título de prueba con cuatro palabras\n\n{line}"));
            assert_eq!(m.place.as_deref(), *place, "{line}");
            assert_eq!(m.published_date.map(dates::iso).as_deref(), *date, "{line}");
        }
    }

    #[test]
    fn headline_after_a_letterhead_wrapped_in_capitals() {
        let body = "INSTITUTO MEXICANO DEL SEGURO SOCIAL\nBOLETÍN DE PRENSA No. 12/2024\nCiudad de México, 9 de enero de 2024\n\nCIERRA EL IMSS LA PRIMERA JORNADA DEL AÑO CON\nMÁS DE 150 MIL ATENCIONES\n\n• Se hicieron cirugías.\n\nEl Instituto dio a conocer las cifras.";
        let m = read_meta(body);
        assert_eq!(
            m.title.as_deref(),
            Some("CIERRA EL IMSS LA PRIMERA JORNADA DEL AÑO CON MÁS DE 150 MIL ATENCIONES")
        );
        assert_eq!(m.bulletin_number.as_deref(), Some("12/2024"));
        assert_eq!(
            m.published_date.map(dates::iso).as_deref(),
            Some("2024-01-09")
        );
        // a dateline that opens the first paragraph: no headline
        let m = read_meta(
            "León, Gto., 2 de mayo de 2024.- El Instituto informó que se dieron 500 consultas.\n\nOtro párrafo del texto con su punto final.",
        );
        assert_eq!(m.title, None);
        assert_eq!(m.place.as_deref(), Some("León, Gto"));
    }

    #[test]
    fn dates_in_file_names() {
        let iso = |p: &str| date_in_file_name(p).map(dates::iso);
        assert_eq!(iso("2024-07-03_jornada.txt").as_deref(), Some("2024-07-03"));
        assert_eq!(
            iso("in/20240703-boletin.html").as_deref(),
            Some("2024-07-03")
        );
        assert_eq!(iso("boletin_2023_11_30.txt").as_deref(), Some("2023-11-30"));
        assert_eq!(iso("2023_j01_nota.txt"), None);
        assert_eq!(iso("202407031200_x.txt"), None);
        assert_eq!(iso("2024-13-03.txt"), None);
        assert_eq!(iso("nota_496.txt"), None);
    }
}
