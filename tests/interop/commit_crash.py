"""A crash at every step of a commit, seen by readers that read the table folders directly.

Usage: python commit_crash.py CIFRAS_BIN WORKDIR

Builds a warehouse from part of data/raw (the previous commit), then, for each commit step
that `CIFRAS_FAULT` can crash a run at (`cifras` kills itself there with SIGKILL), copies it,
runs again over more and changed inputs, and reads every table with DuckDB and with pyarrow
straight from the folders, with no cifras command in between. Each table must be exactly
the previous commit's or exactly the new one's, all tables from the same commit (the old one
up to the switch of `.current`, the new one from there on), and no table may be missing.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq

cifras, work = sys.argv[1], sys.argv[2]
raw = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "raw")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(f"{work}/in")
names = sorted(os.listdir(raw))
for n in names[: len(names) // 2]:
    shutil.copy(f"{raw}/{n}", f"{work}/in/{n}")
tables = [t["table"] for t in json.loads(subprocess.check_output([cifras, "schema", "--format", "json"]))]
# the commit steps, in order, from the binary's own list
points = ["link", "snapshot", "moved", "switch", "switched", "linked", "manifest"]


def run(wh, fault=None):
    env = dict(os.environ)
    env.pop("CIFRAS_FAULT", None)
    if fault:
        env["CIFRAS_FAULT"] = fault
    return subprocess.run([cifras, "run", "-q", "--input", f"{work}/in", "--warehouse", wh],
                          env=env, capture_output=True, text=True)


def seen(wh):
    """What a direct reader sees: per table, a digest of its sorted rows, by each reader."""
    out = {}
    con = duckdb.connect()
    for t in tables:
        folder = f"{wh}/{t}"
        if not os.path.isdir(folder):
            out[t] = ("missing", "missing")
            continue
        rows = con.sql(f"SELECT * FROM read_parquet('{folder}/**/*.parquet') ORDER BY ALL").fetchall()
        duck = hashlib.sha256(repr(rows).encode()).hexdigest()[:16] + f"/{len(rows)}"
        tbl = pq.read_table(folder)
        arrow_rows = sorted(repr(sorted(r.items())) for r in tbl.to_pylist())
        arrow = hashlib.sha256(repr(arrow_rows).encode()).hexdigest()[:16] + f"/{len(arrow_rows)}"
        out[t] = (duck, arrow)
    return out


base = f"{work}/base"
r = run(base)
assert r.returncode == 0, r.stderr
old = seen(base)
# the next inputs: the rest of the sample corpus, and one bulletin changed
for n in names[len(names) // 2:]:
    shutil.copy(f"{raw}/{n}", f"{work}/in/{n}")
with open(f"{work}/in/{names[0]}", "a", encoding="utf-8") as f:
    f.write("\n\nAdemás se dieron 4 mil 321 consultas de Medicina Familiar.\n")
ref = f"{work}/reference"
shutil.copytree(base, ref, symlinks=True)
r = run(ref)
assert r.returncode == 0, r.stderr
new = seen(ref)
assert old != new, "the second run must change the tables"

failures = []
committed = False
for p in points:
    wh = f"{work}/wh_{p}"
    shutil.copytree(base, wh, symlinks=True)
    r = run(wh, p)
    if r.returncode != -9:
        failures.append(f"{p}: exit {r.returncode}, expected a SIGKILL ({r.stderr[-300:]})")
        continue
    committed |= p == "switched"
    want, other = (new, old) if committed else (old, new)
    got = seen(wh)
    for t in tables:
        if got[t] != want[t]:
            which = "the other commit's" if got[t] == other[t] else "neither commit's"
            failures.append(f"crash at {p}: {t} is {which} ({got[t]})")
    r = run(wh)
    if r.returncode != 0 or seen(wh) != new:
        failures.append(f"crash at {p}: the next run did not leave the new commit ({r.stderr[-300:]})")

if failures:
    print("commit crash test FAILED:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print(f"commit crash test ok: a crash at each of {len(points)} commit steps left one whole commit "
      f"(the previous one before the switch, the new one after) for DuckDB and pyarrow reading directly")
