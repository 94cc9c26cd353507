//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `../shared` (or `$CIFRAS_SHARED`) when it exists: the seeds and conformance data live
/// there, outside the project. Tests that need it skip, saying so, when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("CIFRAS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    dir.is_dir().then_some(dir)
}
