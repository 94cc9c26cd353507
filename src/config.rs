//! Pipeline definitions: one config struct per stage, unknown keys rejected
//! (`deny_unknown_fields` on every struct), checked by `cifras validate` without running.
//!
//! The default pipeline (`pipelines/jornadas.toml`) is compiled into the binary so that an
//! installed `cifras` runs from any directory; `--pipeline FILE`, or a `pipelines/` folder in
//! the working directory, overrides it.

/// The names of the named queries `cifras report` knows (`src/report/`), here so that a
/// pipeline is validated the same with or without the `polars` feature.
pub const REPORT_NAMES: &[&str] = &[
    "tendencia",
    "mezcla",
    "ranking_ooad",
    "ranking_umae",
    "consistencia",
    "cobertura",
];

use crate::error::Error;
use crate::figures::Locale;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The default pipeline, as shipped.
pub const DEFAULT_TOML: &str = include_str!("../pipelines/jornadas.toml");
/// Where a working directory's own default pipeline lives.
pub const DEFAULT_PATH: &str = "pipelines/jornadas.toml";

/// A pipeline: the stages and their settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// A name for logs and manifests.
    pub name: String,
    pub ingest: IngestConfig,
    pub extract: ExtractConfig,
    /// The facts stage (facts, jornadas, checks); a pipeline without it stops at mentions.
    #[serde(default)]
    pub facts: Option<FactsConfig>,
    #[serde(default)]
    pub warehouse: WarehouseConfig,
    /// `[[reports]]`: the named trend queries `cifras report` runs, in this order.
    #[serde(default)]
    pub reports: Vec<ReportConfig>,
}

/// `[[reports]]`: one named query of `src/report/` (`cifras report` runs them).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// The query's name: one of the functions in `src/report/` (`tendencia`, …).
    pub name: String,
    /// The heading printed above its table.
    pub title: String,
}

/// `[facts]`: mentions → facts, jornadas and checks, with the domain vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsConfig {
    /// Vocabulary file (default: pipelines/vocabulary.toml in the working directory, else
    /// the built-in one).
    #[serde(default)]
    pub vocabulary: Option<PathBuf>,
}

/// `[ingest]`: raw files → `documents` and `quarantine`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    /// Folder read when `--input` is not given.
    pub input: PathBuf,
    /// File name endings that are bulletins; other files in the folder are ignored.
    pub extensions: Vec<String>,
    /// Inputs larger than this many bytes are quarantined as oversized.
    pub max_bytes: u64,
    /// A short line repeated at page edges at least this often is a header or footer.
    #[serde(default = "default_header_repeats")]
    pub header_min_repeats: usize,
}

/// `[extract]`: documents → `mentions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// Digit conventions: "es-MX" (1,234.5) or "es-ES" (1.234,5).
    #[serde(deserialize_with = "locale_from_str")]
    pub locale: Locale,
    /// The counted noun phrase after a figure is cut at this many words.
    #[serde(default = "default_unit_words")]
    pub unit_max_words: usize,
}

/// Parquet compression.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    #[default]
    Snappy,
    Zstd,
}

/// `[warehouse]`: how the Parquet files are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarehouseConfig {
    /// "snappy" (default) or "zstd".
    #[serde(default)]
    pub compression: Compression,
    /// Rows per row group at most.
    #[serde(default = "default_row_group_rows")]
    pub row_group_rows: usize,
    /// Input bytes read and processed together at most (a bucket is processed in chunks of
    /// this or a sixteenth of `bucket_bytes`, the smaller; memory stays bounded by a few).
    #[serde(default = "default_batch_bytes")]
    pub batch_bytes: u64,
    /// Raw input bytes per bucket, on average. Inputs are spread over buckets by path; an
    /// incremental run rebuilds only the buckets whose inputs changed, so smaller buckets
    /// mean cheaper re-runs and more (smaller) files per partition.
    #[serde(default = "default_bucket_bytes")]
    pub bucket_bytes: u64,
}

impl Default for WarehouseConfig {
    fn default() -> Self {
        WarehouseConfig {
            compression: Compression::Snappy,
            row_group_rows: default_row_group_rows(),
            batch_bytes: default_batch_bytes(),
            bucket_bytes: default_bucket_bytes(),
        }
    }
}

fn default_header_repeats() -> usize {
    2
}
fn default_unit_words() -> usize {
    7
}
fn default_row_group_rows() -> usize {
    256 * 1024
}
fn default_bucket_bytes() -> u64 {
    4 * 1024 * 1024
}
fn default_batch_bytes() -> u64 {
    32 * 1024 * 1024
}

fn locale_from_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Locale, D::Error> {
    let s = String::deserialize(d)?;
    match s.as_str() {
        "es-MX" => Ok(Locale::EsMx),
        "es-ES" => Ok(Locale::EsEs),
        other => Err(serde::de::Error::custom(format!(
            "unknown locale {other:?}: expected \"es-MX\" or \"es-ES\""
        ))),
    }
}

/// A pipeline with where it came from and the hash of its text (for manifests).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub pipeline: Pipeline,
    /// The file it was read from, or "(built-in)".
    pub source: String,
    /// SHA-256 of the pipeline text, hex.
    pub hash: String,
}

impl Pipeline {
    /// Parses a pipeline and checks what the types cannot: every problem, not the first.
    pub fn parse(text: &str, source: &str) -> Result<Pipeline, Error> {
        let p: Pipeline = toml::from_str(text)
            .map_err(|e| Error::Config(format!("{source}: {}", e.to_string().trim())))?;
        let problems = p.problems();
        if problems.is_empty() {
            Ok(p)
        } else {
            Err(Error::Config(format!("{source}: {}", problems.join("; "))))
        }
    }

    /// Semantic checks beyond the types.
    pub fn problems(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.name.trim().is_empty() {
            v.push("name must not be empty".to_string());
        }
        if self.ingest.extensions.is_empty() {
            v.push("ingest.extensions must list at least one file ending".to_string());
        }
        if self.ingest.max_bytes == 0 {
            v.push("ingest.max_bytes must be positive".to_string());
        }
        if self.ingest.header_min_repeats < 2 {
            v.push("ingest.header_min_repeats must be at least 2".to_string());
        }
        if self.extract.unit_max_words == 0 {
            v.push("extract.unit_max_words must be positive".to_string());
        }
        if self.warehouse.row_group_rows == 0 {
            v.push("warehouse.row_group_rows must be positive".to_string());
        }
        if self.warehouse.bucket_bytes < 1024 {
            v.push("warehouse.bucket_bytes must be at least 1024".to_string());
        }
        if self.warehouse.batch_bytes < 1024 {
            v.push("warehouse.batch_bytes must be at least 1024".to_string());
        }
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.reports {
            if !REPORT_NAMES.contains(&r.name.as_str()) {
                v.push(format!(
                    "reports: unknown query {:?}; known: {}",
                    r.name,
                    REPORT_NAMES.join(", ")
                ));
            }
            if !seen.insert(r.name.as_str()) {
                v.push(format!("reports: {:?} declared twice", r.name));
            }
        }
        v
    }
}

impl Loaded {
    /// The vocabulary the pipeline names (`[facts] vocabulary`), else the default one (see
    /// [`crate::vocab::load`]).
    pub fn vocabulary(&self) -> Result<crate::vocab::LoadedVocabulary, Error> {
        let named = self
            .pipeline
            .facts
            .as_ref()
            .and_then(|f| f.vocabulary.as_deref());
        crate::vocab::load(named)
    }
}

/// Loads the pipeline: `--pipeline FILE`, else `pipelines/jornadas.toml` in the working
/// directory, else the built-in default.
pub fn load(explicit: Option<&Path>) -> Result<Loaded, Error> {
    let (text, source) = match explicit {
        Some(p) => (
            std::fs::read_to_string(p)
                .map_err(|e| Error::Config(format!("cannot read pipeline {}: {e}", p.display())))?,
            p.display().to_string(),
        ),
        None if Path::new(DEFAULT_PATH).is_file() => (
            std::fs::read_to_string(DEFAULT_PATH)
                .map_err(|e| Error::Config(format!("cannot read {DEFAULT_PATH}: {e}")))?,
            DEFAULT_PATH.to_string(),
        ),
        None => (DEFAULT_TOML.to_string(), "(built-in)".to_string()),
    };
    let pipeline = Pipeline::parse(&text, &source)?;
    Ok(Loaded {
        pipeline,
        source,
        hash: crate::digest::sha256_hex(text.as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pipeline_is_valid() {
        let p = Pipeline::parse(DEFAULT_TOML, "default").unwrap();
        assert_eq!(p.name, "jornadas");
        assert_eq!(p.extract.locale, Locale::EsMx);
        assert_eq!(p.warehouse.compression, Compression::Snappy);
    }

    #[test]
    fn misspelled_keys_and_unknown_stages_fail() {
        let cases = [
            DEFAULT_TOML.replace("max_bytes", "max_byte"),
            DEFAULT_TOML.replace("unit_max_words", "unit_max_word"),
            DEFAULT_TOML.replace("compression", "compresion"),
            DEFAULT_TOML.replace("name = \"jornadas\"", "name = \"jornadas\"\nnmae = \"x\""),
            format!("{DEFAULT_TOML}\n[report]\nname = \"x\"\n"),
            DEFAULT_TOML.replace("# vocabulary = ", "vocabulay = "),
            DEFAULT_TOML.replace("\"es-MX\"", "\"es-AR\""),
            DEFAULT_TOML.replace("\"snappy\"", "\"lz4\""),
            DEFAULT_TOML.replace("title = \"Jornadas", "titel = \"Jornadas"),
            DEFAULT_TOML.replace("name = \"tendencia\"", "name = \"tendencias\""),
            DEFAULT_TOML.replace("name = \"consistencia\"", "name = \"tendencia\""),
        ];
        for (k, text) in cases.iter().enumerate() {
            let err = Pipeline::parse(text, "t").expect_err(&format!("case {k} must fail"));
            assert!(matches!(err, Error::Config(_)), "case {k}: {err}");
        }
    }

    #[test]
    fn semantic_problems_are_all_reported() {
        let text = DEFAULT_TOML
            .replace("max_bytes = 8_000_000", "max_bytes = 0")
            .replace("unit_max_words = 7", "unit_max_words = 0");
        let err = Pipeline::parse(&text, "t").unwrap_err().to_string();
        assert!(
            err.contains("max_bytes") && err.contains("unit_max_words"),
            "{err}"
        );
    }
}
