"""Interop test: DuckDB and pyarrow read every table of a cifras warehouse without options.

Usage: python check_warehouse.py WAREHOUSE EXPECTED_COUNTS_JSON

Checks the SPEC §4 types (DATE, BIGINT, DOUBLE, VARCHAR; no view types; `year` an integer
partition key read from the path) and the row count of every table.
"""
import json
import sys

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

wh, expected_path = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_path))  # {"table": {"rows": n, "columns": {"name": "SQLTYPE"}, "partitioned": bool}}
failures = []

ARROW_OF_SQL = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
}

con = duckdb.connect()
for table, spec in expected.items():
    glob = f"{wh}/{table}/**/*.parquet"
    hive = "true" if spec["partitioned"] else "false"
    rel = con.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning={hive})")
    duck_types = dict(zip(rel.columns, [str(t) for t in rel.types]))
    rows = con.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning={hive})").fetchall()[0][0]
    if rows != spec["rows"]:
        failures.append(f"duckdb {table}: {rows} rows, expected {spec['rows']}")
    for col, sql in spec["columns"].items():
        got = duck_types.get(col)
        if got != sql:
            failures.append(f"duckdb {table}.{col}: {got}, expected {sql}")
    extra = set(duck_types) - set(spec["columns"])
    if extra:
        failures.append(f"duckdb {table}: unexpected columns {sorted(extra)}")

    part = "hive" if spec["partitioned"] else None
    t = ds.dataset(f"{wh}/{table}", format="parquet", partitioning=part).to_table()
    if t.num_rows != spec["rows"]:
        failures.append(f"pyarrow {table}: {t.num_rows} rows, expected {spec['rows']}")
    for col, sql in spec["columns"].items():
        field = t.schema.field(col) if col in t.schema.names else None
        want = ARROW_OF_SQL[sql]
        if field is None:
            failures.append(f"pyarrow {table}.{col}: missing")
        elif col == "year" and spec["partitioned"]:
            # pyarrow infers the width of a partition key itself (int32): any integer will do
            if not pa.types.is_integer(field.type):
                failures.append(f"pyarrow {table}.year: {field.type}, expected an integer")
        elif field.type != want:
            failures.append(f"pyarrow {table}.{col}: {field.type}, expected {want}")
        elif pa.types.is_string_view(field.type) or pa.types.is_large_string(field.type):
            failures.append(f"pyarrow {table}.{col}: {field.type} is not plain UTF-8")
    # inside the files: plain UTF-8 strings, no view types, no `year` column
    for frag in ds.dataset(f"{wh}/{table}", format="parquet").get_fragments():
        file_schema = frag.physical_schema
        if spec["partitioned"] and "year" in file_schema.names:
            failures.append(f"{frag.path}: `year` written inside the file")
        for f in file_schema:
            if pa.types.is_string_view(f.type) or pa.types.is_binary_view(f.type):
                failures.append(f"{frag.path}: {f.name} is a view type")

# mention offsets slice the body (checked in DuckDB, code points)
bad = con.sql(f"""
    SELECT count(*) FROM read_parquet('{wh}/mentions/**/*.parquet', hive_partitioning=true) m
    JOIN read_parquet('{wh}/documents/**/*.parquet', hive_partitioning=true) d USING (doc_id)
    WHERE substring(d.body, m.start + 1, m."end" - m.start) <> m.text
""").fetchall()[0][0]
if bad:
    failures.append(f"{bad} mentions whose text is not body[start:end]")

if failures:
    print("interop FAILED:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
counts = ", ".join(f"{t} {s['rows']}" for t, s in expected.items())
print(f"interop ok: {counts} rows read by DuckDB {duckdb.__version__} and pyarrow {pa.__version__}")
