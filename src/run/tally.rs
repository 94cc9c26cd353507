//! What a run keeps of a bucket once the bucket is written: its files, counts, quarantined
//! inputs and jornadas, and its inputs' part of the run id. The bucket's record of every
//! input is by then in its state file, so memory grows with the buckets, not the inputs.

use super::Summary;
use super::state::{BucketState, Counts, Outcome};
use crate::digest::hex;
use crate::facts::Jornadas;
use crate::ingest::Quarantined;
use crate::warehouse::TableFiles;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub(super) struct Tally {
    /// Over the fingerprint, then each input in bucket and path order: its path, and its
    /// document id or its quarantine reason.
    run_hash: Sha256,
    counts: Counts,
    pub tables: BTreeMap<String, TableFiles>,
    quarantined: Vec<Quarantined>,
    pub jornadas: Jornadas,
    /// Each bucket, in order, and whether this run wrote its state file (else the last
    /// commit's file stands).
    pub states: Vec<(u32, bool)>,
}

impl Tally {
    pub fn new(fingerprint: &str) -> Tally {
        let mut run_hash = Sha256::new();
        run_hash.update(fingerprint.as_bytes());
        Tally {
            run_hash,
            counts: Counts::default(),
            tables: BTreeMap::new(),
            quarantined: Vec::new(),
            jornadas: Jornadas::default(),
            states: Vec::new(),
        }
    }

    /// Adds the next bucket in order, and drops its records of inputs.
    pub fn add(&mut self, b: BucketState, state_written: bool) {
        self.counts.add(&b.counts);
        super::add_tables(&mut self.tables, &b.tables);
        self.states.push((b.bucket, state_written));
        self.jornadas.merge(b.jornadas);
        for i in b.inputs {
            self.run_hash.update(i.path.as_bytes());
            match i.outcome {
                Outcome::Document { doc_id, .. } => self.run_hash.update(doc_id.as_bytes()),
                Outcome::Duplicate { of, encoding, .. } => {
                    let reason = crate::stages::duplicate_reason(&of);
                    self.run_hash.update(reason.as_bytes());
                    self.quarantined.push(Quarantined {
                        source_path: i.path,
                        reason,
                        bytes: i.bytes,
                        detected_encoding: Some(encoding),
                    });
                }
                Outcome::Quarantined {
                    reason,
                    detected_encoding,
                } => {
                    self.run_hash.update(reason.as_bytes());
                    self.quarantined.push(Quarantined {
                        source_path: i.path,
                        reason,
                        bytes: i.bytes,
                        detected_encoding,
                    });
                }
            }
        }
    }

    /// The run's counts, quarantine and id into `summary`.
    pub fn fill_summary(&mut self, summary: &mut Summary) {
        summary.run_id = hex(&self.run_hash.clone().finalize())[..16].to_string();
        summary.quarantined = std::mem::take(&mut self.quarantined);
        summary.count(&self.counts);
    }
}
