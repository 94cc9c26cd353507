//! Bytes → text: BOMs, UTF-8, UTF-16, and Windows-1252/Latin-1 detected with chardetng;
//! binary and undecodable inputs are refused with their reason.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Why an input could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    Binary,
    /// UTF-8 text cut inside a character: a file copied or written only in part.
    Truncated,
    Undecodable(String),
}

impl Refusal {
    pub fn reason(&self) -> String {
        match self {
            Refusal::Empty => "empty: no text in the file".into(),
            Refusal::Binary => "binary: NUL or control bytes, not a text file".into(),
            Refusal::Truncated => {
                "truncated: UTF-8 text that ends inside a character (a partial copy?)".into()
            }
            Refusal::Undecodable(e) => format!("undecodable: not valid text in {e}"),
        }
    }
}

/// Decoded text and the name of the encoding it was read in.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes raw bytes. `Err` carries the refusal and the encoding guessed, if any.
///
/// `hint` is the encoding a document declares (an HTML page's charset): it takes the place
/// of detection when the bytes are not UTF-8.
pub fn decode(
    raw: Vec<u8>,
    hint: Option<&'static Encoding>,
) -> Result<Decoded, (Refusal, Option<&'static str>)> {
    let bytes = raw.as_slice();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err((Refusal::Empty, None));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err((Refusal::Undecodable(enc.name().into()), Some(enc.name())));
        }
        return check_text(text.into_owned(), enc);
    }
    // UTF-16 without a BOM shows as every other byte NUL in Spanish text
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return check_text(text.into_owned(), enc);
        }
    }
    if bytes.contains(&0) {
        return Err((Refusal::Binary, None));
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => {
            // valid UTF-8: the buffer becomes the text without a copy
            let text = String::from_utf8(raw).unwrap_or_default();
            return check_text(text, UTF_8);
        }
        // UTF-8 up to a character cut by the end of the file; the accents before it show
        // that it is UTF-8 (a Latin-1 file would have failed at its first accent)
        Err(e) if e.error_len().is_none() && !bytes[..e.valid_up_to()].is_ascii() => {
            return Err((Refusal::Truncated, Some(UTF_8.name())));
        }
        Err(_) => {}
    }
    // not UTF-8: a declared single-byte charset (windows-1252, ISO-8859-1 …), else detection
    let enc = match hint {
        Some(h) if h.is_single_byte() => h,
        _ => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err((Refusal::Undecodable(enc.name().into()), Some(enc.name())));
    }
    check_text(text.into_owned(), enc)
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 8 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 8 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text with many control characters is a binary file that happened to decode.
fn check_text(
    text: String,
    enc: &'static Encoding,
) -> Result<Decoded, (Refusal, Option<&'static str>)> {
    if text.trim().is_empty() {
        return Err((Refusal::Empty, Some(enc.name())));
    }
    let controls = count_controls(text.as_bytes());
    if controls * 100 > text.len() || text.contains('\0') {
        return Err((Refusal::Binary, Some(enc.name())));
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
    })
}

/// Control characters other than line and page breaks and tabs: C0 but 0x09–0x0D, and DEL,
/// by byte. Eight bytes at a time: each byte's value is compared by sums that cannot carry
/// out of it (its high bit is cleared first, and a byte with the high bit set is no control).
fn count_controls(b: &[u8]) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        let (x, ascii) = (w & LOW7, !w & HIGH);
        // bit 7 set where the byte is at least 0x20, 0x09, 0x0E, 0x7F
        let (ge_20, ge_09) = (x + 0x60 * LOW, x + 0x77 * LOW);
        let (ge_0e, is_7f) = (x + 0x72 * LOW, x + LOW);
        let breaks = ge_09 & !ge_0e;
        let bad = ((!ge_20 & !breaks) | is_7f) & ascii & HIGH;
        n += bad.count_ones() as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|&&c| is_control(c))
        .count()
}

fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0b | 0x0c)) || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_counted_eight_bytes_at_a_time_as_one_by_one() {
        // every byte value at every place of a text of up to 19 bytes, among letters and
        // among other controls
        for len in 1..20 {
            for at in 0..len {
                for v in 0..=255u8 {
                    for fill in [b'a', 0x01, 0x0a, 0xc3] {
                        let mut t = vec![fill; len];
                        t[at] = v;
                        let one_by_one = t.iter().filter(|&&c| is_control(c)).count();
                        assert_eq!(count_controls(&t), one_by_one, "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn encodings() {
        let s = "Realizó IMSS más de 204 mil atenciones en Michoacán";
        let d = decode(s.as_bytes().to_vec(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-8"));

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(bom, None).unwrap().text, s);

        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(s);
        let d = decode(cp1252.to_vec(), None).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "windows-1252");

        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(le.clone(), None).unwrap().text, s);
        assert_eq!(
            decode(le[2..].to_vec(), None).unwrap().text,
            s,
            "UTF-16LE without BOM"
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b"".to_vec(), None).unwrap_err().0, Refusal::Empty);
        assert_eq!(
            decode(b"  \n\r\n ".to_vec(), None).unwrap_err().0,
            Refusal::Empty
        );
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert_eq!(decode(png.to_vec(), None).unwrap_err().0, Refusal::Binary);
        let ctl: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert_eq!(decode(ctl, None).unwrap_err().0, Refusal::Binary);
    }

    #[test]
    fn utf8_cut_inside_a_character_is_truncated_not_mojibake() {
        // regression: such a file used to be guessed as Windows-1252 and read as "MichoacÃ¡n"
        let s = "Realizó IMSS más de 204 mil atenciones en Michoacán";
        let cut = &s.as_bytes()[..s.len() - 2]; // inside the "á"
        assert_eq!(
            decode(cut.to_vec(), None).unwrap_err().0,
            Refusal::Truncated
        );
        // a single-byte file whose only accent is its last byte is read, not refused
        let (l1, _, _) =
            encoding_rs::WINDOWS_1252.encode("Se otorgaron 204 mil atenciones, dijo que sí");
        let d = decode(l1.to_vec(), None).unwrap();
        assert!(d.text.ends_with("que sí"), "{d:?}");
    }
}
