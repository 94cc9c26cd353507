//! `cifras validate [PIPELINE…]`: checks pipeline files without running them.

use crate::cli::Log;
use crate::error::Error;
use crate::pipeline::{self, Pipeline};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Pipeline files (default: the one `cifras run` would use).
    pub pipelines: Vec<PathBuf>,
}

pub fn run(args: Args, _log: Log) -> Result<(), Error> {
    if args.pipelines.is_empty() {
        let loaded = pipeline::load(None)?;
        println!("ok {} (pipeline {})", loaded.source, loaded.pipeline.name);
        return Ok(());
    }
    let mut failed = Vec::new();
    for path in &args.pipelines {
        let checked = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))
            .and_then(|text| Pipeline::parse(&text, &path.display().to_string()));
        match checked {
            Ok(p) => println!("ok {} (pipeline {})", path.display(), p.name),
            Err(e) => {
                println!("error {e}");
                failed.push(path.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "{} pipeline(s) do not check: {}",
            failed.len(),
            failed.join(", ")
        )))
    }
}
