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

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Config(_) => 2,
            Error::Locked(_) => 75,
            Error::Io { .. } | Error::Failed(_) => 1,
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
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
