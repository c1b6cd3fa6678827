"""The SQL of the benchmark's hand-written reference (tools/benchmark/reference.py).

Statements run in order on a fresh DuckDB file. Written for speed: devices, sessions and persons
are integers inside (a 64-bit hash of the device, row numbers); the text ids the marts carry
(md5 hex) are computed once, in the output tables. Constants are the project's defaults
(dbt_project.yml vars); the seeds are read from their CSV files.
"""

from __future__ import annotations

# The project's defaults (dbt_project.yml vars) that the reference's rules use.
RULES = {
    "session_timeout_seconds": 30 * 60,
    "max_clock_skew_seconds": 24 * 3600,
    "late_arrival_seconds": 3 * 86400,
    "bot_max_events_per_minute": 60,
    "bot_max_session_seconds": 12 * 3600,
    "attribution_lookback_days": 30,
    "reporting_currency": "EUR",
}

_TIMESTAMP = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?"
    "(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?"
)

# The contract's timestamp formats only (as macros/cross_db/parse_utc_timestamp.sql): anything
# else is null, which quarantines the row; an offset is converted to UTC.
_MACROS = f"""
create temp macro offset_sign(t) as substring(t, length(t) - 5, 1);
create temp macro parse_utc(t) as case when regexp_full_match(t, '{_TIMESTAMP}') then
    try_cast(substring(replace(t, 'T', ' '), 1, least(26, length(t) - case
        when t like '%Z' then 1 when offset_sign(t) in ('+', '-') then 6 else 0 end))
        as timestamp)
    - to_minutes(case when offset_sign(t) in ('+', '-') then
        (case when offset_sign(t) = '-' then -1 else 1 end)
        * (cast(substring(t, length(t) - 4, 2) as integer) * 60
            + cast(substring(t, length(t) - 1, 2) as integer)) else 0 end) end;
create temp macro url_param(url, parameter) as coalesce(
    try(url_decode(nullif(regexp_extract(url, '[?&]' || parameter || '=([^&#]*)', 1), ''))),
    nullif(regexp_extract(url, '[?&]' || parameter || '=([^&#]*)', 1), ''));
create temp macro micros(t) as epoch_us(t);
"""

_COLUMNS = (
    "event_id event_name event_at received_at anonymous_id user_id page_url"
    " utm_source utm_medium utm_campaign user_agent properties"
).split()


def _landed(landing: str) -> str:
    trimmed = ", ".join(f"nullif(trim(cast({c} as varchar)), '') as {c}" for c in _COLUMNS)
    return f"""
    create temp table landed as
    select {trimmed}, filename as landed_file
    from read_parquet('{landing}/events/*/*.parquet', filename = true)
    union all
    select {trimmed}, filename as landed_file
    from read_csv('{landing}/events/*/*.csv', all_varchar = true, header = true,
        filename = true)
    """


def _events() -> str:
    r = RULES
    return f"""
    create table events as
    with typed as (
        select *, parse_utc(event_at) as event_ts, parse_utc(received_at) as received_ts
        from landed
    ),
    firsts as (
        select * from typed
        where event_id is not null and event_name is not null and anonymous_id is not null
            and event_ts is not null and received_ts is not null
            and (properties is null or coalesce(json_type(
                case when json_valid(properties) then properties end) = 'OBJECT', false))
            and micros(event_ts) - micros(received_ts) <= {r["max_clock_skew_seconds"]} * 1e6
        qualify row_number() over (partition by event_id
            order by received_ts, landed_file, event_at, properties, page_url) = 1
    ),
    campaigns as (
        select *,
            coalesce(utm_source, url_param(page_url, 'utm_source')) as source,
            coalesce(utm_medium, url_param(page_url, 'utm_medium')) as medium,
            coalesce(utm_campaign, url_param(page_url, 'utm_campaign')) as campaign
        from firsts
        where micros(received_ts) - micros(event_ts) <= {r["late_arrival_seconds"]} * 1e6
    )
    select
        hash(anonymous_id) as device_key, anonymous_id, event_id, event_name,
        event_ts as event_at, user_id, user_agent, properties,
        coalesce(nullif(regexp_extract(page_url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)',
            1), ''), '/') as page_path,
        case when source is not null or medium is not null or campaign is not null then
            coalesce(source, '') || '|' || coalesce(medium, '') || '|' || coalesce(campaign, '')
        end as campaign_key
    from campaigns
    """


def _sessionized() -> str:
    r = RULES
    device = "partition by device_key order by event_at, event_id"
    return f"""
    create table sessionized as
    with ranked as (
        select device_key, event_id, event_at, event_name, campaign_key,
            row_number() over ({device}) as event_rank,
            lag(event_at) over ({device}) as previous_event_at
        from events
    ),
    visits as (
        select *,
            case when previous_event_at is null
                or micros(event_at) - micros(previous_event_at)
                    > {r["session_timeout_seconds"]} * 1e6 then 1 else 0 end as is_visit_start
        from ranked
    ),
    context as (
        select *,
            max(case when is_visit_start = 1 then event_rank end) over w_upto
                as visit_start_rank,
            last_value(case when campaign_key is not null then event_rank end ignore nulls)
                over w_before as previous_campaign_rank,
            last_value(campaign_key ignore nulls) over w_before as previous_campaign_key
        from visits
        window
            w_upto as (partition by device_key order by event_rank),
            w_before as (partition by device_key order by event_rank
                rows between unbounded preceding and 1 preceding)
    )
    select device_key, event_id, event_rank, event_at, event_name,
        sum(case when is_visit_start = 1 or (campaign_key is not null and (
                previous_campaign_rank is null or previous_campaign_rank < visit_start_rank
                or campaign_key != previous_campaign_key)) then 1 else 0 end)
            over (partition by device_key order by event_rank) as session_number
    from context
    """


def _sessions(seeds: str) -> str:
    r = RULES
    return f"""
    create table session_keys as
    with bot_agents as (
        select distinct agents.user_agent
        from (select distinct user_agent from events where user_agent is not null) as agents
        inner join read_csv('{seeds}/bot_user_agent_patterns.csv', all_varchar = true)
            as patterns on regexp_matches(agents.user_agent, '(?i)' || patterns.pattern)
    ),
    per_minute as (
        select device_key, session_number, max(events) as max_events_per_minute
        from (
            select device_key, session_number, count(*) as events
            from sessionized group by device_key, session_number, date_trunc('minute', event_at)
        ) group by all
    ),
    spans as (
        select sessionized.device_key, sessionized.session_number,
            min(sessionized.event_at) as started_at, max(sessionized.event_at) as ended_at,
            count(*) as events,
            count(*) filter (where sessionized.event_name = 'page_view') as page_views,
            arg_min(sessionized.event_id, sessionized.event_rank) as first_event_id,
            bool_or(bot_agents.user_agent is not null) as has_bot_user_agent
        from sessionized
        inner join events on sessionized.event_id = events.event_id
        left join bot_agents on events.user_agent = bot_agents.user_agent
        group by all
    )
    select row_number() over () as session_key, spans.*,
        (has_bot_user_agent
            or per_minute.max_events_per_minute > {r["bot_max_events_per_minute"]}
            or micros(ended_at) - micros(started_at) > {r["bot_max_session_seconds"]} * 1e6
        ) as is_bot
    from spans
    inner join per_minute using (device_key, session_number)
    """


_PERSONS = """
create table persons as
select device_key, any_value(anonymous_id) as anonymous_id,
    coalesce(arg_max(user_id, (event_at, event_id)) filter (where user_id is not null),
        any_value(anonymous_id)) as person_id
from events group by device_key
"""

_SESSIONS = """
create table sessions as
select md5(persons.anonymous_id || '|' || session_keys.first_event_id) as session_id,
    session_keys.session_key, persons.anonymous_id, persons.person_id,
    session_keys.session_number, session_keys.started_at, session_keys.ended_at,
    (micros(session_keys.ended_at) - micros(session_keys.started_at)) / 1e6 as duration_seconds,
    session_keys.page_views, session_keys.events, session_keys.is_bot
from session_keys
inner join persons on session_keys.device_key = persons.device_key
"""

# events of human sessions with their session key and positions (funnels and goals read them)
_HUMAN_EVENTS = """
create temp table human_events as
select sessionized.event_id, session_keys.session_key, sessionized.event_at,
    sessionized.event_name, events.page_path, events.properties,
    session_keys.started_at as session_started_at, persons.person_id,
    sessionized.event_rank - min(sessionized.event_rank) over session + 1 as event_number,
    case when sessionized.event_name = 'page_view' then count(*) filter (
        where sessionized.event_name = 'page_view') over (session order by sessionized.event_rank)
    end as page_view_number
from sessionized
inner join session_keys on sessionized.device_key = session_keys.device_key
    and sessionized.session_number = session_keys.session_number
inner join events on sessionized.event_id = events.event_id
inner join persons on sessionized.device_key = persons.device_key
where not session_keys.is_bot
window session as (partition by session_keys.session_key)
"""


def _goal_matches(seeds: str) -> str:
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


def _goal_hits(seeds: str) -> str:
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


def _credits() -> str:
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


def _funnel_occurrences(seeds: str) -> str:
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
_FUNNEL_JOURNEYS = """
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


def _funnel_level(level: int) -> str:
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


def _funnel_steps(levels: int) -> str:
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


def statements(landing: str, seeds: str, funnel_levels: int) -> list[tuple[str, str]]:
    """The reference's statements (name, SQL) on the landing and seeds folders.

    ``funnel_levels`` is the most steps a seed funnel has (the step search is unrolled).
    """
    return [
        ("macros", _MACROS),
        ("landed", _landed(landing)),
        ("events", _events()),
        ("sessionized", _sessionized()),
        ("session_keys", _sessions(seeds)),
        ("persons", _PERSONS),
        ("sessions", _SESSIONS),
        ("human_events", _HUMAN_EVENTS),
        ("goal_matches", _goal_matches(seeds)),
        ("goal_hits", _goal_hits(seeds)),
        ("credits", _credits()),
        ("occurrences", _funnel_occurrences(seeds)),
        ("journeys", _FUNNEL_JOURNEYS),
        *((f"funnel_level_{n}", _funnel_level(n)) for n in range(1, funnel_levels + 1)),
        ("funnel_steps", _funnel_steps(funnel_levels)),
    ]
