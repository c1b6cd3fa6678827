{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}",
) }}

{#-
    One row per session (of one device), with its traffic source, GA4 default channel, person,
    bot flag, conversions (micro and macro goal hits, macro value) and engagement.
-#}

with sessions as (

    select * from {{ ref('int_sessions_classified') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}

),

goal_hits as (

    select
        session_id,
        sum(case when tier = 'micro' then 1 else 0 end) as micro_goal_hits,
        sum(case when tier = 'macro' then 1 else 0 end) as macro_goal_hits,
        sum(case when tier = 'macro' then coalesce(value, 0) else 0 end) as macro_value
    from {{ ref('int_goal_hits_counted') }}
    where {{ in_batch_keys('anonymous_id', 'int_devices_affected_for_goals') }}
    group by 1

),

final as (

    select
        sessions.session_id,
        sessions.anonymous_id,
        sessions.person_id,
        sessions.session_number,
        sessions.started_at,
        sessions.ended_at,
        sessions.session_date,
        sessions.duration_seconds,
        sessions.page_views,
        sessions.events,
        sessions.landing_page,
        sessions.exit_page,
        sessions.source,
        sessions.medium,
        sessions.campaign,
        sessions.source_category,
        sessions.channel,
        sessions.referrer_host,
        sessions.device_category,
        sessions.country,
        cast(coalesce(goal_hits.micro_goal_hits, 0) as bigint) as micro_goal_hits,
        cast(coalesce(goal_hits.macro_goal_hits, 0) as bigint) as macro_goal_hits,
        cast(coalesce(goal_hits.macro_value, 0) as double) as macro_value,
        coalesce(goal_hits.macro_goal_hits, 0) > 0 as has_macro_conversion,
        (
            sessions.duration_seconds >= {{ var('engaged_session_seconds') }}
            or sessions.page_views >= {{ var('engaged_session_page_views') }}
            or coalesce(goal_hits.macro_goal_hits, 0) > 0
        ) as is_engaged,
        sessions.collector_engagement_seconds,
        sessions.collector_session_engaged,
        sessions.is_bot,
        sessions.has_bot_user_agent,
        sessions.max_events_per_minute
    from sessions
    left join goal_hits
        on sessions.session_id = goal_hits.session_id

)

select * from final
