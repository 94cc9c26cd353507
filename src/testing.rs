//! Helpers for the unit tests.

/// A fixed-seed xorshift generator: the property tests that compare a fast path with the code
/// it replaced draw their texts from it, the same texts on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (not 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `text` as the file `name` through the default pipeline's ingest: its document (the
/// tests of later stages start from one written in our own words).
pub(crate) fn document(name: &str, text: &str) -> crate::ingest::Document {
    let p = crate::config::Pipeline::parse(crate::config::DEFAULT_TOML, "default").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let input = crate::ingest::Input::from_path(&path).unwrap();
    match crate::ingest::ingest(&input, &p.ingest) {
        crate::ingest::Ingested::Document(d) => d,
        crate::ingest::Ingested::Quarantined(q) => panic!("{name} quarantined: {}", q.reason),
    }
}
