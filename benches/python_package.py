"""The Python package measured against what its users would otherwise run, in one process.

    python benches/python_package.py read [ROUNDS]
        cifras.read against text2num's Python package (text_to_num.alpha2digit, "es") on the
        same lines: the dev set's bulletin lines (50 times over), each tool over all of them in turn, ROUNDS
        pairs (default 5); prints each pair and the median ratio. text2num rewrites number
        words as digits; cifras reads every figure with its value, kind and span: the ratio
        is of what a user calls per line, not of equal work.

    python benches/python_package.py spark CIFRAS_BINARY [MB] [ROUNDS]
        The Spark job (examples/spark) in local[1] and local[2] against `cifras run --jobs 1`
        and `--jobs 2` on the same files (the dev set's bulletins repeated to MB megabytes,
        default 20, as benches/versus_duckdb.py makes them), alternately, ROUNDS rounds
        (default 2): wall times, MB/s, the ratios; and the job's cost per Arrow batch, from
        runs with 50 and with 1000 files per batch.

The package measured is the one installed in this interpreter: build it with `maturin build
--release` (python/) and pip-install the wheel; the binary with `cargo build --release`.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BULLETINS = ROOT.parent / "shared" / "devset" / "bulletins"


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def lines() -> list[str]:
    sys.path.insert(0, str(HERE))
    from versus_duckdb import decode

    out = []
    for p in sorted(BULLETINS.iterdir()):
        out += [l for l in decode(p.read_bytes()).splitlines() if l.strip()]
    return out


def bench_read(rounds: int) -> None:
    import cifras
    from text_to_num import alpha2digit

    text = lines() * 50  # the dev set's lines are 40 kB: repeated, so a pass takes seconds
    mb = sum(len(l.encode()) for l in text) / 1e6
    print(f"{len(text)} lines, {mb:.2f} MB, {rounds} pairs (cifras.read, alpha2digit)")
    ratios = []
    for r in range(rounds):
        a = timed(lambda: [cifras.read(l) for l in text])
        b = timed(lambda: [alpha2digit(l, "es") for l in text])
        ratios.append(b / a)
        print(f"  pair {r + 1}: cifras.read {mb / a:.1f} MB/s, text2num {mb / b:.1f} MB/s: {b / a:.2f}×")
    print(f"median: cifras.read is {statistics.median(ratios):.2f}× text2num's Python package")


def bench_spark(binary: str, mb: float, rounds: int) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "examples" / "spark"))
    from versus_duckdb import make_corpus
    from pyspark.sql import SparkSession

    import cifras_spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    work = Path(tempfile.mkdtemp(prefix="cifras-spark-bench-"))
    try:
        (work / "in").mkdir()
        size, files = make_corpus(work / "in", mb)
        size_mb = size / 1e6
        print(f"corpus: {files} files, {size_mb:.1f} MB; {rounds} rounds")
        times: dict[str, list[float]] = {}

        def cli(jobs: int) -> float:
            shutil.rmtree(work / "wh", ignore_errors=True)
            return timed(
                lambda: subprocess.run(
                    [binary, "run", "-q", "--jobs", str(jobs), "--input", str(work / "in"),
                     "--warehouse", str(work / "wh")],
                    check=True, capture_output=True,
                )
            )

        def spark_job(master: str, batch_files: int = 500) -> float:
            s = (
                SparkSession.builder.master(master).appName("cifras-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.memory", "4g")
                .getOrCreate()
            )
            s.sparkContext.setLogLevel("ERROR")
            s.sparkContext.addPyFile(str(ROOT / "examples" / "spark" / "cifras_spark.py"))
            try:
                shutil.rmtree(work / "out", ignore_errors=True)
                return timed(
                    lambda: cifras_spark.build(s, str(work / "in"), str(work / "out"),
                                               batch_files=batch_files)
                )
            finally:
                s.stop()

        runs = {
            "cifras run --jobs 1": lambda: cli(1),
            "spark local[1]": lambda: spark_job("local[1]"),
            "cifras run --jobs 2": lambda: cli(2),
            "spark local[2]": lambda: spark_job("local[2]"),
            "spark local[2], 50 files per batch": lambda: spark_job("local[2]", 50),
            "spark local[2], 1000 files per batch": lambda: spark_job("local[2]", 1000),
        }
        for r in range(rounds):
            for name, f in runs.items():
                t = f()
                times.setdefault(name, []).append(t)
                print(f"  round {r + 1}: {name}: {t:.2f} s ({size_mb / t:.1f} MB/s)")
        med = {k: statistics.median(v) for k, v in times.items()}
        print("medians:")
        for k, v in med.items():
            print(f"  {k}: {v:.2f} s, {size_mb / v:.1f} MB/s")
        for n in (1, 2):
            print(f"  cifras run / spark local[{n}]: spark takes "
                  f"{med[f'spark local[{n}]'] / med[f'cifras run --jobs {n}']:.2f}× the time")
        few, many = files / 1000, files / 50
        extra = med["spark local[2], 50 files per batch"] - med["spark local[2], 1000 files per batch"]
        print(f"  per Arrow batch: {1000 * extra / (many - few):.1f} ms "
              f"({many:.0f} batches against {few:.0f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("read", "spark"):
        sys.exit(__doc__)
    if not BULLETINS.is_dir():
        sys.exit(f"SKIPPED: {BULLETINS} is absent")
    if sys.argv[1] == "read":
        bench_read(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    else:
        if len(sys.argv) < 3:
            sys.exit(__doc__)
        mb = float(sys.argv[3]) if len(sys.argv) > 3 else 20
        bench_spark(os.path.abspath(sys.argv[2]), mb, int(sys.argv[4]) if len(sys.argv) > 4 else 2)


if __name__ == "__main__":
    main()
