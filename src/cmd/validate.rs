//! `cifras validate [FILE…]`: checks pipeline and vocabulary files without running them.
//! A file with `[[metric]]`, `[[ooad]]`, `[[umae]]` or `[[series]]` tables is a vocabulary;
//! any other is a pipeline.

use crate::config::{self, Pipeline};
use crate::error::Error;
use crate::log::Log;
use crate::vocab::{self, Vocabulary};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Pipeline or vocabulary files (default: the ones `cifras run` would use).
    pub files: Vec<PathBuf>,
}

fn check(path: &std::path::Path) -> Result<String, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
    let source = path.display().to_string();
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| Error::Config(format!("{source}: {}", e.to_string().trim())))?;
    let is_vocabulary = ["metric", "ooad", "umae", "series"]
        .iter()
        .any(|k| table.contains_key(*k));
    if is_vocabulary {
        let v = Vocabulary::parse(&text, &source)?;
        Ok(format!(
            "vocabulary: {} metrics, {} OOAD, {} UMAE, {} series",
            v.metrics.len(),
            v.ooads.len(),
            v.umaes.len(),
            v.series.len()
        ))
    } else {
        let p = Pipeline::parse(&text, &source)?;
        Ok(format!("pipeline {}", p.name))
    }
}

pub fn run(args: Args, _log: Log) -> Result<(), Error> {
    if args.files.is_empty() {
        let loaded = config::load(None)?;
        println!("ok {} (pipeline {})", loaded.source, loaded.pipeline.name);
        let loaded = vocab::load(None)?;
        let (v, source) = (loaded.vocabulary, loaded.source);
        println!(
            "ok {source} (vocabulary: {} metrics, {} OOAD, {} UMAE, {} series)",
            v.metrics.len(),
            v.ooads.len(),
            v.umaes.len(),
            v.series.len()
        );
        return Ok(());
    }
    let mut failed = Vec::new();
    for path in &args.files {
        match check(path) {
            Ok(what) => println!("ok {} ({what})", path.display()),
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
            "{} file(s) do not check: {}",
            failed.len(),
            failed.join(", ")
        )))
    }
}
