"""cifras: figures of Spanish-language (IMSS) press bulletins as data.

The same Rust core as the ``cifras`` command line, without its query and report commands:

- :func:`read` gives the figures of one text ("204 mil 782" → 204782), as ``cifras
  normalize`` prints them;
- :func:`extract` gives, for a pyarrow table of input files (``source_path``, ``content``
  bytes), the rows of the warehouse's ``documents``, ``mentions``, ``facts``, ``checks`` and
  ``quarantine`` tables, as pyarrow tables with the warehouse's schema;
- :func:`jornadas` merges facts into the ``jornadas`` table's national rows; for a
  distributed merge, :func:`jornadas_partial`, :func:`jornadas_merge` and
  :func:`jornadas_finish` split it into a map and an associative reduce.

Arrow data crosses between Python and Rust without copies through Python objects, and the
GIL is released while Rust works (``extract`` uses every core unless ``jobs`` says
otherwise).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

import os

import pyarrow as pa

from . import _cifras

__version__: str = _cifras.__version__
#: The version of the warehouse's columns (``cifras.schema_version`` in every Parquet file).
SCHEMA_VERSION: str = _cifras.SCHEMA_VERSION

#: The tables :func:`extract` returns, in this order.
EXTRACT_TABLES = ("documents", "mentions", "facts", "checks", "quarantine")

PathLike = Union[str, "os.PathLike[str]"]
ArrowData = Union[pa.Table, pa.RecordBatch, pa.RecordBatchReader]


def _stream(data: Any) -> Any:
    # a RecordBatch has no Arrow stream interface in every pyarrow version: make it a table
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    return data


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def read(text: str, locale: str = "es-MX") -> List[Dict[str, Any]]:
    """The figures of ``text``, in order: one dict per figure with ``text`` (as written),
    ``start`` and ``end`` (code-point offsets into ``text``, end exclusive), ``value`` (an
    int for whole values, else a float), ``kind`` (cardinal, decimal, percent, ordinal,
    money) and ``qualifier`` (exact, more_than, less_than, approx, at_least, at_most).

    ``locale``: "es-MX" (the default: "1,234.5") or "es-ES" ("1.234,5").

    >>> read("se realizaron 204 mil 782 atenciones")[0]["value"]
    204782
    """
    return _cifras.read(text, locale)


def extract(
    batch: ArrowData,
    *,
    pipeline: Optional[PathLike] = None,
    run_id: str = "",
    jobs: Optional[int] = None,
) -> Dict[str, pa.Table]:
    """Runs ingest, extract and facts over input files held in memory.

    ``batch``: a pyarrow table (or record batch, or reader) with the columns
    ``source_path`` (string: the file's name in the tables) and ``content`` (binary: its raw
    bytes, in any encoding, text, HTML or PDF), and optionally ``published_date`` (date32:
    used when the bulletin itself gives no date) and ``duplicate_of`` (string: the earlier
    input with the same bytes; such an input is quarantined as a duplicate, as ``cifras run``
    does).

    Returns a dict of pyarrow tables keyed by name (``EXTRACT_TABLES``), each with the
    warehouse's schema (:func:`schema`), the partition column ``year`` last for
    ``documents``, ``mentions`` and ``facts`` (0 when the publication year is unknown).
    Rows come in input order. Bad inputs never raise: they are rows of ``quarantine``, with
    ``run_id`` as given.

    ``pipeline``: a pipeline file (default: ``pipelines/jornadas.toml`` in the working
    directory, else the built-in one, as ``cifras run``). ``jobs``: worker threads (default:
    one per core).

    Raises ``ValueError`` for a missing or mistyped column or a bad pipeline (the command
    line's messages).
    """
    return _cifras.extract(_stream(batch), pipeline=_path(pipeline), run_id=run_id, jobs=jobs)


def jornadas(
    facts: ArrowData,
    documents: Optional[ArrowData] = None,
    *,
    pipeline: Optional[PathLike] = None,
) -> pa.Table:
    """The national rows of the ``jornadas`` table merged from ``facts`` rows (the ``facts``
    table's columns; all rows of a document must be in it), as ``cifras run`` merges them.

    ``documents`` (its ``doc_id`` and ``published_date`` columns) gives each bulletin's date,
    which decides between bulletins that disagree; without it every bulletin is undated.
    """
    docs = None if documents is None else _stream(documents)
    return _cifras.jornadas(_stream(facts), docs, pipeline=_path(pipeline))


def jornadas_partial(facts: ArrowData, documents: Optional[ArrowData] = None) -> bytes:
    """The jornadas of some documents' ``facts`` rows, accumulated but not yet merged into
    rows: opaque bytes for :func:`jornadas_merge` and :func:`jornadas_finish`. Every row of a
    document must be in the same call."""
    docs = None if documents is None else _stream(documents)
    return _cifras.jornadas_partial(_stream(facts), docs)


def jornadas_merge(a: bytes, b: bytes) -> bytes:
    """Two accumulations of disjoint sets of documents, as one. Associative and
    commutative: any reduce tree gives the same result."""
    return _cifras.jornadas_merge(a, b)


def jornadas_finish(
    acc: bytes, *, pipeline: Optional[PathLike] = None
) -> Tuple[pa.Table, pa.Table]:
    """The ``jornadas`` rows of an accumulation, and the ``checks`` rows across bulletins
    (disagreements, year-to-date totals) they lead to."""
    return _cifras.jornadas_finish(acc, pipeline=_path(pipeline))


def schema(table: str) -> pa.Schema:
    """The pyarrow schema of a warehouse table as readers of its folder see it (the
    partition column ``year`` last where the table is partitioned)."""
    return _cifras.schema(table)


def settings(*, pipeline: Optional[PathLike] = None) -> Dict[str, Any]:
    """What a pipeline sets that a job outside ``cifras run`` needs: ``extensions`` (the
    file endings read), ``max_bytes``, ``bucket_bytes``, and where the pipeline and
    vocabulary came from."""
    return _cifras.settings(pipeline=_path(pipeline))


def bucket_count(total_bytes: int, bucket_bytes: int) -> int:
    """How many buckets ``cifras run`` spreads a corpus of ``total_bytes`` over."""
    return _cifras.bucket_count(total_bytes, bucket_bytes)


def bucket_of(source_path: str, buckets: int) -> int:
    """The bucket of an input (``cifras run`` keeps the first of inputs with the same bytes
    in bucket, then path order)."""
    return _cifras.bucket_of(source_path, buckets)


__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    "EXTRACT_TABLES",
    "read",
    "extract",
    "jornadas",
    "jornadas_partial",
    "jornadas_merge",
    "jornadas_finish",
    "schema",
    "settings",
    "bucket_count",
    "bucket_of",
]
