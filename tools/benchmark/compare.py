"""Read the marts of a warehouse file and compare two warehouses.

Incremental runs must give the marts of a full refresh, row for row: the incremental test and
benchmark both check it with these helpers; the Spark test compares a Spark warehouse with them.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

MART_FILTER = (
    "table_type = 'BASE TABLE' and (table_name like 'fct\\_%' escape '\\'"
    " or table_name like 'rpt\\_%' escape '\\' or table_name = 'quarantined_events')"
)


def read_marts(database: Path) -> dict[str, list[tuple]]:
    """Every mart (fct_*, rpt_*, quarantined_events) of ``database``, its rows sorted."""
    with duckdb.connect(str(database), read_only=True) as connection:
        names = [
            name
            for (name,) in connection.execute(
                f"select table_name from information_schema.tables where {MART_FILTER} order by 1"
            ).fetchall()
        ]
        return {
            name: connection.execute(f"select * from {name} order by all").fetchall()
            for name in names
        }


def _same(value: object, other: object, tolerance: float) -> bool:
    if isinstance(value, float) and isinstance(other, float):
        return math.isclose(value, other, rel_tol=tolerance, abs_tol=tolerance)
    return value == other


def mart_differences(
    actual: dict[str, list[tuple]], expected: dict[str, list[tuple]], tolerance: float = 1e-9
) -> list[str]:
    """Where ``actual`` differs from ``expected`` (one line per mart; empty when equal).

    Rows are compared in sorted order, exactly except floats (within ``tolerance``).
    """
    problems = [f"missing mart {name}" for name in sorted(set(expected) - set(actual))]
    problems += [f"unexpected mart {name}" for name in sorted(set(actual) - set(expected))]
    for name in sorted(set(actual) & set(expected)):
        got, rows = actual[name], expected[name]
        if len(got) != len(rows):
            problems.append(f"{name}: {len(got)} rows, expected {len(rows)}")
            continue
        for got_row, row in zip(got, rows, strict=True):
            if len(got_row) != len(row) or not all(
                _same(a, b, tolerance) for a, b in zip(got_row, row, strict=True)
            ):
                problems.append(f"{name}: first difference {got_row} != {row}")
                break
    return problems


def read_spark_marts(warehouse_dir: Path, schema: str = "analytics") -> dict[str, list[tuple]]:
    """Every mart of a local Spark warehouse (dbt-spark session method), its rows sorted.

    The tables are Parquet folders under ``<warehouse_dir>/<schema>.db``; they are read with
    DuckDB, so the rows compare with :func:`read_marts` value for value.
    """
    root = Path(warehouse_dir) / f"{schema}.db"
    marts = {}
    with duckdb.connect() as connection:
        for folder in sorted(root.iterdir()):
            name = folder.name
            if not (name.startswith(("fct_", "rpt_")) or name == "quarantined_events"):
                continue
            if "__dbt" in name:
                continue
            if not any(folder.glob("*.parquet")):
                marts[name] = []
                continue
            marts[name] = connection.execute(
                f"select * from read_parquet('{folder.as_posix()}/*.parquet') order by all"
            ).fetchall()
    return marts
