"""Build the report: query the published marts, draw each chart, write the page and images.

``<out>/index.html`` is the page (Vega's JavaScript inlined once: it opens offline);
``<out>/charts/<chart>.png`` is each chart as an image to mail or paste, and
``<out>/charts/<chart>.vl.json`` its Vega-Lite spec, data included (open it in any Vega editor).
A chart whose query returns no rows gets a "no data for ..." note and no files.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import vl_convert

from reporting.catalog import CHARTS, Chart
from reporting.page import page_html
from reporting.queries import fetch
from serving.settings import load_serving_settings

logger = logging.getLogger(__name__)
# Pixel density of the PNG images (2: sharp on a high-density screen and in a mail).
PNG_SCALE = 2


@dataclass
class Drawn:
    """A chart of the report as built: its spec (None: no rows) and its row count."""

    chart: Chart
    rows: int
    spec: dict[str, Any] | None


@dataclass
class Report:
    """What a build wrote."""

    index: Path
    charts: list[Drawn] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def empty(self) -> list[str]:
        """The charts drawn as a "no data" note."""
        return [drawn.chart.name for drawn in self.charts if drawn.spec is None]


def default_marts_file() -> Path:
    """The published marts-only DuckDB file (CW_MARTS_DUCKDB_PATH, serving/settings.py)."""
    return load_serving_settings().marts_duckdb_path


def default_out_dir() -> Path:
    """``report/`` beside the warehouse (``warehouse/report`` by default)."""
    return load_serving_settings().warehouse_path.parent / "report"


def draw(connection: duckdb.DuckDBPyConnection, chart: Chart) -> Drawn:
    """The chart's rows from the marts and its Vega-Lite spec (None without rows)."""
    rows = fetch(connection, chart.query)
    spec = chart.spec(rows).to_dict() if rows else None
    return Drawn(chart=chart, rows=len(rows), spec=spec)


def _publication(connection: duckdb.DuckDBPyConnection) -> str:
    """Which publication the marts file holds, for the page's header."""
    try:
        build_id, published_at = connection.execute(
            "select build_id, published_at from cw_publication"
        ).fetchone()
    except (duckdb.CatalogException, TypeError):
        return "marts of an unknown publication"
    return f"marts published {published_at:%Y-%m-%d %H:%M %Z} (build {build_id})"


def _write(path: Path, content: str | bytes) -> None:
    """Write ``path`` through a temporary file moved over it: a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)


def build_report(marts_file: Path | None = None, out_dir: Path | None = None) -> Report:
    """Build the report from ``marts_file`` (opened read-only) into ``out_dir``."""
    started = time.perf_counter()
    marts_file = marts_file or default_marts_file()
    out_dir = out_dir or default_out_dir()
    if not marts_file.exists():
        raise FileNotFoundError(f"no published marts file at {marts_file} (make run publishes it)")
    with duckdb.connect(str(marts_file), read_only=True) as connection:
        drawn = [draw(connection, chart) for chart in CHARTS]
        source = _publication(connection)
    charts_dir = out_dir / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    for stale in charts_dir.glob("*"):
        stale.unlink()
    for item in drawn:
        if item.spec is None:
            continue
        name = item.chart.name
        _write(charts_dir / f"{name}.vl.json", json.dumps(item.spec, indent=1) + "\n")
        _write(charts_dir / f"{name}.png", vl_convert.vegalite_to_png(item.spec, scale=PNG_SCALE))
    index = out_dir / "index.html"
    _write(index, page_html(drawn, source, vl_convert.javascript_bundle()))
    report = Report(index=index, charts=drawn, seconds=round(time.perf_counter() - started, 2))
    logger.info("report: %s (%d charts, %.1f s)", index, len(drawn), report.seconds)
    return report
