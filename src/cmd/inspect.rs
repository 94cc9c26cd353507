//! `cifras inspect FILE`: one bulletin with each figure marked and explained — value, kind,
//! unit, the fact it became (or that it became none) and the checks of the bulletin. Colour
//! when standard output is a terminal, plain text when piped.

use crate::config;
use crate::domain::CheckStatus;
use crate::error::Error;
use crate::extract::extract;
use crate::facts::understand;
use crate::ingest::{Ingested, Input, ingest};
use crate::log::Log;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bulletin to inspect.
    pub file: PathBuf,
    /// Pipeline file (default: pipelines/jornadas.toml here, else the built-in one).
    #[arg(long)]
    pub pipeline: Option<PathBuf>,
}

pub fn run(args: Args, _log: Log) -> Result<(), Error> {
    let loaded = config::load(args.pipeline.as_deref())?;
    let p = &loaded.pipeline;
    let vocab = loaded.vocabulary()?.vocabulary;
    let input = Input::from_path(&args.file)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let doc = match ingest(&input, &p.ingest) {
        Ingested::Document(d) => d,
        Ingested::Quarantined(q) => {
            return Err(Error::Failed(format!(
                "{} would be quarantined: {}",
                q.source_path, q.reason
            )));
        }
    };
    let rows = extract(&doc, &p.extract);
    let (ctx, fs, cs) = understand(&doc, &rows, &vocab);
    let color = std::io::stdout().is_terminal();
    let (mark, dim, reset, red, green) = if color {
        ("\x1b[1;33m", "\x1b[2m", "\x1b[0m", "\x1b[31m", "\x1b[32m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    // the body with each mention marked: [text]¹
    let mut at = 0;
    for m in &rows {
        let (s, e) = m.text_bytes;
        out.push_str(&doc.body[at..s]);
        out.push_str(&format!(
            "{mark}[{}]{reset}{dim}{}{reset}",
            m.text(&doc.body),
            m.mention_id
        ));
        at = e;
    }
    out.push_str(&doc.body[at..]);
    out.push_str("\n\n");
    out.push_str(&format!(
        "{} — {} ({}), published {}, {} mentions, {} facts\n",
        doc.source_path,
        doc.title.as_deref().unwrap_or("(no title)"),
        doc.encoding,
        doc.published_date
            .map(crate::dates::iso)
            .unwrap_or_else(|| "unknown".into()),
        rows.len(),
        fs.len()
    ));
    if let (Some(series), Some(number)) = (&ctx.series, ctx.number) {
        out.push_str(&format!(
            "jornada {number} of {} ({series}){}{}\n",
            match (ctx.year, ctx.year_from) {
                (Some(y), Some(from)) => format!("{y} (year {from})"),
                (Some(y), None) => y.to_string(),
                _ => "an unknown year".into(),
            },
            if ctx.preview { ", a preview" } else { "" },
            ctx.entity
                .as_ref()
                .map_or(String::new(), |(_, _, n)| format!(", about {n}"))
        ));
    }
    out.push('\n');
    for m in &rows {
        let value = match (m.value_int, m.value, m.date_start, m.date_end) {
            (Some(i), _, _, _) => i.to_string(),
            (None, Some(v), _, _) => v.to_string(),
            (_, _, Some(s), Some(e)) => {
                format!("{} – {}", crate::dates::iso(s), crate::dates::iso(e))
            }
            _ => "(no year)".into(),
        };
        let fact = fs
            .iter()
            .find(|f| f.mention_id == m.mention_id)
            .map_or_else(
                || format!("{dim}no fact{reset}"),
                |f| {
                    let who = f
                        .entity_code
                        .as_deref()
                        .map_or(String::new(), |c| format!(" {c}"));
                    let why = if f.why.is_empty() {
                        String::new()
                    } else {
                        format!(" {dim}({}){reset}", f.why.join("; "))
                    };
                    // a fact's value differs from its figure's when read as an excess
                    // ("23 por ciento por encima" → 123)
                    let value = if Some(f.value) == m.value {
                        String::new()
                    } else {
                        format!(" = {}", f.value)
                    };
                    format!(
                        "fact {} {} {}{who}{value}{why}",
                        f.metric, f.modality, f.scope
                    )
                },
            );
        out.push_str(&format!(
            "{dim}{:>3}{reset} {mark}{:<24}{reset} {:<14} {:<8} {:<10} {:<34} {fact}\n",
            m.mention_id,
            m.text(&doc.body).replace('\n', " "),
            value,
            m.kind,
            m.qualifier,
            m.unit(&doc.body).unwrap_or("")
        ));
    }
    if !cs.is_empty() {
        out.push_str("\nchecks:\n");
        for c in &cs {
            let status = if c.status == CheckStatus::Ok {
                format!("{green}ok{reset}")
            } else {
                format!("{red}{}{reset}", c.status)
            };
            out.push_str(&format!("  {status} {}: {}\n", c.check, c.detail));
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing standard output", e))
        }
        _ => Ok(()),
    }
}
