"""What every chart spec shares: its width, how rows become Vega-Lite data, labels."""

from __future__ import annotations

from typing import Any

import altair as alt

# Pixels of a chart's plotting area (a facet's cell is narrower); the page is about 900 wide.
WIDTH = 640
# The attribution models of fct_attribution_credits, in the order docs/attribution.md presents
# them (make run's summary prints them in this order too).
ATTRIBUTION_MODELS = (
    "first_touch",
    "last_touch",
    "last_non_direct",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
)
MODEL_ORDER = list(ATTRIBUTION_MODELS)
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


def y_by(field: str, order_by: str, order: str = "ascending", **axis: Any) -> alt.Y:
    """A y axis of ``field``'s values, ordered by ``order_by``, without a title."""
    sort = alt.EncodingSortField(field=order_by, order=order)
    return alt.Y(field, sort=sort, title=None, axis=alt.Axis(**axis) if axis else alt.Undefined)


def labelled_bars(
    rows: list[dict[str, Any]],
    bar: tuple[str, str, str],
    x_title: str,
    tooltip: list[Any],
    facet: str,
    width: int,
) -> alt.FacetChart:
    """Horizontal bars, each with its row's ``label`` beside it, a cell per ``facet`` value.

    ``bar`` is (the y field, the field ordering it, the x field).
    """
    y, order_by, x = bar
    base = alt.Chart().encode(y=y_by(y, order_by, labelLimit=360))
    bars = base.mark_bar(color="#4c78a8").encode(x=alt.X(x, title=x_title), tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4).encode(x=x, text="label:N")
    return (
        alt.layer(bars, labels, data=data(rows))
        .properties(width=width)
        .facet(row=row_header(facet))
        .resolve_scale(y="independent", x="independent")
    )
