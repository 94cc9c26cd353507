//! The JSON line of a reading, as `cifras normalize` prints it: the input and every figure
//! with its characters, value, kind and qualifier.

use super::{Figure, Locale, Reading, read_into};

/// A JSON integer for whole values, a JSON number otherwise (121.8 stays 121.8).
fn json_value(f: &Figure) -> serde_json::Number {
    match f.value.as_i64() {
        Some(i) => i.into(),
        None => serde_json::Number::from_f64(f.value.to_f64()).unwrap_or_else(|| 0.into()),
    }
}

/// The JSON line `cifras normalize` writes for one input line (SPEC §3).
pub fn json_line(input: &str, locale: Locale) -> String {
    thread_local! {
        static OUT: std::cell::RefCell<Reading> = Default::default();
    }
    OUT.with(|cell| {
        let mut out = cell.borrow_mut();
        read_into(input, locale, &mut out);
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
    if !needs_escape(text.as_bytes()) {
        s.push('"');
        s.push_str(text);
        s.push('"');
    } else {
        s.push_str(&serde_json::to_string(text).expect("a string serializes"));
    }
}

/// Whether JSON needs any byte of `b` escaped: a quote, a backslash or a control
/// character. Eight bytes at a time (most of a line is plain text): a byte below 0x20, or
/// equal to `"` or `\\`, leaves a high bit in the word tests below, and no other byte does.
fn needs_escape(b: &[u8]) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // a high bit where a byte of `x` is zero (exact as a whole: any bit set means a zero)
    let zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        let below_space = w.wrapping_sub(0x20 * LOW) & !w & HIGH;
        if below_space | zero(w ^ (u64::from(b'"') * LOW)) | zero(w ^ (u64::from(b'\\') * LOW)) != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&x| x < 0x20 || x == b'"' || x == b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Kind, Qualifier, read};
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
            let r = read(line, Locale::EsMx);
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

    /// The eight-byte test agrees with a byte-by-byte one: every byte value at every place
    /// of texts of 0 to 19 bytes, among plain letters and among accented ones.
    #[test]
    fn needs_escape_agrees_with_a_byte_test() {
        let by_byte = |b: &[u8]| b.iter().any(|&x| x < 0x20 || x == b'"' || x == b'\\');
        for len in 0..20 {
            for fill in [b'a', 0xC3] {
                let base = vec![fill; len];
                assert_eq!(needs_escape(&base), by_byte(&base));
                for at in 0..len {
                    for v in 0..=255u8 {
                        let mut t = base.clone();
                        t[at] = v;
                        assert_eq!(needs_escape(&t), by_byte(&t), "{t:?}");
                    }
                }
            }
        }
    }
}
