"""The Spark job in local mode against `cifras run` on the same files: every table, the
same rows (the quarantine's run_id aside). The corpus: data/raw, plus synthetic bulletins
made from it (every digit run redrawn, so figures, dates and jornada numbers change), in
UTF-8 and Windows-1252, with duplicates, an empty file, a binary one and a skipped one."""

import json
import os
import pathlib
import random
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "python" / "tests"))

import cifras_spark  # noqa: E402
from conftest import cifras_bin, root  # noqa: E402,F401
from test_package import read_table, rows  # noqa: E402

SYNTHETIC = int(os.environ.get("CIFRAS_SPARK_SYNTHETIC", "3000"))


def redraw_digits(text: str, rnd: random.Random) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i].isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            first = str(rnd.randint(1, 9)) if j - i > 1 else str(rnd.randint(0, 9))
            out.append(first + "".join(str(rnd.randint(0, 9)) for _ in range(j - i - 1)))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def make_corpus(folder: pathlib.Path, root: pathlib.Path, n: int) -> None:
    raw = root / "data" / "raw"
    shutil.copytree(raw, folder / "raw")
    texts = []
    for p in sorted(raw.iterdir()):
        b = p.read_bytes()
        try:
            texts.append(b.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(b.decode("cp1252"))
    rnd = random.Random(20261130)
    for k in range(n):
        text = redraw_digits(rnd.choice(texts), rnd)
        sub = folder / "sinteticos" / f"lote{k % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        name = f"boletin_{k:05d}.txt" if k % 3 else f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}_boletin_{k:05d}.txt"
        data = text.encode("cp1252", errors="replace") if k % 10 == 0 else text.encode("utf-8")
        (sub / name).write_bytes(data)
        if k % 250 == 0:  # the same bytes under another name
            (folder / "sinteticos" / f"copia_{k:05d}.txt").write_bytes(data)
    (folder / "sinteticos" / "vacio.txt").write_bytes(b"")
    (folder / "sinteticos" / "binario.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "sinteticos" / "notas.csv").write_text("no,es,un,boletin\n")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers import cifras from this venv
    s = (
        SparkSession.builder.master("local[2]")
        .appName("cifras-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    s.sparkContext.addPyFile(str(HERE / "cifras_spark.py"))  # as spark-submit --py-files
    yield s
    s.stop()


def test_the_spark_job_writes_the_tables_cifras_run_writes(tmp_path, spark, cifras_bin, root, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the built-in pipeline on both sides
    make_corpus(tmp_path / "in", root, SYNTHETIC)
    subprocess.run(
        [cifras_bin, "run", "-q", "--input", "in", "--warehouse", "wh"], check=True, capture_output=True
    )
    manifest = json.loads(sorted((tmp_path / "wh" / "_runs").glob("*.json"))[-1].read_text())
    counts = cifras_spark.build(spark, str(tmp_path / "in"), str(tmp_path / "out"), name_as="in")
    for name in ("documents", "mentions", "facts", "checks", "quarantine", "jornadas"):
        want = read_table(tmp_path / "wh", name)
        got = read_table(tmp_path / "out", name)
        assert want.num_rows == manifest["tables"][name]["rows"]
        columns = [c for c in want.column_names if not (name == "quarantine" and c == "run_id")]
        assert rows(got, columns) == rows(want, columns), name
        assert counts[name] == want.num_rows, name
    assert counts["documents"] >= SYNTHETIC
    assert counts["jornadas"] > 0
    reasons = set(read_table(tmp_path / "out", "quarantine")["reason"].to_pylist())
    assert any(r.startswith("duplicate: the same bytes as in/") for r in reasons)
    assert any(r.startswith("empty") for r in reasons)
