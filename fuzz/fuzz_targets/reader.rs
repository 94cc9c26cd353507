//! The figure reader on arbitrary text, in both locales: no panic, and every figure's
//! offsets are valid, increasing code-point spans of the text.
#![no_main]
use cifras::{Locale, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let chars = text.chars().count();
    for loc in [Locale::EsMx, Locale::EsEs] {
        let r = read(text, loc);
        let mut last_end = 0;
        for f in &r.figures {
            assert!(f.start < f.end && f.end <= chars, "span {}..{} of {chars}", f.start, f.end);
            assert!(f.start >= last_end, "figures overlap or go back");
            assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
            last_end = f.end;
        }
    }
});
