"""The SQL behind each chart: one query per chart, on the published marts (read-only).

Each query returns the rows its chart draws, already aggregated: the chart specs only lay them
out. Column names are those of the marts (models/marts/*/_*__models.yml) or say what they hold.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

# z of the lift's 95% interval: the same 1.96 as var micro_goal_value_interval_z (dbt_project.yml).
LIFT_INTERVAL_Z = 1.96
# Conversion paths drawn per attribution goal, and campaigns in the attribution-by-campaign chart.
TOP_PATHS = 10
TOP_CAMPAIGNS = 12
# Traffic sources (source / medium / campaign) in the traffic quality chart, most sessions first.
TOP_SOURCES = 15

# Per funnel and step over all journeys: reached, conversion from entry, drop-off from the previous
# step (count and rate).
FUNNEL_STEPS = """
select
    funnel_id,
    funnel_name || ' (' || scope || ', ' || step_order || ', ' || entry || ')' as funnel,
    step_number,
    step_number || '. ' || step_name as step,
    counted_entrants,
    reached,
    conversion_from_entry,
    drop_off,
    1 - conversion_from_previous_step as drop_off_rate
from rpt_funnel_overview
order by funnel_id, step_number
"""

# Minutes from entry to each step after the first that journeys reached.
FUNNEL_TIME_TO_CONVERT = """
select
    funnel_name || ' (' || scope || ', ' || step_order || ', ' || entry || ')' as funnel,
    step_number,
    step_number || '. ' || step_name as step,
    median_seconds_to_step / 60 as median_minutes_to_step,
    p90_seconds_to_step / 60 as p90_minutes_to_step
from rpt_funnel_overview
where step_number > 1 and median_seconds_to_step is not null
order by funnel_id, step_number
"""

# Completion rate (last step reached / counted entrants) per funnel, by device and by channel.
FUNNEL_BREAKDOWN = """
select
    funnel_name as funnel,
    breakdown_dimension,
    breakdown_value,
    sum(counted_entrants) as counted_entrants,
    sum(reached) as completed,
    sum(reached) / nullif(sum(counted_entrants), 0) as completion_rate
from rpt_funnel_breakdown_daily
where is_last_step and breakdown_dimension in ('device_category', 'channel')
group by all
having sum(counted_entrants) > 0
order by funnel, breakdown_dimension, counted_entrants desc
"""

# Completion rate per funnel and entry day; has_capture_gap marks a day on which the monitor
# flags a gap whose suspected goal a step of this funnel counts (distorted_funnel_steps).
FUNNEL_TREND = """
with daily as (
    select
        entry_date,
        funnel_id,
        funnel_name as funnel,
        sum(counted_entrants) filter (where is_last_step) as counted_entrants,
        sum(reached) filter (where is_last_step) as completed
    from rpt_funnel_daily
    group by all
),

gaps as (
    select
        daily.entry_date,
        daily.funnel_id,
        string_agg(distinct gaps.suspected_goal_id, ', ') as capture_gap_goals
    from daily
    inner join rpt_capture_gaps_daily as gaps
        on daily.entry_date = gaps.session_date
        and gaps.has_capture_gap
        and regexp_matches(gaps.distorted_funnel_steps, '(^|[^a-z0-9_])' || daily.funnel_id || ':')
    group by all
)

select
    daily.entry_date,
    daily.funnel,
    daily.counted_entrants,
    daily.completed,
    daily.completed / nullif(daily.counted_entrants, 0) as completion_rate,
    gaps.capture_gap_goals is not null as has_capture_gap,
    gaps.capture_gap_goals
from daily
left join gaps
    on daily.entry_date = gaps.entry_date and daily.funnel_id = gaps.funnel_id
order by daily.funnel, daily.entry_date
"""

# Conversions and revenue each attribution model credits, per goal and channel / campaign.
_ATTRIBUTION = """
select goal_id, {by} as {name}, model, sum(conversions) as conversions, sum(revenue) as revenue
from rpt_attribution_daily
{where}
group by all
having sum(conversions) > 0
order by goal_id, {name}, model
"""
ATTRIBUTION_CHANNELS = _ATTRIBUTION.format(by="channel", name="channel", where="")
ATTRIBUTION_CAMPAIGNS = _ATTRIBUTION.format(
    by="channel || ' / ' || campaign",
    name="campaign",
    where=f"""where channel || ' / ' || campaign in (
    select channel || ' / ' || campaign from rpt_attribution_daily
    group by all order by sum(conversions) desc, 1 limit {TOP_CAMPAIGNS}
)""",
)

# Spend (fct_marketing_spend_daily, counted once) and each model's ROAS: the value it credits
# (every attribution goal's) / spend, per channel and per channel / campaign with spend > 0;
# without any attributed conversion, the spend alone (model and roas null).
# The same sums per channel and per channel / campaign (spent_on), one row per level.
_BY_LEVEL = """
    select 'channel' as level, channel as spent_on, {columns} from {table} group by all
    union all
    select 'campaign', channel || ' / ' || campaign, {columns} from {table} group by all
"""
SPEND_AND_ROAS = """
with spend as (
{spend}
),

revenue as (
{revenue}
),

models as (
    select distinct model from rpt_attribution_daily
)

select
    spend.level,
    spend.spent_on,
    spend.spend,
    models.model,
    coalesce(revenue.revenue, 0) as revenue,
    case when models.model is not null then coalesce(revenue.revenue, 0) / spend.spend end as roas
from spend
left join models on true  -- spend without any attributed conversion still shows
left join revenue
    on spend.level = revenue.level
    and spend.spent_on = revenue.spent_on
    and models.model = revenue.model
where spend.spend > 0
order by spend.level desc, spend.spent_on, models.model
""".format(
    spend=_BY_LEVEL.format(columns="sum(spend) as spend", table="fct_marketing_spend_daily"),
    revenue=_BY_LEVEL.format(
        columns="model, sum(revenue) as revenue", table="rpt_attribution_daily"
    ),
)

# Lift of each micro goal on the macro conversion rate (sessions, every channel), with the 95%
# interval of a ratio of two proportions (log scale, Katz); no interval with 0 conversions.
MICRO_CONVERSION_LIFT = f"""
with lift as (
    select
        goal_id,
        goal_name,
        micro_type,
        units_with_goal,
        lift,
        case when conversions_with_goal > 0 and conversions_without_goal > 0 then sqrt(
            1.0 / conversions_with_goal - 1.0 / units_with_goal
            + 1.0 / conversions_without_goal - 1.0 / units_without_goal
        ) end as log_standard_error
    from rpt_micro_conversion_lift
    where scope = 'session' and channel = '(all)' and lift is not null
)

select
    * exclude (log_standard_error),
    lift * exp(-{LIFT_INTERVAL_Z} * log_standard_error) as lift_lower,
    lift * exp({LIFT_INTERVAL_Z} * log_standard_error) as lift_upper
from lift
order by lift desc, goal_id
"""

# Per day and channel: non-bot sessions, engaged-session rate, macro conversions (goal hits) and
# revenue (macro goal value), as one row per day x channel x metric.
DAILY_TRENDS = """
with goals as (
    select session_date, channel, sum(goal_hits) as conversions, sum(goal_value) as revenue
    from rpt_goals_daily
    where tier = 'macro'
    group by all
),

daily as (
    select
        quality.session_date,
        quality.channel,
        quality.human_sessions,
        quality.engaged_session_rate,
        coalesce(goals.conversions, 0) as conversions,
        coalesce(goals.revenue, 0) as revenue
    from rpt_channel_quality_daily as quality
    left join goals
        on quality.session_date = goals.session_date and quality.channel = goals.channel
    where quality.human_sessions > 0
)

unpivot daily
on human_sessions as '1. sessions (non-bot)',
    engaged_session_rate as '2. engaged-session rate',
    conversions as '3. conversions (macro goal hits)',
    revenue as '4. revenue (macro goal value)'
into name metric value value
order by metric, channel, session_date
"""

# Per source / medium / campaign over the period: sessions, bot share, engaged-session rate,
# macro conversion rate and the quality class of most of its sessions.
TRAFFIC_QUALITY = f"""
select
    source || ' / ' || medium || ' / ' || campaign as traffic_source,
    any_value(channel) as channel,
    sum(sessions) as sessions,
    sum(bot_sessions) / nullif(sum(sessions), 0) as bot_share,
    sum(engaged_sessions) / nullif(sum(human_sessions), 0) as engaged_session_rate,
    sum(macro_conversion_sessions) / nullif(sum(human_sessions), 0) as macro_conversion_rate,
    arg_max(quality_class, sessions) as quality_class
from rpt_traffic_quality_daily
group by all
order by sessions desc, traffic_source
limit {TOP_SOURCES}
"""

CONVERSION_PATHS = f"""
select goal_id, path_rank, path, path_channels, conversions, share_of_conversions
from rpt_conversion_paths
where path_rank <= {TOP_PATHS}
order by goal_id, path_rank
"""

PATH_LENGTH = """
select goal_id, touches_in_path, conversions, share_of_conversions
from rpt_path_length
order by goal_id, touches_in_path
"""


def _plain(value: Any) -> Any:
    """A value as JSON holds it (dates as ISO strings)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def fetch(connection: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    """The rows of ``query``, as dicts of JSON values."""
    result = connection.execute(query)
    names = [column[0] for column in result.description]
    return [
        {name: _plain(value) for name, value in zip(names, row, strict=True)}
        for row in result.fetchall()
    ]
