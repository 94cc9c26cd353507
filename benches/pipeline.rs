//! The whole batch run (`cifras run`, the release binary as a child process) over a corpus
//! of synthetic bulletins: MB/s, documents/s, peak RSS, and the recall of the figures and
//! dates the generator wrote. Two corpus sizes in the same run show whether memory grows
//! with the corpus.
//!
//! `cargo bench --bench pipeline` (sizes in MB: `CIFRAS_PIPELINE_MB=50,200`, the default).

mod bulletins;

use arrow::array::{Array, Date32Array, Float64Array, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.push(p);
            }
        }
    }
    out
}

fn read_columns(dir: &Path, cols: &[&str], mut f: impl FnMut(&arrow::record_batch::RecordBatch)) {
    for file in parquet_files(dir) {
        let b =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&file).unwrap()).unwrap();
        let mask =
            parquet::arrow::ProjectionMask::columns(b.parquet_schema(), cols.iter().copied());
        for batch in b.with_projection(mask).build().unwrap() {
            f(&batch.unwrap());
        }
    }
}

/// Runs the binary; returns (seconds, peak RSS in MB, exit status). The peak is the one the
/// run prints (its own `VmHWM`): the `ru_maxrss` that `wait4` gives a spawned child starts
/// from the parent's peak, which made every run of the 1 GB corpus read 379 MB, the bench's
/// own size, until 2026-11-30.
fn run_measured(args: &[&str]) -> (f64, f64, i32) {
    let t = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("cifras starts");
    let secs = t.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let peak = stdout
        .split("peak memory ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next()?.parse().ok())
        .unwrap_or(f64::NAN);
    (secs, peak, out.status.code().unwrap_or(-1))
}

struct Result {
    mb: f64,
    docs: usize,
    /// ingest and extract only
    ie_secs: f64,
    ie_rss: f64,
    secs: f64,
    rss_mb: f64,
    fig_recall: f64,
    date_recall: f64,
}

/// Writes the synthetic corpus of `target_mb` into `input`: the files' bytes and what the
/// generator wrote into each.
fn write_corpus(input: &Path, target_mb: u64) -> (u64, HashMap<String, bulletins::Truth>) {
    std::fs::create_dir_all(input).unwrap();
    let mut r = bulletins::Lcg(0x00c1_f4a5 + target_mb);
    let mut truth: HashMap<String, bulletins::Truth> = HashMap::new();
    let mut bytes = 0u64;
    let mut serial = 0u64;
    while bytes < target_mb * 1_000_000 {
        serial += 1;
        let (text, t) = bulletins::bulletin(&mut r, serial);
        let name = input.join(format!("{serial:07}.txt"));
        std::fs::write(&name, &text).unwrap();
        bytes += text.len() as u64;
        truth.insert(name.to_string_lossy().into_owned(), t);
    }
    (bytes, truth)
}

fn bench(target_mb: u64) -> Result {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    let (bytes, truth) = write_corpus(&input, target_mb);
    // the same corpus through ingest and extract only (a pipeline without [facts]) …
    let no_facts = dir.path().join("no_facts.toml");
    std::fs::write(
        &no_facts,
        cifras::config::DEFAULT_TOML.replace("[facts]", ""),
    )
    .unwrap();
    let (ie_secs, ie_rss, code) = run_measured(&[
        "run",
        "-q",
        "--pipeline",
        no_facts.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--warehouse",
        dir.path().join("wh_ie").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "cifras run (no facts) failed");
    // … and the whole run
    let wh = dir.path().join("wh");
    let (secs, rss_mb, code) = run_measured(&[
        "run",
        "-q",
        "--input",
        input.to_str().unwrap(),
        "--warehouse",
        wh.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "cifras run failed");

    // doc_id → source path, then what the run found per document
    let mut path_of: HashMap<String, String> = HashMap::new();
    read_columns(&wh.join("documents"), &["doc_id", "source_path"], |b| {
        let id = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        let p = b.column(1).as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..b.num_rows() {
            path_of.insert(id.value(i).to_string(), p.value(i).to_string());
        }
    });
    let mut found_figs: HashMap<String, Vec<(f64, String)>> = HashMap::new();
    let mut found_dates: HashMap<String, Vec<(i32, i32)>> = HashMap::new();
    read_columns(
        &wh.join("mentions"),
        &["doc_id", "value", "kind", "date_start", "date_end"],
        |b| {
            let id = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
            let value = b.column(1).as_any().downcast_ref::<Float64Array>().unwrap();
            let kind = b.column(2).as_any().downcast_ref::<StringArray>().unwrap();
            let ds = b.column(3).as_any().downcast_ref::<Date32Array>().unwrap();
            let de = b.column(4).as_any().downcast_ref::<Date32Array>().unwrap();
            for i in 0..b.num_rows() {
                let doc = path_of[id.value(i)].clone();
                if kind.value(i) == "date" {
                    if !ds.is_null(i) {
                        found_dates
                            .entry(doc)
                            .or_default()
                            .push((ds.value(i), de.value(i)));
                    }
                } else {
                    found_figs
                        .entry(doc)
                        .or_default()
                        .push((value.value(i), kind.value(i).to_string()));
                }
            }
        },
    );
    let (mut fig_total, mut fig_hit, mut date_total, mut date_hit) =
        (0usize, 0usize, 0usize, 0usize);
    for (doc, t) in &truth {
        let mut figs = found_figs.remove(doc).unwrap_or_default();
        for (v, k) in &t.figures {
            fig_total += 1;
            if let Some(pos) = figs.iter().position(|(fv, fk)| fv == v && fk == k) {
                figs.swap_remove(pos);
                fig_hit += 1;
            }
        }
        let mut dates = found_dates.remove(doc).unwrap_or_default();
        for d in &t.dates {
            date_total += 1;
            if let Some(pos) = dates.iter().position(|x| x == d) {
                dates.swap_remove(pos);
                date_hit += 1;
            }
        }
    }
    // CIFRAS_PIPELINE_KEEP=1 keeps the corpus and warehouse, to look at them or profile
    if std::env::var_os("CIFRAS_PIPELINE_KEEP").is_some() {
        println!("  kept {}", dir.keep().display());
    }
    Result {
        mb: bytes as f64 / 1e6,
        docs: truth.len(),
        ie_secs,
        ie_rss,
        secs,
        rss_mb,
        fig_recall: fig_hit as f64 / fig_total as f64,
        date_recall: date_hit as f64 / date_total as f64,
    }
}

/// A bulletin as a news site's HTML page: chrome around the article, accents as entities.
fn as_html(text: &str, serial: u64) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('á', "&aacute;")
            .replace('é', "&eacute;")
            .replace('í', "&iacute;")
            .replace('ó', "&oacute;")
            .replace('ú', "&uacute;")
            .replace('ñ', "&ntilde;")
    };
    let mut paras = text.split("\n\n").filter(|p| !p.trim().is_empty());
    let title = esc(paras.next().unwrap_or("").trim());
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>{title} | Diario</title>\
         <link rel=\"canonical\" href=\"https://diario.ejemplo.mx/n/{serial}\">\
         <script>window.dataLayer=[];</script><style>p{{margin:0}}</style></head><body>\
         <nav class=\"menu\"><a href=\"/\">Inicio</a> <a href=\"/salud\">Salud</a></nav>\
         <div class=\"share\">Compartir Facebook X WhatsApp</div><article><h1>{title}</h1>"
    );
    for p in paras {
        out.push_str("<p>");
        out.push_str(&esc(&p.split_whitespace().collect::<Vec<_>>().join(" ")));
        out.push_str("</p>\n");
    }
    out.push_str("</article><aside class=\"sidebar\"><h3>Lo m&aacute;s le&iacute;do</h3><ul><li>Otra nota 10:45</li></ul></aside><footer>&copy; Diario</footer></body></html>\n");
    out
}

/// A bulletin as a PDF with a text layer (Helvetica, WinAnsiEncoding; 40 lines a page),
/// as tests/fixtures/make_pdf.py writes it. Returns the bytes and the number of pages.
fn as_pdf(text: &str) -> (Vec<u8>, usize) {
    let mut lines: Vec<String> = Vec::new();
    for para in text.split("\n\n") {
        let mut line = String::new();
        for w in para.split_whitespace() {
            if line.len() + w.len() + 1 > 80 && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        lines.push(line);
        lines.push(String::new());
    }
    let pages: Vec<&[String]> = lines.chunks(40).collect();
    let esc = |s: &str| -> Vec<u8> {
        let (b, _, _) = encoding_rs::WINDOWS_1252.encode(s);
        let mut out = Vec::new();
        for &c in b.iter() {
            if matches!(c, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(c);
        }
        out
    };
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let pages_id = 1 + 2 * pages.len() + 1;
    let mut page_ids = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let mut c = b"BT /F1 11 Tf 72 730 Td 14 TL\n".to_vec();
        for l in page.iter() {
            c.push(b'(');
            c.extend(esc(l));
            c.extend(b") Tj T*\n");
        }
        c.extend(
            format!(
                "ET\nBT /F1 9 Tf 290 40 Td (Pagina {} de {}) Tj ET",
                n + 1,
                pages.len()
            )
            .bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", c.len()).into_bytes();
        stream.extend(&c);
        stream.extend(b"\nendstream");
        objects.push(stream);
        let stream_id = objects.len();
        objects.push(format!("<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> /Contents {stream_id} 0 R >>").into_bytes());
        page_ids.push(objects.len());
    }
    let kids: Vec<String> = page_ids.iter().map(|i| format!("{i} 0 R")).collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    assert_eq!(objects.len(), pages_id);
    objects.push(format!("<< /Type /Catalog /Pages {pages_id} 0 R >>").into_bytes());
    let catalog = objects.len();
    let mut body = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(body.len());
        body.extend(format!("{} 0 obj\n", i + 1).bytes());
        body.extend(o);
        body.extend(b"\nendobj\n");
    }
    let xref = body.len();
    body.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        body.extend(format!("{off:010} 00000 n \n").bytes());
    }
    body.extend(
        format!(
            "trailer\n<< /Size {} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    (body, pages.len())
}

/// The same synthetic bulletins as text, HTML pages and PDFs, through `cifras ingest`:
/// MB/s of the raw bytes, documents (and pages) per second, peak RSS.
fn formats(target_mb: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut r = bulletins::Lcg(0x0f0a_7115);
    let (mut text_bytes, mut html_bytes, mut pdf_bytes, mut pages, mut n) =
        (0u64, 0u64, 0u64, 0usize, 0u64);
    for sub in ["txt", "html", "pdf"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    while text_bytes < target_mb * 1_000_000 {
        n += 1;
        let (text, _) = bulletins::bulletin(&mut r, n);
        std::fs::write(dir.path().join(format!("txt/{n:07}.txt")), &text).unwrap();
        let html = as_html(&text, n);
        std::fs::write(dir.path().join(format!("html/{n:07}.html")), &html).unwrap();
        let (pdf, p) = as_pdf(&text);
        std::fs::write(dir.path().join(format!("pdf/{n:07}.pdf")), &pdf).unwrap();
        text_bytes += text.len() as u64;
        html_bytes += html.len() as u64;
        pdf_bytes += pdf.len() as u64;
        pages += p;
    }
    println!("the same {n} bulletins as text, HTML and PDF, through `cifras ingest` (2 cores):");
    println!(
        "  {:>6} {:>8} {:>8} {:>9} {:>9} {:>8}",
        "format", "MB", "seconds", "MB/s", "docs/s", "RSS MB"
    );
    for (sub, bytes) in [
        ("txt", text_bytes),
        ("html", html_bytes),
        ("pdf", pdf_bytes),
    ] {
        let wh = dir.path().join(format!("wh_{sub}"));
        let (secs, rss, code) = run_measured(&[
            "ingest",
            "-q",
            "--input",
            dir.path().join(sub).to_str().unwrap(),
            "--warehouse",
            wh.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "cifras ingest of {sub} failed");
        println!(
            "  {:>6} {:>8.1} {:>8.2} {:>9.1} {:>9.0} {:>8.0}",
            sub,
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs,
            n as f64 / secs,
            rss
        );
        if sub == "pdf" {
            println!("  pdf: {pages} pages, {:.0} pages/s", pages as f64 / secs);
        }
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and wants a quick check
    let sizes: Vec<u64> = std::env::var("CIFRAS_PIPELINE_MB")
        .unwrap_or_else(|_| {
            if std::env::args().any(|a| a == "--bench") {
                "50,200"
            } else {
                "2"
            }
            .into()
        })
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    // CIFRAS_PIPELINE_CORPUS=DIR writes the corpus of the first size there and stops: the same
    // files for a profiler or for runs of two builds
    if let Some(dir) = std::env::var_os("CIFRAS_PIPELINE_CORPUS") {
        let size = sizes.first().copied().unwrap_or(50);
        let (bytes, truth) = write_corpus(Path::new(&dir), size);
        println!(
            "{} bulletins, {bytes} bytes in {}",
            truth.len(),
            Path::new(&dir).display()
        );
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cifras run over synthetic bulletins ({cores} cores):");
    println!(
        "  {:>8} {:>8} {:>26} {:>36} {:>11} {:>10}",
        "", "", "ingest + extract", "ingest + extract + facts", "", ""
    );
    println!(
        "  {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>11} {:>10}",
        "MB",
        "docs",
        "MB/s",
        "docs/s",
        "RSS MB",
        "seconds",
        "MB/s",
        "docs/s",
        "RSS MB",
        "fig recall",
        "date recall"
    );
    let mut rows = Vec::new();
    for size in sizes {
        let r = bench(size);
        println!(
            "  {:>8.1} {:>8} {:>8.1} {:>8.0} {:>8.0} {:>8.2} {:>8.1} {:>9.0} {:>8.0} {:>10.2}% {:>9.2}%",
            r.mb,
            r.docs,
            r.mb / r.ie_secs,
            r.docs as f64 / r.ie_secs,
            r.ie_rss,
            r.secs,
            r.mb / r.secs,
            r.docs as f64 / r.secs,
            r.rss_mb,
            100.0 * r.fig_recall,
            100.0 * r.date_recall
        );
        rows.push(r);
    }
    // the formats: CIFRAS_FORMATS_MB (text MB; default 20, 1 for a quick check, 0 for none)
    let formats_mb = std::env::var("CIFRAS_FORMATS_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            20
        } else {
            1
        });
    if formats_mb > 0 {
        formats(formats_mb);
    }
    if let (Some(a), Some(b)) = (rows.first(), rows.last())
        && rows.len() > 1
    {
        println!(
            "  peak RSS ratio {:.0} MB / {:.0} MB corpus: {:.2}x for {:.1}x the input",
            b.mb,
            a.mb,
            b.rss_mb / a.rss_mb,
            b.mb / a.mb
        );
    }
}
