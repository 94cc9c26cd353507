//! Bulletin metadata read from the cleaned body: number ("No. 496/2024"), dateline (place
//! and publication date: "Ciudad de México, jueves 26 de septiembre de 2024") and title.

use crate::dates;
use crate::figures::{self, Locale};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub bulletin_number: Option<String>,
    /// Days since 1970-01-01.
    pub published_date: Option<i32>,
    pub place: Option<String>,
    pub title: Option<String>,
}

/// How far into the body the dateline and number are looked for.
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
    let mut dateline_at = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(comma) = line.find(',') else {
            continue;
        };
        let r = figures::read(line, Locale::EsMx);
        let date = r
            .dates
            .iter()
            .find(|d| d.year.is_some() && d.byte_start > comma);
        if let Some(d) = date
            && let Some(days) = dates::days_from_civil(
                d.year.unwrap_or_default(),
                u32::from(d.month_from),
                u32::from(d.day_from),
            )
        {
            // the place is what comes before the date, less the weekday and commas
            // ("Guadalajara, Jalisco, miércoles 3 de julio de 2024")
            let mut place = line[..d.byte_start].trim_end_matches([',', ' ']);
            if let Some((head, last)) = place.rsplit_once([' ', ','])
                && crate::figures::is_weekday(last)
            {
                place = head.trim_end_matches([',', ' ']);
            }
            if !place.is_empty() && place.split_whitespace().count() <= 6 {
                meta.place = Some(place.to_string());
            }
            meta.published_date = Some(days);
            dateline_at = Some(i);
            break;
        }
    }
    let start = dateline_at.map_or(0, |i| i + 1);
    meta.title = lines[start.min(lines.len())..]
        .iter()
        .map(|l| l.trim())
        .find(|l| is_title(l))
        .map(|l| {
            l.trim_start_matches(['·', '•', '-', '*'])
                .trim()
                .to_string()
        });
    meta
}

/// "No. 496/2024", "Núm. 12/2023", "No 5/2022" → "496/2024".
fn bulletin_number(line: &str) -> Option<String> {
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

/// A headline: several words, not a heading in capitals, not a bullet, not a link.
fn is_title(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    !all_caps
        && line.split_whitespace().count() >= 4
        && !line.starts_with(['·', '•', '-', '*'])
        && !line.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
