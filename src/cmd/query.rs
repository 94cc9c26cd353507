//! `cifras query SQL | --file F [--format …] [--output FILE]`: polars SQL over the warehouse.
//!
//! Every table of `src/warehouse/schema.rs` that the warehouse holds is registered under its
//! name as a lazy Parquet scan (hive `year=` partitions for the partitioned ones), so a query
//! reads only the files, row groups and columns it needs. The result goes to standard output
//! (or `--output`), its shape to standard error.

use crate::error::Error;
use crate::log::Log;
use crate::warehouse::scan::scan;
use crate::warehouse::schema::TABLES;
use polars::prelude::*;
use polars::sql::SQLContext;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The SQL to run (or use --file).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub sql: Option<String>,
    /// A file of SQL statements separated by `;`; the last statement's result is returned.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the result to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// The warehouse to query.
    #[arg(long, default_value = "data/warehouse")]
    pub warehouse: PathBuf,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A boxed table for the terminal (every row, every column).
    Table,
    Csv,
    /// One JSON array of row objects.
    Json,
    /// One JSON object per row and line.
    Jsonl,
    Parquet,
}

pub fn run(args: Args, log: Log) -> Result<(), Error> {
    show_whole_tables();
    let sql = match (&args.sql, &args.file) {
        (Some(s), _) => s.clone(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| Error::io(format!("reading {}", f.display()), e))?,
        (None, None) => return Err(Error::Usage("give SQL or --file".into())),
    };
    if args.format == Format::Parquet && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "--format parquet writes binary: give --output FILE or redirect standard output".into(),
        ));
    }
    let statements = split_statements(&sql);
    if statements.is_empty() {
        return Err(Error::Usage("no SQL statement given".into()));
    }
    let mut ctx = register(&args.warehouse)?;
    let mut df = execute(&mut ctx, &statements)?;
    log.shape(df.height(), df.width());
    write(&mut df, args.format, args.output.as_deref())
}

/// A SQL context with every warehouse table that exists registered by name.
pub fn register(warehouse: &Path) -> Result<SQLContext, Error> {
    if !warehouse.is_dir() {
        return Err(Error::Failed(format!(
            "no warehouse at {}: run `cifras run` first, or give --warehouse DIR",
            warehouse.display()
        )));
    }
    // one commit for every table, even if a run commits while the query runs
    let warehouse = &crate::warehouse::pinned(warehouse);
    let ctx = SQLContext::new();
    let mut found = 0;
    for t in TABLES {
        if let Some(lf) = scan(warehouse, &t)? {
            ctx.register(t.name, lf);
            found += 1;
        }
    }
    if found == 0 {
        return Err(Error::Failed(format!(
            "{} holds no warehouse table: run `cifras run` first",
            warehouse.display()
        )));
    }
    Ok(ctx)
}

/// Runs the statements in order and collects the last one's result. polars reports bad SQL
/// as errors, but a few malformed queries make it panic: those become errors too.
fn execute(ctx: &mut SQLContext, statements: &[String]) -> Result<DataFrame, Error> {
    // Listed in the order of `cifras schema`, for the error message.
    let registered = ctx.get_tables();
    let names: Vec<&str> = TABLES
        .iter()
        .map(|t| t.name)
        .filter(|n| registered.iter().any(|r| r == n))
        .collect();
    let outcome = quietly(|| {
        let mut last = None;
        for s in statements {
            last = Some(ctx.execute(s).and_then(|lf| lf.collect()));
        }
        last.expect("at least one statement")
    });
    match outcome {
        Ok(Ok(df)) => Ok(df),
        Ok(Err(e)) => Err(Error::Usage(format!(
            "query failed: {}\n  tables: {}",
            first_line(&e.to_string()),
            names.join(", ")
        ))),
        Err(msg) => Err(Error::Usage(format!(
            "query failed: polars could not run it ({msg})\n  tables: {}",
            names.join(", ")
        ))),
    }
}

/// Runs `f`, turning a panic into its message without printing a backtrace.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    r.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "internal error".into())
    })
}

/// polars errors carry a multi-line context trail; the first line says what went wrong.
fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}

/// Splits a script on `;`, leaving semicolons inside quotes and `--` comments alone.
pub fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    cur.push(c);
                }
                '-' if chars.peek() == Some(&'-') => {
                    // A comment runs to the end of the line.
                    for c in chars.by_ref() {
                        if c == '\n' {
                            cur.push('\n');
                            break;
                        }
                    }
                }
                ';' => {
                    if !cur.trim().is_empty() {
                        out.push(cur.trim().to_string());
                    }
                    cur.clear();
                }
                _ => cur.push(c),
            },
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Writes a result in the chosen format to `output` or standard output.
pub fn write(df: &mut DataFrame, format: Format, output: Option<&Path>) -> Result<(), Error> {
    let mut sink: Box<dyn Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p)
                .map_err(|e| Error::io(format!("creating {}", p.display()), e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let failed = |e: PolarsError| Error::library("writing the result", e);
    match format {
        Format::Table => {
            let text = render_table(df);
            sink.write_all(text.as_bytes())
                .map_err(|e| Error::io("writing the result", e))?;
        }
        Format::Csv => CsvWriter::new(&mut sink).finish(df).map_err(failed)?,
        Format::Json => JsonWriter::new(&mut sink)
            .with_json_format(JsonFormat::Json)
            .finish(df)
            .map_err(failed)?,
        Format::Jsonl => JsonWriter::new(&mut sink)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df)
            .map_err(failed)?,
        Format::Parquet => {
            ParquetWriter::new(&mut sink).finish(df).map_err(failed)?;
        }
    }
    sink.flush().map_err(|e| Error::io("writing the result", e))
}

/// Writes text (and a final newline) to `output` or standard output.
pub fn write_text(text: &str, output: Option<&Path>) -> Result<(), Error> {
    let r = match output {
        Some(p) => std::fs::write(p, format!("{text}\n")),
        None => writeln!(std::io::stdout().lock(), "{text}"),
    };
    r.map_err(|e| Error::io("writing the result", e))
}

/// The boxed terminal table with every row and column (polars shortens long tables by
/// default; a query result is what the user asked for, so it is shown whole).
pub fn render_table(df: &DataFrame) -> String {
    format!("{df}\n")
}

/// polars reads its table layout from the environment only. Called first thing, while this
/// process has one thread, and only where the user has not chosen otherwise.
pub fn show_whole_tables() {
    for (k, v) in [
        ("POLARS_FMT_MAX_ROWS", "-1"),
        ("POLARS_FMT_MAX_COLS", "-1"),
        ("POLARS_FMT_STR_LEN", "100"),
        // Columns at their natural width: a terminal wraps or scrolls, a pipe keeps lines.
        ("POLARS_TABLE_WIDTH", "65535"),
        // The shape goes to standard error (SPEC §3), not into the data.
        ("POLARS_FMT_TABLE_HIDE_DATAFRAME_SHAPE_INFORMATION", "1"),
    ] {
        if std::env::var_os(k).is_none() {
            // SAFETY: no other thread exists yet (no polars or rayon pool has started), so
            // nothing reads the environment concurrently.
            unsafe { std::env::set_var(k, v) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_statements;

    #[test]
    fn scripts_split_on_semicolons_outside_quotes_and_comments() {
        let cases: &[(&str, &[&str])] = &[
            ("SELECT 1", &["SELECT 1"]),
            ("SELECT 1;", &["SELECT 1"]),
            ("SELECT 1; SELECT 2", &["SELECT 1", "SELECT 2"]),
            (";;\n ; ", &[]),
            (
                "SELECT ';' AS s; SELECT 2",
                &["SELECT ';' AS s", "SELECT 2"],
            ),
            ("SELECT \"a;b\" FROM t", &["SELECT \"a;b\" FROM t"]),
            ("-- one; two\nSELECT 1", &["SELECT 1"]),
            ("SELECT 1 -- x;y\n; SELECT 2", &["SELECT 1", "SELECT 2"]),
            ("SELECT 5 - -3", &["SELECT 5 - -3"]),
        ];
        for (sql, want) in cases {
            assert_eq!(split_statements(sql), *want, "{sql:?}");
        }
    }
}
