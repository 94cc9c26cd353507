//! PDF bulletins → their text layer, page by page (a form feed between pages, so that the
//! cleaning removes page headers, footers and numbers as it does for PDF extracts).
//!
//! Read with `pdf-extract` (measured against lopdf's own text extraction: it keeps the gaps
//! between paragraphs, which frames need; 1,800 one-page bulletins a second). A PDF library
//! can panic or loop on a damaged file, so the batch commands read each PDF in a child
//! process (`cifras __pdf-text`, memory-capped) with a time limit, and kill it when the
//! limit passes; the library (fuzz targets, tests) reads in-process, panics caught.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The binary that reads PDFs in a child process, once a command has said so.
static ISOLATE: OnceLock<PathBuf> = OnceLock::new();

/// How long one PDF may take in the child process.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The memory a child process may use (its address space).
const CHILD_MEMORY: u64 = 2 << 30;

/// From now on, read PDFs in a child process running `exe __pdf-text`.
pub fn isolate_with(exe: PathBuf) {
    let _ = ISOLATE.set(exe);
}

/// The text of a PDF, or the reason it cannot be read.
pub fn text(raw: &[u8]) -> Result<String, String> {
    match ISOLATE.get() {
        Some(exe) => in_child(exe, raw, TIME_LIMIT),
        None => in_process(raw),
    }
}

/// Reads a PDF here, a panic of the library caught.
pub fn in_process(raw: &[u8]) -> Result<String, String> {
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(raw));
    let encrypted = raw.windows(8).any(|w| w == b"/Encrypt");
    match pages {
        Ok(Ok(pages)) => {
            let text = pages.join("\u{c}");
            if text.trim().is_empty() {
                Err(format!(
                    "no text layer: a PDF of {} page(s) without text (a scanned image?)",
                    pages.len()
                ))
            } else {
                Ok(text)
            }
        }
        Ok(Err(e)) if encrypted => Err(format!("encrypted PDF: {e}")),
        Ok(Err(e)) => Err(format!("damaged PDF: {e}")),
        Err(_) if encrypted => Err("encrypted PDF: the PDF reader failed on it".into()),
        Err(_) => Err("damaged PDF: the PDF reader failed on it".into()),
    }
}

/// `cifras __pdf-text`: the PDF on standard input, its text on standard output (exit 0),
/// or the reason it cannot be read on standard error (exit 3).
pub fn child_main() -> std::process::ExitCode {
    #[cfg(unix)]
    // SAFETY: setrlimit on this process with a valid struct
    unsafe {
        let lim = libc::rlimit {
            rlim_cur: CHILD_MEMORY,
            rlim_max: CHILD_MEMORY,
        };
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut raw = Vec::new();
    if std::io::stdin().read_to_end(&mut raw).is_err() {
        return std::process::ExitCode::from(3);
    }
    match in_process(&raw) {
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            std::process::ExitCode::SUCCESS
        }
        Err(reason) => {
            let _ = std::io::stderr().write_all(reason.as_bytes());
            std::process::ExitCode::from(3)
        }
    }
}

/// Reads a PDF in a child process, killed after `limit`.
fn in_child(exe: &PathBuf, raw: &[u8], limit: Duration) -> Result<String, String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(exe)
        .arg("__pdf-text")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("unreadable: cannot start the PDF reader: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let data = raw.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let mut stderr = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stderr.read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    match status {
        None => Err(format!(
            "damaged PDF: reading it took more than {} s and was stopped",
            limit.as_secs()
        )),
        Some(s) if s.success() => {
            String::from_utf8(out).map_err(|_| "damaged PDF: its text is not UTF-8".to_string())
        }
        Some(s) if s.code() == Some(3) => Err(String::from_utf8_lossy(&err).trim().to_string()),
        Some(_) => {
            Err("damaged PDF: the PDF reader failed on it (out of memory or crashed)".into())
        }
    }
}
