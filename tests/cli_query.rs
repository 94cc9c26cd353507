//! `cifras query` through the real binary over a warehouse built from data/raw: results
//! checked against the golden tables, every output format, scripts, and clear errors.

use crate::common::Workdir;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

/// The reports of the default pipeline, in its order.
const REPORTS: &[&str] = cifras::config::REPORT_NAMES;

fn golden(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// A Workdir with data/raw copied in (so that `source_path` reads `data/raw/…` on every
/// machine) and a warehouse `wh` built from it with the default pipeline.
fn warehouse_here() -> Workdir {
    let wd = Workdir::new();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raw");
    let dst = wd.path().join("data/raw");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    let out = wd.run(&["run", "-q", "--warehouse", "wh"], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wd
}

/// A Workdir with a warehouse `wh` built from the sample corpus.
fn warehouse() -> Workdir {
    let wd = Workdir::new();
    let raw = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raw");
    wd.run_ok(&[
        "run",
        "-q",
        "--input",
        raw.to_str().unwrap(),
        "--warehouse",
        "wh",
    ]);
    wd
}

fn query(wd: &Workdir, args: &[&str]) -> Output {
    let mut all = vec!["query", "--warehouse", "wh"];
    all.extend_from_slice(args);
    wd.run(&all, b"")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "query failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn jornadas_per_year_match_the_golden_table() {
    let wd = warehouse();
    let out = query(
        &wd,
        &[
            "SELECT year, count(*) AS n FROM jornadas GROUP BY year ORDER BY year",
            "--format",
            "csv",
        ],
    );
    let csv = ok(&out);
    // The same counts, computed from the golden jornadas table (first column: year).
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for line in golden("jornadas.tsv").lines().skip(1) {
        *expected
            .entry(line.split('\t').next().unwrap().to_string())
            .or_default() += 1;
    }
    let mut want = String::from("year,n\n");
    for (y, n) in &expected {
        want.push_str(&format!("{y},{n}\n"));
    }
    assert_eq!(csv, want);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{} rows × 2 columns", expected.len())),
        "{err}"
    );
}

#[test]
fn partitioned_tables_read_with_an_integer_year_including_the_unknown_year() {
    let wd = warehouse();
    let csv = ok(&query(
        &wd,
        &[
            "SELECT year, count(*) AS n FROM documents GROUP BY year ORDER BY year NULLS FIRST",
            "--format",
            "csv",
        ],
    ));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // data/raw holds one note without a dateline: its year is 0, an integer like the others
    assert_eq!(rows.first(), Some(&"0,1"), "{csv}");
    let total: usize = rows
        .iter()
        .map(|r| r.split(',').nth(1).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 13, "{csv}");
    let typed = ok(&query(
        &wd,
        &[
            "SELECT sum(year) AS s FROM documents WHERE year > 2000",
            "--format",
            "csv",
        ],
    ));
    let s: i64 = typed.lines().nth(1).unwrap().parse().unwrap();
    assert!(s > 2000 * 12, "{typed}");
}

#[test]
fn every_format_carries_the_same_rows() {
    let wd = warehouse();
    let sql = "SELECT doc_id, count(*) AS n FROM mentions GROUP BY doc_id ORDER BY doc_id";
    let csv = ok(&query(&wd, &[sql, "--format", "csv"]));
    let rows = csv.lines().count() - 1;
    assert!(rows >= 12, "{csv}");

    let jsonl = ok(&query(&wd, &[sql, "--format", "jsonl"]));
    let objs: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), rows);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&query(&wd, &[sql, "--format", "json"]))).unwrap();
    assert_eq!(json.as_array().unwrap(), &objs);
    // Counts sum to the mentions table's size in every format.
    let total: i64 = objs.iter().map(|o| o["n"].as_i64().unwrap()).sum();
    let count = ok(&query(
        &wd,
        &["SELECT count(*) AS n FROM mentions", "--format", "csv"],
    ));
    assert_eq!(count.lines().nth(1).unwrap(), total.to_string());

    let table = ok(&query(&wd, &[sql]));
    // The terminal table shows every row, not polars' shortened view.
    assert!(!table.contains('…'), "{table}");
    for o in &objs {
        assert!(table.contains(o["doc_id"].as_str().unwrap()), "{table}");
    }

    ok(&query(
        &wd,
        &[sql, "--format", "parquet", "--output", "r.parquet"],
    ));
    let bytes = std::fs::read(wd.path().join("r.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

#[test]
fn a_script_returns_its_last_statement() {
    let wd = warehouse();
    std::fs::write(
        wd.path().join("q.sql"),
        "-- totals; by year\n\
         CREATE TABLE big AS SELECT * FROM jornadas WHERE total_atenciones > 0;\n\
         SELECT count(*) AS n, min(jornada_number) AS first FROM big WHERE 'a;b' = 'a;b';\n",
    )
    .unwrap();
    let csv = ok(&query(&wd, &["--file", "q.sql", "--format", "csv"]));
    let with_total = golden("jornadas.tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.split('\t').nth(4).unwrap().is_empty())
        .count();
    assert_eq!(
        csv.lines().nth(1).unwrap().split(',').next().unwrap(),
        with_total.to_string()
    );
}

#[test]
fn bad_sql_and_unknown_tables_are_usage_errors_that_list_the_tables() {
    let wd = warehouse();
    for sql in [
        "SELEC nonsense",
        "SELECT * FROM jornada",
        "SELECT nope FROM jornadas",
    ] {
        let out = query(&wd, &[sql]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{sql}: {err}");
        assert!(err.contains("query failed"), "{sql}: {err}");
        assert!(
            err.contains("documents, mentions, facts, jornadas, checks, quarantine"),
            "{err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_missing_warehouse_is_a_clear_failure() {
    let wd = Workdir::new();
    let out = query(&wd, &["SELECT 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `cifras run` first"));
}

#[test]
fn every_named_report_matches_its_golden_file() {
    let wd = warehouse_here();
    for name in REPORTS {
        let out = wd.run(
            &["report", name, "--warehouse", "wh", "--format", "csv"],
            b"",
        );
        crate::golden::compare(&format!("report_{name}.csv"), &ok(&out));
    }
    // Without names, every report of the pipeline, each under its title.
    let all = ok(&wd.run(&["report", "--warehouse", "wh"], b""));
    assert!(
        all.contains("(tendencia)") && all.contains("(consistencia)"),
        "{all}"
    );
}

#[test]
fn tendencia_running_totals_agree_with_the_golden_jornadas() {
    let wd = warehouse_here();
    let csv = ok(&wd.run(
        &[
            "report",
            "tendencia",
            "--warehouse",
            "wh",
            "--format",
            "csv",
        ],
        b"",
    ));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = |n: &str| header.iter().position(|h| *h == n).unwrap();
    // Year → the last running total of the year, from the report.
    let mut last: BTreeMap<String, i64> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        last.insert(
            f[at("year")].to_string(),
            f[at("acumulado_calculado")].parse().unwrap(),
        );
    }
    // Year → the sum of the totals in the golden jornadas table (column 5).
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    for line in golden("jornadas.tsv").lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        *sums.entry(f[0].to_string()).or_default() += f[4].parse::<i64>().unwrap_or(0);
    }
    assert_eq!(last, sums);
}

#[test]
fn report_errors_are_clear() {
    let wd = warehouse_here();
    let out = wd.run(&["report", "tendenzia", "--warehouse", "wh"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "reports: tendencia, mezcla, ranking_ooad, ranking_umae, consistencia, cobertura"
    ));
    let out = wd.run(&["report", "--warehouse", "wh", "--format", "csv"], b"");
    assert_eq!(out.status.code(), Some(2), "csv of two reports is refused");
    // A pipeline naming a query cifras does not have fails validation.
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipelines/jornadas.toml"),
    )
    .unwrap()
    .replace("name = \"consistencia\"", "name = \"consistensia\"");
    std::fs::write(wd.path().join("p.toml"), text).unwrap();
    let out = wd.run(&["validate", "p.toml"], b"");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("unknown query \"consistensia\""), "{said}");
}

#[test]
fn mezcla_shares_and_cobertura_counts_add_up() {
    let wd = warehouse_here();
    let rows = |name: &str| -> Vec<Vec<String>> {
        let csv = ok(&wd.run(
            &["report", name, "--warehouse", "wh", "--format", "csv"],
            b"",
        ));
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    // mezcla: per jornada the six services' attentions add up to its total, except in the
    // bulletin written with a wrong total (the one mismatch of checks.tsv).
    let mut by_jornada: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for r in rows("mezcla") {
        let e = by_jornada.entry((r[1].clone(), r[2].clone())).or_default();
        e.0 += r[4].parse::<i64>().unwrap();
        e.1 = r[5].parse().unwrap();
    }
    let unequal: Vec<_> = by_jornada.iter().filter(|(_, (p, t))| p != t).collect();
    assert_eq!(unequal.len(), 1, "{unequal:?}");
    // cobertura: the documents, figures and facts add up to the tables' sizes.
    let (mut docs, mut figs, mut facts) = (0i64, 0i64, 0i64);
    for r in rows("cobertura") {
        docs += r[2].parse::<i64>().unwrap();
        figs += r[3].parse::<i64>().unwrap();
        facts += r[4].parse::<i64>().unwrap();
    }
    let count = |sql: &str| -> i64 {
        let csv = ok(&wd.run(
            &["query", "-q", "--warehouse", "wh", sql, "--format", "csv"],
            b"",
        ));
        csv.lines().nth(1).unwrap().parse().unwrap()
    };
    assert_eq!(docs, count("SELECT count(*) FROM documents"));
    assert_eq!(
        figs,
        count("SELECT count(*) FROM mentions WHERE kind <> 'date'")
    );
    assert_eq!(facts, count("SELECT count(*) FROM facts"));
}

#[test]
fn the_html_page_is_self_contained_with_three_charts_and_every_report() {
    let wd = warehouse_here();
    let said = ok(&wd.run(&["report", "--warehouse", "wh", "--html", "r.html"], b""));
    assert!(said.contains("wrote r.html"), "{said}");
    let page = std::fs::read_to_string(wd.path().join("r.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    // No network: nothing is fetched (the SVG namespace URI is a name, not a request; the
    // only links are to the page's own sections).
    for bad in [
        "<script",
        "<link",
        "src=",
        "href=\"http",
        "href=\"//",
        "<img",
        "@import",
    ] {
        assert!(!page.contains(bad), "the page must not contain {bad}");
    }
    for id in ["chart-total-meta", "chart-productividad", "chart-mezcla"] {
        let at = page
            .find(&format!("<figure id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let fig = &page[at..at + page[at..].find("</figure>").unwrap()];
        assert!(
            fig.contains("<svg") && fig.contains("</svg>"),
            "{id} has an SVG"
        );
        // One drawn line per series at least, and the jornadas on the x axis.
        assert!(fig.matches("<polyline").count() >= 1, "{id} draws lines");
        assert!(fig.contains("2023 n.º 12"), "{id} labels the jornadas");
    }
    assert!(page.contains("total de atenciones") && page.contains("consultas medicina familiar"));
    assert!(
        page.contains("jornadas con cifras que no cuadran"),
        "the summary"
    );
    for name in REPORTS {
        assert!(
            page.contains(&format!("<section id=\"report-{name}\">")),
            "{name}"
        );
    }
    // The tendencia table holds one row per jornada of the golden table.
    let at = page.find("<section id=\"report-tendencia\">").unwrap();
    let sec = &page[at..at + page[at..].find("</section>").unwrap()];
    let rows = sec.matches("<tr>").count() + sec.matches("<tr class=\"duda\">").count() - 1;
    assert_eq!(rows, golden("jornadas.tsv").lines().count() - 1);
    assert!(!wd.path().join("r.html.tmp").exists());
}

/// Every categorical column holds only the values its enum accepts (dbt's accepted_values),
/// and the sample corpus shows the common ones.
#[test]
fn categorical_columns_hold_only_accepted_values() {
    use cifras::Qualifier;
    use cifras::domain::{Check, CheckStatus, MentionKind, Modality, Scope};
    fn names<T>(all: &[T], as_str: fn(&T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(as_str).collect()
    }
    let wd = warehouse();
    let cases: [(&str, &str, Vec<&'static str>, &[&str]); 7] = [
        (
            "mentions",
            "kind",
            names(MentionKind::ALL, MentionKind::as_str),
            &["cardinal", "percent", "ordinal", "date"],
        ),
        (
            "mentions",
            "qualifier",
            names(Qualifier::ALL, Qualifier::as_str),
            &["exact", "more_than"],
        ),
        (
            "facts",
            "qualifier",
            names(Qualifier::ALL, Qualifier::as_str),
            &["exact"],
        ),
        (
            "facts",
            "modality",
            names(Modality::ALL, Modality::as_str),
            &["realizado", "meta"],
        ),
        (
            "facts",
            "scope",
            names(Scope::ALL, Scope::as_str),
            &["nacional", "ooad"],
        ),
        (
            "checks",
            "check",
            names(Check::ALL, Check::as_str),
            &["servicios_suman_total"],
        ),
        (
            "checks",
            "status",
            names(CheckStatus::ALL, CheckStatus::as_str),
            &["ok"],
        ),
    ];
    for (table, column, all, common) in cases {
        let sql = format!("SELECT DISTINCT {column} AS v FROM {table} ORDER BY v");
        let csv = ok(&query(&wd, &[&sql, "--format", "csv"]));
        let seen: Vec<&str> = csv.lines().skip(1).collect();
        for v in &seen {
            assert!(
                all.contains(v),
                "{table}.{column} holds {v:?}, not one of {all:?}"
            );
        }
        for v in common {
            assert!(
                seen.contains(v),
                "{table}.{column} never {v:?} in the sample: {seen:?}"
            );
        }
    }
}
