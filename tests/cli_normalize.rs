//! `cifras normalize` through the real binary: JSON shape, offsets, order, exit codes.

use crate::common::Workdir;
use serde_json::Value;

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Slices `input` by code points.
fn slice(input: &str, start: u64, end: u64) -> String {
    input
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn the_issue_example_gives_three_mentions_with_offsets() {
    let wd = Workdir::new();
    let line = "se realizaron 204 mil 782 atenciones, 2 mil 939 cirugías y mil 56 estudios";
    let out = wd.run(&["normalize"], format!("{line}\n").as_bytes());
    assert!(out.status.success());
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["input"], line);
    let m = v[0]["mentions"].as_array().unwrap();
    let values: Vec<i64> = m.iter().map(|x| x["value"].as_i64().unwrap()).collect();
    assert_eq!(values, [204782, 2939, 1056]);
    for x in m {
        let s = slice(
            line,
            x["start"].as_u64().unwrap(),
            x["end"].as_u64().unwrap(),
        );
        assert_eq!(s, x["text"].as_str().unwrap());
        assert_eq!(x["kind"], "cardinal");
        assert_eq!(x["qualifier"], "exact");
    }
}

#[test]
fn values_are_integers_when_whole_and_numbers_otherwise() {
    let wd = Workdir::new();
    let out = wd.run(
        &[
            "normalize",
            "al lograr 121.8 por ciento y más de 2.7 millones en la 14va",
        ],
        b"",
    );
    let v = json_lines(&out.stdout);
    let m = v[0]["mentions"].as_array().unwrap();
    assert!(m[0]["value"].is_f64());
    assert_eq!(m[0]["value"].as_f64(), Some(121.8));
    assert_eq!(m[0]["kind"], "percent");
    assert!(m[1]["value"].is_i64());
    assert_eq!(m[1]["value"], 2_700_000);
    assert_eq!(m[1]["qualifier"], "more_than");
    assert_eq!(m[2]["kind"], "ordinal");
    assert_eq!(m[2]["value"], 14);
}

#[test]
fn many_lines_in_parallel_keep_input_order() {
    let wd = Workdir::new();
    let n = 10_000;
    let input: String = (0..n)
        .map(|i| {
            format!(
                "línea {i}: se otorgaron {} mil {} consultas\n",
                i % 900 + 1,
                i % 1000
            )
        })
        .collect();
    let out = wd.run(&["normalize", "--jobs", "2"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), n);
    for (i, line) in v.iter().enumerate() {
        let want = ((i % 900 + 1) * 1000 + i % 1000) as i64;
        let m = line["mentions"].as_array().unwrap();
        assert_eq!(m.last().unwrap()["value"].as_i64(), Some(want), "line {i}");
    }
}

#[test]
fn arguments_are_inputs_and_locale_switches_separators() {
    let wd = Workdir::new();
    let out = wd.run(&["normalize", "--locale", "es-ES", "1.234,5", "4,800"], b"");
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["mentions"][0]["value"].as_f64(), Some(1234.5));
    assert_eq!(v[1]["mentions"][0]["value"].as_f64(), Some(4.8));
    let out = wd.run(&["normalize", "4,800"], b"");
    assert_eq!(json_lines(&out.stdout)[0]["mentions"][0]["value"], 4800);
}

#[test]
fn invalid_utf8_is_reported_and_the_rest_goes_on() {
    let wd = Workdir::new();
    let out = wd.run(&["normalize"], b"mil 56 \xff\xfe\n24 trasplantes\n");
    assert!(out.status.success());
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["mentions"][0]["value"], 1056);
    assert_eq!(v[1]["mentions"][0]["value"], 24);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1 is not valid UTF-8"), "{err}");
}

#[test]
fn crlf_and_empty_lines() {
    let wd = Workdir::new();
    let out = wd.run(&["normalize"], b"mil 258\r\n\r\n");
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["input"], "mil 258");
    assert_eq!(v[1]["mentions"].as_array().unwrap().len(), 0);
}

#[test]
fn help_version_and_usage_errors() {
    let wd = Workdir::new();
    let out = wd.run(&["--version"], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("cifras "));
    let out = wd.run(&["--help"], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("normalize"));
    let out = wd.run(&["normalize", "--no-such-flag"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = wd.run(&["normalize", "--jobs", "0", "x"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = wd.run(&["no-such-command"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_logs_on_stderr() {
    let wd = Workdir::new();
    let out = wd.run(&["normalize", "-v", "--log-format", "json"], b"mil 56\n");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // every line is one JSON object (tracing's JSON format, the event's fields flattened)
    for line in err.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
    let first: Value = serde_json::from_str(err.lines().next().expect("a log line")).unwrap();
    assert_eq!(first["level"], "INFO");
    assert!(first["timestamp"].is_string());
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("normalized 1 lines")
    );
}
