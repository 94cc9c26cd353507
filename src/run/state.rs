//! Incremental runs. Inputs are spread over buckets by a hash of their path, and every
//! file a bucket writes (`part-0007.parquet` in each table and year) is a function of that
//! bucket's inputs alone. So a run rebuilds only the buckets whose inputs changed and links
//! the other buckets' files from the last commit, and `--full-refresh`, which rebuilds all,
//! gives the same bytes. What the last `cifras run` saw of each input (path, size,
//! modification time, content hash, outcome) is kept in `_state/`, committed with the
//! tables: `run.json`, and one `bucket-NNNN.bin` per bucket (bincode: a re-run reads the
//! record of every input, and JSON took three times as long as listing the folder).

use crate::error::Error;
use crate::facts::Jornadas;
use crate::ingest::Input;
use crate::warehouse::writer::sync_all;
use crate::warehouse::{TableFiles, write_unsynced};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The folder of the state, beside the tables.
pub const STATE_DIR: &str = "_state";
const RUN_FILE: &str = "run.json";
/// Bumped whenever the state or the bucket layout changes meaning: an old state is ignored.
const FORMAT: u32 = 4; // 4: jornadas keep SHA-256 document ids as bytes
/// At most this many buckets, whatever the corpus.
const MAX_BUCKETS: u32 = 4096;

/// What the whole last run was made with; a state made otherwise is not reused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    pub format: u32,
    pub tool_version: String,
    /// Hash of the pipeline, the vocabulary and the command.
    pub fingerprint: String,
    pub buckets: u32,
    /// When the last run listed its inputs: a file modified at or after this moment may
    /// have changed without its size or time showing it, so its hash is checked again.
    pub listed_at_ns: i64,
}

impl RunState {
    pub fn new(fingerprint: &str, buckets: u32, listed_at_ns: i64) -> RunState {
        RunState {
            format: FORMAT,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: fingerprint.to_string(),
            buckets,
            listed_at_ns,
        }
    }
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// A document in the tables.
    Document { doc_id: String, year: Option<i64> },
    /// The same bytes as an earlier input (in bucket, then path order): quarantined.
    Duplicate {
        doc_id: String,
        of: String,
        encoding: String,
    },
    /// Could not be read as a bulletin: quarantined.
    Quarantined {
        reason: String,
        detected_encoding: Option<String>,
    },
}

impl Outcome {
    pub fn doc_id(&self) -> Option<&str> {
        match self {
            Outcome::Document { doc_id, .. } | Outcome::Duplicate { doc_id, .. } => Some(doc_id),
            Outcome::Quarantined { .. } => None,
        }
    }
}

/// One input as the last run saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputState {
    pub path: String,
    pub bytes: u64,
    pub mtime_ns: i64,
    pub outcome: Outcome,
}

/// The counts of a bucket, for the summary and the manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: u64,
    pub figures: u64,
    pub dates: u64,
    pub facts: u64,
    /// Mismatches among the documents' own checks.
    pub mismatches: u64,
    pub bytes: u64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.figures += o.figures;
        self.dates += o.dates;
        self.facts += o.facts;
        self.mismatches += o.mismatches;
        self.bytes += o.bytes;
    }
}

/// One bucket: its inputs in path order, the files it wrote per table, its counts, and the
/// jornadas its documents state (merged with the other buckets' at the end of a run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BucketState {
    pub bucket: u32,
    pub inputs: Vec<InputState>,
    pub tables: BTreeMap<String, TableFiles>,
    pub counts: Counts,
    pub jornadas: Jornadas,
}

/// The name of a bucket in file names.
pub fn bucket_name(b: u32) -> String {
    format!("{b:04}")
}

/// How many buckets a corpus of `bytes` gets: the smallest power of two that keeps them at
/// `bucket_bytes` or less on average. A function of the inputs only, so that an incremental
/// run and a full refresh agree; when it changes (the corpus doubled), everything is rebuilt.
pub fn bucket_count(bytes: u64, bucket_bytes: u64) -> u32 {
    let want = bytes.div_ceil(bucket_bytes.max(1)).max(1);
    (want.next_power_of_two().min(u64::from(MAX_BUCKETS))) as u32
}

/// The bucket of an input, from its path as the tables name it (FNV-1a, then a 64-bit
/// finaliser so that the low bits are well mixed; fixed here, not `std`'s hasher, whose
/// output may change between Rust releases).
pub fn bucket_of(path: &str, buckets: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h % u64::from(buckets.max(1))) as u32
}

/// The inputs of each bucket, in path order.
pub fn spread(inputs: &[Input], buckets: u32) -> Vec<Vec<&Input>> {
    let mut out: Vec<Vec<&Input>> = vec![Vec::new(); buckets as usize];
    for i in inputs {
        out[bucket_of(&i.path.to_string_lossy(), buckets) as usize].push(i);
    }
    out
}

/// The state of the last run, if it exists, is readable, and was made by this tool with
/// the same pipeline. Anything else means no reuse (and is said why).
pub fn load(
    root: &Path,
    fingerprint: &str,
) -> Result<Option<(RunState, Vec<BucketState>)>, String> {
    let dir = root.join(STATE_DIR);
    let run_path = dir.join(RUN_FILE);
    let text = match std::fs::read_to_string(&run_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", run_path.display())),
    };
    let run: RunState = serde_json::from_str(&text)
        .map_err(|e| format!("unreadable {}: {e}", run_path.display()))?;
    if run.format != FORMAT || run.tool_version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "the last run was made by cifras {} (state format {}): rebuilding",
            run.tool_version, run.format
        ));
    }
    if run.fingerprint != fingerprint {
        return Err("the pipeline or its vocabulary changed since the last run: rebuilding".into());
    }
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("bucket-") && n.ends_with(".bin"))
        })
        .collect();
    files.sort();
    use rayon::prelude::*;
    let buckets = files
        .par_iter()
        .map(|p| {
            let bytes =
                std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            decode(&bytes).map_err(|e| format!("unreadable {}: {e}", p.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some((run, buckets)))
}

/// The file of a bucket's state, relative to the state folder.
pub fn bucket_file(b: u32) -> String {
    format!("bucket-{}.bin", bucket_name(b))
}

/// A bucket's record as its state file holds it.
pub fn encode(b: &BucketState) -> Vec<u8> {
    bincode::serde::encode_to_vec(b, bincode::config::standard()).expect("plain data")
}

fn decode(bytes: &[u8]) -> Result<BucketState, String> {
    match bincode::serde::decode_from_slice(bytes, bincode::config::standard()) {
        Ok((b, read)) if read == bytes.len() => Ok(b),
        Ok(_) => Err("bytes after the record".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Creates the state folder in a staging folder, before any bucket is written into it.
pub fn create_dir(stage: &Path) -> Result<(), Error> {
    let dir = stage.join(STATE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))
}

/// Writes a bucket's state file into the staging folder ([`create_dir`] first) as soon as
/// the bucket is written, so that the run need not keep every input's record until the
/// commit; the file comes back to be fsynced with the bucket's others.
pub fn write_bucket(stage: &Path, b: &BucketState) -> Result<(PathBuf, File), Error> {
    let to = stage.join(STATE_DIR).join(bucket_file(b.bucket));
    let f = write_unsynced(&to, &encode(b))?;
    Ok((to, f))
}

/// Completes the state in a staging folder (made by [`create_dir`] before the buckets):
/// `run.json`, and the file of each bucket `(bucket, false)` — left as it was — hard-linked
/// (or copied) from the live state; a bucket `(bucket, true)` was written by
/// [`write_bucket`] and fsynced with its tables.
pub fn save(
    stage: &Path,
    live: &Path,
    run: &RunState,
    buckets: &[(u32, bool)],
) -> Result<(), Error> {
    let dir = stage.join(STATE_DIR);
    for (b, written) in buckets {
        if !written {
            let name = bucket_file(*b);
            crate::warehouse::link_or_copy(&live.join(STATE_DIR).join(&name), &dir.join(&name))?;
        }
    }
    let to = dir.join(RUN_FILE);
    let run = serde_json::to_vec_pretty(run).expect("plain data");
    sync_all(vec![(to.clone(), write_unsynced(&to, &run)?)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_counts_are_powers_of_two_from_the_corpus_size() {
        let mb = 1024 * 1024;
        for (bytes, want) in [
            (0, 1),
            (1, 1),
            (4 * mb, 1),
            (4 * mb + 1, 2),
            (9 * mb, 4),
            (250 * mb, 64),
            (u64::MAX / 2, MAX_BUCKETS),
        ] {
            assert_eq!(bucket_count(bytes, 4 * mb), want, "{bytes} bytes");
        }
    }

    #[test]
    fn buckets_are_stable_and_spread() {
        // pinned (values from an independent Python FNV-1a): a change of the hash would
        // silently rename every file and make the next run rebuild everything
        assert_eq!(bucket_of("data/raw/2023-07-24-jornada.txt", 64), 33);
        assert_eq!(bucket_of("in/000001.txt", 1024), 170);
        let mut hits = [0u32; 16];
        for i in 0..16_000 {
            hits[bucket_of(&format!("in/{i:07}.txt"), 16) as usize] += 1;
        }
        for h in hits {
            assert!((800..1200).contains(&h), "uneven buckets: {hits:?}");
        }
    }

    #[test]
    fn a_state_round_trips_and_a_damaged_one_is_refused() {
        let b = BucketState {
            bucket: 3,
            inputs: vec![
                InputState {
                    path: "a.txt".into(),
                    bytes: 10,
                    mtime_ns: 5,
                    outcome: Outcome::Document {
                        doc_id: "ab".into(),
                        year: Some(2023),
                    },
                },
                InputState {
                    path: "b.txt".into(),
                    bytes: 10,
                    mtime_ns: 6,
                    outcome: Outcome::Duplicate {
                        doc_id: "ab".into(),
                        of: "a.txt".into(),
                        encoding: "UTF-8".into(),
                    },
                },
            ],
            tables: BTreeMap::new(),
            counts: Counts::default(),
            jornadas: Jornadas::default(),
        };
        let bytes = encode(&b);
        assert_eq!(decode(&bytes).unwrap(), b);
        assert!(decode(&bytes[..bytes.len() - 3]).is_err(), "truncated");
        assert!(
            decode(&[bytes.as_slice(), b"x"].concat()).is_err(),
            "trailing bytes"
        );
    }
}
