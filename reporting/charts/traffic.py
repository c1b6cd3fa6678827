"""Micro-conversion lift, daily trends and traffic quality."""

from __future__ import annotations

from typing import Any

import altair as alt

from reporting.charts.common import QUALITY_CLASSES, WIDTH, data, day_axis, row_header, y_by

Rows = list[dict[str, Any]]
_BY_SESSIONS = alt.EncodingSortField(field="sessions", order="descending")


def micro_conversion_lift(rows: Rows) -> alt.LayerChart:
    """Micro goals ranked by lift on the macro conversion rate, with their 95% intervals."""
    base = alt.Chart().encode(
        y=y_by("goal_name:N", "lift", "descending"),
        color=alt.Color("micro_type:N", title="micro goal"),
    )
    interval = base.mark_rule(strokeWidth=2).encode(
        x=alt.X(
            "lift_lower:Q",
            title="lift: macro conversion rate with the goal / without it (symlog scale)",
            scale=alt.Scale(type="symlog"),
        ),
        x2="lift_upper:Q",
    )
    points = base.mark_point(filled=True, size=80).encode(
        x="lift:Q",
        tooltip=[
            "goal_name:N",
            "micro_type:N",
            "units_with_goal:Q",
            alt.Tooltip("lift:Q", format=".2f"),
            alt.Tooltip("lift_lower:Q", format=".2f", title="95% interval from"),
            alt.Tooltip("lift_upper:Q", format=".2f", title="95% interval to"),
        ],
    )
    no_lift = alt.Chart().mark_rule(color="#888", strokeDash=[4, 3]).encode(x=alt.datum(1))
    return alt.layer(interval, points, no_lift, data=data(rows)).properties(width=WIDTH - 200)


def daily_trends(rows: Rows) -> alt.FacetChart:
    """Sessions, engaged-session rate, conversions and revenue per day and channel."""
    return (
        alt.Chart(data(rows))
        .mark_line(point=True)
        .encode(
            x=day_axis("session_date:T", "session date"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("channel:N", title="channel", scale=alt.Scale(scheme="tableau20")),
            tooltip=[
                "metric:N",
                "channel:N",
                "session_date:T",
                alt.Tooltip("value:Q", format=",.3~f"),
            ],
        )
        .properties(width=WIDTH - 140, height=150)
        .facet(row=row_header("metric:N"))
        .resolve_scale(y="independent")
    )


def _source_bars(field: str, title: str, axis_format: str) -> alt.Chart:
    return (
        alt.Chart()
        .mark_bar(color="#4c78a8")
        .encode(
            y=alt.Y("traffic_source:N", sort=_BY_SESSIONS, axis=None),
            x=alt.X(f"{field}:Q", title=title, axis=alt.Axis(format=axis_format)),
            tooltip=["traffic_source:N", alt.Tooltip(f"{field}:Q", format=".1%")],
        )
        .properties(width=110)
    )


def traffic_quality(rows: Rows) -> alt.HConcatChart:
    """Per source / medium / campaign: sessions by quality class, then its rates."""
    sessions = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=y_by("traffic_source:N", "sessions", "descending", labelLimit=260),
            x=alt.X("sessions:Q", title="sessions"),
            color=alt.Color(
                "quality_class:N",
                title="quality class",
                scale=alt.Scale(domain=list(QUALITY_CLASSES), range=list(QUALITY_CLASSES.values())),
            ),
            tooltip=["traffic_source:N", "channel:N", "sessions:Q", "quality_class:N"],
        )
        .properties(width=140)
    )
    return alt.hconcat(
        sessions,
        _source_bars("engaged_session_rate", "engaged-session rate", "%"),
        _source_bars("macro_conversion_rate", "macro conversion rate", "%"),
        _source_bars("bot_share", "bot share", "%"),
        data=data(rows),
    )
