"""The benchmark's outputs: results.json, the results.md table and the summary it prints.

``<work dir>/results.json`` holds one entry per event count, merged across runs; the Markdown
table of every size run so far goes to ``<work dir>/results.md`` (the table the README quotes).
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.benchmark.pipeline import RSS_INTERVAL_SECONDS


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


def summary(figures: dict) -> list[str]:
    """The figures of one run as the lines printed after it."""
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


def write_results(work_dir: Path, events: int, figures: dict) -> dict[str, dict]:
    """Merge the figures of ``events`` into results.json, rewrite results.md; every result."""
    results_path = work_dir / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results[str(events)] = figures
    results_path.write_text(json.dumps(results, indent=2))
    (work_dir / "results.md").write_text("\n".join(table(results)) + "\n")
    return results
