"""The benchmark's outputs: results.json, the results.md table and the summary it prints.

``<work dir>/results.json`` holds one entry per event count, merged across runs; the Markdown
table of every size run so far goes to ``<work dir>/results.md`` (the table the README quotes).
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.benchmark.pipeline import RSS_INTERVAL_SECONDS
from tools.benchmark.reference import SAMPLE_ROWS


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
        if "pipeline" not in f:  # only the collector adapters' benchmark ran at this size
            continue
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


def reference_table(results: dict[str, dict]) -> list[str]:
    """The Markdown table of the hand-written reference beside `dbt run`, a row per size."""
    lines = [
        "| events | dbt run CPU | dbt run wall | reference CPU | reference wall | reference"
        " events / s | reference peak memory | run / reference CPU | run / reference wall"
        " | equal to the marts |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key in sorted(results, key=int):
        f = results[key]
        if "reference" not in f:
            continue
        p, r = f["pipeline"], f["reference"]
        lines.append(
            f"| {f['events']:,} | {p['run_cpu_seconds']:,.1f} s | {p['run_seconds']:,.1f} s"
            f" | {r['cpu_seconds']:,.1f} s | {r['seconds']:,.1f} s | {r['events_per_second']:,}"
            f" | {_gib(r['peak_rss_bytes'])} | {f['pipeline_to_reference_cpu']:.2f}x"
            f" | {f['pipeline_to_reference_wall']:.2f}x"
            f" | {'yes' if r['check']['equal'] else 'no'} |"
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
        f" {p['events_per_second']:,} events/s; outside dbt's own timing (start-up, parse,"
        f" the closing checkpoint) {p['dbt_startup_seconds']}"
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
    if "reference" in figures:
        r = figures["reference"]
        rows = ", ".join(f"{table} {count:,}" for table, count in r["rows"].items())
        lines.append(
            f"Reference: {r['seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s (peak"
            f" {_gib(r['peak_rss_bytes'])}; {rows}); dbt run / reference ="
            f" {figures['pipeline_to_reference_cpu']:.2f}x CPU,"
            f" {figures['pipeline_to_reference_wall']:.2f}x wall; equal to the marts"
            f" (row counts, {SAMPLE_ROWS} sampled rows a table): {r['check']['equal']}"
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


def collectors_table(collectors: dict) -> list[str]:
    """The Markdown table of one run of the collector adapters' benchmark, a row per shape."""
    shapes = collectors["shapes"]
    built = any("build" in figures for figures in shapes.values())
    lines = [
        f"{collectors['events']:,} events; staging = `dbt run` of the two models that read and"
        " map the files (with the landing hook), on a fresh warehouse file"
        + ("; build = then `dbt run` of every model (after `dbt seed`)" if built else ""),
        "",
        "| shape | clean rows | staging wall | staging CPU | events / s | peak memory"
        " | CPU s / million events | vs contract |"
        + (" build CPU | vs contract |" if built else ""),
        "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if built else ""),
    ]
    for shape, figures in shapes.items():
        staging = figures["staging"]
        ratio = staging.get("cpu_to_contract")
        line = (
            f"| {shape} | {figures.get('clean_rows', 0):,} of {figures['landed_rows']:,}"
            f" | {staging['seconds']:,.1f} s | {staging['cpu_seconds']:,.1f} s"
            f" | {staging['events_per_second']:,} | {_gib(staging['peak_rss_bytes'])}"
            f" | {staging['cpu_seconds_per_million_events']:,.1f}"
            f" | {f'{ratio:.2f}x' if ratio is not None else '-'} |"
        )
        if built:
            build = figures.get("build")
            line += (
                f" {build['cpu_seconds']:,.1f} s | {build.get('cpu_to_contract', 0):.2f}x |"
                if build
                else " - | - |"
            )
        lines.append(line)
    return lines


def _write(work_dir: Path, results: dict[str, dict]) -> None:
    """results.json and results.md (the sizes' table, then each size's collector adapters)."""
    (work_dir / "results.json").write_text(json.dumps(results, indent=2))
    lines = table(results)
    if any("reference" in figures for figures in results.values()):
        lines += ["", "Hand-written reference:", "", *reference_table(results)]
    for key in sorted(results, key=int):
        if "collectors" in results[key]:
            lines += ["", "Collector adapters:", "", *collectors_table(results[key]["collectors"])]
    (work_dir / "results.md").write_text("\n".join(lines) + "\n")


def _read(work_dir: Path) -> dict[str, dict]:
    results_path = work_dir / "results.json"
    return json.loads(results_path.read_text()) if results_path.exists() else {}


def write_results(work_dir: Path, events: int, figures: dict) -> dict[str, dict]:
    """Merge the figures of ``events`` into results.json, rewrite results.md; every result.

    The collector adapters' figures of that size (``write_collectors``) are kept.
    """
    results = _read(work_dir)
    kept = results.get(str(events), {}).get("collectors")
    results[str(events)] = {**figures, **({"collectors": kept} if kept else {})}
    _write(work_dir, results)
    return results


def write_collectors(work_dir: Path, events: int, collectors: dict) -> dict[str, dict]:
    """Merge the collector adapters' figures of ``events`` into results.json / results.md."""
    results = _read(work_dir)
    results.setdefault(str(events), {})["collectors"] = collectors
    _write(work_dir, results)
    return results


def write_publication(work_dir: Path, events: int, publication: dict) -> dict[str, dict]:
    """Merge the publication's figures of ``events`` into results.json / results.md."""
    results = _read(work_dir)
    results.setdefault(str(events), {})["publication"] = publication
    _write(work_dir, results)
    return results
