//! Golden tests: the mentions of every sample bulletin in `data/raw/`, pinned in
//! `tests/golden/mentions.tsv`; and for every mention, `body[start..end] == text` by code
//! points. `CIFRAS_UPDATE_GOLDEN=1 cargo test golden` rewrites the file (review the diff).

use cifras::extract::extract;
use cifras::ingest::{Ingested, ingest, list_inputs};
use cifras::pipeline::{DEFAULT_TOML, Pipeline};
use std::fmt::Write;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render() -> String {
    let p = Pipeline::parse(DEFAULT_TOML, "default").unwrap();
    let inputs = list_inputs(&root().join("data/raw"), &p.ingest).unwrap();
    let mut out = String::from(
        "file\tmention_id\tkind\ttext\tvalue\tqualifier\tunit\tdate_start\tdate_end\tsentence\n",
    );
    for input in &inputs {
        let Ingested::Document(doc) = ingest(input, &p.ingest) else {
            panic!("{} was quarantined", input.name());
        };
        let file = input
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let chars: Vec<char> = doc.body.chars().collect();
        for m in extract(&doc, &p.extract) {
            let slice: String = chars[m.start as usize..m.end as usize].iter().collect();
            assert_eq!(
                slice,
                m.text(&doc.body),
                "{file} mention {}: body[start..end] != text",
                m.mention_id
            );
            let value = match (m.value_int, m.value) {
                (Some(i), _) => i.to_string(),
                (None, Some(v)) => v.to_string(),
                _ => String::new(),
            };
            let date = |d: Option<i32>| d.map(cifras::dates::iso).unwrap_or_default();
            writeln!(
                out,
                "{file}\t{}\t{}\t{}\t{value}\t{}\t{}\t{}\t{}\t{}",
                m.mention_id,
                m.kind,
                m.text(&doc.body).replace('\n', "\\n"),
                m.qualifier,
                m.unit(&doc.body).unwrap_or_default(),
                date(m.date_start),
                date(m.date_end),
                m.sentence
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn sample_corpus_mentions_match_the_golden_file() {
    let path = root().join("tests/golden/mentions.tsv");
    let got = render();
    if std::env::var_os("CIFRAS_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).expect("tests/golden/mentions.tsv exists");
    for (k, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "golden line {}", k + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "number of mentions"
    );
}
