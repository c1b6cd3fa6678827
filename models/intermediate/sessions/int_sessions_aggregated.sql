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
        country,
        properties,
        engagement_time_msec,
        session_engaged
    from {{ ref('int_events_sessionized') }}
    where {{ in_batch_keys(
        'anonymous_id', 'int_devices_affected', rebuilt_by_batch='int_events_sessionized'
    ) }}
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

{# What the collector says of engagement: GA4's engagement_time_msec summed and its
    session_engaged; Snowplow's engaged time from page pings, per page view heartbeat x
    (distinct heartbeat buckets of its pings - 1) + the minimum visit length, summed. #}
collector_engagement as (

    select
        session_id,
        sum(engagement_time_msec) / 1000.0 as reported_seconds,
        max(case when session_engaged then 1 when not session_engaged then 0 end)
            as reported_engaged
    from sessionized
    where engagement_time_msec is not null or session_engaged is not null
    group by 1

),

page_ping_engagement as (

    select
        session_id,
        sum(page_view_seconds) as ping_seconds
    from (
        select
            session_id,
            {{ var('snowplow_heartbeat_seconds') }} * (
                count(distinct floor(
                    {{ epoch_microseconds('event_at') }}
                    / ({{ var('snowplow_heartbeat_seconds') }} * 1000000.0)
                )) - 1
            ) + {{ var('snowplow_min_visit_length_seconds') }} as page_view_seconds
        from sessionized
        where event_name = 'page_ping'
        group by
            session_id,
            coalesce({{ json_extract_text('properties', "'page_view_id'") }}, page_url)
    ) as page_views
    group by 1

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
        cast(case
            when collector_engagement.reported_seconds is not null
                or page_ping_engagement.ping_seconds is not null
                then
                    coalesce(collector_engagement.reported_seconds, 0)
                    + coalesce(page_ping_engagement.ping_seconds, 0)
        end as double) as collector_engagement_seconds,
        case collector_engagement.reported_engaged
            when 1 then true
            when 0 then false
        end as collector_session_engaged,
        (
            aggregated.has_bot_user_agent = 1
            or events_per_minute.max_events_per_minute > {{ var('bot_max_events_per_minute') }}
            or {{ seconds_between('aggregated.started_at', 'aggregated.ended_at') }}
            > {{ var('bot_max_session_hours') }} * 3600
        ) as is_bot,
        {{ build_stamp() }} as built_at
    from aggregated
    inner join auto_tagged
        on aggregated.session_id = auto_tagged.session_id
    inner join events_per_minute
        on aggregated.session_id = events_per_minute.session_id
    left join exit_pages
        on aggregated.session_id = exit_pages.session_id
    left join collector_engagement
        on aggregated.session_id = collector_engagement.session_id
    left join page_ping_engagement
        on aggregated.session_id = page_ping_engagement.session_id

)

select * from final
