//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `../shared` (or `$CIFRAS_SHARED`) when it exists: the seeds and conformance data live
/// there, outside the project. Tests that need it skip, saying so, when it is absent —
/// unless `CIFRAS_REQUIRE_SHARED=1` (set by `.ci/run`), under which its absence fails them.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("CIFRAS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CIFRAS_REQUIRE_SHARED").as_deref() != Ok("1"),
        "{} is missing and CIFRAS_REQUIRE_SHARED=1: the seed and conformance tests cannot run",
        dir.display()
    );
    None
}

/// Writes a line to the real standard error, past the test harness's capture, so that
/// skips and rates show in every `cargo test` run.
pub fn notice(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

/// A fresh temporary directory in which the real `cifras` binary runs.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cifras"));
        c.args(args).current_dir(self.path());
        c
    }

    /// Runs `cifras args…`, asserting that it succeeds; its standard output.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.run(args, b"");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs `cifras args…` with `stdin` as standard input.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cifras starts");
        let mut input = child.stdin.take().expect("stdin");
        let data = stdin.to_vec();
        let feeder = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let out = child.wait_with_output().expect("cifras finishes");
        feeder.join().expect("stdin writer");
        out
    }
}

/// Every Parquet file of a warehouse, relative path → bytes: what a reader sees (staging,
/// `_runs` and `_state` left out).
pub fn parquet_snapshot(wh: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![wh.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(wh).unwrap().to_string_lossy().into_owned();
            if rel.starts_with('.') || rel.starts_with('_') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if rel.ends_with(".parquet") {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// How many run manifests a warehouse holds.
pub fn manifests(wh: &Path) -> usize {
    std::fs::read_dir(wh.join("_runs"))
        .map(|d| d.count())
        .unwrap_or(0)
}
