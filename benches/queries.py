"""DuckDB side of `cargo bench --bench queries`: the SQL equivalent of each named report of
cifras, over the same Parquet files, timed in this process (planning, scan and fetch of the
whole result as Arrow), the best and the median of REPS runs after one warm-up.

usage: queries.py WAREHOUSE REPS  → one JSON object on standard output:
{"duckdb": "<version>", "queries": {"<name>": {"seconds": [...], "median": s, "rows": n,
"sums": {"<numeric column>": sum}}}}
"""

import json
import statistics
import sys
import time

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

SERVICES = [
    "consultas_medicina_familiar",
    "consultas_especialidad",
    "detecciones",
    "estudios_auxiliares",
    "cirugias",
    "trasplantes",
]

RANKING = """
    SELECT entity_code, entity_name, count(DISTINCT doc_id) AS apariciones,
           sum(value) AS suma, max(value) AS mayor, min(series_year) AS primer_anio,
           max(series_year) AS ultimo_anio
    FROM facts
    WHERE scope = '{scope}' AND metric = 'atenciones' AND modality = 'realizado'
    GROUP BY entity_code, entity_name
    ORDER BY apariciones DESC, suma DESC, entity_code
"""

QUERIES = {
    "tendencia": """
        SELECT *, acumulado_anual - acumulado_calculado AS brecha_acumulado FROM (
          SELECT series, year, jornada_number, date_start, date_end, total_atenciones, meta,
                 productividad_pct,
                 total_atenciones - lag(total_atenciones) OVER w AS cambio,
                 round((total_atenciones::DOUBLE / lag(total_atenciones) OVER w - 1) * 100, 1)
                   AS cambio_pct,
                 sum(coalesce(total_atenciones, 0)) OVER (
                   PARTITION BY series, year ORDER BY jornada_number NULLS LAST
                   ROWS UNBOUNDED PRECEDING) AS acumulado_calculado,
                 acumulado_anual
          FROM jornadas
          WINDOW w AS (PARTITION BY series ORDER BY year NULLS LAST, jornada_number NULLS LAST))
        ORDER BY series NULLS LAST, year NULLS LAST, jornada_number NULLS LAST
    """,
    "mezcla": f"""
        SELECT *, round(participacion_pct - lag(participacion_pct) OVER (
                    PARTITION BY series, servicio
                    ORDER BY year NULLS LAST, jornada_number NULLS LAST), 1) AS cambio_pp
        FROM (
          SELECT series, year, jornada_number, servicio, atenciones, total_atenciones,
                 round(atenciones::DOUBLE / total_atenciones * 100, 1) AS participacion_pct
          FROM (SELECT * FROM jornadas WHERE total_atenciones > 0)
          UNPIVOT INCLUDE NULLS (atenciones FOR servicio IN ({", ".join(SERVICES)})))
        ORDER BY series NULLS LAST, year NULLS LAST, jornada_number NULLS LAST, servicio
    """,
    "ranking_ooad": RANKING.format(scope="ooad"),
    "ranking_umae": RANKING.format(scope="umae"),
    "consistencia": """
        SELECT c.status, c."check", d.source_path, d.bulletin_number, d.published_date,
               c.expected, c.observed, c.detail
        FROM checks c
        LEFT JOIN (SELECT doc_id, source_path, bulletin_number, published_date FROM documents) d
          USING (doc_id)
        ORDER BY c.status <> 'mismatch', d.published_date NULLS LAST, d.source_path NULLS LAST,
                 c."check"
    """,
    "cobertura": """
        WITH f AS (SELECT doc_id, count(*) AS cifras FROM mentions WHERE kind <> 'date'
                   GROUP BY doc_id),
             h AS (SELECT doc_id, count(*) AS hechos FROM facts GROUP BY doc_id),
             d AS (SELECT d.year, month(d.published_date)::BIGINT AS mes,
                          count(*) AS documentos, sum(coalesce(f.cifras, 0))::BIGINT AS cifras,
                          sum(coalesce(h.hechos, 0))::BIGINT AS hechos, 0::BIGINT AS en_cuarentena
                   FROM documents d LEFT JOIN f USING (doc_id) LEFT JOIN h USING (doc_id)
                   GROUP BY 1, 2),
             q AS (SELECT NULL::BIGINT AS year, NULL::BIGINT AS mes, 0::BIGINT AS documentos,
                          0::BIGINT AS cifras, 0::BIGINT AS hechos, count(*) AS en_cuarentena
                   FROM quarantine),
             u AS (SELECT * FROM (SELECT * FROM d ORDER BY year NULLS LAST, mes NULLS LAST)
                   UNION ALL SELECT * FROM q)
        SELECT *, CASE WHEN cifras > 0 THEN round(hechos::DOUBLE / cifras * 100, 1) END
                  AS pct_cifras_con_hecho
        FROM u
    """,
}

PARTITIONED = {"documents", "mentions", "facts"}


def main():
    warehouse, reps = sys.argv[1], int(sys.argv[2])
    con = duckdb.connect()
    for t in ["documents", "mentions", "facts", "jornadas", "checks", "quarantine"]:
        files = f"{warehouse}/{t}/**/*.parquet"
        if t in PARTITIONED:
            src = (f"read_parquet('{files}', hive_partitioning = true, "
                   "hive_types = {'year': BIGINT})")
        else:
            src = f"read_parquet('{files}')"
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM {src}")
    out = {"duckdb": duckdb.__version__, "queries": {}}
    for name, sql in QUERIES.items():
        con.sql(sql).to_arrow_table()  # warm-up: file metadata and page cache
        times, table = [], None
        for _ in range(reps):
            t = time.perf_counter()
            table = con.sql(sql).to_arrow_table()
            times.append(time.perf_counter() - t)
        # the sum of every numeric column: the Rust side checks that polars got the same
        sums = {
            c: float(pc.sum(table[c]).as_py() or 0)
            for c in table.column_names
            if pa.types.is_integer(table[c].type) or pa.types.is_floating(table[c].type)
        }
        out["queries"][name] = {
            "seconds": times,
            "median": statistics.median(times),
            "rows": table.num_rows,
            "sums": sums,
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
