//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `../shared` (or `$CIFRAS_SHARED`) when it exists: the seeds and conformance data live
/// there, outside the project. Tests that need it skip, saying so, when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("CIFRAS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    dir.is_dir().then_some(dir)
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
