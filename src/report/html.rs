//! `cifras report --html FILE`: one self-contained page (no network: data and charts
//! inline) with the named reports as tables and three charts drawn with plotters' SVG
//! backend — total against goal per jornada, the service mix, and productivity.

use crate::error::Error;
use plotters::prelude::*;
use polars::prelude::*;
use std::fmt::Write as _;

/// One report's result and how the page names it.
pub struct Section<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub doc: &'a str,
    pub df: &'a DataFrame,
}

/// The whole page. `tendencia` and `mezcla`, when among the sections, feed the charts.
pub fn page(sections: &[Section], generated_from: &str) -> Result<String, Error> {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<title>cifras: jornadas del IMSS</title>\n<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<h1>Jornadas del IMSS: tendencias</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"lead\">Built by cifras from the warehouse <code>{}</code>. Every figure \
         comes from a bulletin's text; the tables below are the named reports of the \
         pipeline, the charts are drawn from them.</p>",
        esc(generated_from)
    );
    let find = |n: &str| sections.iter().find(|s| s.name == n);
    out.push_str("<section id=\"charts\">\n<h2>Gráficas</h2>\n");
    if let Some(t) = find("tendencia") {
        let labels = jornada_labels(t.df)?;
        let total = floats(t.df, "total_atenciones")?;
        let meta = floats(t.df, "meta")?;
        chart(
            &mut out,
            "chart-total-meta",
            "Atenciones frente a la meta, por jornada",
            &labels,
            &[("total de atenciones", &total), ("meta", &meta)],
        )?;
        let prod = floats(t.df, "productividad_pct")?;
        chart(
            &mut out,
            "chart-productividad",
            "Productividad (% de la meta), por jornada",
            &labels,
            &[("productividad %", &prod)],
        )?;
    }
    if let Some(m) = find("mezcla") {
        let (labels, series) = mix(m.df)?;
        let refs: Vec<(&str, &[Option<f64>])> = series
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        chart(
            &mut out,
            "chart-mezcla",
            "Mezcla de servicios (% del total de la jornada)",
            &labels,
            &refs,
        )?;
    }
    out.push_str("</section>\n");
    for s in sections {
        let _ = writeln!(
            out,
            "<section id=\"report-{}\">\n<h2>{}</h2>\n<p class=\"doc\"><code>{}</code>: {}</p>",
            esc(s.name),
            esc(s.title),
            esc(s.name),
            esc(s.doc)
        );
        table(&mut out, s.df)?;
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

const CSS: &str = "body{font-family:sans-serif;margin:2em auto;max-width:75em;color:#222}\n\
table{border-collapse:collapse;font-size:0.85em;margin:1em 0}\n\
th,td{border:1px solid #ccc;padding:0.2em 0.5em;text-align:right}\n\
th{background:#f0f0f0}td.text{text-align:left}\n\
.doc,.lead{color:#555}figure{margin:1.5em 0}\n";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pl(e: PolarsError) -> Error {
    Error::Failed(format!("building the page: {e}"))
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
fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>, Error> {
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

/// "2023 #12" for each row of a frame with `year` and `jornada_number`.
fn jornada_labels(df: &DataFrame) -> Result<Vec<String>, Error> {
    let y = strings(df, "year")?;
    let n = strings(df, "jornada_number")?;
    Ok(y.iter()
        .zip(&n)
        .map(|(y, n)| {
            format!(
                "{} #{}",
                y.as_deref().unwrap_or("?"),
                n.as_deref().unwrap_or("?")
            )
        })
        .collect())
}

/// `mezcla` (long: one row per jornada and service) as one series per service over the
/// jornadas, in the frame's order.
#[allow(clippy::type_complexity)]
fn mix(df: &DataFrame) -> Result<(Vec<String>, Vec<(String, Vec<Option<f64>>)>), Error> {
    let labels_all = jornada_labels(df)?;
    let service = strings(df, "servicio")?;
    let share = floats(df, "participacion_pct")?;
    let mut labels: Vec<String> = Vec::new();
    let mut series: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for ((l, s), v) in labels_all.iter().zip(&service).zip(&share) {
        if labels.last() != Some(l) {
            labels.push(l.clone());
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
    Ok((labels, series))
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// A line chart (one line per series, points on each value, gaps where a value is null)
/// over the jornadas, written inline as SVG inside a `<figure>`.
fn chart(
    out: &mut String,
    id: &str,
    caption: &str,
    labels: &[String],
    series: &[(&str, &[Option<f64>])],
) -> Result<(), Error> {
    let values = series.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if labels.is_empty() || !lo.is_finite() {
        let _ = writeln!(out, "<p id=\"{id}\">{}: no data.</p>", esc(caption));
        return Ok(());
    }
    let pad = ((hi - lo) * 0.1).max(1.0);
    let (y0, mut y1) = ((lo - pad).max(0.0), hi + pad);
    if series.len() > 2 {
        // Headroom above the lines for a legend of many series, so it covers none of them.
        y1 = hi + (hi - y0) * 0.6;
    }
    let mut svg = String::new();
    let failed = |e: String| Error::Failed(format!("drawing {id}: {e}"));
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(e.to_string()))?;
        let n = labels.len();
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(80)
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
            .y_label_formatter(&|v| format!("{v:.0}"))
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
                    .draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))
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
    let _ = writeln!(
        out,
        "<figure id=\"{id}\" aria-label=\"{}\">\n{svg}\n</figure>",
        esc(caption)
    );
    Ok(())
}

/// A result as an HTML table; numbers right-aligned, text left, nulls empty.
fn table(out: &mut String, df: &DataFrame) -> Result<(), Error> {
    out.push_str("<table>\n<thead><tr>");
    for c in df.get_column_names() {
        let _ = write!(out, "<th>{}</th>", esc(c.as_str()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut cols = Vec::new();
    for c in df.columns() {
        let text = matches!(c.dtype(), DataType::String | DataType::Date);
        cols.push((text, strings(df, c.name().as_str())?));
    }
    for i in 0..df.height() {
        out.push_str("<tr>");
        for (text, vals) in &cols {
            let v = vals[i].as_deref().unwrap_or("");
            if *text {
                let _ = write!(out, "<td class=\"text\">{}</td>", esc(v));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(v));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    Ok(())
}
