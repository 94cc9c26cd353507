//! The one error type of cifras, and the exit code each error maps to (SPEC §3).

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Bad arguments: exit 2.
    Usage(String),
    /// A pipeline or configuration that does not check: exit 2.
    Config(String),
    /// Another run holds the warehouse lock: exit 75.
    Locked(String),
    /// The run failed; nothing new was committed: exit 1.
    Failed(String),
    /// A library failed under an operation (arrow, parquet, polars, a thread): exit 1.
    /// Shown as `context: source`, the library's error kept as the source.
    Library {
        context: String,
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// Reading input or writing output failed: exit 1.
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// A library's error `source` under `context` ("reading mentions/part-0.parquet").
    pub fn library(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Error::Library {
            context: context.into(),
            source: source.into(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Config(_) => 2,
            Error::Locked(_) => 75,
            Error::Io { .. } | Error::Library { .. } | Error::Failed(_) => 1,
        }
    }

    /// True for the error a closed pipe gives (`cifras normalize | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Config(m) | Error::Locked(m) | Error::Failed(m) => {
                write!(f, "{m}")
            }
            Error::Io { context, source } => write!(f, "{context}: {source}"),
            Error::Library { context, source } => write!(f, "{context}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Library { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_library_error_reads_as_before_and_keeps_its_source() {
        let inner = arrow::error::ArrowError::InvalidArgumentError("bad column".into());
        let shown = format!("reading mentions/part-0.parquet: {inner}");
        let e = Error::library("reading mentions/part-0.parquet", inner);
        assert_eq!(e.to_string(), shown);
        assert_eq!(e.exit_code(), 1);
        let source = e.source().expect("a source");
        assert!(source.downcast_ref::<arrow::error::ArrowError>().is_some());
    }
}
