"""The summary that ``make run`` prints: the warehouse's headline figures, read from the marts."""

from __future__ import annotations

import duckdb

from reporting.build import default_out_dir
from reporting.charts.common import ATTRIBUTION_MODELS
from tools.demo.experiments_summary import experiment_lines

_ATTRIBUTION_LABELS = (
    "first",
    "last",
    "last n-d",
    "linear",
    "decay",
    "position",
    "markov",
    "shapley",
)


def summary_lines(database_path: str) -> list[str]:
    """A short, human-readable summary of the warehouse at ``database_path``."""
    with duckdb.connect(database_path, read_only=True) as connection:
        landed = connection.execute(
            "select sum(landed_rows), sum(clean_events), sum(duplicate_rows),"
            " sum(quarantined_rows), count(distinct received_date), bool_and(is_balanced)"
            " from rpt_landing_reconciliation_daily"
        ).fetchone()
        reasons = connection.execute(
            "select reason, count(*) from quarantined_events group by 1 order by 2 desc"
        ).fetchall()
        sessions = connection.execute(
            "select count(*), sum(case when is_bot then 1 else 0 end),"
            " count(distinct person_id) from fct_sessions"
        ).fetchone()
        channels = connection.execute(
            "select channel, count(*), avg(case when is_engaged then 1.0 else 0.0 end),"
            " avg(case when has_macro_conversion then 1.0 else 0.0 end)"
            " from fct_sessions where not is_bot group by 1 order by 2 desc"
        ).fetchall()
        goals = connection.execute(
            "select goal_id, tier, count(*), sum(value)"
            " from fct_goal_hits group by 1, 2 order by 2, 3 desc"
        ).fetchall()
        # with each micro goal's estimated worth per person (rpt_micro_goal_values)
        lift = connection.execute(
            "select lift.goal_id, lift.micro_type, lift.units_with_goal, lift.lift,"
            " lift.share_of_macro_conversions_preceded, goal_values.estimated_value,"
            " goal_values.estimated_value_lower, goal_values.estimated_value_upper"
            " from rpt_micro_conversion_lift as lift left join rpt_micro_goal_values as goal_values"
            " on lift.goal_id = goal_values.goal_id"
            " where lift.scope = 'session' and lift.channel = '(all)'"
            " order by lift.lift desc nulls last"
        ).fetchall()
        funnel = connection.execute(
            "select step_number, step_name, reached, conversion_from_entry,"
            " conversion_from_previous_step, median_seconds_to_step"
            " from rpt_funnel_overview where funnel_id = 'purchase' order by step_number"
        ).fetchall()
        attribution = connection.execute(
            "select channel,"
            + ", ".join(
                f"sum(case when model = '{model}' then credit else 0 end)"
                for model in ATTRIBUTION_MODELS
            )
            + " from fct_attribution_credits where goal_id = 'purchase'"
            " group by channel order by 2 desc, channel"
        ).fetchall()
        worst_source = worst_traffic_source_line(connection)
        # spend counted once (the spend fact), purchase revenue credited by markov
        spend = connection.execute(
            "with spend as (select channel, sum(spend) as spend from fct_marketing_spend_daily"
            " group by channel), revenue as (select channel, sum(revenue) as revenue"
            " from rpt_attribution_daily where goal_id = 'purchase' and model = 'markov'"
            " group by channel)"
            " select spend.channel, spend.spend,"
            " coalesce(revenue.revenue, 0) / nullif(spend.spend, 0) from spend"
            " left join revenue on spend.channel = revenue.channel order by spend.channel"
        ).fetchall()
        capture_gaps = capture_gap_line(connection)
        breakdown = funnel_breakdown_line(connection)
        experiments = experiment_lines(connection)
    lines = [
        f"Received days: {landed[4]}; landed rows: {landed[0]:,}; clean events: {landed[1]:,}; "
        f"duplicates: {landed[2]:,}; quarantined: {landed[3]:,}; "
        f"reconciliation {'balances' if landed[5] else 'DOES NOT BALANCE'}",
        "Quarantined by reason: " + ", ".join(f"{reason} {count:,}" for reason, count in reasons),
        f"Sessions: {sessions[0]:,} ({sessions[1]:,} bot sessions), persons: {sessions[2]:,}",
        worst_source,
        capture_gaps,
        report_line(),
        "",
        f"{'channel (non-bot sessions)':<28}{'sessions':>10}{'engaged':>10}{'converted':>11}",
    ]
    lines += [
        f"{channel:<28}{count:>10,}{engaged:>10.1%}{converted:>11.2%}"
        for channel, count, engaged, converted in channels
    ]
    lines += ["", f"{'goal':<24}{'tier':<7}{'hits':>9}{'value':>12}"]
    lines += [
        f"{goal:<24}{tier:<7}{hits:>9,}{(value or 0):>12,.2f}" for goal, tier, hits, value in goals
    ]
    lines += [
        "",
        "Micro-conversion lift (sessions) and worth (extra macro value per person, 95% interval;"
        " a correlation, not a cause):",
        f"{'micro goal':<24}{'type':<19}{'sessions':>9}{'lift':>8}{'precedes':>10}"
        f"{'worth':>9}  interval",
    ]
    lines += [
        f"{goal:<24}{kind:<19}{units:>9,}{_number(rate, '8.1f')}{_number(share, '10.1%')}"
        f"{_number(worth, '9.2f')}  {_interval(lower, upper)}"
        for goal, kind, units, rate, share, worth, lower, upper in lift
    ]
    lines += [
        "",
        "Purchase funnel (persons, ordered, 7-day window):",
        f"{'step':<22}{'reached':>9}{'of entry':>10}{'of prev.':>10}{'median s':>10}",
    ]
    lines += [
        f"{number}. {name:<19}{reached:>9,}{_number(of_entry, '10.1%')}"
        f"{_number(of_previous, '10.1%')}{_number(median, '10.0f')}"
        for number, name, reached, of_entry, of_previous, median in funnel
    ]
    lines.append(breakdown)
    lines += [
        "",
        "Purchases credited by channel under each attribution model (30-day lookback):",
        f"{'channel':<17}" + "".join(f"{label:>10}" for label in _ATTRIBUTION_LABELS),
    ]
    lines += [
        f"{channel:<17}" + "".join(f"{credit:>10.1f}" for credit in credits)
        for channel, *credits in attribution
    ]
    lines += ["", *experiments]
    if not spend:
        lines += ["", "Spend: none landed (seeds/marketing_spend.csv or <landing>/spend/), no ROAS"]
        return lines
    lines += ["", "Paid channels: spend and purchase ROAS (markov credit):"]
    lines += [
        f"{channel:<17}{total:>12,.2f} EUR{_number(roas, '8.2f')}" for channel, total, roas in spend
    ]
    return lines


# Over the whole period, per source / medium / campaign: its days classed suspect and their
# sessions (the worst is the suspect one with the most sessions); without any suspect day, the
# classed source (not insufficient_data) with the lowest engaged-session rate.
_WORST_TRAFFIC_SOURCE_SQL = """
with sources as (
    select
        source || ' / ' || medium || ' / ' || campaign as traffic_source,
        channel,
        count(*) filter (where quality_class = 'suspect') as suspect_days,
        count(*) filter (where quality_class <> 'insufficient_data') as classed_days,
        sum(sessions) filter (where quality_class = 'suspect') as suspect_sessions,
        sum(sessions) as sessions,
        sum(bot_sessions) / nullif(sum(sessions), 0) as bot_share,
        sum(engaged_sessions) / nullif(sum(human_sessions), 0) as engaged_rate,
        arg_max(quality_reason, sessions) filter (where quality_class = 'suspect') as reason
    from rpt_traffic_quality_daily
    group by all
)
select traffic_source, channel, suspect_days, classed_days, sessions, bot_share, engaged_rate,
    reason
from sources
where classed_days > 0
order by suspect_sessions desc nulls last, engaged_rate, traffic_source
limit 1
"""


def worst_traffic_source_line(connection: duckdb.DuckDBPyConnection) -> str:
    """One line naming the worst traffic source of rpt_traffic_quality_daily, and why."""
    row = connection.execute(_WORST_TRAFFIC_SOURCE_SQL).fetchone()
    if row is None:
        return "Worst traffic source: none classed (all below traffic_quality_min_sessions)"
    source, channel, suspect_days, classed_days, sessions, bot_share, engaged, reason = row
    verdict = (
        f"suspect on {suspect_days} of {classed_days} classed days ({reason})"
        if suspect_days
        else "no suspect day; lowest engaged-session rate"
    )
    return (
        f"Worst traffic source: {source} ({channel}), {sessions:,} sessions, bot share "
        f"{_number(bot_share, '0.1%')}, engaged {_number(engaged, '0.1%')}: {verdict}"
    )


def report_line() -> str:
    """One line: where the marketing report is (the daily job's asset marketing_report)."""
    index = default_out_dir() / "index.html"
    if not index.exists():
        return f"Marketing report: not built ({index}; `make report` builds it)"
    return f"Marketing report: {index} (open it in a browser; `make report` rebuilds it)"


def capture_gap_line(connection: duckdb.DuckDBPyConnection) -> str:
    """One line naming each capture gap the monitor flags: goal, segment, first and last day."""
    gaps = connection.execute(
        "select suspected_goal_id, segment_type, segment_value, gap_since_date,"
        " max(session_date), min(gap_kind) from rpt_capture_gaps_daily where has_capture_gap"
        " group by 1, 2, 3, 4 order by 4, 1, 2, 3"
    ).fetchall()
    named = [
        f"{goal} in {kind.replace('_', ' ')} {value} since {since.isoformat()}"
        f" (to {last.isoformat()}; {gap_kind})"
        for goal, kind, value, since, last, gap_kind in gaps
    ]
    return "Capture gaps (rpt_capture_gaps_daily): " + ("; ".join(named) or "none")


def funnel_breakdown_line(
    connection: duckdb.DuckDBPyConnection, funnel_id: str = "purchase"
) -> str:
    """One line: the funnel's completion rate per channel and the journeys it excluded.

    The channels are the four with the most counted journeys, by the funnel's breakdown
    attribution (rpt_funnel_breakdown_daily).
    """
    rows = connection.execute(
        "select breakdown_attribution, breakdown_value, sum(reached), sum(counted_entrants),"
        " sum(excluded_entrants) from rpt_funnel_breakdown_daily"
        " where funnel_id = ? and breakdown_dimension = 'channel' and is_last_step"
        " group by 1, 2 order by 4 desc, 2",
        [funnel_id],
    ).fetchall()
    if not rows:
        return f"Funnel {funnel_id}: no journey"
    rates = ", ".join(
        f"{channel} {_number(completed / counted if counted else None, '0.1%')} of {counted:,}"
        for _, channel, completed, counted, _ in rows[:4]
    )
    excluded = sum(row[4] for row in rows)
    return (
        f"Completed by {rows[0][0].replace('_', ' ')} channel: {rates};"
        f" {excluded:,} journeys excluded (rpt_funnel_breakdown_daily)"
    )


def _number(value: float | None, spec: str) -> str:
    width = int(spec.split(".")[0])
    return format(value, spec) if value is not None else "n/a".rjust(width)


def _interval(lower: float | None, upper: float | None) -> str:
    return f"{lower:.2f} .. {upper:.2f}" if lower is not None and upper is not None else "n/a"
