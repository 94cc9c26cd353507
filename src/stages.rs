//! What happens to one input: ingest, then extract, then facts. `cifras run` (over files,
//! in buckets) and the Python package (over bytes in memory) both go through here.

use crate::config::Pipeline;
use crate::extract::{MentionRow, extract_in};
use crate::facts::{CheckRow, Context, FactRow};
use crate::ingest::{self, Ingested, Input, Quarantined};
use crate::vocab::Vocabulary;

/// What the stages make of one input.
pub struct Processed {
    pub ingested: Ingested,
    pub mentions: Vec<MentionRow>,
    pub context: Context,
    pub facts: Vec<FactRow>,
    pub checks: Vec<CheckRow>,
}

/// One input through the stages: ingest, then extract (if `extract_too`), then facts (if
/// `facts_too`). A panic in any stage quarantines the input instead of ending the run.
pub fn process(
    input: &Input,
    p: &Pipeline,
    vocab: &Vocabulary,
    extract_too: bool,
    facts_too: bool,
) -> Processed {
    let ingested = guarded(
        || input.name(),
        input.bytes,
        || ingest::ingest(input, &p.ingest),
    );
    after_ingest(ingested, p, vocab, extract_too, facts_too)
}

/// Extract (if `extract_too`) and facts (if `facts_too`) after ingest. An internal error
/// on one input quarantines it instead of ending the run.
pub fn after_ingest(
    ingested: Ingested,
    p: &Pipeline,
    vocab: &Vocabulary,
    extract_too: bool,
    facts_too: bool,
) -> Processed {
    let Ingested::Document(d) = ingested else {
        return Processed::of(ingested);
    };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // the sentences, once for both stages
        let sentences = match extract_too || facts_too {
            true => crate::extract::sentence_starts(&d.body),
            false => Vec::new(),
        };
        let mentions = match extract_too {
            true => extract_in(&d, &p.extract, &sentences),
            false => Vec::new(),
        };
        let (context, facts, checks) = match facts_too {
            true => crate::facts::understand_in(&d, &mentions, &sentences, vocab),
            false => Default::default(),
        };
        (mentions, context, facts, checks)
    }));
    match r {
        Ok((mentions, context, facts, checks)) => Processed {
            ingested: Ingested::Document(d),
            mentions,
            context,
            facts,
            checks,
        },
        Err(_) => Processed::of(internal_error(d.source_path, d.bytes)),
    }
}

/// `f`, or the quarantine of an internal error if it panics (`name`: the input's, asked
/// only then).
pub fn guarded(
    name: impl FnOnce() -> String,
    bytes: u64,
    f: impl FnOnce() -> Ingested,
) -> Ingested {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| internal_error(name(), bytes))
}

fn internal_error(source_path: String, bytes: u64) -> Ingested {
    Ingested::Quarantined(Quarantined {
        source_path,
        reason: "internal error: cifras failed on this input (please report it)".into(),
        bytes,
        detected_encoding: None,
    })
}

/// The quarantine reason of an input whose bytes an earlier input already had.
pub fn duplicate_reason(of: &str) -> String {
    format!("duplicate: the same bytes as {of}")
}

impl Processed {
    fn of(ingested: Ingested) -> Self {
        Processed {
            ingested,
            mentions: Vec::new(),
            context: Context::default(),
            facts: Vec::new(),
            checks: Vec::new(),
        }
    }
}
