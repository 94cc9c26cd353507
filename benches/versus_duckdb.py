"""The whole run of cifras against what a user would otherwise write: DuckDB reading the same
bulletins with `read_text`, pulling figures with `regexp_extract_all` and writing Parquet with
`COPY`. Both run in this process's loop, alternately, on the same files and the same cores.

The corpus is the dev set's bulletins (../shared/devset/bulletins, not part of the project)
copied as UTF-8 to about MB megabytes, each copy made unique by a last line of letters (so
no copy is a duplicate of another and no figure is added).

usage: python benches/versus_duckdb.py CIFRAS_BINARY[,OTHER_BINARY] [MB] [REPS]
       (the venv of .ci/run has duckdb; the binary: cargo build --release; a second binary,
       e.g. an earlier build, is timed in the same loop)
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
BULLETINS = HERE.parent.parent / "shared" / "devset" / "bulletins"

# What a careful user writes for Mexican figures: digits with separators, optionally
# followed by "mil"/"millones" and more digits, or a percent.
FIGURE = (
    r"\d[\d,.]*(?:\s+(?:mil|millones?|millón)(?:\s+\d[\d,.]*)?)*(?:\s*(?:%|por ciento))?"
)


def letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def decode(raw: bytes) -> str:
    # some bulletins are Latin-1 or Windows-1252: DuckDB's read_text wants UTF-8, so both
    # tools get UTF-8 copies (cifras would read the originals as they are)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def make_corpus(dest: Path, mb: float) -> tuple[int, int]:
    sources = sorted(p for p in BULLETINS.iterdir() if p.suffix == ".txt")
    texts = [decode(p.read_bytes()) for p in sources]
    total = files = 0
    while total < mb * 1e6:
        for t in texts:
            body = f"{t.rstrip()}\n\nReferencia de archivo {letters(files)}\n"
            data = body.encode("utf-8")
            (dest / f"{files:07d}.txt").write_bytes(data)
            total += len(data)
            files += 1
    return total, files


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binaries = [os.path.abspath(b) for b in sys.argv[1].split(",")]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    if not BULLETINS.is_dir():
        sys.exit(f"SKIPPED: {BULLETINS} is absent")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "in"
        corpus.mkdir()
        size, files = make_corpus(corpus, mb)
        print(f"corpus: {size / 1e6:.1f} MB, {files} bulletins (the dev set's, repeated)")

        def cifras(binary: str) -> None:
            shutil.rmtree(tmp / "wh", ignore_errors=True)
            subprocess.run(
                [binary, "run", "--input", str(corpus), "--warehouse", str(tmp / "wh")],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        def duck() -> None:
            out = tmp / "duck.parquet"
            out.unlink(missing_ok=True)
            con = duckdb.connect()
            con.execute(
                f"""COPY (
                      SELECT filename, unnest(regexp_extract_all(content, '{FIGURE}')) AS figure
                      FROM read_text('{corpus}/*.txt')
                    ) TO '{out}' (FORMAT parquet)"""
            )
            con.close()

        c: dict[str, list[float]] = {b: [] for b in binaries}
        d = []
        for _ in range(reps):
            for b in binaries:
                c[b].append(timed(lambda: cifras(b)))
            d.append(timed(duck))
        mentions = duckdb.sql(
            f"SELECT count(*) FROM read_parquet('{tmp}/wh/mentions/**/*.parquet')"
        ).fetchall()[0][0]
        pulled = duckdb.sql(f"SELECT count(*) FROM '{tmp}/duck.parquet'").fetchall()[0][0]
        dm = statistics.median(d)
        print(f"DuckDB read_text + regexp_extract_all + COPY: median {dm:.2f} s, "
              f"{size / 1e6 / dm:.1f} MB/s, {pulled} regex matches "
              f"(runs {', '.join(f'{x:.2f}' for x in d)})")
        for b in binaries:
            cm = statistics.median(c[b])
            print(f"cifras run {b}: median {cm:.2f} s, {size / 1e6 / cm:.1f} MB/s "
                  f"(runs {', '.join(f'{x:.2f}' for x in c[b])}); "
                  f"ratio DuckDB time / cifras time {dm / cm:.2f}x")
        print(f"(the last cifras run wrote {mentions} mentions)")


if __name__ == "__main__":
    main()
