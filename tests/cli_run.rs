//! `cifras run`, `ingest`, `extract`, `validate` through the real binary (Workdir):
//! warehouse layout, byte-identical reruns for any number of jobs, quarantine with reasons,
//! --strict, the lock, and pipeline validation.

use crate::common::{Workdir, manifests, parquet_snapshot as parquet_files};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn raw_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raw")
}

#[test]
fn run_writes_the_warehouse_and_reruns_are_byte_identical() {
    let wd = Workdir::new();
    let raw = raw_dir();
    let raw = raw.to_str().unwrap();
    let summary = wd.run_ok(&["run", "--input", raw, "--warehouse", "wh1", "--jobs", "1"]);
    assert!(
        summary.contains("13 read, 13 documents, 0 quarantined"),
        "{summary}"
    );
    wd.run_ok(&["run", "--input", raw, "--warehouse", "wh2", "--jobs", "2"]);
    wd.run_ok(&["run", "--input", raw, "--warehouse", "wh1", "--jobs", "2"]);
    let a = parquet_files(&wd.path().join("wh1"));
    let b = parquet_files(&wd.path().join("wh2"));
    let names: Vec<&String> = a.keys().collect();
    assert!(
        names.contains(&&"documents/year=2023/part-0000.parquet".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&&"mentions/year=0/part-0000.parquet".to_string()),
        "undated documents in year=0: {names:?}"
    );
    assert!(names.contains(&&"quarantine/part-0.parquet".to_string()));
    assert_eq!(a, b, "same input, any --jobs: byte-identical files");
    assert_eq!(manifests(&wd.path().join("wh1")), 2);
    // the manifest says what was committed
    let m = std::fs::read_dir(wd.path().join("wh1/_runs"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(m.path()).unwrap()).unwrap();
    assert_eq!(m["inputs"]["documents"], 13);
    assert_eq!(m["tables"]["documents"]["rows"], 13);
    assert!(m["tables"]["mentions"]["rows"].as_u64().unwrap() > 150);
    assert_eq!(m["pipeline"]["name"], "jornadas");
}

#[test]
fn ingest_then_extract_equals_run() {
    let wd = Workdir::new();
    let raw = raw_dir();
    let raw = raw.to_str().unwrap();
    wd.run_ok(&["run", "--input", raw, "--warehouse", "a"]);
    let s = wd.run_ok(&["ingest", "--input", raw, "--warehouse", "b"]);
    assert!(!wd.path().join("b/mentions").exists(), "{s}");
    wd.run_ok(&["extract", "--warehouse", "b"]);
    // the tables both wrote are the same bytes
    let a = parquet_files(&wd.path().join("a"));
    let b = parquet_files(&wd.path().join("b"));
    assert!(b.keys().any(|k| k.starts_with("mentions/")));
    for (name, bytes) in &b {
        assert!(a.get(name) == Some(bytes), "{name} differs");
    }
    // and with the facts stage, every table
    let s = wd.run_ok(&["facts", "--warehouse", "b"]);
    assert!(s.contains("10 jornadas"), "{s}");
    assert_eq!(parquet_files(&wd.path().join("b")), a);
    // extract without documents is a usage error
    let out = wd.run(&["extract", "--warehouse", "empty"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_inputs_are_quarantined_with_their_reason_and_the_run_goes_on() {
    let wd = Workdir::new();
    let input = wd.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("a_bueno.txt"),
        "Se otorgaron 204 mil 782 atenciones.",
    )
    .unwrap();
    std::fs::write(input.join("b_vacio.txt"), "").unwrap();
    std::fs::write(
        input.join("c_binario.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::write(input.join("d_grande.txt"), "mil ".repeat(3000)).unwrap();
    std::fs::write(
        input.join("e_copia.txt"),
        "Se otorgaron 204 mil 782 atenciones.",
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", input.join("f_roto.txt")).unwrap();
    std::fs::write(input.join("g_ignorado.csv"), "not a bulletin").unwrap();
    std::fs::write(
        input.join("h_boletin.pdf"),
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n",
    )
    .unwrap();
    std::fs::write(
        input.join("i_cortada.html"),
        "<!DOCTYPE html><html><body><article><p>Se dieron 12 mil",
    )
    .unwrap();
    let pipeline = wd.path().join("p.toml");
    let text = cifras::config::DEFAULT_TOML.replace("max_bytes = 8_000_000", "max_bytes = 10_000");
    std::fs::write(&pipeline, text).unwrap();
    let p = pipeline.to_str().unwrap();
    let out = wd.run(
        &["run", "--pipeline", p, "--input", "in", "--warehouse", "wh"],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("8 read, 1 documents, 7 quarantined")
            && summary.contains("1 other file(s) skipped"),
        "{summary}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for reason in [
        "empty",
        "binary",
        "oversized",
        "duplicate: the same bytes as",
        "unreadable",
        "damaged PDF",
        "truncated: the HTML page",
    ] {
        assert!(err.contains(reason), "no {reason:?} in {err}");
    }
    // --strict: exit 1 and nothing new committed
    let before = manifests(&wd.path().join("wh"));
    let out = wd.run(
        &[
            "run",
            "--strict",
            "--pipeline",
            p,
            "--input",
            "in",
            "--warehouse",
            "wh",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(manifests(&wd.path().join("wh")), before);
    assert!(
        std::fs::read_dir(wd.path().join("wh"))
            .unwrap()
            .flatten()
            .all(|e| { !e.file_name().to_string_lossy().starts_with(".staging") })
    );
}

#[test]
fn a_second_run_on_a_locked_warehouse_exits_75() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path().join("wh")).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(wd.path().join("wh/.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let raw = raw_dir();
    let out = wd.run(
        &["run", "--input", raw.to_str().unwrap(), "--warehouse", "wh"],
        b"",
    );
    assert_eq!(out.status.code(), Some(75));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lock"));
    drop(lock);
    let out = wd.run(
        &["run", "--input", raw.to_str().unwrap(), "--warehouse", "wh"],
        b"",
    );
    assert!(out.status.success(), "a released lock does not block");
}

#[test]
fn what_a_crashed_run_leaves_is_removed_by_the_next_one() {
    // a staging folder, a half-made `.current` link and a snapshot that never became
    // current: the next run removes them and keeps the committed tables
    let wd = Workdir::new();
    let raw = raw_dir();
    wd.run_ok(&["run", "--input", raw.to_str().unwrap(), "--warehouse", "wh"]);
    let wh = wd.path().join("wh");
    let before = parquet_files(&wh);
    let staging = wh.join(".staging-run-1");
    std::fs::create_dir_all(staging.join("mentions")).unwrap();
    std::fs::write(staging.join("mentions/part-0.parquet"), b"half").unwrap();
    let orphan = wh.join(".commits/99999999-orphan");
    std::fs::create_dir_all(orphan.join("mentions")).unwrap();
    std::os::unix::fs::symlink(".commits/99999999-orphan", wh.join(".current.orphan")).unwrap();
    assert_eq!(parquet_files(&wh), before, "readers never see the debris");
    wd.run_ok(&["run", "--input", raw.to_str().unwrap(), "--warehouse", "wh"]);
    assert!(!staging.exists() && !orphan.exists(), "debris removed");
    assert!(!wh.join(".current.orphan").exists());
    assert_eq!(
        parquet_files(&wh),
        before,
        "the same inputs, the same tables"
    );
}

#[test]
fn a_pipeline_without_facts_stops_at_mentions() {
    let wd = Workdir::new();
    let raw = raw_dir();
    let pipeline = wd.path().join("p.toml");
    let text = cifras::config::DEFAULT_TOML.replace("[facts]", "");
    std::fs::write(&pipeline, text).unwrap();
    let out = wd.run_ok(&[
        "run",
        "--pipeline",
        pipeline.to_str().unwrap(),
        "--input",
        raw.to_str().unwrap(),
        "--warehouse",
        "wh",
    ]);
    assert!(!out.contains("facts:"), "{out}");
    let files = parquet_files(&wd.path().join("wh"));
    assert!(files.keys().any(|k| k.starts_with("mentions/")));
    assert!(
        !files
            .keys()
            .any(|k| k.starts_with("facts/") || k.starts_with("jornadas/"))
    );
}

#[test]
fn dry_run_writes_nothing() {
    let wd = Workdir::new();
    let raw = raw_dir();
    let out = wd.run_ok(&[
        "run",
        "--dry-run",
        "--input",
        raw.to_str().unwrap(),
        "--warehouse",
        "wh",
    ]);
    assert!(out.contains("would read"));
    assert!(!wd.path().join("wh").exists());
}

#[test]
fn validate_checks_pipelines() {
    let wd = Workdir::new();
    let good = wd.path().join("good.toml");
    std::fs::write(&good, cifras::config::DEFAULT_TOML).unwrap();
    let bad = wd.path().join("bad.toml");
    std::fs::write(
        &bad,
        cifras::config::DEFAULT_TOML.replace("max_bytes", "max_byte"),
    )
    .unwrap();
    let out = wd.run(&["validate", good.to_str().unwrap()], b"");
    assert!(out.status.success());
    let out = wd.run(
        &["validate", good.to_str().unwrap(), bad.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("max_byte"), "{stdout}");
    // a run with a bad pipeline is a configuration error too
    let out = wd.run(&["run", "--pipeline", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    // the built-in pipeline and vocabulary when the working directory has none
    let out = wd.run(&["validate"], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(built-in)") && stdout.contains("35 OOAD, 25 UMAE"),
        "{stdout}"
    );
    // vocabularies: a duplicate code is an error
    let vocab = wd.path().join("vocabulary.toml");
    std::fs::write(&vocab, cifras::vocab::DEFAULT_TOML).unwrap();
    let out = wd.run(&["validate", vocab.to_str().unwrap()], b"");
    assert!(out.status.success());
    let dup = cifras::vocab::DEFAULT_TOML.replacen("code = \"PUE\"", "code = \"JAL\"", 1);
    std::fs::write(&vocab, dup).unwrap();
    let out = wd.run(&["validate", vocab.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("duplicate code"));
}

#[test]
fn schema_describes_every_table() {
    let wd = Workdir::new();
    let out = wd.run_ok(&["schema", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["table"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "documents",
            "mentions",
            "facts",
            "jornadas",
            "checks",
            "quarantine"
        ]
    );
    let out = wd.run(&["schema", "nope"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn inspect_explains_each_figure() {
    let wd = Workdir::new();
    let file = raw_dir().join("2024-07-15_jornada_continuidad_12.txt");
    let out = wd.run_ok(&["inspect", file.to_str().unwrap()]);
    // piped: no colour codes
    assert!(!out.contains('\x1b'));
    assert!(
        out.contains("[204 mil 782]") || out.contains("[186 mil 540]"),
        "{out}"
    );
    assert!(out.contains("fact atenciones meta nacional"), "{out}");
    assert!(out.contains("fact atenciones realizado ooad JAL"), "{out}");
    assert!(out.contains("mismatch servicios_suman_total"), "{out}");
    assert!(
        out.contains("jornada 12 of 2024 (year from the dateline)"),
        "{out}"
    );
    // regression: a year found elsewhere was said "year from the beside the jornada's name"
    let undated = wd.path().join("sin_fecha.txt");
    std::fs::write(
        &undated,
        "Cierra el IMSS la 3ª Jornada de Continuidad 2024\n\nSe otorgaron 150 mil atenciones.",
    )
    .unwrap();
    let out = wd.run_ok(&["inspect", undated.to_str().unwrap()]);
    assert!(
        out.contains("jornada 3 of 2024 (year written beside the jornada's name)"),
        "{out}"
    );
    let out = wd.run(&["inspect", "/nonexistent.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
}

/// Regression (issue 12): a FIFO in the input folder hung the run while it held the lock,
/// and a link to /dev/zero grew without limit (its stat size is 0). Both are quarantined
/// as not regular files, without being opened, within seconds and with little memory.
#[test]
fn a_fifo_and_a_link_to_dev_zero_are_quarantined_without_being_read() {
    let wd = Workdir::new();
    let input = wd.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a_bueno.txt"), "Se dieron 12 mil 5 consultas.").unwrap();
    let fifo = std::ffi::CString::new(input.join("b_tubo.txt").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0, "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", input.join("c_ceros.txt")).unwrap();
    let mut child = wd
        .command(&["run", "--input", "in", "--warehouse", "wh"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("cifras run still running after 30 s: it hangs on a FIFO or /dev/zero");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(status.success(), "{err}");
    assert!(err.contains("not a regular file: a FIFO"), "{err}");
    assert!(
        err.contains("not a regular file: a character device"),
        "{err}"
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("3 read, 1 documents, 2 quarantined"),
        "{summary}"
    );
}

/// The same bulletin as a text extract, a PDF (made by tests/fixtures/make_pdf.py), an IMSS
/// press page and two news sites' pages (all written by us, tests/fixtures/formats): every
/// document gives the same figures and facts, its format, and the pages' addresses and
/// dates from their metadata.
#[test]
fn a_bulletin_as_text_pdf_or_html_pages_gives_the_same_figures_and_facts() {
    let wd = Workdir::new();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let out = wd.run_ok(&[
        "run",
        "--input",
        fixtures.to_str().unwrap(),
        "--warehouse",
        "wh",
    ]);
    assert!(out.contains("5 read, 5 documents, 0 quarantined"), "{out}");
    let csv = |sql: &str| wd.run_ok(&["query", sql, "--warehouse", "wh", "--format", "csv"]);
    let docs = csv(
        "SELECT source_path, format, source_url, published_date, title FROM documents ORDER BY source_path",
    );
    let lines: Vec<&str> = docs.lines().skip(1).collect();
    assert_eq!(lines.len(), 5, "{docs}");
    for l in &lines {
        assert!(
            l.contains(",2025-06-09,Suma IMSS 131 mil 406 atenciones en la Séptima"),
            "{l}"
        );
    }
    assert!(lines[0].contains("boletin.pdf,pdf,,"), "{docs}");
    assert!(lines[1].contains("boletin.txt,text,,"), "{docs}");
    assert!(
        lines[2].contains(
            "diario_nacional.html,html,https://diario.ejemplo.mx/salud/imss-jornada-131-mil"
        ),
        "{docs}"
    );
    assert!(
        lines[3]
            .contains("imss_prensa.html,html,https://prensa.ejemplo.mx/boletines/2025/junio/301"),
        "{docs}"
    );
    assert!(
        lines[4].contains("portal_salud.html,html,https://portal.ejemplo.mx/n/88123"),
        "{docs}"
    );
    // per document: its figures and its facts, as a list to compare
    let per_doc = |sql: &str| -> Vec<String> {
        let text = csv(sql);
        let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in text.lines().skip(1) {
            let (doc, rest) = l.split_once(',').unwrap();
            by.entry(doc.to_string())
                .or_default()
                .push(rest.to_string());
        }
        by.into_values().map(|v| v.join("\n")).collect()
    };
    let mentions = per_doc(
        "SELECT d.source_path, m.text, m.value, m.kind, m.qualifier FROM mentions m JOIN documents d USING (doc_id) ORDER BY d.source_path, m.mention_id",
    );
    let facts = per_doc(
        "SELECT d.source_path, f.metric, f.value, f.modality, f.scope FROM facts f JOIN documents d USING (doc_id) ORDER BY d.source_path, f.mention_id",
    );
    assert_eq!(mentions.len(), 5);
    assert!(mentions.iter().all(|m| *m == mentions[0]), "{mentions:#?}");
    assert!(
        facts[0].contains("atenciones,131406.0,realizado,nacional"),
        "{}",
        facts[0]
    );
    assert!(
        facts[0].contains("cirugias,1962.0,realizado,nacional"),
        "{}",
        facts[0]
    );
    assert!(facts.iter().all(|f| *f == facts[0]), "{facts:#?}");
    let jornadas =
        csv("SELECT year, jornada_number, total_atenciones, meta, cirugias FROM jornadas");
    assert_eq!(
        jornadas.lines().nth(1),
        Some("2025,7,131406,120000,1962"),
        "{jornadas}"
    );
}

/// PDFs that cannot be read are quarantined with the reason (issue 13): encrypted, without a
/// text layer (a scanned image), damaged (cut short); the run goes on; `inspect` reads a PDF.
#[test]
fn unreadable_pdfs_are_quarantined_with_their_reason_and_inspect_reads_a_pdf() {
    let wd = Workdir::new();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bad = fixtures.join("pdf_bad");
    let out = wd.run(
        &["run", "--input", bad.to_str().unwrap(), "--warehouse", "wh"],
        b"",
    );
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for (file, reason) in [
        ("cifrado.pdf", "encrypted PDF"),
        ("escaneado.pdf", "no text layer"),
        ("danado.pdf", "damaged PDF"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: no {reason:?} in {err}"
        );
    }
    let pdf = fixtures.join("formats/boletin.pdf");
    let shown = wd.run_ok(&["inspect", pdf.to_str().unwrap()]);
    assert!(shown.contains("[131 mil 406]"), "{shown}");
}
