//! The batch-run guarantees of SPEC §6, through the real binary: incremental runs equal a
//! full refresh byte for byte, re-runs change nothing, and a run that is killed (kill -9 at
//! random moments) or fails at any stage leaves exactly the previous commit or the new one.

use crate::common::{Workdir, manifests, notice, parquet_snapshot as snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../benches/bulletins.rs"]
mod bulletins;

/// Copies a warehouse as it is: folders, files, and links as links (the top-level table
/// links and `.current` point inside it).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        let ft = e.file_type().unwrap();
        if ft.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&p).unwrap(), &dest).unwrap();
        } else if ft.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn staging_left(wh: &Path) -> bool {
    std::fs::read_dir(wh)
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with(".staging"))
}

/// A pipeline with small buckets, so that a small corpus spreads over several.
fn small_buckets(wd: &Workdir, bucket_bytes: u64) -> PathBuf {
    let p = wd.path().join("pipeline.toml");
    let text = cifras::config::DEFAULT_TOML.replace(
        "bucket_bytes = 4194304",
        &format!("bucket_bytes = {bucket_bytes}"),
    );
    assert_ne!(
        text,
        cifras::config::DEFAULT_TOML,
        "the pipeline sets bucket_bytes"
    );
    std::fs::write(&p, text).unwrap();
    p
}

/// `cifras run` over the folder `in` with a pipeline, into the warehouse `wh`.
fn run_args<'a>(pipeline: &'a Path, wh: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "run",
        "--pipeline",
        pipeline.to_str().unwrap(),
        "--input",
        "in",
        "--warehouse",
        wh,
    ];
    args.extend_from_slice(extra);
    args
}

/// Runs it, asserting success; the summary.
fn run(wd: &Workdir, pipeline: &Path, wh: &str, extra: &[&str]) -> String {
    wd.run_ok(&run_args(pipeline, wh, extra))
}

/// Writes `n` synthetic bulletins into `dir`, numbered from `first`.
fn bulletins(dir: &Path, first: u64, n: u64, seed: u64) {
    std::fs::create_dir_all(dir).unwrap();
    let mut r = bulletins::Lcg(seed);
    for serial in first..first + n {
        let (text, _) = bulletins::bulletin(&mut r, serial);
        std::fs::write(dir.join(format!("{serial:06}.txt")), text).unwrap();
    }
}

/// `n` synthetic bulletins in the folder `in`, and a pipeline with buckets of `bucket_bytes`.
fn synthetic(wd: &Workdir, n: u64, seed: u64, bucket_bytes: u64) -> (PathBuf, PathBuf) {
    let input = wd.path().join("in");
    bulletins(&input, 1, n, seed);
    (input, small_buckets(wd, bucket_bytes))
}

/// Makes the corpus of the next commit: two bulletins changed, one removed, three new.
fn next_version(dir: &Path) {
    for name in ["000002.txt", "000005.txt"] {
        let p = dir.join(name);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("\nSe otorgaron 1,234 consultas adicionales.\n");
        std::fs::write(&p, text).unwrap();
    }
    std::fs::remove_file(dir.join("000007.txt")).unwrap();
    bulletins(dir, 900_000, 3, 77);
}

/// The state files of a warehouse's last commit, by name.
fn state_files(wh: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(wh.join("_state"))
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .filter(|(name, _)| name.starts_with("bucket-"))
        .collect()
}

/// A bulletin whose time changed but not its bytes: every table byte stays, its bucket's
/// state file alone is written again (by the writer, as buckets end) with the new time,
/// and the next run finds every state file as this one left it.
#[test]
fn a_touched_bulletin_rewrites_only_its_buckets_state() {
    let wd = Workdir::new();
    let (input, p) = synthetic(&wd, 40, 9, 16 * 1024);
    let wh = wd.path().join("wh");
    run(&wd, &p, "wh", &[]);
    let (tables, states) = (snapshot(&wh), state_files(&wh));
    assert!(states.len() >= 4, "several buckets: {:?}", states.keys());

    let f = std::fs::File::options()
        .write(true)
        .open(input.join("000007.txt"))
        .unwrap();
    f.set_modified(std::time::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .unwrap();
    drop(f);
    let again = run(&wd, &p, "wh", &[]);
    assert!(
        again.contains("0 new, 0 changed, 40 unchanged, 0 removed; 0 of"),
        "{again}"
    );
    assert_eq!(snapshot(&wh), tables, "no table byte changes");
    let touched = state_files(&wh);
    let differ: Vec<&String> = states
        .keys()
        .filter(|k| states[*k] != touched[*k])
        .collect();
    assert_eq!(differ.len(), 1, "one bucket's state: {differ:?}");

    let third = run(&wd, &p, "wh", &[]);
    assert!(third.contains("40 unchanged, 0 removed; 0 of"), "{third}");
    assert_eq!(
        state_files(&wh),
        touched,
        "the state it wrote is the one read back"
    );
}

#[test]
fn incremental_runs_rebuild_what_changed_and_equal_a_full_refresh() {
    let wd = Workdir::new();
    let input = wd.path().join("in");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raw"),
        &input,
    );
    bulletins(&input, 1, 40, 5);
    let p = small_buckets(&wd, 16 * 1024);
    let first = run(&wd, &p, "wh", &[]);
    assert!(
        first.contains("53 new, 0 changed, 0 unchanged, 0 removed"),
        "{first}"
    );
    let buckets: u32 = first
        .split(" of ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the summary gives the bucket count");
    assert!(buckets >= 4, "a corpus of several buckets: {first}");
    let one = snapshot(&wd.path().join("wh"));

    // nothing changed: nothing rebuilt, the same bytes
    let again = run(&wd, &p, "wh", &[]);
    assert!(
        again.contains(&format!(
            "0 new, 0 changed, 53 unchanged, 0 removed; 0 of {buckets}"
        )),
        "{again}"
    );
    assert_eq!(
        snapshot(&wd.path().join("wh")),
        one,
        "a re-run changes no byte"
    );

    // two changed, one removed, three new
    next_version(&input);
    let dry = wd.run(&run_args(&p, "wh", &["--dry-run"]), b"");
    let dry = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(
        dry.contains("3 new, 2 changed, 50 unchanged, 1 removed"),
        "{dry}"
    );
    assert!(dry.contains("removed in/000007.txt"), "{dry}");
    assert_eq!(
        snapshot(&wd.path().join("wh")),
        one,
        "--dry-run writes nothing"
    );
    let inc = run(&wd, &p, "wh", &[]);
    assert!(
        inc.contains("3 new, 2 changed, 50 unchanged, 1 removed"),
        "{inc}"
    );
    let rebuilt: u32 = inc
        .split("removed; ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        (1..buckets).contains(&rebuilt),
        "only the buckets with changes are rebuilt: {inc}"
    );
    assert!(
        inc.contains("unchanged documents' rows carried over"),
        "a rebuilt bucket carries its unchanged documents over: {inc}"
    );
    let incremental = snapshot(&wd.path().join("wh"));
    assert_ne!(incremental, one);

    // the same bytes as --full-refresh over the same warehouse, and as a fresh warehouse
    run(&wd, &p, "wh", &["--full-refresh"]);
    assert_eq!(
        snapshot(&wd.path().join("wh")),
        incremental,
        "--full-refresh"
    );
    run(&wd, &p, "fresh", &[]);
    assert_eq!(
        snapshot(&wd.path().join("fresh")),
        incremental,
        "a fresh build"
    );

    // the manifest of the incremental run lists what changed
    // (manifests of one second sort by run id, so it is found by what it says)
    let runs: Vec<serde_json::Value> = std::fs::read_dir(wd.path().join("wh/_runs"))
        .unwrap()
        .flatten()
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
        .collect();
    assert_eq!(runs.len(), 4);
    let m = runs
        .iter()
        .find(|m| m["inputs"]["removed"] == 1)
        .expect("the incremental run's manifest");
    assert_eq!(m["inputs"]["new"], 3);
    assert_eq!(m["inputs"]["changed"], 2);
    assert_eq!(m["inputs"]["removed"], 1);
    assert_eq!(m["changes"].as_array().unwrap().len(), 6);
    assert_eq!(m["pipeline"]["hash"].as_str().unwrap().len(), 64);
    assert!(m["timings"]["processing_s"].as_f64().is_some());
}

/// The number in "(N unchanged documents' rows carried over)", 0 without it.
fn carried(summary: &str) -> u64 {
    summary
        .split(" unchanged documents' rows carried over")
        .next()
        .filter(|head| head.len() < summary.len())
        .and_then(|head| head.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_rebuilt_bucket_carries_rows_over_and_reads_again_what_it_cannot() {
    let wd = Workdir::new();
    let input = wd.path().join("in");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raw"),
        &input,
    );
    bulletins(&input, 1, 30, 9);
    // one bucket: every change rebuilds it
    let p = small_buckets(&wd, 64 * 1024 * 1024);
    let first = run(&wd, &p, "wh", &[]);
    assert!(first.contains("1 of 1 bucket(s) rebuilt"), "{first}");
    assert_eq!(carried(&first), 0, "nothing to carry over: {first}");
    let documents = 43;
    assert!(first.contains(&format!("{documents} documents")), "{first}");

    // a new input whose path sorts before an unchanged document, with its bytes: the new
    // one is the document now, the old one a duplicate (and read again to say so)
    std::fs::copy(input.join("000005.txt"), input.join("000004a.txt")).unwrap();
    bulletins(&input, 800_000, 1, 5);
    let out = run(&wd, &p, "wh", &[]);
    assert_eq!(
        carried(&out),
        documents - 1,
        "all unchanged documents but the new duplicate are carried over: {out}"
    );
    let quarantine = wd.run_ok(&[
        "query",
        "--warehouse",
        "wh",
        "--format",
        "csv",
        "SELECT source_path, reason FROM quarantine",
    ]);
    assert!(
        quarantine.contains("in/000005.txt,duplicate: the same bytes as in/000004a.txt"),
        "{quarantine}"
    );
    let incremental = snapshot(&wd.path().join("wh"));
    let fresh = run(&wd, &p, "fresh", &[]);
    assert_eq!(
        snapshot(&wd.path().join("fresh")),
        incremental,
        "carried-over rows give the bytes of a fresh build"
    );
    // and the same counts: documents, figures, dates, facts, checks that do not reconcile
    let counts = |summary: &str| -> Vec<String> {
        summary
            .lines()
            .filter(|l| l.contains("documents,") || l.contains("mentions:") || l.contains("facts:"))
            .map(|l| l.to_string())
            .collect()
    };
    assert_eq!(counts(&out), counts(&fresh), "{out}\n{fresh}");
    assert_eq!(counts(&out).len(), 3, "{out}");

    // the last commit's files damaged: the bucket reads its inputs again, with a warning,
    // and still gives the same bytes
    for e in std::fs::read_dir(wd.path().join("wh/mentions"))
        .unwrap()
        .flatten()
    {
        for f in std::fs::read_dir(e.path()).unwrap().flatten() {
            std::fs::write(f.path(), b"not parquet").unwrap();
        }
    }
    bulletins(&input, 800_001, 1, 6);
    let out = wd.run(&run_args(&p, "wh", &[]), b"");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("reading its unchanged inputs again"),
        "the fallback is said: {stderr}"
    );
    assert_eq!(carried(&stdout), 0, "{stdout}");
    let incremental = snapshot(&wd.path().join("wh"));
    run(&wd, &p, "fresh", &["--full-refresh"]);
    assert_eq!(snapshot(&wd.path().join("fresh")), incremental);
}

#[test]
fn a_run_that_fails_at_any_stage_exits_1_and_keeps_the_last_commit() {
    let wd = Workdir::new();
    let (input, p) = synthetic(&wd, 60, 11, 32 * 1024);
    run(&wd, &p, "base", &[]);
    let before = snapshot(&wd.path().join("base"));
    next_version(&input);
    for point in cifras::run::fault::POINTS {
        let wh = format!("wh_{point}");
        copy_dir(&wd.path().join("base"), &wd.path().join(&wh));
        let out = wd
            .command(&run_args(&p, &wh, &[]))
            .env("CIFRAS_FAULT", point)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "fault at {point}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("injected fault at {point}")), "{err}");
        let dir = wd.path().join(&wh);
        assert_eq!(
            snapshot(&dir),
            before,
            "fault at {point}: the last commit is intact"
        );
        assert_eq!(manifests(&dir), 1, "fault at {point}: no new manifest");
        assert!(
            !staging_left(&dir),
            "fault at {point}: no staging left behind"
        );
        // and the next run goes through
        let s = run(&wd, &p, &wh, &[]);
        assert!(
            s.contains("3 new, 2 changed"),
            "after a fault at {point}: {s}"
        );
    }
}

type Snapshot = BTreeMap<String, Vec<u8>>;

/// `n` bulletins committed into `base` (the previous commit); then the next version of
/// the inputs committed, incrementally, into a copy, `reference` (the new commit). The
/// pipeline, both commits' files and how long the second run took.
fn two_commits(
    wd: &Workdir,
    n: u64,
    seed: u64,
    bucket: u64,
) -> (PathBuf, Snapshot, Snapshot, Duration) {
    let (input, p) = synthetic(wd, n, seed, bucket);
    run(wd, &p, "base", &[]);
    let previous = snapshot(&wd.path().join("base"));
    next_version(&input);
    copy_dir(&wd.path().join("base"), &wd.path().join("reference"));
    let t = Instant::now();
    run(wd, &p, "reference", &[]);
    let span = t.elapsed();
    let new = snapshot(&wd.path().join("reference"));
    assert_ne!(previous, new);
    (p, previous, new, span)
}

/// A crash (SIGKILL) at every step of the commit: a reader of the table folders sees the
/// previous commit up to the switch of `.current` and the new one from it on — never a
/// mix, never a table missing — and the next run leaves the new commit and no debris.
#[test]
fn a_crash_at_every_commit_step_leaves_the_previous_or_the_new_commit() {
    use std::os::unix::process::ExitStatusExt;
    let wd = Workdir::new();
    let (p, previous, new, _) = two_commits(&wd, 60, 29, 32 * 1024);
    let tables = [
        "documents",
        "mentions",
        "facts",
        "jornadas",
        "checks",
        "quarantine",
    ];
    let mut switched = false;
    for point in cifras::run::fault::COMMIT_POINTS {
        let wh = format!("wh_{point}");
        let dir = wd.path().join(&wh);
        copy_dir(&wd.path().join("base"), &dir);
        let out = wd
            .command(&run_args(&p, &wh, &["-q"]))
            .env("CIFRAS_FAULT", point)
            .output()
            .unwrap();
        assert_eq!(out.status.signal(), Some(9), "killed at {point}");
        switched |= *point == "switched";
        let seen = snapshot(&dir);
        let want = if switched { &new } else { &previous };
        assert!(
            seen == *want,
            "crash at {point}: the tables are not the {} commit",
            if switched { "new" } else { "previous" }
        );
        for t in tables {
            assert!(dir.join(t).is_dir(), "crash at {point}: table {t} missing");
        }
        run(&wd, &p, &wh, &[]);
        assert_eq!(snapshot(&dir), new, "the run after a crash at {point}");
        assert!(!staging_left(&dir), "debris after a crash at {point}");
        let snapshots = std::fs::read_dir(dir.join(".commits")).unwrap().count();
        assert!(snapshots <= 2, "{snapshots} snapshots kept after {point}");
    }
}

#[test]
fn kill_9_at_random_moments_leaves_the_previous_or_the_new_commit() {
    let wd = Workdir::new();
    let (p, previous, new, span) = two_commits(&wd, 400, 23, 64 * 1024);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    notice(&format!(
        "kill -9 test: a run takes {:.0} ms; seed {seed}",
        span.as_secs_f64() * 1e3
    ));
    let mut r = bulletins::Lcg(seed);
    let (mut saw_previous, mut saw_new) = (0, 0);
    for k in 0..20 {
        let wh = format!("wh{k}");
        let dir = wd.path().join(&wh);
        copy_dir(&wd.path().join("base"), &dir);
        // a moment anywhere in the run, the commit at its end included
        let at = span.mul_f64(r.below(1100) as f64 / 1000.0);
        let mut child = wd
            .command(&run_args(&p, &wh, &["-q"]))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // a reader (which finishes a commit cut in the middle) sees one whole commit
        let out = wd.run(
            &[
                "query",
                "SELECT count(*) AS n FROM documents",
                "--warehouse",
                &wh,
            ],
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen = snapshot(&dir);
        if seen == previous {
            saw_previous += 1;
        } else if seen == new {
            saw_new += 1;
        } else {
            panic!("kill at {at:?} (seed {seed}): the warehouse is neither commit");
        }
        // and the next run completes the new commit
        run(&wd, &p, &wh, &[]);
        assert_eq!(
            snapshot(&dir),
            new,
            "the run after a kill at {at:?} (seed {seed})"
        );
        assert!(!staging_left(&dir));
    }
    notice(&format!(
        "kill -9 test: 20 kills, {saw_previous} left the previous commit, {saw_new} the new one"
    ));
}

#[test]
fn a_concurrent_run_exits_75_naming_the_holder() {
    let wd = Workdir::new();
    let (_, p) = synthetic(&wd, 400, 31, 64 * 1024);
    let mut first = wd
        .command(&run_args(&p, "wh", &["-q"]))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until the first run holds the lock (its staging folder exists)
    let deadline = Instant::now() + Duration::from_secs(30);
    while !(wd.path().join("wh").is_dir() && staging_left(&wd.path().join("wh"))) {
        assert!(Instant::now() < deadline, "the first run never started");
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = wd.run(&run_args(&p, "wh", &[]), b"");
    let first_status = first.wait().unwrap();
    assert!(first_status.success());
    assert_eq!(out.status.code(), Some(75));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("pid {}", first.id())), "{err}");
}

#[test]
fn unreadable_truncated_and_binary_inputs_are_quarantined_and_the_rest_committed() {
    let wd = Workdir::new();
    let input = wd.path().join("in");
    bulletins(&input, 1, 5, 3);
    let good = std::fs::read_to_string(input.join("000001.txt")).unwrap();
    // cut inside the "é" of a UTF-8 text
    let cut = "Se otorgaron 204 mil atenciones en la Jornada, informó el IMSS. Querét";
    let mut bytes = cut.as_bytes().to_vec();
    bytes.extend_from_slice(&"é".as_bytes()[..1]);
    std::fs::write(input.join("a_truncado.txt"), bytes).unwrap();
    std::fs::write(
        input.join("b_binario.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0",
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/boletin.txt", input.join("c_roto.txt")).unwrap();
    std::fs::create_dir_all(input.join("d_carpeta.txt")).unwrap();
    std::fs::write(input.join("d_carpeta.txt/dentro.txt"), &good).unwrap();
    let p = small_buckets(&wd, 4 * 1024);
    let out = wd.run(&run_args(&p, "wh", &[]), b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    // five bulletins, the copy inside the folder is a duplicate, three bad inputs
    assert!(s.contains("9 read, 5 documents, 4 quarantined"), "{s}");
    let q = wd.run(
        &[
            "query",
            "SELECT source_path, reason FROM quarantine ORDER BY source_path",
            "--format",
            "csv",
            "--warehouse",
            "wh",
        ],
        b"",
    );
    let q = String::from_utf8_lossy(&q.stdout);
    // of two inputs with the same bytes, the first in bucket order is kept
    assert!(
        q.lines().any(|l| (l.contains("dentro.txt")
            && l.contains("duplicate: the same bytes as in/000001.txt"))
            || (l.contains("000001.txt")
                && l.contains("duplicate: the same bytes as in/d_carpeta.txt/dentro.txt"))),
        "{q}"
    );
    for (file, reason) in [
        ("a_truncado.txt", "truncated"),
        ("b_binario.txt", "binary"),
        ("c_roto.txt", "unreadable"),
    ] {
        assert!(
            q.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason} not in\n{q}"
        );
    }
    // a re-run reads none of them again and changes nothing
    let before = snapshot(&wd.path().join("wh"));
    let again = wd.run(&run_args(&p, "wh", &[]), b"");
    assert!(String::from_utf8_lossy(&again.stdout).contains("9 unchanged"));
    assert_eq!(snapshot(&wd.path().join("wh")), before);
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_only() {
    let wd = Workdir::new();
    bulletins(&wd.path().join("in"), 1, 200, 41);
    let out = wd.run(&["run", "--input", "in", "--warehouse", "piped"], b"");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("bulletins"), "a bar on a pipe: {err}");
    // script(1) gives the run a pseudo-terminal
    let cmd = format!(
        "{} run --input in --warehouse tty",
        env!("CARGO_BIN_EXE_cifras")
    );
    let Ok(out) = std::process::Command::new("script")
        .args(["-qc", &cmd, "/dev/null"])
        .current_dir(wd.path())
        .output()
    else {
        notice("progress bar test skipped: no script(1) here");
        return;
    };
    assert!(out.status.success());
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("/200 bulletins"),
        "no bar on a terminal: {tty}"
    );
}

/// `(year, month) → count` from CSV lines `year,mes,n`.
fn per_month(csv: &str, col: usize) -> BTreeMap<(String, String), String> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[0].to_string(), f[1].to_string()), f[col].to_string())
        })
        .filter(|(_, n)| n != "0")
        .collect()
}

#[test]
fn cobertura_counts_by_runs_of_rows_equal_a_group_by_over_many_buckets() {
    // `cobertura` counts each document's rows from the runs of its doc_id (rows of one
    // document are contiguous): checked against plain SQL joins and group-bys
    let wd = Workdir::new();
    bulletins(&wd.path().join("in"), 1, 300, 57);
    let p = small_buckets(&wd, 16 * 1024);
    run(&wd, &p, "wh", &[]);
    let report = wd.run_ok(&[
        "report",
        "cobertura",
        "--format",
        "csv",
        "--warehouse",
        "wh",
    ]);
    for (table, filter, col) in [("mentions", "AND m.kind <> 'date'", 3), ("facts", "", 4)] {
        let sql = format!(
            "SELECT d.year, date_part('month', d.published_date) AS mes, count(*) AS n \
             FROM {table} m JOIN documents d ON m.doc_id = d.doc_id WHERE true {filter} \
             GROUP BY d.year, mes ORDER BY year, mes"
        );
        let want = per_month(
            &wd.run_ok(&["query", &sql, "--format", "csv", "--warehouse", "wh"]),
            2,
        );
        assert!(want.len() > 3, "{want:?}");
        assert_eq!(per_month(&report, col), want, "{table} per month");
    }
}

#[test]
fn a_changed_pipeline_or_a_stage_command_makes_the_next_run_rebuild_everything() {
    let wd = Workdir::new();
    bulletins(&wd.path().join("in"), 1, 30, 61);
    let p = small_buckets(&wd, 16 * 1024);
    run(&wd, &p, "wh", &[]);
    let again = run(&wd, &p, "wh", &[]);
    assert!(again.contains("30 unchanged"), "{again}");
    // another pipeline (zstd): the state is not reused, every bucket is rebuilt
    let zstd = wd.path().join("zstd.toml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("compression = \"snappy\"", "compression = \"zstd\"");
    std::fs::write(&zstd, text).unwrap();
    let out = wd.run(&run_args(&zstd, "wh", &[]), b"");
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("30 new, 0 changed, 0 unchanged"), "{s}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pipeline or its vocabulary changed"),
        "the reason is logged"
    );
    // `cifras facts` rewrites tables on its own: the state goes, the next run rebuilds
    wd.run_ok(&[
        "facts",
        "--pipeline",
        zstd.to_str().unwrap(),
        "--warehouse",
        "wh",
    ]);
    assert!(!wd.path().join("wh/_state").exists());
    let s = run(&wd, &zstd, "wh", &[]);
    assert!(s.contains("30 new"), "{s}");
}
