"""The attribution charts: eight models side by side, spend and ROAS, conversion paths."""

from __future__ import annotations

from typing import Any

import altair as alt

from reporting.charts.common import MODEL_ORDER, WIDTH, data, labelled_bars, row_header

Rows = list[dict[str, Any]]
_MODEL_COLOR = alt.Color("model:N", sort=MODEL_ORDER, title="attribution model")
# Grouped bars: pixels per model within a channel's (campaign's) group.
_PER_MODEL = {"step": 4, "for": "offset"}


def _models_side_by_side(rows: Rows, field: str, title: str) -> alt.FacetChart:
    """Grouped bars: conversions each model credits per ``field`` value, a row per goal."""
    return (
        alt.Chart(data(rows))
        .mark_bar()
        .encode(
            y=alt.Y(f"{field}:N", title=title),
            yOffset=alt.YOffset("model:N", sort=MODEL_ORDER),
            x=alt.X("conversions:Q", title="conversions credited"),
            color=_MODEL_COLOR,
            tooltip=[
                f"{field}:N",
                "model:N",
                alt.Tooltip("conversions:Q", format=".2f"),
                alt.Tooltip("revenue:Q", format=",.2f"),
            ],
        )
        .properties(width=WIDTH - 160, height=_PER_MODEL)
        .facet(row=row_header("goal_id:N"))
        .resolve_scale(y="independent")
    )


def attribution_channels(rows: Rows) -> alt.FacetChart:
    """Conversions credited per channel under each of the eight models, per goal."""
    return _models_side_by_side(rows, "channel", "channel")


def attribution_campaigns(rows: Rows) -> alt.FacetChart:
    """Conversions credited per channel / campaign under each model, per goal."""
    return _models_side_by_side(rows, "campaign", "channel / campaign")


def _spend_and_roas_of(level: str, title: str) -> alt.HConcatChart:
    rows = alt.Chart().transform_filter(alt.datum.level == level)
    spend = (
        rows.transform_aggregate(spend="max(spend)", groupby=["spent_on"])
        .mark_bar(color="#bab0ac")
        .encode(
            y=alt.Y("spent_on:N", title=title),
            x=alt.X("spend:Q", title="spend"),
            tooltip=["spent_on:N", alt.Tooltip("spend:Q", format=",.2f")],
        )
        .properties(width=160)
    )
    roas = (
        rows.mark_bar()
        .encode(
            y=alt.Y("spent_on:N", title=None),
            yOffset=alt.YOffset("model:N", sort=MODEL_ORDER),
            x=alt.X("roas:Q", title="ROAS (attributed value / spend)"),
            color=_MODEL_COLOR,
            tooltip=[
                "spent_on:N",
                "model:N",
                alt.Tooltip("revenue:Q", format=",.2f", title="attributed value"),
                alt.Tooltip("spend:Q", format=",.2f"),
                alt.Tooltip("roas:Q", format=".2f", title="ROAS"),
            ],
        )
        .properties(width=WIDTH - 360, height=_PER_MODEL)
    )
    return alt.hconcat(spend, roas)


def spend_and_roas(rows: Rows) -> alt.VConcatChart:
    """Spend per channel and per campaign beside each model's ROAS (where spend > 0)."""
    return alt.vconcat(
        _spend_and_roas_of("channel", "channel"),
        _spend_and_roas_of("campaign", "channel / campaign"),
        data=data(rows),
    )


def conversion_paths(rows: Rows) -> alt.FacetChart:
    """The top conversion paths of each attribution goal: conversions and share."""
    labelled = [{**row, "label": f"{row['share_of_conversions']:.1%}"} for row in rows]
    tooltip = ["path:N", "path_channels:Q", "conversions:Q", "share_of_conversions:Q"]
    bar = ("path:N", "path_rank", "conversions:Q")
    return labelled_bars(labelled, bar, "conversions", tooltip, "goal_id:N", WIDTH - 380)


def path_length(rows: Rows) -> alt.FacetChart:
    """Conversions per number of touches on the path, per attribution goal."""
    return (
        alt.Chart(data(rows))
        .mark_bar(color="#9d755d")
        .encode(
            x=alt.X("touches_in_path:O", title="touches in the path"),
            y=alt.Y("conversions:Q", title="conversions"),
            tooltip=[
                "touches_in_path:O",
                "conversions:Q",
                alt.Tooltip("share_of_conversions:Q", format=".1%"),
            ],
        )
        .properties(width=WIDTH // 2 - 40, height=180)
        .facet(column=alt.Column("goal_id:N", title=None))
        .resolve_scale(y="independent", x="independent")
    )
