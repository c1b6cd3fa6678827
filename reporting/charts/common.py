"""What every chart spec shares: its width, how rows become Vega-Lite data, labels."""

from __future__ import annotations

from typing import Any

import altair as alt

# Pixels of a chart's plotting area (a facet's cell is narrower); the page is about 900 wide.
WIDTH = 640
# The attribution models, in the order docs/attribution.md presents them.
MODEL_ORDER = [
    "first_touch",
    "last_touch",
    "last_non_direct",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
]
# The quality classes of rpt_traffic_quality_daily, worst first, with their colours.
QUALITY_CLASSES = {
    "suspect": "#e45756",
    "shallow": "#f58518",
    "engaged": "#54a24b",
    "insufficient_data": "#bab0ac",
}


def data(rows: list[dict[str, Any]]) -> alt.Data:
    """The rows as inline Vega-Lite data (kept in the spec: the page needs no other file)."""
    return alt.Data(values=rows)


def percent(value: float | None) -> str:
    """A rate as a percentage with one decimal; n/a when null."""
    return "n/a" if value is None else f"{value:.1%}"


def row_header(field: str) -> alt.Row:
    """Facet rows by ``field``, its value as a left-aligned heading above each cell."""
    return alt.Row(
        field,
        title=None,
        header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top"),
    )


def day_axis(field: str, title: str) -> alt.X:
    """An x axis of days (dates as ISO strings, read as UTC so no browser shifts them)."""
    axis = alt.Axis(format="%d %b", tickCount="day")
    return alt.X(field, timeUnit="utcyearmonthdate", title=title, axis=axis)
