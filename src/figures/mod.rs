//! The reader of Spanish figures as IMSS bulletins write them.
//!
//! [`read`] finds every figure in a text and says, for each, which characters it spans
//! (code points, end exclusive), its exact value, its kind and its qualifier; it also
//! returns the dates it recognised (their day numbers are not figures).
//!
//! Layout: [`lexicon`] (the vocabulary), [`tokens`] (one pass that cuts the text),
//! [`reader`] (the grammar that assembles tokens into figures), [`value`] (exact decimals).

mod json;
mod lexicon;
mod reader;
mod tokens;
mod value;

pub use json::json_line;
pub use value::Dec;

categorical! {
    /// What a figure is.
    pub enum Kind {
        Cardinal = "cardinal",
        Decimal = "decimal",
        Percent = "percent",
        Ordinal = "ordinal",
        Money = "money",
        /// A length of time: "en tres días", "cada 15 días", "durante 24 horas".
        Duration = "duration",
        /// A person's age: "mujeres de 40 a 49 años", "personas de 60 y más años".
        Age = "age",
    }
}

categorical! {
    /// How exact the bulletin says the figure is ("más de 204 mil" → `MoreThan`).
    pub enum Qualifier {
        Exact = "exact",
        MoreThan = "more_than",
        LessThan = "less_than",
        Approx = "approx",
        AtLeast = "at_least",
        AtMost = "at_most",
    }
}

/// Digit conventions. es-MX (the default, as IMSS writes): "1,234.5"; es-ES: "1.234,5".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Locale {
    #[default]
    #[value(name = "es-MX")]
    EsMx,
    #[value(name = "es-ES")]
    EsEs,
}

/// One figure found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Code-point offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The same span in bytes (for slicing the `&str`).
    pub byte_start: usize,
    pub byte_end: usize,
    pub value: Dec,
    pub kind: Kind,
    pub qualifier: Qualifier,
}

impl Figure {
    /// The exact surface text of the figure.
    pub fn text<'t>(&self, source: &'t str) -> &'t str {
        &source[self.byte_start..self.byte_end]
    }
}

/// A date or date range ("del 21 al 23 de julio"). The year is the one written, if any;
/// `this_year` says the text wrote "de este año" / "del presente año"; a month of 0 is "de
/// este mes"; `weekday` (Monday = 1) is the weekday written before the day, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpan {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub day_from: u8,
    pub month_from: u8,
    pub day_to: u8,
    pub month_to: u8,
    pub year: Option<i32>,
    pub this_year: bool,
    pub weekday: Option<u8>,
}

/// Everything read from one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub figures: Vec<Figure>,
    pub dates: Vec<DateSpan>,
}

/// Reads the figures and dates of `text`.
pub fn read(text: &str, locale: Locale) -> Reading {
    let mut r = Reading::default();
    read_into(text, locale, &mut r);
    r
}

/// Like [`read`], into `out` (cleared first), reusing its buffers: for loops over many
/// texts.
pub fn read_into(text: &str, locale: Locale, out: &mut Reading) {
    reader::read_into(text, locale, out);
}

/// Whether a word is a weekday name ("jueves", "Miércoles", "sabado").
pub fn is_weekday(word: &str) -> bool {
    matches!(
        lexicon::lookup(word.as_bytes()),
        Some(lexicon::Lex::Weekday(_))
    )
}

/// The month a Spanish month name names ("agosto" → 8), from the reader's word table.
pub fn month_of(word: &str) -> Option<u32> {
    match lexicon::lookup(word.as_bytes()) {
        Some(lexicon::Lex::Month(m)) => Some(u32::from(m)),
        _ => None,
    }
}

/// Whether a word is a cardinal number written in digits or in words ("13", "nueve").
pub fn is_number_word(word: &str) -> bool {
    (!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
        || matches!(
            lexicon::lookup(word.as_bytes()),
            Some(lexicon::Lex::Card { .. })
        )
}

/// Reads the figures of `text` (es-MX conventions).
pub fn figures(text: &str) -> Vec<Figure> {
    read(text, Locale::EsMx).figures
}
