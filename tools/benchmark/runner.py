"""One benchmark run, step by step, on the same landed files; returns its figures.

Sizes the run and checks it fits (disk, and memory for the baseline), generates the landing
files, builds and tests the warehouse, then runs the floor, the baseline and the hand-written
reference in child processes, and checks the reference's tables against the marts.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from tools.benchmark.capacity import (
    BASELINE_BYTES_PER_EVENT,
    baseline_fits,
    check_disk,
    machine,
    machine_memory_bytes,
)
from tools.benchmark.landing import earlier_landing, generate, landing_config
from tools.benchmark.phases import REFERENCE_FILE, measure_phase
from tools.benchmark.pipeline import run_pipeline
from tools.benchmark.reference import compare_with_marts


def _rounded(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of a child step, seconds and other floats to two decimals."""
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def _baseline_skipped(args: argparse.Namespace) -> str | None:
    """Why the pandas baseline is not run (asked, or too large for memory), or None."""
    if args.skip_baseline:
        return "--skip-baseline"
    memory = machine_memory_bytes()
    if baseline_fits(args.events, memory):
        return None
    reason = (
        f"pandas would need about {args.events * BASELINE_BYTES_PER_EVENT / 2**30:.0f} GiB"
        f" of memory; this machine has {memory / 2**30:.0f} GiB"
    )
    print(f"baseline skipped: {reason}")
    return reason


def run_benchmark(args: argparse.Namespace) -> dict:
    """Generate, build, test, run the floor and the baseline; return the figures."""
    work_dir: Path = args.work_dir
    landing_dir: Path = args.landing_dir or work_dir
    landing_dir.mkdir(parents=True, exist_ok=True)
    landing = landing_dir / f"landing-{args.events}"
    database = work_dir / f"warehouse-{args.events}.duckdb"
    config = landing_config(args.events, args.days, args.end_date, args.seed)
    visitors = config.visitors_per_day
    reuse = args.reuse_landing and earlier_landing(landing, config) is not None
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    apart = landing_dir.stat().st_dev != work_dir.stat().st_dev
    landing_free = shutil.disk_usage(landing_dir).free if apart else None
    check_disk(
        args.events, reuse, shutil.disk_usage(work_dir).free, landing_free, args.build_buckets
    )
    baseline_skipped = _baseline_skipped(args)
    print(f"generating ~{args.events:,} events ({args.days} days, {visitors:,} visitors a day)")
    generator = generate(landing, config, args.reuse_landing)
    events = generator["events"]
    print(f"  {events:,} rows in {generator['seconds']} s: {generator['events_per_second']:,}/s")

    pipeline, build = run_pipeline(
        database,
        landing,
        work_dir,
        events,
        memory_limit=args.memory_limit,
        threads=args.threads,
        build_buckets=args.build_buckets,
    )

    print("floor: one DuckDB query (read, sort, window)")
    floor, floor_measured = measure_phase("floor", landing, work_dir, args.memory_limit)
    print(f"  {floor['seconds']:.1f} s")
    baseline: dict[str, Any] | None = None
    baseline_rss = 0
    if not baseline_skipped:
        print("baseline: sessions and goal hits in pandas")
        baseline, baseline_measured = measure_phase(
            "baseline", landing, work_dir, args.memory_limit
        )
        baseline_rss = baseline_measured.peak_rss_bytes
        print(f"  {baseline['seconds']:.1f} s")

    print("reference: sessions, goal hits, funnel steps, credits in one DuckDB script")
    reference, reference_measured = measure_phase("reference", landing, work_dir, args.memory_limit)
    check = compare_with_marts(work_dir / REFERENCE_FILE, database)
    print(
        f"  {reference['seconds']:.1f} s, CPU {reference['cpu_seconds']:.1f} s;"
        f" equal to the marts: {check['equal']}"
    )
    for table, result in check["tables"].items():
        for mismatch in result["first_mismatches"]:
            print(f"  {table} differs: {mismatch}")
        if result["reference_rows"] != result["mart_rows"]:
            print(
                f"  {table}: {result['reference_rows']:,} rows, {result['mart']}"
                f" {result['mart_rows']:,}"
            )

    figures: dict[str, Any] = {
        "events_requested": args.events,
        "events": events,
        "days": args.days,
        "visitors_per_day": visitors,
        "machine": machine(),
        "duckdb_memory_limit": args.memory_limit,
        "dbt_threads": args.threads,
        "build_buckets": args.build_buckets,
        "generator": generator,
        "pipeline": pipeline,
        "floor": {
            **_rounded(floor),
            "peak_rss_bytes": floor_measured.peak_rss_bytes,
        },
        "pipeline_to_floor": round(build.seconds / floor["seconds"], 2),
        "reference": {
            **_rounded(reference),
            "peak_rss_bytes": reference_measured.peak_rss_bytes,
            "events_per_second": round(events / reference["seconds"]),
            "check": check,
        },
        "pipeline_to_reference_cpu": round(build.cpu_seconds / reference["cpu_seconds"], 2),
        "pipeline_to_reference_wall": round(build.seconds / reference["seconds"], 2),
    }
    if baseline is not None:
        figures["baseline"] = {
            **_rounded(baseline),
            "peak_rss_bytes": baseline_rss,
        }
        figures["baseline_to_pipeline"] = round(baseline["seconds"] / build.seconds, 3)
    else:
        figures["baseline_skipped"] = baseline_skipped
    figures["peak_rss_bytes"] = max(
        pipeline["peak_rss_bytes"],
        floor_measured.peak_rss_bytes,
        baseline_rss,
        reference_measured.peak_rss_bytes,
    )
    return figures
