#!/usr/bin/env bash
# Interop test: builds a warehouse from data/raw with the cifras binary given as $1 and
# has DuckDB, pyarrow, pandas, polars and Spark (from a venv, $2) read every table by its
# folder alone; then crashes a run at every step of its commit and reads the tables
# directly each time.
set -euo pipefail
cifras="$1"
python="$2"
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cifras" run -q --input data/raw --warehouse "$work/wh" > "$work/summary.txt"
"$cifras" schema --format json > "$work/schema.json"
"$python" - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
schema = json.load(open(f"{work}/schema.json"))
manifest = json.load(open(sorted(glob.glob(f"{work}/wh/_runs/*.json"))[-1]))
expected = {
    t["table"]: {
        "rows": manifest["tables"][t["table"]]["rows"],
        "partitioned": t["partitioned"],
        "columns": {c["name"]: c["type"] for c in t["columns"]},
    }
    for t in schema
}
# the SPEC §4 types, independently of the tool's own schema
spec = {
    ("documents", "published_date"): "DATE", ("documents", "body"): "VARCHAR",
    ("mentions", "start"): "BIGINT", ("mentions", "value"): "DOUBLE",
    ("mentions", "value_int"): "BIGINT", ("mentions", "date_start"): "DATE",
    ("mentions", "year"): "BIGINT", ("quarantine", "bytes"): "BIGINT",
}
for (t, c), ty in spec.items():
    assert expected[t]["columns"][c] == ty, f"schema: {t}.{c} is {expected[t]['columns'][c]}, SPEC says {ty}"
expected["_schema_version"] = manifest["schema_version"]
json.dump(expected, open(f"{work}/expected.json", "w"))
PY
"$python" tests/interop/check_warehouse.py "$work/wh" "$work/expected.json" --spark
"$python" tests/interop/commit_crash.py "$cifras" "$work/crash"
