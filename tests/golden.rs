//! Golden tests: the mentions of every sample bulletin in `data/raw/`, pinned in
//! `tests/golden/mentions.tsv`; and for every mention, `body[start..end] == text` by code
//! points. `CIFRAS_UPDATE_GOLDEN=1 cargo test golden` rewrites the file (review the diff).

use cifras::config::{DEFAULT_TOML, Pipeline};
use cifras::extract::extract;
use cifras::facts::{Jornadas, checks, facts};
use cifras::ingest::{Ingested, ingest, list_inputs};
use cifras::vocab::Vocabulary;
use std::fmt::Write;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The golden files: mentions, jornadas and checks of the sample corpus.
fn render() -> (String, String, String) {
    let p = Pipeline::parse(DEFAULT_TOML, "default").unwrap();
    let vocab = Vocabulary::parse(cifras::vocab::DEFAULT_TOML, "vocabulary").unwrap();
    let inputs = list_inputs(&root().join("data/raw"), &p.ingest)
        .unwrap()
        .inputs;
    let mut jornadas = Jornadas::default();
    let mut check_out = String::from("file\tcheck\texpected\tobserved\tstatus\tdetail\n");
    let mut names = std::collections::HashMap::new();
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
        let rows = extract(&doc, &p.extract);
        let (ctx, fs) = facts(&doc, &rows, &vocab);
        for c in checks(&doc.body, &rows, &fs, &vocab) {
            writeln!(
                check_out,
                "{file}\t{}\t{}\t{}\t{}\t{}",
                c.check, c.expected, c.observed, c.status, c.detail
            )
            .unwrap();
        }
        jornadas.add(&doc.doc_id, doc.published_date, &ctx, &fs);
        names.insert(doc.doc_id.clone(), file);
    }
    let (jrows, jchecks) = jornadas.finish();
    let date = |d: Option<i32>| d.map(cifras::dates::iso).unwrap_or_default();
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let mut jout = String::from(
        "year\tnumber\tdate_start\tdate_end\ttotal\tmeta\tproductividad\tmedicina_familiar\tespecialidad\tdetecciones\testudios\tcirugias\ttrasplantes\tacumulado\tsources\n",
    );
    for r in &jrows {
        let sources: Vec<&str> = r
            .source_doc_ids
            .split(',')
            .map(|d| names[d].as_str())
            .collect();
        writeln!(
            jout,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            opt(r.year),
            r.jornada_number,
            date(r.date_start),
            date(r.date_end),
            opt(r.total_atenciones),
            opt(r.meta),
            r.productividad_pct
                .map(|v| v.to_string())
                .unwrap_or_default(),
            r.services
                .iter()
                .map(|s| opt(*s))
                .collect::<Vec<_>>()
                .join("\t"),
            [
                opt(r.acumulado_anual),
                sources.join(","),
                r.approximate_cells.clone()
            ]
            .join("\t"),
        )
        .unwrap();
    }
    for (doc, c) in jchecks {
        writeln!(
            check_out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            names[&doc], c.check, c.expected, c.observed, c.status, c.detail
        )
        .unwrap();
    }
    (out, jout, check_out)
}

pub fn compare(name: &str, got: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("CIFRAS_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("tests/golden/{name} exists"));
    for (k, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "{name} line {}", k + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "{name}: number of lines"
    );
}

#[test]
fn sample_corpus_matches_the_golden_files() {
    let (mentions, jornadas, checks) = render();
    compare("mentions.tsv", &mentions);
    compare("jornadas.tsv", &jornadas);
    compare("checks.tsv", &checks);
    // the sample corpus covers at least 8 jornadas over at least 2 years
    let rows: Vec<&str> = jornadas.lines().skip(1).collect();
    let years: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|r| r.split('\t').next()).collect();
    assert!(rows.len() >= 8 && years.len() >= 2, "{rows:?}");
}
