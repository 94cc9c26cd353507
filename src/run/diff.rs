//! An incremental run against the last one: which inputs are new, changed or gone, which
//! buckets can be kept as they are, and which inputs repeat an earlier one's bytes.

use super::rows::Processed;
use super::state::{BucketState, InputState, Outcome};
use crate::error::Error;
use crate::ingest::{self, Ingested, Input};
use crate::warehouse::Change;
use rustc_hash::FxHashMap;

/// The 32 bytes of a hex SHA-256 (a compact key for the duplicate check).
pub(super) fn digest_bytes(hex: &str) -> [u8; 32] {
    // a re-run decodes one per document: a table, not `char::to_digit`
    const VALUE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = match c as u8 {
                b @ b'0'..=b'9' => b - b'0',
                b @ b'a'..=b'f' => b - b'a' + 10,
                b @ b'A'..=b'F' => b - b'A' + 10,
                _ => 0,
            };
            c += 1;
        }
        t
    };
    let mut out = [0u8; 32];
    for (k, pair) in hex.as_bytes().chunks(2).take(32).enumerate() {
        let v = |c: u8| VALUE[c as usize];
        out[k] = (v(pair[0]) << 4) | pair.get(1).map_or(0, |&c| v(c));
    }
    out
}

/// The path of the earlier input (in bucket, then path order) with the same bytes as a
/// processed document, if any; otherwise it becomes the first with them.
pub(super) fn first_of(
    pr: &Processed,
    b: u32,
    seen: &mut FxHashMap<[u8; 32], (u32, u32)>,
    spread: &[Vec<&Input>],
) -> Option<String> {
    let Ingested::Document(d) = &pr.out.ingested else {
        return None;
    };
    let key = digest_bytes(&d.doc_id);
    match seen.get(&key) {
        Some(&(fb, fk)) => Some(spread[fb as usize][fk as usize].name()),
        None => {
            seen.insert(key, (b, pr.index as u32));
            None
        }
    }
}

/// A bucket's documents: content hash → place in the bucket.
pub(super) type DocPlaces = FxHashMap<[u8; 32], u32>;

/// How an input compares with what the last run recorded for its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    New,
    Changed,
    /// `refreshed`: the time changed (or was too recent to trust) but the bytes did not.
    Unchanged {
        refreshed: bool,
    },
}

/// One bucket's inputs against the last run's: a status per input, the paths gone.
#[derive(Debug, Default)]
pub(super) struct BucketDiff {
    pub(super) status: Vec<Status>,
    /// Per input, its place in the last run's record of the bucket, if it is there.
    pub(super) was: Vec<Option<usize>>,
    pub(super) removed: Vec<String>,
}

impl BucketDiff {
    /// An input of the bucket is new, changed or gone.
    pub(super) fn changed(&self) -> bool {
        !self.removed.is_empty()
            || self
                .status
                .iter()
                .any(|s| !matches!(s, Status::Unchanged { .. }))
    }
}

/// Compares a bucket's inputs with the last run's record of it, both in listing order (a
/// merge, no lookups). An input whose size and time are those recorded, from before the
/// last listing, is unchanged without being read; any other recorded one is hashed again.
pub(super) fn compare(
    inputs: &[&Input],
    old: Option<&BucketState>,
    listed_before: i64,
) -> BucketDiff {
    let old: &[InputState] = old.map_or(&[], |b| &b.inputs);
    let mut d = BucketDiff {
        status: Vec::with_capacity(inputs.len()),
        was: Vec::with_capacity(inputs.len()),
        removed: Vec::new(),
    };
    let (mut i, mut j) = (0, 0);
    while i < inputs.len() || j < old.len() {
        let order = match (inputs.get(i), old.get(j)) {
            (Some(inp), Some(st)) => ingest::path_order(std::path::Path::new(&st.path), &inp.path),
            (Some(_), None) => std::cmp::Ordering::Greater,
            (None, _) => std::cmp::Ordering::Less,
        };
        match order {
            std::cmp::Ordering::Less => {
                d.removed.push(old[j].path.clone());
                j += 1;
            }
            std::cmp::Ordering::Greater => {
                d.status.push(Status::New);
                d.was.push(None);
                i += 1;
            }
            std::cmp::Ordering::Equal => {
                let (inp, st) = (inputs[i], &old[j]);
                let trusted = inp.mtime_ns == st.mtime_ns
                    && inp.mtime_ns != 0
                    && inp.mtime_ns < listed_before;
                let status = if inp.bytes != st.bytes {
                    Status::Changed
                } else if trusted {
                    Status::Unchanged { refreshed: false }
                } else if inp.special.is_none()
                    && st.outcome.doc_id().is_some_and(|id| {
                        ingest::content_hash(&inp.path, inp.bytes).is_ok_and(|h| h == id)
                    })
                {
                    Status::Unchanged { refreshed: true }
                } else {
                    Status::Changed
                };
                d.status.push(status);
                d.was.push(Some(j));
                i += 1;
                j += 1;
            }
        }
    }
    d
}

/// The last run's bucket, if it can be kept as it is: every input unchanged, none removed,
/// the same decisions about duplicates given the inputs of earlier buckets (`seen`: content
/// hash → bucket and place of the first input with it), and its files still in place.
/// Returns it with the times refreshed, whether its record changed at all, and its
/// documents (content hash → place); or gives it back.
pub(super) fn reusable(
    b: u32,
    spread: &[Vec<&Input>],
    diff: &BucketDiff,
    mut old: BucketState,
    seen: &FxHashMap<[u8; 32], (u32, u32)>,
    root: &std::path::Path,
) -> Result<(BucketState, bool, DocPlaces), Box<BucketState>> {
    let inputs = &spread[b as usize];
    if diff.changed() || old.inputs.len() != inputs.len() {
        return Err(Box::new(old));
    }
    let mut untouched = true;
    let mut local: DocPlaces =
        FxHashMap::with_capacity_and_hasher(inputs.len(), Default::default());
    for (k, (st, status)) in old.inputs.iter_mut().zip(&diff.status).enumerate() {
        if *status == (Status::Unchanged { refreshed: true }) {
            st.mtime_ns = inputs[k].mtime_ns;
            untouched = false;
        }
        let Some(id) = st.outcome.doc_id() else {
            continue;
        };
        let key = digest_bytes(id);
        let first = seen
            .get(&key)
            .map(|&(fb, fk)| spread[fb as usize][fk as usize])
            .or_else(|| local.get(&key).map(|&fk| inputs[fk as usize]));
        match (&st.outcome, first) {
            (Outcome::Document { .. }, None) => {
                local.insert(key, k as u32);
            }
            (Outcome::Duplicate { of, .. }, Some(f)) if f.path.to_string_lossy() == of.as_str() => {
            }
            _ => return Err(Box::new(old)),
        }
    }
    let files_there = old
        .tables
        .values()
        .flat_map(|t| &t.files)
        .all(|f| root.join(f).is_file());
    match files_there {
        true => Ok((old, untouched, local)),
        false => Err(Box::new(old)),
    }
}

/// Links kept buckets' files from the live warehouse into the staging folder.
pub(super) fn link_files(
    files: &[String],
    live: &std::path::Path,
    stage: &std::path::Path,
) -> Result<(), Error> {
    let mut made = std::collections::HashSet::new();
    for f in files {
        let to = stage.join(f);
        if let Some(dir) = to.parent()
            && !made.contains(dir)
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
            made.insert(dir.to_path_buf());
        }
        crate::warehouse::link_or_copy(&live.join(f), &to)?;
    }
    Ok(())
}

/// The inputs that differ from the last run's.
#[derive(Default)]
pub(super) struct Changes {
    pub(super) new: u64,
    pub(super) changed: u64,
    pub(super) unchanged: u64,
    pub(super) removed: u64,
    pub(super) list: Vec<Change>,
}

/// The changes of the whole run, from the buckets' diffs.
pub(super) fn changes(spread: &[Vec<&Input>], diffs: &[BucketDiff]) -> Changes {
    let mut c = Changes::default();
    for (inputs, d) in spread.iter().zip(diffs) {
        for (inp, status) in inputs.iter().zip(&d.status) {
            let change = match status {
                Status::Unchanged { .. } => {
                    c.unchanged += 1;
                    continue;
                }
                Status::New => {
                    c.new += 1;
                    "new"
                }
                Status::Changed => {
                    c.changed += 1;
                    "changed"
                }
            };
            c.list.push(Change {
                path: inp.name(),
                change,
            });
        }
        c.removed += d.removed.len() as u64;
        c.list.extend(d.removed.iter().map(|p| Change {
            path: p.clone(),
            change: "removed",
        }));
    }
    c.list.sort_by(|a, b| a.path.cmp(&b.path));
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::hex;
    use sha2::{Digest, Sha256};

    #[test]
    fn a_hex_digest_decodes_to_its_bytes() {
        let bytes: [u8; 32] = Sha256::digest(b"boletin").into();
        assert_eq!(digest_bytes(&hex(&bytes)), bytes);
        assert_eq!(digest_bytes(&hex(&bytes).to_uppercase()), bytes);
        assert_eq!(digest_bytes("0aF"), {
            let mut b = [0u8; 32];
            b[0] = 0x0a;
            b[1] = 0xf0;
            b
        });
    }
}
