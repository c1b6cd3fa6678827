"""The pipeline step of a benchmark run: every model built by dbt on the landed events.

``dbt seed``, then ``dbt run --full-refresh`` (timed, its resident memory sampled to tell in
which model it peaks), then ``dbt test`` (timed apart), each a child process measured on its
own; the figures add dbt's per-model timings and the rows the marts ended with.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from tools.benchmark.dbt_results import (
    model_timings,
    models_reading_landing,
    rss_by_model,
    rss_peak_model,
)
from tools.benchmark.measure import Measured, dbt_env, run_dbt

# How often dbt's resident memory is read during the run, to tell in which model it peaks.
RSS_INTERVAL_SECONDS = 0.5


def _pipeline_counts(database: Path) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        sessions = connection.execute("select count(*) from fct_sessions").fetchone()[0]
        goal_hits = connection.execute("select count(*) from fct_goal_hits").fetchone()[0]
        staged = connection.execute("select count(*) from stg_landing__landed_rows").fetchone()[0]
    return {"sessions": sessions, "goal_hits": goal_hits, "landed_rows": staged}


def run_pipeline(
    database: Path,
    landing: Path,
    work_dir: Path,
    events: int,
    *,
    memory_limit: str,
    threads: int,
    build_buckets: int,
) -> tuple[dict[str, Any], Measured]:
    """Seed, build and test ``database`` from ``landing``; its figures and the measured run.

    dbt's target and logs go to ``work_dir``, DuckDB spills to ``work_dir/duckdb_tmp``;
    ``events`` is the number landed, for the events per second.
    """
    env = dbt_env(
        database,
        landing,
        CW_DUCKDB_MEMORY_LIMIT=memory_limit,
        CW_DBT_THREADS=str(threads),
        CW_DUCKDB_TEMP_DIRECTORY=str(work_dir / "duckdb_tmp"),
        DBT_TARGET_PATH=str(work_dir / "target"),
        DBT_LOG_PATH=str(work_dir / "logs"),
    )
    print("pipeline: dbt seed, dbt run --full-refresh, dbt test")
    run_dbt(["seed"], env)
    run_args = ["run", "--full-refresh"]
    if build_buckets > 1:
        run_args += ["--vars", json.dumps({"build_buckets": build_buckets})]
    build = run_dbt(run_args, env, rss_interval=RSS_INTERVAL_SECONDS)
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    manifest = json.loads((work_dir / "target" / "manifest.json").read_text())
    test = run_dbt(["test"], env)
    counts = _pipeline_counts(database)
    timings = model_timings(run_results)
    rss_peaks = rss_by_model(build.rss_samples, run_results)
    print(f"  run {build.seconds:.1f} s, test {test.seconds:.1f} s")

    # Outside dbt's elapsed time: start-up and parse, and DuckDB's checkpoint when dbt closes
    # the file (most of a build's checkpointing, with checkpoint_threshold at 1 GB).
    startup = build.seconds - run_results["elapsed_time"]
    figures = {
        "run_seconds": round(build.seconds, 2),
        "run_cpu_seconds": round(build.cpu_seconds, 1),
        "test_seconds": round(test.seconds, 2),
        "events_per_second": round(events / build.seconds),
        "events_per_second_with_tests": round(events / (build.seconds + test.seconds)),
        "peak_rss_bytes": max(build.peak_rss_bytes, test.peak_rss_bytes),
        "run_peak_rss_bytes": build.peak_rss_bytes,
        "test_peak_rss_bytes": test.peak_rss_bytes,
        "run_peak_rss_model": rss_peak_model(rss_peaks),
        "largest_rss_models": sorted(rss_peaks, key=lambda m: -m["peak_rss_bytes"])[:8],
        "model_peak_rss_bytes": {m["model"]: m["peak_rss_bytes"] for m in rss_peaks},
        "dbt_startup_seconds": round(startup, 2),
        "dbt_startup_share": round(startup / build.seconds, 3),
        "models": len(timings),
        "slowest_models": [
            {"model": name, "seconds": round(seconds, 2)} for name, seconds in timings[:8]
        ],
        "model_seconds": {name: round(seconds, 3) for name, seconds in timings},
        "models_reading_landing": models_reading_landing(manifest),
        **counts,
    }
    return figures, build
