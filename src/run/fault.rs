//! A fault hook for the tests: with `CIFRAS_FAULT=<point>` in the environment, a run fails
//! at that point as if a write had failed there, so that the test suite can show that a
//! failure at any stage exits 1 and leaves the last commit as it was; at a step of the
//! commit itself the process kills itself instead (SIGKILL, as a crash or `kill -9` would),
//! so that the tests can read the warehouse a crash at that step leaves. Unset, it costs
//! one environment lookup per run.

use crate::error::Error;
use std::sync::OnceLock;

/// Every point before the commit a run can be made to fail at, in the order a run passes
/// them.
pub const POINTS: &[&str] = &[
    "list",
    "process",
    "write",
    "quarantine",
    "state",
    "jornadas",
];

/// The steps of a commit, in order, where a run can be made to die: after the last
/// commit's unchanged tables are linked into the new snapshot; after the snapshot is
/// written and synced; after it is moved under `.commits/`; after the new `.current` link
/// is made (before the switch); after the switch; after the top-level links; after the
/// manifest is copied to `_runs/`.
pub const COMMIT_POINTS: &[&str] = &[
    "link", "snapshot", "moved", "switch", "switched", "linked", "manifest",
];

fn asked() -> Option<&'static str> {
    static FAULT: OnceLock<Option<String>> = OnceLock::new();
    FAULT
        .get_or_init(|| std::env::var("CIFRAS_FAULT").ok())
        .as_deref()
}

/// Fails if the environment asks for a fault at `point`.
pub fn check(point: &str) -> Result<(), Error> {
    match asked() {
        Some(p) if p == point => Err(Error::Failed(format!(
            "injected fault at {point} (CIFRAS_FAULT is set)"
        ))),
        _ => Ok(()),
    }
}

/// Dies (SIGKILL) if the environment asks for a crash at commit step `point`.
pub fn commit_step(point: &str) -> Result<(), Error> {
    if asked() == Some(point) {
        #[cfg(unix)]
        // SAFETY: sending a signal to this process
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
    Ok(())
}
