"""Benchmark: a full refresh against one incremental day, on generated history.

``make bench-incremental`` (or ``python -m tools.benchmark.incremental --help``)
generates ``--days`` received days of sample events, then, each in its own DuckDB file:

1. full refresh: ``dbt run --full-refresh`` over every day (timed);
2. incremental: a full refresh over all days but the last (history, not timed), then the last
   day as an incremental run (timed) - what the daily job does every day.

It prints both times, their ratio, the rows each run wrote per model, checks that both
warehouses hold the same marts, and writes the figures to ``<work dir>/results.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from orchestration.dbt_args import partition_env
from orchestration.settings import PROJECT_DIR
from tools.benchmark.compare import mart_differences, read_marts
from tools.benchmark.measure import dbt_env, default_end_date, run_dbt
from tools.sample_events import GeneratorConfig, generate_landing

_HOOK_KEYS = re.compile(r"delete_batch_keys\('(\w+)', '(\w+)'\)")


def _dbt(
    args: list[str], database: Path, landing: Path, window: dict[str, str] | None = None
) -> float:
    """Run dbt in the project against ``database``; return the wall-clock seconds."""
    return run_dbt(args, dbt_env(database, landing, window)).seconds


def _incremental_keys() -> dict[str, tuple[str, str]]:
    """For each incremental model: (key column, what the run rewrites) from the manifest."""
    manifest = json.loads((PROJECT_DIR / "target" / "manifest.json").read_text())
    keys = {}
    for node in manifest["nodes"].values():
        config = node.get("config", {})
        if node["resource_type"] != "model" or config.get("materialized") != "incremental":
            continue
        hooks = " ".join(hook["sql"] for hook in config.get("pre-hook", []))
        match = _HOOK_KEYS.search(hooks)
        if match:
            keys[node["name"]] = (match.group(1), f"select {match.group(1)} from {match.group(2)}")
        elif config.get("unique_key") == "received_date":
            keys[node["name"]] = ("received_date", "select max(received_date) from {model}")
        elif config.get("unique_key") == "dedupe_key":
            keys[node["name"]] = (
                "dedupe_key",
                "select dedupe_key from stg_landing__landed_rows"
                " where received_date = (select max(received_date) from stg_landing__landed_rows)",
            )
        elif config.get("incremental_strategy") == "append":
            # a batch journal (docs/decisions/0027, 0029): counted whole, 0 rows once a run
            # finished (the on-run-end hook empties it)
            continue
        else:
            keys[node["name"]] = ("anonymous_id", "select anonymous_id from int_devices_affected")
    return keys


def _rows_written(database: Path, incremental: bool) -> dict[str, int]:
    """Rows each model wrote: a whole table, or (incremental) the rows of the keys it rebuilt."""
    keys = _incremental_keys() if incremental else {}
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables"
                " where table_type = 'BASE TABLE' and table_schema = 'main'"
                " and (table_name like 'stg\\_%' escape '\\' or table_name like 'int\\_%'"
                " escape '\\' or table_name like 'fct\\_%' escape '\\'"
                " or table_name like 'rpt\\_%' escape '\\' or table_name = 'quarantined_events')"
            ).fetchall()
        ]
        rows = {}
        for name in sorted(tables):
            sql = f"select count(*) from {name}"
            if name in keys:
                column, batch = keys[name]
                sql += f" where {column} in ({batch.format(model=name)})"
            rows[name] = connection.execute(sql).fetchone()[0]
    return rows


def run_benchmark(work_dir: Path, days: int, visitors_per_day: int, end: date, seed: int) -> dict:
    """Generate the history, time both runs, compare their marts; return the figures."""
    landing = work_dir / "landing"
    first = end - timedelta(days=days - 1)
    config = GeneratorConfig(
        start_date=first, end_date=end, seed=seed, visitors_per_day=visitors_per_day
    )
    summary = generate_landing(landing, config, workers=None)
    full_db, incremental_db = work_dir / "full.duckdb", work_dir / "incremental.duckdb"
    for database in (full_db, incremental_db):
        database.unlink(missing_ok=True)
        _dbt(["seed"], database, landing)
    full_seconds = _dbt(["run", "--full-refresh"], full_db, landing)
    full_rows = _rows_written(full_db, incremental=False)
    history = partition_env(first, end)
    _dbt(["run", "--full-refresh"], incremental_db, landing, history)
    last_day = partition_env(end, end + timedelta(days=1))
    incremental_seconds = _dbt(["run"], incremental_db, landing, last_day)
    rerun_seconds = _dbt(["run"], incremental_db, landing, last_day)
    incremental_rows = _rows_written(incremental_db, incremental=True)
    differences = mart_differences(read_marts(incremental_db), read_marts(full_db))
    total = summary.total
    return {
        "days": days,
        "first_received_date": first.isoformat(),
        "last_received_date": end.isoformat(),
        "visitors_per_day": visitors_per_day,
        "landed_rows": total.rows_written,
        "landed_rows_last_day": summary.days[end].rows_written,
        "full_refresh_seconds": round(full_seconds, 2),
        "incremental_day_seconds": round(incremental_seconds, 2),
        "incremental_to_full_ratio": round(incremental_seconds / full_seconds, 3),
        "incremental_rerun_seconds": round(rerun_seconds, 2),
        "full_refresh_rows_written": full_rows,
        "incremental_rows_written": incremental_rows,
        "marts_equal": not differences,
        "differences": differences,
    }


def _report(figures: dict[str, Any]) -> list[str]:
    lines = [
        f"History: {figures['days']} received days ({figures['first_received_date']}.."
        f"{figures['last_received_date']}), {figures['landed_rows']:,} landed rows; the last day"
        f" {figures['landed_rows_last_day']:,}.",
        f"Full refresh (dbt run --full-refresh): {figures['full_refresh_seconds']:.1f} s",
        f"One incremental day (dbt run, last day): {figures['incremental_day_seconds']:.1f} s"
        f" = {figures['incremental_to_full_ratio']:.1%} of the full refresh"
        f" (the same day rerun: {figures['incremental_rerun_seconds']:.1f} s)",
        f"Marts of both warehouses equal: {'yes' if figures['marts_equal'] else 'NO'}",
        "",
        f"{'model':<42}{'full: rows':>14}{'incremental: rows':>20}",
    ]
    full, incremental = figures["full_refresh_rows_written"], figures["incremental_rows_written"]
    for name in sorted(full):
        lines.append(f"{name:<42}{full[name]:>14,}{incremental.get(name, 0):>20,}")
    lines.append(f"{'all models':<42}{sum(full.values()):>14,}{sum(incremental.values()):>20,}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make bench-incremental``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--visitors-per-day", type=int, default=3000)
    parser.add_argument("--end-date", type=date.fromisoformat, default=default_end_date())
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "warehouse" / "bench")
    args = parser.parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    figures = run_benchmark(
        args.work_dir, args.days, args.visitors_per_day, args.end_date, args.seed
    )
    (args.work_dir / "results.json").write_text(json.dumps(figures, indent=2))
    for line in _report(figures):
        print(line)
    return 0 if figures["marts_equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
