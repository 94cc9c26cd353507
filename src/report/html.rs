//! `cifras report --html FILE`: one self-contained page (no network: data and charts
//! inline) with the named reports as tables and three charts drawn with plotters' SVG
//! backend — total against goal per jornada, the service mix, and productivity.

use crate::domain::CheckStatus;
use crate::error::Error;
use plotters::prelude::*;
use polars::prelude::*;
use std::fmt::Write as _;

/// One report's result and how the page names it.
pub struct Section<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// What the report shows, in Spanish.
    pub doc: &'a str,
    pub df: &'a DataFrame,
}

/// The whole page, in Spanish. `tendencia` and `mezcla`, when among the sections, feed the
/// charts; `doubts` (jornadas whose bulletins fail a check) are marked wherever their
/// figures are shown, with the check's detail and a link to the consistency section.
pub fn page(
    sections: &[Section],
    generated_from: &str,
    doubts: &[super::Doubt],
) -> Result<String, Error> {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>cifras: jornadas del IMSS</title>\n<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<h1>Jornadas del IMSS: tendencias</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"lead\">Página hecha por cifras a partir del almacén <code>{}</code>. \
         Cada cifra viene del texto de un boletín; las tablas son los reportes del pipeline \
         y las gráficas se dibujan con ellas.</p>",
        esc(generated_from)
    );
    let find = |n: &str| sections.iter().find(|s| s.name == n);
    let doubted = |y: Option<&str>, n: Option<&str>| -> Vec<&super::Doubt> {
        doubts
            .iter()
            .filter(|d| {
                d.year.map(|v| v.to_string()).as_deref() == y
                    && Some(d.jornada_number.to_string().as_str()) == n
            })
            .collect()
    };
    // the summary: how many jornadas have figures that do not add up
    if let Some(t) = find("tendencia") {
        let years = strings(t.df, "year")?;
        let numbers = strings(t.df, "jornada_number")?;
        let marked = (0..t.df.height())
            .filter(|&i| !doubted(years[i].as_deref(), numbers[i].as_deref()).is_empty())
            .count();
        let _ = writeln!(
            out,
            "<p class=\"resumen\" id=\"resumen\"><strong>{marked} de {} jornadas con cifras que no \
             cuadran</strong> (marcadas con ⚠ en las tablas y con ○ en las gráficas; el detalle \
             está en <a href=\"#report-consistencia\">Verificaciones</a>).</p>",
            t.df.height()
        );
    }
    out.push_str("<section id=\"charts\">\n<h2>Gráficas</h2>\n");
    if let Some(t) = find("tendencia") {
        let labels = jornada_labels(t.df)?;
        let years = strings(t.df, "year")?;
        let numbers = strings(t.df, "jornada_number")?;
        let marks: Vec<bool> = (0..t.df.height())
            .map(|i| !doubted(years[i].as_deref(), numbers[i].as_deref()).is_empty())
            .collect();
        let total = floats(t.df, "total_atenciones")?;
        let meta = floats(t.df, "meta")?;
        chart(
            &mut out,
            "chart-total-meta",
            "Atenciones frente a la meta, por jornada",
            "tendencia",
            &labels,
            &[("total de atenciones", &total), ("meta", &meta)],
            &marks,
        )?;
        let prod = floats(t.df, "productividad_pct")?;
        chart(
            &mut out,
            "chart-productividad",
            "Productividad (% de la meta), por jornada",
            "tendencia",
            &labels,
            &[("productividad (%)", &prod)],
            &marks,
        )?;
    }
    if let Some(m) = find("mezcla") {
        let (labels, series, marks) = mix(m.df, &|y, n| !doubted(y, n).is_empty())?;
        let refs: Vec<(&str, &[Option<f64>])> = series
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        chart(
            &mut out,
            "chart-mezcla",
            "Mezcla de servicios (% del total de la jornada)",
            "mezcla",
            &labels,
            &refs,
            &marks,
        )?;
    }
    out.push_str("</section>\n");
    for s in sections {
        let _ = writeln!(
            out,
            "<section id=\"report-{}\">\n<h2>{}</h2>\n<p class=\"doc\">{} <span class=\"codigo\">(reporte <code>{}</code>)</span></p>",
            esc(s.name),
            esc(s.title),
            esc(s.doc),
            esc(s.name),
        );
        table(&mut out, s.df, &|y, n| doubted(y, n))?;
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

const CSS: &str = "body{font-family:sans-serif;margin:1em auto;max-width:75em;padding:0 1em;color:#222;line-height:1.4}\n\
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.5em}\n\
.tabla{overflow-x:auto;max-width:100%;margin:1em 0}\n\
table{border-collapse:collapse;font-size:0.85em}\n\
th,td{border:1px solid #ccc;padding:0.2em 0.5em;text-align:right;white-space:nowrap}\n\
th{background:#f0f0f0;vertical-align:bottom}td.text{text-align:left;white-space:normal;min-width:8em}\n\
tr.duda td{background:#fff1dc}td.marca a{text-decoration:none}\n\
.doc,.lead{color:#555}.codigo{font-size:0.85em}.resumen{background:#fff1dc;padding:0.5em 0.8em;border-left:4px solid #d55e00}\n\
figure{margin:1.5em 0}figure svg{width:100%;height:auto;max-width:960px;display:block}\n\
figcaption{color:#555;font-size:0.9em}\n";

/// What the page calls each column (the code stays in the header's tooltip).
fn label(code: &str) -> &str {
    match code {
        "series" => "Serie",
        "year" => "Año",
        "jornada_number" => "Jornada",
        "date_start" => "Inicio",
        "date_end" => "Fin",
        "total_atenciones" => "Total de atenciones",
        "meta" => "Meta",
        "productividad_pct" => "Productividad (%)",
        "cambio" => "Cambio",
        "cambio_pct" => "Cambio (%)",
        "acumulado_calculado" => "Acumulado calculado",
        "acumulado_anual" => "Acumulado del boletín",
        "brecha_acumulado" => "Diferencia de acumulados",
        "servicio" => "Servicio",
        "atenciones" => "Atenciones",
        "participacion_pct" => "Participación (%)",
        "cambio_pp" => "Cambio (puntos)",
        "status" => "Estado",
        "check" => "Verificación",
        "source_path" => "Archivo",
        "bulletin_number" => "Boletín",
        "published_date" => "Publicado",
        "expected" => "Esperado",
        "observed" => "Observado",
        "detail" => "Detalle",
        "entity_code" => "Clave",
        "entity_name" => "Nombre",
        "apariciones" => "Apariciones",
        "suma" => "Suma",
        "mayor" => "Cifra mayor",
        "primer_anio" => "Primer año",
        "ultimo_anio" => "Último año",
        "mes" => "Mes",
        "documentos" => "Documentos",
        "cifras" => "Cifras",
        "hechos" => "Hechos",
        "en_cuarentena" => "En cuarentena",
        "pct_cifras_con_hecho" => "Cifras con hecho (%)",
        other => other,
    }
}

/// es-MX grouping: 204782 → "204,782"; negative numbers keep their sign.
fn grouped(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// A number with `decimals` decimals and es-MX grouping.
fn number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let int = grouped(int.parse::<i64>().unwrap_or(0));
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// "21–23 jul 2023", "28 jul – 2 ago 2023", "30 dic 2023 – 2 ene 2024"; one date alone as
/// [`date`].
fn date_range(start: Option<&str>, end: Option<&str>) -> String {
    let (Some(a), Some(b)) = (start, end) else {
        return start.or(end).map(date).unwrap_or_default();
    };
    if a == b {
        return date(a);
    }
    let (da, db) = (date(a), date(b));
    let pa: Vec<&str> = da.split(' ').collect();
    let pb: Vec<&str> = db.split(' ').collect();
    match (pa.as_slice(), pb.as_slice()) {
        ([d1, m1, y1], [d2, m2, y2]) if m1 == m2 && y1 == y2 => format!("{d1}–{d2} {m2} {y2}"),
        ([d1, m1, y1], [d2, m2, y2]) if y1 == y2 => format!("{d1} {m1} – {d2} {m2} {y2}"),
        _ => format!("{da} – {db}"),
    }
}

/// "2023-07-21" → "21 jul 2023".
fn date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match m.parse::<usize>() {
            Ok(m) if (1..=12).contains(&m) => {
                format!("{} {} {y}", d.trim_start_matches('0'), MONTHS[m - 1])
            }
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pl(e: PolarsError) -> Error {
    Error::library("building the page", e)
}

/// A column as optional floats (nulls stay `None`).
fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, Error> {
    let s = df
        .column(name)
        .map_err(pl)?
        .as_materialized_series()
        .cast(&DataType::Float64)
        .map_err(pl)?;
    let ca = s.f64().map_err(pl)?;
    Ok((0..ca.len()).map(|i| ca.get(i)).collect())
}

/// A column as optional strings.
pub(super) fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>, Error> {
    let s = df
        .column(name)
        .map_err(pl)?
        .as_materialized_series()
        .cast(&DataType::String)
        .map_err(pl)?;
    let ca = s.str().map_err(pl)?;
    Ok((0..ca.len())
        .map(|i| ca.get(i).map(str::to_string))
        .collect())
}

/// "2023 n.º 12" for each row of a frame with `year` and `jornada_number`.
fn jornada_labels(df: &DataFrame) -> Result<Vec<String>, Error> {
    let y = strings(df, "year")?;
    let n = strings(df, "jornada_number")?;
    Ok(y.iter()
        .zip(&n)
        .map(|(y, n)| {
            format!(
                "{} n.º {}",
                y.as_deref().unwrap_or("año ?"),
                n.as_deref().unwrap_or("?")
            )
        })
        .collect())
}

type Marked<'a> = &'a dyn Fn(Option<&str>, Option<&str>) -> bool;
/// The doubts of the jornada a row names (by its year and number).
type Doubted<'a, 'd> = &'a dyn Fn(Option<&str>, Option<&str>) -> Vec<&'d super::Doubt>;

/// `mezcla` (long: one row per jornada and service) as one series per service over the
/// jornadas, in the frame's order, and which jornadas are marked.
#[allow(clippy::type_complexity)]
fn mix(
    df: &DataFrame,
    marked: Marked,
) -> Result<(Vec<String>, Vec<(String, Vec<Option<f64>>)>, Vec<bool>), Error> {
    let labels_all = jornada_labels(df)?;
    let years = strings(df, "year")?;
    let numbers = strings(df, "jornada_number")?;
    let service = strings(df, "servicio")?;
    let share = floats(df, "participacion_pct")?;
    let mut labels: Vec<String> = Vec::new();
    let mut marks: Vec<bool> = Vec::new();
    let mut series: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for (i, ((l, s), v)) in labels_all.iter().zip(&service).zip(&share).enumerate() {
        if labels.last() != Some(l) {
            labels.push(l.clone());
            marks.push(marked(years[i].as_deref(), numbers[i].as_deref()));
            for (_, vals) in series.iter_mut() {
                vals.push(None);
            }
        }
        let s = s.clone().unwrap_or_default();
        let k = match series.iter().position(|(n, _)| *n == s) {
            Some(k) => k,
            None => {
                series.push((s, vec![None; labels.len()]));
                series.len() - 1
            }
        };
        *series[k].1.last_mut().expect("a label exists") = *v;
    }
    let series = series
        .into_iter()
        .map(|(n, v)| (label(&n).replace('_', " "), v))
        .collect();
    Ok((labels, series, marks))
}

/// Okabe–Ito: colours that stay apart, also for readers with colour blindness.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
];

/// Decimals that tell ticks apart over a range: none for thousands, one for a
/// two-point range, more for smaller ones.
fn tick_decimals(lo: f64, hi: f64) -> usize {
    let step = (hi - lo).abs() / 6.0;
    if step >= 1.0 || step <= 0.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize).min(4)
    }
}

/// A line chart (one line per series, points on each value, gaps where a value is null)
/// over the jornadas, written inline as SVG inside a `<figure>` with its caption; the
/// points of marked jornadas are circled.
fn chart(
    out: &mut String,
    id: &str,
    caption: &str,
    source: &str,
    labels: &[String],
    series: &[(&str, &[Option<f64>])],
    marked: &[bool],
) -> Result<(), Error> {
    let values = series.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if labels.is_empty() || !lo.is_finite() {
        let _ = writeln!(
            out,
            "<p id=\"{id}\" class=\"sin-datos\">{}: no hay datos para esta gráfica (reporte <code>{}</code>).</p>",
            esc(caption),
            esc(source)
        );
        return Ok(());
    }
    let pad = ((hi - lo) * 0.1).max(if hi - lo < 1.0 { 0.5 } else { 1.0 });
    let (y0, mut y1) = ((lo - pad).max(0.0), hi + pad);
    if series.len() > 2 {
        // Headroom above the lines for a legend of many series, so it covers none of them.
        y1 = hi + (hi - y0) * 0.6;
    }
    let decimals = tick_decimals(y0, y1);
    let mut svg = String::new();
    let failed = |e: String| Error::library(format!("drawing {id}"), e);
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(e.to_string()))?;
        let n = labels.len();
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(90)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y0..y1)
            .map_err(|e| failed(e.to_string()))?;
        let label_of = |x: &f64| {
            let k = x.round();
            if (x - k).abs() < 1e-9 && k >= 0.0 && (k as usize) < n {
                labels[k as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(n.min(24))
            .x_label_formatter(&label_of)
            .y_label_formatter(&|v| number(*v, decimals))
            .draw()
            .map_err(|e| failed(e.to_string()))?;
        for (k, (name, vals)) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            // Consecutive non-null runs become separate lines.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in vals.iter().enumerate() {
                match v {
                    Some(v) => runs.last_mut().expect("one run").push((i as f64, *v)),
                    None => runs.push(Vec::new()),
                }
            }
            let mut first = true;
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let pts = run.clone();
                let drawn = chart
                    .draw_series(LineSeries::new(run, color.stroke_width(2)))
                    .map_err(|e| failed(e.to_string()))?;
                if first {
                    drawn.label(*name).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
                    first = false;
                }
                chart
                    .draw_series(pts.iter().map(|p| Circle::new(*p, 5, color.filled())))
                    .map_err(|e| failed(e.to_string()))?;
                // a jornada whose figures do not add up: a ring around its point
                chart
                    .draw_series(
                        pts.iter()
                            .filter(|p| marked.get(p.0 as usize).copied().unwrap_or(false))
                            .map(|p| Circle::new(*p, 10, BLACK.stroke_width(2))),
                    )
                    .map_err(|e| failed(e.to_string()))?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| failed(e.to_string()))?;
        root.present().map_err(|e| failed(e.to_string()))?;
    }
    let rings = marked.iter().filter(|m| **m).count();
    let _ = writeln!(
        out,
        "<figure id=\"{id}\" aria-label=\"{}\">\n{svg}\n<figcaption>{}. Fuente: reporte <code>{}</code>, {} jornada(s).{}</figcaption>\n</figure>",
        esc(caption),
        esc(caption),
        esc(source),
        labels.len(),
        if rings > 0 {
            format!(
                " Con ○: {rings} jornada(s) cuyas cifras no cuadran (ver <a href=\"#report-consistencia\">Verificaciones</a>)."
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// How a column's values are shown.
#[derive(Clone, Copy, PartialEq)]
enum Show {
    Text,
    Date,
    Int,
    /// one decimal (percents, points)
    Share,
    Float,
}

fn show_of(name: &str, dtype: &DataType) -> Show {
    match dtype {
        DataType::Date => Show::Date,
        DataType::String => Show::Text,
        _ if name.ends_with("_pct") || name.ends_with("_pp") => Show::Share,
        DataType::Float32 | DataType::Float64 => Show::Float,
        _ if matches!(
            name,
            "year" | "jornada_number" | "mes" | "primer_anio" | "ultimo_anio"
        ) =>
        {
            Show::Text
        }
        _ => Show::Int,
    }
}

/// A result as an HTML table in a box that scrolls sideways; Spanish headers (the code in
/// the tooltip), numbers as es-MX readers write them, dates as "21 jul 2023"; rows of
/// jornadas whose figures do not add up marked, with the check's detail.
fn table<'d>(out: &mut String, df: &DataFrame, doubted: Doubted<'_, 'd>) -> Result<(), Error> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let keyed = names.iter().any(|n| n == "year") && names.iter().any(|n| n == "jornada_number");
    let checks = names.iter().any(|n| n == "status") && names.iter().any(|n| n == "check");
    out.push_str("<div class=\"tabla\"><table>\n<thead><tr>");
    if keyed || checks {
        out.push_str("<th title=\"cifras que no cuadran\">⚠</th>");
    }
    // a jornada's dates as one range: "21–23 jul 2023"
    let ranged = names.iter().any(|n| n == "date_start") && names.iter().any(|n| n == "date_end");
    for c in &names {
        match c.as_str() {
            "date_start" if ranged => {
                out.push_str("<th title=\"date_start, date_end\">Fechas</th>")
            }
            "date_end" if ranged => {}
            _ => {
                let _ = write!(out, "<th title=\"{}\">{}</th>", esc(c), esc(label(c)));
            }
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut cols = Vec::new();
    for c in df.columns() {
        let name = c.name().as_str();
        cols.push((show_of(name, c.dtype()), strings(df, name)?));
    }
    let col = |n: &str| names.iter().position(|x| x == n);
    for i in 0..df.height() {
        let cell = |n: &str| col(n).and_then(|k| cols[k].1[i].as_deref());
        let marks: Vec<String> = if keyed {
            doubted(cell("year"), cell("jornada_number"))
                .iter()
                .map(|d| format!("{}: {}", d.check, d.detail))
                .collect()
        } else if checks && cell("status") == Some(CheckStatus::Mismatch.as_str()) {
            vec![format!(
                "{}: {}",
                cell("check").unwrap_or(""),
                cell("detail").unwrap_or("")
            )]
        } else {
            Vec::new()
        };
        if marks.is_empty() {
            out.push_str("<tr>");
        } else {
            out.push_str("<tr class=\"duda\">");
        }
        if keyed || checks {
            if marks.is_empty() {
                out.push_str("<td class=\"marca\"></td>");
            } else {
                let detail = esc(&marks.join("; "));
                let _ = write!(
                    out,
                    "<td class=\"marca\"><a href=\"#report-consistencia\" title=\"{detail}\" aria-label=\"cifras que no cuadran: {detail}\">⚠</a></td>",
                );
            }
        }
        for (k, (show, vals)) in cols.iter().enumerate() {
            let v = vals[i].as_deref().unwrap_or("");
            if ranged && names[k] == "date_end" {
                continue;
            }
            let shown = match show {
                _ if ranged && names[k] == "date_start" => {
                    date_range(cell("date_start"), cell("date_end"))
                }
                _ if v.is_empty() => String::new(),
                Show::Text => v.to_string(),
                Show::Date => date(v),
                Show::Int => v.parse::<i64>().map_or(v.to_string(), grouped),
                Show::Share => v.parse::<f64>().map_or(v.to_string(), |x| number(x, 1)),
                Show::Float => v.parse::<f64>().map_or(v.to_string(), |x| {
                    number(x, if x.fract().abs() < 1e-9 { 0 } else { 1 })
                }),
            };
            let class = match show {
                _ if ranged && names[k] == "date_start" => " class=\"fecha\"",
                Show::Text => " class=\"text\"",
                Show::Date => " class=\"fecha\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&shown));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_as_es_mx_readers_write_them() {
        assert_eq!(grouped(204782), "204,782");
        assert_eq!(grouped(-13410), "-13,410");
        assert_eq!(grouped(999), "999");
        assert_eq!(number(121.84, 1), "121.8");
        assert_eq!(number(2900000.0, 0), "2,900,000");
        assert_eq!(number(-0.04, 1), "-0.0".trim_start_matches('-'));
        assert_eq!(date("2023-07-21"), "21 jul 2023");
        assert_eq!(
            date_range(Some("2023-07-21"), Some("2023-07-23")),
            "21–23 jul 2023"
        );
        assert_eq!(
            date_range(Some("2023-07-28"), Some("2023-08-02")),
            "28 jul – 2 ago 2023"
        );
        assert_eq!(
            date_range(Some("2023-12-30"), Some("2024-01-02")),
            "30 dic 2023 – 2 ene 2024"
        );
        assert_eq!(date_range(Some("2024-06-14"), None), "14 jun 2024");
        assert_eq!(date_range(None, None), "");
        assert_eq!(tick_decimals(100.0, 130.0), 0);
        assert_eq!(tick_decimals(126.0, 127.5), 1);
    }
}
