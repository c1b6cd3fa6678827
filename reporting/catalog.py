"""The report's charts, in page order: to add one, write its query and spec, then a line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt

from reporting import queries
from reporting.charts import attribution, funnels, traffic


@dataclass(frozen=True)
class Chart:
    """One chart of the report: what it reads, how it is drawn, what the page says about it."""

    name: str  # its file names (charts/<name>.png, .vl.json) and its id on the page
    section: str
    title: str
    about: str  # one sentence under the title: what it shows, from which mart
    what: str  # what is missing when it has no rows: "no data for <what>"
    query: str
    spec: Callable[[list[dict[str, Any]]], alt.TopLevelMixin]


CHARTS = [
    Chart(
        "funnel_steps",
        "Funnels",
        "Funnel steps: conversion and drop-off",
        "Journeys reaching each step, their share of the journeys counted at entry and the "
        "drop-off from the previous step (rpt_funnel_overview).",
        "funnel journeys",
        queries.FUNNEL_STEPS,
        funnels.funnel_steps,
    ),
    Chart(
        "funnel_time_to_convert",
        "Funnels",
        "Time to convert",
        "Minutes from entering the funnel to reaching each later step: median and 90th "
        "percentile (rpt_funnel_overview).",
        "journeys reaching a later step",
        queries.FUNNEL_TIME_TO_CONVERT,
        funnels.funnel_time_to_convert,
    ),
    Chart(
        "funnel_breakdown",
        "Funnels",
        "Completion by device and channel",
        "Completed journeys / counted journeys, by the device category and channel each journey "
        "is given by its funnel's breakdown attribution (rpt_funnel_breakdown_daily).",
        "funnel breakdowns",
        queries.FUNNEL_BREAKDOWN,
        funnels.funnel_breakdown,
    ),
    Chart(
        "funnel_trend",
        "Funnels",
        "Completion per day, with capture gaps",
        "Completion rate by entry day (rpt_funnel_daily); a red dashed rule marks a day on which "
        "the capture-gap monitor flags a goal one of the funnel's steps counts "
        "(rpt_capture_gaps_daily): read its drop-off as a tracking problem, not abandonment.",
        "funnel days",
        queries.FUNNEL_TREND,
        funnels.funnel_trend,
    ),
    Chart(
        "attribution_channels",
        "Attribution",
        "Eight attribution models per channel",
        "Conversions each model credits to the touches of each channel, per attribution goal "
        "(rpt_attribution_daily; docs/attribution.md explains the models).",
        "attributed conversions",
        queries.ATTRIBUTION_CHANNELS,
        attribution.attribution_channels,
    ),
    Chart(
        "attribution_campaigns",
        "Attribution",
        "Eight attribution models per campaign",
        f"The same per channel / campaign, the {queries.TOP_CAMPAIGNS} campaigns with the most "
        "conversions (rpt_attribution_daily).",
        "attributed conversions by campaign",
        queries.ATTRIBUTION_CAMPAIGNS,
        attribution.attribution_campaigns,
    ),
    Chart(
        "spend_and_roas",
        "Attribution",
        "Spend and ROAS",
        "Spend per channel and campaign (fct_marketing_spend_daily) and the return on it under "
        "each model: value credited to it, every attribution goal's, / spend "
        "(rpt_attribution_daily); only where spend > 0.",
        "marketing spend",
        queries.SPEND_AND_ROAS,
        attribution.spend_and_roas,
    ),
    Chart(
        "micro_conversion_lift",
        "Micro-conversions",
        "Micro-conversion lift, ranked",
        "Macro conversion rate of the sessions that hit each micro goal / that of the sessions "
        "that did not, every channel (rpt_micro_conversion_lift), with its 95% interval; process "
        "milestones and secondary actions apart. A correlation, not a cause; 1 is no lift.",
        "micro-conversion lift",
        queries.MICRO_CONVERSION_LIFT,
        traffic.micro_conversion_lift,
    ),
    Chart(
        "daily_trends",
        "Trends",
        "Daily trends by channel",
        "Non-bot sessions and their engaged-session rate (rpt_channel_quality_daily), macro "
        "conversions and their value (rpt_goals_daily), per day and channel.",
        "sessions",
        queries.DAILY_TRENDS,
        traffic.daily_trends,
    ),
    Chart(
        "traffic_quality",
        "Traffic quality",
        "Traffic quality per source / medium / campaign",
        f"The {queries.TOP_SOURCES} sources with the most sessions: sessions coloured by the "
        "quality class of most of them, engaged-session rate, macro conversion rate and bot "
        "share (rpt_traffic_quality_daily; rules in docs/rules.md).",
        "traffic sources",
        queries.TRAFFIC_QUALITY,
        traffic.traffic_quality,
    ),
    Chart(
        "conversion_paths",
        "Paths",
        "Top conversion paths",
        f"The {queries.TOP_PATHS} channel paths with the most conversions per attribution goal, "
        "with their share of its conversions (rpt_conversion_paths).",
        "conversion paths",
        queries.CONVERSION_PATHS,
        attribution.conversion_paths,
    ),
    Chart(
        "path_length",
        "Paths",
        "Path length",
        "Conversions by the number of touches in their lookback window (rpt_path_length).",
        "conversion path lengths",
        queries.PATH_LENGTH,
        attribution.path_length,
    ),
]
