"""The benchmark's hand-written reference: the marts' core tables as one DuckDB script.

Not a dbt model: plain SQL written for speed (integer keys inside, no incremental machinery)
on the same landed files and seeds as the build, producing ``sessions``, ``goal_hits``,
``funnel_steps`` and ``credits`` (last touch and linear) in a DuckDB file of its own
(reference_sql.py, reference_conversions.py and reference_rules.py hold the SQL and its
constants). ``make bench`` quotes ``dbt run`` as a multiple of its CPU and wall time, and
checks that its tables equal the marts (:func:`compare_with_marts`).
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path

import duckdb

from orchestration.settings import PROJECT_DIR
from tools.benchmark.reference_sql import statements

SEEDS = PROJECT_DIR / "seeds"
# Rows compared value by value per table: those with the smallest hash of their key.
SAMPLE_ROWS = 200
FLOAT_TOLERANCE = 1e-9

# reference table: (mart, its rows compared, key columns, compared columns). Compared columns
# are what both compute; the marts' other columns (channels, pages, breakdowns) are left out.
COMPARED = {
    "sessions": (
        "fct_sessions",
        "true",
        ["session_id"],
        [
            "anonymous_id",
            "person_id",
            "session_number",
            "started_at",
            "ended_at",
            "duration_seconds",
            "page_views",
            "events",
            "is_bot",
        ],
    ),
    "goal_hits": (
        "fct_goal_hits",
        "true",
        ["goal_hit_id"],
        ["goal_id", "event_id", "session_id", "person_id", "hit_at", "order_id", "value"],
    ),
    "funnel_steps": (
        "fct_funnel_steps",
        "true",
        ["journey_id", "step_number"],
        ["funnel_id", "event_id", "session_id", "reached_at", "seconds_since_entry"],
    ),
    "credits": (
        "fct_attribution_credits",
        "model in ('last_touch', 'linear')",
        ["conversion_id", "touch_session_id", "model"],
        ["credit", "revenue_credit"],
    ),
}

# What the reference's tables select to be compared (ids it keeps as integers become text).
_REFERENCE_SELECT = {
    "goal_hits": "goal_hits.*, sessions.session_id from goal_hits inner join sessions"
    " on goal_hits.session_key = sessions.session_key",
}


def funnel_levels() -> int:
    """The most steps a funnel of the seed has (the reference's step search is unrolled)."""
    with (SEEDS / "funnel_steps.csv").open() as seed:
        return max((int(row["step_number"]) for row in csv.DictReader(seed)), default=1)


def run_reference(landing: Path, database: Path, memory_limit: str, temp_directory: Path) -> dict:
    """Build the reference's tables from ``landing`` into a fresh ``database``; its figures.

    ``seconds`` and ``cpu_seconds`` are the statements' wall time and this process's CPU time
    (DuckDB's threads included) over them; ``rows`` the rows of each output table.
    """
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    config = {"memory_limit": memory_limit, "temp_directory": str(temp_directory)}
    steps = statements(Path(landing).as_posix(), SEEDS.as_posix(), funnel_levels())
    with duckdb.connect(str(database), config=config) as connection:
        started, cpu_started = time.perf_counter(), time.process_time()
        for _, sql in steps:
            connection.execute(sql)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        rows = {
            table: connection.execute(f"select count(*) from {table}").fetchone()[0]
            for table in COMPARED
        }
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": rows}


def _same(value: object, other: object) -> bool:
    if isinstance(value, float) and isinstance(other, float):
        return math.isclose(value, other, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    return value == other


def compare_with_marts(reference: Path, warehouse: Path, sample: int = SAMPLE_ROWS) -> dict:
    """Row counts of every reference table against its mart, and a sample of rows compared.

    The sample: the ``sample`` keys of the mart with the smallest md5, looked up in both
    (floats within ``FLOAT_TOLERANCE``). Returns per table the counts, the rows compared and
    the first mismatches, and ``equal`` for all of them.
    """
    tables: dict[str, dict] = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{reference}' as reference (read_only)")
        connection.execute(f"attach '{warehouse}' as warehouse (read_only)")
        for table, (mart, where, key, columns) in COMPARED.items():
            source = _REFERENCE_SELECT.get(table, f"* from {table}").replace(
                " from ", " from reference.", 1
            )
            source = source.replace("join sessions", "join reference.sessions")
            names = ", ".join(key + columns)
            ours = f"(select {source}) as ours"
            theirs = f"(select * from warehouse.{mart} where {where}) as theirs"
            counts = connection.execute(
                f"select (select count(*) from {ours}), (select count(*) from {theirs})"
            ).fetchone()
            by_key = ", ".join(f"cast({column} as varchar)" for column in key)
            connection.execute(
                f"create or replace temp table picked as select {', '.join(key)} from {theirs}"
                f" order by md5(concat_ws('|', {by_key})) limit {sample}"
            )
            rows = {
                label: {
                    row[: len(key)]: row
                    for row in connection.execute(
                        f"select {names} from {relation} semi join picked using ({', '.join(key)})"
                    ).fetchall()
                }
                for label, relation in (("reference", ours), ("mart", theirs))
            }
            mismatches = []
            for sample_key, want in sorted(rows["mart"].items(), key=str):
                got = rows["reference"].get(sample_key)
                if got is None or not all(_same(a, b) for a, b in zip(got, want, strict=True)):
                    mismatches.append(
                        {
                            "key": [str(v) for v in sample_key],
                            "reference": str(got),
                            "mart": str(want),
                        }
                    )
            tables[table] = {
                "mart": mart,
                "reference_rows": counts[0],
                "mart_rows": counts[1],
                "sampled_rows": len(rows["mart"]),
                "compared_columns": columns,
                "mismatches": len(mismatches),
                "first_mismatches": mismatches[:3],
                "equal": counts[0] == counts[1] and not mismatches,
            }
    return {"equal": all(t["equal"] for t in tables.values()), "tables": tables}
