//! Extract and facts on arbitrary bytes (through ingest): no panic; every mention's text
//! is its span of the body, and every fact points at a mention.
#![no_main]
use cifras::ingest::{Ingested, ingest_bytes};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static SETUP: OnceLock<(cifras::config::Pipeline, cifras::vocab::Vocabulary)> =
        OnceLock::new();
    let (p, vocab) = SETUP.get_or_init(|| {
        let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "built-in")
            .expect("the built-in pipeline");
        let v = cifras::vocab::load(None).expect("the built-in vocabulary").vocabulary;
        (p, v)
    });
    let Ingested::Document(d) = ingest_bytes(data.to_vec(), "fuzz.txt".into(), &p.ingest) else {
        return;
    };
    let mentions = cifras::extract::extract(&d, &p.extract);
    let chars: Vec<char> = d.body.chars().collect();
    for m in &mentions {
        let span: String = chars[m.start as usize..m.end as usize].iter().collect();
        assert_eq!(span, m.text(&d.body), "a mention's text is its span");
    }
    let (_ctx, facts, _checks) = cifras::facts::understand(&d, &mentions, vocab);
    for f in &facts {
        assert!(mentions.iter().any(|m| m.mention_id == f.mention_id), "a fact without its mention");
    }
});
