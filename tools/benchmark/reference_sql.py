"""The SQL of the benchmark's hand-written reference (tools/benchmark/reference.py).

Statements run in order on a fresh DuckDB file. Written for speed: devices, sessions and persons
are integers inside (a 64-bit hash of the device, row numbers); the text ids the marts carry
(md5 hex) are computed once, in the output tables. Constants are the project's defaults
(dbt_project.yml vars); the seeds are read from their CSV files.
"""

from __future__ import annotations

from tools.benchmark.reference_conversions import (
    FUNNEL_JOURNEYS,
    credits,
    funnel_level,
    funnel_occurrences,
    funnel_steps,
    goal_hits,
    goal_matches,
)
from tools.benchmark.reference_rules import RULES

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
        ("goal_matches", goal_matches(seeds)),
        ("goal_hits", goal_hits(seeds)),
        ("credits", credits()),
        ("occurrences", funnel_occurrences(seeds)),
        ("journeys", FUNNEL_JOURNEYS),
        *((f"funnel_level_{n}", funnel_level(n)) for n in range(1, funnel_levels + 1)),
        ("funnel_steps", funnel_steps(funnel_levels)),
    ]
