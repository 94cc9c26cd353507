//! A fault hook for the tests: with `CIFRAS_FAULT=<point>` in the environment, a run fails
//! at that point as if a write had failed there, so that the test suite can show that a
//! failure at any stage exits 1 and leaves the last commit as it was. Unset, it costs one
//! environment lookup per run.

use crate::error::Error;
use std::sync::OnceLock;

/// Every point a run can be made to fail at, in the order a run passes them.
pub const POINTS: &[&str] = &[
    "list",
    "process",
    "write",
    "quarantine",
    "state",
    "jornadas",
    "intent",
];

/// Fails if the environment asks for a fault at `point`.
pub fn check(point: &str) -> Result<(), Error> {
    static FAULT: OnceLock<Option<String>> = OnceLock::new();
    let asked = FAULT.get_or_init(|| std::env::var("CIFRAS_FAULT").ok());
    match asked.as_deref() {
        Some(p) if p == point => Err(Error::Failed(format!(
            "injected fault at {point} (CIFRAS_FAULT is set)"
        ))),
        _ => Ok(()),
    }
}
