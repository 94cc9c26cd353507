"""The Python package against the command line built from the same sources: the figures of
`read` are `cifras normalize`'s; the tables of `extract` and `jornadas` are `cifras run`'s."""

import datetime
import json
import os
import pathlib

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

import cifras
from conftest import run


def rows(table: pa.Table, columns=None):
    """A table's rows as a sorted list of tuples (a row set that keeps repeats)."""
    columns = columns or table.column_names
    data = table.select(columns).to_pylist()
    return sorted((tuple(r[c] for c in columns) for r in data), key=repr)


def inputs_of(folder: pathlib.Path, root: pathlib.Path) -> pa.Table:
    """Every file under `folder`, named as `cifras run --input <folder>` names it."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    return pa.table(
        {
            "source_path": [str(p.relative_to(root)) for p in paths],
            "content": [p.read_bytes() for p in paths],
        },
        schema=pa.schema([("source_path", pa.string()), ("content", pa.binary())]),
    )


def test_version_and_schema_version():
    assert cifras.__version__ == "0.1.0"
    assert cifras.SCHEMA_VERSION.count(".") == 1


def test_read_gives_the_figures_of_a_text():
    got = cifras.read("se realizaron 204 mil 782 atenciones y casi un 30 por ciento más")
    assert got[0] == {
        "text": "204 mil 782",
        "start": 14,
        "end": 25,
        "value": 204782,
        "kind": "cardinal",
        "qualifier": "exact",
    }
    assert (got[1]["value"], got[1]["kind"], got[1]["qualifier"]) == (30, "percent", "approx")
    assert isinstance(cifras.read("121.8 por ciento")[0]["value"], float)
    assert cifras.read("1.234,5 pesos", locale="es-ES")[0]["value"] == 1234.5


def test_read_refuses_an_unknown_locale():
    with pytest.raises(ValueError, match='unknown locale "fr-FR"; known: es-MX, es-ES'):
        cifras.read("mil", locale="fr-FR")


def test_read_agrees_with_normalize_on_the_conformance_files(shared, cifras_bin):
    lines = []
    for f in sorted((shared / "conformance").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["input"]
            # normalize reads one input per line
            if "\n" not in text and "\r" not in text:
                lines.append(text)
    assert len(lines) > 800, "the conformance files hold hundreds of one-line inputs"
    out = run([cifras_bin, "normalize"], input="\n".join(lines) + "\n", check=True)
    printed = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(printed) == len(lines)
    for text, line in zip(lines, printed):
        assert line["input"] == text
        assert cifras.read(text) == line["mentions"], text


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, root, cifras_bin):
    """`cifras run` over data/raw, from the repository's root as the README runs it."""
    wh = tmp_path_factory.mktemp("wh")
    run([cifras_bin, "run", "-q", "--input", "data/raw", "--warehouse", str(wh)], cwd=root, check=True)
    manifest = json.loads(sorted((wh / "_runs").glob("*.json"))[-1].read_text())
    return wh, manifest


def read_table(wh: pathlib.Path, name: str) -> pa.Table:
    t = ds.dataset(wh / name, format="parquet", partitioning="hive").to_table()
    if "year" in t.column_names:  # hive partitioning reads the key as int32
        t = t.set_column(t.column_names.index("year"), "year", t["year"].cast(pa.int64()))
    return t


@pytest.fixture(scope="module")
def extracted(root, warehouse):
    _, manifest = warehouse
    cwd = os.getcwd()
    os.chdir(root)  # the same pipeline and vocabulary as the run (pipelines/ here)
    try:
        return cifras.extract(inputs_of(root / "data" / "raw", root), run_id=manifest["run_id"])
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("name", ["documents", "mentions", "facts", "quarantine"])
def test_extract_gives_the_rows_cifras_run_writes(warehouse, extracted, name):
    wh, manifest = warehouse
    want = read_table(wh, name)
    got = extracted[name]
    assert got.schema == cifras.schema(name)
    assert rows(got, want.column_names) == rows(want)
    assert got.num_rows == manifest["tables"][name]["rows"]


def test_the_checks_are_the_documents_and_the_jornadas(root, warehouse, extracted, monkeypatch):
    wh, _ = warehouse
    monkeypatch.chdir(root)
    facts, documents = extracted["facts"], extracted["documents"]
    jornadas = cifras.jornadas(facts, documents)
    assert jornadas.schema == cifras.schema("jornadas")
    assert rows(jornadas) == rows(read_table(wh, "jornadas"))
    assert jornadas.num_rows > 0
    _, across = cifras.jornadas_finish(cifras.jornadas_partial(facts, documents))
    assert rows(pa.concat_tables([extracted["checks"], across])) == rows(read_table(wh, "checks"))


def test_jornadas_merge_in_any_tree_gives_the_same_rows(extracted):
    facts, documents = extracted["facts"], extracted["documents"]
    whole = cifras.jornadas(facts, documents)
    docs = sorted(set(facts["doc_id"].to_pylist()))
    parts = []
    for k in range(3):  # three disjoint sets of documents, rows in another order
        mine = pa.array([d for i, d in enumerate(docs) if i % 3 == k])
        part = facts.filter(pa.compute.is_in(facts["doc_id"], mine))
        parts.append(cifras.jornadas_partial(part[::-1] if k == 1 else part, documents))
    left = cifras.jornadas_merge(cifras.jornadas_merge(parts[0], parts[1]), parts[2])
    right = cifras.jornadas_merge(parts[2], cifras.jornadas_merge(parts[1], parts[0]))
    for acc in (left, right):
        got, _ = cifras.jornadas_finish(acc)
        assert rows(got) == rows(whole)


def test_bad_inputs_are_quarantined_not_raised():
    batch = pa.RecordBatch.from_pydict(
        {
            "source_path": ["vacio.txt", "binario.txt", "bueno.txt", "copia.txt"],
            "content": [b"", b"\x00\x01\x02" * 50, "Se otorgaron 204 mil 782 consultas.".encode(), "Se otorgaron 204 mil 782 consultas.".encode()],
            "duplicate_of": [None, None, None, "bueno.txt"],
        }
    )
    out = cifras.extract(batch, run_id="r1", jobs=1)
    q = {r["source_path"]: r for r in out["quarantine"].to_pylist()}
    assert set(q) == {"vacio.txt", "binario.txt", "copia.txt"}
    assert q["copia.txt"]["reason"] == "duplicate: the same bytes as bueno.txt"
    assert all(r["run_id"] == "r1" for r in q.values())
    assert out["documents"]["source_path"].to_pylist() == ["bueno.txt"]
    assert out["mentions"]["value"].to_pylist() == [204782.0]
    # undated: year 0, unless the caller knows the date
    assert out["documents"]["year"].to_pylist() == [0]
    dated = cifras.extract(
        pa.table(
            {
                "source_path": ["bueno.txt"],
                "content": [b"Se otorgaron 204 mil 782 consultas."],
                "published_date": pa.array([datetime.date(2024, 7, 3)], pa.date32()),
            }
        )
    )
    assert dated["documents"]["year"].to_pylist() == [2024]
    assert dated["documents"]["published_date"].to_pylist() == [datetime.date(2024, 7, 3)]


def test_large_string_and_binary_columns_are_read_too():
    t = pa.table(
        {
            "source_path": pa.array(["a.txt"], pa.large_string()),
            "content": pa.array([b"Fueron mil 258 cirugias."], pa.large_binary()),
        }
    )
    assert cifras.extract(t)["mentions"]["value_int"].to_pylist() == [1258]


def test_errors_say_what_the_command_line_says(tmp_path, cifras_bin):
    with pytest.raises(ValueError, match='the input has no "content" column'):
        cifras.extract(pa.table({"source_path": ["a.txt"]}))
    with pytest.raises(ValueError, match='column "content" is Int64, not Binary'):
        cifras.extract(pa.table({"source_path": ["a.txt"], "content": [1]}))
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        cifras.extract(pa.table({"source_path": ["a.txt"], "content": [b"x"]}), jobs=0)
    with pytest.raises(ValueError, match='unknown table "tablas"'):
        cifras.schema("tablas")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nnot_a_key = 1\n')
    with pytest.raises(ValueError) as e:
        cifras.extract(pa.table({"source_path": ["a.txt"], "content": [b"x"]}), pipeline=bad)
    cli = run([cifras_bin, "validate", str(bad)])
    assert cli.returncode == 2
    assert str(e.value) in cli.stderr + cli.stdout
    with pytest.raises(ValueError, match="not jornadas accumulated by cifras"):
        cifras.jornadas_finish(b"\xff\xff")


def test_settings_and_buckets():
    s = cifras.settings()
    assert ".txt" in s["extensions"] or "txt" in s["extensions"]
    assert s["max_bytes"] > 0 and s["bucket_bytes"] > 0
    assert cifras.bucket_count(1, s["bucket_bytes"]) == 1
    assert cifras.bucket_count(10 * s["bucket_bytes"], s["bucket_bytes"]) == 16
    assert cifras.bucket_of("data/raw/a.txt", 1) == 0
    assert 0 <= cifras.bucket_of("data/raw/a.txt", 16) < 16
