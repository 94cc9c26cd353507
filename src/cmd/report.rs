//! `cifras report [NAME…] [--format …] [--output FILE]`: the pipeline's named trend
//! queries (`[[reports]]`, built in `src/report/`) over the warehouse.

use crate::cmd::query::{Format, show_whole_tables, write};
use crate::config;
use crate::error::Error;
use crate::log::Log;
use crate::report;
use polars::prelude::DataFrame;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Reports to run (default: every `[[reports]]` entry of the pipeline, in its order).
    pub names: Vec<String>,
    /// Output format; formats other than `table` take exactly one report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the result to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Pipeline file (default: pipelines/jornadas.toml here, else the built-in one).
    #[arg(long)]
    pub pipeline: Option<PathBuf>,
    /// Write one self-contained HTML page (tables and charts, no network) to this file.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "output"])]
    pub html: Option<PathBuf>,
    /// The warehouse to read.
    #[arg(long, default_value = "data/warehouse")]
    pub warehouse: PathBuf,
}

pub fn run(args: Args, log: Log) -> Result<(), Error> {
    show_whole_tables();
    let loaded = config::load(args.pipeline.as_deref())?;
    let declared = &loaded.pipeline.reports;
    let known = || {
        declared
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen: Vec<_> = if args.names.is_empty() {
        declared.iter().collect()
    } else {
        args.names
            .iter()
            .map(|n| {
                declared.iter().find(|r| &r.name == n).ok_or_else(|| {
                    Error::Usage(format!("unknown report {n:?}; reports: {}", known()))
                })
            })
            .collect::<Result<_, _>>()?
    };
    if chosen.is_empty() {
        return Err(Error::Config(format!(
            "pipeline {} declares no [[reports]]",
            loaded.source
        )));
    }
    if let Some(path) = &args.html {
        return html(&chosen, &args.warehouse, path, log);
    }
    if args.format != Format::Table && chosen.len() != 1 {
        return Err(Error::Usage(format!(
            "--format {:?} writes one report: name it (reports: {})",
            args.format,
            known()
        )));
    }
    if args.format != Format::Table {
        let (_, mut df) = collect(chosen[0], &args.warehouse, log)?;
        return write(&mut df, args.format, args.output.as_deref());
    }
    let mut text = String::new();
    for r in &chosen {
        let (_, df) = collect(r, &args.warehouse, log)?;
        text.push_str(&format!("{} ({})\n{df}\n\n", r.title, r.name));
    }
    crate::cmd::query::write_text(text.trim_end(), args.output.as_deref())
}

/// Runs one declared report; its shape goes to standard error.
fn collect(
    r: &config::ReportConfig,
    warehouse: &std::path::Path,
    log: Log,
) -> Result<(&'static report::Named, DataFrame), Error> {
    let q = report::by_name(&r.name)
        .ok_or_else(|| Error::Config(format!("unknown query {:?}", r.name)))?;
    let df = (q.build)(warehouse)?
        .collect()
        .map_err(|e| Error::library(format!("report {} failed", r.name), e))?;
    log.shape(df.height(), df.width());
    Ok((q, df))
}

/// Runs every chosen report and writes the page next to its final name first, so that a
/// reader never sees half a page.
fn html(
    chosen: &[&config::ReportConfig],
    warehouse: &std::path::Path,
    path: &std::path::Path,
    log: Log,
) -> Result<(), Error> {
    let frames = chosen
        .iter()
        .map(|r| collect(r, warehouse, log).map(|(q, df)| (r, q, df)))
        .collect::<Result<Vec<_>, _>>()?;
    let sections: Vec<report::html::Section> = frames
        .iter()
        .map(|(r, q, df)| report::html::Section {
            name: &r.name,
            title: &r.title,
            doc: q.descripcion,
            df,
        })
        .collect();
    // the jornadas whose bulletins fail a check, marked where their figures are shown
    let doubts = report::doubts(&crate::warehouse::pinned(warehouse))?;
    let page = report::html::page(&sections, &warehouse.display().to_string(), &doubts)?;
    let tmp = path.with_extension("html.tmp");
    std::fs::write(&tmp, page).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    log.info(&format!("{} reports on the page", sections.len()));
    // Like the run summary, the one line saying what was written goes to standard output.
    crate::cmd::query::write_text(&format!("wrote {}", path.display()), None)
}
