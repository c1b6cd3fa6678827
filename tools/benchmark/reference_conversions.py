"""The reference's conversions: goal hits, last-touch and linear credits, funnel steps.

Part of the SQL of the benchmark's hand-written reference (tools/benchmark/reference_sql.py
holds the landing, events, sessions and persons it reads, and the order of the statements).
"""

from __future__ import annotations

from tools.benchmark.reference_rules import RULES


def goal_matches(seeds: str) -> str:
    """Every human event matching a seed goal (event name, page and property conditions)."""
    return f"""
    create temp table matched as
    with goals as (
        select * from read_csv('{seeds}/goals.csv', all_varchar = true)
    ),
    conditions as (
        select * from read_csv('{seeds}/goal_property_conditions.csv', all_varchar = true)
    ),
    event_hits as (
        select goals.goal_id, human_events.event_id
        from human_events
        inner join goals on goals.match_type = 'event'
            and human_events.event_name = goals.event_name
        where not exists (
            select 1 from conditions
            where conditions.goal_id = goals.goal_id and (
                json_extract_string(human_events.properties, '$.' || conditions.property_key)
                    is null
                or (conditions.operator = 'equals' and json_extract_string(
                    human_events.properties, '$.' || conditions.property_key)
                    != conditions.property_value)
                or (conditions.operator = 'matches' and not regexp_matches(
                    json_extract_string(human_events.properties, '$.' || conditions.property_key),
                    '(?i)' || conditions.property_value)))
        )
    ),
    paths as (
        select goals.goal_id, paths.page_path
        from (select distinct page_path from human_events where event_name = 'page_view')
            as paths
        inner join goals on goals.match_type = 'destination' and case
            when goals.case_sensitive = 'true' then case goals.url_match
                when 'exact' then paths.page_path = goals.url_pattern
                when 'begins_with' then starts_with(paths.page_path, goals.url_pattern)
                else regexp_matches(paths.page_path, goals.url_pattern) end
            else case goals.url_match
                when 'exact' then lower(paths.page_path) = lower(goals.url_pattern)
                when 'begins_with' then starts_with(lower(paths.page_path),
                    lower(goals.url_pattern))
                else regexp_matches(paths.page_path, '(?i)' || goals.url_pattern) end end
    ),
    destination_hits as (
        select paths.goal_id, human_events.event_id
        from human_events inner join paths on human_events.page_path = paths.page_path
        where human_events.event_name = 'page_view'
    ),
    duration_hits as (
        select goals.goal_id, arg_min(human_events.event_id,
            (human_events.event_at, human_events.event_id)) as event_id
        from human_events
        inner join goals on goals.match_type = 'duration'
            and micros(human_events.event_at) - micros(human_events.session_started_at)
                >= cast(goals.threshold_seconds as double) * 1e6
        group by goals.goal_id, human_events.session_key
    ),
    page_hits as (
        select goals.goal_id, human_events.event_id
        from human_events inner join goals on goals.match_type = 'pages_per_session'
            and human_events.page_view_number = cast(goals.threshold_pages as bigint)
    ),
    all_hits as (
        select * from event_hits union all select * from destination_hits
        union all select * from duration_hits union all select * from page_hits
    )
    select all_hits.goal_id, human_events.*,
        json_extract_string(human_events.properties, '$.order_id') as order_id
    from all_hits
    inner join human_events on all_hits.event_id = human_events.event_id
    """


def goal_hits(seeds: str) -> str:
    """The goal hits: the matches each goal's counting rule keeps, with their value."""
    r = RULES
    return f"""
    create table goal_hits as
    with goals as (
        select * from read_csv('{seeds}/goals.csv', all_varchar = true)
    ),
    counted as (
        select matched.*, goals.tier, goals.value_rule, goals.value as fixed_value,
            goals.value_property
        from matched inner join goals on matched.goal_id = goals.goal_id
        qualify (goals.counting = 'once_per_session' and row_number() over (
                partition by matched.goal_id, matched.session_key
                order by matched.event_at, matched.event_id) = 1)
            or (goals.counting = 'every_event' and row_number() over (
                partition by matched.goal_id, coalesce(matched.order_id, matched.event_id)
                order by matched.event_at, matched.event_id) = 1)
    ),
    valued as (
        select *,
            json_extract_string(properties, '$.' || value_property) as value_text,
            upper(trim(json_extract_string(properties, '$.currency'))) as currency
        from counted
    )
    select md5(goal_id || '|' || event_id) as goal_hit_id, goal_id, tier, event_id,
        session_key, person_id, event_at as hit_at, order_id,
        case when value_rule = 'fixed' then cast(fixed_value as double)
            when regexp_full_match(trim(value_text), '[0-9]+([.][0-9]*)?|[.][0-9]+')
                and coalesce(currency, '{r["reporting_currency"]}')
                    = '{r["reporting_currency"]}'
                then cast(trim(value_text) as double)
        end as value
    from valued
    """


def credits() -> str:
    """Last-touch and linear credits of each conversion over its lookback-window sessions."""
    r = RULES
    return f"""
    create table credits as
    with conversions as (
        select goal_hit_id as conversion_id, person_id, session_key as converting_session_key,
            hit_at as converted_at, coalesce(value, 0) as conversion_value
        from goal_hits where tier = 'macro'
    ),
    touches as (
        select conversions.conversion_id, conversions.conversion_value,
            sessions.session_id as touch_session_id,
            row_number() over (partition by conversions.conversion_id
                order by sessions.started_at, sessions.session_id) as touch_number,
            count(*) over (partition by conversions.conversion_id) as touches_in_path
        from conversions
        inner join sessions on conversions.person_id = sessions.person_id
            and not sessions.is_bot
            and sessions.started_at <= conversions.converted_at
            and (sessions.started_at >= conversions.converted_at
                    - interval {r["attribution_lookback_days"]} day
                or sessions.session_key = conversions.converting_session_key)
    ),
    by_model as (
        select conversion_id, touch_session_id, conversion_value, 'last_touch' as model,
            case when touch_number = touches_in_path then 1.0 else 0.0 end as credit
        from touches
        union all
        select conversion_id, touch_session_id, conversion_value, 'linear' as model,
            1.0 / touches_in_path as credit
        from touches
    )
    select conversion_id, touch_session_id, model, credit,
        credit * conversion_value as revenue_credit
    from by_model
    """


def funnel_occurrences(seeds: str) -> str:
    """Every human event that is a step of a seed funnel, with the funnel's settings."""
    return f"""
    create temp table occurrences as
    with steps as (
        select funnels.funnel_id, funnels.scope, funnels.step_order, funnels.entry,
            case when funnels.scope = 'person' then coalesce(
                cast(funnels.conversion_window_hours as double), 168) * 3600 end
                as window_seconds,
            cast(steps.step_number as integer) as step_number, steps.goal_id, steps.event_name
        from read_csv('{seeds}/funnels.csv', all_varchar = true) as funnels
        inner join read_csv('{seeds}/funnel_steps.csv', all_varchar = true) as steps
            on funnels.funnel_id = steps.funnel_id
    ),
    numbered as (
        select *, row_number() over (partition by person_id order by event_at, event_id)
            as person_event_number
        from human_events
    ),
    hits as (
        select steps.*, matched.event_id from steps
        inner join matched on steps.goal_id = matched.goal_id
        union all
        select steps.*, human_events.event_id from steps
        inner join human_events on steps.event_name = human_events.event_name
    )
    select hits.funnel_id, hits.scope, hits.step_order, hits.entry, hits.window_seconds,
        hits.step_number, hits.event_id, numbered.event_at as occurred_at,
        numbered.session_key, numbered.person_id,
        case when hits.scope = 'session' then cast(numbered.session_key as ubigint)
            else hash(numbered.person_id) end as unit_key,
        case when hits.scope = 'session' then numbered.event_number
            else numbered.person_event_number end as unit_event_number
    from hits inner join numbered on hits.event_id = numbered.event_id
    """


# A person-scoped funnel's next journey enters at the first candidate after the window's end.
FUNNEL_JOURNEYS = """
create temp table journeys as
with recursive candidates as (
    select *, row_number() over (partition by funnel_id, unit_key
        order by occurred_at, event_id) as candidate_rank
    from occurrences
    where (step_number = 1 or entry = 'open' or step_order = 'any')
    qualify row_number() over (partition by funnel_id, unit_key, event_id
        order by step_number) = 1
),
next_entries as (
    select funnel_id, unit_key, candidate_rank, next_rank from (
        select funnel_id, unit_key, candidate_rank, is_end,
            1 + sum(1 - is_end) over (partition by funnel_id, unit_key order by at_us, is_end
                rows between unbounded preceding and current row) as next_rank
        from (
            select funnel_id, unit_key, candidate_rank, 0 as is_end,
                cast(micros(occurred_at) as double) as at_us
            from candidates where window_seconds is not null
            union all
            select funnel_id, unit_key, candidate_rank, 1 as is_end,
                micros(occurred_at) + window_seconds * 1e6 as at_us
            from candidates where window_seconds is not null
        )
    ) where is_end = 1
),
chain as (
    select funnel_id, unit_key, candidate_rank from candidates where candidate_rank = 1
    union all
    select next_entries.funnel_id, next_entries.unit_key, next_entries.next_rank
    from chain inner join next_entries on chain.funnel_id = next_entries.funnel_id
        and chain.unit_key = next_entries.unit_key
        and chain.candidate_rank = next_entries.candidate_rank
)
select candidates.* from chain
inner join candidates on chain.funnel_id = candidates.funnel_id
    and chain.unit_key = candidates.unit_key and chain.candidate_rank = candidates.candidate_rank
"""


def funnel_level(level: int) -> str:
    """Step ``level`` of ordered and strict journeys: the first occurrence of the next step."""
    if level == 1:
        return """
        create temp table level_1 as
        select funnel_id, unit_key, event_id as entry_event_id, occurred_at as entered_at,
            window_seconds, step_order, step_number, event_id, occurred_at as reached_at,
            session_key, unit_event_number, person_id, scope, session_key as entry_session_key
        from journeys where step_order in ('ordered', 'strict')
        """
    return f"""
    create temp table level_{level} as
    select previous.funnel_id, previous.unit_key, previous.entry_event_id, previous.entered_at,
        previous.window_seconds, previous.step_order, occurrences.step_number,
        occurrences.event_id, occurrences.occurred_at as reached_at, occurrences.session_key,
        occurrences.unit_event_number, previous.person_id, previous.scope,
        previous.entry_session_key
    from level_{level - 1} as previous
    inner join occurrences on previous.funnel_id = occurrences.funnel_id
        and previous.unit_key = occurrences.unit_key
        and previous.step_number + 1 = occurrences.step_number
        and previous.event_id != occurrences.event_id
        and previous.reached_at <= occurrences.occurred_at
    where (previous.window_seconds is null or micros(occurrences.occurred_at)
            - micros(previous.entered_at) <= previous.window_seconds * 1e6)
        and (previous.step_order != 'strict'
            or occurrences.unit_event_number = previous.unit_event_number + 1)
    qualify row_number() over (partition by previous.funnel_id, previous.unit_key,
        previous.entry_event_id order by occurrences.occurred_at, occurrences.event_id) = 1
    """


def funnel_steps(levels: int) -> str:
    """The funnel steps reached: the entry plus every level of the unrolled step search."""
    union = " union all ".join(f"select * from level_{n}" for n in range(1, levels + 1))
    return f"""
    create table funnel_steps as
    with reached as ({union})
    select md5(reached.funnel_id || '|' || case when reached.scope = 'session'
            then entry_sessions.session_id else reached.person_id end
            || '|' || reached.entry_event_id) as journey_id,
        reached.funnel_id, reached.step_number, reached.event_id,
        step_sessions.session_id, reached.reached_at,
        (micros(reached.reached_at) - micros(reached.entered_at)) / 1e6 as seconds_since_entry
    from reached
    inner join sessions as step_sessions on reached.session_key = step_sessions.session_key
    inner join sessions as entry_sessions
        on reached.entry_session_key = entry_sessions.session_key
    """
