"""Benchmark: every mart built on N generated events, beside a floor and a pandas baseline.

``make bench`` (1 million events; ``ARGS="--events 10000000"`` for more) or
``python -m tools.benchmark --help``. In one run, on the same landed files:

1. the sample generator writes about N events (``--days`` received days) and reports its speed;
2. the pipeline: ``dbt seed``, then ``dbt run --full-refresh`` (every model, timed: events per
   second end to end, peak resident memory, the slowest models from dbt's run results, dbt's
   start-up share), then ``dbt test`` (timed apart);
3. the floor: one hand-written DuckDB query that reads the events and finds the session
   boundaries (read, sort, window) - the least work any correct sessionization does;
4. the baseline an analyst would otherwise write: sessions (timeout and campaign change) and
   goal hits (the goals seed) in pandas, fed the same Parquet files;
5. the hand-written reference: sessions, goal hits, funnel steps and last-touch / linear
   credits by the marts' rules in one DuckDB script (integer keys, no incremental machinery),
   its CPU and wall time against ``dbt run``'s, its tables checked equal to the marts (row
   counts and sampled rows).

Each step runs in a child process of its own, so each peak memory is its own. The figures go to
``<work dir>/results.json`` (one entry per event count, merged across runs) and the table of all
sizes run so far to ``<work dir>/results.md`` - the table the README quotes.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from orchestration.settings import PROJECT_DIR
from tools.benchmark.measure import default_end_date
from tools.benchmark.phases import PHASES, run_phase
from tools.benchmark.report import summary, table, write_results
from tools.benchmark.runner import run_benchmark


def build_parser() -> argparse.ArgumentParser:
    """Arguments of ``python -m tools.benchmark``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.benchmark", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--days", type=int, default=30, help="received days they span")
    parser.add_argument("--end-date", type=date.fromisoformat, default=default_end_date())
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB memory_limit (spills)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="dbt threads (1: each model gets both cores; faster at millions of events)",
    )
    parser.add_argument(
        "--build-buckets",
        type=int,
        default=1,
        help="build the large window models (sessionization, goal matching, funnels, attribution"
        " journeys, lift counts) in this many hash buckets of devices or persons, one statement"
        " each (dbt var build_buckets): for sizes whose windows would spill, ~1 per 12 million"
        " events at 6GB",
    )
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "warehouse" / "benchmark")
    parser.add_argument(
        "--landing-dir",
        type=Path,
        help="where the landing folder goes (default: the work directory); another disk or"
        " tmpfs (/dev/shm) leaves the work directory's disk to the warehouse and its spill",
    )
    parser.add_argument(
        "--reuse-landing", action="store_true", help="keep the landing folder of an earlier run"
    )
    parser.add_argument("--skip-baseline", action="store_true", help="no pandas baseline")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--landing", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make bench``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.build_buckets < 1:
        parser.error(f"--build-buckets must be at least 1, got {args.build_buckets}")
    args.work_dir = args.work_dir.resolve()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    if args.landing_dir is not None:
        args.landing_dir = args.landing_dir.resolve()
    if args.phase is not None:
        print(json.dumps(run_phase(args.phase, args.landing, args.work_dir, args.memory_limit)))
        return 0
    figures = run_benchmark(args)
    results = write_results(args.work_dir, args.events, figures)
    print()
    for line in summary(figures):
        print(line)
    print()
    for line in table(results):
        print(line)
    return 0
