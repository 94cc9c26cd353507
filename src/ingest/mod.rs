//! Ingest: raw files → documents (decoded, cleaned text with metadata) or quarantine
//! entries that say why a file could not be read.

mod clean;
mod decode;
mod html;
mod meta;
mod pdf;

pub use pdf::{child_main as pdf_child_main, isolate_with as isolate_pdf_with};

pub use clean::clean;
pub use meta::{Meta, read_meta};

use crate::config::IngestConfig;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// One bulletin, ready for extraction. `body` is the text all offsets refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// SHA-256 of the raw bytes, hex.
    pub doc_id: String,
    pub source_path: String,
    /// What the raw bytes were: `text`, `html` or `pdf` (decided by the content).
    pub format: &'static str,
    /// An HTML page's canonical address.
    pub source_url: Option<String>,
    pub bulletin_number: Option<String>,
    /// Days since 1970-01-01.
    pub published_date: Option<i32>,
    pub place: Option<String>,
    pub title: Option<String>,
    pub encoding: String,
    pub body: String,
    /// Raw size in bytes.
    pub bytes: u64,
}

impl Document {
    /// The publication year (the partition key), if the dateline gives it.
    pub fn year(&self) -> Option<i64> {
        self.published_date
            .map(|d| i64::from(crate::dates::civil_from_days(d).0))
    }
}

/// An input that could not be processed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    pub source_path: String,
    pub reason: String,
    pub bytes: u64,
    pub detected_encoding: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Ingested {
    Document(Document),
    Quarantined(Quarantined),
}

/// An input file and its size from the directory listing (0 if unknown). Kept small: a
/// run holds one per file.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub bytes: u64,
    /// Modification time in nanoseconds since 1970 (0 if unknown): with the size, what
    /// lets an incremental run trust the hash it recorded for this path.
    pub mtime_ns: i64,
    /// What the path is when it is not a regular file (a FIFO, a socket, a device, or a
    /// link to one): such inputs are quarantined without being opened.
    pub special: Option<&'static str>,
}

/// What a file type is, when it is not a regular file.
fn special_kind(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

impl Input {
    /// One file, with its size and modification time.
    pub fn from_path(path: &Path) -> std::io::Result<Input> {
        let m = std::fs::metadata(path)?;
        Ok(Input {
            path: path.to_path_buf(),
            bytes: m.len(),
            mtime_ns: mtime_ns(&m),
            special: special_kind(m.file_type()),
        })
    }

    /// How the input is named in the tables (`source_path`).
    pub fn name(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// The inputs under a folder, and how many files were skipped.
#[derive(Debug, Default)]
pub struct Listing {
    pub inputs: Vec<Input>,
    /// Files whose name does not end in one of `ingest.extensions`: never read, counted.
    pub skipped: u64,
}

/// The bulletins under `dir` (recursively), sorted by name, so that every run sees them in
/// the same order. Their sizes and times are read in parallel: on a nightly re-run over a
/// large folder, these stat calls are most of the work.
pub fn list_inputs(dir: &Path, cfg: &IngestConfig) -> Result<Listing, Error> {
    use rayon::prelude::*;
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "input folder {} does not exist or is not a folder",
            dir.display()
        )));
    }
    // the folder is read on this thread while the pool stats what it has found so far
    // (stat-ing is most of a listing's time, and the kernel does it on every core)
    let found: std::sync::Mutex<Vec<Vec<Input>>> = Default::default();
    let mut skipped = 0u64;
    let walked = rayon::scope(|scope| -> Result<(), Error> {
        let mut files = Vec::with_capacity(STAT_CHUNK);
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d)
                .map_err(|e| Error::io(format!("listing {}", d.display()), e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(format!("listing {}", d.display()), e))?;
                let path = entry.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with('.') {
                    continue;
                }
                let ft = entry
                    .file_type()
                    .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                if ft.is_dir() {
                    stack.push(path);
                    continue;
                }
                let ext_ok = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| cfg.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
                if ext_ok {
                    files.push((path, entry, ft.is_symlink()));
                } else {
                    skipped += 1;
                }
                if files.len() == STAT_CHUNK {
                    let chunk = std::mem::replace(&mut files, Vec::with_capacity(STAT_CHUNK));
                    let found = &found;
                    scope.spawn(move |_| stat_into(chunk, found));
                }
            }
        }
        stat_into(files, &found);
        Ok(())
    });
    walked?;
    let mut inputs: Vec<Input> = found
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect();
    // by the bytes of the path (a plain memcmp; ordering by components costs more than
    // stat-ing the files): the order of rows within a file and of the run's state
    inputs.par_sort_unstable_by(|a, b| path_order(&a.path, &b.path));
    Ok(Listing { inputs, skipped })
}

/// Files stat-ed per task while a folder is being read.
const STAT_CHUNK: usize = 4096;

/// Stats found files: their size and modification time.
fn stat_into(
    files: Vec<(PathBuf, std::fs::DirEntry, bool)>,
    found: &std::sync::Mutex<Vec<Vec<Input>>>,
) {
    let inputs: Vec<Input> = files
        .into_iter()
        .map(|(path, entry, link)| {
            // stat relative to the open folder (no path walk); a link gives the file it
            // points to, a broken one its own (it is quarantined as unreadable when read)
            let m = match link {
                true => std::fs::metadata(&path).or_else(|_| entry.metadata()),
                false => entry.metadata(),
            };
            let (bytes, mtime_ns, special) = match m {
                // a broken link: opening it says why it cannot be read
                Ok(m) if m.file_type().is_symlink() => (m.len(), mtime_ns(&m), None),
                Ok(m) => (m.len(), mtime_ns(&m), special_kind(m.file_type())),
                Err(_) => (0, 0, None),
            };
            Input {
                path,
                bytes,
                mtime_ns,
                special,
            }
        })
        .collect();
    found.lock().unwrap_or_else(|e| e.into_inner()).push(inputs);
}

/// The order of inputs: by the bytes of their paths.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    a.as_os_str()
        .as_encoded_bytes()
        .cmp(b.as_os_str().as_encoded_bytes())
}

fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The SHA-256 of a file's bytes, hex (the `doc_id` it would get), for a file expected to
/// have `size` bytes; an error when it has more or is not a regular file.
pub fn content_hash(path: &Path, size: u64) -> std::io::Result<String> {
    match read_file(path, size, size)? {
        Read::Bytes(raw) => Ok(doc_id(&raw)),
        Read::TooLarge | Read::Special(_) => Err(std::io::Error::other("not hashable")),
    }
}

/// The `doc_id` of raw bytes: their SHA-256, hex.
fn doc_id(raw: &[u8]) -> String {
    crate::digest::sha256_hex(raw)
}

/// What reading an input gave.
enum Read {
    Bytes(Vec<u8>),
    /// More than the limit: the file is larger than allowed, or grew while it was read.
    TooLarge,
    /// Not a regular file once opened (it was replaced since the listing).
    Special(&'static str),
}

/// Reads a whole file into a buffer sized from the listing: open, read until end, close
/// (no extra metadata calls; thousands of small bulletins make syscalls count). The file
/// is opened without blocking (a FIFO swapped in after the listing cannot hang the run)
/// and read to at most `limit` bytes.
fn read_file(path: &Path, size_hint: u64, limit: u64) -> std::io::Result<Read> {
    use std::io::Read as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path)?;
    #[cfg(unix)]
    if let Some(kind) = special_kind(f.metadata()?.file_type()) {
        return Ok(Read::Special(kind));
    }
    let mut f = f.take(limit.saturating_add(1));
    let mut buf = vec![0u8; size_hint.min(limit) as usize + 1];
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        match f.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if len as u64 > limit {
        return Ok(Read::TooLarge);
    }
    buf.truncate(len);
    Ok(Read::Bytes(buf))
}

/// Reads, decodes and cleans one input. Never panics on bad input: anything that cannot be
/// read becomes a quarantine entry with its reason.
pub fn ingest(input: &Input, cfg: &IngestConfig) -> Ingested {
    let quarantine = |reason: String, bytes: u64, enc: Option<&str>| {
        quarantined(input.name(), reason, bytes, enc)
    };
    if input.bytes > cfg.max_bytes {
        return quarantine(
            format!(
                "oversized: {} bytes, more than max_bytes = {}",
                input.bytes, cfg.max_bytes
            ),
            input.bytes,
            None,
        );
    }
    if let Some(kind) = input.special {
        return quarantine(format!("not a regular file: {kind}"), 0, None);
    }
    let raw = match read_file(&input.path, input.bytes, cfg.max_bytes) {
        Ok(Read::Bytes(r)) => r,
        Ok(Read::TooLarge) => {
            return quarantine(
                format!(
                    "oversized: more than max_bytes = {} bytes when read (the file grew)",
                    cfg.max_bytes
                ),
                cfg.max_bytes.saturating_add(1),
                None,
            );
        }
        Ok(Read::Special(kind)) => {
            return quarantine(format!("not a regular file: {kind}"), 0, None);
        }
        Err(e) => return quarantine(format!("unreadable: {e}"), input.bytes, None),
    };
    ingest_bytes(raw, input.name(), cfg)
}

/// Decodes, cleans and reads the metadata of the raw bytes of one input named
/// `source_path` (the part of [`ingest`] after reading the file; also what the fuzz
/// targets and the Python package call).
pub fn ingest_bytes(raw: Vec<u8>, source_path: String, cfg: &IngestConfig) -> Ingested {
    let quarantine = |reason: String, bytes: u64, enc: Option<&str>| {
        quarantined(source_path.clone(), reason, bytes, enc)
    };
    let bytes = raw.len() as u64;
    if bytes > cfg.max_bytes {
        return quarantine(
            format!(
                "oversized: {bytes} bytes, more than max_bytes = {}",
                cfg.max_bytes
            ),
            bytes,
            None,
        );
    }
    let doc_id = doc_id(&raw);
    if raw.starts_with(b"%PDF-") {
        return match pdf::text(&raw) {
            Ok(text) => document(
                doc_id,
                source_path,
                "pdf",
                "pdf-text",
                &text,
                None,
                bytes,
                cfg,
            ),
            Err(reason) => quarantine(reason, bytes, None),
        };
    }
    let is_html = html::looks_like_html(&raw);
    if is_html && html::cut_short(&raw) {
        return quarantine(
            "truncated: the HTML page opens <html> but ends before </html> (a partial download)"
                .into(),
            bytes,
            None,
        );
    }
    let hint = if is_html {
        html::declared_charset(&raw)
    } else {
        None
    };
    let decoded = match decode::decode(raw, hint) {
        Ok(d) => d,
        Err((refusal, enc)) => return quarantine(refusal.reason(), bytes, enc),
    };
    // an HTML page: its article's text, read from here on like a text extract
    let mut page = is_html.then(|| html::extract(&decoded.text));
    let text = match page.as_mut() {
        Some(p) => std::mem::take(&mut p.text),
        None => decoded.text,
    };
    let format = if page.is_some() { "html" } else { "text" };
    document(
        doc_id,
        source_path,
        format,
        decoded.encoding,
        &text,
        page,
        bytes,
        cfg,
    )
}

/// An input that could not be processed, and why.
fn quarantined(source_path: String, reason: String, bytes: u64, enc: Option<&str>) -> Ingested {
    Ingested::Quarantined(Quarantined {
        source_path,
        reason,
        bytes,
        detected_encoding: enc.map(str::to_string),
    })
}

/// The document of a text (an extract's, a page's article, a PDF's text layer): cleaned,
/// its metadata read; quarantined when nothing is left.
#[allow(clippy::too_many_arguments)]
fn document(
    doc_id: String,
    source_path: String,
    format: &'static str,
    encoding: &'static str,
    text: &str,
    page: Option<html::Page>,
    bytes: u64,
    cfg: &IngestConfig,
) -> Ingested {
    let (body, stamp) = clean::clean_and_stamp(text, cfg.header_min_repeats);
    if body.trim().is_empty() {
        return quarantined(
            source_path,
            "empty: no text after cleaning".into(),
            bytes,
            Some(encoding),
        );
    }
    let meta = read_meta(&body);
    // no dateline: the page's metadata (of an HTML page, or the time stamp a reprint's
    // text kept from its page), else a date in the file's name ("2024-07-03_…")
    let published_date = meta
        .published_date
        .or_else(|| page.as_ref().and_then(|p| p.published))
        .or_else(|| stamp.as_deref().and_then(meta::stamp_date))
        .or_else(|| meta::date_in_file_name(&source_path));
    let (source_url, title) = match page {
        Some(p) => (p.url, p.title.or(meta.title)),
        None => (None, meta.title),
    };
    Ingested::Document(Document {
        doc_id,
        source_path,
        format,
        source_url,
        bulletin_number: meta.bulletin_number,
        published_date,
        place: meta.place,
        title,
        encoding: encoding.to_string(),
        body,
        bytes,
    })
}
