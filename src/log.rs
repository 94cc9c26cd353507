//! Logging to standard error (text or JSON lines), for the commands and the batch run:
//! data always goes to standard output.

use crate::error::Error;
use clap::ValueEnum;
use std::io::Write;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Logging to standard error, in text or JSON lines (data always goes to standard output).
#[derive(Clone, Copy, Debug)]
pub struct Log {
    level: u8,
    format: LogFormat,
}

impl Log {
    /// The level and format from the flags, else from `CIFRAS_LOG` and `CIFRAS_LOG_FORMAT`
    /// (for schedulers that set the environment rather than the command line).
    pub fn new(quiet: bool, verbose: u8, format: Option<LogFormat>) -> Result<Self, Error> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let level = match (quiet, verbose, env("CIFRAS_LOG")) {
            (true, _, _) => 0,
            (false, v, _) if v > 0 => 1 + v,
            (false, _, None) => 1,
            (false, _, Some(v)) => match v.to_ascii_lowercase().as_str() {
                "error" | "quiet" => 0,
                "warn" => 1,
                "info" => 2,
                "debug" => 3,
                _ => {
                    return Err(Error::Usage(format!(
                        "CIFRAS_LOG={v}: expected error, warn, info or debug"
                    )));
                }
            },
        };
        let format = match (format, env("CIFRAS_LOG_FORMAT")) {
            (Some(f), _) => f,
            (None, None) => LogFormat::Text,
            (None, Some(v)) => LogFormat::from_str(&v, true).map_err(|_| {
                Error::Usage(format!("CIFRAS_LOG_FORMAT={v}: expected text or json"))
            })?,
        };
        Ok(Log { level, format })
    }

    /// Whether progress bars may be drawn: text logs at the default level or more, on a
    /// terminal.
    pub fn progress(&self) -> bool {
        use std::io::IsTerminal;
        self.level >= 1 && self.format == LogFormat::Text && std::io::stderr().is_terminal()
    }

    /// Sends the log events of this process (cifras's, and any of its libraries') to
    /// standard error through `tracing`: text lines, or JSON objects one per line.
    pub fn install(&self) {
        use tracing::level_filters::LevelFilter;
        let max = match self.level {
            0 => LevelFilter::ERROR,
            1 => LevelFilter::WARN,
            2 => LevelFilter::INFO,
            _ => LevelFilter::DEBUG,
        };
        let builder = tracing_subscriber::fmt()
            .with_max_level(max)
            .with_writer(std::io::stderr)
            .with_ansi(false);
        let _ = match self.format {
            LogFormat::Text => builder.with_target(false).try_init(),
            LogFormat::Json => builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(false)
                .try_init(),
        };
    }

    pub fn error(&self, msg: &str) {
        tracing::error!("{msg}")
    }
    pub fn warn(&self, msg: &str) {
        tracing::warn!("{msg}")
    }
    /// The shape of a query result (SPEC §3: on standard error), unless `-q`: part of the
    /// output rather than a log event, so it is printed as it is.
    pub fn shape(&self, rows: usize, columns: usize) {
        if self.level == 0 {
            return;
        }
        let text = format!("{rows} rows × {columns} columns");
        let line = match self.format {
            LogFormat::Text => format!("{text}\n"),
            LogFormat::Json => format!(
                "{}\n",
                serde_json::json!({"shape": text, "rows": rows, "columns": columns})
            ),
        };
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
    pub fn info(&self, msg: &str) {
        tracing::info!("{msg}")
    }
    pub fn debug(&self, msg: &str) {
        tracing::debug!("{msg}")
    }
}
