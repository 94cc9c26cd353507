//! `cifras normalize [TEXT…]`: the figures of each input line as one JSON object per line
//! (SPEC §3). Lines are read in batches and processed in parallel; output keeps input order.

use crate::error::Error;
use crate::figures::{Locale, json_line};
use crate::log::Log;
use rayon::prelude::*;
use std::io::{BufRead, Write};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Texts to read; with none, standard input is read line by line.
    pub text: Vec<String>,
    /// Digit conventions: es-MX reads "1,234.5", es-ES reads "1.234,5".
    #[arg(long, value_enum, default_value_t = Locale::EsMx)]
    pub locale: Locale,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

/// Lines per parallel batch: large enough to keep every core busy, small enough to stream.
const BATCH_LINES: usize = 4096;

pub fn run(args: Args, log: Log) -> Result<(), Error> {
    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = args.jobs {
            if n == 0 {
                return Err(Error::Usage("--jobs must be at least 1".into()));
            }
            b = b.num_threads(n);
        }
        b.build().map_err(|e| {
            Error::Usage(format!("cannot start {:?} worker threads: {e}", args.jobs))
        })?
    };
    let started = std::time::Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = (|| -> Result<usize, Error> {
        if !args.text.is_empty() {
            write_batch(&pool, &mut out, &args.text, args.locale)?;
            return Ok(args.text.len());
        }
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut batch: Vec<String> = Vec::with_capacity(BATCH_LINES);
        let mut buf = Vec::new();
        let mut lines = 0usize;
        loop {
            buf.clear();
            let n = input
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io("reading standard input", e))?;
            if n > 0 {
                lines += 1;
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                let line = match String::from_utf8(std::mem::take(&mut buf)) {
                    Ok(s) => s,
                    Err(e) => {
                        log.warn(&format!(
                            "line {lines} is not valid UTF-8: read with U+FFFD in place of the bad bytes"
                        ));
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                batch.push(line);
            }
            if batch.len() >= BATCH_LINES || (n == 0 && !batch.is_empty()) {
                write_batch(&pool, &mut out, &batch, args.locale)?;
                batch.clear();
            }
            if n == 0 {
                return Ok(lines);
            }
        }
    })();
    let flushed = out
        .flush()
        .map_err(|e| Error::io("writing standard output", e));
    let outcome = result.and_then(|lines| flushed.map(|_| lines));
    match outcome {
        Ok(lines) => {
            log.info(&format!(
                "normalized {lines} lines in {:.3} s",
                started.elapsed().as_secs_f64()
            ));
            Ok(())
        }
        Err(e) if e.is_broken_pipe() => Ok(()),
        Err(e) => Err(e),
    }
}

fn write_batch(
    pool: &rayon::ThreadPool,
    out: &mut impl Write,
    lines: &[String],
    locale: Locale,
) -> Result<(), Error> {
    let rendered: Vec<String> =
        pool.install(|| lines.par_iter().map(|l| json_line(l, locale)).collect());
    for r in rendered {
        out.write_all(r.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
            .map_err(|e| Error::io("writing standard output", e))?;
    }
    Ok(())
}
