//! The command line: argument parsing, logging set-up ([`Log`]) and the mapping from errors
//! to exit codes. Each subcommand lives in its own file under `src/cmd/`.

use crate::cmd;
use crate::log::{Log, LogFormat};
use clap::{Args, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "cifras",
    version,
    about = "IMSS press bulletins (Spanish) into analysis-ready tables",
    long_about = "cifras reads the figures of Spanish-language IMSS press bulletins \
                  (\"204 mil 782 atenciones\", \"2.7 millones\", \"121.8 por ciento\", \
                  \"la decimocuarta Jornada\") exactly, with the characters they came from."
)]
// a core build (no default features) says where `query` and `report` went
#[cfg_attr(
    not(feature = "polars"),
    command(
        after_help = "This build has no `query` and `report` (built without the default \
                          feature `polars`): `cargo build --release` adds them."
    )
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Less logging (errors only). Without -q or -v, `CIFRAS_LOG=error|warn|info|debug` sets
    /// the level (default warn).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More logging (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Format of the log lines on standard error [default: text, or `CIFRAS_LOG_FORMAT`].
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// All stages: raw bulletins → documents, mentions, facts, jornadas, checks, quarantine (Parquet).
    Run(cmd::run::Args),
    /// Only ingest: raw bulletins → documents and quarantine.
    Ingest(cmd::run::Args),
    /// Only extract: committed documents → mentions.
    Extract(cmd::run::Args),
    /// Only facts: committed documents → facts, jornadas, checks.
    Facts(cmd::run::Args),
    /// Check pipeline files without running them.
    Validate(cmd::validate::Args),
    /// The warehouse tables: columns, types and meaning.
    Schema(cmd::schema::Args),
    /// One bulletin with each figure marked and explained (value, kind, unit, fact, checks).
    Inspect(cmd::inspect::Args),
    /// Print the figures of each input line as one JSON object per line.
    Normalize(cmd::normalize::Args),
    /// polars SQL over the warehouse tables, registered by name.
    #[cfg(feature = "polars")]
    Query(cmd::query::Args),
    /// The pipeline's named trend queries (tendencia, mezcla, rankings, consistencia, cobertura).
    #[cfg(feature = "polars")]
    Report(cmd::report::Args),
    /// (internal) read one PDF from standard input: the child process that isolates the
    /// PDF library from the run
    #[command(name = "__pdf-text", hide = true)]
    PdfText,
}

/// Parses the arguments, runs the subcommand and returns the exit code (SPEC §3).
pub fn run() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("__pdf-text") {
        return crate::ingest::pdf_child_main();
    }
    // PDFs are read in a child process of this binary, killed if it takes too long
    if let Ok(exe) = std::env::current_exe() {
        crate::ingest::isolate_pdf_with(exe);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let g = &cli.global;
    let log = match Log::new(g.quiet, g.verbose, g.log_format) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cifras: error: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    log.install();
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(crate::run::Stages::All, args, log),
        Command::Ingest(args) => cmd::run::run(crate::run::Stages::Ingest, args, log),
        Command::Extract(args) => cmd::run::run(crate::run::Stages::Extract, args, log),
        Command::Facts(args) => cmd::run::run(crate::run::Stages::Facts, args, log),
        Command::Validate(args) => cmd::validate::run(args, log),
        Command::Schema(args) => cmd::schema::run(args, log),
        Command::Inspect(args) => cmd::inspect::run(args, log),
        Command::Normalize(args) => cmd::normalize::run(args, log),
        Command::PdfText => return crate::ingest::pdf_child_main(),
        #[cfg(feature = "polars")]
        Command::Query(args) => cmd::query::run(args, log),
        #[cfg(feature = "polars")]
        Command::Report(args) => cmd::report::run(args, log),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log.error(&e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}
