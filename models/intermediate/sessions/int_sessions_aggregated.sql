{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
    post_hook="{{ insert_other_build_buckets() }}",
) }}

{#-
    One row per session: its time span, counts, landing and exit pages, the raw traffic fields of
    its first event (classified in int_traffic_sources_classified) and its bot signals. Built in
    `build_buckets` statements of devices, like int_events_sessionized.
    auto_tag_type, the kind of the first event's click id (gclid, wbraid, gbraid, dclid, msclkid
    or fbclid; docs/rules.md, Traffic source): from the landed click_id first (`<kind>=<id>`, the
    kind in any case, a bare id being a gclid), else the first query parameter of page_url of
    one of those kinds with a non-empty value.
-#}

{#- A click id kind as a query parameter with a value: `?gclid=...`, `&fbclid=...`. -#}
{%- set url_click_id_pattern = '[?&](gclid|wbraid|gbraid|dclid|msclkid|fbclid)=[^&#]' %}

with sessionized as {{ inline_cte() }} (

    select
        session_id,
        anonymous_id,
        session_number,
        event_number,
        page_view_number,
        event_name,
        event_at,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        click_id,
        device_category,
        user_agent,
        country
    from {{ ref('int_events_sessionized') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected') }}
        and {{ in_build_bucket('anonymous_id') }}

),

bot_patterns as (

    select pattern from {{ ref('bot_user_agent_patterns') }}

),

bot_user_agents as (

    select distinct user_agents.user_agent
    from (
        select distinct user_agent from sessionized
        where user_agent is not null
    ) as user_agents
    inner join bot_patterns
        on {{ regex_matches('user_agents.user_agent', 'bot_patterns.pattern') }}

),

events_per_minute as (

    select
        session_id,
        max(minute_events) as max_events_per_minute
    from (
        select
            session_id,
            {{ dbt.date_trunc('minute', 'event_at') }} as event_minute,
            count(*) as minute_events
        from sessionized
        group by 1, 2
    ) as minutes
    group by 1

),

first_events as (

    select
        sessionized.session_id,
        sessionized.page_url as first_page_url,
        sessionized.referrer_host,
        sessionized.utm_source,
        sessionized.utm_medium,
        sessionized.utm_campaign,
        sessionized.click_id,
        case
            when sessionized.click_id like '%=%'
                then lower(regexp_extract(sessionized.click_id, '^([^=]*)=', 1))
            when sessionized.click_id <> '' then 'gclid'
        end as click_id_kind,
        sessionized.device_category,
        sessionized.country
    from sessionized
    where sessionized.event_number = 1

),

auto_tagged as (

    select
        *,
        case
            when click_id_kind in ('gclid', 'wbraid', 'gbraid', 'dclid', 'msclkid', 'fbclid')
                then click_id_kind
            else nullif(regexp_extract(first_page_url, '{{ url_click_id_pattern }}', 1), '')
        end as auto_tag_type
    from first_events

),

aggregated as (

    select
        sessionized.session_id,
        sessionized.anonymous_id,
        sessionized.session_number,
        min(sessionized.event_at) as started_at,
        max(sessionized.event_at) as ended_at,
        count(*) as events,
        sum(case when sessionized.event_name = 'page_view' then 1 else 0 end) as page_views,
        max(sessionized.page_view_number) as last_page_view_number,
        max(case when sessionized.event_number = 1 then sessionized.page_path end)
            as first_event_page,
        max(case when sessionized.page_view_number = 1 then sessionized.page_path end)
            as landing_page,
        max(
            case when bot_user_agents.user_agent is not null then 1 else 0 end
        ) as has_bot_user_agent
    from sessionized
    left join bot_user_agents
        on sessionized.user_agent = bot_user_agents.user_agent
    group by 1, 2, 3

),

exit_pages as (

    select
        sessionized.session_id,
        sessionized.page_path as exit_page
    from sessionized
    inner join aggregated
        on sessionized.session_id = aggregated.session_id
            and sessionized.page_view_number = aggregated.last_page_view_number

),

final as (

    select
        aggregated.session_id,
        aggregated.anonymous_id,
        aggregated.session_number,
        aggregated.started_at,
        aggregated.ended_at,
        {{ seconds_between('aggregated.started_at', 'aggregated.ended_at') }}
            as duration_seconds,
        aggregated.events,
        aggregated.page_views,
        coalesce(aggregated.landing_page, aggregated.first_event_page) as landing_page,
        coalesce(exit_pages.exit_page, aggregated.first_event_page) as exit_page,
        auto_tagged.first_page_url,
        auto_tagged.referrer_host,
        auto_tagged.utm_source,
        auto_tagged.utm_medium,
        auto_tagged.utm_campaign,
        auto_tagged.click_id,
        auto_tagged.auto_tag_type,
        {{ traffic_source_key('auto_tagged') }} as traffic_source_key,
        auto_tagged.device_category,
        auto_tagged.country,
        aggregated.has_bot_user_agent = 1 as has_bot_user_agent,
        events_per_minute.max_events_per_minute,
        (
            aggregated.has_bot_user_agent = 1
            or events_per_minute.max_events_per_minute > {{ var('bot_max_events_per_minute') }}
            or {{ seconds_between('aggregated.started_at', 'aggregated.ended_at') }}
            > {{ var('bot_max_session_hours') }} * 3600
        ) as is_bot
    from aggregated
    inner join auto_tagged
        on aggregated.session_id = auto_tagged.session_id
    inner join events_per_minute
        on aggregated.session_id = events_per_minute.session_id
    left join exit_pages
        on aggregated.session_id = exit_pages.session_id

)

select * from final
