{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected') }}",
) }}

{#-
    One row per session (of one device), with its traffic source, GA4 default channel, bot flag
    and the person it belongs to: everything about a session except its conversions.
-#}

with sessions as (

    select * from {{ ref('int_sessions_aggregated') }}
    where {{ in_batch_keys(
        'anonymous_id', 'int_devices_affected',
        rebuilt_by_batch='int_sessions_aggregated',
    ) }}

),

traffic_sources as (

    select
        traffic_source_key,
        source,
        medium,
        campaign,
        source_category,
        channel
    from {{ ref('int_traffic_sources_classified') }}

),

devices as (

    select
        anonymous_id,
        person_id
    from {{ ref('int_devices_stitched') }}

),

final as (

    select
        sessions.session_id,
        sessions.anonymous_id,
        devices.person_id,
        sessions.session_number,
        sessions.started_at,
        sessions.ended_at,
        {{ to_reporting_date('sessions.started_at') }} as session_date,
        cast(sessions.duration_seconds as double) as duration_seconds,
        cast(sessions.page_views as bigint) as page_views,
        cast(sessions.events as bigint) as events,
        sessions.landing_page,
        sessions.exit_page,
        traffic_sources.source,
        traffic_sources.medium,
        traffic_sources.campaign,
        traffic_sources.source_category,
        traffic_sources.channel,
        sessions.referrer_host,
        sessions.device_category,
        sessions.country,
        sessions.is_bot,
        sessions.has_bot_user_agent,
        cast(sessions.max_events_per_minute as bigint) as max_events_per_minute,
        sessions.collector_engagement_seconds,
        sessions.collector_session_engaged,
        {{ build_stamp() }} as built_at
    from sessions
    inner join traffic_sources
        on sessions.traffic_source_key = traffic_sources.traffic_source_key
    inner join devices
        on sessions.anonymous_id = devices.anonymous_id

)

select * from final
