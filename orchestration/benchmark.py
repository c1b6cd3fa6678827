"""Benchmark: every mart built on N generated events, beside a floor and a pandas baseline.

``make bench`` (1 million events; ``ARGS="--events 10000000"`` for more) or
``python -m orchestration.benchmark --help``. In one run, on the same landed files:

1. the sample generator writes about N events (``--days`` received days) and reports its speed;
2. the pipeline: ``dbt seed``, then ``dbt run --full-refresh`` (every model, timed: events per
   second end to end, peak resident memory, the slowest models from dbt's run results, dbt's
   start-up share), then ``dbt test`` (timed apart);
3. the floor: one hand-written DuckDB query that reads the events and finds the session
   boundaries (read, sort, window) - the least work any correct sessionization does;
4. the baseline an analyst would otherwise write: sessions (timeout and campaign change) and
   goal hits (the goals seed) in pandas, fed the same Parquet files.

Each step runs in a child process of its own, so each peak memory is its own. The figures go to
``<work dir>/results.json`` (one entry per event count, merged across runs) and the table of all
sizes run so far to ``<work dir>/results.md`` - the table the README quotes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import duckdb

from orchestration.measure import dbt_env, default_end_date, run_dbt, run_measured
from orchestration.sample_events import EVENTS_DIR, GeneratorConfig, generate_landing
from orchestration.settings import PROJECT_DIR

# Landed rows per visitor a day, measured on the sample generator (1,078,152 rows from 30 days
# of 8,000 visitors); used to size the visitors a day for a wanted number of events.
ROWS_PER_VISITOR_DAY = 4.49
# Footprints measured (2026-11-24): landing files 82 bytes a row; the DuckDB warehouse file
# ~650 bytes a row at 10 million events (6.5 GB). DuckDB's spill is what grows fastest: 1.3 GB
# at 10 million with 8 GB of memory, but at 100 million with 6 GB sessionization had spilled
# 54 GB beside 20 GB of staged tables when the disk ran out - at least 74 GB in use, 1.14x the
# final warehouse - so the margin is 1.4x (a lower bound, rounded up). Built in hash buckets
# (--build-buckets) the windows stop spilling: one `make bench` of 100 million in 8 buckets
# (2026-11-25) spilled at most 5.4 GB (in one-statement models) and had at most ~67 GB of disk
# in use, the warehouse file 64.6 GB at the end; so a bucketed build takes a margin of 1.1x
# (71.5 GB asked for that run). The pandas baseline peaks at ~1,270 bytes a row (11.8 GiB).
# Checked before a run starts, so a size that cannot fit stops at once with the figures
# instead of hours later.
LANDING_BYTES_PER_EVENT = 85
WAREHOUSE_BYTES_PER_EVENT = 650
SPILL_MARGIN = 1.4
BUCKETED_SPILL_MARGIN = 1.1
BASELINE_BYTES_PER_EVENT = 1_300
SESSION_TIMEOUT = "30 minutes"
# How often dbt's resident memory is read during the run, to tell in which model it peaks.
RSS_INTERVAL_SECONDS = 0.5
_SEEDS = PROJECT_DIR / "seeds"


# --------------------------------------------------------------------------------------------
# The floor and the baseline (each runs in a child process: ``--phase floor|baseline``)
# --------------------------------------------------------------------------------------------


def floor_query(landing: Path) -> str:
    """The floor: read every landed Parquet event, sort per device, mark timeout boundaries."""
    files = (Path(landing) / EVENTS_DIR / "*" / "*.parquet").as_posix()
    return f"""
        with events as (
            select anonymous_id, cast(event_at as timestamp) as event_at
            from read_parquet('{files}')
        ),
        gaps as (
            select event_at - lag(event_at) over (
                partition by anonymous_id order by event_at
            ) as gap
            from events
        )
        select
            count(*) as events,
            count(*) filter (where gap is null or gap > interval '{SESSION_TIMEOUT}') as sessions
        from gaps
    """


def run_floor(landing: Path, database: Path, memory_limit: str, temp_directory: Path) -> dict:
    """Run the floor query on a fresh DuckDB file with the pipeline's memory settings."""
    database.unlink(missing_ok=True)
    config = {"memory_limit": memory_limit, "temp_directory": str(temp_directory)}
    with duckdb.connect(str(database), config=config) as connection:
        started = time.perf_counter()
        events, sessions = connection.execute(floor_query(landing)).fetchone()
        seconds = time.perf_counter() - started
    database.unlink(missing_ok=True)
    return {"seconds": seconds, "events": events, "sessions": sessions}


def _read_csv_seed(name: str) -> Any:
    import pandas as pd

    return pd.read_csv(_SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


def pandas_sessions(events: Any, timeout: Any) -> Any:
    """Number the sessions of ``events`` (sorted by device and time) in a ``session`` column.

    A session starts on a device's first event, after more than ``timeout`` without events, and
    on an event whose utm triple differs from the session's current one (a direct event never
    replaces a campaign).
    """
    device = events["anonymous_id"]
    new_device = device.ne(device.shift())
    timeout_start = new_device | events["event_at"].diff().gt(timeout)
    block = timeout_start.cumsum()
    triple = events["utm_triple"]
    current = triple.groupby(block).ffill().groupby(block).shift()
    campaign_start = triple.notna() & ~timeout_start & triple.ne(current)
    events["session"] = (timeout_start | campaign_start).cumsum()
    return events


def pandas_goal_hits(events: Any, goals: Any, conditions: Any, bot_patterns: list[str]) -> Any:
    """Goal hits per goal: event, destination, duration and pages-per-session goals.

    Counting as the seed says: the first hit in a session, or every event (deduplicated by
    order id). Sessions of a bot user agent fire none.
    """
    import pandas as pd

    bot_regex = "|".join(bot_patterns)
    is_bot = events["user_agent"].str.contains(bot_regex, case=False, regex=True, na=False)
    human = events[~is_bot.groupby(events["session"]).transform("any")]
    page_views = human["event_name"].eq("page_view")
    path = human["page_url"].str.extract(r"^(?:[a-zA-Z]+://[^/]+)?([^?#]*)", expand=False)
    session_start = human.groupby("session")["event_at"].transform("min")
    elapsed = (human["event_at"] - session_start).dt.total_seconds()
    page_number = page_views.astype("int64").groupby(human["session"]).cumsum()
    hits = {}
    # seed patterns may hold groups; pandas warns that contains() ignores them, as wanted here
    warnings.filterwarnings("ignore", "This pattern is interpreted", UserWarning)
    for goal in goals.itertuples():
        if goal.match_type == "event":
            mask = human["event_name"].eq(goal.event_name)
            for condition in conditions[conditions["goal_id"] == goal.goal_id].itertuples():
                value = human["properties"].str.extract(
                    rf'"{condition.property_key}"\s*:\s*"?([^",}}]*)', expand=False
                )
                if condition.operator == "matches":
                    mask &= value.str.contains(condition.property_value, regex=True, na=False)
                else:
                    mask &= value.eq(condition.property_value)
        elif goal.match_type == "destination":
            case = goal.case_sensitive == "true"
            target = path if case else path.str.lower()
            pattern = goal.url_pattern if case else goal.url_pattern.lower()
            if goal.url_match == "exact":
                matched = target.eq(pattern)
            elif goal.url_match == "begins_with":
                matched = target.str.startswith(pattern, na=False)
            else:
                matched = target.str.contains(pattern, regex=True, na=False)
            mask = page_views & matched
        elif goal.match_type == "duration":
            mask = elapsed.ge(float(goal.threshold_seconds))
        else:
            mask = page_views & page_number.eq(int(goal.threshold_pages))
        matched_rows = human.loc[mask, ["session", "event_at", "properties"]]
        if goal.counting == "every_event":
            order = matched_rows["properties"].str.extract(r'"order_id"\s*:\s*"([^"]*)"')[0]
            keyed = order.notna()
            count = order[keyed].nunique() + int((~keyed).sum())
        else:
            count = matched_rows["session"].nunique()
        hits[goal.goal_id] = int(count)
    return pd.Series(hits, dtype="int64")


def prepare_events(events: Any) -> Any:
    """Clean the raw rows as an analyst would: parse times, drop duplicates, find campaigns."""
    import pandas as pd

    events = events.drop_duplicates("event_id")
    events["event_at"] = pd.to_datetime(events["event_at"], errors="coerce", format="mixed")
    events = events[events["event_at"].notna()].copy()
    parts = []
    for key in ("source", "medium", "campaign"):
        column = events[f"utm_{key}"]
        missing = column.isna()
        parsed = events.loc[missing, "page_url"].str.extract(
            rf"[?&]utm_{key}=([^&#]*)", expand=False
        )
        decoded = parsed.dropna().map(unquote_plus)
        parts.append(column.fillna(decoded))
    present = parts[0].notna() | parts[1].notna() | parts[2].notna()
    triple = parts[0].fillna("") + "\x1f" + parts[1].fillna("") + "\x1f" + parts[2].fillna("")
    events["utm_triple"] = triple.where(present)
    return events.sort_values(["anonymous_id", "event_at", "event_id"], ignore_index=True)


_BASELINE_COLUMNS = [
    "event_id",
    "event_name",
    "event_at",
    "anonymous_id",
    "page_url",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "user_agent",
    "properties",
]


def run_baseline(landing: Path) -> dict:
    """Sessions and goal hits in pandas from the landed Parquet files; figures and seconds."""
    import pandas as pd

    started = time.perf_counter()
    files = sorted((Path(landing) / EVENTS_DIR).glob("*/*.parquet"))
    events = pd.concat(
        [pd.read_parquet(path, columns=_BASELINE_COLUMNS) for path in files], ignore_index=True
    )
    rows = len(events)
    events = pandas_sessions(prepare_events(events), pd.Timedelta(SESSION_TIMEOUT))
    goals = _read_csv_seed("goals")
    conditions = _read_csv_seed("goal_property_conditions")
    patterns = _read_csv_seed("bot_user_agent_patterns")["pattern"].tolist()
    hits = pandas_goal_hits(events, goals, conditions, patterns)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows_read": rows,
        "sessions": int(events["session"].nunique()),
        "goal_hits": int(hits.sum()),
    }


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def _phase(name: str, landing: Path, work_dir: Path, memory_limit: str) -> tuple[dict, Any]:
    """Run ``--phase name`` in a child process; return its figures and its measurement."""
    args = [sys.executable, "-m", "orchestration.benchmark", "--phase", name]
    args += ["--landing", str(landing), "--work-dir", str(work_dir)]
    args += ["--memory-limit", memory_limit]
    measured = run_measured(args, {**os.environ, "PYTHONPATH": str(PROJECT_DIR)})
    return json.loads(measured.stdout.strip().splitlines()[-1]), measured


def _generator_config(config: GeneratorConfig) -> dict[str, Any]:
    return {
        "start_date": config.start_date.isoformat(),
        "end_date": config.end_date.isoformat(),
        "seed": config.seed,
        "visitors_per_day": config.visitors_per_day,
    }


def _earlier_landing(landing: Path, config: GeneratorConfig) -> dict | None:
    """The stamp of a landing folder generated earlier with the same config, if there is one."""
    stamp = landing / "generated.json"
    if not stamp.exists():
        return None
    earlier = json.loads(stamp.read_text())
    return earlier if earlier["config"] == _generator_config(config) else None


def _generate(landing: Path, config: GeneratorConfig, reuse: bool) -> dict:
    """Generate the landing folder (or reuse one written earlier with the same config)."""
    stamp = landing / "generated.json"
    wanted = _generator_config(config)
    earlier = _earlier_landing(landing, config) if reuse else None
    if earlier is not None:
        return {**earlier["figures"], "reused": True}
    # Start from an empty folder: no received days left from another window, and removing the
    # previous run's files (0.8 GB at 10 million events) is not counted as generator time.
    shutil.rmtree(landing, ignore_errors=True)
    summary = generate_landing(landing, config, workers=None)
    figures = {
        "events": summary.total.rows_written,
        "seconds": round(summary.elapsed_seconds, 2),
        "events_per_second": round(summary.events_per_second),
        "reused": False,
    }
    stamp.write_text(json.dumps({"config": wanted, "figures": figures}, indent=2))
    return figures


def _models_reading_landing(manifest: dict) -> list[str]:
    """Models whose SQL reads the landing sources directly (staging should be the only ones)."""
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and any(dep.startswith("source.") for dep in node["depends_on"]["nodes"])
    )


def _pipeline_counts(database: Path) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        sessions = connection.execute("select count(*) from fct_sessions").fetchone()[0]
        goal_hits = connection.execute("select count(*) from fct_goal_hits").fetchone()[0]
        staged = connection.execute("select count(*) from stg_landing__landed_rows").fetchone()[0]
    return {"sessions": sessions, "goal_hits": goal_hits, "landed_rows": staged}


def _model_name(result: dict) -> str:
    """The model's name in a result of dbt's run results (the last part of its unique id)."""
    return result["unique_id"].split(".")[-1]


def _model_intervals(run_results: dict) -> list[tuple[str, float, float]]:
    """(model, started, completed) of each model in dbt's run results, as Unix times."""
    intervals = []
    for result in run_results["results"]:
        timing = result.get("timing") or []
        if not timing:
            continue
        started = min(datetime.fromisoformat(t["started_at"]).timestamp() for t in timing)
        completed = max(datetime.fromisoformat(t["completed_at"]).timestamp() for t in timing)
        intervals.append((_model_name(result), started, completed))
    return intervals


def rss_by_model(samples: tuple[tuple[float, int], ...], run_results: dict) -> list[dict]:
    """Each model's largest sampled resident memory while it ran, in the order the models ran.

    ``samples`` are (Unix time, bytes) pairs of the dbt process; a model too short to be
    sampled is left out.
    """
    peaks = []
    for model, started, completed in sorted(_model_intervals(run_results), key=lambda m: m[1]):
        during = [rss for at, rss in samples if started <= at <= completed]
        if during:
            peaks.append({"model": model, "peak_rss_bytes": max(during)})
    return peaks


def rss_peak_model(peaks: list[dict]) -> str | None:
    """The model during which the run's largest sampled resident memory was first reached."""
    if not peaks:
        return None
    top = max(peak["peak_rss_bytes"] for peak in peaks)
    return next(peak["model"] for peak in peaks if peak["peak_rss_bytes"] == top)


def _landing_bytes(events: int, reuse_landing: bool) -> int:
    """Bytes the landing files of ``events`` still need (none when an earlier folder is reused)."""
    return 0 if reuse_landing else events * LANDING_BYTES_PER_EVENT


def disk_needed(events: int, reuse_landing: bool, build_buckets: int = 1) -> int:
    """Bytes of free disk a run of ``events`` needs in its work directory (an estimate)."""
    landing = _landing_bytes(events, reuse_landing)
    margin = SPILL_MARGIN if build_buckets <= 1 else BUCKETED_SPILL_MARGIN
    return round(landing + events * WAREHOUSE_BYTES_PER_EVENT * margin)


def check_disk(
    events: int,
    reuse_landing: bool,
    free_bytes: int,
    landing_free_bytes: int | None = None,
    build_buckets: int = 1,
) -> None:
    """Stop before generating anything when the run cannot fit on the disk.

    ``free_bytes`` is free in the work directory; ``landing_free_bytes`` where the landing files
    go, when that is another file system (``--landing-dir``), else None; ``build_buckets`` as
    passed to the build (more than one spills far less).
    """
    landing_apart = landing_free_bytes is not None
    if landing_apart:
        landing = _landing_bytes(events, reuse_landing)
        if landing > landing_free_bytes:
            raise SystemExit(
                f"benchmark: the landing files of {events:,} events need about"
                f" {landing / 1e9:.0f} GB in --landing-dir; {landing_free_bytes / 1e9:.0f} GB"
                " are free."
            )
    # landing files written apart take nothing from the work directory
    no_landing = reuse_landing or landing_apart
    needed = disk_needed(events, no_landing, build_buckets)
    if needed > free_bytes:
        buckets_hint = (
            " A build in hash buckets (--build-buckets, ~1 per 12 million events) spills less"
            f" and needs about {disk_needed(events, no_landing, 2) / 1e9:.0f} GB."
            if build_buckets <= 1
            else ""
        )
        raise SystemExit(
            f"benchmark: {events:,} events need about {needed / 1e9:.0f} GB of free disk in the"
            " work directory (landing files, the warehouse, DuckDB's spill);"
            f" {free_bytes / 1e9:.0f} GB are free. Free some space, pass --work-dir on a"
            " larger disk or --landing-dir on another one (tmpfs: /dev/shm)." + buckets_hint
        )


def baseline_fits(events: int, memory_bytes: int) -> bool:
    """Whether the pandas baseline (all in memory) fits in 80% of the machine's memory."""
    return events * BASELINE_BYTES_PER_EVENT <= 0.8 * memory_bytes


def _memory_bytes() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def run_benchmark(args: argparse.Namespace) -> dict:
    """Generate, build, test, run the floor and the baseline; return the figures."""
    work_dir: Path = args.work_dir
    landing_dir: Path = args.landing_dir or work_dir
    landing_dir.mkdir(parents=True, exist_ok=True)
    landing = landing_dir / f"landing-{args.events}"
    database = work_dir / f"warehouse-{args.events}.duckdb"
    visitors = max(1, round(args.events / args.days / ROWS_PER_VISITOR_DAY))
    first = args.end_date - timedelta(days=args.days - 1)
    config = GeneratorConfig(
        start_date=first, end_date=args.end_date, seed=args.seed, visitors_per_day=visitors
    )
    reuse = args.reuse_landing and _earlier_landing(landing, config) is not None
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    apart = landing_dir.stat().st_dev != work_dir.stat().st_dev
    landing_free = shutil.disk_usage(landing_dir).free if apart else None
    check_disk(
        args.events, reuse, shutil.disk_usage(work_dir).free, landing_free, args.build_buckets
    )
    baseline_skipped = "--skip-baseline" if args.skip_baseline else None
    memory = _memory_bytes()
    if not baseline_skipped and not baseline_fits(args.events, memory):
        baseline_skipped = (
            f"pandas would need about {args.events * BASELINE_BYTES_PER_EVENT / 2**30:.0f} GiB"
            f" of memory; this machine has {memory / 2**30:.0f} GiB"
        )
        print(f"baseline skipped: {baseline_skipped}")
    print(f"generating ~{args.events:,} events ({args.days} days, {visitors:,} visitors a day)")
    generator = _generate(landing, config, args.reuse_landing)
    events = generator["events"]
    print(f"  {events:,} rows in {generator['seconds']} s: {generator['events_per_second']:,}/s")

    temp_directory = work_dir / "duckdb_tmp"
    env = dbt_env(
        database,
        landing,
        CW_DUCKDB_MEMORY_LIMIT=args.memory_limit,
        CW_DBT_THREADS=str(args.threads),
        CW_DUCKDB_TEMP_DIRECTORY=str(temp_directory),
        DBT_TARGET_PATH=str(work_dir / "target"),
        DBT_LOG_PATH=str(work_dir / "logs"),
    )
    print("pipeline: dbt seed, dbt run --full-refresh, dbt test")
    run_dbt(["seed"], env)
    run_args = ["run", "--full-refresh"]
    if args.build_buckets > 1:
        run_args += ["--vars", json.dumps({"build_buckets": args.build_buckets})]
    build = run_dbt(run_args, env, rss_interval=RSS_INTERVAL_SECONDS)
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    manifest = json.loads((work_dir / "target" / "manifest.json").read_text())
    test = run_dbt(["test"], env)
    counts = _pipeline_counts(database)
    timings = sorted(
        ((_model_name(r), r["execution_time"]) for r in run_results["results"]),
        key=lambda item: -item[1],
    )
    rss_peaks = rss_by_model(build.rss_samples, run_results)
    print(f"  run {build.seconds:.1f} s, test {test.seconds:.1f} s")

    print("floor: one DuckDB query (read, sort, window)")
    floor, floor_measured = _phase("floor", landing, work_dir, args.memory_limit)
    print(f"  {floor['seconds']:.1f} s")
    baseline: dict[str, Any] | None = None
    baseline_rss = 0
    if not baseline_skipped:
        print("baseline: sessions and goal hits in pandas")
        baseline, baseline_measured = _phase("baseline", landing, work_dir, args.memory_limit)
        baseline_rss = baseline_measured.peak_rss_bytes
        print(f"  {baseline['seconds']:.1f} s")

    dbt_elapsed = run_results["elapsed_time"]
    figures: dict[str, Any] = {
        "events_requested": args.events,
        "events": events,
        "days": args.days,
        "visitors_per_day": visitors,
        "machine": _machine(),
        "duckdb_memory_limit": args.memory_limit,
        "dbt_threads": args.threads,
        "build_buckets": args.build_buckets,
        "generator": generator,
        "pipeline": {
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
            "dbt_startup_seconds": round(build.seconds - dbt_elapsed, 2),
            "dbt_startup_share": round((build.seconds - dbt_elapsed) / build.seconds, 3),
            "models": len(timings),
            "slowest_models": [
                {"model": name, "seconds": round(seconds, 2)} for name, seconds in timings[:8]
            ],
            "model_seconds": {name: round(seconds, 3) for name, seconds in timings},
            "models_reading_landing": _models_reading_landing(manifest),
            **counts,
        },
        "floor": {
            **_rounded(floor),
            "peak_rss_bytes": floor_measured.peak_rss_bytes,
        },
        "pipeline_to_floor": round(build.seconds / floor["seconds"], 2),
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
        build.peak_rss_bytes, test.peak_rss_bytes, floor_measured.peak_rss_bytes, baseline_rss
    )
    return figures


def _rounded(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of a child step, seconds and other floats to two decimals."""
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def _gib(value: int) -> str:
    return f"{value / 2**30:.1f} GiB"


def table(results: dict[str, dict]) -> list[str]:
    """The Markdown table of every size benchmarked so far (the one the README quotes)."""
    lines = [
        "| events | generator | dbt run (all models) | end to end | dbt test | peak memory"
        " (dbt) | floor query | run / floor | pandas baseline | pandas / run |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(results, key=int):
        f = results[key]
        p = f["pipeline"]
        baseline = f.get("baseline")
        lines.append(
            f"| {f['events']:,} | {f['generator']['events_per_second']:,} ev/s"
            f" | {p['run_seconds']:,.1f} s | {p['events_per_second']:,} ev/s"
            f" | {p['test_seconds']:,.1f} s | {_gib(p['peak_rss_bytes'])}"
            f" | {f['floor']['seconds']:,.1f} s | {f['pipeline_to_floor']:,.1f}x"
            + (
                f" | {baseline['seconds']:,.1f} s | {f['baseline_to_pipeline']:.2f}x |"
                if baseline
                else " | - | - |"
            )
        )
    return lines


def _report(figures: dict) -> list[str]:
    p = figures["pipeline"]
    lines = [
        f"Machine: {figures['machine']}; DuckDB memory limit {figures['duckdb_memory_limit']};"
        f" dbt threads {figures.get('dbt_threads', 2)};"
        f" build buckets {figures.get('build_buckets', 1)}",
        f"Events: {figures['events']:,} ({figures['days']} days,"
        f" {figures['visitors_per_day']:,} visitors a day)",
        f"Generator: {figures['generator']['events_per_second']:,} events/s"
        + (" (landing reused)" if figures["generator"]["reused"] else ""),
        f"dbt run --full-refresh ({p['models']} models): {p['run_seconds']:.1f} s ="
        f" {p['events_per_second']:,} events/s; dbt start-up and parse {p['dbt_startup_seconds']}"
        f" s ({p['dbt_startup_share']:.1%}); CPU {p['run_cpu_seconds']} s",
        f"dbt test: {p['test_seconds']:.1f} s; with the tests {p['events_per_second_with_tests']:,}"
        " events/s",
        f"Peak resident memory: pipeline {_gib(p['peak_rss_bytes'])} (dbt run"
        f" {_gib(p['run_peak_rss_bytes'])}, largest in {p['run_peak_rss_model']}; dbt test"
        f" {_gib(p['test_peak_rss_bytes'])}), whole run {_gib(figures['peak_rss_bytes'])}",
        f"Floor query: {figures['floor']['seconds']:.2f} s ({figures['floor']['sessions']:,}"
        f" timeout sessions); pipeline / floor = {figures['pipeline_to_floor']:.1f}x",
    ]
    if "baseline" in figures:
        b = figures["baseline"]
        lines.append(
            f"pandas baseline: {b['seconds']:.1f} s ({b['sessions']:,} sessions,"
            f" {b['goal_hits']:,} goal hits; peak {_gib(b['peak_rss_bytes'])});"
            f" baseline / pipeline = {figures['baseline_to_pipeline']:.2f}x"
        )
    lines.append(
        f"Pipeline: {p['sessions']:,} sessions, {p['goal_hits']:,} goal hits;"
        f" models reading the landing files: {', '.join(p['models_reading_landing'])}"
    )
    lines.append("Slowest models:")
    lines += [f"  {m['model']:<48}{m['seconds']:>8.2f} s" for m in p["slowest_models"]]
    lines.append(
        f"Largest resident memory while a model ran (sampled every {RSS_INTERVAL_SECONDS} s):"
    )
    lines += [f"  {m['model']:<48}{_gib(m['peak_rss_bytes']):>10}" for m in p["largest_rss_models"]]
    return lines


def build_parser() -> argparse.ArgumentParser:
    """Arguments of ``python -m orchestration.benchmark``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    parser.add_argument("--phase", choices=["floor", "baseline"], help=argparse.SUPPRESS)
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
    if args.phase == "floor":
        temp = args.work_dir / "duckdb_tmp"
        print(
            json.dumps(
                run_floor(args.landing, args.work_dir / "floor.duckdb", args.memory_limit, temp)
            )
        )
        return 0
    if args.phase == "baseline":
        print(json.dumps(run_baseline(args.landing)))
        return 0
    figures = run_benchmark(args)
    results_path = args.work_dir / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results[str(args.events)] = figures
    results_path.write_text(json.dumps(results, indent=2))
    (args.work_dir / "results.md").write_text("\n".join(table(results)) + "\n")
    print()
    for line in _report(figures):
        print(line)
    print()
    for line in table(results):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
