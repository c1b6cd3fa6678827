{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
) }}

{#-
    One row per non-bot session: its reporting date, person and the segments of the capture-gap
    monitor: device category, browser family, operating system and country. Browser family and
    operating system come from the session's first event: the collector's own properties.browser
    and properties.operating_system when present (GA4), else the first rule of the seed
    user_agent_families whose pattern matches the user agent ((other) when none does, (not set)
    without a user agent). An incremental run rebuilds the sessions of the affected devices only
    (their sessions are the only ones that change); matching user agents against the patterns
    for every session of the history every day made this model grow with it
    (docs/performance.md, "History growth").
-#}

with sessions as (

    select
        session_id,
        anonymous_id,
        person_id,
        session_date,
        device_category,
        country
    from {{ ref('int_sessions_classified') }}
    where not is_bot and {{ in_batch_keys(
        'anonymous_id', 'int_devices_affected',
        rebuilt_by_batch='int_sessions_classified',
    ) }}

),

first_events as (

    select
        session_id,
        user_agent,
        nullif({{ json_extract_text('properties', "'browser'") }}, '') as collector_browser,
        nullif(
            {{ json_extract_text('properties', "'operating_system'") }}, ''
        ) as collector_operating_system
    from {{ ref('int_events_sessionized') }}
    where event_number = 1 and {{ in_batch_keys(
        'anonymous_id', 'int_devices_affected',
        rebuilt_by_batch='int_events_sessionized',
    ) }}

),

families as (

    select
        segment_type,
        rule_order,
        pattern,
        family
    from {{ ref('user_agent_families') }}

),

user_agents as (

    select distinct user_agent
    from first_events
    where user_agent is not null

),

user_agent_matches as (

    select
        user_agents.user_agent,
        families.segment_type,
        families.family,
        row_number() over (
            partition by user_agents.user_agent, families.segment_type
            order by families.rule_order
        ) as match_rank
    from user_agents
    inner join families
        on {{ regex_matches('user_agents.user_agent', 'families.pattern') }}

),

user_agent_families as (

    select
        user_agent,
        max(case when segment_type = 'browser_family' then family end) as browser_family,
        max(case when segment_type = 'operating_system' then family end) as operating_system
    from user_agent_matches
    where match_rank = 1
    group by 1

),

final as (

    select
        sessions.session_id,
        sessions.anonymous_id,
        sessions.person_id,
        sessions.session_date,
        coalesce(sessions.device_category, '(not set)') as device_category,
        coalesce(
            first_events.collector_browser,
            user_agent_families.browser_family,
            case when first_events.user_agent is not null then '(other)' end,
            '(not set)'
        ) as browser_family,
        coalesce(
            first_events.collector_operating_system,
            user_agent_families.operating_system,
            case when first_events.user_agent is not null then '(other)' end,
            '(not set)'
        ) as operating_system,
        coalesce(sessions.country, '(not set)') as country
    from sessions
    left join first_events
        on sessions.session_id = first_events.session_id
    left join user_agent_families
        on first_events.user_agent = user_agent_families.user_agent

)

select * from final
