//! The Parquet warehouse: table definitions ([`schema`]), writers ([`writer`]), and the
//! commit of a run — everything is written under a staging folder in the warehouse, then
//! moved into place by renames listed in an intent file, the run manifest last. A crash
//! leaves at most a staging folder: with its intent file the next run completes the
//! commit, without it the next run deletes it. One run at a time (an OS lock).

pub mod reader;
pub mod schema;
pub mod writer;

use crate::error::Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
pub use writer::{TableFiles, TableWriter, Value};

const INTENT: &str = "COMMIT-INTENT";

/// The warehouse folder, locked for the time of a run.
pub struct Warehouse {
    pub root: PathBuf,
    _lock: File,
}

impl Warehouse {
    /// Opens (creating it if needed) and locks the warehouse; a second run gets
    /// [`Error::Locked`]. Finishes or removes what an interrupted run left.
    pub fn open(root: &Path) -> Result<Warehouse, Error> {
        std::fs::create_dir_all(root)
            .map_err(|e| Error::io(format!("creating warehouse {}", root.display()), e))?;
        let lock_path = root.join(".lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
                return Err(Error::Locked(format!(
                    "another cifras run holds the warehouse lock {} ({}); try again when it ends",
                    lock_path.display(),
                    holder.trim()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io(format!("locking {}", lock_path.display()), e));
            }
        }
        let _ = std::fs::write(&lock_path, format!("pid {}", std::process::id()));
        let wh = Warehouse {
            root: root.to_path_buf(),
            _lock: lock,
        };
        wh.recover()?;
        Ok(wh)
    }

    fn staging_dirs(&self) -> Result<Vec<PathBuf>, Error> {
        let mut v = Vec::new();
        let entries = std::fs::read_dir(&self.root)
            .map_err(|e| Error::io(format!("listing {}", self.root.display()), e))?;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".staging-") || name.starts_with(".trash-") {
                v.push(e.path());
            }
        }
        v.sort();
        Ok(v)
    }

    /// Completes a commit whose intent was written, removes anything else left behind.
    fn recover(&self) -> Result<(), Error> {
        for dir in self.staging_dirs()? {
            let intent = dir.join(INTENT);
            if intent.is_file() {
                let text = std::fs::read_to_string(&intent)
                    .map_err(|e| Error::io(format!("reading {}", intent.display()), e))?;
                let plan: Intent = serde_json::from_str(&text).map_err(|e| {
                    Error::Failed(format!(
                        "unreadable commit intent {}: {e}",
                        intent.display()
                    ))
                })?;
                self.apply(&dir, &plan)?;
            }
            remove_dir(&dir)?;
        }
        Ok(())
    }

    /// A fresh staging folder for a run.
    pub fn stage(&self, run_id: &str) -> Result<Stage, Error> {
        let dir = self
            .root
            .join(format!(".staging-{run_id}-{}", std::process::id()));
        if dir.exists() {
            remove_dir(&dir)?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        Ok(Stage { dir, keep: false })
    }

    /// Moves the staged tables (and the `extra` folders, the state) into place, removes the
    /// live folders named in `remove`, and writes the manifest.
    pub fn commit(
        &self,
        mut stage: Stage,
        manifest: &Manifest,
        extra: &[String],
        remove: &[String],
    ) -> Result<PathBuf, Error> {
        let stem = format!(
            "{}-{}",
            manifest.finished_at.replace([':', '-'], ""),
            manifest.run_id
        );
        // two runs of the same inputs within a second keep both manifests
        let runs = self.root.join("_runs");
        let mut name = format!("{stem}.json");
        let mut n = 1;
        while runs.join(&name).exists() {
            name = format!("{stem}-{n}.json");
            n += 1;
        }
        let plan = Intent {
            tables: manifest.tables.keys().chain(extra).cloned().collect(),
            remove: remove.to_vec(),
            manifest_name: name.clone(),
            manifest: serde_json::to_string_pretty(manifest).expect("plain data"),
        };
        crate::fault::check("intent")?;
        let intent = stage.dir.join(INTENT);
        // from here on a failure leaves the staging folder for the next run to complete
        stage.keep = true;
        write_synced(
            &intent,
            serde_json::to_string(&plan).expect("plain data").as_bytes(),
        )?;
        sync_dir(&stage.dir)?;
        self.apply(&stage.dir, &plan)?;
        remove_dir(&stage.dir)?;
        Ok(self.root.join("_runs").join(name))
    }

    fn apply(&self, staging: &Path, plan: &Intent) -> Result<(), Error> {
        let trash = staging.join(".replaced");
        std::fs::create_dir_all(&trash)
            .map_err(|e| Error::io(format!("creating {}", trash.display()), e))?;
        for t in &plan.tables {
            let new = staging.join(t);
            if !new.exists() {
                continue; // moved already by an interrupted commit
            }
            let live = self.root.join(t);
            if live.exists() {
                rename(&live, &trash.join(t))?;
            }
            rename(&new, &live)?;
        }
        for t in &plan.remove {
            let live = self.root.join(t);
            if live.exists() {
                rename(&live, &trash.join(t))?;
            }
        }
        let runs = self.root.join("_runs");
        std::fs::create_dir_all(&runs)
            .map_err(|e| Error::io(format!("creating {}", runs.display()), e))?;
        let tmp = runs.join(format!(".{}.tmp", plan.manifest_name));
        write_synced(&tmp, plan.manifest.as_bytes())?;
        rename(&tmp, &runs.join(&plan.manifest_name))?;
        sync_dir(&self.root)?;
        sync_dir(&runs)?;
        Ok(())
    }

    /// The Parquet files of a table, sorted.
    pub fn table_files(&self, table: &str) -> Vec<PathBuf> {
        table_files(&self.root, table)
    }
}

/// For readers, who take no lock: if a run was killed in the middle of its commit and no
/// run holds the warehouse now, completes (or removes) what it left, so that the reader
/// sees one whole commit. Does nothing where it cannot (a read-only warehouse).
pub fn settle(root: &Path) {
    let debris = std::fs::read_dir(root).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".staging-"))
    });
    if debris {
        let _ = Warehouse::open(root);
    }
}

/// The Parquet files of a table under a warehouse root, sorted (readers need no lock).
pub fn table_files(root: &Path, table: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(table)];
    while let Some(d) = stack.pop() {
        if let Ok(entries) = std::fs::read_dir(&d) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "parquet") {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// A run's staging folder (inside the warehouse, so renames stay on one filesystem). A run
/// that ends in an error before its commit intent is written removes it.
pub struct Stage {
    pub dir: PathBuf,
    keep: bool,
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[derive(Serialize, serde::Deserialize)]
struct Intent {
    tables: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
    manifest_name: String,
    manifest: String,
}

/// What `_runs/<time>-<run_id>.json` records about a committed run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub run_id: String,
    pub command: String,
    pub started_at: String,
    pub finished_at: String,
    pub tool_version: String,
    pub pipeline: PipelineInfo,
    pub inputs: InputCounts,
    /// The inputs that are new, changed or removed since the last run (every input on a
    /// first or full run), by path.
    pub changes: Vec<Change>,
    pub timings: Timings,
    pub tables: BTreeMap<String, TableFiles>,
}

/// One input that differs from the last run.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub path: String,
    /// `new`, `changed` or `removed`.
    pub change: &'static str,
}

/// Where the run's time went, in seconds (the commit itself is the rest, up to `finished_at`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Listing the inputs and reading the last run's state.
    pub listing_s: f64,
    /// Reading, extracting and writing the buckets that changed.
    pub processing_s: f64,
    /// Quarantine, jornadas and state.
    pub writing_s: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PipelineInfo {
    pub name: String,
    pub source: String,
    pub hash: String,
    pub vocabulary_hash: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct InputCounts {
    pub folder: String,
    /// Inputs listed.
    pub read: u64,
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub documents: u64,
    pub quarantined: u64,
    pub bytes: u64,
    /// Buckets the inputs spread over, and how many this run rebuilt.
    pub buckets: u32,
    pub buckets_rebuilt: u32,
    /// Unchanged documents of rebuilt buckets whose rows were carried over from the last
    /// commit instead of being read and extracted again.
    pub documents_kept: u64,
}

fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to)
        .map_err(|e| Error::io(format!("moving {} to {}", from.display(), to.display()), e))
}

fn remove_dir(dir: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("removing {}", dir.display()), e)),
    }
}

/// Writes a file and fsyncs it.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let f = write_unsynced(path, bytes)?;
    f.sync_all()
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

/// Writes a file and hands it back, to be fsynced with others ([`writer::sync_all`]).
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<File, Error> {
    use std::io::Write;
    let mut f =
        File::create(path).map_err(|e| Error::io(format!("creating {}", path.display()), e))?;
    f.write_all(bytes)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(f)
}

fn sync_dir(dir: &Path) -> Result<(), Error> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(format!("syncing {}", dir.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(run_id: &str, table: &str) -> Manifest {
        let mut tables = BTreeMap::new();
        tables.insert(table.to_string(), TableFiles::default());
        Manifest {
            run_id: run_id.into(),
            command: "test".into(),
            started_at: "2026-01-01T00:00:00Z".into(),
            finished_at: "2026-01-01T00:00:01Z".into(),
            tool_version: "0".into(),
            pipeline: PipelineInfo {
                name: "t".into(),
                source: "t".into(),
                hash: "h".into(),
                vocabulary_hash: "v".into(),
            },
            inputs: InputCounts::default(),
            changes: Vec::new(),
            timings: Timings::default(),
            tables,
        }
    }

    #[test]
    fn a_commit_cut_after_its_intent_is_completed_by_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("wh");
        {
            let wh = Warehouse::open(&root).unwrap();
            // a committed table
            let stage = wh.stage("one").unwrap();
            std::fs::create_dir_all(stage.dir.join("documents")).unwrap();
            std::fs::write(stage.dir.join("documents/part-0.parquet"), b"old").unwrap();
            wh.commit(stage, &manifest("one", "documents"), &[], &[])
                .unwrap();
            // a second commit that stops right after writing its intent (as a crash would)
            let mut stage = wh.stage("two").unwrap();
            std::fs::create_dir_all(stage.dir.join("documents")).unwrap();
            std::fs::write(stage.dir.join("documents/part-0.parquet"), b"new").unwrap();
            let m = manifest("two", "documents");
            let plan = Intent {
                tables: vec!["documents".into()],
                remove: Vec::new(),
                manifest_name: "two.json".into(),
                manifest: serde_json::to_string(&m).unwrap(),
            };
            write_synced(
                &stage.dir.join(INTENT),
                serde_json::to_string(&plan).unwrap().as_bytes(),
            )
            .unwrap();
            stage.keep = true;
            assert_eq!(
                std::fs::read(root.join("documents/part-0.parquet")).unwrap(),
                b"old"
            );
        }
        let wh = Warehouse::open(&root).unwrap();
        assert_eq!(
            std::fs::read(root.join("documents/part-0.parquet")).unwrap(),
            b"new"
        );
        assert!(root.join("_runs/two.json").is_file());
        assert!(wh.staging_dirs().unwrap().is_empty(), "nothing left behind");
    }

    #[test]
    fn staging_without_an_intent_is_removed_and_the_live_tables_stay() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("wh");
        {
            let wh = Warehouse::open(&root).unwrap();
            let stage = wh.stage("one").unwrap();
            std::fs::create_dir_all(stage.dir.join("mentions")).unwrap();
            std::fs::write(stage.dir.join("mentions/part-0.parquet"), b"live").unwrap();
            wh.commit(stage, &manifest("one", "mentions"), &[], &[])
                .unwrap();
            let mut stage = wh.stage("two").unwrap();
            std::fs::create_dir_all(stage.dir.join("mentions")).unwrap();
            std::fs::write(stage.dir.join("mentions/part-0.parquet"), b"half").unwrap();
            stage.keep = true; // as if the process died while writing
        }
        let wh = Warehouse::open(&root).unwrap();
        assert_eq!(
            std::fs::read(root.join("mentions/part-0.parquet")).unwrap(),
            b"live"
        );
        assert!(wh.staging_dirs().unwrap().is_empty());
    }
}
