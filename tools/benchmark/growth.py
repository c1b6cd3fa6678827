"""Benchmark: what one incremental day costs as the history behind it grows.

``make bench-growth`` (or ``python -m tools.benchmark.growth --help``) generates the longest
history asked for plus one day of sample events, once. For each history length (default 10
and 40 received days) it links the last ``days + 1`` received days into a landing folder of
their own, so every warehouse gets the very same last day and differs only in what came
before it. Each warehouse is built over its history (``dbt run --full-refresh``, not timed),
then the last day is run incrementally (``dbt run``: the daily job's models, without its
tests; timed: wall and CPU seconds, peak memory, each model's seconds). The same day is then
run again ``--repeats - 1`` times, the histories taking turns, because the machine's noise is
larger than the growth to measure.

It prints the median figures per history, the ratio of the longest history's CPU to the
shortest's, and the models whose time grew most; ``<work dir>/results.json`` holds every run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from orchestration.dbt_args import partition_env
from orchestration.settings import PROJECT_DIR
from tools.benchmark.dbt_results import model_timings
from tools.benchmark.measure import dbt_env, default_end_date, run_dbt
from tools.sample_events import GeneratorConfig, generate_landing


def received_days(end: date, days: int) -> list[date]:
    """The last ``days`` received days of history and the measured day ``end``, oldest first."""
    return [end - timedelta(days=offset) for offset in range(days, -1, -1)]


def link_landing(source: Path, target: Path, wanted: list[date]) -> int:
    """Hard-link the ``wanted`` received days' landing files into ``target``; count them.

    ``target`` is replaced; a file that cannot be linked is copied.
    Event files sit in ``events/received_date=<day>/``, spend in ``spend/<day>.csv``.
    """
    shutil.rmtree(target, ignore_errors=True)
    files = 0
    for day in wanted:
        day_files = sorted((source / "events" / f"received_date={day.isoformat()}").glob("*"))
        spend = source / "spend" / f"{day.isoformat()}.csv"
        day_files += [spend] if spend.exists() else []
        for path in day_files:
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)
            files += 1
    return files


class HistoryPaths(NamedTuple):
    """Where one history lives: its landing folder, warehouse file and dbt target folder."""

    landing: Path
    database: Path
    target: Path

    @classmethod
    def of(cls, work_dir: Path, days: int) -> HistoryPaths:
        """The paths of the ``days``-day history under ``work_dir``."""
        return cls(
            work_dir / f"landing-{days}d",
            work_dir / f"history-{days}d.duckdb",
            work_dir / f"target-{days}d",
        )

    def env(self, window: dict[str, str]) -> dict[str, str]:
        """The environment of a dbt command against this history (its own target folder)."""
        return dbt_env(self.database, self.landing, window, DBT_TARGET_PATH=str(self.target))


def _measured_day(paths: HistoryPaths, end: date) -> dict[str, Any]:
    """Run the day ``end`` incrementally; its wall and CPU seconds, peak memory, model times."""
    run = run_dbt(["run"], paths.env(partition_env(end, end + timedelta(1))))
    results = json.loads((paths.target / "run_results.json").read_text())
    return {
        "seconds": round(run.seconds, 2),
        "cpu_seconds": round(run.cpu_seconds, 2),
        "peak_rss_bytes": run.peak_rss_bytes,
        "dbt_elapsed_seconds": round(results["elapsed_time"], 2),
        "model_seconds": {name: round(seconds, 3) for name, seconds in model_timings(results)},
    }


def run_growth(
    work_dir: Path, histories: list[int], visitors_per_day: int, end: date, seed: int, repeats: int
) -> dict[str, Any]:
    """Generate once, build each history, measure its incremental day; return the figures."""
    longest = max(histories)
    config = GeneratorConfig(
        start_date=end - timedelta(days=longest),
        end_date=end,
        seed=seed,
        visitors_per_day=visitors_per_day,
    )
    summary = generate_landing(work_dir / "landing", config, workers=None)
    builds: dict[int, dict[str, Any]] = {}
    for days in histories:
        paths = HistoryPaths.of(work_dir, days)
        wanted = received_days(end, days)
        link_landing(work_dir / "landing", paths.landing, wanted)
        paths.database.unlink(missing_ok=True)
        run_dbt(["seed"], paths.env({}))
        history = run_dbt(["run", "--full-refresh"], paths.env(partition_env(wanted[0], end)))
        builds[days] = {
            "history_days": days,
            "history_landed_rows": sum(summary.days[day].rows_written for day in wanted[:-1]),
            "history_build_seconds": round(history.seconds, 2),
            "runs": [],
        }
    for _ in range(repeats):
        for days in histories:
            builds[days]["runs"].append(_measured_day(HistoryPaths.of(work_dir, days), end))
    return {
        "visitors_per_day": visitors_per_day,
        "measured_day": end.isoformat(),
        "measured_day_landed_rows": summary.days[end].rows_written,
        "repeats": repeats,
        "histories": [_summarised(builds[days]) for days in histories],
    }


def _summarised(build: dict[str, Any]) -> dict[str, Any]:
    """The build's figures with the medians of its runs."""
    runs = build["runs"]
    models = runs[0]["model_seconds"].keys()
    return {
        **build,
        "median_seconds": statistics.median(run["seconds"] for run in runs),
        "median_cpu_seconds": statistics.median(run["cpu_seconds"] for run in runs),
        "median_model_seconds": {
            name: statistics.median(run["model_seconds"].get(name, 0.0) for run in runs)
            for name in models
        },
    }


def growth_lines(figures: dict[str, Any], top: int = 10) -> list[str]:
    """The printed report: one line per history, the CPU ratio, the models that grew most."""
    histories = figures["histories"]
    lines = [
        f"One incremental day ({figures['measured_day']}, {figures['measured_day_landed_rows']:,}"
        f" landed rows, {figures['visitors_per_day']:,} visitors a day), {figures['repeats']}"
        " runs per history, medians:",
        "",
        "| history | landed rows before the day | wall | CPU | every run's CPU |",
        "|---:|---:|---:|---:|---|",
    ]
    for build in histories:
        cpu = ", ".join(f"{run['cpu_seconds']:.1f}" for run in build["runs"])
        lines.append(
            f"| {build['history_days']} days | {build['history_landed_rows']:,}"
            f" | {build['median_seconds']:.1f} s | {build['median_cpu_seconds']:.1f} s | {cpu} |"
        )
    shortest, longest = histories[0], histories[-1]
    if len(histories) > 1:
        ratio = longest["median_cpu_seconds"] / shortest["median_cpu_seconds"]
        lines += [
            "",
            f"CPU, {longest['history_days']} days against {shortest['history_days']}:"
            f" {ratio:.3f}x ({ratio - 1:+.1%})",
            "",
            f"Models that grew most ({shortest['history_days']} -> {longest['history_days']}"
            " days, median seconds):",
        ]
        before, after = shortest["median_model_seconds"], longest["median_model_seconds"]
        growth = sorted(after, key=lambda name: before.get(name, 0.0) - after[name])[:top]
        for name in growth:
            lines.append(f"  {name:<44}{before.get(name, 0.0):>8.2f} -> {after[name]:>6.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make bench-growth``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history-days", type=int, nargs="+", default=[10, 40])
    parser.add_argument("--visitors-per-day", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--end-date", type=date.fromisoformat, default=default_end_date())
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "warehouse" / "bench-growth")
    args = parser.parse_args(argv)
    histories = sorted(set(args.history_days))
    if histories[0] < 1 or args.repeats < 1:
        parser.error("history days and repeats must be at least 1")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    figures = run_growth(
        args.work_dir, histories, args.visitors_per_day, args.end_date, args.seed, args.repeats
    )
    (args.work_dir / "results.json").write_text(json.dumps(figures, indent=2))
    for line in growth_lines(figures):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
