{#-
    One row per session date x channel x source x medium x campaign: the additive counts the
    traffic quality marts divide. Bot sessions count in sessions and bot_sessions only; every
    other count is over human (non-bot) sessions. A session is new when it is its person's
    first session (over every device the person was stitched to), else returning.
-#}

with sessions as (

    select
        session_id,
        person_id,
        started_at,
        session_date,
        channel,
        source,
        medium,
        campaign,
        duration_seconds,
        page_views,
        collector_engagement_seconds,
        micro_goal_hits,
        macro_goal_hits,
        is_engaged,
        is_bot
    from {{ ref('fct_sessions') }}

),

sessions_numbered as (

    select
        *,
        row_number() over (
            partition by person_id
            order by started_at, session_id
        ) as person_session_number
    from sessions

),

human_counts as (

    select
        session_date,
        channel,
        source,
        medium,
        campaign,
        count(*) as sessions,
        sum(case when is_bot then 1 else 0 end) as bot_sessions,
        sum(case when is_bot then 0 else 1 end) as human_sessions,
        sum(case when not is_bot and is_engaged then 1 else 0 end) as engaged_sessions,
        sum(case when is_bot then 0 else page_views end) as page_views,
        sum(case when is_bot then 0.0 else duration_seconds end) as duration_seconds,
        sum(case when is_bot then null else collector_engagement_seconds end)
            as collector_engagement_seconds,
        sum(
            case when not is_bot and collector_engagement_seconds is not null then 1 else 0 end
        ) as collector_engaged_time_sessions,
        sum(case when not is_bot and micro_goal_hits > 0 then 1 else 0 end)
            as micro_conversion_sessions,
        sum(case when not is_bot and macro_goal_hits > 0 then 1 else 0 end)
            as macro_conversion_sessions,
        sum(case when not is_bot and person_session_number = 1 then 1 else 0 end)
            as new_sessions
    from sessions_numbered
    group by session_date, channel, source, medium, campaign

),

final as (

    select
        session_date,
        channel,
        source,
        medium,
        campaign,
        cast(sessions as bigint) as sessions,
        cast(bot_sessions as bigint) as bot_sessions,
        cast(human_sessions as bigint) as human_sessions,
        cast(engaged_sessions as bigint) as engaged_sessions,
        cast(page_views as bigint) as page_views,
        cast(duration_seconds as double) as duration_seconds,
        cast(collector_engagement_seconds as double) as collector_engagement_seconds,
        cast(collector_engaged_time_sessions as bigint) as collector_engaged_time_sessions,
        cast(micro_conversion_sessions as bigint) as micro_conversion_sessions,
        cast(macro_conversion_sessions as bigint) as macro_conversion_sessions,
        cast(new_sessions as bigint) as new_sessions
    from human_counts

)

select * from final
