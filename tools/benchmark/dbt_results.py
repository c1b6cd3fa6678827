"""Per-model figures read from dbt's artifacts of the benchmark's ``dbt run``.

From ``run_results.json``: each model's run time and, matched with the resident memory sampled
while dbt ran, each model's peak memory; from ``manifest.json``: which models read the landing
files.
"""

from __future__ import annotations

from datetime import datetime


def models_reading_landing(manifest: dict) -> list[str]:
    """Models whose SQL reads the landing sources directly (staging should be the only ones)."""
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and any(dep.startswith("source.") for dep in node["depends_on"]["nodes"])
    )


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


def model_timings(run_results: dict) -> list[tuple[str, float]]:
    """(model, seconds) of each model in dbt's run results, the slowest first."""
    return sorted(
        ((_model_name(r), r["execution_time"]) for r in run_results["results"]),
        key=lambda item: -item[1],
    )
