//! Ingest (decode, clean, metadata) on arbitrary bytes: no panic; a document's body is
//! non-empty text and its metadata comes from it.
#![no_main]
use cifras::ingest::{Ingested, ingest_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cfg = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "built-in")
        .expect("the built-in pipeline")
        .ingest;
    match ingest_bytes(data.to_vec(), "fuzz.txt".into(), &cfg) {
        Ingested::Document(d) => {
            assert!(!d.body.trim().is_empty());
            if let Some(t) = &d.title {
                assert!(!t.is_empty());
            }
        }
        Ingested::Quarantined(q) => assert!(!q.reason.is_empty()),
    }
});
