"""The funnel charts: steps with conversion and drop-off, time to convert, breakdowns, trend."""

from __future__ import annotations

from typing import Any

import altair as alt

from reporting.charts.common import (
    WIDTH,
    data,
    day_axis,
    labelled_bars,
    percent,
    row_header,
    y_by,
)

Rows = list[dict[str, Any]]


def _step_label(row: dict[str, Any]) -> str:
    label = f"{row['reached']:,} ({percent(row['conversion_from_entry'])} of entry)"
    if row["step_number"] > 1 and row["drop_off"] < 0:  # an open funnel's entrances
        label += f"; {-row['drop_off']:,} more than the previous step"
    elif row["step_number"] > 1:
        label += f"; drop-off {row['drop_off']:,} ({percent(row['drop_off_rate'])})"
    return label


def funnel_steps(rows: Rows) -> alt.FacetChart:
    """Per funnel: journeys reaching each step, labelled with conversion and drop-off."""
    labelled = [{**row, "label": _step_label(row)} for row in rows]
    tooltip = [
        "step:N",
        "reached:Q",
        alt.Tooltip("conversion_from_entry:Q", format=".1%", title="of entry"),
        alt.Tooltip("drop_off:Q", title="drop-off"),
        alt.Tooltip("drop_off_rate:Q", format=".1%", title="drop-off rate"),
    ]
    bar = ("step:N", "step_number", "reached:Q")
    return labelled_bars(
        labelled, bar, "journeys reaching the step", tooltip, "funnel:N", WIDTH - 200
    )


def funnel_time_to_convert(rows: Rows) -> alt.FacetChart:
    """Per funnel and later step: median minutes from entry (bar), 90th percentile (tick)."""
    base = alt.Chart().encode(y=y_by("step:N", "step_number"))
    median = base.mark_bar(color="#72b7b2").encode(
        x=alt.X("median_minutes_to_step:Q", title="minutes from entry (bar: median, tick: p90)"),
        tooltip=[
            "step:N",
            alt.Tooltip("median_minutes_to_step:Q", format=".1f", title="median minutes"),
            alt.Tooltip("p90_minutes_to_step:Q", format=".1f", title="p90 minutes"),
        ],
    )
    p90 = base.mark_tick(color="#e45756", thickness=3).encode(x="p90_minutes_to_step:Q")
    return (
        alt.layer(median, p90, data=data(rows))
        .properties(width=WIDTH - 200)
        .facet(row=row_header("funnel:N"))
        .resolve_scale(y="independent")
    )


def funnel_breakdown(rows: Rows) -> alt.FacetChart:
    """Completion rate per funnel by device category and by channel of the journeys."""
    return (
        alt.Chart(data(rows))
        .mark_bar(color="#54a24b")
        .encode(
            y=y_by("breakdown_value:N", "counted_entrants", "descending"),
            x=alt.X("completion_rate:Q", axis=alt.Axis(format="%"), title="completion rate"),
            tooltip=[
                "breakdown_value:N",
                "counted_entrants:Q",
                "completed:Q",
                alt.Tooltip("completion_rate:Q", format=".1%"),
            ],
        )
        .properties(width=WIDTH // 2 - 120)
        .facet(row=row_header("funnel:N"), column=alt.Column("breakdown_dimension:N", title=None))
        .resolve_scale(y="independent")
    )


def funnel_trend(rows: Rows) -> alt.LayerChart:
    """Completion rate per funnel and entry day; a red rule on days with a capture gap."""
    base = alt.Chart().encode(x=day_axis("entry_date:T", "entry date"))
    lines = base.mark_line(point=True).encode(
        y=alt.Y("completion_rate:Q", axis=alt.Axis(format="%"), title="completion rate"),
        color=alt.Color("funnel:N", title="funnel"),
        tooltip=[
            "funnel:N",
            "entry_date:T",
            "counted_entrants:Q",
            "completed:Q",
            alt.Tooltip("completion_rate:Q", format=".1%"),
        ],
    )
    gaps = (
        base.transform_filter("datum.has_capture_gap")
        .mark_rule(color="#e45756", strokeDash=[4, 3], strokeWidth=2)
        .encode(tooltip=["entry_date:T", "funnel:N", "capture_gap_goals:N"])
    )
    gap_labels = (
        base.transform_filter("datum.has_capture_gap")
        .transform_calculate(gap_label="'capture gap: ' + datum.capture_gap_goals")
        .mark_text(color="#e45756", angle=270, align="right", baseline="bottom", y=4, dx=-2)
        .encode(text="gap_label:N")
    )
    return alt.layer(lines, gaps, gap_labels, data=data(rows)).properties(width=WIDTH, height=260)
