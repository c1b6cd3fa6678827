"""Benchmark of publication: a full build's marts published to PostgreSQL and the DuckDB file.

``make bench-publish`` (1 million events; ``ARGS="--events 10000000"`` for more) or
``python -m tools.benchmark.publication --help``. In one run:

1. the landing folder of ``make bench`` (generated, or kept with ``--reuse-landing``);
2. ``dbt seed`` and ``dbt run --full-refresh`` on a fresh warehouse, with publication off
   (timed for reference only);
3. a scratch PostgreSQL server (the project's own set-up, a free port of 127.0.0.1, its data
   under the work directory);
4. three publications, each a child process measured on its own (wall and CPU seconds, peak
   resident memory of the publisher: DuckDB reading and fingerprinting, the CSV export,
   psycopg), plus the CPU of the PostgreSQL backends that took the rows (the postmaster's reaped
   children):
   - ``first``: an empty PostgreSQL, every row copied;
   - ``unchanged``: the same build again: fingerprints only, nothing copied;
   - ``one day``: the latest date of every date-partitioned mart written again (its rows
     duplicated in the warehouse: a stand-in for what a daily run changes), the others as they
     were.

The figures go to ``<work dir>/results.json`` (key ``publication`` of the entry of that event
count) and a table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import duckdb

from orchestration.settings import PROJECT_DIR
from serving.settings import free_loopback_port
from tools.benchmark.landing import generate, landing_config
from tools.benchmark.measure import dbt_env, default_end_date, run_dbt, run_measured
from tools.benchmark.report import write_publication

ROUNDS = ("first", "unchanged", "one day")


def build_parser() -> argparse.ArgumentParser:
    """Arguments of ``python -m tools.benchmark.publication``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.benchmark.publication", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--days", type=int, default=30, help="received days they span")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB memory_limit (spills)")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "warehouse" / "benchmark")
    parser.add_argument(
        "--reuse-landing", action="store_true", help="keep the landing folder of an earlier run"
    )
    parser.add_argument(
        "--reuse-build", action="store_true", help="keep the warehouse of an earlier run"
    )
    parser.add_argument("--phase", choices=["publish"], help=argparse.SUPPRESS)
    return parser


def _backend_cpu_seconds(data_dir: Path) -> float:
    """CPU seconds of the postmaster's reaped children (the backends) so far."""
    pid = (data_dir / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3; cutime and cstime are fields 16 and 17.
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _publish_phase() -> int:
    """The child process of one round: publish the warehouse, print the report as JSON."""
    from serving.publish import marts_from_manifest, publish

    marts = marts_from_manifest(Path(os.environ["CW_BENCH_MANIFEST"]))
    with duckdb.connect(os.environ["CW_DUCKDB_PATH"]) as connection:
        report = publish(connection, marts, origin="benchmark")
    print(json.dumps(report))
    return 0


def _change_one_day(database: Path, manifest: Path) -> int:
    """Duplicate the rows of the latest date of every date-partitioned mart; rows added."""
    from serving.publish import marts_from_manifest

    added = 0
    with duckdb.connect(str(database)) as connection:
        for mart in marts_from_manifest(manifest):
            if not mart.partition_by:
                continue
            relation = f'"{mart.schema}"."{mart.name}"'
            column = f'"{mart.partition_by}"'
            added += connection.execute(
                f"insert into {relation} select * from {relation}"
                f" where {column} = (select max({column}) from {relation})"
            ).fetchone()[0]
    return added


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build, serve, publish three times; the figures."""
    from serving.server import serve, stop
    from serving.settings import load_serving_settings

    work = args.work_dir / f"publication-{args.events}"
    work.mkdir(parents=True, exist_ok=True)
    landing = args.work_dir / f"landing-{args.events}"
    config = landing_config(args.events, args.days, default_end_date(), args.seed)
    generated = generate(landing, config, reuse=args.reuse_landing)
    database = work / "warehouse.duckdb"
    env = dbt_env(
        database,
        landing,
        CW_DUCKDB_MEMORY_LIMIT=args.memory_limit,
        CW_DBT_THREADS="1",
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
        CW_PUBLISH_ON_RUN_END="false",
    )
    build_seconds = None
    if not (args.reuse_build and database.exists()):
        database.unlink(missing_ok=True)
        print(f"build: dbt seed, dbt run --full-refresh on {generated['events']:,} events")
        run_dbt(["seed"], env)
        build_seconds = round(run_dbt(["run", "--full-refresh"], env).seconds, 1)
    serving_env = {
        "CW_DUCKDB_PATH": str(database),
        "CW_PG_PORT": str(free_loopback_port()),
        "CW_PG_DATA": str(work / "postgres"),
        "CW_SERVING": "local",
        "CW_BENCH_MANIFEST": str(work / "target" / "manifest.json"),
    }
    os.environ.update(serving_env)
    settings = load_serving_settings()
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    settings.state_file.unlink(missing_ok=True)
    state = serve(settings)
    data_dir = Path(state["data_dir"])
    rounds = {}
    try:
        for name in ROUNDS:
            if name == "one day":
                print(f"  {_change_one_day(database, work / 'target' / 'manifest.json'):,} rows")
            backends_before = _backend_cpu_seconds(data_dir)
            measured = run_measured(
                [sys.executable, "-m", "tools.benchmark.publication", "--phase", "publish"],
                {**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
            )
            report = json.loads(measured.stdout.strip().splitlines()[-1])
            rounds[name] = {
                "seconds": round(measured.seconds, 2),
                "publisher_cpu_seconds": round(measured.cpu_seconds, 2),
                "postgres_cpu_seconds": round(_backend_cpu_seconds(data_dir) - backends_before, 2),
                "peak_rss_bytes": measured.peak_rss_bytes,
                "fingerprint_seconds": report["fingerprint_seconds"],
                "duckdb_file_seconds": report["duckdb_file_seconds"],
                "postgres_seconds": report["postgres_seconds"],
                "rows_copied": report["rows_copied"],
                "tables_changed": sum(t["action"] != "unchanged" for t in report["tables"]),
            }
            print(f"  {name}: {rounds[name]}")
    finally:
        stop(settings)
        shutil.rmtree(data_dir, ignore_errors=True)
    with duckdb.connect(str(database), read_only=True) as connection:
        mart_rows = sum(
            connection.execute(f'select count(*) from "{name}"').fetchone()[0]
            for name in _mart_names(work)
        )
    return {
        "events": generated["events"],
        "build_seconds": build_seconds,
        "mart_rows": mart_rows,
        "rounds": rounds,
    }


def _mart_names(work: Path) -> list[str]:
    from serving.publish import marts_from_manifest

    return [mart.name for mart in marts_from_manifest(work / "target" / "manifest.json")]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make bench-publish``."""
    args = build_parser().parse_args(argv)
    if args.phase == "publish":
        return _publish_phase()
    args.work_dir = args.work_dir.resolve()
    figures = run(args)
    write_publication(args.work_dir, args.events, figures)
    print(f"\nPublication of {figures['mart_rows']:,} mart rows ({figures['events']:,} events):")
    print("| round | wall s | publisher CPU s | PostgreSQL CPU s | DuckDB file s | rows copied |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, figure in figures["rounds"].items():
        print(
            f"| {name} | {figure['seconds']} | {figure['publisher_cpu_seconds']}"
            f" | {figure['postgres_cpu_seconds']} | {figure['duckdb_file_seconds']}"
            f" | {figure['rows_copied']:,} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
