//! The Parquet warehouse: table definitions ([`schema`]), each table's row ([`rows`]),
//! writers ([`writer`]), reading back ([`reader`] with arrow-rs, `scan` with polars), and
//! the commit of a run.
//!
//! Layout: each commit is an immutable snapshot folder `.commits/<name>/` holding every
//! table (files kept from the last commit are hard links, not copies), the run's state and
//! its manifest. `.current` is a symbolic link to the current snapshot, and each table
//! folder at the top (`documents`, `mentions`, …, and `_state`) is a link through it
//! (`mentions -> .current/mentions`). A run writes its snapshot under a staging folder,
//! renames it into `.commits/`, then switches `.current` with one atomic rename: that
//! rename is the commit. A reader that opens `wh/mentions/…` at any instant resolves
//! either the old or the new snapshot, every table from the same one; the previous
//! snapshot is kept until the next commit, so a reader in flight finishes. A crash leaves
//! at most a staging folder or an unused snapshot, which the next run removes. One run at
//! a time (an OS lock).

pub mod reader;
pub mod rows;
#[cfg(feature = "polars")]
pub mod scan;
pub mod schema;
pub mod writer;

use crate::error::Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
pub use writer::{BatchBuilder, TableFiles, TableWriter, Value};

/// The snapshots, one folder per commit.
const COMMITS: &str = ".commits";
/// The link to the current snapshot: switching it is the commit.
const CURRENT: &str = ".current";
/// Each snapshot's copy of its run manifest.
const MANIFEST: &str = "manifest.json";
/// Each snapshot's DuckDB views over its own files (also linked at the top).
pub const VIEWS: &str = "views.sql";

/// The warehouse folder, locked for the time of a run.
pub struct Warehouse {
    pub root: PathBuf,
    _lock: File,
}

impl Warehouse {
    /// Opens (creating it if needed) and locks the warehouse; a second run gets
    /// [`Error::Locked`]. Removes what an interrupted run left.
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
            if name.starts_with(".staging-")
                || name.starts_with(".trash-")
                || name.starts_with(".current.")
            {
                v.push(e.path());
            }
        }
        v.sort();
        Ok(v)
    }

    /// After a crash: removes staging folders and unused snapshots, and finishes the
    /// links and the manifest copy of the current commit.
    fn recover(&self) -> Result<(), Error> {
        for dir in self.staging_dirs()? {
            remove_any(&dir)?;
        }
        if let Some(current) = self.current_name() {
            self.link_tables(&current)?;
            self.copy_manifest(&current)?;
            self.prune(&current)?;
        }
        Ok(())
    }

    /// The name of the current snapshot (under `.commits/`), if there is one.
    fn current_name(&self) -> Option<String> {
        let target = std::fs::read_link(self.root.join(CURRENT)).ok()?;
        target.file_name().map(|n| n.to_string_lossy().into_owned())
    }

    /// The folder the current commit's tables are read from: the snapshot, or (a warehouse
    /// written before snapshots) the top folder.
    pub fn current_dir(&self) -> PathBuf {
        match self.current_name() {
            Some(n) => self.root.join(COMMITS).join(n),
            None => self.root.clone(),
        }
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
        Ok(Stage { dir })
    }

    /// Makes the staged tables (and the `extra` folders, the state) the current commit:
    /// the tables of the last commit that this run did not write are linked in (less the
    /// folders named in `remove`), the manifest is added, the snapshot is moved under
    /// `.commits/` and `.current` is switched to it. Returns the manifest's path under
    /// `_runs/`. `after` is called with each step's name as it is done (`link`, `snapshot`,
    /// `moved`, `switch`, `switched`, `linked`, `manifest`): the run's fault hook.
    pub fn commit(
        &self,
        stage: Stage,
        manifest: &Manifest,
        extra: &[String],
        remove: &[String],
        after: &dyn Fn(&str) -> Result<(), Error>,
    ) -> Result<PathBuf, Error> {
        let mut written: Vec<&String> = manifest.tables.keys().chain(extra).collect();
        written.sort();
        // the rest of the last commit, unchanged
        let last = self.current_dir();
        for name in commit_folders(&last)? {
            if written.iter().any(|w| **w == name) || remove.contains(&name) {
                continue;
            }
            link_tree(&last.join(&name), &stage.dir.join(&name))?;
        }
        after("link")?;
        // the snapshot's name orders commits: a sequence number, then the run
        let commits = self.root.join(COMMITS);
        std::fs::create_dir_all(&commits)
            .map_err(|e| Error::io(format!("creating {}", commits.display()), e))?;
        let seq = commit_folders(&commits)?
            .iter()
            .filter_map(|n| n.get(..8)?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let stem = format!(
            "{seq:08}-{}-{}",
            manifest.finished_at.replace([':', '-'], ""),
            manifest.run_id
        );
        let snapshot = commits.join(&stem);
        let json = serde_json::to_string_pretty(manifest).expect("plain data");
        write_synced(&stage.dir.join(MANIFEST), json.as_bytes())?;
        let views = views_sql(&snapshot, &stage.dir, &stem);
        write_synced(&stage.dir.join(VIEWS), views.as_bytes())?;
        sync_tree(&stage.dir)?;
        after("snapshot")?;
        rename(&stage.dir, &snapshot)?;
        std::mem::forget(stage); // its folder is the snapshot now
        sync_dir(&commits)?;
        after("moved")?;
        // the commit: one atomic rename of a link
        let tmp = self.root.join(format!(".current.{stem}"));
        symlink(&Path::new(COMMITS).join(&stem), &tmp)?;
        after("switch")?;
        rename(&tmp, &self.root.join(CURRENT))?;
        sync_dir(&self.root)?;
        after("switched")?;
        self.link_tables(&stem)?;
        after("linked")?;
        let runs = self.copy_manifest(&stem)?;
        after("manifest")?;
        self.prune(&stem)?;
        Ok(runs)
    }

    /// The top-level links (`mentions -> .current/mentions`) for every folder of the
    /// current snapshot. A warehouse written before snapshots has real folders there: each
    /// is replaced by its link (once; a reader may miss that table for an instant).
    fn link_tables(&self, current: &str) -> Result<(), Error> {
        let snap = self.root.join(COMMITS).join(current);
        let mut names = commit_folders(&snap)?;
        if snap.join(VIEWS).is_file() {
            names.push(VIEWS.to_string());
        }
        for name in names {
            let top = self.root.join(&name);
            let want = Path::new(CURRENT).join(&name);
            match std::fs::symlink_metadata(&top) {
                Ok(m) if m.file_type().is_symlink() => {
                    if std::fs::read_link(&top).ok().as_deref() == Some(want.as_path()) {
                        continue;
                    }
                    remove_any(&top)?;
                }
                Ok(_) => {
                    let old = self.root.join(format!(".trash-{name}"));
                    rename(&top, &old)?;
                    remove_dir(&old)?;
                }
                Err(_) => {}
            }
            symlink(&want, &top)?;
        }
        Ok(())
    }

    /// `_runs/<snapshot>.json`: the history of commits, one manifest per run.
    fn copy_manifest(&self, current: &str) -> Result<PathBuf, Error> {
        let runs = self.root.join("_runs");
        std::fs::create_dir_all(&runs)
            .map_err(|e| Error::io(format!("creating {}", runs.display()), e))?;
        let to = runs.join(format!("{current}.json"));
        if !to.exists() {
            let from = self.root.join(COMMITS).join(current).join(MANIFEST);
            if let Ok(bytes) = std::fs::read(&from) {
                let tmp = runs.join(format!(".{current}.tmp"));
                write_synced(&tmp, &bytes)?;
                rename(&tmp, &to)?;
                sync_dir(&runs)?;
            }
        }
        Ok(to)
    }

    /// Removes every snapshot but the current one and the one before it (which readers in
    /// flight may still be reading).
    fn prune(&self, current: &str) -> Result<(), Error> {
        let commits = self.root.join(COMMITS);
        let mut names = commit_folders(&commits)?;
        names.sort();
        let keep_previous = names.iter().rfind(|n| n.as_str() < current).cloned();
        for n in names {
            if n != current && Some(&n) != keep_previous.as_ref() {
                remove_dir(&commits.join(n))?;
            }
        }
        Ok(())
    }

    /// The Parquet files of a table, sorted.
    pub fn table_files(&self, table: &str) -> Vec<PathBuf> {
        table_files(&self.root, table)
    }
}

/// `views.sql`: one DuckDB view per table over the files of the snapshot that will be at
/// `snapshot` (its absolute path, so that the script runs from any folder), typed as
/// `cifras schema` says; a table without files is an empty view of the same columns.
fn views_sql(snapshot: &Path, staged: &Path, stem: &str) -> String {
    use std::fmt::Write;
    let abs = std::path::absolute(snapshot).unwrap_or_else(|_| snapshot.to_path_buf());
    let base = abs.to_string_lossy().replace('\'', "''");
    let mut out = format!(
        "-- DuckDB views over one cifras commit ({stem}), read straight from its files.\n\
         -- Run it at each refresh: `duckdb -init views.sql` or `.read views.sql`; the files\n\
         -- stay until two more commits are made.\n"
    );
    for t in schema::TABLES {
        let has_files = !table_files(staged, t.name).is_empty();
        let _ = if has_files && t.partitioned {
            writeln!(
                out,
                "CREATE OR REPLACE VIEW {} AS SELECT * FROM read_parquet('{base}/{}/**/*.parquet', hive_partitioning = true, hive_types = {{'year': BIGINT}});",
                t.name, t.name
            )
        } else if has_files {
            writeln!(
                out,
                "CREATE OR REPLACE VIEW {} AS SELECT * FROM read_parquet('{base}/{}/*.parquet', hive_partitioning = false);",
                t.name, t.name
            )
        } else {
            let mut cols: Vec<String> = t
                .columns
                .iter()
                .map(|c| format!("CAST(NULL AS {}) AS \"{}\"", c.ty.sql(), c.name))
                .collect();
            if t.partitioned {
                cols.push("CAST(NULL AS BIGINT) AS \"year\"".into());
            }
            writeln!(
                out,
                "CREATE OR REPLACE VIEW {} AS SELECT {} WHERE false;",
                t.name,
                cols.join(", ")
            )
        };
    }
    out
}

/// For readers, who take no lock: the folder of the current commit's tables, resolved
/// once, so that every table a reader then scans comes from the same commit (the
/// warehouse folder itself when it was written before snapshots).
pub fn pinned(root: &Path) -> PathBuf {
    match std::fs::read_link(root.join(CURRENT)) {
        Ok(target) => root.join(target),
        Err(_) => root.to_path_buf(),
    }
}

/// The folders of a snapshot (tables and `_state`) or of `.commits`: not hidden, not `_runs`.
fn commit_folders(dir: &Path) -> Result<Vec<String>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("listing {}", dir.display()), e)),
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let real_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if real_dir && !name.starts_with('.') && name != "_runs" {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

/// Hard-links every file under `from` to the same place under `to` (a copy where links
/// are not possible).
fn link_tree(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(format!("creating {}", to.display()), e))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| Error::io(format!("listing {}", from.display()), e))?;
    for e in entries.flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            link_tree(&src, &dst)?;
        } else {
            link_or_copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// A file of the last commit into the next one: a hard link costs nothing; a filesystem
/// without links gets a copy.
pub fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map_err(|e| Error::io(format!("copying {}", from.display()), e))?;
    }
    Ok(())
}

/// fsyncs every folder of a tree (the files were synced when written).
fn sync_tree(dir: &Path) -> Result<(), Error> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                sync_tree(&e.path())?;
            }
        }
    }
    sync_dir(dir)
}

fn symlink(target: &Path, link: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(target, link);
    #[cfg(windows)]
    let made = std::os::windows::fs::symlink_dir(target, link);
    made.map_err(|e| {
        Error::io(
            format!("linking {} to {}", link.display(), target.display()),
            e,
        )
    })
}

/// Removes a folder, a file or a link.
fn remove_any(path: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_dir(path),
        Ok(_) => std::fs::remove_file(path)
            .map_err(|e| Error::io(format!("removing {}", path.display()), e)),
        Err(_) => Ok(()),
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
/// that ends in an error before its snapshot is moved into place removes it.
pub struct Stage {
    pub dir: PathBuf,
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What `_runs/<time>-<run_id>.json` records about a committed run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub run_id: String,
    pub command: String,
    pub started_at: String,
    pub finished_at: String,
    pub tool_version: String,
    /// The tables' schema version ([`schema::SCHEMA_VERSION`]).
    pub schema_version: String,
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
    /// Files under the folder whose ending is not an input's (`ingest.extensions`).
    pub skipped: u64,
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
            schema_version: schema::SCHEMA_VERSION.into(),
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

    fn commit_one(wh: &Warehouse, run: &str, table: &str, bytes: &[u8]) {
        let stage = wh.stage(run).unwrap();
        std::fs::create_dir_all(stage.dir.join(table)).unwrap();
        std::fs::write(stage.dir.join(table).join("part-0.parquet"), bytes).unwrap();
        wh.commit(stage, &manifest(run, table), &[], &[], &|_| Ok(()))
            .unwrap();
    }

    #[test]
    fn each_commit_is_a_snapshot_behind_one_link_and_two_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("wh");
        let wh = Warehouse::open(&root).unwrap();
        commit_one(&wh, "one", "documents", b"d1");
        commit_one(&wh, "two", "mentions", b"m2");
        // the second commit carries the first one's documents over, linked
        assert_eq!(
            std::fs::read(root.join("documents/part-0.parquet")).unwrap(),
            b"d1"
        );
        assert_eq!(
            std::fs::read(root.join("mentions/part-0.parquet")).unwrap(),
            b"m2"
        );
        commit_one(&wh, "three", "mentions", b"m3");
        assert_eq!(
            std::fs::read(root.join("mentions/part-0.parquet")).unwrap(),
            b"m3"
        );
        let snaps = commit_folders(&root.join(COMMITS)).unwrap();
        assert_eq!(
            snaps.len(),
            2,
            "the current and the previous snapshot: {snaps:?}"
        );
        assert!(snaps[1].starts_with("00000003-"), "{snaps:?}");
        assert_eq!(wh.current_name().as_deref(), Some(snaps[1].as_str()));
        assert_eq!(pinned(&root), root.join(COMMITS).join(&snaps[1]));
        assert!(
            std::fs::symlink_metadata(root.join("mentions"))
                .unwrap()
                .is_symlink()
        );
        let runs = std::fs::read_dir(root.join("_runs")).unwrap().count();
        assert_eq!(runs, 3, "one manifest per commit in _runs");
    }

    #[test]
    fn a_warehouse_of_real_folders_becomes_links_at_its_next_commit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("wh");
        std::fs::create_dir_all(root.join("documents")).unwrap();
        std::fs::write(root.join("documents/part-0.parquet"), b"old layout").unwrap();
        let wh = Warehouse::open(&root).unwrap();
        assert_eq!(pinned(&root), root);
        commit_one(&wh, "one", "mentions", b"m1");
        assert!(
            std::fs::symlink_metadata(root.join("documents"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read(root.join("documents/part-0.parquet")).unwrap(),
            b"old layout"
        );
        assert!(wh.staging_dirs().unwrap().is_empty(), "nothing left behind");
    }
}
