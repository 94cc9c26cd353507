"""Interop test: every common reader reads every table of a cifras warehouse by its folder's
path alone, with no options, and sees the tables `cifras schema` describes.

Usage: python check_warehouse.py WAREHOUSE EXPECTED_JSON [--spark]

Readers: DuckDB (`read_parquet('folder/**/*.parquet')`), pyarrow (`pq.read_table(folder)`
and `ds.dataset(folder)`), pandas (`read_parquet(folder)`), polars (`read_parquet(folder)`)
and, with --spark, Spark in local mode (`spark.read.parquet(folder)`). For each: the row
count of the last manifest, the columns and their types (SPEC §4: DATE, BIGINT, DOUBLE,
VARCHAR; no view types; `year` an integer key read from the path, 0 for undated documents).
Also: the schema version in every file's key-value metadata and in the manifest, the
offsets of mentions slicing the bodies, and `views.sql` run in DuckDB giving the same counts.
"""
import glob
import json
import os
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

wh, expected_path = sys.argv[1], sys.argv[2]
with_spark = "--spark" in sys.argv[3:]
expected = json.load(open(expected_path))  # {"table": {"rows", "columns": {name: SQL}, "partitioned"}, "_schema_version": v}
schema_version = expected.pop("_schema_version")
failures = []


def fail(msg):
    failures.append(msg)


ARROW_OF_SQL = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "DATE": pa.date32()}
POLARS_OF_SQL = {"VARCHAR": pl.String, "BIGINT": pl.Int64, "DOUBLE": pl.Float64, "DATE": pl.Date}
SPARK_OF_SQL = {"VARCHAR": "string", "BIGINT": "bigint", "DOUBLE": "double", "DATE": "date"}


def pandas_ok(sql, dtype, col, partitioned):
    s = str(dtype)
    if col == "year" and partitioned:
        return s == "category" or s.startswith("int")  # pandas makes partition keys categories
    return {
        "VARCHAR": s in ("object", "str", "string"),
        "BIGINT": s == "int64" or s == "Int64" or s == "float64",  # nullable ints become floats
        "DOUBLE": s == "float64",
        "DATE": s == "object" or s.startswith("datetime64"),  # dates as datetime.date objects
    }[sql]


con = duckdb.connect()
for table, spec in expected.items():
    folder = f"{wh}/{table}"
    cols, rows, part = spec["columns"], spec["rows"], spec["partitioned"]

    # DuckDB, no options: hive keys detected from the paths
    rel = con.sql(f"SELECT * FROM read_parquet('{folder}/**/*.parquet')")
    types = dict(zip(rel.columns, [str(t) for t in rel.types]))
    n = con.sql(f"SELECT count(*) FROM read_parquet('{folder}/**/*.parquet')").fetchall()[0][0]
    if n != rows:
        fail(f"duckdb {table}: {n} rows, expected {rows}")
    for col, sql in cols.items():
        if types.get(col) != sql:
            fail(f"duckdb {table}.{col}: {types.get(col)}, expected {sql}")
    if set(types) - set(cols):
        fail(f"duckdb {table}: unexpected columns {sorted(set(types) - set(cols))}")

    # pyarrow: read_table(folder) (hive keys by default) and a dataset of the folder
    t = pq.read_table(folder)
    if t.num_rows != rows:
        fail(f"pyarrow read_table {table}: {t.num_rows} rows, expected {rows}")
    for col, sql in cols.items():
        field = t.schema.field(col) if col in t.schema.names else None
        if field is None:
            fail(f"pyarrow {table}.{col}: missing")
        elif col == "year" and part:
            value_type = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
            if not pa.types.is_integer(value_type):
                fail(f"pyarrow {table}.year: {field.type}, expected an integer")
        elif field.type != ARROW_OF_SQL[sql]:
            fail(f"pyarrow {table}.{col}: {field.type}, expected {ARROW_OF_SQL[sql]}")
    d = ds.dataset(folder, format="parquet")
    if d.count_rows() != rows:
        fail(f"pyarrow dataset {table}: {d.count_rows()} rows, expected {rows}")
    for frag in d.get_fragments():
        fs = frag.physical_schema
        if part and "year" in fs.names:
            fail(f"{frag.path}: `year` written inside the file")
        for f in fs:
            if pa.types.is_string_view(f.type) or pa.types.is_binary_view(f.type) or pa.types.is_large_string(f.type):
                fail(f"{frag.path}: {f.name} is {f.type}, not plain UTF-8")
        meta = pq.ParquetFile(frag.path).metadata.metadata or {}  # the file's key-value metadata
        got = meta.get(b"cifras.schema_version", b"").decode()
        if got != schema_version:
            fail(f"{frag.path}: schema version {got!r}, expected {schema_version!r}")

    # pandas
    df = pd.read_parquet(folder)
    if len(df) != rows:
        fail(f"pandas {table}: {len(df)} rows, expected {rows}")
    for col, sql in cols.items():
        if col not in df.columns:
            fail(f"pandas {table}.{col}: missing")
        elif not pandas_ok(sql, df[col].dtype, col, part):
            fail(f"pandas {table}.{col}: {df[col].dtype}, expected {sql}")
    if part and len(df) and not all(isinstance(v, (int,)) or hasattr(v, "__index__") for v in df["year"].dropna().unique()):
        fail(f"pandas {table}.year: values are not integers")

    # polars
    p = pl.read_parquet(folder)
    if p.height != rows:
        fail(f"polars {table}: {p.height} rows, expected {rows}")
    for col, sql in cols.items():
        if col not in p.columns:
            fail(f"polars {table}.{col}: missing")
        elif col == "year" and part:
            if not p[col].dtype.is_integer():
                fail(f"polars {table}.year: {p[col].dtype}, expected an integer")
        elif p[col].dtype != POLARS_OF_SQL[sql]:
            fail(f"polars {table}.{col}: {p[col].dtype}, expected {POLARS_OF_SQL[sql]}")

# undated documents: one integer key, 0, in every reader
undated = con.sql(f"SELECT count(*) FROM read_parquet('{wh}/documents/**/*.parquet') WHERE published_date IS NULL").fetchall()[0][0]
zero = con.sql(f"SELECT count(*) FROM read_parquet('{wh}/documents/**/*.parquet') WHERE year = 0").fetchall()[0][0]
if undated == 0 or undated != zero:
    fail(f"undated documents: {undated} without a date, {zero} in year=0 (the sample corpus has one)")

# mention offsets slice the body (code points)
bad = con.sql(f"""
    SELECT count(*) FROM read_parquet('{wh}/mentions/**/*.parquet') m
    JOIN read_parquet('{wh}/documents/**/*.parquet') d USING (doc_id)
    WHERE substring(d.body, m.start + 1, m."end" - m.start) <> m.text
""").fetchall()[0][0]
if bad:
    fail(f"{bad} mentions whose text is not body[start:end]")

# the manifest and views.sql of the current commit
manifest = json.load(open(sorted(glob.glob(f"{wh}/_runs/*.json"))[-1]))
if manifest.get("schema_version") != schema_version:
    fail(f"manifest schema_version {manifest.get('schema_version')!r}, expected {schema_version!r}")
views = duckdb.connect()
views.execute(open(f"{wh}/views.sql").read())
for table, spec in expected.items():
    n = views.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    if n != spec["rows"]:
        fail(f"views.sql {table}: {n} rows, expected {spec['rows']}")

readers = "DuckDB, pyarrow, pandas, polars"
if with_spark:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("cifras-interop")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    for table, spec in expected.items():
        sdf = spark.read.parquet(f"{wh}/{table}")
        n = sdf.count()
        if n != spec["rows"]:
            fail(f"spark {table}: {n} rows, expected {spec['rows']}")
        stypes = dict(sdf.dtypes)
        for col, sql in spec["columns"].items():
            got = stypes.get(col)
            if col == "year" and spec["partitioned"]:
                if got not in ("int", "bigint"):
                    fail(f"spark {table}.year: {got}, expected an integer")
            elif got != SPARK_OF_SQL[sql]:
                fail(f"spark {table}.{col}: {got}, expected {SPARK_OF_SQL[sql]}")
    spark.stop()
    readers += ", Spark"

if failures:
    print("interop FAILED:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
counts = ", ".join(f"{t} {s['rows']}" for t, s in expected.items())
print(f"interop ok: {counts} rows, schema {schema_version}, read by {readers} without options; views.sql agrees")
