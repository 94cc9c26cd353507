"""cifras on Spark: the warehouse's tables for a corpus too large for one machine.

    spark-submit --py-files cifras_spark.py cifras_spark.py --input s3a://bucket/boletines \
        --output s3a://bucket/warehouse

(with the cifras wheel installed on every executor: see README, "Beyond one machine").

The same tables as ``cifras run --input DIR``, with the same rows: Spark's ``binaryFile``
source lists and reads the files; ``mapInArrow`` runs ``cifras.extract`` (ingest, extract,
facts: the Rust core, every core of each executor) on batches of files; the jornadas are
merged by a tree reduce of ``cifras.jornadas_partial`` accumulators, which merge in any order
into the rows one machine makes; the checks across bulletins come with them. ``documents``,
``mentions`` and ``facts`` are written partitioned by ``year``, as cifras writes them.

What differs from ``cifras run``: no incremental state (every run reads everything), no
atomic commit of all tables at once (each table is one Spark write), Spark's own Parquet
settings, and the quarantine's ``run_id`` is the Spark application's id.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from typing import Iterator, Optional, Tuple

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

import cifras

#: The tables written from ``cifras.extract``'s output; ``jornadas`` comes from the reduce.
PARTITIONED = ("documents", "mentions", "facts")


def qualified(spark: SparkSession, path: str) -> str:
    """The URI Spark names files under ``path`` with (``data/raw`` → ``file:/…/data/raw``)."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return fs.makeQualified(hpath).toString().rstrip("/")


def list_inputs(
    spark: SparkSession, input_dir: str, name_as: str, extensions
) -> Tuple[DataFrame, int]:
    """The input files, each with its ``source_path`` as ``cifras run --input name_as`` names
    it, and their total size; files of other endings are left out (cifras counts them as
    skipped). One pass over the file index counts both what Spark read and that size."""
    base = qualified(spark, input_dir)
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(input_dir)
    files = files.select("path", "length", "content")
    ext = F.lower(F.regexp_extract("path", r"\.([^./]+)$", 1))
    accepted = ext.isin([e.lower() for e in extensions])
    read, total = files.agg(F.count("*"), F.sum(F.when(accepted, F.col("length")))).first()
    files = files.unionByName(empty_files(spark, files, read))
    relative = F.expr(f"substring(path, {len(base) + 2})")
    files = files.withColumn(
        "source_path", F.concat(F.lit(name_as.rstrip("/") + "/"), relative)
    )
    return files.where(accepted).select("source_path", "content", "length"), int(total or 0)


def empty_files(spark: SparkSession, files: DataFrame, read: int) -> DataFrame:
    """The files of length 0, which Spark's file sources never read (cifras quarantines them
    as empty): the files the source listed that gave no row, each checked to be empty. The
    names come through the driver once (Spark's file index holds them there already);
    ``read``: the rows the source gave."""
    listed = files.inputFiles()
    if len(listed) == read:
        return spark.createDataFrame([], "path string, length long, content binary")
    seen = {r.path for r in files.select("path").toLocalIterator()}
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    empty = []
    for uri in sorted(set(listed) - seen):
        p = jvm.org.apache.hadoop.fs.Path(uri)
        path = p.toString()  # "file:/…" as the source's path column, not "file:///…"
        if path not in seen and p.getFileSystem(conf).getFileStatus(p).getLen() == 0:
            empty.append((path, 0, bytearray()))
    return spark.createDataFrame(empty, "path string, length long, content binary")


def mark_duplicates(files: DataFrame, total: int, bucket_bytes: int) -> DataFrame:
    """``duplicate_of``: for an input whose bytes an earlier one has, that input's name.
    Earlier as ``cifras run`` orders inputs: by bucket (which depends on the corpus' size),
    then by path. Only names and hashes are shuffled; the few duplicates are broadcast back
    to the files, whose bytes never move. ``total``: the inputs' size in bytes."""
    buckets = cifras.bucket_count(total, bucket_bytes)
    bucket = F.udf(lambda p: cifras.bucket_of(p, buckets), "int", useArrow=True)
    keys = files.select("source_path", F.sha2("content", 256).alias("sha"))
    keys = keys.withColumn("order", F.struct(bucket("source_path"), F.col("source_path")))
    groups = keys.groupBy("sha").agg(
        F.min("order").getField("source_path").alias("first"),
        F.collect_list("source_path").alias("all"),
        F.count("*").alias("n"),
    )
    dups = (
        groups.where("n > 1")
        .select("first", F.explode("all").alias("source_path"))
        .where(F.col("source_path") != F.col("first"))
        .select("source_path", F.col("first").alias("duplicate_of"))
    )
    return files.join(F.broadcast(dups), "source_path", "left").select(
        "source_path", "content", "duplicate_of"
    )


def ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue()


def extract_all(files: DataFrame, pipeline: Optional[str], run_id: str) -> DataFrame:
    """Every table's rows of every batch of files, as (table, Arrow IPC bytes): one pass of
    the stages, whatever the number of tables."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for b in batches:
            out = cifras.extract(b, pipeline=pipeline, run_id=run_id)
            names = [n for n in cifras.EXTRACT_TABLES if out[n].num_rows]
            if names:
                yield pa.RecordBatch.from_pydict(
                    {"table": names, "part": [ipc(out[n]) for n in names]},
                    schema=pa.schema([("table", pa.string()), ("part", pa.binary())]),
                )

    return files.mapInArrow(run, "table string, part binary")


def table_of(parts: DataFrame, name: str) -> DataFrame:
    """One table's rows out of the (table, IPC bytes) parts, with the warehouse's schema."""
    schema = cifras.schema(name)

    def decode(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for b in batches:
            for part in b.column("part").to_pylist():
                yield from pa.ipc.open_stream(part).read_all().to_batches()

    return parts.where(F.col("table") == name).mapInArrow(decode, from_arrow_schema(schema))


def merge_jornadas(facts: DataFrame, documents: DataFrame, partitions: int) -> bytes:
    """The jornadas of all facts: a partial accumulation per partition (all of a document's
    rows in one), then a tree reduce of the accumulators."""
    dated = facts.join(documents.select("doc_id", "published_date"), "doc_id")
    dated = dated.repartition(partitions, "doc_id")

    columns = pa.schema(list(cifras.schema("facts")) + [pa.field("published_date", pa.date32())])
    dated = dated.select(*columns.names)

    def partial(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows = pa.Table.from_batches(list(batches)).cast(columns)
        acc = cifras.jornadas_partial(rows, rows.select(["doc_id", "published_date"]))
        yield pa.RecordBatch.from_pydict({"acc": [acc]}, schema=pa.schema([("acc", pa.binary())]))

    accs = dated.mapInArrow(partial, "acc binary").rdd.map(lambda r: bytes(r.acc))
    return accs.treeReduce(cifras.jornadas_merge)


def build(
    spark: SparkSession,
    input_dir: str,
    output: str,
    name_as: Optional[str] = None,
    pipeline: Optional[str] = None,
    batch_files: int = 500,
) -> dict:
    """Writes the tables of the files under ``input_dir`` to ``output/<table>``; returns the
    row count of each table."""
    started = time.time()
    timings = {}

    def lap(name: str) -> None:
        timings[name] = round(time.time() - started - sum(timings.values()), 2)

    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_files))
    # bulletins are small files: pack them into partitions by size, not by Spark's assumed
    # 4 MB cost of opening a file (a few dozen files per task otherwise)
    spark.conf.set("spark.sql.files.openCostInBytes", str(8 * 1024))
    settings = cifras.settings(pipeline=pipeline)
    run_id = spark.sparkContext.applicationId
    files, total = list_inputs(spark, input_dir, name_as or input_dir, settings["extensions"])
    files = mark_duplicates(files, total, settings["bucket_bytes"])
    lap("list")
    parts = extract_all(files, pipeline, run_id).persist()
    tables = {name: table_of(parts, name) for name in cifras.EXTRACT_TABLES}
    for name in PARTITIONED:
        tables[name].write.mode("overwrite").partitionBy("year").parquet(f"{output}/{name}")
    lap("extract")
    partitions = max(1, spark.sparkContext.defaultParallelism)
    acc = merge_jornadas(tables["facts"], tables["documents"], partitions)
    jornadas, across = cifras.jornadas_finish(acc, pipeline=pipeline)
    lap("jornadas")
    frames = {
        "jornadas": spark.createDataFrame(jornadas),
        "checks": tables["checks"].unionByName(spark.createDataFrame(across)),
        "quarantine": tables["quarantine"],
    }
    for name, df in frames.items():
        df.coalesce(1).write.mode("overwrite").parquet(f"{output}/{name}")
    parts.unpersist()
    lap("write")
    counts = {
        name: spark.read.parquet(f"{output}/{name}").count()
        for name in cifras.EXTRACT_TABLES + ("jornadas",)
    }
    lap("count")
    counts["seconds"] = round(time.time() - started, 2)
    counts.update({f"seconds_{k}": v for k, v in timings.items()})
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="folder of bulletins (any URI Spark reads)")
    ap.add_argument("--output", required=True, help="where the tables go (any URI Spark writes)")
    ap.add_argument(
        "--name-as",
        help="how source_path names the input folder (default: --input as given, as cifras run)",
    )
    ap.add_argument("--pipeline", help="a cifras pipeline file (default: the built-in one)")
    ap.add_argument("--batch-files", type=int, default=500, help="files per Arrow batch")
    args = ap.parse_args(argv)
    spark = SparkSession.builder.appName("cifras").getOrCreate()
    counts = build(spark, args.input, args.output, args.name_as, args.pipeline, args.batch_files)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
