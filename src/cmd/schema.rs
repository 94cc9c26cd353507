//! `cifras schema [TABLE…] [--format text|json]`: the warehouse tables, their columns,
//! types and meaning (from `src/warehouse/schema.rs`, the one place that defines them).

use crate::error::Error;
use crate::log::Log;
use crate::warehouse::schema::{TABLES, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Tables to describe (default: all).
    pub tables: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args, _log: Log) -> Result<(), Error> {
    let tables: Vec<Table> = if args.tables.is_empty() {
        TABLES.to_vec()
    } else {
        args.tables
            .iter()
            .map(|n| {
                Table::by_name(n).ok_or_else(|| {
                    let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
                    Error::Usage(format!("unknown table {n:?}; tables: {}", names.join(", ")))
                })
            })
            .collect::<Result<_, _>>()?
    };
    match args.format {
        Format::Json => {
            let v: Vec<serde_json::Value> = tables
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "table": t.name,
                        "doc": t.doc,
                        "partitioned": t.partitioned,
                        "columns": t.all_columns().iter().map(|c| serde_json::json!({
                            "name": c.name, "type": c.ty.sql(), "nullable": c.nullable, "doc": c.doc,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v).expect("plain data"));
        }
        Format::Text => {
            for t in &tables {
                let layout = if t.partitioned {
                    format!("{}/year=YYYY/part-0.parquet", t.name)
                } else {
                    format!("{}/part-0.parquet", t.name)
                };
                println!("{} — {} ({layout})", t.name, t.doc);
                for c in t.all_columns() {
                    println!(
                        "  {:<16} {:<8} {:<8} {}",
                        c.name,
                        c.ty.sql(),
                        if c.nullable { "null" } else { "not null" },
                        c.doc
                    );
                }
                println!();
            }
        }
    }
    Ok(())
}
