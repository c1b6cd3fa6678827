"""The landed events of the contract rewritten in each collector's own shape (benchmark input).

The inverse of docs/collectors.md, so the benchmark can feed the same events to each adapter:
``<out>/ga4/events_YYYYMMDD/*.parquet`` (GA4's BigQuery export, nested),
``<out>/snowplow/received_date=*/*.tsv`` (Snowplow's 131 enriched fields) and
``<out>/segment/received_date=*/*.jsonl`` (Segment's S3 messages). Everything runs in DuckDB:
the contract's files are read once into a table with the derived columns each shape needs
(typed timestamps, the 30-minute sessions GA4 and Snowplow number, the properties as typed
key / value pairs), then one ``COPY`` per shape writes it partitioned by received day.

Not a test fixture: rows the contract quarantines are carried as well as a shape can carry them
(an unparseable timestamp stays text in Snowplow and Segment, is missing in GA4's INT64), and
what a collector cannot hold is lost (GA4 exports no user agent, so no bot is told apart).
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from tools.benchmark.collector_ga4_sql import ga4_select
from tools.benchmark.collector_sql import SHAPES, contract_reader, prepared_events
from tools.benchmark.collector_text_sql import segment_select, snowplow_select

__all__ = ["SHAPES", "convert"]


def shape_copy(shape: str, folder: Path) -> str:
    """The ``COPY`` writing every prepared event in ``shape`` under ``folder``."""
    if shape == "ga4":
        select, options = (
            ga4_select(),
            "format parquet, partition_by (export_day)",
        )
    elif shape == "snowplow":
        select = snowplow_select()
        options = (
            "format csv, delimiter '\\t', quote '', escape '', header false,"
            " partition_by (received_date), file_extension 'tsv'"
        )
    else:
        select = segment_select()
        # One JSON text a line: DuckDB's JSON writer cannot partition, its CSV writer can.
        options = (
            "format csv, delimiter '\\t', quote '', escape '', header false,"
            " partition_by (received_date), file_extension 'jsonl'"
        )
    return f"copy ({select}) to '{folder}' ({options})"


def _ga4_tables(folder: Path) -> None:
    """``export_day=YYYYMMDD`` (DuckDB's partition folders) -> GA4's ``events_YYYYMMDD``."""
    for partition in sorted(folder.glob("export_day=*")):
        partition.rename(folder / f"events_{partition.name.split('=', 1)[1]}")


def convert(
    landing: Path,
    out: Path,
    shapes: tuple[str, ...] = SHAPES,
    memory_limit: str = "4GB",
    temp_directory: Path | None = None,
) -> dict[str, dict]:
    """Write the events of ``landing/events`` in each of ``shapes`` under ``out``.

    Returns, per shape, the rows written, the files, their bytes and the seconds it took
    (``prepare`` is the shared read of the contract's files).
    """
    out.mkdir(parents=True, exist_ok=True)
    figures: dict[str, dict] = {}
    connection = duckdb.connect()
    try:
        connection.execute("set timezone = 'UTC'")
        connection.execute(f"set memory_limit = '{memory_limit}'")
        if temp_directory is not None:
            connection.execute(f"set temp_directory = '{temp_directory}'")
        started = time.perf_counter()
        connection.execute(
            f"create temp table events as {prepared_events(contract_reader(landing))}"
        )
        (rows,) = connection.execute("select count(*) from events").fetchone()
        figures["prepare"] = {"rows": rows, "seconds": round(time.perf_counter() - started, 2)}
        for shape in shapes:
            folder = out / shape
            if folder.exists():
                for path in sorted(folder.rglob("*"), reverse=True):
                    path.rmdir() if path.is_dir() else path.unlink()
            started = time.perf_counter()
            connection.execute(shape_copy(shape, folder))
            if shape == "ga4":
                _ga4_tables(folder)
            files = [path for path in folder.rglob("*") if path.is_file()]
            figures[shape] = {
                "rows": rows,
                "files": len(files),
                "bytes": sum(path.stat().st_size for path in files),
                "seconds": round(time.perf_counter() - started, 2),
            }
    finally:
        connection.close()
    return figures
