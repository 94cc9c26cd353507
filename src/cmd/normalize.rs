//! `cifras normalize [TEXT…]`: the figures of each input line as one JSON object per line
//! (SPEC §3). Lines are read in batches and processed in parallel; output keeps input order.

use crate::cli::{Log, is_broken_pipe};
use crate::error::Error;
use crate::figures::{self, Figure, Locale};
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

/// A JSON integer for whole values, a JSON number otherwise (121.8 stays 121.8).
fn json_value(f: &Figure) -> serde_json::Number {
    match f.value.as_i64() {
        Some(i) => i.into(),
        None => serde_json::Number::from_f64(f.value.to_f64()).unwrap_or_else(|| 0.into()),
    }
}

/// The JSON line for one input line.
pub fn render(input: &str, locale: Locale) -> String {
    thread_local! {
        static OUT: std::cell::RefCell<figures::Reading> = Default::default();
    }
    OUT.with(|cell| {
        let mut out = cell.borrow_mut();
        figures::read_into(input, locale, &mut out);
        render_reading(input, &out.figures)
    })
}

/// `{"input":…,"mentions":[{"text","start","end","value","kind","qualifier"},…]}`, written
/// directly: serde_json's general serializer took a sixth of `normalize`'s time, most of it
/// escaping strings that need no escape. Tested equal to serde_json's output.
fn render_reading(input: &str, figs: &[Figure]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(input.len() + 28 + figs.len() * 112);
    s.push_str("{\"input\":");
    push_json_str(&mut s, input);
    s.push_str(",\"mentions\":[");
    for (k, f) in figs.iter().enumerate() {
        if k > 0 {
            s.push(',');
        }
        s.push_str("{\"text\":");
        push_json_str(&mut s, f.text(input));
        s.push_str(",\"start\":");
        let _ = write!(s, "{},\"end\":{},\"value\":", f.start, f.end);
        match f.value.as_i64() {
            Some(i) => {
                let _ = write!(s, "{i}");
            }
            None => s.push_str(&serde_json::to_string(&json_value(f)).expect("a number")),
        }
        s.push_str(",\"kind\":\"");
        s.push_str(f.kind.as_str());
        s.push_str("\",\"qualifier\":\"");
        s.push_str(f.qualifier.as_str());
        s.push_str("\"}");
    }
    s.push_str("]}");
    s
}

/// A JSON string: as it is when nothing in it needs escaping (no quote, backslash or
/// control character), else by serde_json.
fn push_json_str(s: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        s.push('"');
        s.push_str(text);
        s.push('"');
    } else {
        s.push_str(&serde_json::to_string(text).expect("a string serializes"));
    }
}

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
        Err(e) if is_broken_pipe(&e) => Ok(()),
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
        pool.install(|| lines.par_iter().map(|l| render(l, locale)).collect());
    for r in rendered {
        out.write_all(r.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
            .map_err(|e| Error::io("writing standard output", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Kind, Qualifier};
    use serde::Serialize;

    /// The line as serde_json writes it: what the direct writer must give.
    fn by_serde(input: &str, figs: &[Figure]) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            input: &'a str,
            mentions: Vec<Mention<'a>>,
        }
        #[derive(Serialize)]
        struct Mention<'a> {
            text: &'a str,
            start: usize,
            end: usize,
            value: serde_json::Number,
            kind: Kind,
            qualifier: Qualifier,
        }
        let line = Line {
            input,
            mentions: figs
                .iter()
                .map(|f| Mention {
                    text: f.text(input),
                    start: f.start,
                    end: f.end,
                    value: json_value(f),
                    kind: f.kind,
                    qualifier: f.qualifier,
                })
                .collect(),
        };
        serde_json::to_string(&line).expect("plain data")
    }

    #[test]
    fn lines_are_written_as_serde_json_writes_them() {
        let lines = [
            "Se otorgaron 204 mil 782 atenciones, el 121.8 por ciento de la meta",
            "un \"millón\" 529 mil 812 \\ acciones\tcon tabulador y \u{1} control",
            "más de 2.7 millones; la decimocuarta Jornada; nueve cirugías; $1,250.50 pesos",
            "0.000001 por ciento, 1.5e3, 12 mil millones 345, menos 7, 3/4 partes, 60 y más años",
            "sin cifras",
            "",
            "ñandú “comillas” 15 % y 16%",
        ];
        for line in lines {
            let r = figures::read(line, Locale::EsMx);
            assert_eq!(
                render_reading(line, &r.figures),
                by_serde(line, &r.figures),
                "{line}"
            );
        }
    }

    #[test]
    fn every_kind_and_qualifier_is_written_by_its_serde_name() {
        let kinds = [
            Kind::Cardinal,
            Kind::Decimal,
            Kind::Percent,
            Kind::Ordinal,
            Kind::Money,
            Kind::Duration,
            Kind::Age,
        ]
        .map(|k| (serde_json::to_string(&k).unwrap(), k.as_str()));
        let quals = [
            Qualifier::Exact,
            Qualifier::MoreThan,
            Qualifier::LessThan,
            Qualifier::Approx,
            Qualifier::AtLeast,
            Qualifier::AtMost,
        ]
        .map(|q| (serde_json::to_string(&q).unwrap(), q.as_str()));
        for (serde, name) in kinds.into_iter().chain(quals) {
            assert_eq!(serde, format!("\"{name}\""));
        }
    }
}
