"""Benchmark of the collector adapters: the same events as the contract, GA4, Snowplow, Segment.

``make bench-collectors`` (1 million events; ``ARGS="--events 100000"`` for fewer) or
``python -m tools.benchmark.collectors --help``. In one run:

1. the sample generator writes about N events in the landing contract (the landing folder of
   ``make bench``, so ``--reuse-landing`` shares it);
2. :mod:`~tools.benchmark.collector_shapes` rewrites them in GA4's, Snowplow's and Segment's
   own shapes (docs/collectors.md, read backwards);
3. for each shape, on a fresh warehouse file: ``dbt run`` of the two staging models that read
   and map the files (``stg_landing__landed_rows``, ``stg_landing__landed_events``, with the
   landing hook that lists and probes them), timed and measured (CPU seconds, peak resident
   memory); with ``--full-build``, then ``dbt seed`` and every model as well.

The figures go to ``<work dir>/results.json`` (key ``collectors`` of the entry of that event
count) and a table to ``results.md``; each shape's CPU seconds per million events is set
against the contract's of the same run (the machine's noise moves all shapes alike).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import duckdb

from orchestration.settings import PROJECT_DIR
from tools.benchmark.capacity import machine
from tools.benchmark.collector_shapes import SHAPES, convert
from tools.benchmark.landing import generate, landing_config
from tools.benchmark.measure import Measured, dbt_env, default_end_date, run_dbt
from tools.benchmark.report import collectors_table, write_collectors

STAGING_MODELS = ("stg_landing__landed_rows", "stg_landing__landed_events")
ALL_SHAPES = ("contract", *SHAPES)


def build_parser() -> argparse.ArgumentParser:
    """Arguments of ``python -m tools.benchmark.collectors``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.benchmark.collectors", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--days", type=int, default=30, help="received days they span")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB memory_limit (spills)")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "warehouse" / "benchmark")
    parser.add_argument("--landing-dir", type=Path, help="where the landing folders go")
    parser.add_argument(
        "--reuse-landing", action="store_true", help="keep the landing folder of an earlier run"
    )
    parser.add_argument(
        "--shapes", nargs="+", choices=ALL_SHAPES, default=list(ALL_SHAPES), help="shapes to run"
    )
    parser.add_argument(
        "--full-build", action="store_true", help="also dbt seed and every model, per shape"
    )
    return parser


def _counts(database: Path) -> dict[str, Any]:
    """Landed rows by status, and the quarantine reasons, of the staged events."""
    with duckdb.connect(str(database), read_only=True) as connection:
        statuses = connection.execute(
            "select landed_status, count(*) from stg_landing__landed_events group by all"
        ).fetchall()
        reasons = connection.execute(
            "select quarantine_reason, count(*) from stg_landing__landed_events"
            " where quarantine_reason is not null group by all order by 2 desc"
        ).fetchall()
    return {
        "landed_rows": sum(count for _, count in statuses),
        **{f"{status}_rows": count for status, count in statuses},
        "quarantine_reasons": dict(reasons),
    }


def _measured(measured: Measured, events: int) -> dict[str, Any]:
    return {
        "seconds": round(measured.seconds, 2),
        "cpu_seconds": round(measured.cpu_seconds, 2),
        "events_per_second": round(events / measured.seconds),
        "cpu_seconds_per_million_events": round(measured.cpu_seconds / events * 1e6, 2),
        "peak_rss_bytes": measured.peak_rss_bytes,
    }


def run_shape(
    shape: str, landing: Path, work_dir: Path, events: int, args: argparse.Namespace
) -> dict[str, Any]:
    """Stage (and with ``--full-build`` build) one shape's files on a fresh warehouse."""
    database = work_dir / f"collectors-{args.events}-{shape}.duckdb"
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    target = work_dir / f"target-collectors-{shape}"
    env = dbt_env(
        database,
        landing,
        CW_COLLECTORS="events:contract" if shape == "contract" else f"{shape}:{shape}",
        CW_DUCKDB_MEMORY_LIMIT=args.memory_limit,
        CW_DBT_THREADS="1",
        DBT_TARGET_PATH=str(target),
        DBT_LOG_PATH=str(work_dir / "logs"),
    )
    # Parsed first, unmeasured: every shape's run then reads the same partial parse.
    run_dbt(["parse"], env)
    staged = run_dbt(["run", "--select", *STAGING_MODELS], env)
    run_results = json.loads((target / "run_results.json").read_text())
    figures: dict[str, Any] = {
        "collectors": env["CW_COLLECTORS"],
        "staging": {
            **_measured(staged, events),
            "model_seconds": {
                result["unique_id"].split(".")[-1]: round(result["execution_time"], 2)
                for result in run_results["results"]
            },
        },
        **_counts(database),
    }
    if args.full_build:
        run_dbt(["seed"], env)
        build = run_dbt(["run"], env)
        with duckdb.connect(str(database), read_only=True) as connection:
            sessions = connection.execute("select count(*) from fct_sessions").fetchone()[0]
            goal_hits = connection.execute("select count(*) from fct_goal_hits").fetchone()[0]
        figures["build"] = {**_measured(build, events), "sessions": sessions}
        figures["build"]["goal_hits"] = goal_hits
    return figures


def _with_ratios(shapes: dict[str, dict]) -> dict[str, dict]:
    """Each shape's CPU per million events as a ratio to the contract's (when it ran)."""
    for step in ("staging", "build"):
        contract = shapes.get("contract", {}).get(step)
        for figures in shapes.values():
            if contract and step in figures:
                figures[step]["cpu_to_contract"] = round(
                    figures[step]["cpu_seconds_per_million_events"]
                    / contract["cpu_seconds_per_million_events"],
                    2,
                )
    return shapes


def run_collectors(args: argparse.Namespace) -> dict[str, Any]:
    """Generate, convert, stage each shape; return the figures."""
    work_dir: Path = args.work_dir
    landing_dir: Path = args.landing_dir or work_dir
    landing_dir.mkdir(parents=True, exist_ok=True)
    landing = landing_dir / f"landing-{args.events}"
    shapes_dir = landing_dir / f"collectors-{args.events}"
    config = landing_config(args.events, args.days, default_end_date(), args.seed)
    print(f"generating ~{args.events:,} events ({args.days} days)")
    generator = generate(landing, config, args.reuse_landing)
    print(f"  {generator['events']:,} rows" + (" (reused)" if generator["reused"] else ""))
    wanted = tuple(shape for shape in SHAPES if shape in args.shapes)
    print(f"converting to {', '.join(wanted)}")
    conversion = convert(landing, shapes_dir, wanted, args.memory_limit, work_dir / "duckdb_tmp")
    # The same spend files beside every shape: the landing hook reads them too.
    spend = shapes_dir / "spend"
    if not spend.exists():
        spend.symlink_to(landing / "spend", target_is_directory=True)
    events = conversion["prepare"]["rows"]
    print(f"  {events:,} rows: " + ", ".join(f"{s} {conversion[s]['seconds']} s" for s in wanted))
    shapes: dict[str, dict] = {}
    for shape in ALL_SHAPES:
        if shape not in args.shapes:
            continue
        print(
            f"{shape}: dbt run -s {' '.join(STAGING_MODELS)}"
            + (" + all" if args.full_build else "")
        )
        source = landing if shape == "contract" else shapes_dir
        shapes[shape] = run_shape(shape, source, work_dir, events, args)
        staging = shapes[shape]["staging"]
        print(
            f"  {staging['seconds']} s, CPU {staging['cpu_seconds']} s;"
            f" clean {shapes[shape].get('clean_rows', 0):,} of {shapes[shape]['landed_rows']:,}"
        )
    return {
        "events": events,
        "days": args.days,
        "machine": machine(),
        "duckdb_memory_limit": args.memory_limit,
        "generator": generator,
        "conversion": conversion,
        "shapes": _with_ratios(shapes),
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make bench-collectors``."""
    args = build_parser().parse_args(argv)
    args.work_dir = args.work_dir.resolve()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    if args.landing_dir is not None:
        args.landing_dir = args.landing_dir.resolve()
    figures = run_collectors(args)
    results = write_collectors(args.work_dir, args.events, figures)
    print()
    for line in collectors_table(results[str(args.events)]["collectors"]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
